/**
 * On DuckDB a plan's results change is written with its per-member text
 * uncompressed (`StateAdapter.snapshotText`): the snapshot is written once,
 * read once by apply and dropped, and choosing a compression for each string
 * segment cost more than the space saved. Checked in a real state file, after
 * a checkpoint, from DuckDB's own storage information; and the rows are the
 * results as written.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createResultsChangeSql } from '../../../src/runtime/plan/snapshot-sql.js';
import type { Warehouse } from '../../../src/runtime/warehouse.js';
import { openDuckDb } from '../../../src/runtime/warehouses/duckdb.js';
import { getDialect } from '../../../src/sql/index.js';
import type { CompiledDefinition } from '../../../src/sql/index.js';

const d = getDialect('duckdb');
/** Enough members for several row groups' worth of segments (a row group is 122,880 rows). */
const MEMBERS = 300_000;
const TRAIT = {
  name: 'logins',
  kind: 'trait',
  resultQuery: `SELECT 'u' || lpad(CAST(i AS VARCHAR), 6, '0') AS id, CAST(i % 7 AS DOUBLE) AS value FROM range(${MEMBERS}) AS r(i)`,
} as unknown as CompiledDefinition;

let folder: string;
let warehouse: Warehouse;
beforeAll(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'roster-snapshot-storage-'));
  warehouse = await openDuckDb();
  await warehouse.execute(`ATTACH '${path.join(folder, 'state.duckdb')}' AS st`);
  await warehouse.execute('CREATE TABLE st.results (definition TEXT, member_id TEXT, value TEXT)');
});
afterAll(async () => {
  await warehouse.close();
  rmSync(folder, { recursive: true, force: true });
});

it('stores the member ids and values of the results change uncompressed, the definition compressed', async () => {
  for (const statement of createResultsChangeSql(d, 'st.snap', [TRAIT], 'st.results'))
    await warehouse.execute(statement);
  await warehouse.execute('CHECKPOINT st');

  const segments = await warehouse.query(
    `SELECT column_name, compression, count(*) AS n FROM pragma_storage_info('st.snap') ` +
      `WHERE segment_type = 'VARCHAR' GROUP BY ALL ORDER BY ALL`,
  );
  const methods = (column: string) =>
    segments.filter((s) => s.column_name === column).map((s) => String(s.compression));
  for (const column of ['member_id', 'value', 'previous']) {
    expect(methods(column).length, column).toBeGreaterThan(0);
    expect(new Set(methods(column)), column).toEqual(new Set(['Uncompressed']));
  }
  // The one name repeated on every row is compressed as DuckDB chooses.
  expect(methods('definition').length).toBeGreaterThan(0);
  expect(methods('definition')).not.toContain('Uncompressed');

  // Every member is new against the empty applied results: value as JSON text, no previous.
  const [counts] = await warehouse.query(
    `SELECT count(*) AS n, count(DISTINCT member_id) AS members, count(previous) AS previous, ` +
      `min(member_id) AS first, max(member_id) AS last, sum(CAST(value AS DOUBLE)) AS total FROM st.snap`,
  );
  // Values i % 7 over 0..299,999: 42,857 full cycles of 0+…+6 = 21, plus 0 (i = 299,999 ≡ 0).
  expect(counts).toEqual({
    n: MEMBERS,
    members: MEMBERS,
    previous: 0,
    first: 'u000000',
    last: 'u299999',
    total: 42_857 * 21,
  });
});
