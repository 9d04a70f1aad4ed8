/**
 * DuckDB's queryColumns reads result vectors directly (duckdb-columns.ts);
 * what it returns must be exactly what the driver's own getColumnsObjectJS
 * returns for the same query (the oracle: the driver, on an instance of its
 * own): strings of every shape, lists with NULL elements, numbers at their
 * edges, timestamps at microsecond precision on both sides of 1970, NULLs
 * across chunk boundaries, types read by the driver's converter.
 */
import { isDeepStrictEqual } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb } from '../../src/runtime/warehouses/duckdb.js';
import type { Warehouse } from '../../src/runtime/warehouse.js';

const STRINGS = [
  "''",
  "'a'",
  "'usr_000001'",
  "'exactly12byt'",
  "'thirteen byte'",
  "'quote \" and '' apostrophe'",
  "'back\\slash \\\\ \\n not a newline'",
  "'comma, [bracket], {brace}: colon'",
  "'line\nbreak\r\ttab'",
  "'nul ' || chr(0) || ' inside'",
  'chr(1) || chr(31) || chr(127)',
  "'é'",
  "'ééééééé'",
  "'naïve café résumé — long enough to be stored out of line'",
  "'emoji 😀 and 👩‍👩‍👧 family'",
  "'😀'",
  "'\u2028\u2029 separators'",
  "'日本語テキスト'",
  "'null'",
  "'NULL'",
  "repeat('x', 5000)",
];

const QUERIES: Record<string, string> = {
  strings: `select * from (values ${STRINGS.map((s, i) => `(${i}, ${s})`).join(', ')}, (99, null)) t(i, s) order by i`,
  lists: `select i, l from (values
      (1, ['a', 'b']), (2, []::varchar[]), (3, null), (4, ['', null, 'x']),
      (5, [${STRINGS.join(', ')}]), (6, [null]::varchar[]), (7, ['😀', 'é', 'a,b', '"q"', '[x]'])
    ) t(i, l) order by i`,
  nested: `select [['a', null], null, []]::varchar[][] as n, [[1.5, null]]::double[][] as d, [1, 2]::bigint[] as b`,
  numbers: `select * from (values
      (1, 0.0::double, 0::integer, 0::bigint, 0::float),
      (2, -0.0::double, (-2147483648)::integer, (-9223372036854775808)::bigint, -0.0::float),
      (3, 'NaN'::double, 2147483647::integer, 9223372036854775807::bigint, 'NaN'::float),
      (4, 'inf'::double, 1::integer, 9007199254740993::bigint, 'inf'::float),
      (5, '-inf'::double, (-1)::integer, (-1)::bigint, 1.1::float),
      (6, 5e-324::double, null, null, 3.4e38::float),
      (7, 1.7976931348623157e308::double, 7::integer, 7::bigint, null),
      (8, 0.1 + 0.2, 3::integer, 3::bigint, 1e-45::float),
      (9, null, 4::integer, 4::bigint, 2.5::float)
    ) t(i, d, n, b, f) order by i`,
  small: `select (-128)::tinyint as t, 255::utinyint as ut, (-32768)::smallint as s, 65535::usmallint as us,
      4294967295::uinteger as ui, 18446744073709551615::ubigint as ub, 170141183460469231731687303715884105727::hugeint as h`,
  timestamps: `select i, t, t::timestamp as naive from (values
      (1, '2026-06-30 10:00:00.123456+00'::timestamptz),
      (2, '1970-01-01 00:00:00+00'::timestamptz),
      (3, '1969-12-31 23:59:59.9995+00'::timestamptz),
      (4, '1969-12-31 23:59:59.999999+00'::timestamptz),
      (5, '1900-03-01 12:34:56.000001+00'::timestamptz),
      (6, '0001-01-01 00:00:00+00'::timestamptz),
      (7, '9999-12-31 23:59:59.999999+00'::timestamptz),
      (8, '1960-01-01 00:00:00.0005+00'::timestamptz),
      (9, null),
      (10, '2026-01-01 00:00:00.000999+00'::timestamptz),
      (11, make_timestamp(-200000000000000000)::timestamptz)
    ) t(i, t) order by i`,
  others: `select true as yes, null::boolean as maybe, 12.345::decimal(10, 3) as dec, date '2026-06-30' as day,
      interval 3 day as span, {'a': 1, 'b': 'x'} as record, 'x'::blob as bytes, uuid '00000000-0000-0000-0000-000000000001' as id,
      map {'k': 1} as m, [1, 2]::integer[2] as fixed, time '10:00:00' as clock`,
  // Short strings repeat (shared by their bytes): the same bytes at other lengths, NUL, non-ASCII,
  // and more distinct ones than a column keeps (the rest are read one by one).
  short: `select ['', 'a', 'a' || chr(0), chr(0), 'é', '😀', 'ab', 'abcdef', 'abcdeg', 'abcdefg'][1 + i % 10] as s,
      [lpad(i::varchar, 6, '0'), 'a', 'é'][1 + i % 3] as t,
      [[lpad((i % 20000)::varchar, 5, '0'), 'a', null, 'abcdef', 'é']] as l
    from range(25000) r(i) order by i`,
  duplicates: `select 1 as a, 'x' as a, 2 as a`,
  empty: `select 'x' as s, 1.5 as d from range(0)`,
  // Several chunks (2,048 rows each), NULLs in a pattern that crosses their boundaries.
  chunks: `select i,
      case when i % 7 = 3 then null else 'id_' || i end as s,
      case when i % 5 = 1 then null else i / 3.0 end::double as d,
      case when i % 11 = 2 then null when i % 13 = 0 then []::varchar[] else ['v' || i, 'long value number ' || i, null] end as l,
      case when i % 3 = 0 then null else make_timestamp(i * 1234567891)::timestamptz end as t,
      case when i % 9 = 4 then null else i * 1000000007 end::bigint as b
    from range(10000) r(i) order by i`,
};

