/**
 * The source text of each definition (as written, for the state table and
 * for showing what changed), keyed like the IR: names, and
 * `<source>-><destination>` for syncs. The checker records the text in the IR
 * (`origin`); definitions not read from a file fall back to the IR's compact print.
 */
import type { IrDefinition } from '../../ir/ir.js';
import { printDefinition } from '../../ir/print.js';

export function definitionSources(definitions: readonly IrDefinition[]): Map<string, string> {
  return new Map(definitions.map((d) => [d.name, d.origin?.text ?? printDefinition(d)]));
}
