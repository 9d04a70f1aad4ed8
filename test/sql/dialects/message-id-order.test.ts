/**
 * LANGUAGE.md §5 on the warehouses roster cannot run here: an event without a
 * message id sorts before every event with one at the same timestamp, so it
 * wins `first` and loses `last`. (DuckDB and PostgreSQL run the same rule for
 * real in test/sql/dialect-hooks.test.ts.)
 *
 * Each warehouse's arg-min/max SQL parses with sqlglot and has the shape that
 * carries the rule. Redshift's text key is also *evaluated*: its functions
 * (TO_CHAR, SUBSTRING, STRPOS, NULLIF, CHR, MIN/MAX of text) are PostgreSQL's,
 * so the SQL runs on the real PostgreSQL with CONVERT_TIMEZONE('UTC', ts)
 * defined as `ts AT TIME ZONE 'UTC'` (what Redshift documents it to return).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDialect } from '../../../src/sql/dialects/index.js';
import { openPostgres, type TestEngine } from '../support/engines.js';
import { sqlglotAvailable, sqlglotParse } from '../sqlglot/sqlglot.js';
import { WAREHOUSES } from './conformance-programs.js';

const EVENTS = `(VALUES ('a1', 1, 'a'), ('n', 1, NULL), ('sp', 1, ' '), ('x', 2, NULL), ('y', 2, '!')) AS t(v, s, mid)`;

function statements(dialectName: (typeof WAREHOUSES)[number]): string[] {
  const d = getDialect(dialectName);
  const out: string[] = [];
  for (const which of ['min', 'max'] as const) {
    for (const [value, type] of [
      ['t.v', 'string'],
      ['t.n', 'number'],
      ['t.mid', 'string'],
      ['t.ts', 'timestamp'],
    ] as const) {
      out.push(
        `SELECT ${d.argByTime(which, value, 't.ts', 't.mid', 't.n > 0', type)} AS v FROM t GROUP BY t.k`,
      );
    }
  }
  return out;
}

describe.each(WAREHOUSES)('%s: a missing message id sorts first', (name) => {
  it('every arg-min/max form parses with sqlglot', () => {
    expect(sqlglotAvailable()).toBe(true);
    const sql = statements(name);
    const answer = sqlglotParse(name, sql);
    expect(answer.problems, `sqlglot ${answer.version}`).toEqual([]);
    expect(sql.length).toBe(8);
  });
});

describe('the shape that carries the rule', () => {
  it('Snowflake and Redshift never build a NULL key (MIN_BY/MIN would skip the event)', () => {
    for (const name of ['snowflake', 'redshift'] as const) {
      const sql = getDialect(name).argByTime('min', 't.v', 't.ts', 't.mid', 'TRUE', 'string');
      expect(sql).toContain(`CASE WHEN t.mid IS NULL THEN '0' ELSE '1' || t.mid END`);
      expect(sql).not.toMatch(/\|\| t\.mid(?! END)/);
    }
  });

  it('BigQuery relies on its aggregate ORDER BY default (NULL first ascending, last descending)', () => {
    const d = getDialect('bigquery');
    expect(d.argByTime('min', 't.v', 't.ts', 't.mid', 'TRUE')).toContain(
      'ORDER BY t.ts ASC, t.mid ASC LIMIT 1',
    );
    expect(d.argByTime('max', 't.v', 't.ts', 't.mid', 'TRUE')).toContain(
      'ORDER BY t.ts DESC, t.mid DESC LIMIT 1',
    );
  });
});

describe("Redshift's text key evaluated on PostgreSQL", () => {
  let pg: TestEngine;
  const d = getDialect('redshift');
  beforeAll(async () => {
    pg = await openPostgres('msgid_rs');
    await pg.run(
      `CREATE FUNCTION convert_timezone(zone text, ts timestamptz) RETURNS timestamp ` +
        `LANGUAGE sql IMMUTABLE AS $$ SELECT ts AT TIME ZONE zone $$`,
    );
  });
  afterAll(async () => {
    await pg.close();
  });

  const pick = async (which: 'min' | 'max', cond: string) => {
    const events = `(SELECT v, mid, s, TIMESTAMPTZ '2026-01-01T00:00:00Z' + s * INTERVAL '1 second' AS ts FROM ${EVENTS}) AS t`;
    const [row] = await pg.query(
      `SELECT ${d.argByTime(which, 't.v', 't.ts', 't.mid', cond, 'string')} AS v, ` +
        `${d.argByTime(which, 't.mid', 't.ts', 't.mid', cond, 'string')} AS m FROM ${events}`,
    );
    return row;
  };

  it('first takes the id-less event, last the largest id at the latest time', async () => {
    expect(await pick('min', 'TRUE')).toEqual({ v: 'n', m: null });
    expect(await pick('max', 'TRUE')).toEqual({ v: 'y', m: '!' });
    expect(await pick('max', 't.s < 2')).toEqual({ v: 'a1', m: 'a' });
    expect(await pick('min', 't.s = 2')).toEqual({ v: 'x', m: null });
    expect(await pick('max', "t.v = 'x'")).toEqual({ v: 'x', m: null });
  });
});
