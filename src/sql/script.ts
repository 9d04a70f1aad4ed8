/**
 * A compiled project as one readable SQL script (`roster compile --out`
 * writes it as run.sql): the setup statements, then each definition's result
 * query, then teardown, each statement ending with `;`.
 */
import type { CompiledProject } from './compiled.js';
import { sqlComment } from './relation.js';

export function compiledScript(compiled: CompiledProject): string {
  const parts = [
    sqlComment([`roster: ${compiled.dialect} script for now = ${compiled.now}`]),
    ...compiled.setup.map((s) => `${s};`),
    ...compiled.definitions.map(
      (d) =>
        `${sqlComment([`${d.kind} ${d.name} (${d.entity})`, ...(d.doc ? d.doc.split('\n') : [])])}\n${d.resultQuery};`,
    ),
    ...compiled.teardown.map((s) => `${s};`),
  ];
  return `${parts.join('\n\n')}\n`;
}
