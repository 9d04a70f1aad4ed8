/**
 * Amazon Redshift (https://docs.aws.amazon.com/redshift/latest/dg/).
 *
 * PostgreSQL-like, with differences that matter here:
 * - Identifiers are `"…"` with `"` doubled; Redshift folds quoted and unquoted
 *   names to lower case unless `enable_case_sensitive_identifier` is on.
 *   `TAG`, `USER`, `TIMESTAMP` are reserved words, so roster's own columns
 *   are quoted (https://docs.aws.amazon.com/redshift/latest/dg/r_pg_keywords.html).
 * - String literals: there is no `E'…'`; a backslash is an escape character in
 *   '…', so `\` is doubled and `'` doubled
 *   (https://docs.aws.amazon.com/redshift/latest/dg/r_Literals.html).
 * - `VARCHAR` alone means VARCHAR(256): strings are VARCHAR(65535).
 * - No `FILTER (WHERE …)` (the compiler uses CASE), no `DISTINCT ON`, no
 *   ordered ARRAY_AGG/MAX_BY: lists are SUPER arrays built with LISTAGG +
 *   JSON_PARSE, and arg-min/max by (ts, message id) compares one
 *   fixed-width text key (see `argByTime`).
 * - JSON properties are read from a SUPER column by navigation with a
 *   JSON_TYPEOF guard (https://docs.aws.amazon.com/redshift/latest/dg/JSON_TYPEOF.html).
 */
import type { ValueType } from '../../project/types.js';
import { knexRedshiftClient } from './knex-clients.js';
import type { Dialect } from '../dialect.js';
import {
  booleanLiteral,
  numberLiteral,
  quoteIdentifier,
  quoteQualified,
  splitQualified,
} from './family.js';
import {
  JSON_TYPE_NAMES,
  TIMESTAMP_TEXT,
  distinct,
  utcTimestampText,
  when,
} from './warehouse-common.js';

const TYPES: Record<ValueType, string> = {
  string: 'VARCHAR(65535)',
  number: 'DOUBLE PRECISION',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMPTZ',
  list: 'SUPER',
};

