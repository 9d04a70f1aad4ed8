/**
 * Snowflake through the official `snowflake-sdk`, imported lazily (see
 * load-driver.ts). One connection = one session, so temporary tables live
 * across statements; the session runs in UTC. Result column names that
 * Snowflake upper-cased (roster's unquoted aliases such as `id`, `value`)
 * come back in lower case, so rows look the same as on every other target.
 * Not exercised against a live account here: there is none in CI.
 */
import { optionalString, type Connect } from './connector.js';
import { WarehouseError, errorMessage } from '../warehouse.js';
import type { Row, Warehouse } from '../warehouse.js';
import { normalizeRaw } from '../values.js';
import { loadDriver, lowerFoldedKeys } from './load-driver.js';
import type { Dialect } from '../../sql/index.js';
import type { StateAdapter } from '../state/adapters/state-adapter.js';

export interface SnowflakeSettings {
  account: string;
  username?: string;
  password?: string;
  authenticator?: string;
  role?: string;
  warehouse?: string;
  database?: string;
  schema?: string;
  /** Give up connecting after this long (the SDK's `timeout`). */
  connectTimeoutMs?: number;
  /** STATEMENT_TIMEOUT_IN_SECONDS of the session. */
  statementTimeoutMs?: number;
}

/** A Node.js Readable's events, as `streamRows` gives them. */
interface SfRowStream {
  on(event: 'data', listener: (row: Row) => void): SfRowStream;
  on(event: 'error', listener: (error: Error) => void): SfRowStream;
  on(event: 'end', listener: () => void): SfRowStream;
}
interface SfStatement {
  getColumns(): Array<{ getName(): string }>;
  /** Rows of the result (known once `complete` was called). */
  getNumRows(): number;
  /** Rows `start` to `end` of the result, both included, zero-based (streamResult: true). */
  streamRows(options?: { start: number; end: number }): SfRowStream;
}
interface SfConnection {
  connect(callback: (error: Error | undefined) => void): void;
  execute(options: {
    sqlText: string;
    /** The rows are not handed to `complete`: read them with `streamRows`. */
    streamResult?: boolean;
    complete: (error: Error | undefined, statement: SfStatement, rows: Row[] | undefined) => void;
  }): void;
  destroy(callback: (error: Error | undefined) => void): void;
}
interface SnowflakeSdk {
  createConnection(options: Record<string, unknown>): SfConnection;
}

function normalizeRow(row: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(lowerFoldedKeys(row))) {
    out[key] = value instanceof Date ? value.toISOString() : normalizeRaw(value);
  }
  return out;
}

class SnowflakeWarehouse implements Warehouse {
  readonly dialect = 'snowflake' as const;
  constructor(private readonly connection: SfConnection) {}

  private run(sql: string, streamResult = false): Promise<{ rows: Row[]; statement: SfStatement }> {
    return new Promise((resolve, reject) => {
      this.connection.execute({
        sqlText: sql,
        ...(streamResult ? { streamResult } : {}),
        complete: (error, statement, rows) =>
          error
            ? reject(new WarehouseError(errorMessage(error), sql))
            : resolve({ rows: rows ?? [], statement }),
      });
    });
  }

  async query(sql: string): Promise<Row[]> {
    return (await this.run(sql)).rows.map(normalizeRow);
  }

  stream(sql: string, batchSize = 1000): AsyncIterable<Row[]> {
    return this.readInPages(sql, batchSize);
  }

  /**
   * One statement; its result, which Snowflake stores (for 24 hours:
   * https://docs.snowflake.com/en/user-guide/querying-persisted-results), is
   * read a page at a time with `streamRows({ start, end })`
   * (https://docs.snowflake.com/en/developer-guide/node-js/nodejs-driver-consume#batch-processing-results),
   * so no page holds the whole result, and other statements of the session
   * may run between pages.
   */
  async *readInPages(sql: string, pageRows: number): AsyncIterable<Row[]> {
    const size = Math.max(1, Math.trunc(pageRows));
    const { statement } = await this.run(sql, true);
    const total = statement.getNumRows();
    for (let start = 0; start < total; start += size) {
      const end = Math.min(total, start + size) - 1;
      const rows = await new Promise<Row[]>((resolve, reject) => {
        const page: Row[] = [];
        statement
          .streamRows({ start, end })
          .on('data', (row) => page.push(normalizeRow(row)))
          .on('error', (error) => reject(new WarehouseError(errorMessage(error), sql)))
          .on('end', () => resolve(page));
      });
      // A page short of its range would lose calls silently: refused instead.
      if (rows.length !== end - start + 1)
        throw new WarehouseError(
          `Snowflake gave ${rows.length} rows for rows ${start} to ${end} of a result of ${total}`,
          sql,
        );
      yield rows;
    }
  }

