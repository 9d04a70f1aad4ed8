/**
 * One interface per warehouse dialect (ARCHITECTURE.md §Practices 4–5).
 *
 * The compiler builds SQL only through these hooks: every identifier goes
 * through `quoteIdentifier`/`quoteQualified`, every value through one of the
 * `*Literal` functions, so escaping is implemented once per dialect and
 * covered by one contract test over an injection corpus. Compiler code never
 * branches on `name`; a dialect difference is a hook or a capability flag.
 *
 * Arguments named `expr`, `value`, `cond`… are SQL fragments the compiler has
 * already built (never user text); arguments named `name`, `s`, `strings`,
 * `literal` are raw user values that the hook escapes.
 */
import type { Knex } from 'knex';
import type { DialectName, ValueType } from '../project/types.js';

/** A Knex client class, as a compile-only Knex instance extends it (`src/sql/knex-client.ts`). */
export type KnexClientClass = new (config: Knex.Config) => {
  wrapIdentifierImpl(value: string): string;
  _escapeBinding(value: unknown, context?: unknown): string;
  queryCompiler(builder: unknown, formatter?: unknown): object;
};

/** A property type readable from an event's JSON `properties` (lists never are). */
export type ScalarType = Exclude<ValueType, 'list'>;

/** One key of `Dialect.jsonObject`: `value` is a SQL expression of `type`. */
export interface JsonObjectEntry {
  key: string;
  value: string;
  type: ScalarType;
}

/**
 * A JSON property read in two steps (`Dialect.jsonPropertyInTwoSteps`): `text`
 * is computed once per row in an inner query and `typed` turns that column
 * into the property's value in the query around it.
 */
export interface TwoStepJsonProperty {
  /** The document, as the inner query computes it for `typed`'s `json` column. */
  json: string;
  /** An expression over the inner query's row (the one parse of the document). */
  text: string;
  /**
   * The typed value from the inner query's `text` column; `json` is the
   * document as a column of that query, for the rows `text` alone cannot decide.
   */
  typed(text: string, json: string): string;
}

export interface DialectCapabilities {
  /** `agg(...) FILTER (WHERE ...)` is supported (else the compiler uses CASE inside the aggregate). */
  aggregateFilter: boolean;
  /** A source `table` may be a file path or glob read in place (DuckDB `read_parquet` & co). */
  readsFiles: boolean;
  /** `CREATE TEMPORARY TABLE` is session-scoped and needs no schema. */
  temporaryTables: boolean;
  /**
   * `SELECT DISTINCT ON (key) …` is supported (DuckDB, PostgreSQL). When
   * false (absent counts as true) the compiler keeps one row per key with
   * `row_number()` in a subquery instead, which every warehouse supports.
   */
  distinctOn?: boolean;
  /**
   * The scalar partials of `tracks` are one GROUP BY per event name, each
   * reading only its event's rows from the event scan, instead of one GROUP
   * BY over all events (absent counts as false). Each row then updates only
   * the aggregates of its own event rather than every one (in one wide GROUP
   * BY a row of one event still steps every other event's `CASE`), at the
   * price of reading the event scan once per event: worth it where that read
   * is cheap and the engine is charged by work, not bytes scanned (DuckDB,
   * where the scan is a view; PostgreSQL, where it is a temporary table;
   * BENCHMARKS.md, issue 14).
   */
  partialsPerEvent?: boolean;
  /**
   * A per-value relation drops the rows without a value after grouping
   * (`HAVING count(value) > 0`) instead of before it (`WHERE value IS NOT
   * NULL`; absent counts as false). Where the engine computes an expression
   * repeated within one operator once (DuckDB), the WHERE form parses the
   * property twice, in the filter and again for the group key, while the
   * HAVING form parses it once; a warehouse that evaluates each occurrence
   * gains nothing and keeps the NULL group's rows longer (scale benchmark,
   * SF 1: `reports_seen_90d`'s counts -19% CPU; BENCHMARKS.md, issue 14).
   */
  valuesNullsAfterGrouping?: boolean;
}

