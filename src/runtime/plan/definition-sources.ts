/**
 * The source text of each definition (as written, for the state table and
 * for showing what changed), keyed like the IR: names, and
 * `<source>-><destination>` for syncs. Falls back to the IR's compact print.
 */
import type { IrDefinition } from '../../ir/ir.js';
import { printDefinition } from '../../ir/print.js';
import type { Project } from '../../project/types.js';
import { parse } from '../../syntax/parse.js';

export interface DefinitionLocation {
  /** The definition as written (without its doc comment). */
  text: string;
  /** Absolute path of its .roster file. */
  file: string;
  /** 1-based line where it starts. */
  line: number;
}

/** Where each definition of the project's .roster files is written, by IR key. */
export function definitionLocations(project: Project): Map<string, DefinitionLocation> {
  const locations = new Map<string, DefinitionLocation>();
  for (const file of project.rosterFiles) {
    const parsed = parse(file.text, file.path);
    for (const d of parsed.program.definitions) {
      const key = d.kind === 'sync' ? `${d.source.name}->${d.destination.name}` : d.name?.name;
      if (key === undefined) continue;
      locations.set(key, {
        text: file.text.slice(d.range.start.offset, d.range.end.offset).trim(),
        file: file.path,
        line: d.range.start.line,
      });
    }
  }
  return locations;
}

export function definitionSources(
  project: Project,
  definitions: readonly IrDefinition[],
): Map<string, string> {
  const locations = definitionLocations(project);
  const out = new Map<string, string>();
  for (const d of definitions) out.set(d.name, locations.get(d.name)?.text ?? printDefinition(d));
  return out;
}
