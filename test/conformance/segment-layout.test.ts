/**
 * The shared conformance suite against `sources.layout: segment`: each case's
 * data set is written as the tables Segment's warehouse connector would hold
 * (per-event tables with snake_case property columns, `tracks`, `pages`,
 * `screens`, `users`, `groups` — `loadSegmentFixtures`), compiled with the
 * segment layout's default mapping, and must meet the case's unchanged
 * expectations, on DuckDB and on PostgreSQL: one vitest test per case per engine.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkTestProgram } from '../../src/check/index.js';
import { loadProject } from '../../src/project/load-project.js';
import { buildSources } from '../../src/project/sources.js';
import { loadTestFile } from '../../src/project/test-file.js';
import type { Project } from '../../src/project/types.js';
import { evaluate } from '../../src/runtime/evaluate.js';
import { tryCompileProject } from '../../src/sql/compile-project.js';
import { compareExpectations, type DefinitionInfo } from '../../src/testing/compare.js';
import { loadSegmentFixtures } from '../../src/testing/load-segment-fixtures.js';
import { openTestWarehouse } from '../../src/testing/test-warehouse.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const suite = path.resolve(repoRoot, '../shared/conformance');
const casesDir = path.join(suite, 'cases');
const cases = existsSync(casesDir)
  ? readdirSync(casesDir)
      .filter((f) => f.endsWith('.test.yml'))
      .sort()
  : [];

let project: Project;
beforeAll(async () => {
  const loaded = await loadProject(suite);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  project = loaded.project as Project;
});

it('finds the shared conformance suite', () => {
  expect(cases.length).toBeGreaterThan(0);
});

describe.each([
  { engine: 'duckdb', target: 'dev' },
  { engine: 'postgres', target: 'pg' },
])('conformance in the segment layout on $engine', ({ target }) => {
  it.each(cases)('%s', async (name) => {
    const file = project.testFiles.find((f) => path.basename(f.path) === name);
    if (!file) throw new Error(`${name} is not a test file of the suite`);
    const loaded = loadTestFile(file, { schema: project.schema });
    const testCase = loaded.testCase;
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    if (!testCase?.program) throw new Error(`${name}: every conformance case has its own program`);
    const config = project.config;
    const checked = checkTestProgram(file, testCase.program, project.schema, {
      ...config,
      events: { scope: testCase.config.events?.scope ?? config.events.scope },
    });
    if (!checked.ir) throw new Error(JSON.stringify(checked.diagnostics, null, 2));

    const opened = await openTestWarehouse(config.targets[target]!, process.env);
    if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostics, null, 2));
    const db = opened.value;
    try {
      const compiled = tryCompileProject(checked.ir, {
        dialect: db.dialect.name,
        now: testCase.now,
        sources: buildSources('segment', {}, db.schema),
      });
      if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics, null, 2));
      await loadSegmentFixtures(db.warehouse, db.dialect, project.schema, testCase.data, db.schema);
      const result = await evaluate(db.warehouse, compiled.compiled);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const known = new Map<string, DefinitionInfo>(
        compiled.compiled.definitions.map((d) => [
          d.name,
          { kind: d.kind, ...(d.type ? { type: d.type } : {}) },
        ]),
      );
      const failures = compareExpectations(testCase.expect, result, known);
      expect(failures.map(({ range: _range, ...f }) => f)).toEqual([]);
    } finally {
      await db.dispose();
    }
  });
});
