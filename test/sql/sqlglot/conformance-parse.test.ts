/**
 * Independent parser check (no live warehouse here): every statement roster
 * compiles for Snowflake, BigQuery and Redshift, for every conformance
 * program, parses without error with sqlglot (Debian's python3-sqlglot,
 * installed by .ci/run), in that warehouse's dialect. No statement is
 * excused: should a sqlglot version lack a construct the warehouse documents,
 * compile around it or record it here with the warehouse's doc and a check
 * that the gap still occurs (an unused allowance list was removed).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compileConformance,
  statementsOf,
  WAREHOUSES,
  type CompiledCase,
} from '../dialects/conformance-programs.js';
import { sqlglotAvailable, sqlglotParse } from './sqlglot.js';

let cases: CompiledCase[];
beforeAll(async () => {
  if (!sqlglotAvailable()) {
    throw new Error(
      'sqlglot is missing: apt-get install -y python3-sqlglot (see .ci/run); /usr/bin/python3 must import it',
    );
  }
  cases = await compileConformance();
});

describe.each(WAREHOUSES)('%s statements parse with sqlglot', (dialect) => {
  it('every statement of every conformance program', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    const statements = cases.flatMap((c) =>
      statementsOf(c.byDialect[dialect]).map((sql) => ({ name: c.name, sql })),
    );
    // Every case compiles to several statements; none may go missing on the way.
    expect(statements.length).toBeGreaterThanOrEqual(cases.length);
    const answer = sqlglotParse(
      dialect,
      statements.map((s) => s.sql),
    );
    const report = answer.problems.map(
      (p) => `${statements[p.index]?.name}: ${p.error}\n${statements[p.index]?.sql}`,
    );
    expect(report, `sqlglot ${answer.version}`).toEqual([]);
  });

  it('a broken statement is reported (the check can fail)', () => {
    const answer = sqlglotParse(dialect, ['SELECT (1 FROM', 'SELECT 1']);
    expect(answer.problems.map((p) => p.index)).toEqual([0]);
  });
});
