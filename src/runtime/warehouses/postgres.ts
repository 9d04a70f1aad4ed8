/**
 * PostgreSQL through `pg`: one Client per Warehouse (temporary tables are
 * per session), with its own type parsers so this module never changes pg's
 * global defaults for anybody else in the process.
 */
import {
  optionalPort,
  optionalString,
  type Connect,
  type ConnectOptions,
  type Scratch,
} from './connector.js';
// Types only: `pg` is imported when a session opens (connector.ts: `check` loads no driver).
import type { Client, ClientConfig, CustomTypesConfig, QueryConfig, QueryResult } from 'pg';
import { WarehouseError, columnsOfRows, errorMessage, isUntrusted } from '../warehouse.js';
import type { Row, Warehouse } from '../warehouse.js';
import { toIsoInstant } from '../values.js';
import type { Dialect } from '../../sql/index.js';
import { familyState } from '../state/adapters/family.js';
import type { StateAdapter } from '../state/adapters/state-adapter.js';

const OID = {
  int8: 20,
  numeric: 1700,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  textArray: 1009,
  int8Array: 1016,
  numericArray: 1231,
  timestampArray: 1115,
  timestamptzArray: 1185,
  dateArray: 1182,
  /** Redshift's SUPER (redshift_connector's RedshiftOID.SUPER): sent as JSON text. */
  redshiftSuper: 4000,
} as const;

const asNumber = (text: string): number => Number(text);
// With the session in UTC, timestamptz prints as `2026-06-30 00:00:00+00`;
// plain timestamps have no zone and are read as UTC.
const asInstant = (text: string): string => toIsoInstant(text) ?? text;

function scalarParser(oid: number): ((text: string) => unknown) | undefined {
  switch (oid) {
    case OID.int8:
    case OID.numeric:
      return asNumber;
    case OID.date:
    case OID.timestamp:
    case OID.timestamptz:
      return asInstant;
    default:
      return undefined;
  }
}

const ARRAY_ELEMENTS: Record<number, number> = {
  [OID.int8Array]: OID.int8,
  [OID.numericArray]: OID.numeric,
  [OID.timestampArray]: OID.timestamp,
  [OID.timestamptzArray]: OID.timestamptz,
  [OID.dateArray]: OID.date,
};

/** pg's own parser of a type (`pg.types.getTypeParser`, whose typings list only scalar type ids; array ids are real oids too). */
export type DefaultParser = (oid: number, format: 'text' | 'binary') => unknown;

/** SUPER values arrive as their JSON text: a `unique` list is `["a","b"]`, read back as a list. */
function parseSuper(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The type parsers of a session over pg's own; Redshift adds SUPER (issue 10.5). */
export function sessionTypes(
  defaultParser: DefaultParser,
  options: { redshift?: boolean } = {},
): CustomTypesConfig {
  const types = postgresTypes(defaultParser);
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (options.redshift && oid === OID.redshiftSuper && format !== 'binary') return parseSuper;
      return (types.getTypeParser as (o: number, f?: 'text' | 'binary') => unknown)(oid, format);
    }) as CustomTypesConfig['getTypeParser'],
  };
}

const postgresTypes = (defaultParser: DefaultParser): CustomTypesConfig => ({
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      const scalar = scalarParser(oid);
      if (scalar) return scalar;
      const element = ARRAY_ELEMENTS[oid];
      if (element !== undefined) {
        const parseText = defaultParser(OID.textArray, 'text') as (t: string) => unknown;
        const parseElement = scalarParser(element) ?? asNumber;
        return (text: string) =>
          (parseText(text) as Array<string | null>).map((v) =>
            v === null ? null : parseElement(v),
          );
      }
    }
    return defaultParser(oid, format ?? 'text');
  }) as CustomTypesConfig['getTypeParser'],
});

interface PgErrorFields {
  detail?: string;
  hint?: string;
}

function pgMessage(caught: unknown): string {
  const fields = (typeof caught === 'object' && caught !== null ? caught : {}) as PgErrorFields;
  return [errorMessage(caught), fields.detail, fields.hint ? `hint: ${fields.hint}` : undefined]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join('\n');
}

/** The driver's error as a WarehouseError, with PostgreSQL's SQLSTATE (e.g. 42501, insufficient_privilege). */
function pgError(
  caught: unknown,
  sql: string,
  statementTimeoutMs: number | undefined,
): WarehouseError {
  const code = (caught as { code?: unknown } | null)?.code;
  return new WarehouseError(
    timeoutMessage(pgMessage(caught), statementTimeoutMs),
    sql,
    typeof code === 'string' ? code : undefined,
  );
}

