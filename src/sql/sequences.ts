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
 * - with three steps or more, the first window also numbers the rows in
 *   event order, and the later windows order by that number instead of
 *   (timestamp, message id) (two steps have no later window: no number);
 * - before the window of step i+1, only the rows that end steps 1..i or
 *   match a later step stay: no other row can change what follows;
 * - each pass carries on only the columns a later one reads.
 *
 * The passes are relations assembled with the dialect's compile-only Knex
 * builder (one subquery `x` per window, the sources' event scans a `union
 * all`); the window functions, the step conditions and the gap arithmetic
 * are text from the dialect's hooks, which Knex has no builder for. Every
 * relation the query reads is noted in the caller's `Inputs`.
 */
import type { Knex } from 'knex';
import type { IrSequenceStep, IrTimeUnit, IrWindow } from '../ir/ir.js';
import type { Dialect } from './dialect.js';
import { compileOnlyKnex, sqlFragment } from './knex-client.js';
import { identifier } from './names.js';
import { instantMinus, type Inputs } from './relation.js';

const UNIT_MS: Record<IrTimeUnit, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

export interface SequenceSource {
  /** The event stage of one source, read as `e`. */
  stage: string;
  /** Per step: its condition on `e` when the step reads this source, else undefined. */
  matches: Array<string | undefined>;
  /**
   * The tracks event this reader is limited to (`e.event = …`, apart from
   * `matches`, which then leave the event test out): the warehouse pushes an
   * equality into its scan of the source, not the steps' OR (DuckDB read
   * every event of the stage, 908,817 rows instead of 38,571, for the scale
   * program's 2-step sequence at SF 0.1).
   */
  event?: string;
}

export interface SequenceQuery {
  dialect: Dialect;
  steps: readonly IrSequenceStep[];
  sources: readonly SequenceSource[];
  /**
   * Per (user, account) pair (a sequence inside a quantifier): the
   * memberships stage, joined as `m`; the output is then `user_id, account_id`.
   */
  memberships?: string;
  /** Where the relations the query reads are noted. */
  inputs: Inputs;
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

/** The keys of every entity for which the sequence holds, one row each (`user_id`[, `account_id`]). */
export function sequenceQuery({
  dialect,
  steps,
  sources,
  memberships,
  inputs,
  now,
}: SequenceQuery): Knex.QueryBuilder {
  const knex = compileOnlyKnex(dialect);
  const raw = (sql: string): Knex.Raw => sqlFragment(knex, sql);
  const q = (name: string): string => identifier(dialect, name);
  const col = (name: string): string => `x.${q(name)}`;
  const step = (i: number) => `c${i + 1}`;
  const previous = (i: number) => `p${i + 1}`;
  /** Output name and expression over `e` (the events) and `m` (memberships). */
  const keys: Array<[string, string]> = memberships
    ? [
        ['user_id', 'e.user_id'],
        ['account_id', 'm.account_id'],
      ]
    : [['user_id', 'e.user_id']];
  const lower = sequenceLowerBound(steps[0]?.window, now);
  const branches = sources.map((source) => {
    const columns = [
      ...keys.map(([name, expr]) => `${expr} AS ${q(name)}`),
      'e.ts',
      // Event order (§5): timestamp, then a missing message id first, then the id by code point.
      `CASE WHEN e.message_id IS NULL THEN 0 ELSE 1 END AS ${q('k')}`,
      `e.message_id AS ${q('mid')}`,
      ...source.matches.map((m, i) => `${m === undefined ? 'FALSE' : `(${m})`} AS ${q(step(i))}`),
    ];
    const any = source.matches.filter((m) => m !== undefined).map((m) => `(${m})`);
    const branch = knex.select(columns.map(raw)).from({ e: inputs.named(source.stage) });
    if (memberships) {
      // Under group_context an event tagged with g counts only for account g (§9).
      branch.join({ m: inputs.named(memberships) }, (join) => {
        join.on(raw('m.user_id = e.user_id AND (e.group_id IS NULL OR e.group_id = m.account_id)'));
      });
    }
    if (source.event !== undefined)
      branch.where(raw(`e.event = ${dialect.stringLiteral(source.event)}`));
    if (!any.includes('(TRUE)')) branch.where(raw(`(${any.join(' OR ')})`));
    if (lower !== undefined) branch.where(raw(`e.ts >= ${dialect.timestampLiteral(lower)}`));
    return branch;
  });
  const [first, ...rest] = branches;
  if (!first) throw new Error('internal: a sequence reads no events');
  const partition = keys.map(([name]) => col(name)).join(', ');
  const eventOrder = `x.ts, ${col('k')}, ${dialect.exactText?.(col('mid')) ?? dialect.codePointOrder(col('mid'))}`;
  // Whether the row (alias x) ends steps 1..i.
  const ends = (i: number): string => {
    if (i === 0) return col(step(0));
    const within = steps[i]!.within;
    const gap = within
      ? ` AND x.ts <= ${dialect.plusMilliseconds(col(previous(i)), Math.round(within.amount * UNIT_MS[within.unit]))}`
      : '';
    return `${col(step(i))} AND ${col(previous(i))} IS NOT NULL${gap}`;
  };
  const frame = (order: string) =>
    `OVER (PARTITION BY ${partition} ORDER BY ${order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)`;
  let query = rest.length > 0 ? first.unionAll(rest) : first;
  for (let i = 1; i < steps.length; i++) {
    const firstPass = i === 1;
    // A later pass orders by the row number the first one gives.
    const numbered = i + 1 < steps.length;
    const columns = [
      ...keys.map(([name]) => col(name)),
      'x.ts',
      ...(!numbered
        ? []
        : firstPass
          ? [`row_number() OVER (PARTITION BY ${partition} ORDER BY ${eventOrder}) AS ${q('o')}`]
          : [col('o')]),
      ...steps.slice(i).map((_, j) => col(step(i + j))),
      `max(CASE WHEN ${ends(i - 1)} THEN x.ts END) ${frame(firstPass ? eventOrder : col('o'))} AS ${q(previous(i))}`,
    ];
    const pass = knex.select(columns.map(raw)).from(query.as('x'));
    if (!firstPass) {
      // Rows that can still matter: those ending steps 1..i-1, and those matching a later step.
      const keep = [`(${ends(i - 1)})`, ...steps.slice(i).map((_, j) => col(step(i + j)))];
      pass.where(raw(`(${keep.join(' OR ')})`));
    }
    query = pass;
  }
  return knex
    .distinct(keys.map(([name]) => raw(col(name))))
    .from(query.as('x'))
    .where(raw(ends(steps.length - 1)));
}
