/**
 * `--select`: which definitions a plan covers (dbt's node selection, reduced
 * to what roster has). `NAME` selects an audience or trait and the syncs of
 * it, or a sync by its `source->destination` name (and its source);
 * `state:modified` selects what differs from the applied state. Without
 * `--select`, everything is planned, and definitions and syncs that were
 * removed from the project are removed from the state.
 */
import { error } from '../../diagnostics/diagnostic.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import type { IrDefinition, IrProject } from '../../ir/ir.js';

export interface Selection {
  /** Audience and trait names whose results are recorded. */
  definitions: Set<string>;
  /** Sync names planned and delivered. */
  syncs: Set<string>;
  /** True when `--select` was not given. */
  all: boolean;
}

export function selectDefinitions(
  ir: IrProject,
  patterns: readonly string[] | undefined,
  modified: (definition: IrDefinition) => boolean,
): { selection?: Selection; diagnostics: Diagnostic[] } {
  const definitions = new Set<string>();
  const syncs = new Set<string>();
  const all = !patterns || patterns.length === 0;
  const diagnostics: Diagnostic[] = [];
  const add = (d: IrDefinition): void => {
    if (d.kind === 'sync') {
      syncs.add(d.name);
      definitions.add(d.source);
    } else {
      definitions.add(d.name);
      for (const s of ir.definitions)
        if (s.kind === 'sync' && s.source === d.name) syncs.add(s.name);
    }
  };
  if (all) {
    ir.definitions.forEach(add);
    return { selection: { definitions, syncs, all }, diagnostics };
  }
  for (const pattern of patterns) {
    if (pattern === 'state:modified') {
      ir.definitions.filter(modified).forEach(add);
      continue;
    }
    if (pattern.startsWith('tag:')) {
      diagnostics.push(
        error(
          'plan-select-unsupported',
          `\`--select ${pattern}\`: roster definitions have no tags yet`,
          undefined,
          ['select by name (`--select at_risk`) or `--select state:modified`'],
        ),
      );
      continue;
    }
    const wanted = pattern.replace(/\s+to\s+/, '->');
    const found = ir.definitions.find((d) => d.name === wanted);
    if (found) {
      add(found);
      continue;
    }
    diagnostics.push(
      error(
        'plan-select-unknown',
        `\`--select ${pattern}\` matches no audience, trait or sync of the project`,
        undefined,
        didYouMean(
          wanted,
          ir.definitions.map((d) => d.name),
        ),
      ),
    );
  }
  return diagnostics.length > 0
    ? { diagnostics }
    : { selection: { definitions, syncs, all }, diagnostics };
}
