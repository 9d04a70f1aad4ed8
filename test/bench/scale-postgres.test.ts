/**
 * Smoke test of the scale benchmark on PostgreSQL (issue 14: "PostgreSQL at
 * SF 0.1"), at SF 0.01: the generated tables arrive in PostgreSQL as they are
 * in DuckDB, and the PostgreSQL practical limit
 * (bench/hand-written/postgres) returns exactly roster's results for every
 * definition of the program. Correctness only: no timings.
 *
 * The engine and a scratch schema are chosen through the benchmark's own
 * environment variables; vitest runs each file in a process of its own, so
 * they reach no other test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCALE_TABLES, ensureScaleData } from '../../bench/scale/data.js';
import type { ScaleData } from '../../bench/scale/data.js';
import { checkScale, selectedContenders } from '../../bench/scale/contenders.js';
import { SCALE_PG_URL, ensureScalePostgres } from '../../bench/scale/postgres-data.js';
import type { ScalePostgres } from '../../bench/scale/postgres-data.js';

const SF = 0.01;
const schema = `roster_scale_test_${randomBytes(5).toString('hex')}`;
let dir: string;
let data: ScaleData;
let loaded: ScalePostgres;

beforeAll(async () => {
  process.env.ROSTER_BENCH_ENGINE = 'postgres';
  process.env.ROSTER_BENCH_PG_SCHEMA = schema;
  dir = mkdtempSync(join(tmpdir(), 'roster-scale-pg-'));
  data = await ensureScaleData(SF, { dir, log: () => {} });
  loaded = await ensureScalePostgres(data, { log: () => {} });
}, 180_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: SCALE_PG_URL });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
});

/** One row of figures per table that any lost or altered value would change. */
const FINGERPRINT: Record<string, { duckdb: string; postgres: string }> = {
  accounts: {
    duckdb: `count(*), count(industry), sum(mrr), sum(seats), sum(len(tags)), count(*) filter (where list_contains(tags, 'strategic')), count(*) filter (where is_trial), sum(epoch(created_at))`,
    postgres: `count(*), count(industry), sum(mrr), sum(seats), sum(cardinality(tags)), count(*) filter (where 'strategic' = any (tags)), count(*) filter (where is_trial), sum(extract(epoch from created_at))`,
  },
  users: {
    duckdb: `count(*), count(title), sum(length(email)), count(role), count(*) filter (where beta)`,
    postgres: `count(*), count(title), sum(length(email)), count(role), count(*) filter (where beta)`,
  },
  tracks: {
    duckdb: `count(*), count(user_id), sum(epoch(timestamp)), count(properties->>'feature'), count(*) filter (where json_type(properties, '$.duration') = 'VARCHAR'), count(*) filter (where json_type(properties, '$.feature') = 'UBIGINT')`,
    postgres: `count(*), count(user_id), sum(extract(epoch from timestamp)), count(properties->>'feature'), count(*) filter (where jsonb_typeof(properties->'duration') = 'string'), count(*) filter (where jsonb_typeof(properties->'feature') = 'number')`,
  },
};

describe('scale benchmark data in PostgreSQL', () => {
  it('holds the same rows as the DuckDB file, wrong-typed properties included', async () => {
    expect(loaded.schema).toBe(schema);
    const instance = await DuckDBInstance.create(data.file, { access_mode: 'READ_ONLY' });
    const duck = await instance.connect();
    const client = new pg.Client({ connectionString: SCALE_PG_URL });
    await client.connect();
    try {
      for (const table of SCALE_TABLES) {
        const counted = await client.query(`select count(*)::int as n from "${schema}"."${table}"`);
        expect(counted.rows[0].n, table).toBe(data.rows[table]);
      }
      for (const [table, sql] of Object.entries(FINGERPRINT)) {
        const reader = await duck.runAndReadAll(`select ${sql.duckdb} from ${table}`);
        const want = (reader.getRows()[0] ?? []).map((v) => Number(v));
        const got = await client.query({
          text: `select ${sql.postgres} from "${schema}"."${table}"`,
          rowMode: 'array',
        });
        const values = (got.rows[0] as unknown[]).map((v) => Number(v));
        // Sums of doubles differ in the last bits with the order they are added in.
        values.forEach((v, i) => expect(v, `${table} #${i}`).toBeCloseTo(want[i]!, 3));
        expect(
          values.some((v) => v > 0),
          table,
        ).toBe(true);
      }
    } finally {
      await client.end();
      duck.closeSync();
      instance.closeSync();
    }
  });

  it('loads once: a second call finds the schema', async () => {
    const again = await ensureScalePostgres(data, { log: () => {} });
    expect(again).toEqual({ url: SCALE_PG_URL, schema });
  });
});

describe('scale benchmark baselines on PostgreSQL', () => {
  it('has no naive baseline there, and no plan contenders (their state is a DuckDB file)', () => {
    expect(selectedContenders('postgres')).toEqual([
      'roster',
      'roster-v2',
      'roster-5',
      'roster-50',
      'roster-all-events',
      'hand-written',
    ]);
  });

  it("the practical limit returns exactly roster's results for all 66 definitions of the program (and roster-v2 and the subsets roster's)", async () => {
    const outcome = await checkScale(data.file);
    expect(outcome.compared).toBe(66);
    expect(outcome.values).toBeGreaterThan(0);
    expect(outcome.problems).toEqual([]);
  }, 180_000);
});
