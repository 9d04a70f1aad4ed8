/**
 * DuckDB through @duckdb/node-api: one instance and one connection per
 * Warehouse, so temporary tables made by setup live as long as it does.
 */
import { resolve as resolvePath } from 'node:path';
import { optionalString, type Connect } from './connectors.js';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { WarehouseError, errorMessage, isUntrusted } from '../warehouse.js';
import type { Row, Warehouse } from '../warehouse.js';
import { normalizeRaw } from '../values.js';

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

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

export interface DuckDbSettings {
  /** A database file, or `:memory:` (the default). */
  path?: string;
}

export async function openDuckDb(settings: DuckDbSettings = {}): Promise<Warehouse> {
  const instance = await DuckDBInstance.create(settings.path ?? ':memory:');
  const connection = await instance.connect();
  // One reference time zone everywhere: timestamps print and compare in UTC.
  await connection.run("SET TimeZone = 'UTC'");
  return new DuckDbWarehouse(instance, connection);
}

/** The connector (connectors.ts): `path` (or `database`), relative to the project folder. */
export const connect: Connect = async (settings, options) => {
  const path = optionalString(settings, 'path') ?? optionalString(settings, 'database');
  // A relative database file belongs to the project, not to the shell's working directory.
  const file =
    path && path !== ':memory:' && options.baseDir ? resolvePath(options.baseDir, path) : path;
  return openDuckDb(file ? { path: file } : {});
};
