/**
 * Every conformance case's program, checked and compiled for every dialect
 * (json layout, the case's own `now`), for the snapshot, dialect-diff and
 * parser tests. Compiling needs no connection and no driver.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTestProgram } from '../../../src/check/check-project.js';
import type { DialectName, Project } from '../../../src/project/types.js';
import { loadProject } from '../../../src/project/load-project.js';
import { DIALECT_NAMES } from '../../../src/project/warehouses.js';
import { loadTestFile } from '../../../src/project/test-file.js';
import { compileProject } from '../../../src/sql/compile-project.js';
import type { CompiledProject } from '../../../src/sql/compiled.js';
import { jsonSources } from '../support/ir.js';
import { conformanceV2Dir } from '../../conformance/v2-cases.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const conformanceDir = path.resolve(repoRoot, '../shared/conformance');
/** Every warehouse of the registry: a new one gets its reviewed scripts here. */
export const ALL_DIALECTS: readonly DialectName[] = DIALECT_NAMES;
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

/**
 * The conformance projects and the case files of each to compile: every case of
 * the first suite and of the language-v2 suite.
 */
export async function conformanceTestFiles(): Promise<
  Array<{ project: Project; files: Project['testFiles'] }>
> {
  if (!existsSync(conformanceDir))
    throw new Error(`the shared conformance suite is missing at ${conformanceDir}`);
  const projects: Array<{ project: Project; files: Project['testFiles'] }> = [];
  for (const dir of [conformanceDir, conformanceV2Dir]) {
    const project = (await loadProject(dir)).project;
    if (!project) throw new Error(`the conformance project at ${dir} did not load`);
    projects.push({ project, files: project.testFiles });
  }
  return projects;
}

const caseName = (file: string): string => path.basename(file).replace(/\.test\.yml$/, '');

export async function compileConformance(): Promise<CompiledCase[]> {
  const cases: CompiledCase[] = [];
  for (const { project, files } of await conformanceTestFiles())
    cases.push(...compileCases(project, files));
  return cases.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function compileCases(project: Project, files: Project['testFiles']): CompiledCase[] {
  const cases: CompiledCase[] = [];
  for (const file of files) {
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
    cases.push({ name: caseName(file.path), byDialect });
  }
  return cases;
}

/** Every statement a run would send, plus each definition's standalone query (`roster compile`). */
export function statementsOf(compiled: CompiledProject): string[] {
  return [
    ...compiled.setup,
    ...compiled.definitions.flatMap((d) => [d.resultQuery, d.standaloneSql]),
    ...compiled.teardown,
  ];
}