function stringLiteral(s: string): string {
  if (s.includes('\u0000')) throw new Error('internal: NUL in SQL string literal');
  return `'${s.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

function superArray(values: readonly string[]): string {
  return `JSON_PARSE(${stringLiteral(JSON.stringify(values))})`;
}

/** Reverse by code point (REVERSE on the server reverses characters). */
function reversed(s: string): string {
  return [...s].reverse().join('');
}

/** Width of the UTC time key below: `YYYY-MM-DD HH24:MI:SS.US`. */
const KEY_WIDTH = 26;

function timeKey(ts: string): string {
  return `TO_CHAR(CONVERT_TIMEZONE('UTC', ${ts}), 'YYYY-MM-DD HH24:MI:SS.US')`;
}

/**
 * The message id inside the key: `0` when missing, else `1` and the id, so a
 * missing id sorts before every id at the same time (LANGUAGE.md §5) and the
 * key is never NULL (MIN/MAX skip NULLs).
 */
function idKey(messageId: string): string {
  return `CASE WHEN ${messageId} IS NULL THEN '0' ELSE '1' || ${messageId} END`;
}

/** A value as text and back, for carrying it inside the ordering key. */
function asText(value: string, type: ValueType | undefined): string {
  if (type === 'timestamp') return timeKey(value);
  return `CAST(${value} AS VARCHAR(65535))`;
}

function fromText(text: string, type: ValueType | undefined): string {
  if (type === 'timestamp') return `CAST(${text} || '+00' AS TIMESTAMPTZ)`;
  if (type === 'number' || type === 'boolean') return `CAST(${text} AS ${TYPES[type]})`;
  return text;
}

/**
 * `=`, `IN`, GROUP BY, LISTAGG DISTINCT and ORDER BY on VARCHAR treat trailing
 * blanks as insignificant ("a" = "a ":
 * https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html#r_Character_types-significance-of-trailing-blanks),
 * against LANGUAGE.md §2. CHR(1) after the value leaves no trailing blank, so
 * equal keys are equal strings; and since no string holds NUL (the checker
 * refuses it), CHR(1) is below every character the value can continue with,
 * so the keys sort as the values do by code point (binary UTF-8 order:
 * https://docs.aws.amazon.com/redshift/latest/dg/r_ORDER_BY_clause.html) —
 * "a" < "a " < "a{" — as the tie-break of most_frequent needs. A printable
 * terminator would not: with '|', "a{|" sorts before "a|".
 */
function exactText(expr: string): string {
  return `(${expr} || CHR(1))`;
}

const HOUR_MS = 3_600_000;
const INTEGER_MAX = 2 ** 31 - 1;

/**
 * DATEADD's interval is an INTEGER, 4 bytes
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_DATEADD_function.html), and 2^31
 * milliseconds is under 25 days: a sequence gap of 30 days cannot be one count of
 * milliseconds. It is whole hours (an hour is always 3,600 s, unlike a day across a
 * time-zone change), then the milliseconds left. Past 2^31 hours (245,000 years,
 * longer than any event history) the gap is held at 2^31 - 1 hours: it admits the same events.
 */
function plusMilliseconds(expr: string, ms: number): string {
  const hours = Math.min(Math.trunc(ms / HOUR_MS), INTEGER_MAX);
  const rest = hours === INTEGER_MAX ? 0 : ms - hours * HOUR_MS;
  const inHours = hours === 0 ? expr : `DATEADD(hour, ${numberLiteral(hours)}, ${expr})`;
  return rest === 0 && hours !== 0
    ? inHours
    : `DATEADD(millisecond, ${numberLiteral(rest)}, ${inHours})`;
}

export const redshift: Dialect = {
  name: 'redshift',
  knexClient: knexRedshiftClient,
  // 1 to 127 bytes (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html).
  maxIdentifierBytes: 127,
  capabilities: {
    aggregateFilter: false,
    readsFiles: false,
    temporaryTables: true,
    distinctOn: false,
  },

  quoteIdentifier,
  quoteQualified,
  stringLiteral,
  numberLiteral: (n) => `CAST(${numberLiteral(n)} AS DOUBLE PRECISION)`,
  booleanLiteral,
  timestampLiteral: (iso) => `CAST(${stringLiteral(utcTimestampText(iso))} AS TIMESTAMPTZ)`,
  listLiteral: (strings) => superArray(strings),
  nullLiteral: (type) => `CAST(NULL AS ${TYPES[type]})`,

  columnType: (type) => TYPES[type],
  jsonColumnType: 'SUPER',
  cast: (expr, type) => `CAST(${expr} AS ${TYPES[type]})`,
  plusMilliseconds,
  // MD5 is lower-case hex (https://docs.aws.amazon.com/redshift/latest/dg/r_MD5.html);
  // STRTOL(text, 16) reads it as a BIGINT (https://docs.aws.amazon.com/redshift/latest/dg/r_STRTOL.html).
  splitBucket: (split, idExpr) =>
    `MOD(STRTOL(SUBSTRING(MD5(${stringLiteral(`${split}:`)} || ${idExpr}), 1, 8), 16), 10000)`,
  // `properties` is expected as SUPER (load JSON text with JSON_PARSE).
  jsonValue: (expr) => expr,

  jsonProperty(jsonExpr, name, type) {
    const value = `${jsonExpr}[${stringLiteral(name)}]`;
    const test = `JSON_TYPEOF(${value}) = ${stringLiteral(JSON_TYPE_NAMES[type])}`;
    if (type === 'timestamp') {
      const text = `CAST(${value} AS VARCHAR(65535))`;
      return `CASE WHEN ${test} AND ${text} ~ ${stringLiteral(TIMESTAMP_TEXT)} THEN CAST(${text} AS TIMESTAMPTZ) END`;
    }
    return `CASE WHEN ${test} THEN CAST(${value} AS ${TYPES[type]}) END`;
  },
  // STRPOS matches literally; `=` on VARCHAR ignores trailing blanks, so prefixes/suffixes use STRPOS too.
  stringContains: (expr, literal) => `(STRPOS(${expr}, ${stringLiteral(literal)}) > 0)`,
  stringStartsWith: (expr, literal) => `(STRPOS(${expr}, ${stringLiteral(literal)}) = 1)`,
  stringEndsWith: (expr, literal) =>
    `(STRPOS(REVERSE(${expr}), ${stringLiteral(reversed(literal))}) = 1)`,
  listContainsAny: (listExpr, values) =>
    `(${distinct(values)
      .map((v) => `ARRAY_CONTAINS(${listExpr}, ${stringLiteral(v)})`)
      .join(' OR ')})`,
  listContainsAll: (listExpr, values) =>
    `(${distinct(values)
      .map((v) => `ARRAY_CONTAINS(${listExpr}, ${stringLiteral(v)})`)
      .join(' AND ')})`,
  emptyList: () => superArray([]),

  /**
   * Each value as its JSON text, joined into a JSON array: NULL when there are
   * none (LISTAGG of nothing). No DISTINCT: LISTAGG DISTINCT treats 'a' and
   * 'a ' as duplicates (https://docs.aws.amazon.com/redshift/latest/dg/r_LISTAGG.html),
   * and the caller's values are already distinct. Ordered by the exact key of
   * the value, not by the JSON text, whose quotes and escapes sort otherwise
   * ('"a!"' < '"a"' though "a" < "a!").
   */
  sortedDistinctList: (expr, cond) => {
    const item = when(cond, `JSON_SERIALIZE(CAST(${expr} AS SUPER))`);
    return `JSON_PARSE('[' || LISTAGG(${item}, ',') WITHIN GROUP (ORDER BY ${exactText(expr)}) || ']')`;
  },
  /**
   * No MAX_BY and no ordered ARRAY_AGG: the winner is the MIN/MAX of one text
   * key — the instant in UTC at fixed width, the message id (`idKey`), CHR(1), the value
   * as text — so text order is (ts, message id) order and the value is read
   * back from the key. The time itself is just MIN/MAX.
   */
  argByTime: (which, value, ts, messageId, cond, type) => {
    if (value === ts) return `${which.toUpperCase()}(${when(cond, ts)})`;
    const fn = which.toUpperCase();
    if (value === messageId) {
      const id = `SUBSTRING(${fn}(${when(cond, `${timeKey(ts)} || ${idKey(messageId)}`)}), ${KEY_WIDTH + 1})`;
      return `SUBSTRING(NULLIF(${id}, '0'), 2)`;
    }
    const key = `${fn}(${when(cond, `${timeKey(ts)} || ${idKey(messageId)} || CHR(1) || ${asText(value, type)}`)})`;
    const rest = `SUBSTRING(${key}, ${KEY_WIDTH + 1})`;
    return fromText(`SUBSTRING(${rest}, STRPOS(${rest}, CHR(1)) + 1)`, type);
  },
  codePointOrder: (expr) => expr,
  exactText,

  sourceRelation: (table) => quoteQualified(splitQualified(table)),
  temporaryTable: 'CREATE TEMPORARY TABLE',

  // OBJECT takes no datetime values: timestamps go in as text (untested whether NULL values are kept as JSON null).
  jsonObject: (entries) =>
    `OBJECT(${entries
      .map(
        (e) =>
          `${stringLiteral(e.key)}, ${e.type === 'timestamp' ? `CAST(${e.value} AS VARCHAR)` : e.value}`,
      )
      .join(', ')})`,
};
