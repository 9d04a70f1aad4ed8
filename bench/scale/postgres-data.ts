/**
 * The scale benchmark's data in PostgreSQL (issue 14.1: "into PostgreSQL at
 * small SF"): the tables of the generated DuckDB file (bench/scale/data.ts),
 * copied as they are into a schema named after that file (generator
 * versions, scale factor, seed), so both engines read the same rows and a
 * rerun finds the schema and skips the load.
 *
 * The copy goes through CSV files that DuckDB writes and the server reads
 * (`COPY … FROM 'file'`, run as the superuser of the benchmark's local
 * server): the `pg` driver has no COPY FROM STDIN of its own, and row-by-row
 * INSERTs of 2 M events would take longer than generating them. JSON
 * properties become `jsonb`, which PostgreSQL parses once, at load.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { SCALE_TABLES } from './data.js';
import type { ScaleData } from './data.js';

export const SCALE_PG_URL =
  process.env.ROSTER_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** DuckDB column types of the generated tables → PostgreSQL's. */
const PG_TYPES: Record<string, string> = {
  VARCHAR: 'text',
  INTEGER: 'integer',
  BIGINT: 'bigint',
  DOUBLE: 'double precision',
  BOOLEAN: 'boolean',
  'TIMESTAMP WITH TIME ZONE': 'timestamptz',
  JSON: 'jsonb',
  'VARCHAR[]': 'text[]',
};

export interface ScalePostgres {
  url: string;
  schema: string;
  /** Set when this call loaded the schema (absent when it was there already). */
  loadedSeconds?: number;
}

/**
 * `scale-v1.1-sf0.1-seed20260630.duckdb` → `scale_v1_1_sf0_1_seed20260630`,
 * or ROSTER_BENCH_PG_SCHEMA (a test's scratch schema, dropped after it).
 */
export function scaleSchemaName(file: string): string {
  const chosen = process.env.ROSTER_BENCH_PG_SCHEMA;
  if (chosen) return chosen;
  return path
    .basename(file, '.duckdb')
    .replace(/[^a-z0-9]+/gi, '_')
    .toLowerCase();
}

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * The DuckDB expression that writes `column` as PostgreSQL reads it from CSV:
 * lists as array literals (`{"a","b"}`, every element quoted and escaped),
 * JSON as its text; the rest prints alike in both.
 */
function csvColumn(column: string, type: string): string {
  const c = ident(column);
  if (type === 'VARCHAR[]') {
    const element = `'"' || replace(replace(x, '\\', '\\\\'), '"', '\\"') || '"'`;
    return `CASE WHEN ${c} IS NULL THEN NULL ELSE '{' || array_to_string(list_transform(${c}, x -> ${element}), ',') || '}' END AS ${c}`;
  }
  if (type === 'JSON') return `CAST(${c} AS VARCHAR) AS ${c}`;
  return c;
}

/** The schema holding `data`'s tables, loaded into PostgreSQL at `url` when missing. */
export async function ensureScalePostgres(
  data: ScaleData,
  options: { url?: string; log?: (line: string) => void } = {},
): Promise<ScalePostgres> {
  const url = options.url ?? SCALE_PG_URL;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const schema = scaleSchemaName(data.file);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_namespace where nspname = $1', [schema]);
    if (found.rowCount) return { url, schema };
    log(`Loading ${path.basename(data.file)} into PostgreSQL schema ${schema} …`);
    const started = performance.now();
    // Loaded under another name and renamed at the end: a schema of that name is always complete.
    // Named per process: two loads at once (a test and a benchmark) each finish their own.
    const partial = `${schema}_partial_${process.pid}`;
    await client.query(`drop schema if exists ${ident(partial)} cascade`);
    await client.query(`create schema ${ident(partial)}`);
    const dir = mkdtempSync(path.join(tmpdir(), 'roster-scale-pg-'));
    // The server's own user reads the files.
    chmodSync(dir, 0o755);
    const instance = await DuckDBInstance.create(data.file, { access_mode: 'READ_ONLY' });
    const duck = await instance.connect();
    try {
      await duck.run("SET TimeZone = 'UTC'");
      for (const table of SCALE_TABLES) {
        const described = await duck.runAndReadAll(`DESCRIBE ${ident(table)}`);
        const columns = described.getRowObjectsJS().map((row) => {
          const type = String(row.column_type);
          const pgType = PG_TYPES[type];
          if (!pgType)
            throw new Error(`${table}.${String(row.column_name)}: no PostgreSQL type for ${type}`);
          return { name: String(row.column_name), type, pgType };
        });
        const file = path.join(dir, `${table}.csv`);
        await duck.run(
          `COPY (SELECT ${columns.map((c) => csvColumn(c.name, c.type)).join(', ')} FROM ${ident(table)}) ` +
            `TO ${literal(file)} (FORMAT csv, HEADER false)`,
        );
        chmodSync(file, 0o644);
        const target = `${ident(partial)}.${ident(table)}`;
        await client.query(
          `create table ${target} (${columns.map((c) => `${ident(c.name)} ${c.pgType}`).join(', ')})`,
        );
        await client.query(`copy ${target} from ${literal(file)} (format csv)`);
        rmSync(file);
        // Statistics now: the planner of both contenders reads them, and autovacuum may come late.
        await client.query(`analyze ${target}`);
      }
    } finally {
      duck.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    }
    try {
      await client.query(`alter schema ${ident(partial)} rename to ${ident(schema)}`);
    } catch (caught) {
      // Another load finished first (42P06 duplicate_schema): its copy is as good as ours.
      if ((caught as { code?: string }).code !== '42P06') throw caught;
      await client.query(`drop schema ${ident(partial)} cascade`);
    }
    const loadedSeconds = (performance.now() - started) / 1000;
    log(`Loaded in ${loadedSeconds.toFixed(1)} s.`);
    return { url, schema, loadedSeconds };
  } finally {
    await client.end();
  }
}
