/**
 * Wrong programs for the parser's codes that neither the mistakes corpus nor
 * the checker's cases show (code-examples.ts): each is a whole
 * `audiences/a.roster`, checked with `roster check` in the checker's project.
 */
import type { CodeExample } from './code-examples.js';
import { program } from './example-projects.js';

const wrong = (code: string, meant: string, text: string): CodeExample => ({
  code,
  meant,
  files: program(text),
  show: ['audiences/a.roster'],
});

export const programExamples: CodeExample[] = [
  wrong(
    'syntax-ago-bounds',
    'a rolling window from a date to a number of days ago',
    'audience recent = user where signed_up_at between "2026-01-01" and 14 days ago',
  ),
  wrong(
    'syntax-duplicate-count',
    'two counts on one `did`',
    'audience regulars = user where did "Logged In" at least 2 times at least 3 times',
  ),
  wrong(
    'syntax-expected-ago',
    'a rolling window without `ago`',
    'audience recent = user where signed_up_at between 7 and 14 days',
  ),
  wrong(
    'syntax-expected-definition',
    'an event name pasted above the definitions',
    '"Logged In"\naudience active = user where did "Logged In"',
  ),
  wrong(
    'syntax-expected-entity',
    'a number where the entity goes',
    'audience big = 50 where seats > 50',
  ),
  wrong(
    'syntax-expected-equals',
    'the `=` after the name forgotten',
    'audience admins user where role = "Admin"',
  ),
  wrong(
    'syntax-expected-event',
    'an event name without quotes',
    'audience active = user where did Logged_In',
  ),
  wrong(
    'syntax-expected-keyword',
    '`starts by` for `starts with`',
    'audience acme = account where name starts by "Acme"',
  ),
  wrong(
    'syntax-expected-list',
    'one value after `in`, without brackets',
    'audience paying = account where plan in "pro"',
  ),
  wrong(
    'syntax-expected-number',
    'a count in words',
    'audience regulars = user where did "Logged In" at least many times',
  ),
  wrong(
    'syntax-expected-where',
    'the `where` after the entity forgotten',
    'audience pro = account plan = "pro"',
  ),
  wrong(
    'syntax-invalid-comparison',
    'a whole condition in parentheses compared with a date',
    'audience a = account where (plan = "pro") before "2026-01-01"',
  ),
  wrong(
    'syntax-invalid-escape',
    'a Windows path in a string',
    'audience a = user where did page where path = "C:\\docs"',
  ),
  wrong(
    'syntax-lifecycle-form',
    'a window before `in at least K of the last M`',
    'audience regulars = user where did "Logged In" within 7 days in at least 2 of the last 4 weeks',
  ),
  wrong(
    'syntax-missing-comparison',
    'an aggregation used as a condition without a comparison',
    'audience active = account where count "Logged In" within 30 days',
  ),
  wrong(
    'syntax-nul-in-string',
    'a NUL character pasted into a string',
    'audience a = account where name = "Acme\u0000Corp"',
  ),
  wrong(
    'syntax-too-deep',
    'a condition nested 101 parentheses deep (a generator gone wrong)',
    `audience a = account where ${'('.repeat(101)}plan = "pro"${')'.repeat(101)}`,
  ),
  wrong(
    'syntax-unexpected-token',
    'a value without quotes',
    'audience pro = account where plan = pro',
  ),
  wrong(
    'syntax-unknown-aggregation',
    'SQL’s `total` for `sum`',
    'trait revenue = account total "Order Completed".revenue',
  ),
  wrong(
    'syntax-unknown-call',
    'a Segment call roster does not send',
    'audience admins = user where role = "Admin"\nsync admins to zendesk with alias',
  ),
  wrong(
    'syntax-unknown-keyword',
    'a misspelt `audience`',
    'audiance admins = user where role = "Admin"',
  ),
  wrong(
    'syntax-unknown-type',
    'an SQL type name for an SQL trait',
    'trait arr = account sql varchar """select id, name as value from {{ accounts }}"""',
  ),
  wrong(
    'syntax-unknown-unit',
    'a unit roster has no word for',
    'audience active = user where did "Logged In" within 2 fortnights',
  ),
  wrong(
    'syntax-unmatched-paren',
    'one `)` too many',
    'audience pro = account where (plan = "pro"))',
  ),
  wrong(
    'syntax-user-count-function',
    'users summed like events',
    'trait admin_count = account sum users role = "admin"',
  ),
];