let cursorCounter = 0;

/** Says what a timeout means; pg's own words ("Query read timeout") do not. */
function timeoutMessage(message: string, statementTimeoutMs: number | undefined): string {
  if (statementTimeoutMs === undefined) return message;
  if (!/query read timeout|canceling statement due to statement timeout/i.test(message))
    return message;
  return `no answer from the database within ${statementTimeoutMs / 1000} s (the target's statement_timeout): the connection stalled or the statement ran too long`;
}

class PostgresWarehouse implements Warehouse {
  readonly dialect = 'postgres' as const;
  /** A transaction of our own is open (a cursor's): statements join it. */
  private inTransaction = false;

  constructor(
    private readonly client: Client,
    /** PostgreSQL: `BEGIN READ ONLY` around untrusted statements (Redshift: extended protocol only). */
    private readonly readOnlyTransactions: boolean,
    private readonly statementTimeoutMs?: number,
  ) {}

  private async raw(sql: string): Promise<QueryResult> {
    try {
      return await this.client.query(sql);
    } catch (caught) {
      throw pgError(caught, sql, this.statementTimeoutMs);
    }
  }

  private async run(sql: string): Promise<QueryResult> {
    if (!isUntrusted()) return this.raw(sql);
    // The extended protocol's Parse message takes one statement: a second one
    // is refused ("cannot insert multiple commands into a prepared statement").
    // https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY
    const single = async (): Promise<QueryResult> => {
      try {
        return await this.client.query({ text: sql, queryMode: 'extended' } as QueryConfig);
      } catch (caught) {
        throw pgError(caught, sql, this.statementTimeoutMs);
      }
    };
    if (!this.readOnlyTransactions || this.inTransaction) return single();
    // A read-only transaction refuses every write except to temporary tables
    // (https://www.postgresql.org/docs/current/sql-set-transaction.html); the
    // statement cannot turn it off once it runs ("transaction read-write mode
    // must be set before any query").
    await this.raw('begin read only');
    try {
      const result = await single();
      await this.raw('commit');
      return result;
    } catch (caught) {
      await this.client.query('rollback').catch(() => undefined);
      throw caught;
    }
  }

  async query(sql: string): Promise<Row[]> {
    const result = await this.run(sql);
    // A multi-statement script returns one result per statement: keep the last.
    const last = Array.isArray(result) ? (result[result.length - 1] as QueryResult) : result;
    return last?.rows ?? [];
  }

  async queryColumns(sql: string): Promise<Record<string, unknown[]>> {
    if (isUntrusted()) {
      // A user's SQL goes through run()'s single-statement, read-only path.
      return columnsOfRows(await this.query(sql));
    }
    let result: QueryResult<unknown[]>;
    try {
      // Arrays, not an object per row: the driver's cheapest shape.
      result = await this.client.query<unknown[]>({ text: sql, rowMode: 'array' });
    } catch (caught) {
      throw pgError(caught, sql, this.statementTimeoutMs);
    }
    const out: Record<string, unknown[]> = {};
    result.fields.forEach((field, i) => {
      out[field.name] = result.rows.map((row) => row[i]);
    });
    return out;
  }

  async *stream(sql: string, batchSize = 1000): AsyncIterable<Row[]> {
    // A server-side cursor keeps memory flat; it needs a transaction.
    yield* this.transactionCursor(
      sql,
      batchSize,
      isUntrusted() && this.readOnlyTransactions ? 'begin read only' : 'begin',
    );
  }

  /**
   * `sql` as a cursor in a transaction begun by `begin`, its rows in pages of
   * `size`; the form PostgreSQL and Redshift both document
   * (https://docs.aws.amazon.com/redshift/latest/dg/declare.html: DECLARE …
   * CURSOR FOR only inside a transaction, one open per session).
   */
  private async *transactionCursor(sql: string, size: number, begin: string): AsyncIterable<Row[]> {
    const cursor = `roster_cursor_${++cursorCounter}`;
    await this.raw(begin);
    this.inTransaction = true;
    let done = false;
    try {
      await this.run(`declare ${cursor} cursor for ${sql}`);
      for (;;) {
        const batch = await this.raw(`fetch forward ${size} from ${cursor}`);
        if (batch.rows.length > 0) yield batch.rows;
        if (batch.rows.length < size) break;
      }
      await this.raw(`close ${cursor}`);
      await this.raw('commit');
      done = true;
    } finally {
      this.inTransaction = false;
      if (!done) await this.client.query('rollback').catch(() => undefined);
    }
  }

