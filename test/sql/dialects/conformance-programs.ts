/**
 * Every conformance case's program, checked and compiled for every dialect
 * (json layout, the case's own `now`), for the snapshot, dialect-diff and
 * parser tests. Compiling needs no connection and no driver.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTestProgram } from '../../../src/check/check-project.js';
import type { DialectName } from '../../../src/project/types.js';
import { loadProject } from '../../../src/project/load-project.js';
import { loadTestFile } from '../../../src/project/test-file.js';
import { compileProject } from '../../../src/sql/compile-project.js';
import type { CompiledProject } from '../../../src/sql/compiled.js';
import { jsonSources } from '../support/ir.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const conformanceDir = path.resolve(repoRoot, '../shared/conformance');
export const ALL_DIALECTS = [
  'duckdb',
  'postgres',
  'snowflake',
  'bigquery',
  'redshift',
] as const satisfies readonly DialectName[];
export const WAREHOUSES = [
  'snowflake',
  'bigquery',
  'redshift',
] as const satisfies readonly DialectName[];

export interface CompiledCase {
  /** The case file name without `.test.yml`. */
  name: string;
  byDialect: Record<DialectName, CompiledProject>;
}

export async function compileConformance(): Promise<CompiledCase[]> {
  if (!existsSync(conformanceDir))
    throw new Error(`the shared conformance suite is missing at ${conformanceDir}`);
  const loaded = await loadProject(conformanceDir);
  const project = loaded.project;
  if (!project) throw new Error('the conformance project did not load');
  const cases: CompiledCase[] = [];
  for (const file of project.testFiles) {
    const test = loadTestFile(file, { schema: project.schema });
    const testCase = test.testCase;
    if (!testCase?.program) continue;
    const scope = testCase.config.events?.scope ?? project.config.events.scope;
    const checked = checkTestProgram(file, testCase.program, project.schema, {
      ...project.config,
      events: { scope },
    });
    if (!checked.ir) throw new Error(`${file.path}: the program does not check`);
    const ir = checked.ir;
    const byDialect = Object.fromEntries(
      ALL_DIALECTS.map((dialect) => [
        dialect,
        compileProject(ir, { dialect, now: testCase.now, sources: jsonSources() }),
      ]),
    ) as Record<DialectName, CompiledProject>;
    cases.push({ name: path.basename(file.path).replace(/\.test\.yml$/, ''), byDialect });
  }
  return cases.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Every statement a run would send, plus each definition's standalone query (`roster compile`). */
export function statementsOf(compiled: CompiledProject): string[] {
  return [
    ...compiled.setup,
    ...compiled.definitions.flatMap((d) => [d.resultQuery, d.standaloneSql]),
    ...compiled.teardown,
  ];
}
