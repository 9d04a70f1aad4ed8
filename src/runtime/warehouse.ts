/**
 * A connection to one warehouse session. Everything above this interface
 * (evaluation, `roster test`, plan/apply) talks SQL text through it and gets
 * rows of plain JS values back, so drivers stay behind one seam and are
 * loaded lazily (ARCHITECTURE.md, "Compiling needs no connection").
 *
 * Values in returned rows are plain JS (see normalizeRaw): timestamps are
 * ISO-8601 UTC strings with milliseconds, integers/decimals are numbers,
 * lists are arrays, JSON is parsed or text, NULL is null.
 *
 * One Warehouse is one session: temporary tables created by `execute` are
 * visible to later calls (the compiled `setup` relies on that). Calls must not
 * overlap; await each before the next.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DialectName } from '../project/types.js';

const untrusted = new AsyncLocalStorage<true>();

/**
 * Runs `work`, whose statements embed a user's SQL trait (issue 11.2): each
 * warehouse sends them so that exactly one statement runs (a second one
 * hidden in the text is refused), inside a read-only transaction where the
 * warehouse has one; writing the session's temporary tables stays allowed
 * (the trait's rows are stored in one). An async context, not a session
 * mode, so roster's own statements issued meanwhile (a lock renewal) are not
 * affected: they run under `runTrusted`.
 */
export function runUntrusted<T>(work: () => Promise<T>): Promise<T> {
  return untrusted.run(true, work);
}

/** Runs roster's own statements, even from inside `runUntrusted` work. */
export function runTrusted<T>(work: () => Promise<T>): Promise<T> {
  return untrusted.exit(work);
}

/** Whether the current statement embeds a user's SQL trait. */
export function isUntrusted(): boolean {
  return untrusted.getStore() === true;
}

export type Row = Record<string, unknown>;

export interface Warehouse {
  readonly dialect: DialectName;
  /** Runs one statement and returns all its rows. */
  query(sql: string): Promise<Row[]>;
  /** Runs one statement for its rows in batches, keeping memory flat for big results. */
  stream(sql: string, batchSize?: number): AsyncIterable<Row[]>;
  /** The column names a query returns, without reading its rows. */
  columns(sql: string): Promise<string[]>;
  /**
   * Runs one of roster's own statements and returns its result column by
   * column (`queryColumns` below falls back to `query` where a driver lacks
   * it): no object per row, for delivery's pages of the transitions table
   * and evaluation's results. Values as the driver gives them (a DuckDB
   * BIGINT as a bigint, a timestamp as a Date): callers convert what they read.
   */
  queryColumns?(sql: string): Promise<Record<string, unknown[]>>;
  /**
   * Runs one of roster's own read statements, whose one column is text (never
   * NULL), and gives its values in pages of `pageRows` (the last may be
   * shorter), while
   * this session stays free: other statements (a checkpoint's transaction,
   * the lock's renewals) may run between two pages, and the pages still read
   * what the statement saw when it started. One statement, however many
   * rows (delivery's read of a destination's transitions, issue 12.8).
   * DuckDB streams it on a second connection of the same database, since a
   * connection's next statement would end the stream: it sees what was
   * committed, not this session's temporary tables. PostgreSQL declares a
   * cursor WITH HOLD, which outlives the transactions committed between
   * pages (the server computes and keeps its rows when it is declared).
   * Absent where the driver offers neither (delivery reads pages instead).
   * Ending the iteration early frees the cursor.
   */
  cursor?(sql: string, pageRows: number): AsyncIterable<string[]>;
  /**
   * Runs one of roster's own read statements once and gives its rows (as
   * `query` gives them) in pages of at most `pageRows`, while this session
   * stays free: other statements (a checkpoint's transaction, the lock's
   * renewals) may run between two pages, and the pages still read what the
   * statement saw when it ran. One statement, however many rows, where
   * `cursor` is absent (the warehouses: delivery's read of a destination's
   * transitions, issue 12.8). Snowflake pages the statement's stored result
   * and BigQuery its query job's; Redshift runs it as a cursor on a
   * read-only session of its own (a cursor needs a transaction, and the
   * checkpoints' commits would end it), which sees committed tables only,
   * not this session's temporary tables. Ending the iteration early frees it.
   */
  readInPages?(sql: string, pageRows: number): AsyncIterable<Row[]>;
  /** Runs one statement (or a `;`-separated script on DuckDB) for its effect. */
  execute(sql: string): Promise<void>;
  /**
   * Lowers the memory an engine running in this process may hold to `bytes`
   * (never above its own limit) until the returned function puts its limit
   * back. DuckDB's memory_limit also bounds the blocks it keeps cached: below
   * it, blocks of tables it read or wrote give way (they are in the database
   * file), and what it cannot drop it spills to its temp_directory. For a
   * phase that needs little of the engine: delivery, so the state's rows it
   * reads and writes are not all kept in the process. Absent where the
   * engine runs elsewhere; a limit it cannot take is left as it was.
   */
  limitMemory?(bytes: number): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A database-side failure, with the driver's own message (shown to users as is). */
export class WarehouseError extends Error {
  constructor(
    message: string,
    readonly sql: string,
    /** The SQLSTATE where the driver gives one (PostgreSQL), e.g. `42501` for a missing privilege. */
    readonly sqlState?: string,
  ) {
    super(message);
    this.name = 'WarehouseError';
  }
}

/**
 * A target setting whose value a connector cannot use (after `${VAR}`):
 * open-warehouse.ts reports it as `runtime-bad-setting` at the setting's place,
 * before anything connects.
 */
export class BadSettingError extends Error {
  constructor(
    readonly key: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'BadSettingError';
  }
}

export function errorMessage(caught: unknown): string {
  return caught instanceof Error ? caught.message : String(caught);
}

/**
 * The warehouse's message on one line, without DuckDB's excerpt of the SQL
 * (`LINE 6: …`): a diagnostic is one line, and the statement is roster's, not
 * the user's.
 */
export function warehouseReason(caught: unknown): string {
  return errorMessage(caught)
    .replace(/\s*\n\s*LINE \d+:[\s\S]*$/, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/** A result column by column: the driver's own way when it has one, else `query`'s rows turned. */
export async function queryColumns(
  warehouse: Warehouse,
  sql: string,
): Promise<Record<string, unknown[]>> {
  if (warehouse.queryColumns) return warehouse.queryColumns(sql);
  return columnsOfRows(await warehouse.query(sql));
}

/** Rows turned into columns (named as the first row's keys). */
export function columnsOfRows(rows: readonly Row[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const key of Object.keys(rows[0] ?? {})) out[key] = rows.map((row) => row[key]);
  return out;
}
