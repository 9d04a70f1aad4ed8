/**
 * The SQL of a plan's snapshot: how every definition evaluated at one
 * instant differs from the applied results, into
 * `<state>.snap_<run>_results`, the state each channel should reach into a
 * temporary table of the session, and the transitions from the delivered state into
 * `…_transitions` — all computed in the warehouse; only counts and a few
 * sample ids leave it.
 *
 * Values are stored as text so one comparison (NULL-safe inequality) works on
 * every type: audiences `'true'`, traits the JSON text of the value, decoded
 * by the trait's type when a call is built. Types, JSON text and that
 * comparison come from the warehouse's state adapter (Redshift has no
 * `to_json` and no `IS DISTINCT FROM`; BigQuery no `TEXT`).
 */
import type {
  CompiledDefinition,
  CompiledProject,
  CompiledRelation,
  Dialect,
} from '../../sql/index.js';
import { stateAdapter } from '../state/adapters/index.js';
import type { Channel } from './channels.js';

/** A relation with no rows, for `SELECT … FROM` where BigQuery needs a FROM for a WHERE. */
const NO_ROWS = 'FROM (SELECT 1 AS one) AS seed WHERE 1 = 0';

function lit(d: Dialect, s: string): string {
  return d.stringLiteral(s);
}

export function resultsSelect(d: Dialect, definition: CompiledDefinition): string {
  const a = stateAdapter(d);
  const name = lit(d, definition.name);
  if (definition.kind === 'audience') {
    return `SELECT ${name} AS definition, ${a.castText('q.id')} AS member_id, 'true' AS value FROM (\n${definition.resultQuery}\n) AS q`;
  }
  return (
    `SELECT ${name} AS definition, ${a.castText('q.id')} AS member_id, ${a.jsonText('q.value')} AS value FROM (\n` +
    `${definition.resultQuery}\n) AS q WHERE q.value IS NOT NULL`
  );
}

/** Typed NULL text columns, `AS` the given names. */
function nullTextColumns(d: Dialect, names: readonly string[]): string {
  const text = stateAdapter(d).castText('NULL');
  return names.map((n) => `${text} AS ${n}`).join(', ');
}

/**
 * How many SELECTs one statement of a snapshot unions. DuckDB plans a UNION ALL
 * of N inputs in time that grows with N² (2,000 definitions took seconds for a
 * few rows): past this many, the table is created empty and filled by INSERTs
 * of this many SELECTs each (issue 11.9).
 */
export const UNION_CHUNK = 100;

/**
 * The snapshot an apply writes into `results`: only how the evaluated results
 * of `definitions` differ from the applied ones (`applied`), each row with
 * the member's `previous` value (NULL: the member had none) and its new
 * `value` (NULL: the member left; results never hold NULL, an audience's
 * value is `'true'` and a trait without a value has no row). A scheduled plan
 * whose results barely move then writes a few rows into the state schema
 * instead of every member of every definition (3.1 M rows at SF 1: 2.1–2.6 s
 * into DuckDB's state file), and the plan's counts, samples and the guards
 * read the change instead of joining both results again. The evaluated
 * results are joined as the result queries return them, never written
 * anywhere (at SF 1 a temporary table of them cost 1.1–1.2 s more). Values
 * are compared exactly: the applied results become the evaluated ones,
 * whatever tolerance the counts use. The table is declared with its columns
 * (the per-member text as `StateAdapter.snapshotText` where the adapter has
 * it) and filled by INSERTs of up to `chunk` definitions each (issue 11.9).
 */
export function createResultsChangeSql(
  d: Dialect,
  table: string,
  definitions: readonly CompiledDefinition[],
  applied: string,
  chunk = UNION_CHUNK,
): string[] {
  const a = stateAdapter(d);
  const columns = ['definition', 'member_id', 'value', 'previous'];
  const change = (part: readonly CompiledDefinition[]): string =>
    [
      `SELECT COALESCE(n.definition, o.definition) AS definition, COALESCE(n.member_id, o.member_id) AS member_id,`,
      `  n.value, o.value AS previous`,
      `FROM (\n${part.map((def) => resultsSelect(d, def)).join('\nUNION ALL\n')}\n) AS n FULL OUTER JOIN (`,
      `  SELECT definition, member_id, value FROM ${applied} WHERE definition IN ${inNames(
        d,
        part.map((def) => def.name),
      )}`,
      `) AS o ON o.definition = n.definition AND o.member_id = n.member_id`,
      `WHERE o.member_id IS NULL OR n.member_id IS NULL OR ${a.isDistinctFrom('o.value', 'n.value')}`,
    ].join('\n');
  // The definition name repeats on every row: only the per-member text may go uncompressed.
  const perMember = a.snapshotText ?? a.types.text;
  const statements = [
    `CREATE TABLE ${table} (definition ${a.types.text}, ${columns
      .slice(1)
      .map((c) => `${c} ${perMember}`)
      .join(', ')})`,
  ];
  const size = Math.max(1, chunk);
  for (let i = 0; i < definitions.length; i += size)
    statements.push(
      `INSERT INTO ${table} (${columns.join(', ')})\n${change(definitions.slice(i, i + size))}`,
    );
  return statements;
}

