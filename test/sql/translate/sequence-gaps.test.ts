/**
 * A sequence step's gap of 30 days or 5 weeks is more milliseconds than a
 * 32-bit integer holds (2^31 ms is under 25 days). DuckDB overflowed there
 * until dbfdef8; Redshift's DATEADD takes an INTEGER interval, so
 * DATEADD(millisecond, 2592000000, …) is refused there too. Every dialect
 * compiles such a gap; DuckDB and PostgreSQL run it, and the Snowflake,
 * BigQuery and Redshift SQL runs translated to DuckDB (translated-run.ts,
 * whose Redshift DATEADD check refuses an interval past INTEGER as Redshift
 * documents) and must give the same members.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Schema } from '../../../src/project/index.js';
import type { TestData } from '../../../src/project/test-case.js';
import type { DialectName } from '../../../src/project/types.js';
import { DIALECT_NAMES } from '../../../src/project/warehouses.js';
import { evaluate, type EvaluationResult } from '../../../src/runtime/evaluate.js';
import { compileProject, getDialect, type CompiledProject } from '../../../src/sql/index.js';
import { loadFixtures } from '../../../src/testing/load-fixtures.js';
import { engines } from '../../runtime/engines.js';
import { jsonSources } from '../support/ir.js';
import { inlineCase } from './cases.js';
import { compareTranslated, refuseWideDateadd, WarehouseRefusal } from './translated-run.js';

// Each user logged in at 2026-04-01T00:00:00Z, then used a feature this long after.
const CASE = `
now: "2026-06-30T00:00:00Z"
program: |
  audience gap_30_days = user where did "Logged In" then "Feature Used" within 30 days
  audience gap_5_weeks = user where did "Logged In" then "Feature Used" within 5 weeks
data:
  users:
    - { id: u29d }
    - { id: u30d }
    - { id: u30d1ms }
    - { id: u35d }
    - { id: u36d }
  tracks:
    - { user: u29d, event: Logged In, at: "2026-04-01T00:00:00Z" }
    - { user: u29d, event: Feature Used, at: "2026-04-30T00:00:00Z" }
    - { user: u30d, event: Logged In, at: "2026-04-01T00:00:00Z" }
    - { user: u30d, event: Feature Used, at: "2026-05-01T00:00:00Z" }
    - { user: u30d1ms, event: Logged In, at: "2026-04-01T00:00:00Z" }
    - { user: u30d1ms, event: Feature Used, at: "2026-05-01T00:00:00.001Z" }
    - { user: u35d, event: Logged In, at: "2026-04-01T00:00:00Z" }
    - { user: u35d, event: Feature Used, at: "2026-05-06T00:00:00Z" }
    - { user: u36d, event: Logged In, at: "2026-04-01T00:00:00Z" }
    - { user: u36d, event: Feature Used, at: "2026-05-07T00:00:00Z" }
expect:
  audiences:
    gap_30_days: [u29d, u30d]
    gap_5_weeks: [u29d, u30d, u30d1ms, u35d]
`;

// By hand from LANGUAGE.md §12.2 (a later step's gap includes its limit): 30 days
// after April 1 is May 1 at midnight, 5 weeks (35 days) is May 6 at midnight.
const EXPECTED = {
  gap_30_days: ['u29d', 'u30d'],
  gap_5_weeks: ['u29d', 'u30d', 'u30d1ms', 'u35d'],
};

let schema: Schema;
let data: TestData;
const compiled = {} as Record<DialectName, CompiledProject>;

beforeAll(async () => {
  const loaded = await inlineCase('sequence-gaps.test.yml', CASE);
  ({ schema, data } = loaded);
  for (const dialect of DIALECT_NAMES) {
    compiled[dialect] = compileProject(loaded.ir, {
      dialect,
      now: loaded.now,
      sources: jsonSources(),
    });
  }
});

describe('a sequence gap past 2^31 milliseconds', () => {
  for (const engine of engines) {
    it(`runs on ${engine.name} with the hand-worked members`, async () => {
      const { warehouse, dispose } = await engine.open();
      try {
        await loadFixtures(warehouse, getDialect(engine.name), schema, data);
        const result = await evaluate(warehouse, compiled[engine.name]);
        expect(result.diagnostics).toEqual([]);
        expect(result.audiences).toEqual(EXPECTED);
      } finally {
        await dispose();
      }
    }, 60_000);
  }

  for (const dialect of ['snowflake', 'bigquery', 'redshift'] as const) {
    it(`gives the same members in ${dialect}'s SQL, run translated`, async () => {
      const baseline: EvaluationResult = { audiences: EXPECTED, traits: {}, diagnostics: [] };
      expect(await compareTranslated(schema, data, compiled[dialect], dialect, baseline)).toEqual(
        [],
      );
    }, 60_000);
  }

  it("writes Redshift's gap as whole hours and the milliseconds left, each an INTEGER", () => {
    const redshift = getDialect('redshift');
    expect(redshift.plusMilliseconds('t', 1)).toBe('DATEADD(millisecond, 1, t)');
    expect(redshift.plusMilliseconds('t', 30 * 86_400_000)).toBe('DATEADD(hour, 720, t)');
    expect(redshift.plusMilliseconds('t', 5 * 604_800_000)).toBe('DATEADD(hour, 840, t)');
    // 2^31 ms is 596 hours and 1,883,648 ms.
    expect(redshift.plusMilliseconds('t', 2 ** 31)).toBe(
      'DATEADD(millisecond, 1883648, DATEADD(hour, 596, t))',
    );
  });

  it('the executed check refuses a Redshift DATEADD past INTEGER, as Redshift does', () => {
    const at = (n: string) =>
      `SELECT DATEADD(millisecond, ${n}, CAST('2026-01-01' AS TIMESTAMPTZ))`;
    expect(refuseWideDateadd(at('2147483647'))).toBe(at('2147483647'));
    expect(refuseWideDateadd(at('(-2147483648)'))).toBe(at('(-2147483648)'));
    expect(() => refuseWideDateadd(at('2147483648'))).toThrow(WarehouseRefusal);
    expect(() => refuseWideDateadd(at('(-2147483649)'))).toThrow(/INTEGER interval; -2147483649/);
    // Not a call: text in a literal or a comment.
    expect(() =>
      refuseWideDateadd("SELECT 'DATEADD(day, 9999999999, t)' -- DATEADD(day, 9999999999, t)"),
    ).not.toThrow();
  });
});
