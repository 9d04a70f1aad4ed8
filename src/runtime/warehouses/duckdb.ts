/**
 * DuckDB through @duckdb/node-api: one instance and one connection per
 * Warehouse, so temporary tables made by setup live as long as it does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join as joinPath, resolve as resolvePath } from 'node:path';
import { optionalString, type Connect, type Scratch } from './connector.js';
// Types only: the driver is imported when a session opens (connector.ts: `check` loads no driver).
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { BadSettingError, WarehouseError, errorMessage, isUntrusted } from '../warehouse.js';
import type { Row, Warehouse } from '../warehouse.js';
import { normalizeRaw } from '../values.js';
import type { Dialect } from '../../sql/index.js';
import { familyState } from '../state/adapters/family.js';
import { readColumns, type ColumnDriver } from './duckdb-columns.js';
import type { StateAdapter } from '../state/adapters/state-adapter.js';

function plainRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key] = normalizeRaw(value);
  return out;
}

async function guarded<T>(sql: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (caught) {
    throw new WarehouseError(errorMessage(caught), sql);
  }
}

class DuckDbWarehouse implements Warehouse {
  readonly dialect = 'duckdb' as const;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    /** memory_limit in bytes, as the instance was made with it. */
    private readonly memoryLimit: number,
    /** What readColumns needs of the driver (loaded with it). */
    private readonly columnDriver: ColumnDriver,
    /** The spill folder openDuckDb made (removed on close), if it made one. */
    private readonly ownTemp?: string,
  ) {}

  /**
   * DuckDB runs every statement of a `;`-separated text; a text embedding an
   * SQL trait must parse as exactly one (DuckDB's own parser counts them).
   * DuckDB has no read-only transaction for one session; its file access is
   * bounded by `allowed_directories` (see openDuckDb).
   */
  private async single(sql: string): Promise<void> {
    if (!isUntrusted()) return;
    const count = await guarded(
      sql,
      async () => (await this.connection.extractStatements(sql)).count,
    );
    if (count !== 1) {
      throw new WarehouseError(
        `an SQL trait must be exactly one statement, but this text holds ${count}`,
        sql,
      );
    }
  }

  async query(sql: string): Promise<Row[]> {
    await this.single(sql);
    return guarded(sql, async () => {
      const reader = await this.connection.runAndReadAll(sql);
      return reader.getRowObjectsJS().map(plainRow);
    });
  }

  async queryColumns(sql: string): Promise<Record<string, unknown[]>> {
    await this.single(sql);
    // Values as the driver's getColumnsObjectJS gives them (BIGINT as bigint), read from the
    // vectors directly (duckdb-columns.ts): callers convert what they read.
    return guarded(sql, async () => {
      const result = await this.connection.run(sql);
      const chunks = await result.fetchAllChunks();
      return readColumns(
        this.columnDriver,
        chunks,
        result.deduplicatedColumnNames(),
        result.columnTypes(),
      );
    });
  }

  async *stream(sql: string): AsyncIterable<Row[]> {
    await this.single(sql);
    const result = await guarded(sql, () => this.connection.stream(sql));
    const batches = result.yieldRowObjectJs()[Symbol.asyncIterator]();
    for (;;) {
      const next = await guarded(sql, () => batches.next());
      if (next.done) return;
      yield next.value.map(plainRow);
    }
  }

  async *cursor(sql: string, pageRows: number): AsyncIterable<string[]> {
    if (isUntrusted()) throw new Error("internal: a cursor runs roster's own statements only");
    // A connection's next statement ends its streamed result, and this session's
    // statements go on between pages: the stream gets a connection of its own.
    const reader = await guarded(sql, () => this.instance.connect());
    let ended = false;
    try {
      await guarded(sql, () => reader.run("SET TimeZone = 'UTC'"));
      const result = await guarded(sql, () => reader.stream(sql));
      let page: string[] = [];
      for (;;) {
        const chunk = await guarded(sql, () => result.fetchChunk());
        if (!chunk || chunk.rowCount === 0) {
          ended = true;
          break;
        }
        for (const value of chunk.getColumnValues(0)) page.push(String(value));
        // Whole pages of pageRows: a caller's batches then never straddle two pages.
        while (page.length >= pageRows) {
          yield page.slice(0, pageRows);
          page = page.slice(pageRows);
        }
      }
      if (page.length > 0) yield page;
    } finally {
      // The binding frees a streamed result only when V8 collects it; until then the result
      // keeps its query and read transaction open (and, after close(), the database instance
      // alive). A connection's next statement ends its streamed query now.
      if (!ended) await reader.run('SELECT 1').catch(() => undefined);
      reader.closeSync();
    }
  }

  /** CHECKPOINT of every database file of the instance (the target's, an attached state file). */
  private async checkpointFiles(): Promise<void> {
    const files = await this.connection.runAndReadAll(
      'SELECT database_name FROM duckdb_databases() WHERE NOT internal AND path IS NOT NULL AND NOT readonly',
    );
    for (const [name] of files.getRowsJS()) {
      await this.connection.run(`CHECKPOINT "${String(name).replace(/"/g, '""')}"`);
    }
  }

  async columns(sql: string): Promise<string[]> {
    const probe = `select * from (${sql}\n) as roster_probe limit 0`;
    await this.single(probe);
    return guarded(probe, async () => (await this.connection.runAndReadAll(probe)).columnNames());
  }

  async execute(sql: string): Promise<void> {
    await this.single(sql);
    return guarded(sql, async () => {
      await this.connection.run(sql);
    });
  }

  async limitMemory(bytes: number): Promise<() => Promise<void>> {
    const unchanged = async (): Promise<void> => undefined;
    if (bytes >= this.memoryLimit) return unchanged;
    const set = (limit: number): Promise<unknown> =>
      this.connection.run(`SET memory_limit = '${Math.floor(limit)}B'`);
    try {
      // Lowering evicts what is above the new limit at once; it fails if that cannot be freed.
      await set(bytes);
    } catch {
      return unchanged;
    }
    return async () => {
      await set(this.memoryLimit).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    // A streamed result V8 has not collected yet keeps this instance alive past closeSync;
    // collected later, the instance shuts down and checkpoints its write-ahead logs over the
    // database files, undoing whatever another instance of this process wrote there since.
    // Checkpointed now, the logs are empty and that shutdown writes nothing.
    await this.checkpointFiles().catch(() => undefined);
    this.connection.closeSync();
    this.instance.closeSync();
    if (this.ownTemp) rmSync(this.ownTemp, { recursive: true, force: true });
  }
}

