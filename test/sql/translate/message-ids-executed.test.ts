/**
 * The message ids delivery computes in SQL (src/runtime/apply/message-id-sql.ts
 * over each warehouse's state adapter: its SHA-256, its characters), in
 * Snowflake, BigQuery and Redshift SQL translated to DuckDB (translated-run.ts),
 * equal the JavaScript ones for awkward ids and values, as they do on DuckDB
 * and PostgreSQL (test/runtime/apply/bookkeeping.test.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { stateAdapter } from '../../../src/runtime/state/adapters/index.js';
import type { Row, Warehouse } from '../../../src/runtime/warehouse.js';
import { openDuckDb } from '../../../src/runtime/warehouses/duckdb.js';
import { getDialect } from '../../../src/sql/dialects/index.js';
import { compareMessageIds } from '../../runtime/apply/message-id-cases.js';
import { deepTranslator } from './deep-translator.js';
import { SHIMS } from './translated-run.js';

const translator = deepTranslator();
afterAll(() => translator.close());

describe.each(['snowflake', 'bigquery', 'redshift'] as const)(
  'message ids in %s SQL',
  (dialect) => {
    it('equal the JavaScript message ids, run translated to DuckDB', async () => {
      const duckdb = await openDuckDb();
      try {
        for (const shim of SHIMS[dialect]) for (const sql of shim.sql) await duckdb.execute(sql);
        const query = async (sql: string): Promise<Row[]> => {
          let rows: Row[] = [];
          for (const statement of await translator.translate(sql, dialect))
            rows = await duckdb.query(statement);
          return rows;
        };
        const session: Warehouse = { ...duckdb, dialect, query };
        const d = getDialect(dialect);
        const compared = await compareMessageIds(
          session,
          { dialect: d, adapter: stateAdapter(d) },
          120,
        );
        console.log(`message ids compared in translated ${dialect} SQL: ${compared}`);
        expect(compared).toBe(3 * 120);
      } finally {
        await duckdb.close();
      }
    }, 120_000);
  },
);
