/**
 * `--select`: which definitions a plan covers (dbt's node selection, reduced
 * to what roster has). `NAME` selects an audience or trait and the syncs of
 * it, or a sync by its `source->destination` name (and its source);
 * `state:modified` selects every definition whose meaning differs from the
 * applied state — its own text or anything it reads, transitively (the
 * hashes compared are transitive, see definition-hash.ts). dbt's graph
 * operators widen any of these: `NAME+` adds everything that reads NAME,
 * directly or not (descendants), `+NAME` everything NAME reads (ancestors),
 * and `2+NAME` / `NAME+1` stop after that many steps. Without `--select`,
 * everything is planned, and definitions and syncs that were removed from
 * the project are removed from the state.
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
  // Indexed once: a scan of every definition per definition costs N² on large projects.
  const syncsOf = new Map<string, string[]>();
  for (const s of ir.definitions) {
    if (s.kind !== 'sync') continue;
    const list = syncsOf.get(s.source);
    if (list) list.push(s.name);
    else syncsOf.set(s.source, [s.name]);
  }
  const add = (d: IrDefinition): void => {
    if (d.kind === 'sync') {
      syncs.add(d.name);
      definitions.add(d.source);
    } else {
      definitions.add(d.name);
      for (const s of syncsOf.get(d.name) ?? []) syncs.add(s);
    }
  };
  if (all) {
    ir.definitions.forEach(add);
    return { selection: { definitions, syncs, all }, diagnostics };
  }
  const byName = new Map(ir.definitions.map((d) => [d.name, d]));
  const readers = new Map<string, IrDefinition[]>();
  for (const d of ir.definitions) {
    for (const dep of d.dependsOn) {
      const list = readers.get(dep);
      if (list) list.push(d);
      else readers.set(dep, [d]);
    }
  }
  /** `start` and what is `steps` edges away from it, upstream or downstream. */
  const walk = (start: IrDefinition[], direction: 'up' | 'down', steps: number): IrDefinition[] => {
    const seen = new Map(start.map((d) => [d.name, d]));
    let frontier = start;
    for (let step = 0; step < steps && frontier.length > 0; step++) {
      const next: IrDefinition[] = [];
      for (const d of frontier) {
        const neighbours =
          direction === 'down'
            ? (readers.get(d.name) ?? [])
            : d.dependsOn.flatMap((n) => byName.get(n) ?? []);
        for (const n of neighbours) {
          if (seen.has(n.name)) continue;
          seen.set(n.name, n);
          next.push(n);
        }
      }
      frontier = next;
    }
    return [...seen.values()];
  };
  for (const raw of patterns) {
    const operators = /^(?:(\d*)\+)?(.*?)(?:\+(\d*))?$/.exec(raw.trim())!;
    const [, up, pattern = '', down] = operators;
    const steps = (digits: string | undefined): number =>
      digits === undefined ? 0 : digits === '' ? Infinity : Number(digits);
    const widen = (start: IrDefinition[]): void => {
      walk(start, 'up', steps(up)).forEach(add);
      walk(start, 'down', steps(down)).forEach(add);
    };
    if (pattern === 'state:modified') {
      widen(ir.definitions.filter(modified));
      continue;
    }
    if (pattern.startsWith('tag:')) {
      diagnostics.push(
        error(
          'plan-select-unsupported',
          `\`--select ${raw}\`: roster definitions have no tags yet`,
          undefined,
          [
            'select by name (`--select at_risk`), with its dependents (`at_risk+`) or what it reads (`+at_risk`), or `--select state:modified`',
          ],
        ),
      );
      continue;
    }
    const wanted = pattern.replace(/\s+to\s+/, '->');
    const found = byName.get(wanted);
    if (found) {
      widen([found]);
      continue;
    }
    diagnostics.push(
      error(
        'plan-select-unknown',
        `\`--select ${raw}\` matches no audience, trait or sync of the project`,
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