export interface Dialect {
  name: DialectName;
  capabilities: DialectCapabilities;
  /**
   * The longest identifier the warehouse keeps, in UTF-8 bytes (absent: no
   * limit), for every kind of name roster writes: where a warehouse allows
   * different lengths per kind (BigQuery: 300 for columns, 1024 for tables
   * and datasets), the shortest. The only definition of the limit: names the
   * compiler invents are fitted to it (`names.ts`; user-written source tables
   * and columns never are), and `roster check` refuses a longer `state.schema`.
   */
  maxIdentifierBytes?: number;
  /**
   * The Knex client this dialect's compile-only Knex instance extends
   * (`dialects/knex-clients.ts`): its query compiler writes the relations the
   * compiler assembles with Knex's builder; quoting and literals stay this
   * dialect's (`wrapIdentifierImpl`, `_escapeBinding`).
   */
  knexClient(): KnexClientClass;

  // ------------------------------------------------------------ escaping contract
  /** `"name"` with embedded `"` doubled. Any non-empty string without NUL round-trips. */
  quoteIdentifier(name: string): string;
  /** A dot-qualified name from its parts (`schema.table`), each part quoted. */
  quoteQualified(parts: readonly string[]): string;
  /**
   * The name the warehouse's catalog (`information_schema`) lists for an
   * object created as `quoteIdentifier(name)`, where it differs from `name`
   * (Snowflake upper-cases foldable names): the state adapter looks its
   * tables up by it. Absent: `name` itself.
   */
  catalogName?(name: string): string;
  /** A string literal whose value is exactly `s` (any string without NUL). */
  stringLiteral(s: string): string;
  /** A finite number as a DOUBLE-compatible literal (negative numbers are parenthesised). */
  numberLiteral(n: number): string;
  booleanLiteral(b: boolean): string;
  /** An ISO-8601 instant as a TIMESTAMPTZ value. */
  timestampLiteral(iso: string): string;
  /** A list of strings as a value of `columnType('list')`. */
  listLiteral(strings: readonly string[]): string;
  /** A typed NULL (so UNIONs and CASEs keep their types). */
  nullLiteral(type: ValueType): string;

  // ------------------------------------------------------------ types
  /** duckdb: VARCHAR, DOUBLE, BOOLEAN, TIMESTAMPTZ, VARCHAR[]; postgres: text, double precision, boolean, timestamptz, text[]. */
  columnType(type: ValueType): string;
  /** duckdb JSON, postgres jsonb. */
  jsonColumnType: string;
  /** `CAST(expr AS <columnType(type)>)`. */
  cast(expr: string, type: ValueType): string;
  /**
   * The configured `properties` column as a value `jsonProperty` can read.
   * Absent: `CAST(expr AS <jsonColumnType>)` (DuckDB, PostgreSQL). Warehouses
   * whose JSON type has no cast from text (BigQuery JSON, Snowflake VARIANT,
   * Redshift SUPER) read the column as it is and document the type they expect.
   */
  jsonValue?(expr: string): string;

  /**
   * A JSON object (of `jsonColumnType`) built from typed columns, one key per
   * entry whose value is not NULL (a NULL column is a missing property, as a
   * missing key is in the json layout); `{}` for no entries. `layout: segment`
   * builds the `properties` of `{{ tracks }}`/`{{ pages }}` with it.
   */
  jsonObject?(entries: ReadonlyArray<JsonObjectEntry>): string;
  /**
   * A FROM item reading newline-delimited JSON file(s) in place (a path or
   * glob; `.gz` read as gzip) with exactly `columns` (name as in the JSON →
   * SQL type; a key a line lacks reads as NULL). Only dialects that read files
   * (DuckDB) have it: `layout: segment_archive` needs it.
   */
  readJsonLines?(path: string, columns: ReadonlyArray<readonly [string, string]>): string;
  /** The JSON array at key `name` of an object as `columnType('list')` (elements as text); NULL when not an array. */
  jsonStringList?(jsonExpr: string, name: string): string;

