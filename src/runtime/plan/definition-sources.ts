/**
 * The source text of each definition (as written, for the state table and
 * for showing what changed), keyed like the IR: names, and
 * `<source>-><destination>` for syncs. Falls back to the IR's compact print.
 */
import type { IrDefinition } from '../../ir/ir.js';
import { printDefinition } from '../../ir/print.js';
import type { Project } from '../../project/types.js';
import { parse } from '../../syntax/parse.js';

export function definitionSources(
  project: Project,
  definitions: readonly IrDefinition[],
): Map<string, string> {
  const texts = new Map<string, string>();
  for (const file of project.rosterFiles) {
    const parsed = parse(file.text, file.path);
    for (const d of parsed.program.definitions) {
      const key = d.kind === 'sync' ? `${d.source.name}->${d.destination.name}` : d.name?.name;
      if (key === undefined) continue;
      texts.set(key, file.text.slice(d.range.start.offset, d.range.end.offset).trim());
    }
  }
  const out = new Map<string, string>();
  for (const d of definitions) out.set(d.name, texts.get(d.name) ?? printDefinition(d));
  return out;
}