export interface DuckDbSettings {
  /** A database file, or `:memory:` (the default). */
  path?: string;
  /** DuckDB's `memory_limit` ("4GB"); default DEFAULT_MEMORY_SHARE of the machine's memory. */
  memoryLimit?: string;
  /** Worker threads; default DuckDB's own (one per core). */
  threads?: number;
  /**
   * Where DuckDB spills when a query outgrows `memoryLimit`. Default: a fresh
   * folder under the OS temp directory, removed on close (DuckDB's own default
   * is `.tmp` in the working directory, i.e. litter in the user's project).
   */
  tempDirectory?: string;
}

/**
 * The default memory_limit, as a share of physical memory: DuckDB's own 80%
 * leaves a laptop's browser and editor (and Node's heap, which holds every
 * result roster reads) too little; beyond the limit DuckDB spills to disk.
 */
export const DEFAULT_MEMORY_SHARE = 0.5;

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/**
 * `memory_limit` in bytes: a size with a unit ("512MB", "4 GiB") or a share
 * of this machine's memory ("50%"). Undefined when `raw` is not one.
 */
export function parseMemoryLimit(raw: unknown, totalMemory = os.totalmem()): number | undefined {
  const text = typeof raw === 'string' ? raw.trim() : '';
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  if (percent) {
    const share = Number(percent[1]) / 100;
    return share > 0 && share <= 1 ? Math.floor(totalMemory * share) : undefined;
  }
  const size = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(text);
  const unit = size ? UNITS[size[2]!.toLowerCase()] : undefined;
  if (!size || unit === undefined) return undefined;
  const bytes = Math.floor(Number(size[1]) * unit);
  return bytes > 0 ? bytes : undefined;
}

