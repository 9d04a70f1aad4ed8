/**
 * DuckDB. Strings are standard `'…'` literals (backslash is an ordinary
 * character in DuckDB), VARCHAR compares by byte = code point order (UTF-8)
 * unless a collation is configured, so no COLLATE is needed.
 */
import type { ValueType } from '../../project/types.js';
import { knexPostgresClient } from './knex-clients.js';
import type { Dialect } from '../dialect.js';
import {
  familyHooks,
  numberLiteral,
  quoteQualified,
  splitQualified,
  standardStringLiteral,
} from './family.js';

const TYPES: Record<ValueType, string> = {
  string: 'VARCHAR',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMPTZ',
  list: 'VARCHAR[]',
};

/** A file path or glob read in place: `*.parquet`, `data/*.csv`, `events.ndjson`… */
const FILE_READERS: Array<[RegExp, string]> = [
  [/\.parquet$/i, 'read_parquet'],
  [/\.csv$/i, 'read_csv_auto'],
  [/\.(json|ndjson|jsonl)$/i, 'read_json_auto'],
];

function jsonPath(name: string): string {
  // `$."…"`: DuckDB's JSONPath accepts a quoted key; a key containing `"` cannot be
  // expressed there, and property names are identifiers, so reject it loudly.
  if (name.includes('"')) throw new Error(`internal: property name with a quote: ${name}`);
  return standardStringLiteral(`$."${name}"`);
}

function stringLiteral(s: string): string {
  return standardStringLiteral(s);
}

// arg_min/arg_max over a struct key compare (ts, message id) field by field,
// several times faster than sorting per group (array_agg … ORDER BY)[1]. The
// `_null` variants keep a NULL value (plain arg_min skips such rows). A NULL
// struct field compares largest (DuckDB's default NULLS LAST,
// https://duckdb.org/docs/sql/query_syntax/orderby), but LANGUAGE.md §5 puts
// an event without a message id *before* every id at the same time: the flag
// `k` (false for a missing id) comes before the id, so such an event wins
// `first` and loses `last`.
function argByKey(
  which: 'min' | 'max',
  value: string,
  ts: string,
  messageId: string,
  cond: string,
): string {
  const fn = which === 'min' ? 'arg_min_null' : 'arg_max_null';
  return `${fn}(${value}, {'t': ${ts}, 'k': ${messageId} IS NOT NULL, 'm': ${messageId}}) FILTER (WHERE ${cond})`;
}

// Events in LANGUAGE.md §5's order as one BLOB that compares bytewise: the
// time, then FALSE for a missing message id (before every id at that time),
// then the id (VARCHAR order is code point order). create_sort_key's
// encoding preserves each part's order; NULLS LAST only ever meets the id
// of an event without one, whose flag already decided.
function eventOrderKey(ts: string, messageId: string): string {
  return `create_sort_key(${ts}, 'ASC NULLS LAST', ${messageId} IS NOT NULL, 'ASC NULLS LAST', ${messageId}, 'ASC NULLS LAST')`;
}

