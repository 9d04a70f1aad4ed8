/** The engines every runtime test runs on: in-memory DuckDB and a scratch schema on PostgreSQL. */
import { randomBytes } from 'node:crypto';
import { openDuckDb } from '../../src/runtime/warehouses/duckdb.js';
import { openPostgres } from '../../src/runtime/warehouses/postgres.js';
import type { Warehouse } from '../../src/runtime/warehouse.js';

export const PG_URL = process.env.ROSTER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Engine {
  name: 'duckdb' | 'postgres';
  open(): Promise<{ warehouse: Warehouse; dispose: () => Promise<void> }>;
}

export const engines: Engine[] = [
  {
    name: 'duckdb',
    async open() {
      const warehouse = await openDuckDb();
      return { warehouse, dispose: () => warehouse.close() };
    },
  },
  {
    name: 'postgres',
    async open() {
      const schema = `roster_test_${randomBytes(6).toString('hex')}`;
      const admin = await openPostgres({ url: PG_URL });
      await admin.execute(`create schema "${schema}"`);
      await admin.close();
      const warehouse = await openPostgres({ url: PG_URL, schema });
      return {
        warehouse,
        dispose: async () => {
          await warehouse.execute(`drop schema "${schema}" cascade`);
          await warehouse.close();
        },
      };
    },
  },
];

/** Opens a fresh session on `engine` before each test and disposes of it after; read `.current` inside tests. */
export function useEngine(
  engine: Engine,
  hooks: {
    beforeEach: (fn: () => Promise<void>) => void;
    afterEach: (fn: () => Promise<void>) => void;
  },
): { current: Warehouse } {
  const holder = { current: undefined as unknown as Warehouse };
  let dispose: () => Promise<void> = async () => undefined;
  hooks.beforeEach(async () => {
    const opened = await engine.open();
    holder.current = opened.warehouse;
    dispose = opened.dispose;
  });
  hooks.afterEach(async () => {
    await dispose();
  });
  return holder;
}
