/**
 * The messageId of `src/runtime/calls/message-id.ts`, computed in SQL, so the
 * change log is written by one set-based statement per checkpoint rather
 * than by a row per call (issue 12.8). The key is the same JSON text
 * (`["roster/1","<project>","<destination>",…,seq(,generation)(,value)]`): strings
 * are escaped as JSON.stringify escapes them (`\\`, `"`, the control
 * characters), hashed with SHA-256 and laid out as the same UUID. A
 * differential test compares it with the JavaScript function on every
 * engine roster keeps state in.
 */
import type { Dialect } from '../../sql/index.js';
import type { StateAdapter } from '../state/adapters/index.js';

/**
 * What the SQL is written with: the dialect's quoting and literals, and the
 * state adapter's hash, characters and escape test (a `StateLocation` is one).
 * Nothing here branches on a dialect's name.
 */
export interface MessageIdSqlOf {
  dialect: Dialect;
  adapter: StateAdapter;
}

const SHORT: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };

/** `expr` as JSON.stringify would quote it (control characters escaped; ids never hold NUL: roster's literals refuse it). */
export function jsonQuoteSql(sql: MessageIdSqlOf, expr: string): string {
  const { dialect: d, adapter } = sql;
  const l = (text: string): string => d.stringLiteral(text);
  let out = `REPLACE(REPLACE(${expr}, ${l('\\')}, ${l('\\\\')}), ${l('"')}, ${l('\\"')})`;
  for (let code = 1; code < 32; code++) {
    const escaped = SHORT[code] ?? `\\u${code.toString(16).padStart(4, '0')}`;
    out = `REPLACE(${out}, ${adapter.character(code)}, ${d.stringLiteral(escaped)})`;
  }
  const needs = adapter.jsonEscapeTest?.(expr);
  if (needs !== undefined) out = `CASE WHEN ${needs} THEN ${out} ELSE ${expr} END`;
  return `${l('"')} || ${out} || ${l('"')}`;
}

export interface MessageIdColumns {
  /** The project name (a JS string). */
  project: string;
  destination: string;
  sync: string;
  call: string;
  member: string;
  transition: string;
  /** The seq of the call (an integer expression). */
  seq: string;
  generation: string;
  /** The trait value's JSON text, NULL for audiences (omit when no call carries one). */
  value?: string;
  /**
   * Key parts whose values are known in advance, quoted here once instead of
   * by the warehouse on every row (four JSON quotings per row were most of
   * the key's cost). Rows with other values take the general expression.
   */
  known?: KnownKeyParts;
}

/** The values a destination's rows take in the key's low-cardinality columns. */
export interface KnownKeyParts {
  /** The destination of every row (`destination` is then not read). */
  destination: string;
  /** The (sync, call) pairs the rows likely have. */
  channels: ReadonlyArray<{ sync: string; call: string }>;
  /** The transitions the rows likely have. */
  transitions: readonly string[];
}

/** More channels than this and the general expression is used (a CASE is tested in order). */
const MAX_KNOWN_CHANNELS = 64;

/** The key's text from the start through the call's `,`, for rows of known channels a literal. */
function keyHead(sql: MessageIdSqlOf, c: MessageIdColumns): string {
  const d = sql.dialect;
  const start = `[${JSON.stringify('roster/1')},${JSON.stringify(c.project)},`;
  const general = [
    d.stringLiteral(start),
    `${jsonQuoteSql(sql, c.destination)} || ','`,
    `${jsonQuoteSql(sql, c.sync)} || ','`,
    `${jsonQuoteSql(sql, c.call)} || ','`,
  ].join(' || ');
  const known = c.known;
  if (!known || known.channels.length === 0 || known.channels.length > MAX_KNOWN_CHANNELS)
    return general;
  const head = (sync: string, call: string): string =>
    d.stringLiteral(
      `${start}${JSON.stringify(known.destination)},${JSON.stringify(sync)},${JSON.stringify(call)},`,
    );
  const whens = known.channels.map(
    (k) =>
      `WHEN ${c.sync} = ${d.stringLiteral(k.sync)} AND ${c.call} = ${d.stringLiteral(k.call)} THEN ${head(k.sync, k.call)}`,
  );
  const fallback = [
    d.stringLiteral(`${start}${JSON.stringify(known.destination)},`),
    `${jsonQuoteSql(sql, c.sync)} || ','`,
    `${jsonQuoteSql(sql, c.call)} || ','`,
  ].join(' || ');
  return `(CASE ${whens.join(' ')} ELSE ${fallback} END)`;
}

/** The key's transition and its `,`: for known transitions a literal. */
function keyTransition(sql: MessageIdSqlOf, c: MessageIdColumns): string {
  const d = sql.dialect;
  const general = `${jsonQuoteSql(sql, c.transition)} || ','`;
  const known = c.known?.transitions ?? [];
  if (known.length === 0) return general;
  const whens = known.map(
    (t) =>
      `WHEN ${c.transition} = ${d.stringLiteral(t)} THEN ${d.stringLiteral(`${JSON.stringify(t)},`)}`,
  );
  return `(CASE ${whens.join(' ')} ELSE ${general} END)`;
}

/** An expression of the SHA-256 hex of the message-id key (use `messageIdFromHashSql` on it). */
export function messageIdHashSql(sql: MessageIdSqlOf, c: MessageIdColumns): string {
  const d = sql.dialect;
  const text = (e: string): string => d.cast(e, 'string');
  const key = [
    keyHead(sql, c),
    `${jsonQuoteSql(sql, c.member)} || ','`,
    keyTransition(sql, c),
    text(c.seq),
    `CASE WHEN ${c.generation} > 1 THEN ',' || ${text(c.generation)} ELSE '' END`,
    ...(c.value === undefined
      ? []
      : [`CASE WHEN ${c.value} IS NOT NULL THEN ',' || ${jsonQuoteSql(sql, c.value)} ELSE '' END`]),
    `']'`,
  ].join(' || ');
  return sql.adapter.sha256Hex(key);
}

/**
 * The UUID layout of message-id.ts over a hex column `h`. Each mention of `h`
 * may be computed again where a planner inlines the subquery that made it
 * (PostgreSQL does), so `h` appears as few times as possible: the variant
 * digit (`8 | (x & 3)`) is one TRANSLATE.
 */
export function messageIdFromHashSql(h: string): string {
  const at = (from: number, length: number): string => `SUBSTR(${h}, ${from}, ${length})`;
  const variant = `TRANSLATE(${at(17, 1)}, '0123456789abcdef', '89ab89ab89ab89ab')`;
  return `${at(1, 8)} || '-' || ${at(9, 4)} || '-8' || ${at(14, 3)} || '-' || ${variant} || ${at(18, 3)} || '-' || ${at(21, 12)}`;
}

/**
 * An expression of the SHA-256 hex of an account's `anonymousId` key
 * (`calls/build-call.ts`, `accountAnonymousId`: `["roster/account","<id>"]`);
 * `messageIdFromHashSql` lays it out as the same UUID.
 */
export function accountAnonymousIdHashSql(sql: MessageIdSqlOf, member: string): string {
  const d = sql.dialect;
  const key = `${d.stringLiteral(`[${JSON.stringify('roster/account')},`)} || ${jsonQuoteSql(sql, member)} || ']'`;
  return sql.adapter.sha256Hex(key);
}
