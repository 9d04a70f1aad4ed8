import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WarehouseError } from '../../src/runtime/warehouse.js';
import { openPostgres } from '../../src/runtime/warehouses/postgres.js';
import { engines, PG_URL, useEngine } from './engines.js';

describe.each(engines)('$name warehouse', (engine) => {
  const session = useEngine(engine, { beforeEach, afterEach });

  it('reports its dialect', () => {
    expect(session.current.dialect).toBe(engine.name);
  });

  it('runs the session in UTC', async () => {
    const rows = await session.current.query(`select current_setting('TimeZone') as tz`);
    expect(rows).toEqual([{ tz: 'UTC' }]);
  });

  it('returns plain JS values: ISO instants, numbers for bigint/decimal, arrays, null', async () => {
    const rows = await session.current.query(
      `select cast(42 as bigint) as big, cast(12.50 as decimal(10,2)) as dec, cast(2.5 as double precision) as dbl,
              cast('2026-06-30 02:00:00+02' as timestamptz) as tstz,
              cast('2026-06-30 10:00:00.123456' as timestamp) as ts,
              cast('2026-01-02' as date) as d,
              cast(null as varchar) as nothing, true as yes,
              array['b', 'a'] as list, array[cast(1 as bigint), 2] as nums`,
    );
    expect(rows).toEqual([
      {
        big: 42,
        dec: 12.5,
        dbl: 2.5,
        tstz: '2026-06-30T00:00:00.000Z',
        ts: '2026-06-30T10:00:00.123Z',
        d: '2026-01-02T00:00:00.000Z',
        nothing: null,
        yes: true,
        list: ['b', 'a'],
        nums: [1, 2],
      },
    ]);
  });

  it('keeps temporary tables for the whole session', async () => {
    await session.current.execute('create temporary table t (x integer)');
    await session.current.execute('insert into t values (1), (2)');
    expect(await session.current.query('select x from t order by x')).toEqual([{ x: 1 }, { x: 2 }]);
  });

  it('streams rows in batches', async () => {
    const sql =
      engine.name === 'duckdb'
        ? 'select i from range(2500) t(i)'
        : 'select i from generate_series(0, 2499) as t(i)';
    let count = 0;
    let sum = 0;
    for await (const batch of session.current.stream(sql, 1000)) {
      count += batch.length;
      for (const row of batch) sum += Number(row.i);
    }
    expect(count).toBe(2500);
    expect(sum).toBe((2499 * 2500) / 2);
    // The session is usable afterwards (the cursor's transaction is closed).
    expect(await session.current.query('select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('reads a cursor in pages while the session commits between them, and frees one left early', async () => {
    const w = session.current;
    const series =
      engine.name === 'duckdb'
        ? 'select i from range(2500) t(i)'
        : 'select i from generate_series(0, 2499) as t(i)';
    // A table, not a temporary one: DuckDB's cursor reads on a connection of its own.
    await w.execute(`create table numbers as ${series}`);
    if (!w.cursor) throw new Error(`the ${engine.name} warehouse has no cursor`);
    const read = 'select cast(i as varchar) as v from numbers order by numbers.i';
    const pages: string[][] = [];
    for await (const page of w.cursor(read, 1000)) {
      pages.push(page);
      // A checkpoint's transaction between two pages: committed, and the cursor goes on.
      await w.execute('begin');
      await w.execute(`insert into numbers values (${10_000 + pages.length})`);
      await w.execute('commit');
    }
    // Every row once, in order, none of those inserted after the cursor began.
    expect(pages.flat()).toEqual(Array.from({ length: 2500 }, (_, i) => String(i)));
    expect(pages.map((page) => page.length)).toEqual([1000, 1000, 500]);
    expect(await w.query('select count(*) as n from numbers')).toEqual([
      { n: 2500 + pages.length },
    ]);
    for await (const page of w.cursor(read, 1000)) {
      expect(page[0]).toBe('0');
      break;
    }
    if (engine.name === 'postgres')
      expect(await w.query('select count(*) as n from pg_cursors')).toEqual([{ n: 0 }]);
    expect(await w.query('select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('lists the columns of a query without reading its rows', async () => {
    expect(await session.current.columns('select 1 as id, 2 as value')).toEqual(['id', 'value']);
  });

  it('throws a WarehouseError carrying the database message and the SQL', async () => {
    const failing = session.current.query('select * from no_such_table');
    await expect(failing).rejects.toBeInstanceOf(WarehouseError);
    await expect(session.current.query('select * from no_such_table')).rejects.toThrow(
      /no_such_table/,
    );
    // The session survives the error.
    expect(await session.current.query('select 2 as two')).toEqual([{ two: 2 }]);
  });
});

describe('postgres warehouse settings', () => {
  it('turns JIT off for its sessions (temp tables are never analyzed; JIT made tiny queries slow)', async () => {
    const warehouse = await openPostgres({ url: PG_URL });
    try {
      expect(await warehouse.query(`select current_setting('jit') as jit`)).toEqual([
        { jit: 'off' },
      ]);
    } finally {
      await warehouse.close();
    }
  });
});
