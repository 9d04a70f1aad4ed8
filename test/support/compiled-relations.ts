/**
 * Where a compiled project puts what, for tests that look at SQL output
 * (`roster compile`, the docs site): relation names and the statements that
 * create them come from the compiled project's metadata (`relations`,
 * each definition's `result` and `needs`), never from searching SQL text for a
 * name the test spells itself (issue 13).
 */
import { checkProject } from '../../src/check/index.js';
import { loadProject } from '../../src/project/index.js';
import { sqlStage, type CompiledProject } from '../../src/sql/index.js';

/** The project in `dir` compiled for its default target, as `roster compile --now now` would. */
export async function compiledProjectAt(dir: string, now: string): Promise<CompiledProject> {
  const { project, diagnostics } = await loadProject(dir);
  if (!project) throw new Error(`${dir} does not load: ${JSON.stringify(diagnostics)}`);
  const checked = checkProject(project);
  if (!checked.ir) throw new Error(`${dir} does not check: ${JSON.stringify(checked.diagnostics)}`);
  const target = project.config.targets[project.config.defaultTarget];
  if (!target) throw new Error(`${dir} has no default target`);
  const result = sqlStage.compile(checked.ir, {
    dialect: target.dialect,
    now,
    sources: project.config.sources,
  });
  if (!result.ok) throw new Error(`${dir} does not compile: ${JSON.stringify(result.diagnostics)}`);
  return result.compiled;
}

/** The relation holding definition `name`'s result, as SQL writes it. */
export function resultRelation(compiled: CompiledProject, name: string): string {
  const definition = compiled.definitions.find((d) => d.name === name);
  if (!definition) throw new Error(`no definition ${name}`);
  return definition.result.sql;
}

/** The setup statements creating `relation` (as SQL writes it), from the definitions' `needs`. */
export function creatingStatements(compiled: CompiledProject, relation: string): readonly string[] {
  for (const d of compiled.definitions) {
    const need = d.needs.find((n) => n.relation === relation);
    if (need) return need.statements;
  }
  throw new Error(`no definition needs ${relation}`);
}
