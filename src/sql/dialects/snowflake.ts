/**
 * Snowflake (https://docs.snowflake.com/en/sql-reference).
 *
 * Identifiers: `"…"` with `"` doubled. Snowflake resolves an *unquoted* name
 * by upper-casing it and a quoted one exactly. Roster quotes every name it
 * writes, and writes a name made only of lower-case letters, digits, `_` and
 * `$` (starting with a letter or `_`) in upper case — exactly the identifier
 * Snowflake would resolve had it been written unquoted. So the logical names
 * of a project (`plan`, `roster_stage_users`, `t_seats`) and the unquoted
 * aliases of the compiled SQL (`id`, `value`) resolve to the same objects as
 * tables created the usual, unquoted way (`PLAN`, `ROSTER_STAGE_USERS`), and
 * a reserved word such as `account` is still safe. Any other name (mixed
 * case, spaces, quotes) is quoted as written and matched exactly.
 * https://docs.snowflake.com/en/sql-reference/identifiers-syntax
 *
 * Strings: in '…' constants a backslash starts an escape sequence, so `\` is
 * doubled and `'` doubled; every other character (newlines included) stands
 * for itself. https://docs.snowflake.com/en/sql-reference/data-types-text#escape-sequences-in-single-quoted-string-constants
 *
 * Text comparison without a COLLATE specification compares UTF-8 bytes, which
 * is code point order; orders that must be code point order say `COLLATE 'utf8'`
 * anyway so a column-level collation cannot change them.
 * https://docs.snowflake.com/en/sql-reference/collation
 */
import type { ValueType } from '../../project/types.js';
import { knexPostgresClient } from './knex-clients.js';
import type { Dialect, ScalarType } from '../dialect.js';
import { booleanLiteral, numberLiteral, splitQualified } from './family.js';
import { distinct, utcTimestampText, when } from './warehouse-common.js';

const TYPES: Record<ValueType, string> = {
  string: 'VARCHAR',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP_TZ',
  list: 'ARRAY',
};

/** A name Snowflake would read the same unquoted (modulo case): folded to upper case. */
const FOLDABLE = /^[a-z_][a-z0-9_$]*$/;

export function snowflakeIdentifierName(name: string): string {
  return FOLDABLE.test(name) ? name.toUpperCase() : name;
}

function quoteIdentifier(name: string): string {
  if (name.length === 0) throw new Error('internal: empty SQL identifier');
  if (name.includes('\u0000')) throw new Error('internal: NUL in SQL identifier');
  return `"${snowflakeIdentifierName(name).replaceAll('"', '""')}"`;
}

function quoteQualified(parts: readonly string[]): string {
  return parts.map(quoteIdentifier).join('.');
}

