/**
 * Each dialect hook on the real engine, with the results LANGUAGE.md asks
 * for: typed JSON access where a wrong JSON type reads as missing, literal
 * string matching, list operations, code-point ordering, (ts, message id)
 * tie-breaking, timestamps as instants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDialect } from '../../src/sql/dialects/index.js';
import { createStatement, dropStatement } from '../../src/sql/statements.js';
import { ENGINES, type TestEngine } from './support/engines.js';

describe.each(ENGINES)('dialect hooks on $name', ({ name, open }) => {
  const d = getDialect(name);
  let engine: TestEngine;
  const one = async (sql: string): Promise<unknown> =>
    (await engine.query(`SELECT ${sql} AS v`))[0]?.['v'];
  beforeAll(async () => {
    engine = await open('hooks');
  });
  afterAll(async () => {
    await engine.close();
  });

  it('column types and literals', async () => {
    expect(await one(d.numberLiteral(-2.5))).toBe(-2.5);
    expect(await one(d.numberLiteral(1e21))).toBe(1e21);
    expect(await one(d.booleanLiteral(false))).toBe(false);
    expect(await one(d.timestampLiteral('2026-01-31'))).toBe('2026-01-31T00:00:00.000Z');
    expect(await one(d.timestampLiteral('2026-01-31T12:00:00+02:00'))).toBe(
      '2026-01-31T10:00:00.000Z',
    );
    expect(await one(d.listLiteral([]))).toEqual([]);
    expect(await one(d.nullLiteral('list'))).toBe(null);
    expect(() => d.timestampLiteral("2026-01-01'; --")).toThrow(/not an ISO-8601 instant/);
    expect(d.columnType('list')).toBe(name === 'duckdb' ? 'VARCHAR[]' : 'text[]');
    expect(d.jsonColumnType).toBe(name === 'duckdb' ? 'JSON' : 'jsonb');
  });

  it('reads JSON properties typed; a wrong JSON type is missing, never an error', async () => {
    const json = `CAST(${d.stringLiteral('{"s":"x","n":2.5,"i":3,"b":true,"t":"2026-01-02T03:04:05Z","bad":"nope","z":null}')} AS ${d.jsonColumnType})`;
    expect(await one(d.jsonProperty(json, 's', 'string'))).toBe('x');
    expect(await one(d.jsonProperty(json, 'n', 'number'))).toBe(2.5);
    expect(await one(d.jsonProperty(json, 'i', 'number'))).toBe(3);
    expect(await one(d.jsonProperty(json, 'b', 'boolean'))).toBe(true);
    expect(await one(d.jsonProperty(json, 't', 'timestamp'))).toBe('2026-01-02T03:04:05.000Z');
    expect(await one(d.jsonProperty(json, 'n', 'string'))).toBe(null);
    expect(await one(d.jsonProperty(json, 's', 'number'))).toBe(null);
    expect(await one(d.jsonProperty(json, 's', 'boolean'))).toBe(null);
    expect(await one(d.jsonProperty(json, 'bad', 'timestamp'))).toBe(null);
    expect(await one(d.jsonProperty(json, 'z', 'string'))).toBe(null);
    expect(await one(d.jsonProperty(json, 'absent', 'number'))).toBe(null);
  });

  // The staging scan's two steps (Dialect.jsonPropertyInTwoSteps): the first as a
  // column of an inner query, the second over it, must read what jsonProperty reads
  // for every JSON value, above all those whose text looks like another type's. Only a
  // dialect with the hook has the test (a dialect without it compiles jsonProperty alone).
  const twoSteps = d.jsonPropertyInTwoSteps !== undefined ? it : undefined;
  twoSteps?.('reads a property in two steps as in one, whatever the JSON value', async () => {
    const values = [
      ...['12', '-1', '1.5e3', 'true', 'false', 'null', '{}', '[1]', '{"b":"x"}', '["x"]'],
      ...['NaN', 'Infinity', '-Infinity', 'inf', 'nan'],
      ...['"12"', '"-1"', '"true"', '"false"', '"null"', '"NaN"', '"inf"', '"Infinity"'],
      ...['"{x"', '"[x"', '"x"', '""', '" 1"', '"é"', '"/pricing"', '"a\\"b\\\\c"', '"tea"'],
      ...['"2026-01-02T03:04:05Z"', '"no date"'],
    ];
    const strings: Record<string, string> = {
      '"12"': '12',
      '"-1"': '-1',
      '"true"': 'true',
      '"false"': 'false',
      '"null"': 'null',
      '"NaN"': 'NaN',
      '"inf"': 'inf',
      '"Infinity"': 'Infinity',
      '"{x"': '{x',
      '"[x"': '[x',
      '"x"': 'x',
      '""': '',
      '" 1"': ' 1',
      '"é"': 'é',
      '"/pricing"': '/pricing',
      '"a\\"b\\\\c"': 'a"b\\c',
      '"tea"': 'tea',
      '"2026-01-02T03:04:05Z"': '2026-01-02T03:04:05Z',
      '"no date"': 'no date',
    };
    for (const type of ['string', 'timestamp'] as const) {
      for (const value of [...values, undefined]) {
        const doc = value === undefined ? '{"b":1}' : `{"b":0,"a":${value}}`;
        const json = `CAST(${d.stringLiteral(doc)} AS ${d.jsonColumnType})`;
        const steps = d.jsonPropertyInTwoSteps?.(json, 'a', type);
        if (!steps) throw new Error(`no two steps for ${type}`);
        // As text: 'Infinity' casts to an infinite timestamp, in both.
        const [row] = await engine.query(
          `SELECT ${d.cast(steps.typed('s.t', 's.j'), 'string')} AS v, ` +
            `${d.cast(d.jsonProperty(json, 'a', type), 'string')} AS w ` +
            `FROM (SELECT ${steps.text} AS t, ${steps.json} AS j) AS s`,
        );
        if (type === 'string') {
          const expected = value === undefined ? null : (strings[value] ?? null);
          expect({ doc, v: row?.['v'] }).toEqual({ doc, v: expected });
        }
        expect({ doc, type, v: row?.['v'] }).toEqual({ doc, type, v: row?.['w'] });
      }
    }
  });

  it('matches strings literally and case-sensitively', async () => {
    const s = d.stringLiteral('100%_off\\now');
    expect(await one(d.stringContains(s, '%_o'))).toBe(true);
    expect(await one(d.stringContains(s, '_%'))).toBe(false);
    expect(await one(d.stringContains(s, 'OFF'))).toBe(false);
    expect(await one(d.stringStartsWith(s, '100%'))).toBe(true);
    expect(await one(d.stringStartsWith(s, '1_0'))).toBe(false);
    expect(await one(d.stringEndsWith(s, '\\now'))).toBe(true);
    expect(await one(d.stringEndsWith(s, 'é\\now'))).toBe(false);
    expect(await one(d.stringEndsWith(d.stringLiteral('café'), 'fé'))).toBe(true);
    expect(await one(d.stringContains(d.nullLiteral('string'), 'x'))).toBe(null);
  });

  it('list contains any/all', async () => {
    const list = d.listLiteral(['a', 'b']);
    expect(await one(d.listContainsAny(list, ['x', 'b']))).toBe(true);
    expect(await one(d.listContainsAny(list, ['x']))).toBe(false);
    expect(await one(d.listContainsAll(list, ['a', 'b']))).toBe(true);
    expect(await one(d.listContainsAll(list, ['a', 'c']))).toBe(false);
    expect(await one(d.listContainsAny(d.emptyList(), ['a']))).toBe(false);
  });

  it('aggregates: sorted distinct lists by code point, arg-min/max by (ts, message id)', async () => {
    const rows = `(VALUES ('b', 1, 'm2'), ('B', 1, 'm1'), ('é', 2, 'a'), ('a', 2, 'B'), ('z', 2, 'b'), ('b', 3, NULL), ('c', 3, 'x')) AS t(v, ts, mid)`;
    const [row] = await engine.query(
      // The hook's rows hold distinct values (its contract): 'b' once, the one at ts 1.
      `SELECT ${d.sortedDistinctList('t.v', `t.v <> 'z' AND t.mid IS NOT NULL`)} AS u, ` +
        `${d.argByTime('min', 't.v', 't.ts', 't.mid', 'TRUE')} AS first, ` +
        `${d.argByTime('max', 't.v', 't.ts', 't.mid', 'TRUE')} AS last FROM ${rows}`,
    );
    // Code points: 'B' (66) < 'a' (97) < 'b' < 'é' (233). Ties at ts 1: 'm1' < 'm2';
    // at ts 3 the event without a message id sorts before 'x' (LANGUAGE.md §5).
    expect(row).toEqual({ u: ['B', 'a', 'b', 'c', 'é'], first: 'B', last: 'c' });
    const [at2] = await engine.query(
      `SELECT ${d.argByTime('max', 't.v', 't.ts', 't.mid', 't.ts < 3')} AS last FROM ${rows}`,
    );
    // At ts 2 the largest message id by code point is 'b' (98) > 'a' > 'B'.
    expect(at2).toEqual({ last: 'z' });
    const [ordered] = await engine.query(
      `SELECT min(${d.codePointOrder('t.v')}) AS lo FROM (VALUES ('a'), ('B')) AS t(v)`,
    );
    expect(ordered).toEqual({ lo: 'B' });
  });

  // LANGUAGE.md §5: an event without a message id sorts before every event
  // with one at the same timestamp — so it wins `first` and loses `last`.
  it('arg-min/max: a missing message id sorts before every message id at the same timestamp', async () => {
    // ts 1: 'n' has no id, ties with ids ' ' (the smallest printable) and 'a';
    // ts 2: 'x' has no id, ties with 'y' (id '!'); ts 3 is a single id-less event.
    const events = `(VALUES ('a1', 1, 'a'), ('n', 1, NULL), ('sp', 1, ' '), ('x', 2, NULL), ('y', 2, '!'), ('only', 3, NULL)) AS t(v, ts, mid)`;
    const pick = async (which: 'min' | 'max', cond: string) => {
      const [r] = await engine.query(
        `SELECT ${d.argByTime(which, 't.v', 't.ts', 't.mid', cond, 'string')} AS v, ` +
          `${d.argByTime(which, 't.mid', 't.ts', 't.mid', cond, 'string')} AS m, ` +
          `${d.argByTime(which, 't.ts', 't.ts', 't.mid', cond, 'number')} AS t FROM ${events}`,
      );
      return r;
    };
    expect(await pick('min', 'TRUE')).toEqual({ v: 'n', m: null, t: 1 });
    expect(await pick('max', 't.ts < 3')).toEqual({ v: 'y', m: '!', t: 2 });
    expect(await pick('max', 't.ts < 2')).toEqual({ v: 'a1', m: 'a', t: 1 });
    expect(await pick('min', 't.ts > 1')).toEqual({ v: 'x', m: null, t: 2 });
    expect(await pick('max', 'TRUE')).toEqual({ v: 'only', m: null, t: 3 });
    // Only id-less events at the winning time: the value still comes back.
    expect(await pick('min', "t.v IN ('x', 'only')")).toEqual({ v: 'x', m: null, t: 2 });
  });

  it('adds milliseconds to a timestamp, past the 24.8 days a 32-bit count holds (a sequence gap of 30 days)', async () => {
    const t = d.timestampLiteral('2026-01-01T00:00:00Z');
    expect(await one(d.plusMilliseconds(t, 1))).toBe('2026-01-01T00:00:00.001Z');
    expect(await one(d.plusMilliseconds(t, 30 * 86_400_000))).toBe('2026-01-31T00:00:00.000Z');
    // 2^31 ms is 24 days 20:31:23.648.
    expect(await one(d.plusMilliseconds(t, 2 ** 31))).toBe('2026-01-25T20:31:23.648Z');
    expect(await one(d.plusMilliseconds(t, 52 * 604_800_000))).toBe('2026-12-31T00:00:00.000Z');
  });

  it('reads a source relation by qualified name', () => {
    expect(d.sourceRelation('analytics.tracks')).toBe('"analytics"."tracks"');
    expect(createStatement(d, 'table', 'x', 'SELECT 1')).toBe(
      `${d.temporaryTable} "x" AS\nSELECT 1`,
    );
    expect(dropStatement(d, 'table', 'x')).toBe('drop table if exists "x"');
  });
});

// The record variant of argByTime (DuckDB only: PostgreSQL keeps one
// aggregate per value) must pick exactly the row the scalar argByTime picks,
// for every field, ties and missing message ids included.
it('DuckDB arg-min/max of a record: every field from the row argByTime picks', async () => {
  const d = getDialect('duckdb');
  expect(getDialect('postgres').argByTimeRecord).toBeUndefined();
  const record = d.argByTimeRecord!;
  const field = d.recordField!;
  const engine = await ENGINES.find((e) => e.name === 'duckdb')!.open('hooks-record');
  try {
    const events = `(VALUES ('a1', 1, 'a'), ('n', 1, NULL), ('sp', 1, ' '), ('x', 2, NULL), ('y', 2, '!'), ('only', 3, NULL)) AS t(v, ts, mid)`;
    const fields = [
      ['v', 't.v'],
      ['m', 't.mid'],
      ['t', 't.ts'],
    ] as const;
    const conditions = [
      'TRUE',
      't.ts < 3',
      't.ts < 2',
      't.ts > 1',
      "t.v IN ('x', 'only')",
      'FALSE',
    ];
    for (const which of ['min', 'max'] as const) {
      for (const cond of conditions) {
        const [r] = await engine.query(
          `SELECT ${field('r', 'v')} AS v, ${field('r', 'm')} AS m, ${field('r', 't')} AS t FROM (` +
            `SELECT ${record(which, fields, 't.ts', 't.mid', cond)} AS r FROM ${events}) AS x`,
        );
        const [scalar] = await engine.query(
          `SELECT ${d.argByTime(which, 't.v', 't.ts', 't.mid', cond, 'string')} AS v, ` +
            `${d.argByTime(which, 't.mid', 't.ts', 't.mid', cond, 'string')} AS m, ` +
            `${d.argByTime(which, 't.ts', 't.ts', 't.mid', cond, 'number')} AS t FROM ${events}`,
        );
        expect(r, `${which} where ${cond}`).toEqual(scalar);
      }
    }
    // By hand: the id-less event at ts 1 is first, 'only' (ts 3) last, nothing matches FALSE.
    const pick = async (which: 'min' | 'max', cond: string) =>
      (
        await engine.query(
          `SELECT ${field('r', 'v')} AS v FROM (SELECT ${record(which, fields, 't.ts', 't.mid', cond)} AS r FROM ${events}) AS x`,
        )
      )[0];
    expect(await pick('min', 'TRUE')).toEqual({ v: 'n' });
    expect(await pick('max', 'TRUE')).toEqual({ v: 'only' });
    expect(await pick('max', 't.ts < 3')).toEqual({ v: 'y' });
    expect(await pick('min', 'FALSE')).toEqual({ v: null });

    // Records of groups of events combined (argByTimeOfRecords) give what
    // argByTime gives over all of them: the ties at ts 1 and 2 and the id-less
    // events split across groups every way, groups with no matching event too.
    const combine = d.argByTimeOfRecords!;
    const grouped = `(VALUES ('a1', 1, 'a', 1), ('n', 1, NULL, 2), ('sp', 1, ' ', 3), ('x', 2, NULL, 1), ('y', 2, '!', 3), ('only', 3, NULL, 4)) AS t(v, ts, mid, g)`;
    const groupings = ['t.g', 't.g % 2', '(t.g + 1) % 3', 't.v', 't.g * 0'];
    for (const which of ['min', 'max'] as const) {
      for (const cond of conditions) {
        const [scalar] = await engine.query(
          `SELECT ${d.argByTime(which, 't.v', 't.ts', 't.mid', cond, 'string')} AS v FROM ${grouped}`,
        );
        for (const g of groupings) {
          const [r] = await engine.query(
            `SELECT ${combine(which, 'x.r', 'v')} AS v FROM (` +
              `SELECT ${record(which, [['v', 't.v']], 't.ts', 't.mid', cond)} AS r FROM ${grouped} GROUP BY ${g}) AS x`,
          );
          expect(r, `${which} where ${cond}, grouped by ${g}`).toEqual(scalar);
        }
      }
    }
  } finally {
    await engine.close();
  }
});

it('DuckDB value histogram: the same values and counts as GROUP BY, NaN, -0.0 and long fractions included', async () => {
  const histogram = getDialect('duckdb').valueHistogram!;
  expect(getDialect('postgres').valueHistogram).toBeUndefined();
  const engine = await ENGINES.find((e) => e.name === 'duckdb')!.open('hooks-histogram');
  try {
    const cases = {
      number: `(VALUES (0.0), (-0.0), (0.0), ('NaN'::DOUBLE), (-('NaN'::DOUBLE)), ('inf'::DOUBLE), (-('inf'::DOUBLE)), (0.1 + 0.2), (0.3), (5e-324), (1e21), (NULL)) AS t(x)`,
      string: `(VALUES ('a'), ('a '), ('A'), (''), ('é'), ('e' || chr(769)), ('a'), (NULL)) AS t(x)`,
    } as const;
    for (const type of ['number', 'string'] as const) {
      const rows = cases[type];
      const key = histogram.key(`CAST(t.x AS ${type === 'number' ? 'DOUBLE' : 'VARCHAR'})`, type);
      const folded = await engine.query(
        `SELECT CAST(value AS VARCHAR) AS v, n FROM (SELECT ${histogram.value('h', type)} AS value, ` +
          `${histogram.count('h')} AS n FROM (SELECT ${histogram.aggregate(key)} AS h FROM ${rows})) ORDER BY v`,
      );
      const grouped = await engine.query(
        `SELECT CAST(x AS VARCHAR) AS v, count(*) AS n FROM ${rows} WHERE x IS NOT NULL GROUP BY x ORDER BY v`,
      );
      // GROUP BY keeps the first -0.0 or 0.0 of a group; both compare equal.
      const zero = (r: Record<string, unknown>) => ({
        ...r,
        v: r['v'] === '-0.0' ? '0.0' : r['v'],
      });
      expect(folded.map(zero), type).toEqual(grouped.map(zero));
    }
  } finally {
    await engine.close();
  }
});

it('a DuckDB temporary view reads its source each time it is queried, and drops', async () => {
  const duckdb = getDialect('duckdb');
  // PostgreSQL has none: its event scans stay tables.
  expect(getDialect('postgres').temporaryView).toBeUndefined();
  const engine = await ENGINES.find((e) => e.name === 'duckdb')!.open('hooks-view');
  try {
    await engine.run('CREATE TEMPORARY TABLE hooks_src (n INTEGER)');
    await engine.run(
      createStatement(duckdb, 'view', 'hooks_view', 'SELECT n * 2 AS m FROM hooks_src'),
    );
    // Rows written after the view was made are seen: it is read again, not a copy.
    await engine.run('INSERT INTO hooks_src VALUES (1), (2)');
    expect(await engine.query('SELECT m FROM hooks_view ORDER BY m')).toEqual([{ m: 2 }, { m: 4 }]);
    await engine.run(dropStatement(duckdb, 'view', 'hooks_view'));
    await engine.run(dropStatement(duckdb, 'view', 'hooks_view'));
    await expect(engine.query('SELECT m FROM hooks_view')).rejects.toThrow();
  } finally {
    await engine.close();
  }
});

it('DuckDB reads file sources in place', () => {
  const d = getDialect('duckdb');
  expect(d.sourceRelation('data/events/*.parquet')).toBe(`read_parquet('data/events/*.parquet')`);
  expect(d.sourceRelation('users.csv')).toBe(`read_csv_auto('users.csv')`);
  expect(d.sourceRelation("it's.ndjson")).toBe(`read_json_auto('it''s.ndjson')`);
  expect(d.sourceRelation('x.jsonl')).toBe(`read_json_auto('x.jsonl')`);
});