describe('DuckDB queryColumns reads vectors as the driver converts them', () => {
  let warehouse: Warehouse;
  let oracle: Awaited<ReturnType<DuckDBInstance['connect']>>;
  let oracleInstance: DuckDBInstance;

  beforeAll(async () => {
    warehouse = await openDuckDb();
    oracleInstance = await DuckDBInstance.create(':memory:');
    oracle = await oracleInstance.connect();
    await oracle.run("SET TimeZone = 'UTC'");
  });
  afterAll(async () => {
    await warehouse.close();
    oracle.closeSync();
    oracleInstance.closeSync();
  });

  for (const [name, sql] of Object.entries(QUERIES)) {
    it(name, async () => {
      const expected = (await oracle.runAndReadAll(sql)).getColumnsObjectJS();
      const actual = await warehouse.queryColumns!(sql);
      expect(Object.keys(actual)).toEqual(Object.keys(expected));
      expect(actual).toEqual(expected);
      // Object.is per value: -0, NaN, bigint against number, Date by instant.
      expect(isDeepStrictEqual(actual, expected)).toBe(true);
    });
  }

  it('refuses a timestamp beyond a JS Date as the driver does', async () => {
    const sql = `select make_timestamp(9000000000000000000)::timestamptz as t`;
    const expected = await oracle
      .runAndReadAll(sql)
      .then((r) => r.getColumnsObjectJS())
      .then(
        () => 'read',
        (caught: Error) => caught.message,
      );
    expect(expected).toMatch(/out of range/);
    await expect(warehouse.queryColumns!(sql)).rejects.toThrow(expected);
  });

  it('reads the corpus strings exactly as written in SQL', async () => {
    const columns = await warehouse.queryColumns!(
      `select 'quote " back\\ 😀' as a, ['', 'é,"x"', null] as l`,
    );
    expect(columns.a).toEqual(['quote " back\\ 😀']);
    expect(columns.l).toEqual([['', 'é,"x"', null]]);
  });
});
