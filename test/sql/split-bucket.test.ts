/**
 * The split bucket (LANGUAGE.md §12.5) is the same on every warehouse: each
 * dialect's `splitBucket` expression, for known ids, against an independent
 * oracle written here from the spec text with node:crypto's MD5. Executed on
 * DuckDB and PostgreSQL; the Snowflake, BigQuery and Redshift expressions are
 * parsed by sqlglot and run translated to DuckDB (translated-run.ts, whose
 * shims follow each warehouse's documentation).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDialect } from '../../src/sql/dialects/index.js';
import { ENGINES, openDuckDb, type TestEngine } from './support/engines.js';
import { sqlglotAvailable, sqlglotParse } from './sqlglot/sqlglot.js';
import { SHIMS, translate } from './translate/translated-run.js';

/** From the spec: first 8 hex digits of md5("NAME:id") (UTF-8), base 16, mod 10000. */
function oracle(split: string, id: string): number {
  const hex = createHash('md5')
    .update(Buffer.from(`${split}:${id}`, 'utf8'))
    .digest('hex');
  return Number(BigInt(`0x${hex.slice(0, 8)}`) % 10000n);
}

/** The spec's worked example, the conformance case's boundary ids, and awkward text. */
const KNOWN: Array<[string, string]> = [
  ['q3', 'acc_1'],
  ['pro_test', 'acct_11638'],
  ['pro_test', 'acct_10415'],
  ['pro_abc', 'acct_5869'],
  ['pro_abc', 'acct_2173'],
  ['pro_abc', 'acct_10834'],
  ['pro_abc', 'acct_31978'],
  ['holdout', "o'brien"],
  ['holdout', 'ångström ✓ 😀'],
  ['holdout', 'back\\slash'],
  ['holdout', 'trailing blank '],
  ['holdout', ''],
  ...Array.from({ length: 40 }, (_, i): [string, string] => ['exp', `user-${i * 7919}`]),
];

it('the oracle gives the spec’s worked example (q3, acc_1 → 3c7b2164… → 2436)', () => {
  expect(createHash('md5').update('q3:acc_1').digest('hex').slice(0, 8)).toBe('3c7b2164');
  expect(oracle('q3', 'acc_1')).toBe(2436);
  // The conformance case's boundary ids (shared/conformance/cases-v2/42-splits.test.yml).
  expect(oracle('pro_test', 'acct_11638')).toBe(1249);
  expect(oracle('pro_test', 'acct_10415')).toBe(1250);
  expect(oracle('pro_abc', 'acct_31978')).toBe(6666);
});

/** One SELECT of every known bucket, as columns b0, b1, … of `dialect`. */
function bucketQuery(name: 'duckdb' | 'postgres' | 'snowflake' | 'bigquery' | 'redshift'): string {
  const d = getDialect(name);
  return `SELECT ${KNOWN.map(([split, id], i) => `${d.splitBucket(split, d.stringLiteral(id))} AS b${i}`).join(', ')}`;
}

const expected = Object.fromEntries(KNOWN.map(([split, id], i) => [`b${i}`, oracle(split, id)]));

describe.each(ENGINES)('split buckets executed on $name', ({ name, open }) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await open('split_bucket');
  });
  afterAll(async () => {
    await engine.close();
  });

  it('every known id falls in the oracle’s bucket', async () => {
    const [row] = await engine.query(bucketQuery(name as 'duckdb' | 'postgres'));
    expect(row).toEqual(expected);
  });
});

describe.each(['snowflake', 'bigquery', 'redshift'] as const)('split buckets on %s', (name) => {
  it('the expression parses with sqlglot', () => {
    if (!sqlglotAvailable())
      throw new Error('sqlglot is missing: apt-get install -y python3-sqlglot');
    expect(sqlglotParse(name, [bucketQuery(name)]).problems).toEqual([]);
  });

  it('translated to DuckDB, every known id falls in the oracle’s bucket', async () => {
    const duckdb = await openDuckDb();
    try {
      for (const shim of SHIMS[name]) for (const sql of shim.sql) await duckdb.run(sql);
      const statements = translate(bucketQuery(name), name);
      expect(statements).toHaveLength(1);
      const [row] = await duckdb.query(statements[0]!);
      expect(row).toEqual(expected);
    } finally {
      await duckdb.close();
    }
  });
});
