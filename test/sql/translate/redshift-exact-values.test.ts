/**
 * Redshift's GROUP BY, LISTAGG DISTINCT and ORDER BY treat trailing blanks as
 * insignificant ("a" = "a "), against LANGUAGE.md §2 and §5: most_frequent,
 * count_unique and unique must keep "a" and "a " apart, and most_frequent's
 * tie goes to the smallest value by code point ("a" < "a " < "a!" < "a{").
 *
 * No Redshift here: the grouping is checked on the SQL's shape (every GROUP
 * BY of a per-value relation uses the exact key), the order by running the
 * Redshift SQL translated to DuckDB (translated-run.ts) against values written
 * to catch a key that does not sort like the value (a '|' terminator sorts
 * "a{" before "a"; JSON text sorts "a!" before "a").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestData } from '../../../src/project/test-case.js';
import type { Schema } from '../../../src/project/types.js';
import { evaluate, type EvaluationResult } from '../../../src/runtime/evaluate.js';
import { compileProject, relationPlan } from '../../../src/sql/compile-project.js';
import type { Relation } from '../../../src/sql/relation.js';
import type { CompiledProject } from '../../../src/sql/compiled.js';
import { jsonSources } from '../support/ir.js';
import { inlineCase } from './cases.js';
import { caseDatabase, compareTranslated } from './translated-run.js';

const CASE = `
now: "2026-06-30T00:00:00Z"
program: |
  trait top = user most_frequent "Feature Used".feature
  trait distinct_features = user count_unique "Feature Used".feature
  trait features = user unique "Feature Used".feature
  trait account_top = account most_frequent "Feature Used".feature
data:
  accounts:
    - { id: a1 }
  users:
    - { id: u1 }
    - { id: u2 }
  memberships:
    - { user: u1, account: a1 }
    - { user: u2, account: a1 }
  tracks:
    - { user: u1, event: Feature Used, at: "2026-06-01T10:00:00Z", properties: { feature: "a" } }
    - { user: u1, event: Feature Used, at: "2026-06-01T11:00:00Z", properties: { feature: "a" } }
    - { user: u1, event: Feature Used, at: "2026-06-01T12:00:00Z", properties: { feature: "a " } }
    - { user: u1, event: Feature Used, at: "2026-06-01T13:00:00Z", properties: { feature: "a " } }
    - { user: u1, event: Feature Used, at: "2026-06-01T14:00:00Z", properties: { feature: "a{" } }
    - { user: u1, event: Feature Used, at: "2026-06-01T15:00:00Z", properties: { feature: "a{" } }
    - { user: u1, event: Feature Used, at: "2026-06-01T16:00:00Z", properties: { feature: "a!" } }
    - { user: u2, event: Feature Used, at: "2026-06-01T10:00:00Z", properties: { feature: "b" } }
    - { user: u2, event: Feature Used, at: "2026-06-01T11:00:00Z", properties: { feature: "b" } }
expect:
  traits:
    top: { u1: "a", u2: "b" }
`;

// By hand from LANGUAGE.md §5: u1 has "a", "a " and "a{" twice each and "a!" once,
// so its tie of three goes to "a"; a1 adds u2's "b" twice, a tie of four, "a" again.
const EXPECTED = {
  top: { u1: 'a', u2: 'b' },
  distinct_features: { u1: 4, u2: 1 },
  features: { u1: ['a', 'a ', 'a!', 'a{'], u2: ['b'] },
  account_top: { a1: 'a' },
};

let schema: Schema;
let data: TestData;
const compiled: Partial<Record<'duckdb' | 'redshift', CompiledProject>> = {};
/** The Redshift relational plan: which relations hold per-value counts comes from it. */
let redshiftPlan: Relation[] = [];

beforeAll(async () => {
  const testCase = await inlineCase('exact-values.test.yml', CASE);
  ({ schema, data } = testCase);
  const ir = testCase.ir;
  for (const dialect of ['duckdb', 'redshift'] as const) {
    compiled[dialect] = compileProject(ir, { dialect, now: testCase.now, sources: jsonSources() });
  }
  redshiftPlan = relationPlan(ir, {
    dialect: 'redshift',
    now: testCase.now,
    sources: jsonSources(),
  });
});

function plain(result: EvaluationResult): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(result.traits).map(([name, values]) => [name, Object.fromEntries(values)]),
  );
}

describe('Redshift most_frequent, count_unique and unique keep trailing blanks', () => {
  it('groups every per-value relation by the exact key, never the bare value', () => {
    // The per-value relations, and the feature levels that sum their counts up.
    const setup = redshiftPlan
      .filter(
        (r) =>
          r.kind === 'values' ||
          (r.kind === 'features' &&
            r.inputs.some((i) => redshiftPlan.find((v) => v.name === i)?.kind === 'values')),
      )
      .map((r) => ({ kind: r.kind, statement: r.query }));
    expect(setup.length).toBeGreaterThan(0);
    for (const { kind, statement } of setup) {
      // Each GROUP BY list, up to the end of its (sub)query.
      const groups = [...statement.matchAll(/group by (.+?)(?=\) as "|\n|$)/gi)].map((m) => m[1]!);
      const byValue = groups.filter((g) => /\bvalue\b|"p_feature"/.test(g));
      // A per-value relation groups by value; a feature level may read its rows as they
      // are (per user, one row per value already), but when it groups by value, exactly.
      if (kind === 'values') expect(byValue.length, statement).toBeGreaterThan(0);
      for (const g of byValue) expect(g, statement).toMatch(/\|\| CHR\(1\)\)$/);
    }
    expect(compiled.redshift!.setup.join('\n')).not.toMatch(/LISTAGG\(DISTINCT/);
  });

  it('DuckDB’s own SQL gives the hand-written result', async () => {
    const db = await caseDatabase(schema, data);
    try {
      const result = await evaluate(db, compiled.duckdb!);
      expect(result.diagnostics).toEqual([]);
      expect(plain(result)).toEqual(EXPECTED);
    } finally {
      await db.close();
    }
  });

  it('the Redshift SQL, run translated, orders ties and lists by code point', async () => {
    const db = await caseDatabase(schema, data);
    let baseline: EvaluationResult;
    try {
      baseline = await evaluate(db, compiled.duckdb!);
    } finally {
      await db.close();
    }
    expect(await compareTranslated(schema, data, compiled.redshift!, 'redshift', baseline)).toEqual(
      [],
    );
  });
});
