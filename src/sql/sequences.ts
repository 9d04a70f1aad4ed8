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
 *
 * Three things keep the pass small (the scale benchmark's 3-step sequence
 * over the most frequent events spent most of its time sorting):
 * - every step's events are read from the first step's lower bound on, as
 *   a later step's event never precedes the first step's;
 * - the first window also numbers the rows in event order, and the later
 *   windows order by that number instead of (timestamp, message id);
 * - before the window of step i+1, only the rows that end steps 1..i or
 *   match a later step stay: no other row can change what follows.
 */
import type { IrSequenceStep, IrTimeUnit, IrWindow } from '../ir/ir.js';
import type { Dialect } from './dialect.js';
import { indent, instantMinus } from './relation.js';

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
  /** The run's reference instant (ISO-8601). */
  now: string;
}

/**
 * The earliest instant (inclusive) of the first step's window, if it has
 * one: no event of the sequence can be older, since every later step's
 * event comes after the first step's in event order.
 */
export function sequenceLowerBound(window: IrWindow | undefined, now: string): string | undefined {
  if (window?.kind === 'within') return instantMinus(now, window.amount, window.unit);
  if (window?.kind === 'ago' && window.far !== undefined)
    return instantMinus(now, window.far, window.unit);
  if (window?.kind === 'range') return window.from;
  return undefined;
}

/** The keys of every entity for which the sequence holds, one row each. */
export function sequenceQuery({ dialect, steps, sources, keys, q, now }: SequenceQuery): string {
  const step = (i: number) => q(`c${i + 1}`);
  const previous = (i: number) => q(`p${i + 1}`);
  const lower = sequenceLowerBound(steps[0]?.window, now);
  const since = lower === undefined ? '' : ` AND e.ts >= ${dialect.timestampLiteral(lower)}`;
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
    return `SELECT\n  ${columns.join(',\n  ')}\nFROM ${source.from}\nWHERE (${any.join(' OR ')})${since}`;
  });
  const partition = keys.map(([name]) => `x.${q(name)}`).join(', ');
  const eventOrder = `x.ts, x.${q('k')}, ${dialect.exactText?.(`x.${q('mid')}`) ?? dialect.codePointOrder(`x.${q('mid')}`)}`;
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
    const first = i === 1;
    // Rows that can still matter: those ending steps 1..i-1, and those matching a later step.
    const keep = [`(${ends(i - 1)})`, ...steps.slice(i).map((_, j) => `x.${step(i + j)}`)].join(
      ' OR ',
    );
    query = [
      `SELECT x.*, max(CASE WHEN ${ends(i - 1)} THEN x.ts END) OVER (`,
      `  PARTITION BY ${partition} ORDER BY ${first ? eventOrder : `x.${q('o')}`}`,
      `  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS ${previous(i)}${
        first
          ? `,\n  row_number() OVER (PARTITION BY ${partition} ORDER BY ${eventOrder}) AS ${q('o')}`
          : ''
      }`,
      `FROM (\n${indent(query)}\n) AS x`,
      ...(first ? [] : [`WHERE ${keep}`]),
    ].join('\n');
  }
  return [
    `SELECT DISTINCT ${keys.map(([name]) => `x.${q(name)}`).join(', ')}`,
    `FROM (\n${indent(query)}\n) AS x`,
    `WHERE ${ends(steps.length - 1)}`,
  ].join('\n');
}