/** `(…)` of the names as string literals, `(NULL)` (matching nothing) for none. */
export function inNames(d: Dialect, names: readonly string[]): string {
  return names.length > 0 ? `(${names.map((n) => lit(d, n)).join(', ')})` : '(NULL)';
}

/**
 * Per definition of a results change (`createResultsChangeSql`): members who
 * entered (new), exited (gone) and whose value changed — numbers of the
 * traits in `numeric` by more than the tolerance of `valueChanged`.
 */
export function resultsChangeCountsSql(
  d: Dialect,
  change: string,
  numeric: readonly string[],
): string {
  return [
    `SELECT definition,`,
    `  SUM(CASE WHEN value IS NOT NULL AND previous IS NULL THEN 1 ELSE 0 END) AS entered,`,
    `  SUM(CASE WHEN value IS NULL THEN 1 ELSE 0 END) AS exited,`,
    `  SUM(CASE WHEN value IS NOT NULL AND previous IS NOT NULL AND ${valueChanged(d, 'previous', 'value', 'definition', numeric)} THEN 1 ELSE 0 END) AS changed`,
    `FROM ${change} GROUP BY definition`,
  ].join('\n');
}

/**
 * Each definition's size once a results change is applied: its applied
 * members, plus those entering, minus those leaving (`names`: the planned
 * definitions; one with no member left has 0).
 */
export function sizesAfterChangeSql(
  d: Dialect,
  change: string,
  applied: string,
  names: readonly string[],
): string {
  return [
    `SELECT definition, SUM(n) AS n FROM (`,
    `  SELECT definition, COUNT(*) AS n FROM ${applied} WHERE definition IN ${inNames(d, names)} GROUP BY definition`,
    `  UNION ALL`,
    `  SELECT definition, SUM(CASE WHEN value IS NULL THEN -1 WHEN previous IS NULL THEN 1 ELSE 0 END) AS n`,
    `  FROM ${change} GROUP BY definition`,
    `) AS counted GROUP BY definition`,
  ].join('\n');
}

/**
 * The session's temporary `table` AS the UNION ALL of `parts`; an empty table
 * of text `columns` when there are none; with more than `chunk`, an empty
 * table of text columns and INSERTs of `chunk` parts each.
 */
function unionTable(
  d: Dialect,
  table: string,
  columns: readonly string[],
  parts: readonly string[],
  chunk: number,
): string[] {
  const create = d.temporaryTable;
  const empty = `${create} ${table} AS\nSELECT ${nullTextColumns(d, columns)} ${NO_ROWS}`;
  if (parts.length === 0) return [empty];
  if (parts.length <= chunk) return [`${create} ${table} AS\n${parts.join('\nUNION ALL\n')}`];
  const statements = [empty];
  for (let i = 0; i < parts.length; i += Math.max(1, chunk))
    statements.push(
      `INSERT INTO ${table} (${columns.join(', ')})\n${parts.slice(i, i + chunk).join('\nUNION ALL\n')}`,
    );
  return statements;
}

function channelColumns(d: Dialect, c: Channel): string {
  return [
    `${lit(d, c.sync)} AS sync`,
    `${lit(d, c.destination)} AS destination`,
    `${lit(d, c.call)} AS call`,
    `${lit(d, c.source)} AS source`,
    `${lit(d, c.sourceKind)} AS source_kind`,
  ].join(', ');
}

/**
 * The state one channel should reach. Same level as the definition: its
 * results. An account definition sent to users (identify/track): for an
 * audience, a user is in when at least one of their accounts is
 * (LANGUAGE.md §7); for a trait, a user gets the value of their first
 * account (code-point order of ids) that has one.
 */
