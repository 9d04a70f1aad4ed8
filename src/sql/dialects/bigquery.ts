/**
 * BigQuery, GoogleSQL (https://cloud.google.com/bigquery/docs/reference/standard-sql).
 *
 * Identifiers are quoted with backticks and take the same escape sequences as
 * string literals (https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical#quoted_identifiers);
 * column names are case-insensitive, table names case-sensitive, so names are
 * written exactly as configured. `project.dataset.table` is quoted part by part.
 *
 * Strings: '…' where `\` starts an escape sequence and a raw newline is not
 * allowed, so `\`, `'`, CR/LF and the other C0 controls (and DEL) are escaped;
 * everything else stands for itself
 * (https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical#escape_sequences).
 *
 * STRING comparison is by UTF-8 bytes, which is code point order, so no
 * collation is written. There is no `FILTER (WHERE …)` (the compiler uses CASE)
 * and no `DISTINCT ON`. Temporary tables exist in multi-statement queries and
 * sessions: the connection runs every statement of a run in one session.
 */
import type { ValueType } from '../../project/types.js';
import { knexPostgresClient } from './knex-clients.js';
import type { Dialect } from '../dialect.js';
import { booleanLiteral, numberLiteral, splitQualified } from './family.js';
import {
  JSON_TYPE_NAMES,
  assertPropertyName,
  distinct,
  utcTimestampText,
  when,
} from './warehouse-common.js';

const TYPES: Record<ValueType, string> = {
  string: 'STRING',
  number: 'FLOAT64',
  boolean: 'BOOL',
  timestamp: 'TIMESTAMP',
  list: 'ARRAY<STRING>',
};

/** The body of a quoted literal or identifier: `\` and the quote escaped, controls as `\xhh`. */
function escapeBody(s: string, quote: "'" | '`'): string {
  if (s.includes('\u0000')) throw new Error('internal: NUL in SQL text');
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch < ' ' || ch === '\u007f')
      out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

function quoteIdentifier(name: string): string {
  if (name.length === 0) throw new Error('internal: empty SQL identifier');
  return `\`${escapeBody(name, '`')}\``;
}

function quoteQualified(parts: readonly string[]): string {
  return parts.map(quoteIdentifier).join('.');
}

function stringLiteral(s: string): string {
  return `'${escapeBody(s, "'")}'`;
}

function stringArray(values: readonly string[]): string {
  return `ARRAY<STRING>[${values.map(stringLiteral).join(', ')}]`;
}

