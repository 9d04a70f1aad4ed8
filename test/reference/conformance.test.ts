/**
 * Every conformance case (shared/conformance/cases/*.test.yml) through the
 * real loader and checker and the reference evaluator, compared with the
 * case's `expect`. This checks the oracle against the spec's own examples,
 * so it can then be trusted to judge the SQL compiler.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import type { SourceFile } from '../../src/diagnostics/source.js';
import { applyTestConfig, loadProject, loadTestFile } from '../../src/project/index.js';
import type { Project } from '../../src/project/index.js';
import type { ReferenceValue } from '../../src/reference/data.js';
import { evaluateReference } from '../../src/reference/evaluate.js';
import { referenceDataFromTestData } from '../../src/reference/from-test-data.js';
import { mismatches } from './expectations.js';
import { conformanceV2Dir, V2_CASES } from '../conformance/v2-cases.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const conformance = path.resolve(repoRoot, '../shared/conformance');
const casesDir = path.join(conformance, 'cases');
if (!existsSync(casesDir)) {
  throw new Error(
    `conformance cases not found at ${casesDir}: the reference evaluator is checked against them`,
  );
}
const cases = readdirSync(casesDir)
  .filter((f) => f.endsWith('.test.yml'))
  .sort();

describe('reference evaluator on the conformance cases', () => {
  let project: Project;
  beforeAll(async () => {
    const loaded = await loadProject(conformance);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    project = loaded.project as Project;
  });

  it('finds the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(32);
  });

  it.each(cases)('%s', (name) => {
    checkCase(project, name);
  });
});

describe('reference evaluator on the language-v2 conformance cases', () => {
  let project: Project;
  beforeAll(async () => {
    const loaded = await loadProject(conformanceV2Dir);
    expect(loaded.project).toBeDefined();
    project = loaded.project as Project;
  });

  it.each(V2_CASES)('%s', (name) => {
    checkCase(project, `${name}.test.yml`);
  });
});

/**
 * The regression cases (test/regressions/cases) are checked by hand against
 * LANGUAGE.md and run on the engines by test/regressions; the reference must
 * agree with them too, or the differential campaigns judge the SQL wrongly.
 */
describe('reference evaluator on the regression cases', () => {
  const regressions = path.join(repoRoot, 'test/regressions');
  const names = readdirSync(path.join(regressions, 'cases'))
    .filter((f) => f.endsWith('.test.yml'))
    .sort();
  let project: Project;
  beforeAll(async () => {
    const loaded = await loadProject(regressions);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    project = loaded.project as Project;
  });

  it.each(names)('%s', (name) => {
    checkCase(project, name);
  });
});

/** Checks the case file `name` of `project` and compares the reference's result with its `expect`. */
function checkCase(project: Project, name: string): void {
  const file = project.testFiles.find((f) => path.basename(f.path) === name) as SourceFile;
  expect(file, `${name} is not discovered by the project`).toBeDefined();
  const loaded = loadTestFile(file, { schema: project.schema });
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const testCase = loaded.testCase!;
  expect(testCase.program, `${name} has no program`).toBeDefined();
  const config = applyTestConfig(project.config, testCase.config);
  const checked = checkSource(testCase.program!.text, file.path, project.schema, config, {
    warnUnused: false,
  });
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(checked.ir).toBeDefined();

  // SQL traits are the one thing the reference evaluator does not interpret
  // (README.md): their values come from the case's own expectations, so for
  // them this checks only how audiences use the values (case 31).
  const sqlTraitValues: Record<string, Map<string, ReferenceValue>> = {};
  for (const def of checked.ir!.definitions) {
    if (def.kind !== 'sql-trait') continue;
    const given = testCase.expect.traits.find((t) => t.name === def.name);
    sqlTraitValues[def.name] = new Map(
      Object.entries(given?.values ?? {}) as Array<[string, ReferenceValue]>,
    );
  }

  const result = evaluateReference(
    checked.ir!,
    referenceDataFromTestData(testCase.data),
    testCase.now,
    {
      sqlTraitValues,
    },
  );
  expect(mismatches(checked.ir!, result, testCase.expect)).toEqual([]);
}
