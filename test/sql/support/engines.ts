/**
 * Real engines for the SQL tests: an in-memory DuckDB and a PostgreSQL session
 * in a scratch schema of its own (so test files can run in parallel). Rows come
 * back as plain JS: timestamps as ISO strings, lists as arrays, numbers as numbers.
 */
import {
  DuckDBInstance,
  DuckDBListValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBConnection,
} from '@duckdb/node-api';
import pg from 'pg';
import type { DialectName } from '../../../src/project/types.js';

export type Row = Record<string, unknown>;

export interface TestEngine {
  name: DialectName;
  run(sql: string): Promise<void>;
  query(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}

function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof DuckDBTimestampTZValue || value instanceof DuckDBTimestampValue) {
    return new Date(Number(value.micros / 1000n)).toISOString();
  }
  if (value instanceof DuckDBListValue) return value.items.map(plain);
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

function plainRow(row: Record<string, unknown>): Row {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)]));
}

export async function openDuckDb(): Promise<TestEngine> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection: DuckDBConnection = await instance.connect();
  await connection.run(`SET TimeZone = 'UTC'`);
  return {
    name: 'duckdb',
    async run(sql) {
      await connection.run(sql);
    },
    async query(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjects().map((row) => plainRow(row));
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

// Return timestamptz as Date and float8 as number whatever the driver defaults are.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (text: string) => Number(text);
    if (oid === 1700) return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** A PostgreSQL session whose search_path is a fresh scratch schema, dropped on close. */
export async function openPostgres(label: string): Promise<TestEngine> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: 5432,
    user: 'postgres',
    database: 'test',
    types,
  });
  await client.connect();
  const schema = `roster_sql_${label}_${process.pid}_${Date.now() % 100000}`;
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.query(`CREATE SCHEMA "${schema}"`);
  await client.query(`SET search_path TO "${schema}"`);
  await client.query(`SET TIME ZONE 'UTC'`);
  await client.query(`SET client_min_messages TO warning`);
  return {
    name: 'postgres',
    async run(sql) {
      await client.query(sql);
    },
    async query(sql) {
      const result = await client.query(sql);
      return result.rows.map((row: Record<string, unknown>) => plainRow(row));
    },
    async close() {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}

export const ENGINES: Array<{ name: DialectName; open: (label: string) => Promise<TestEngine> }> = [
  { name: 'duckdb', open: () => openDuckDb() },
  { name: 'postgres', open: (label) => openPostgres(label) },
];