  async *cursor(sql: string, pageRows: number): AsyncIterable<string[]> {
    if (isUntrusted()) throw new Error("internal: a cursor runs roster's own statements only");
    const name = `roster_cursor_${++cursorCounter}`;
    // WITH HOLD: the cursor outlives the transactions the session commits between pages.
    // Declared outside a transaction, its rows are computed at once and kept by the server.
    // https://www.postgresql.org/docs/current/sql-declare.html
    await this.raw(`declare ${name} no scroll cursor with hold for ${sql}`);
    try {
      for (;;) {
        const fetch = `fetch forward ${Math.max(1, Math.trunc(pageRows))} from ${name}`;
        let batch: QueryResult<unknown[]>;
        try {
          batch = await this.client.query<unknown[]>({ text: fetch, rowMode: 'array' });
        } catch (caught) {
          throw pgError(caught, fetch, this.statementTimeoutMs);
        }
        if (batch.rows.length > 0) yield batch.rows.map((row) => String(row[0]));
        if (batch.rows.length < pageRows) break;
      }
    } finally {
      // A held cursor lives as long as the session otherwise.
      await this.client.query(`close ${name}`).catch(() => undefined);
    }
  }

  /**
   * Runs roster's read `sql` as a cursor in a read-only transaction of this
   * session and gives its rows in pages of `pageRows`. The transaction stays
   * open until the last page, so this session runs nothing else meanwhile:
   * Redshift's delivery read has a session of its own (redshift.ts).
   */
  async *readInTransaction(sql: string, pageRows: number): AsyncIterable<Row[]> {
    if (isUntrusted()) throw new Error("internal: a cursor runs roster's own statements only");
    yield* this.transactionCursor(sql, Math.max(1, Math.trunc(pageRows)), 'begin read only');
  }

  async columns(sql: string): Promise<string[]> {
    const result = await this.run(`select * from (${sql}\n) as roster_probe limit 0`);
    return result.fields.map((f) => f.name);
  }

  async execute(sql: string): Promise<void> {
    await this.run(sql);
  }

  async close(): Promise<void> {
    // A stalled connection never acknowledges the goodbye: give it a moment, then cut it.
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<'gave up'>((resolve) => {
      timer = setTimeout(() => resolve('gave up'), 2000);
    });
    const ended = await Promise.race([this.client.end().then(() => 'ended' as const), gaveUp]);
    clearTimeout(timer);
    if (ended === 'gave up') {
      const socket = (this.client as unknown as { connection?: { stream?: { destroy(): void } } })
        .connection?.stream;
      socket?.destroy();
    }
  }
}

export interface PostgresSettings {
  /** `postgres://user:pass@host:port/db`; or the separate fields below. */
  url?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  /** Put first on the search_path (a scratch schema, say). */
  schema?: string;
  /** Give up connecting after this long. */
  connectTimeoutMs?: number;
  /** Cancel a statement after this long (server side), and stop waiting for its answer (client side: a stalled connection). */
  statementTimeoutMs?: number;
}

export interface PostgresSessionOptions {
  /** Redshift: parse SUPER values (JSON text) into JS values. */
  redshift?: boolean;
  /** Untrusted statements in `BEGIN READ ONLY` (PostgreSQL; Redshift keeps its own transactions). */
  readOnlyTransactions?: boolean;
}

/** A PostgreSQL-protocol session (PostgreSQL, Redshift). */
export interface PostgresSession extends Warehouse {
  /** See PostgresWarehouse.readInTransaction. */
  readInTransaction(sql: string, pageRows: number): AsyncIterable<Row[]>;
}