function stringLiteral(s: string): string {
  if (s.includes('\u0000')) throw new Error('internal: NUL in SQL string literal');
  return `'${s.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** VARIANT type tests per scalar type (IS_REAL is true for integers, decimals and floats). */
const VARIANT_TEST: Record<ScalarType, string> = {
  string: 'IS_VARCHAR',
  number: 'IS_REAL',
  boolean: 'IS_BOOLEAN',
  timestamp: 'IS_VARCHAR',
};

/**
 * The (ts, message id) order as one string: the instant in UTC, fixed width
 * to the nanosecond, then `0` for a missing message id or `1` and the id.
 * Fixed width makes string order the tuple order, so MIN_BY/MAX_BY (one
 * ordering key) pick by time then id, an event without an id before every id
 * (LANGUAGE.md §5) — and never a NULL key, which MIN_BY/MAX_BY would skip.
 */
function timeKey(ts: string, messageId: string): string {
  return `(TO_CHAR(CONVERT_TIMEZONE('UTC', ${ts}), 'YYYY-MM-DD"T"HH24:MI:SS.FF9') || ${idKey(messageId)}) COLLATE 'utf8'`;
}

function idKey(messageId: string): string {
  return `CASE WHEN ${messageId} IS NULL THEN '0' ELSE '1' || ${messageId} END`;
}

export const snowflake: Dialect = {
  name: 'snowflake',
  knexClient: knexPostgresClient,
  // 255 characters (https://docs.snowflake.com/en/sql-reference/identifiers-syntax); bytes are never fewer.
  maxIdentifierBytes: 255,
  capabilities: {
    aggregateFilter: false,
    readsFiles: false,
    temporaryTables: true,
    distinctOn: false,
  },

  quoteIdentifier,
  quoteQualified,
  catalogName: snowflakeIdentifierName,
  stringLiteral,
  numberLiteral: (n) => `CAST(${numberLiteral(n)} AS DOUBLE)`,
  booleanLiteral,
  // An explicit format: the session's TIMESTAMP_TZ_INPUT_FORMAT cannot change the meaning.
  timestampLiteral: (iso) =>
    `TO_TIMESTAMP_TZ(${stringLiteral(utcTimestampText(iso))}, 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')`,
  listLiteral: (strings) => `ARRAY_CONSTRUCT(${strings.map(stringLiteral).join(', ')})`,
  nullLiteral: (type) => `CAST(NULL AS ${TYPES[type]})`,

  columnType: (type) => TYPES[type],
  jsonColumnType: 'VARIANT',
  cast: (expr, type) => `CAST(${expr} AS ${TYPES[type]})`,
  plusMilliseconds: (expr, ms) => `DATEADD(millisecond, ${numberLiteral(ms)}, ${expr})`,
  // MD5 is lower-case hex; the `X` format of TO_NUMBER reads hexadecimal digits
  // (https://docs.snowflake.com/en/sql-reference/sql-format-models#fixed-position-numeric-formats).
  splitBucket: (split, idExpr) =>
    `MOD(TO_NUMBER(SUBSTR(MD5(${stringLiteral(`${split}:`)} || ${idExpr}), 1, 8), 'XXXXXXXX'), 10000)`,
  // `properties` is expected as VARIANT/OBJECT; a VARCHAR column fails loudly in GET.
  jsonValue: (expr) => expr,

  jsonProperty(jsonExpr, name, type) {
    const value = `GET(${jsonExpr}, ${stringLiteral(name)})`;
    const test = `${VARIANT_TEST[type]}(${value})`;
    if (type === 'timestamp')
      return `CASE WHEN ${test} THEN TRY_CAST(CAST(${value} AS VARCHAR) AS TIMESTAMP_TZ) END`;
    return `CASE WHEN ${test} THEN CAST(${value} AS ${TYPES[type]}) END`;
  },
  // CONTAINS/STARTSWITH/ENDSWITH compare literally (no wildcards), NULL in → NULL out.
  stringContains: (expr, literal) => `CONTAINS(${expr}, ${stringLiteral(literal)})`,
  stringStartsWith: (expr, literal) => `STARTSWITH(${expr}, ${stringLiteral(literal)})`,
  stringEndsWith: (expr, literal) => `ENDSWITH(${expr}, ${stringLiteral(literal)})`,
  listContainsAny: (listExpr, values) =>
    `ARRAYS_OVERLAP(${listExpr}, ARRAY_CONSTRUCT(${distinct(values).map(stringLiteral).join(', ')}))`,
  listContainsAll: (listExpr, values) =>
    `(${distinct(values)
      .map((v) => `ARRAY_CONTAINS(CAST(${stringLiteral(v)} AS VARIANT), ${listExpr})`)
      .join(' AND ')})`,
  emptyList: () => 'ARRAY_CONSTRUCT()',

  // DISTINCT with WITHIN GROUP must order by the aggregated expression itself; ARRAY_AGG skips NULLs.
  sortedDistinctList: (expr, cond) => {
    const value = when(cond, expr);
    return `ARRAY_AGG(DISTINCT ${value}) WITHIN GROUP (ORDER BY ${value})`;
  },
  argByTime: (which, value, ts, messageId, cond) => {
    const fn = which === 'min' ? 'MIN_BY' : 'MAX_BY';
    return `${fn}(${when(cond, value)}, ${when(cond, timeKey(ts, messageId))})`;
  },
  codePointOrder: (expr) => `(${expr}) COLLATE 'utf8'`,

  sourceRelation: (table) => quoteQualified(splitQualified(table)),
  temporaryTable: 'CREATE OR REPLACE TEMPORARY TABLE',

  // OBJECT_CONSTRUCT leaves out keys whose value is NULL.
  jsonObject: (entries) =>
    `OBJECT_CONSTRUCT(${entries.map((e) => `${stringLiteral(e.key)}, ${e.value}`).join(', ')})`,
};
