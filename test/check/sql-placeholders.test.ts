import { describe, expect, it } from 'vitest';
import { rangeInSql, splitSql } from '../../src/check/sql-placeholders.js';

describe('splitSql', () => {
  it('splits text and placeholders, allowing whitespace inside the braces', () => {
    const { parts, problems } = splitSql('select * from {{tracks}} t where t.ts <= {{   now }}');
    expect(problems).toEqual([]);
    expect(parts).toEqual([
      { kind: 'text', text: 'select * from ' },
      { kind: 'placeholder', name: 'tracks' },
      { kind: 'text', text: ' t where t.ts <= ' },
      { kind: 'placeholder', name: 'now' },
    ]);
  });
  it('reports unknown and unclosed placeholders at their offsets', () => {
    const sql = 'from {{ track }} join {{ users';
    const { problems } = splitSql(sql);
    expect(problems).toEqual([
      { kind: 'unknown', name: 'track', start: 5, end: 16 },
      { kind: 'unclosed', name: '', start: 22, end: 24 },
    ]);
  });
  it('maps offsets inside the SQL to file lines and columns', () => {
    const sqlRange = {
      file: 'a.roster',
      start: { offset: 40, line: 2, column: 30 },
      end: { offset: 60, line: 4, column: 1 },
    };
    const sql = 'select 1\n  from {{ x }}';
    expect(rangeInSql(sqlRange, sql, 0, 6).start).toEqual({ offset: 40, line: 2, column: 30 });
    const r = rangeInSql(sqlRange, sql, 16, 23);
    expect(r.start).toEqual({ offset: 56, line: 3, column: 8 });
    expect(r.end).toEqual({ offset: 63, line: 3, column: 15 });
  });
});