  // ------------------------------------------------------------ expressions
  /**
   * A property of a JSON object, typed. A value of another JSON type (or a
   * timestamp string that does not parse) reads as NULL, never a cast error.
   */
  jsonProperty(jsonExpr: string, name: string, type: ScalarType): string;
  /**
   * The same value as `jsonProperty` in two steps, where that parses the
   * document fewer times once the first step is a column of its own (the
   * event staging scan nests its query for it); undefined for a type that
   * gains nothing. Absent: one expression.
   */
  jsonPropertyInTwoSteps?(
    jsonExpr: string,
    name: string,
    type: ScalarType,
  ): TwoStepJsonProperty | undefined;
  /** Case-sensitive substring/prefix/suffix tests; `%`, `_`, `\` in `literal` match literally. */
  stringContains(expr: string, literal: string): string;
  stringStartsWith(expr: string, literal: string): string;
  stringEndsWith(expr: string, literal: string): string;
  /** The list contains at least one of / every one of `values` (NULL on a NULL list). */
  listContainsAny(listExpr: string, values: readonly string[]): string;
  listContainsAll(listExpr: string, values: readonly string[]): string;
  /** Expression for an empty list of strings. */
  emptyList(): string;

  /**
   * The bucket of a split (LANGUAGE.md §12.5) as an integer 0…9999: the first
   * 8 hex digits of the lower-case hex MD5 of the UTF-8 text `split || ':' ||
   * idExpr`, read as an unsigned base-16 integer, mod 10000. `split` is the
   * split's name (raw, escaped by the hook); `idExpr` a non-NULL text expression.
   */
  splitBucket(split: string, idExpr: string): string;

  /** A timestamp expression plus a whole number of milliseconds (the gap of a sequence step). */
  plusMilliseconds(expr: string, ms: number): string;

  // ------------------------------------------------------------ aggregates
  /**
   * Sorted (by code point), distinct list of the non-NULL string values of
   * `expr` over the rows where `cond` holds; NULL when there are none. The
   * caller's rows hold distinct values (grouped first, by `exactText` where
   * there is one), so a dialect may leave DISTINCT out: one whose DISTINCT is
   * inexact must, and DuckDB does because an ordered list costs less.
   */
  sortedDistinctList(expr: string, cond: string): string;
  /**
   * The `value` of the row with the smallest (`min`) / largest (`max`)
   * (ts, messageId) among rows where `cond` holds (the caller adds
   * `value IS NOT NULL` where missing values must be skipped); message ids
   * compared by code point.
   */
  argByTime(
    which: 'min' | 'max',
    value: string,
    ts: string,
    messageId: string,
    cond: string,
    /** The type of `value` (warehouses whose idiom returns an untyped value cast it back). */
    type?: ValueType,
  ): string;
  /**
   * `argByTime` as a record of partials that roll up: per group, the `fields`
   * (name → SQL expression) of the row `argByTime` would pick, with whatever
   * the dialect needs to compare records from different groups;
   * `recordField` reads a field back and `argByTimeOfRecords` combines
   * records. Absent (with the other two): the compiler keeps the value, time
   * and message id of the winning row as three `argByTime` columns. On DuckDB
   * the record is the value's `arg_min_null` by a binary sort key of (ts,
   * message id) and that key's `min`: about a third of the cost of three
   * `arg_min_null` over a struct key, and below one over a struct of value,
   * time and message id (scale benchmark, BENCHMARKS.md, issue 14).
   */
  argByTimeRecord?(
    which: 'min' | 'max',
    fields: ReadonlyArray<readonly [name: string, value: string]>,
    ts: string,
    messageId: string,
    cond: string,
  ): string;
  /**
   * Field `name` of the record, among the records `argByTimeRecord` built in
   * the rows grouped (NULL-valued ones skipped), that holds the smallest
   * (`min`) / largest (`max`) event order: the same value `argByTime` over
   * all of those records' events would give.
   */
  argByTimeOfRecords?(which: 'min' | 'max', record: string, name: string): string;
  /** Field `name` of a record `argByTimeRecord` built (NULL when the record is NULL). */
  recordField?(record: string, name: string): string;
  /**
   * `most_frequent` as one aggregate over rows `(value, count)` holding
   * distinct values: the `value` with the largest `count`, ties to the
   * smallest `order` (the value's sort key). Absent: the compiler ranks the
   * rows with `row_number()` and keeps the first. On DuckDB an arg-min over
   * the record (−count, order) costs half the window's CPU (BENCHMARKS.md,
   * issue 14).
   */
  mostFrequent?(value: string, count: string, order: string): string;
  /**
   * Per-value counts as one more aggregate of another pass over the same
   * rows: `aggregate(k)` counts each distinct non-NULL key `k`, where
   * `key(value, type)` is a key equal for two values exactly when GROUP BY
   * puts them in one group (NULL for NULL); `value` and `count` read one
   * value (of `type`) and its count back from that aggregate's column, one
   * row per value (set-returning select items, in step with each other).
   * Present where that costs less than a GROUP BY of its own reading the
   * events again: the compiler then folds a per-value relation of a string or
   * a number into its event's partials (DuckDB `histogram`: BENCHMARKS.md,
   * issue 14).
   */
  valueHistogram?: {
    aggregate(key: string): string;
    key(value: string, type: 'string' | 'number'): string;
    value(column: string, type: 'string' | 'number'): string;
    count(column: string): string;
  };
  /** `expr` compared by code point (for ORDER BY and MIN/MAX of strings). */
  codePointOrder(expr: string): string;
  /**
   * A key of a string for `=`, `<>`, `IN`, GROUP BY and ORDER BY that is equal
   * only for equal strings and sorts as they do by code point; warehouses whose
   * comparisons ignore trailing blanks (Redshift) append a character below
   * every other. Absent: the expression itself (and `codePointOrder` to sort).
   */
  exactText?(expr: string): string;

