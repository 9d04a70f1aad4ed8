/**
 * Redshift's `=` and `IN` on VARCHAR ignore trailing blanks ("a" = "a "),
 * against LANGUAGE.md §2: string equality and `in` compile to operands with a
 * non-blank character appended, so values differing only in trailing blanks
 * stay different. Shape and sqlglot parse (no live cluster here).
 */
import { describe, expect, it } from 'vitest';
import { getDialect } from '../../../src/sql/dialects/index.js';
import { testSql } from '../../../src/sql/conditions.js';
import { sqlglotParse } from '../sqlglot/sqlglot.js';

const NOW = '2026-06-30T00:00:00.000Z';

describe('Redshift compares strings exactly', () => {
  const d = getDialect('redshift');
  const eq = testSql(d, NOW, 'x.plan', {
    kind: 'compare',
    op: '=',
    value: { type: 'string', value: 'a ' },
  });
  const inList = testSql(d, NOW, 'x.plan', {
    kind: 'in-list',
    values: [
      { type: 'string', value: 'a' },
      { type: 'string', value: 'b ' },
    ],
  });

  it('appends a non-blank character to both operands', () => {
    expect(eq).toBe(`(x.plan || CHR(1)) = ('a ' || CHR(1))`);
    expect(inList).toBe(`(x.plan || CHR(1)) IN (('a' || CHR(1)), ('b ' || CHR(1)))`);
  });

  it('numbers and the other dialects are unchanged', () => {
    expect(
      testSql(d, NOW, 'x.n', { kind: 'compare', op: '=', value: { type: 'number', value: 2 } }),
    ).toBe('x.n = CAST(2 AS DOUBLE PRECISION)');
    expect(
      testSql(getDialect('postgres'), NOW, 'x.plan', {
        kind: 'compare',
        op: '=',
        value: { type: 'string', value: 'a' },
      }),
    ).toBe(`x.plan = E'a'`);
  });

  it('parses with sqlglot', () => {
    const answer = sqlglotParse('redshift', [`SELECT 1 FROM t AS x WHERE ${eq} AND ${inList}`]);
    expect(answer.problems).toEqual([]);
  });
});
