/**
 * A compiled project as readable SQL scripts. `compiledScript` (`roster
 * compile --out` writes it as run.sql): the setup statements, then each
 * definition's result query, then teardown, each statement ending with `;`.
 * `definitionScripts` (what `roster compile` prints): per definition, the
 * setup relations it is the first to need, then its result query — each
 * relation written once and read by name afterwards, so the output grows
 * with the number of relations, not with the length of chains of audiences
 * reading audiences (issue 11.9).
 */
import type { CompiledDefinition, CompiledProject } from './compiled.js';
import { sqlComment } from './relation.js';

export function compiledScript(compiled: CompiledProject): string {
  const parts = [
    sqlComment([`roster: ${compiled.dialect} script for now = ${compiled.now}`]),
    ...compiled.setup.map((s) => `${s};`),
    ...compiled.definitions.map((d) => `${definitionHeader(d)}\n${d.resultQuery};`),
    ...compiled.teardown.map((s) => `${s};`),
  ];
  return `${parts.join('\n\n')}\n`;
}

/** The comment naming a definition (and carrying its doc comment). */
function definitionHeader(d: CompiledDefinition): string {
  return sqlComment([`${d.kind} ${d.name} (${d.entity})`, ...(d.doc ? d.doc.split('\n') : [])]);
}

/**
 * One script per definition, in the compiled order; run one after another (in
 * one session) they compute every definition. Each creates the relations no
 * earlier one created and names, in a comment, those it reads from earlier ones.
 */
export function definitionScripts(
  compiled: CompiledProject,
): Array<{ name: string; script: string }> {
  return definitionParts(compiled).map(({ name, script }) => ({ name, script }));
}

/**
 * `definitionScripts`, with what each script reads from earlier ones: the
 * relation (as written in SQL) and the definition whose script creates it
 * (the docs site links to it instead of inlining it, issue 11.9).
 */
export function definitionParts(
  compiled: CompiledProject,
): Array<{ name: string; script: string; reads: Array<{ relation: string; by: string }> }> {
  const createdBy = new Map<string, string>();
  return compiled.definitions.map((d) => {
    const fresh = d.needs.filter((n) => !createdBy.has(n.relation));
    // Only what this script reads directly: the transitive list grows with a chain's length.
    const earlier = [...new Set([...fresh.flatMap((n) => n.reads), ...d.reads])].filter((r) =>
      createdBy.has(r),
    );
    const reads = earlier.map((relation) => ({ relation, by: createdBy.get(relation)! }));
    for (const n of fresh) createdBy.set(n.relation, d.name);
    const parts = [
      definitionHeader(d) +
        (earlier.length > 0
          ? `\n${sqlComment([`reads what earlier definitions create: ${earlier.join(', ')}`])}`
          : ''),
      ...fresh.flatMap((n) => n.statements.map((s) => `${s};`)),
      `${d.resultQuery};`,
    ];
    return { name: d.name, script: `${parts.join('\n\n')}\n`, reads };
  });
}