export const bigquery: Dialect = {
  name: 'bigquery',
  knexClient: knexPostgresClient,
  // Column names: 300 characters; table names: 1024 bytes (https://cloud.google.com/bigquery/docs/schemas#column_names).
  maxIdentifierBytes: 300,
  capabilities: {
    aggregateFilter: false,
    readsFiles: false,
    temporaryTables: true,
    distinctOn: false,
  },

  quoteIdentifier,
  quoteQualified,
  stringLiteral,
  numberLiteral: (n) => `CAST(${numberLiteral(n)} AS FLOAT64)`,
  booleanLiteral,
  timestampLiteral: (iso) => `TIMESTAMP ${stringLiteral(utcTimestampText(iso))}`,
  listLiteral: (strings) => stringArray(strings),
  nullLiteral: (type) => `CAST(NULL AS ${TYPES[type]})`,

  columnType: (type) => TYPES[type],
  jsonColumnType: 'JSON',
  cast: (expr, type) => `CAST(${expr} AS ${TYPES[type]})`,
  plusMilliseconds: (expr, ms) =>
    `TIMESTAMP_ADD(${expr}, INTERVAL ${numberLiteral(ms)} MILLISECOND)`,
  // MD5 returns BYTES (https://cloud.google.com/bigquery/docs/reference/standard-sql/hash_functions#md5),
  // TO_HEX writes them lower-case, and a `0x…` string casts to INT64 as hexadecimal
  // (https://cloud.google.com/bigquery/docs/reference/standard-sql/conversion_functions#cast_as_int64).
  splitBucket: (split, idExpr) =>
    `MOD(CAST(CONCAT('0x', SUBSTR(TO_HEX(MD5(CONCAT(${stringLiteral(`${split}:`)}, ${idExpr}))), 1, 8)) AS INT64), 10000)`,
  // `properties` is expected as a JSON column (there is no CAST to JSON; text needs PARSE_JSON in a view).
  jsonValue: (expr) => expr,

  jsonProperty(jsonExpr, name, type) {
    assertPropertyName(name);
    const path = stringLiteral(`$."${name}"`);
    const node = `JSON_QUERY(${jsonExpr}, ${path})`;
    const test = `JSON_TYPE(${node}) = ${stringLiteral(JSON_TYPE_NAMES[type])}`;
    const value =
      type === 'string'
        ? `JSON_VALUE(${jsonExpr}, ${path})`
        : type === 'number'
          ? `LAX_FLOAT64(${node})`
          : type === 'boolean'
            ? `LAX_BOOL(${node})`
            : `SAFE_CAST(JSON_VALUE(${jsonExpr}, ${path}) AS TIMESTAMP)`;
    return `CASE WHEN ${test} THEN ${value} END`;
  },
  stringContains: (expr, literal) => `(STRPOS(${expr}, ${stringLiteral(literal)}) > 0)`,
  stringStartsWith: (expr, literal) => `STARTS_WITH(${expr}, ${stringLiteral(literal)})`,
  stringEndsWith: (expr, literal) => `ENDS_WITH(${expr}, ${stringLiteral(literal)})`,
  listContainsAny: (listExpr, values) =>
    `CASE WHEN ${listExpr} IS NOT NULL THEN EXISTS (SELECT 1 FROM UNNEST(${listExpr}) AS roster_v WHERE roster_v IN (${distinct(values).map(stringLiteral).join(', ')})) END`,
  listContainsAll: (listExpr, values) => {
    const wanted = distinct(values);
    return `CASE WHEN ${listExpr} IS NOT NULL THEN (SELECT COUNT(DISTINCT roster_v) FROM UNNEST(${listExpr}) AS roster_v WHERE roster_v IN (${wanted.map(stringLiteral).join(', ')})) = ${wanted.length} END`;
  },
  emptyList: () => 'ARRAY<STRING>[]',

  // With DISTINCT the ORDER BY key must be the aggregated expression; IGNORE NULLS because a NULL element is an error.
  sortedDistinctList: (expr, cond) => {
    const value = when(cond, expr);
    return `ARRAY_AGG(DISTINCT ${value} IGNORE NULLS ORDER BY ${value})`;
  },
  // A NULL message id must sort before every id (LANGUAGE.md §5). BigQuery sorts
  // NULL first ascending and last descending, and in an aggregate's ORDER BY
  // refuses the other placements ("NULLS LAST not supported with ascending sort
  // order in aggregate functions", https://github.com/tobymao/sqlglot/pull/4172),
  // so the default already is that order and nothing is written.
  argByTime: (which, value, ts, messageId, cond) => {
    const dir = which === 'min' ? 'ASC' : 'DESC';
    return `ARRAY_AGG(${when(cond, value)} IGNORE NULLS ORDER BY ${ts} ${dir}, ${messageId} ${dir} LIMIT 1)[SAFE_OFFSET(0)]`;
  },
  codePointOrder: (expr) => expr,

  sourceRelation: (table) => quoteQualified(splitQualified(table)),
  temporaryTable: 'CREATE OR REPLACE TEMP TABLE',

  jsonObject: (entries) =>
    `JSON_STRIP_NULLS(JSON_OBJECT(${entries.map((e) => `${stringLiteral(e.key)}, ${e.value}`).join(', ')}))`,
};