/** The target's `memory_limit`, `threads` and `temp_directory`, checked (BadSettingError). */
export function readDuckDbResources(
  settings: Record<string, unknown>,
  baseDir?: string,
): Omit<DuckDbSettings, 'path'> {
  const out: Omit<DuckDbSettings, 'path'> = {};
  const given = (key: string): unknown => {
    const value = settings[key];
    return value === undefined || value === null || value === '' ? undefined : value;
  };
  const shown = (value: unknown): string =>
    typeof value === 'string' ? value : JSON.stringify(value);
  const memory = given('memory_limit');
  if (memory !== undefined) {
    if (parseMemoryLimit(memory) === undefined) {
      throw new BadSettingError(
        'memory_limit',
        `\`memory_limit\` must be a size such as \`4GB\` or \`512MB\`, or a share of memory such as \`50%\`, not \`${shown(memory)}\``,
        `units: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB; without it the limit is ${DEFAULT_MEMORY_SHARE * 100}% of this machine's memory`,
      );
    }
    out.memoryLimit = String(memory).trim();
  }
  const threads = given('threads');
  if (threads !== undefined) {
    const text = typeof threads === 'number' ? String(threads) : shown(threads).trim();
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(value >= 1 && value <= 1024)) {
      throw new BadSettingError(
        'threads',
        `\`threads\` must be a whole number from 1 to 1024, not \`${shown(threads)}\``,
        'leave `threads` out to use one thread per core',
      );
    }
    out.threads = value;
  }
  const temp = optionalString(settings, 'temp_directory');
  if (temp !== undefined) out.tempDirectory = baseDir ? resolvePath(baseDir, temp) : temp;
  return out;
}

export async function openDuckDb(settings: DuckDbSettings = {}): Promise<Warehouse> {
  const memoryLimit =
    settings.memoryLimit !== undefined
      ? parseMemoryLimit(settings.memoryLimit)
      : Math.floor(os.totalmem() * DEFAULT_MEMORY_SHARE);
  if (memoryLimit === undefined) {
    throw new BadSettingError('memory_limit', `bad memory_limit \`${settings.memoryLimit}\``, '');
  }
  const ownTemp = settings.tempDirectory === undefined;
  const tempDirectory =
    settings.tempDirectory ?? mkdtempSync(joinPath(os.tmpdir(), 'roster-duckdb-'));
  // Set when the instance is made, before anything (restrictFileAccess) can lock settings.
  const options: Record<string, string> = {
    memory_limit: `${memoryLimit}B`,
    temp_directory: tempDirectory,
  };
  if (settings.threads !== undefined) options.threads = String(settings.threads);
  let instance: DuckDBInstance;
  let columnDriver: ColumnDriver;
  try {
    const driver = await import('@duckdb/node-api');
    // The driver's own native binding (a CommonJS module: its exports are the default export).
    const bindings = (await import('@duckdb/node-bindings')) as unknown as {
      default: ColumnDriver['bindings'];
    };
    columnDriver = {
      bindings: bindings.default,
      converter: driver.JSDuckDBValueConverter,
      ids: driver.DuckDBTypeId,
    };
    instance = await driver.DuckDBInstance.create(settings.path ?? ':memory:', options);
  } catch (caught) {
    if (ownTemp) rmSync(tempDirectory, { recursive: true, force: true });
    throw caught;
  }
  const connection = await instance.connect();
  // One reference time zone everywhere: timestamps print and compare in UTC.
  await connection.run("SET TimeZone = 'UTC'");
  return new DuckDbWarehouse(
    instance,
    connection,
    memoryLimit,
    columnDriver,
    ownTemp ? tempDirectory : undefined,
  );
}

