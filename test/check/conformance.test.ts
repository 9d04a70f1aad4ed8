/**
 * The shared conformance suite is a roster project: it must check clean as a
 * whole, and every case's `program:` must check clean against its schema.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkProject, checkTestProgram } from '../../src/check/check-project.js';
import { loadProject } from '../../src/project/load-project.js';
import { loadTestFile } from '../../src/project/test-file.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = path.resolve(repoRoot, '../shared');
const conformance = path.join(shared, 'conformance');

if (!existsSync(conformance)) {
  throw new Error(
    `the shared conformance suite is missing: expected it at ${conformance} (a sibling of the repository)`,
  );
}

const loaded = await loadProject(conformance);

describe('conformance suite', () => {
  it('loads and checks clean as a project', () => {
    expect(loaded.diagnostics).toEqual([]);
    const result = checkProject(loaded.project!);
    expect(result.diagnostics).toEqual([]);
    expect(result.ir).toBeDefined();
    // The suite has no *.roster files: every definition comes from a test program.
    expect(result.definitions).toBeGreaterThan(100);
  });

  const files = loaded.project?.testFiles ?? [];
  it('has cases', () => expect(files.length).toBeGreaterThanOrEqual(30));

  it.each(files.map((f) => [path.basename(f.path), f] as const))(
    '%s: program checks clean',
    (_name, file) => {
      const project = loaded.project!;
      const test = loadTestFile(file, { schema: project.schema });
      expect(test.diagnostics).toEqual([]);
      const program = test.testCase!.program!;
      expect(program).toBeDefined();
      const scope = test.testCase!.config.events?.scope ?? project.config.events.scope;
      const result = checkTestProgram(file, program, project.schema, {
        ...project.config,
        events: { scope },
      });
      expect(result.diagnostics).toEqual([]);
      expect(result.ir?.definitions.length).toBeGreaterThan(0);
    },
  );
});
