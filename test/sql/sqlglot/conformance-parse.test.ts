/**
 * Independent parser check (no live warehouse here): every statement roster
 * compiles for Snowflake, BigQuery and Redshift, for every conformance
 * program, parses without error with sqlglot (Debian's python3-sqlglot,
 * installed by .ci/run), in that warehouse's dialect.
 *
 * Constructs the warehouse documents but this sqlglot version cannot parse
 * are listed in KNOWN_PARSER_GAPS with the warehouse's doc; a failing
 * statement passes only when one of them explains it, and the gap must
 * still occur (so the list cannot go stale silently).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compileConformance,
  statementsOf,
  WAREHOUSES,
  type CompiledCase,
} from '../dialects/conformance-programs.js';
import { sqlglotAvailable, sqlglotParse } from './sqlglot.js';

interface ParserGap {
  construct: string;
  doc: string;
  /** Recognises the statement text that uses the construct. */
  matches: RegExp;
}

const KNOWN_PARSER_GAPS: Record<(typeof WAREHOUSES)[number], ParserGap[]> = {
  snowflake: [],
  bigquery: [],
  redshift: [],
};

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
    const answer = sqlglotParse(
      dialect,
      statements.map((s) => s.sql),
    );
    const unexplained = answer.problems.filter(
      (p) =>
        !KNOWN_PARSER_GAPS[dialect].some((gap) => gap.matches.test(statements[p.index]?.sql ?? '')),
    );
    const report = unexplained.map(
      (p) => `${statements[p.index]?.name}: ${p.error}\n${statements[p.index]?.sql}`,
    );
    expect(report, `sqlglot ${answer.version}`).toEqual([]);
    for (const gap of KNOWN_PARSER_GAPS[dialect]) {
      expect(
        answer.problems.some((p) => gap.matches.test(statements[p.index]?.sql ?? '')),
        `${gap.construct} (${gap.doc}) no longer fails to parse: drop it from KNOWN_PARSER_GAPS`,
      ).toBe(true);
    }
  });

  it('a broken statement is reported (the check can fail)', () => {
    const answer = sqlglotParse(dialect, ['SELECT (1 FROM', 'SELECT 1']);
    expect(answer.problems.map((p) => p.index)).toEqual([0]);
  });
});