/**
 * The connector (connectors.ts): `path` (or `database`), relative to the
 * project folder, and the resources `memory_limit`, `threads`, `temp_directory`.
 */
export const connect: Connect = async (settings, options) => {
  const path = optionalString(settings, 'path') ?? optionalString(settings, 'database');
  // A relative database file belongs to the project, not to the shell's working directory.
  const file =
    path && path !== ':memory:' && options.baseDir ? resolvePath(options.baseDir, path) : path;
  const resources = readDuckDbResources(settings, options.baseDir);
  return openDuckDb({ ...(file ? { path: file } : {}), ...resources });
};

/**
 * The state adapter (connectors.ts): roster's state on DuckDB (an attached
 * state file or the target's own database file). `dialect` is the duckdb
 * dialect (the caller's registry, as src/runtime imports no values of src/sql).
 */
export const state = (dialect: Dialect): StateAdapter => ({
  dialect: 'duckdb',
  ...familyState,
  begin: 'BEGIN TRANSACTION',
  // Lower-case hex (https://duckdb.org/docs/stable/sql/functions/text#sha256value).
  sha256Hex: (expr) => `sha256(${expr})`,
  jsonEscapeTest: (expr) =>
    `regexp_matches(${expr}, ${dialect.stringLiteral('[\\x01-\\x1f"\\\\]')})`,
  isConcurrentWrite: (message) => /conflict/i.test(message),
  // A column's compression method is part of its definition in DuckDB's CREATE TABLE
  // (https://github.com/duckdb/duckdb/blob/main/test/sql/create/create_table_compression.test).
  snapshotText: 'VARCHAR USING COMPRESSION uncompressed',
  lockGuarantee: {
    primitive:
      'one conditional UPDATE of the lock row; a database file has one writing process (the file lock), and within it a second concurrent writer of the same row fails with a write-write conflict',
    source: 'https://duckdb.org/docs/stable/connect/concurrency',
  },
  // On its own connection (Warehouse.cursor), the read cannot see a session table: it hashes
  // the ids from the plan's table as it streams, in the order DuckDB stores it (its default
  // preserve_insertion_order keeps a scan without ORDER BY in that order), so no
  // destination-sized table or sort is held in memory; a checkpoint hashes its calls again.
  // https://duckdb.org/docs/stable/sql/dialect/order_preservation
  deliveryCursor: {
    rowText: (columns) => `CAST(json_array(${columns.join(', ')}) AS VARCHAR)`,
    readsPlanTable: true,
    holdsTransaction: true,
  },
  // A target without a database file (`path`/`database` absent or `:memory:`) is in memory.
  stateFile: {
    needed: (settings) => {
      const path =
        typeof settings.path === 'string'
          ? settings.path
          : typeof settings.database === 'string'
            ? settings.database
            : '';
      return path === '' || path === ':memory:';
    },
    attach: (file, catalog, readOnly) =>
      `ATTACH IF NOT EXISTS ${dialect.stringLiteral(file)} AS ${dialect.quoteIdentifier(catalog)}${readOnly ? ' (READ_ONLY)' : ''}`,
  },
  // A correlated EXISTS becomes a delim join, which collects the distinct keys of the whole
  // table deleted from first; a row IN the subquery is a semi join holding only the subquery's rows.
  deleteMatching: (table, alias, keys, select) =>
    `DELETE FROM ${table} AS ${alias} WHERE (${keys.map((k) => `${alias}.${k}`).join(', ')}) IN (${select})`,
  listTables: (schemaName, catalog) =>
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${dialect.stringLiteral(schemaName)}` +
    (catalog ? ` AND table_catalog = ${dialect.stringLiteral(catalog)}` : ''),
});

/** `roster test`'s place (connector.ts): with no database file, each test file gets a fresh in-memory database and never touches one. */
export const scratch: Scratch = {
  kind: 'database',
  settings: (settings) =>
    Object.fromEntries(
      Object.entries(settings).filter(([key]) => key !== 'path' && key !== 'database'),
    ),
};
