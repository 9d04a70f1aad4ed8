/**
 * DuckDB's memory_limit, threads and temp_directory per target (issue 14.4):
 * a query that outgrows the limit spills to disk instead of failing, even
 * after restrictFileAccess locks file access; a bad value is a clear
 * `runtime-bad-setting` before anything connects.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWarehouse, restrictFileAccess } from '../../src/runtime/open-warehouse.js';
import { openDuckDb, parseMemoryLimit } from '../../src/runtime/warehouses/duckdb.js';
import type { TargetConfig } from '../../src/project/types.js';
import { getDialect } from '../../src/sql/index.js';

const target = (settings: Record<string, unknown>): TargetConfig => ({
  name: 't',
  dialect: 'duckdb',
  settings,
});

// 1.2 M groups of a hash aggregate hold far more than 20 MB while they are built.
const BIG_AGGREGATE = `select count(*) as n, sum(c) as s
  from (select i % 1200000 as k, count(*) as c from range(2400000) t(i) group by k)`;

describe('DuckDB resources per target', () => {
  it('spills to disk under a tiny memory_limit instead of failing, after file access is locked', async () => {
    const root = mkdtempSync(join(tmpdir(), 'roster-spill-'));
    try {
      const opened = await openWarehouse(
        target({ memory_limit: '${LIMIT}', threads: 1, temp_directory: 'spill' }),
        { LIMIT: '20MB' },
        { baseDir: root },
      );
      if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostics));
      const warehouse = opened.warehouse;
      try {
        await restrictFileAccess(warehouse, getDialect('duckdb'), target({}), root, {});
        const [settings] = await warehouse.query(
          "select current_setting('threads') as threads, current_setting('temp_directory') as temp",
        );
        expect(settings).toEqual({ threads: 1, temp: join(root, 'spill') });
        // Independent check: 2.4 M rows in 1.2 M groups of 2.
        expect(await warehouse.query(BIG_AGGREGATE)).toEqual([{ n: 1200000, s: 2400000 }]);
      } finally {
        await warehouse.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("confines file reads to the project and allowed_directories, even in folders named with ' and \\", async () => {
    const base = mkdtempSync(join(tmpdir(), 'roster-confine-'));
    const root = join(base, "it's a \\ project");
    const extra = join(base, "o'brien");
    const outside = join(base, 'outside');
    for (const dir of [root, extra, outside]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'x.csv'), 'n\n1\n');
    }
    const warehouse = await openDuckDb();
    try {
      const read = (dir: string) =>
        warehouse.query(`select n from read_csv('${join(dir, 'x.csv').replaceAll("'", "''")}')`);
      await restrictFileAccess(
        warehouse,
        getDialect('duckdb'),
        target({ allowed_directories: ["../o'brien"] }),
        root,
        {},
      );
      expect(await read(root)).toEqual([{ n: 1 }]);
      expect(await read(extra)).toEqual([{ n: 1 }]);
      await expect(read(outside)).rejects.toThrow(/Cannot access file/);
    } finally {
      await warehouse.close();
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('the same query fails with that limit when DuckDB may not spill (so the test above did spill)', async () => {
    const warehouse = await openDuckDb({ memoryLimit: '20MB', threads: 1, tempDirectory: '' });
    try {
      await expect(warehouse.query(BIG_AGGREGATE)).rejects.toThrow(/Out of Memory/);
    } finally {
      await warehouse.close();
    }
  });

  it('limitMemory lowers memory_limit until restored, spilling what outgrows it, and never raises it', async () => {
    const warehouse = await openDuckDb({ memoryLimit: '1GiB', threads: 1 });
    const limit = async (): Promise<string> =>
      String((await warehouse.query("select current_setting('memory_limit') as m"))[0]!.m);
    try {
      const configured = await limit();
      const restore = await warehouse.limitMemory!(20 * 2 ** 20);
      expect(await limit()).toBe('20.0 MiB');
      expect(await warehouse.query(BIG_AGGREGATE)).toEqual([{ n: 1200000, s: 2400000 }]);
      await restore();
      expect(await limit()).toBe(configured);
      const above = await warehouse.limitMemory!(2 * 2 ** 30);
      expect(await limit()).toBe(configured);
      await above();
      expect(await limit()).toBe(configured);
    } finally {
      await warehouse.close();
    }
  });

  it('defaults: half the memory, a spill folder of its own under the OS temp folder, removed on close', async () => {
    const before = new Set(readdirSync(tmpdir()).filter((f) => f.startsWith('roster-duckdb-')));
    const warehouse = await openDuckDb();
    const [row] = await warehouse.query("select current_setting('temp_directory') as temp");
    const temp = String(row!.temp);
    expect(temp.startsWith(join(tmpdir(), 'roster-duckdb-'))).toBe(true);
    expect(before.has(temp.slice(tmpdir().length + 1))).toBe(false);
    await warehouse.close();
    expect(readdirSync(tmpdir())).not.toContain(temp.slice(tmpdir().length + 1));
  });

  it('reads sizes with units and shares of memory', () => {
    expect(parseMemoryLimit('512MB')).toBe(512e6);
    expect(parseMemoryLimit(' 4 GiB ')).toBe(4 * 2 ** 30);
    expect(parseMemoryLimit('50%', 1000)).toBe(500);
    for (const bad of ['lots', '4', '0GB', '150%', '4 parsecs', '-1GB', 4]) {
      expect(parseMemoryLimit(bad)).toBeUndefined();
    }
  });

  it.each([
    [
      { memory_limit: 'lots' },
      'target `t`: `memory_limit` must be a size such as `4GB` or `512MB`, or a share of memory such as `50%`, not `lots`',
    ],
    [
      { memory_limit: '${MEM}' },
      'target `t`: `memory_limit` must be a size such as `4GB` or `512MB`, or a share of memory such as `50%`, not `4`',
    ],
    [{ threads: 0 }, 'target `t`: `threads` must be a whole number from 1 to 1024, not `0`'],
    [{ threads: 'two' }, 'target `t`: `threads` must be a whole number from 1 to 1024, not `two`'],
  ])('refuses %j with a clear message', async (settings, message) => {
    const opened = await openWarehouse(target(settings), { MEM: '4' });
    expect(opened.ok).toBe(false);
    expect(opened.diagnostics).toHaveLength(1);
    expect(opened.diagnostics[0]).toMatchObject({ code: 'runtime-bad-setting', message });
    expect(opened.diagnostics[0]!.hints.join(' ')).toMatch(
      'threads' in settings ? /threads/ : /units/,
    );
  });
});