export const duckdb: Dialect = {
  name: 'duckdb',
  knexClient: knexPostgresClient,
  capabilities: {
    aggregateFilter: true,
    readsFiles: true,
    temporaryTables: true,
    partialsPerEvent: true,
    valuesNullsAfterGrouping: true,
  },

  ...familyHooks(stringLiteral, TYPES),
  numberLiteral: (n) => `CAST(${numberLiteral(n)} AS DOUBLE)`,
  listLiteral: (strings) => `CAST([${strings.map(stringLiteral).join(', ')}] AS VARCHAR[])`,
  jsonColumnType: 'JSON',
  // Not `n * INTERVAL '1 millisecond'`: DuckDB casts n to a 32-bit integer there, so a
  // sequence gap of 25 days or more failed; to_milliseconds takes the count whole.
  plusMilliseconds: (expr, ms) => `(${expr} + to_milliseconds(${numberLiteral(ms)}))`,

  // A string is json_type then json_extract_string (each parses the document;
  // in one expression, ways of parsing once measured slower, the second being
  // a CASE branch; the staging scan uses jsonPropertyInTwoSteps below).
  // A number or boolean needs one parse: the value's JSON text, cast — the
  // text of a number is what json_extract_string gave, and no other JSON text
  // (quoted, true/false/null, [ or {) casts to a number: ~20% less CPU for a
  // string and a number property (BENCHMARKS.md, issue 14).
  jsonProperty(jsonExpr, name, type) {
    const path = jsonPath(name);
    const json = `CAST(json_extract(${jsonExpr}, ${path}) AS VARCHAR)`;
    const text = `json_extract_string(${jsonExpr}, ${path})`;
    switch (type) {
      case 'number':
        return `TRY_CAST(${json} AS DOUBLE)`;
      case 'boolean':
        return `CASE ${json} WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END`;
      case 'string':
        return `CASE WHEN json_type(${jsonExpr}, ${path}) = 'VARCHAR' THEN ${text} END`;
      case 'timestamp':
        return `CASE WHEN json_type(${jsonExpr}, ${path}) = 'VARCHAR' THEN TRY_CAST(${text} AS TIMESTAMPTZ) END`;
    }
  },
  // In the staging scan a string is one json_extract_string, whose text is
  // the property's unless it could be the text of another JSON type (a
  // number, true/false, NaN/Infinity, an object or array: they start with one
  // of these characters); only then does json_type parse the document again.
  // The text must be a column of its own (an inner query): DuckDB evaluates a
  // repeated expression inside CASE once per occurrence. Feature Used at SF 1:
  // its string property 885 -> 680 ms CPU (BENCHMARKS.md, issue 14).
  jsonPropertyInTwoSteps(jsonExpr, name, type) {
    if (type !== 'string' && type !== 'timestamp') return undefined;
    const path = jsonPath(name);
    return {
      json: jsonExpr,
      text: `json_extract_string(${jsonExpr}, ${path})`,
      typed: (text, json) => {
        const string = `CASE WHEN regexp_matches(${text}, '^[-+.0-9\\[{FINTfint]') THEN CASE WHEN json_type(${json}, ${path}) = 'VARCHAR' THEN ${text} END ELSE ${text} END`;
        return type === 'string' ? string : `TRY_CAST(${string} AS TIMESTAMPTZ)`;
      },
    };
  },
  listContainsAny: (listExpr, values) =>
    `list_has_any(${listExpr}, CAST([${values.map(stringLiteral).join(', ')}] AS VARCHAR[]))`,
  listContainsAll: (listExpr, values) =>
    `list_has_all(${listExpr}, CAST([${values.map(stringLiteral).join(', ')}] AS VARCHAR[]))`,
  emptyList: () => 'CAST([] AS VARCHAR[])',

  // md5() is lower-case hex; DuckDB casts a `0x…` string to an integer as hexadecimal.
  splitBucket: (split, idExpr) =>
    `(CAST(('0x' || substr(md5(${stringLiteral(`${split}:`)} || ${idExpr}), 1, 8)) AS BIGINT) % 10000)`,

  // No DISTINCT: the caller's rows hold distinct values (Dialect.sortedDistinctList), and
  // an ordered `list` is the cheapest form measured: `array_agg(DISTINCT x ORDER BY x)`
  // took 134 ms for a `unique` of 92,000 (user, value) rows at SF 0.1,
  // `list_sort(list_distinct(list(x)))` 58 ms, and in the user feature table the
  // ordered list is ~30 ms below the latter (BENCHMARKS.md, issue 14).
  sortedDistinctList: (expr, cond) =>
    `list(${expr} ORDER BY ${expr}) FILTER (WHERE ${expr} IS NOT NULL AND (${cond}))`,
  argByTime: argByKey,
  // Struct keys compare field by field, as ORDER BY count DESC, order ASC does.
  mostFrequent: (value, count, order) => `arg_min(${value}, {'n': -(${count}), 'o': ${order}})`,
  // A map of value -> count in the partials' own pass over the event, instead of
  // a second scan, parse and GROUP BY of the same rows (BENCHMARKS.md, issue 14).
  // A number's key is its text: histogram() of a DOUBLE counts NaN with 0. The
  // text round-trips exactly; + 0.0 makes -0.0 the 0.0 GROUP BY groups it with,
  // and every NaN is one key, as they are one group.
  valueHistogram: {
    aggregate: (key) => `histogram(${key})`,
    key: (value, type) =>
      type === 'string'
        ? value
        : `CASE WHEN isnan(${value}) THEN 'NaN' ELSE CAST(${value} + 0.0 AS VARCHAR) END`,
    value: (column, type) =>
      type === 'string'
        ? `unnest(map_keys(${column}))`
        : `CAST(unnest(map_keys(${column})) AS DOUBLE)`,
    // histogram counts are UBIGINT; BIGINT as count(*) gives (most_frequent negates it).
    count: (column) => `CAST(unnest(map_values(${column})) AS BIGINT)`,
  },
  // The record of a first/last: the value of the row with the least (greatest)
  // binary sort key of (ts, message id) and that key. Both aggregates take a
  // scalar key (arg_min_null of a struct key, or of a struct value, goes
  // through DuckDB's generic sort-key path per row, twice); the key is
  // computed once per row, and records of different groups compare by it.
  // Feature Used's first_feature at SF 1: the aggregate ~950 -> ~700 ms CPU
  // (BENCHMARKS.md, issue 14).
  argByTimeRecord: (which, fields, ts, messageId, cond) => {
    const key = eventOrderKey(ts, messageId);
    const fn = which === 'min' ? 'arg_min_null' : 'arg_max_null';
    const values = fields.map(
      ([name, value]) => `${stringLiteral(name)}: ${fn}(${value}, ${key}) FILTER (WHERE ${cond})`,
    );
    return `{${[...values, `'k': ${which}(${key}) FILTER (WHERE ${cond})`].join(', ')}}`;
  },
  argByTimeOfRecords: (which, record, name) => {
    const fn = which === 'min' ? 'arg_min_null' : 'arg_max_null';
    const key = `struct_extract(${record}, 'k')`;
    return `${fn}(struct_extract(${record}, ${stringLiteral(name)}), ${key}) FILTER (WHERE ${key} IS NOT NULL)`;
  },
  recordField: (record, name) => `struct_extract(${record}, ${stringLiteral(name)})`,
  codePointOrder: (expr) => expr,

  sourceRelation(table) {
    const reader = FILE_READERS.find(([pattern]) => pattern.test(table));
    if (reader) return `${reader[1]}(${stringLiteral(table)})`;
    return quoteQualified(splitQualified(table));
  },
  temporaryTable: 'CREATE OR REPLACE TEMPORARY TABLE',
  // https://duckdb.org/docs/stable/operations_manual/securing_duckdb/overview: once external
  // access is off, allowed_directories can no longer be changed in this instance.
  fileSearchPath: (folder) => `SET file_search_path = ${stringLiteral(folder)}`,
  confineFileAccess: (directories) => [
    `SET allowed_directories = [${directories.map(stringLiteral).join(', ')}]`,
    'SET enable_external_access = false',
  ],
  // Measured on the scale benchmark (issue 14): a table copy of the event scan
  // cost more than half of the script's time and its peak memory; as a view,
  // each reader's scan feeds its aggregates directly (the JSON of an event is
  // parsed again only by the few per-value readers, on their events alone).
  temporaryView: 'CREATE OR REPLACE TEMPORARY VIEW',

  // json_object keeps NULL members; an RFC 7396 merge patch onto `{}` drops them.
  jsonObject: (entries) =>
    entries.length === 0
      ? `CAST('{}' AS JSON)`
      : `json_merge_patch('{}', json_object(${entries.map((e) => `${stringLiteral(e.key)}, ${e.value}`).join(', ')}))`,
  readJsonLines: (path, columns) =>
    `read_json(${stringLiteral(path)}, format = 'newline_delimited', columns = {${columns
      .map(([name, type]) => `${stringLiteral(name)}: ${stringLiteral(type)}`)
      .join(', ')}})`,
  jsonStringList(jsonExpr, name) {
    const path = jsonPath(name);
    return `CASE WHEN json_type(${jsonExpr}, ${path}) = 'ARRAY' THEN from_json(json_extract(${jsonExpr}, ${path}), '["VARCHAR"]') END`;
  },
};