  async columns(sql: string): Promise<string[]> {
    const { statement } = await this.run(`SELECT * FROM (${sql}\n) AS roster_probe LIMIT 0`);
    return statement
      .getColumns()
      .map((c) => Object.keys(lowerFoldedKeys({ [c.getName()]: null }))[0]!);
  }

  // SQL traits (runUntrusted): the Node.js driver runs one statement per request unless MULTI_STATEMENT_COUNT
  // says otherwise (https://docs.snowflake.com/en/developer-guide/node-js/nodejs-driver-execute#executing-a-batch-of-sql-statements-multi-statement-support);
  // no read-only transaction exists: the role's grants bound what a trait can do.
  async execute(sql: string): Promise<void> {
    await this.run(sql);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.connection.destroy(() => resolve()));
  }
}

export async function openSnowflake(
  settings: SnowflakeSettings,
  importer?: (specifier: string) => Promise<unknown>,
): Promise<Warehouse> {
  const sdk = await loadDriver<SnowflakeSdk>('snowflake', importer);
  const { connectTimeoutMs, statementTimeoutMs, ...options } = settings;
  const connection = sdk.createConnection({
    ...options,
    ...(connectTimeoutMs !== undefined ? { timeout: connectTimeoutMs } : {}),
    application: 'roster',
  });
  await new Promise<void>((resolve, reject) =>
    connection.connect((error) =>
      error ? reject(new WarehouseError(errorMessage(error), '(connect)')) : resolve(),
    ),
  );
  const warehouse = new SnowflakeWarehouse(connection);
  await warehouse.execute("ALTER SESSION SET TIMEZONE = 'UTC'");
  if (statementTimeoutMs !== undefined)
    await warehouse.execute(
      `ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS = ${Math.max(1, Math.ceil(statementTimeoutMs / 1000))}`,
    );
  return warehouse;
}

/** The connector (connectors.ts). */
export const connect: Connect = (settings, options) => {
  const text = (key: string) => optionalString(settings, key);
  return openSnowflake({
    account: text('account') ?? '',
    username: text('user') ?? text('username'),
    password: text('password'),
    authenticator: text('authenticator'),
    role: text('role'),
    warehouse: text('warehouse'),
    database: text('database'),
    schema: options.schema ?? text('schema'),
    connectTimeoutMs: options.connectTimeoutMs,
    statementTimeoutMs: options.statementTimeoutMs,
  });
};

/**
 * The state adapter (connectors.ts): roster's state on Snowflake. `dialect` is the
 * snowflake dialect (the caller's registry, as src/runtime imports no values of src/sql).
 */
export const state = (dialect: Dialect): StateAdapter => ({
  dialect: 'snowflake',
  types: {
    text: 'VARCHAR',
    bigint: 'BIGINT',
    integer: 'INTEGER',
    boolean: 'BOOLEAN',
    timestamp: 'TIMESTAMP_TZ',
  },
  // Snowflake accepts PRIMARY KEY but does not enforce it: roster does not rely on one.
  enforcedPrimaryKey: '',
  now: 'CURRENT_TIMESTAMP()',
  addSeconds: (expr, seconds) => `DATEADD(second, ${Math.trunc(seconds)}, ${expr})`,
  castText: (expr) => `CAST(${expr} AS VARCHAR)`,
  jsonText: (expr) => `TO_JSON(TO_VARIANT(${expr}))`,
  addColumn: (table, column, type) =>
    `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} ${type}`,
  isDistinctFrom: (a, b) => `(${a} IS DISTINCT FROM ${b})`,
  // Hex-encoded SHA-256 of the text's UTF-8 bytes (https://docs.snowflake.com/en/sql-reference/functions/sha2).
  sha256Hex: (expr) => `SHA2(${expr}, 256)`,
  character: (code) => `CHR(${code})`,
  transactionalDdl: false,
  begin: 'BEGIN TRANSACTION',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  // The first UPDATE takes the table's lock (UPDATE/DELETE/MERGE do not run in
  // parallel on one table); the conditional UPDATE that follows starts after the
  // lock is held, so under READ COMMITTED it sees any holder committed before.
  takeLockStatements: (table, update) => [
    'BEGIN TRANSACTION',
    `UPDATE ${table} SET id = id WHERE id = 1`,
    update,
    'COMMIT',
  ],
  isConcurrentWrite: (message) => /waiters for this lock|deadlock|lock wait timeout/i.test(message),
  lockGuarantee: {
    primitive:
      "in one transaction, an UPDATE that takes the lock table's table lock, then the conditional UPDATE of the lock row: UPDATE, DELETE and MERGE statements hold locks that keep them from running in parallel on one table, and a statement sees what was committed before it began",
    source: 'https://docs.snowflake.com/en/sql-reference/transactions#resource-locking',
  },
  listTables: (schemaName) =>
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${dialect.stringLiteral(dialect.catalogName?.(schemaName) ?? schemaName)}`,
});
