/**
 * PostgreSQL.
 *
 * String literals are always written as escape strings `E'…'` with `\` and `'`
 * doubled: their meaning does not depend on `standard_conforming_strings`
 * (a plain `'a\b'` means `a\b` when it is on and `a<BS>` when it is off).
 * Text ordering uses `COLLATE "C"` (byte order of UTF-8 = code point order)
 * wherever an order is observable, never the database's locale.
 */
import type { ValueType } from '../../project/types.js';
import { knexPostgresClient } from './knex-clients.js';
import type { Dialect, ScalarType } from '../dialect.js';
import { familyHooks, numberLiteral, quoteQualified, splitQualified } from './family.js';

const TYPES: Record<ValueType, string> = {
  string: 'text',
  number: 'double precision',
  boolean: 'boolean',
  timestamp: 'timestamptz',
  list: 'text[]',
};

const JSON_TYPES: Record<ScalarType, string> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  timestamp: 'string',
};

/** A timestamp string we are willing to cast (PostgreSQL has no TRY_CAST). */
const TIMESTAMP_TEXT =
  '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?$';

function stringLiteral(s: string): string {
  if (s.includes('\u0000')) throw new Error('internal: NUL in SQL string literal');
  return `E'${s.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

function textArray(values: readonly string[]): string {
  return `CAST(ARRAY[${values.map(stringLiteral).join(', ')}] AS text[])`;
}

export const postgres: Dialect = {
  name: 'postgres',
  knexClient: knexPostgresClient,
  capabilities: {
    aggregateFilter: true,
    readsFiles: false,
    temporaryTables: true,
    // Each event's rows step only its own aggregates: on the scale benchmark
    // (SF 0.1) the partials of tracks took 4.1 s of server CPU instead of 5.1,
    // six reads of the staged events costing less than every row stepping
    // every event's CASE (BENCHMARKS.md, issue 14).
    partialsPerEvent: true,
  },
  // NAMEDATALEN - 1: longer names are truncated (https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS).
  maxIdentifierBytes: 63,

  ...familyHooks(stringLiteral, TYPES),
  numberLiteral: (n) => `CAST(${numberLiteral(n)} AS double precision)`,
  listLiteral: (strings) => textArray(strings),
  jsonColumnType: 'jsonb',
  // bigint × interval goes through double precision: exact for any gap a program can write.
  plusMilliseconds: (expr, ms) => `(${expr} + ${numberLiteral(ms)} * INTERVAL '1 millisecond')`,

  jsonProperty(jsonExpr, name, type) {
    const key = stringLiteral(name);
    const text = `(${jsonExpr} ->> ${key})`;
    const isType = `jsonb_typeof(${jsonExpr} -> ${key}) = ${stringLiteral(JSON_TYPES[type])}`;
    if (type === 'string') return `CASE WHEN ${isType} THEN ${text} END`;
    if (type === 'number') return `CASE WHEN ${isType} THEN CAST(${text} AS double precision) END`;
    if (type === 'boolean') return `CASE WHEN ${isType} THEN CAST(${text} AS boolean) END`;
    return `CASE WHEN ${isType} AND ${text} ~ ${stringLiteral(TIMESTAMP_TEXT)} THEN CAST(${text} AS timestamptz) END`;
  },
  listContainsAny: (listExpr, values) => `(${listExpr} && ${textArray(values)})`,
  listContainsAll: (listExpr, values) => `(${listExpr} @> ${textArray(values)})`,
  emptyList: () => `CAST(ARRAY[] AS text[])`,

  // md5() is lower-case hex; `x…` text casts to a bit string, and bit(32) to bigint is unsigned.
  splitBucket: (split, idExpr) =>
    `(CAST(CAST(('x' || substr(md5(${stringLiteral(`${split}:`)} || ${idExpr}), 1, 8)) AS bit(32)) AS bigint) % 10000)`,

  sortedDistinctList: (expr, cond) =>
    `array_agg(DISTINCT (${expr}) COLLATE "C" ORDER BY (${expr}) COLLATE "C") FILTER (WHERE ${expr} IS NOT NULL AND (${cond}))`,
  // PostgreSQL sorts NULL as larger than any value (NULLS LAST ascending, FIRST
  // descending: https://www.postgresql.org/docs/current/queries-order.html);
  // LANGUAGE.md §5 wants a missing message id smallest, so it is said explicitly.
  argByTime: (which, value, ts, messageId, cond) => {
    const order =
      which === 'min'
        ? `${ts} ASC, ${messageId} COLLATE "C" ASC NULLS FIRST`
        : `${ts} DESC, ${messageId} COLLATE "C" DESC NULLS LAST`;
    return `(array_agg(${value} ORDER BY ${order}) FILTER (WHERE ${cond}))[1]`;
  },
  codePointOrder: (expr) => `(${expr}) COLLATE "C"`,

  sourceRelation: (table) => quoteQualified(splitQualified(table)),
  temporaryTable: 'CREATE TEMPORARY TABLE',
  // ANALYZE too: a temporary table has no statistics until analyzed (autovacuum never
  // sees it), and without them the planner guessed 200 groups for every partial.
  eventScanByEvent: (table) => [`CREATE INDEX ON ${table} (event)`, `ANALYZE ${table}`],

  jsonObject: (entries) =>
    `jsonb_strip_nulls(jsonb_build_object(${entries.map((e) => `${stringLiteral(e.key)}, ${e.value}`).join(', ')}))`,
};