export async function openPostgres(
  settings: PostgresSettings,
  options: PostgresSessionOptions = {},
): Promise<PostgresSession> {
  const { default: pg } = await import('pg');
  const config: ClientConfig = {
    types: sessionTypes(pg.types.getTypeParser as DefaultParser, {
      redshift: options.redshift ?? false,
    }),
    application_name: 'roster',
  };
  if (settings.url) config.connectionString = settings.url;
  if (settings.host) config.host = settings.host;
  if (settings.port) config.port = Number(settings.port);
  if (settings.user) config.user = settings.user;
  if (settings.password) config.password = settings.password;
  if (settings.database) config.database = settings.database;
  if (settings.connectTimeoutMs !== undefined)
    config.connectionTimeoutMillis = settings.connectTimeoutMs;
  if (settings.statementTimeoutMs !== undefined) {
    config.statement_timeout = settings.statementTimeoutMs;
    config.query_timeout = settings.statementTimeoutMs;
  }
  // Notice a peer that vanished without closing the connection.
  config.keepAlive = true;
  const client = new pg.Client(config);
  try {
    await client.connect();
  } catch (caught) {
    const message = pgMessage(caught);
    throw new WarehouseError(
      /timeout/i.test(message) && settings.connectTimeoutMs !== undefined
        ? `no connection within ${settings.connectTimeoutMs / 1000} s (the target's connect_timeout): ${message}`
        : message,
      '(connect)',
    );
  }
  // Without a listener an idle connection's error would crash the process.
  client.on('error', () => undefined);
  const warehouse = new PostgresWarehouse(
    client,
    options.readOnlyTransactions ?? true,
    settings.statementTimeoutMs,
  );
  await warehouse.execute("set time zone 'UTC'");
  // roster's staging tables are temporary, and autovacuum never analyzes those:
  // the planner then overestimates them and JIT-compiles small queries, which
  // made a five-row audience take seconds. JIT never pays off on these plans.
  await warehouse.execute('set jit = off');
  if (settings.schema) {
    // The driver's quoting (the connector sits below the dialects: src/runtime imports no
    // values of src/sql); it is the PostgreSQL dialect's, `"` doubled inside `"…"`.
    await warehouse.execute(
      `set search_path to ${client.escapeIdentifier(settings.schema)}, public`,
    );
  }
  return warehouse;
}

/** The PostgreSQL-protocol settings of a target (PostgreSQL and Redshift). */
export function postgresSettings(
  settings: Record<string, unknown>,
  options: ConnectOptions,
): PostgresSettings {
  return {
    url: optionalString(settings, 'url') ?? optionalString(settings, 'connection_string'),
    host: optionalString(settings, 'host'),
    port: optionalPort(settings),
    user: optionalString(settings, 'user'),
    password: optionalString(settings, 'password'),
    database: optionalString(settings, 'database'),
    schema: options.schema ?? optionalString(settings, 'schema'),
    connectTimeoutMs: options.connectTimeoutMs,
    statementTimeoutMs: options.statementTimeoutMs,
  };
}

/** The connector (connectors.ts). */
export const connect: Connect = (settings, options) =>
  openPostgres(postgresSettings(settings, options));

/**
 * The state adapter (connectors.ts): roster's state on PostgreSQL. `dialect` is the
 * postgres dialect (the caller's registry, as src/runtime imports no values of src/sql).
 */
export const state = (dialect: Dialect): StateAdapter => ({
  dialect: 'postgres',
  ...familyState,
  begin: 'BEGIN',
  // sha256 of the UTF-8 bytes, hex-encoded in lower case
  // (https://www.postgresql.org/docs/current/functions-binarystring.html).
  sha256Hex: (expr) => `encode(sha256(convert_to(${expr}, 'UTF8')), 'hex')`,
  isConcurrentWrite: (message) => /could not serialize access|deadlock detected/i.test(message),
  lockGuarantee: {
    primitive:
      'one conditional UPDATE of the lock row: a concurrent UPDATE of the same row waits for the first to commit, then re-evaluates its WHERE clause on the updated row (READ COMMITTED), so the second finds the lock taken',
    source: 'https://www.postgresql.org/docs/current/transaction-iso.html#XACT-READ-COMMITTED',
  },
  deliveryTable: {
    ref: (name) => `pg_temp.${dialect.quoteIdentifier(name)}`,
    // Temporary: no write-ahead log. Found by position through its index; analyzed, since
    // autovacuum never analyzes temporary tables.
    create: (name, select) => {
      const table = `pg_temp.${dialect.quoteIdentifier(name)}`;
      return [
        `CREATE TEMP TABLE ${dialect.quoteIdentifier(name)} AS ${select}`,
        `CREATE INDEX ON ${table} (pos)`,
        `ANALYZE ${table}`,
      ];
    },
  },
  deliveryCursor: {
    rowText: (columns) => `CAST(json_build_array(${columns.join(', ')}) AS TEXT)`,
    readsPlanTable: false,
  },
  listTables: (schemaName) =>
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${dialect.stringLiteral(schemaName)}`,
  // The message-id hash of a checkpoint was computed six times per row without it.
  subqueryFence: 'OFFSET 0',
});

/** `roster test`'s place (connector.ts): a schema of its own per test file. */
export const scratch: Scratch = { kind: 'schema' };
