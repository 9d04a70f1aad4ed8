/**
 * The one-read-only-SELECT check of SQL traits (src/check/sql-statement.ts):
 * ordinary queries pass whatever their quoting, and every way out of roster's
 * wrapping parentheses is found under the reading a warehouse would use.
 */
import { describe, expect, it } from 'vitest';
import { checkSingleSelect } from '../../src/check/sql-statement.js';

const ACCEPTED = [
  'select id, 1 as value from {{ accounts }}',
  'SELECT id, 1 AS value FROM {{ accounts }};',
  'select id, 1 as value from {{ accounts }};  -- done\n;',
  '  (select id, 1 as value from {{ accounts }}) union all (select id, 2 from {{ users }})',
  'with c as (select user_id as id, count(*) as n from {{ tracks }} group by 1) select id, n as value from c',
  "select id, ')' as value from {{ accounts }}",
  "select id, 'it''s; fine)' as value from {{ accounts }}",
  "select id, E'a\\'); drop' as value from {{ accounts }}",
  'select id, "weird ) name;" as value from {{ accounts }}',
  'select `id`, "it\'s" as value from {{ accounts }}',
  'select id, $$ fine $$ as value from {{ accounts }}',
  'select id, $tag$ also fine $tag$ as value from {{ accounts }}',
  'select id, 1 as value -- ) ; drop table x\nfrom {{ accounts }}',
  'select id, 1 as value /* ) ; */ from {{ accounts }}',
  'select id, last_update as value, "update" as u, updated_at from {{ accounts }}',
  'select id, a$b as value from {{ accounts }}',
];

const REJECTED: Array<[string, string, string]> = [
  ['', 'empty', ''],
  ['-- only a comment', 'empty', ''],
  ['update t set x = 1', 'not-select', 'update'],
  ['values (1, 2)', 'not-select', 'values'],
  ['select 1 as id, 1 as value) as q; select (1', 'unopened-paren', ')'],
  ['select 1 as id, 1 as value; drop table t', 'extra-statement', ';'],
  ['select 1 as id, (1 as value', 'unclosed-paren', '('],
  [
    'with x as (insert into t values (1) returning 1) select 1 as id, 1 as value',
    'writes',
    'insert',
  ],
  ['select 1 as id, 1 as value for update', 'writes', 'update'],
  // PostgreSQL (standard strings) ends the literal at the quote after the backslash.
  [
    "select id, 'a\\' as value from t) as q; drop table x; select * from (select 'b' as id",
    'unopened-paren',
    ')',
  ],
  // Snowflake/BigQuery/Redshift (backslash escapes) end it one quote later.
  [
    "select id, 'a\\'' as value from t) as q; drop table x; select * from (select 'b' as id",
    'unopened-paren',
    ')',
  ],
  // PostgreSQL nests block comments; Snowflake ends at the first `*/`.
  ['select 1 as id /* /* */ ) ; drop table x; select ( /* */ */', 'unopened-paren', ')'],
  // BigQuery reads `#` as a comment, PostgreSQL as an operator.
  ['select 1 as id # ) ;\n, 1 as value', 'unopened-paren', ')'],
  // Where `$$` is no string, what it hides is code (so `)` and `;` in `$$` text are refused
  // everywhere: write such text in '…').
  ['select 1 as id, $$ ) ; drop table x; select ( $$ as value', 'unopened-paren', ')'],
  ["select id, 'never closed", 'unterminated', "'"],
];

describe('an SQL trait is one read-only SELECT', () => {
  it.each(ACCEPTED)('accepts %s', (sql) => {
    expect(checkSingleSelect(sql)).toBeUndefined();
  });

  it.each(REJECTED)('rejects %s', (sql, kind, text) => {
    const problem = checkSingleSelect(sql);
    expect(problem?.kind).toBe(kind);
    expect(problem?.text).toBe(text);
    if (problem && kind !== 'empty') {
      expect(sql.slice(problem.start, problem.end)).toBe(text);
    }
  });

  it('compared every case', () => {
    expect(ACCEPTED.length + REJECTED.length).toBe(31);
  });
});
