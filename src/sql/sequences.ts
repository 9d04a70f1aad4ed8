/**
 * Sequences (LANGUAGE.md §12.2) in one ordered pass per user (or per (user,
 * account) under `group_context` in a quantifier, §9) over the staged events
 * the steps need — never a self-join, which grows with the square of a
 * user's events.
 *
 * For step i, an event can *end* the steps 1..i when it matches step i and
 * some earlier event (strictly, in event order) ends steps 1..i-1 no longer
 * than step i's `within` before it. The latest such earlier event is the
 * best candidate (timestamps grow with event order, so it has the smallest
 * gap), so one window function per step carries it:
 * `p_i = max(ts of events ending steps 1..i-1) over the preceding rows`.
 * The sequence holds when some event ends every step.
 */
import type { IrSequenceStep, IrTimeUnit } from '../ir/ir.js';
import type { Dialect } from './dialect.js';
import { indent } from './relation.js';

const UNIT_MS: Record<IrTimeUnit, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

export interface SequenceSource {
  /** FROM items of one event stage (alias `e`), joined to memberships (alias `m`) per account. */
  from: string;
  /** Per step: its condition on `e` when the step reads this source, else undefined. */
  matches: Array<string | undefined>;
}

export interface SequenceQuery {
  dialect: Dialect;
  steps: readonly IrSequenceStep[];
  sources: readonly SequenceSource[];
  /** `e.user_id`, plus `m.account_id` per account: the partition, and the output columns. */
  keys: ReadonlyArray<readonly [string, string]>;
  q: (name: string) => string;
}

/** The keys of every entity for which the sequence holds, one row each. */
export function sequenceQuery({ dialect, steps, sources, keys, q }: SequenceQuery): string {
  const step = (i: number) => q(`c${i + 1}`);
  const previous = (i: number) => q(`p${i + 1}`);
  const base = sources.map((source) => {
    const columns = [
      ...keys.map(([name, expr]) => `${expr} AS ${q(name)}`),
      'e.ts',
      // Event order (§5): timestamp, then a missing message id first, then the id by code point.
      `CASE WHEN e.message_id IS NULL THEN 0 ELSE 1 END AS ${q('k')}`,
      `e.message_id AS ${q('mid')}`,
      ...source.matches.map((m, i) => `${m === undefined ? 'FALSE' : `(${m})`} AS ${step(i)}`),
    ];
    const any = source.matches.filter((m) => m !== undefined).map((m) => `(${m})`);
    return `SELECT\n  ${columns.join(',\n  ')}\nFROM ${source.from}\nWHERE ${any.join(' OR ')}`;
  });
  const partition = keys.map(([name]) => `x.${q(name)}`).join(', ');
  const order = `x.ts, x.${q('k')}, ${dialect.exactText?.(`x.${q('mid')}`) ?? dialect.codePointOrder(`x.${q('mid')}`)}`;
  // Whether the row (alias x) ends steps 1..i.
  const ends = (i: number): string => {
    if (i === 0) return `x.${step(0)}`;
    const within = steps[i]!.within;
    const gap = within
      ? ` AND x.ts <= ${dialect.plusMilliseconds(`x.${previous(i)}`, Math.round(within.amount * UNIT_MS[within.unit]))}`
      : '';
    return `x.${step(i)} AND x.${previous(i)} IS NOT NULL${gap}`;
  };
  let query = base.join('\nUNION ALL\n');
  for (let i = 1; i < steps.length; i++) {
    query = [
      `SELECT x.*, max(CASE WHEN ${ends(i - 1)} THEN x.ts END) OVER (`,
      `  PARTITION BY ${partition} ORDER BY ${order}`,
      `  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS ${previous(i)}`,
      `FROM (\n${indent(query)}\n) AS x`,
    ].join('\n');
  }
  return [
    `SELECT DISTINCT ${keys.map(([name]) => `x.${q(name)}`).join(', ')}`,
    `FROM (\n${indent(query)}\n) AS x`,
    `WHERE ${ends(steps.length - 1)}`,
  ].join('\n');
}