export function desiredSelect(
  d: Dialect,
  results: string,
  c: Channel,
  memberships: CompiledRelation | undefined,
): string | undefined {
  const cols = channelColumns(d, c);
  const source = lit(d, c.source);
  if (c.level === c.entity) {
    return `SELECT ${cols}, r.member_id, r.value FROM ${results} AS r WHERE r.definition = ${source}`;
  }
  if (!memberships) return undefined;
  const a = stateAdapter(d);
  const m = memberships.sql;
  const user = `m.${memberships.columns.user_id}`;
  const account = `m.${memberships.columns.account_id}`;
  if (c.sourceKind === 'audience') {
    return (
      `SELECT DISTINCT ${cols}, ${a.castText(user)} AS member_id, 'true' AS value ` +
      `FROM ${results} AS r JOIN ${m} AS m ON ${a.castText(account)} = r.member_id WHERE r.definition = ${source}`
    );
  }
  return (
    `SELECT ${cols}, p.member_id, p.value FROM (SELECT ${a.castText(user)} AS member_id, r.value, ` +
    `row_number() OVER (PARTITION BY ${user} ORDER BY ${d.codePointOrder('r.member_id')}) AS rn ` +
    `FROM ${results} AS r JOIN ${m} AS m ON ${a.castText(account)} = r.member_id WHERE r.definition = ${source}) AS p WHERE p.rn = 1`
  );
}

/**
 * The desired-state SELECT of every channel, from the results of its source
 * among the evaluated `definitions`, and the channels that cannot reach
 * anyone (an account definition sent to users without memberships).
 */
export function desiredSelects(
  d: Dialect,
  definitions: readonly CompiledDefinition[],
  channels: readonly Channel[],
  compiled: CompiledProject,
): { parts: string[]; unreachable: Channel[] } {
  const parts: string[] = [];
  const unreachable: Channel[] = [];
  const byName = new Map(definitions.map((def) => [def.name, def]));
  for (const channel of channels) {
    // The source's results as its result query returns them; none when it was not evaluated.
    const source = byName.get(channel.source);
    const results = source
      ? `(${resultsSelect(d, source)})`
      : `(SELECT ${nullTextColumns(d, ['definition', 'member_id', 'value'])} ${NO_ROWS})`;
    const part = desiredSelect(d, results, channel, compiled.relations.memberships);
    if (part) parts.push(part);
    else unreachable.push(channel);
  }
  return { parts, unreachable };
}

/**
 * The statements writing the desired state into the session-scoped `table`
 * (chunked as `unionTable`). Only the transitions read it, in the same
 * session: apply delivers from those, so it is not written to the state
 * schema, where every row costs a durable write (at SF 1 on DuckDB, 826,764
 * rows: 1.1–1.7 s into the state file against 0.5–0.6 s as a temporary table).
 */
export function createDesiredSql(
  d: Dialect,
  table: string,
  parts: readonly string[],
  chunk = UNION_CHUNK,
): string[] {
  return unionTable(
    d,
    table,
    ['sync', 'destination', 'call', 'source', 'source_kind', 'member_id', 'value'],
    parts,
    chunk,
  );
}

/** `(sync, call)` membership in the planned channels, as a condition on alias `s` (`''`: bare columns). */
export function channelCondition(d: Dialect, channels: readonly Channel[], alias = 's'): string {
  if (channels.length === 0) return 'FALSE';
  const p = alias === '' ? '' : `${alias}.`;
  return `(${channels.map((c) => `(${p}sync = ${lit(d, c.sync)} AND ${p}call = ${lit(d, c.call)})`).join(' OR ')})`;
}

/**
 * Whether a stored value changed (both are JSON text). Numbers of the traits in
 * `numeric` are compared with a relative tolerance of 1e-9, as `roster test`
 * compares them: a warehouse may add doubles in a different order from one run
 * to the next, and a difference in the last bits is not a change worth a call.
 */
export function valueChanged(
  d: Dialect,
  oldValue: string,
  newValue: string,
  definition: string,
  numeric: readonly string[],
): string {
  const plain = stateAdapter(d).isDistinctFrom(oldValue, newValue);
  if (numeric.length === 0) return plain;
  const a = d.cast(oldValue, 'number');
  const b = d.cast(newValue, 'number');
  return (
    `(CASE WHEN ${definition} IN (${numeric.map((n) => lit(d, n)).join(', ')}) ` +
    `AND ${oldValue} IS NOT NULL AND ${newValue} IS NOT NULL ` +
    `THEN abs(${a} - ${b}) > 1e-9 * GREATEST(abs(${a}), abs(${b})) ELSE ${plain} END)`
  );
}