  // ------------------------------------------------------------ relations
  /** A FROM item reading a configured source (`table` possibly dotted, or on DuckDB a file path/glob). */
  sourceRelation(table: string): string;
  /**
   * The words that begin a statement creating a session-scoped table from a
   * query (`CREATE TEMPORARY TABLE`, BigQuery `CREATE OR REPLACE TEMP TABLE`):
   * Knex has no builder for it, so `statements.ts` writes `<words> <name> AS
   * <query>` through Knex with the name bound as an identifier. Dropped with
   * Knex's `dropTableIfExists`.
   */
  temporaryTable: string;
  /**
   * The same for a session-scoped view. Present where the warehouse streams a
   * view into each reader's aggregates and reading the source again costs
   * less than writing a copy (DuckDB): the event scans (`event-scan`
   * relations) are then views, not tables, dropped with Knex's
   * `dropViewIfExists`. Absent: every relation is a temporary table.
   */
  temporaryView?: string;
  /**
   * Where the event scans are tables (no `temporaryView`): the statements run
   * right after the scan of `tracks` (`table`, quoted) is written, which the
   * compiler then writes in `event` order. Every later reader takes one
   * event's rows (per-event partials, per-value relations, a sequence's
   * steps); with an index on `event` over rows so ordered, and the table's
   * statistics, each reads only its event's pages instead of the whole scan
   * (PostgreSQL, scale benchmark at SF 0.1: the setup 8.4 → 6.5 s;
   * BENCHMARKS.md, issue 14). Absent: each reader scans the whole table.
   */
  eventScanByEvent?(table: string): string[];

  // ------------------------------------------------------------ session
  /**
   * Statements confining what SQL in the session may read from the local file
   * system to `directories` (each ending with the path separator), then
   * locking that setting. Present where SQL reads local files (DuckDB: a
   * user's SQL trait could otherwise read any file the process can);
   * absent: nothing to confine.
   */
  confineFileAccess?(directories: readonly string[]): string[];
  /**
   * The statement making relative file paths in SQL (a source's `table:` path)
   * relative to `folder`, whatever the process's working directory. Present
   * where SQL reads local files; absent: nothing to set.
   */
  fileSearchPath?(folder: string): string;
}