/**
 * Transitions from the delivered state to the desired one, numbered (`pos`)
 * in delivery order (destination, sync, call, member), with the channel's
 * generation (messageIds of a sync added again never repeat old ones); on
 * warehouses whose delivery reads it in the order stored
 * (StateAdapter.deliveryCursor), stored in that order.
 */
export function createTransitionsSql(
  d: Dialect,
  table: string,
  desired: string,
  delivered: string,
  generations: string,
  channels: readonly Channel[],
  numericTraits: readonly string[] = [],
): string {
  const order = ['destination', 'sync', 'call', 'member_id']
    .map((c) => d.codePointOrder(`x.${c}`))
    .join(', ');
  return [
    `CREATE TABLE ${table} AS`,
    `SELECT row_number() OVER (ORDER BY ${order}) AS pos, x.*, COALESCE(g.generation, 1) AS generation FROM (`,
    `  SELECT n.sync, n.destination, n.call, n.source, n.source_kind, n.member_id,`,
    `    CASE WHEN n.source_kind = 'audience' THEN 'entered' ELSE 'changed' END AS transition,`,
    `    n.value, COALESCE(s.seq, 0) AS prev_seq`,
    `  FROM ${desired} AS n LEFT JOIN ${delivered} AS s`,
    `    ON s.sync = n.sync AND s.call = n.call AND s.member_id = n.member_id`,
    `  WHERE s.member_id IS NULL OR NOT s.present OR ${valueChanged(d, 's.value', 'n.value', 'n.source', numericTraits)}`,
    `  UNION ALL`,
    `  SELECT s.sync, s.destination, s.call, s.source, s.source_kind, s.member_id,`,
    `    CASE WHEN s.source_kind = 'audience' THEN 'exited' ELSE 'removed' END AS transition,`,
    `    ${stateAdapter(d).castText('NULL')} AS value, s.seq AS prev_seq`,
    `  FROM ${delivered} AS s`,
    `  WHERE s.present AND ${channelCondition(d, channels)}`,
    `    AND NOT EXISTS (SELECT 1 FROM ${desired} AS n WHERE n.sync = s.sync AND n.call = s.call AND n.member_id = s.member_id)`,
    `) AS x LEFT JOIN ${generations} AS g ON g.sync = x.sync AND g.call = x.call`,
    // Stored in delivery order where delivery streams the table in the order stored.
    ...(stateAdapter(d).deliveryCursor?.readsPlanTable ? ['ORDER BY pos'] : []),
  ].join('\n');
}

/**
 * Reading back the calls still pending in `failures` (failed or quarantined
 * by an earlier apply) for the named syncs: `totals` per sync (all of them,
 * those this plan's transitions send again — the same transition at the same
 * place in the member's history, hence the same messageId — and how many
 * distinct reasons those have), and `reasons`: the `shown` most frequent
 * reasons of the calls sent again, per sync, with one member each
 * (`example_id`: SAMPLE is a reserved word on Snowflake).
 */
export function pendingRetriesSql(
  d: Dialect,
  failures: string,
  transitions: string,
  syncNames: readonly string[],
  shown: number,
): { totals: string; reasons: string } {
  const same =
    't.sync = f.sync AND t.call = f.call AND t.member_id = f.member_id ' +
    'AND t.transition = f.transition AND t.prev_seq + 1 = f.seq';
  const inSyncs = `f.sync IN (${syncNames.length > 0 ? syncNames.map((n) => lit(d, n)).join(', ') : 'NULL'})`;
  return {
    totals:
      `SELECT f.sync, COUNT(*) AS n, SUM(CASE WHEN t.member_id IS NULL THEN 0 ELSE 1 END) AS resent, ` +
      `COUNT(DISTINCT CASE WHEN t.member_id IS NULL THEN NULL ELSE f.reason END) AS reasons ` +
      `FROM ${failures} AS f LEFT JOIN ${transitions} AS t ON ${same} WHERE ${inSyncs} GROUP BY f.sync`,
    reasons: [
      `SELECT sync, reason, n, example_id FROM (`,
      `  SELECT sync, reason, n, example_id, row_number() OVER (PARTITION BY sync ORDER BY n DESC, ${d.codePointOrder('reason')}) AS rn FROM (`,
      `    SELECT f.sync, f.reason, COUNT(*) AS n, MIN(f.member_id) AS example_id`,
      `    FROM ${failures} AS f JOIN ${transitions} AS t ON ${same} WHERE ${inSyncs} GROUP BY f.sync, f.reason`,
      `  ) AS g`,
      `) AS r WHERE rn <= ${Math.trunc(shown)} ORDER BY sync, rn`,
    ].join('\n'),
  };
}
