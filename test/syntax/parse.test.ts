/** The AST `parse` builds, checked against LANGUAGE.md by hand (shapes without ranges, then ranges). */
import { describe, expect, it } from 'vitest';
import type { AudienceDefinition, Condition, Definition } from '../../src/syntax/ast.js';
import { parse } from '../../src/syntax/index.js';
import { withoutRanges } from './support.js';

function definitions(text: string): Definition[] {
  const { program, diagnostics } = parse(text, 'test.roster');
  expect(diagnostics).toEqual([]);
  return program.definitions;
}

/** The condition of `audience x = ENTITY where CONDITION`, without ranges. */
function condition(text: string, entity = 'account'): unknown {
  const [definition] = definitions(`audience x = ${entity} where ${text}`);
  expect(definition!.kind).toBe('audience');
  return withoutRanges((definition as AudienceDefinition).condition);
}

const name = (n: string) => ({ kind: 'name-ref', name: { kind: 'identifier', name: n } });
const str = (value: string) => ({ kind: 'string', value });
const num = (value: number, raw = String(value)) => ({ kind: 'number', value, raw });
const eq = (subject: string, value: string) => ({
  kind: 'trait-test',
  subject: name(subject),
  test: { kind: 'compare', op: '=', value: str(value) },
});
const within = (n: number, unit: string) => ({ kind: 'within', amount: num(n), unit });
const track = (event: string) => ({ kind: 'track-event', name: str(event) });

describe('conditions', () => {
  it('not binds tighter than and, and tighter than or (§4)', () => {
    expect(condition('a = "1" or b = "2" and not c = "3"')).toEqual({
      kind: 'or',
      operands: [
        eq('a', '1'),
        { kind: 'and', operands: [eq('b', '2'), { kind: 'not', operand: eq('c', '3') }] },
      ],
    });
  });

  it('flattens a chain of and into one n-ary node; parentheses leave no node', () => {
    expect(condition('a = "1" and b = "2" and (c = "3")')).toEqual({
      kind: 'and',
      operands: [eq('a', '1'), eq('b', '2'), eq('c', '3')],
    });
    expect(condition('(a = "1" or b = "2") and c = "3"')).toEqual({
      kind: 'and',
      operands: [{ kind: 'or', operands: [eq('a', '1'), eq('b', '2')] }, eq('c', '3')],
    });
  });

  it('a quantifier without parentheses takes one atom (§4.4)', () => {
    expect(condition('any user role = "Admin" and plan = "pro"')).toEqual({
      kind: 'and',
      operands: [
        { kind: 'quantified', quantifier: 'any', body: eq('role', 'Admin') },
        eq('plan', 'pro'),
      ],
    });
  });

  it('a quantifier takes a parenthesised condition whole, and counting quantifiers keep N', () => {
    expect(
      condition('at least 2 users (role = "Admin" and did "Logged In" within 7 days)'),
    ).toEqual({
      kind: 'quantified',
      quantifier: 'at-least',
      n: num(2),
      body: {
        kind: 'and',
        operands: [
          eq('role', 'Admin'),
          { kind: 'did', event: track('Logged In'), window: within(7, 'day') },
        ],
      },
    });
    expect(condition('exactly 1 user in admins')).toMatchObject({
      quantifier: 'exactly',
      n: num(1),
    });
    expect(condition('all users not did "X"')).toMatchObject({
      quantifier: 'all',
      body: { kind: 'not' },
    });
    expect(condition('no user did page')).toMatchObject({
      quantifier: 'no',
      body: { event: { kind: 'page-event' } },
    });
    expect(condition('at most 3 users did screen')).toMatchObject({
      quantifier: 'at-most',
      n: num(3),
    });
  });

  it('a where filter extends over and/or/not and ends at the count or window (§4.2)', () => {
    expect(
      condition(
        'did "Order Completed" where currency = "USD" and revenue >= 100 within 30 days',
        'user',
      ),
    ).toEqual({
      kind: 'did',
      event: track('Order Completed'),
      filter: {
        kind: 'and',
        operands: [
          eq('currency', 'USD'),
          {
            kind: 'trait-test',
            subject: name('revenue'),
            test: { kind: 'compare', op: '>=', value: num(100) },
          },
        ],
      },
      window: within(30, 'day'),
    });
    expect(
      condition('did "F" where duration > 30 or not (x = "y") at least 2 times', 'user'),
    ).toMatchObject({
      kind: 'did',
      filter: {
        kind: 'or',
        operands: [{ kind: 'trait-test' }, { kind: 'not', operand: eq('x', 'y') }],
      },
      count: { kind: 'event-count', op: 'at-least', n: num(2) },
    });
  });

  it('a window after a filter ending in parentheses still belongs to the did (§4.2)', () => {
    expect(
      condition('did "X" where a = "1" and (b = "2" or c = "3") within 30 days', 'user'),
    ).toEqual({
      kind: 'did',
      event: track('X'),
      filter: {
        kind: 'and',
        operands: [eq('a', '1'), { kind: 'or', operands: [eq('b', '2'), eq('c', '3')] }],
      },
      window: within(30, 'day'),
    });
    expect(
      condition('did "X" where not (a = "1" or b = "2") at least 2 times', 'user'),
    ).toMatchObject({
      kind: 'did',
      filter: { kind: 'not' },
      count: { kind: 'event-count', op: 'at-least', n: num(2) },
    });
  });

  it('a parenthesised did ends its filter, so the audience condition continues', () => {
    expect(condition('(did "X" where a = "1") and b = "2"', 'user')).toEqual({
      kind: 'and',
      operands: [{ kind: 'did', event: track('X'), filter: eq('a', '1') }, eq('b', '2')],
    });
  });

  it('reads every count form, and a count written after the window', () => {
    const count = (text: string) =>
      (condition(`did "X" ${text}`, 'user') as { count: unknown }).count;
    expect(count('at least 3 times')).toEqual({ kind: 'event-count', op: 'at-least', n: num(3) });
    expect(count('at most 1 time')).toEqual({ kind: 'event-count', op: 'at-most', n: num(1) });
    expect(count('exactly 0 times')).toEqual({ kind: 'event-count', op: 'exactly', n: num(0) });
    expect(count('more than 2 times')).toEqual({ kind: 'event-count', op: 'more-than', n: num(2) });
    expect(count('fewer than 2 times')).toEqual({
      kind: 'event-count',
      op: 'fewer-than',
      n: num(2),
    });
    expect(condition('did "X" within 7 days at least 3 times', 'user')).toEqual({
      kind: 'did',
      event: track('X'),
      count: { kind: 'event-count', op: 'at-least', n: num(3) },
      window: within(7, 'day'),
    });
  });

  it('window words after an inline aggregate belong to it; parentheses compare its result (§4.6)', () => {
    expect(condition('count "Logged In" within 30 days < 10')).toEqual({
      kind: 'trait-test',
      subject: {
        kind: 'inline-aggregate',
        aggregation: {
          kind: 'aggregation',
          fn: 'count',
          event: track('Logged In'),
          window: within(30, 'day'),
        },
      },
      test: { kind: 'compare', op: '<', value: num(10) },
    });
    expect(condition('(last "Logged In") before "2026-01-01"')).toEqual({
      kind: 'trait-test',
      subject: {
        kind: 'inline-aggregate',
        aggregation: { kind: 'aggregation', fn: 'last', event: track('Logged In') },
      },
      test: { kind: 'window', window: { kind: 'before', value: str('2026-01-01') } },
    });
  });

  it('account.NAME is an account trait reference; account in X goes through the account (§4.3, §4.5)', () => {
    expect(condition('account.plan != "pro"', 'user')).toEqual({
      kind: 'trait-test',
      subject: { kind: 'account-trait-ref', name: { kind: 'identifier', name: 'plan' } },
      test: { kind: 'compare', op: '!=', value: str('pro') },
    });
    expect(condition('account in enterprise_accounts', 'user')).toEqual({
      kind: 'in-audience',
      audience: { kind: 'identifier', name: 'enterprise_accounts' },
      viaAccount: true,
    });
  });

  it('not in X is not applied to in X; NAME not in [..] is a negated list test', () => {
    expect(condition('not in churn_risk')).toEqual({
      kind: 'not',
      operand: {
        kind: 'in-audience',
        audience: { kind: 'identifier', name: 'churn_risk' },
        viaAccount: false,
      },
    });
    expect(condition('plan not in ["pro", "enterprise"]')).toEqual({
      kind: 'trait-test',
      subject: name('plan'),
      test: {
        kind: 'in-list',
        negated: true,
        values: { kind: 'list', items: [str('pro'), str('enterprise')] },
      },
    });
  });

  it('reads every operator of §4.1', () => {
    const test = (text: string) => (condition(`t ${text}`) as { test: unknown }).test;
    expect(test('in ["a"]')).toEqual({
      kind: 'in-list',
      negated: false,
      values: { kind: 'list', items: [str('a')] },
    });
    expect(test('contains "x"')).toEqual({ kind: 'contains', value: str('x') });
    expect(test('contains any ["a", "b"]')).toMatchObject({
      kind: 'contains-any',
      values: { items: [str('a'), str('b')] },
    });
    expect(test('contains all []')).toEqual({
      kind: 'contains-all',
      values: { kind: 'list', items: [] },
    });
    expect(test('starts with "A"')).toEqual({ kind: 'starts-with', value: str('A') });
    expect(test('ends with "_io"')).toEqual({ kind: 'ends-with', value: str('_io') });
    expect(test('between 10 and 50')).toEqual({
      kind: 'window',
      window: { kind: 'between', from: num(10), to: num(50) },
    });
    expect(test('after "2026-01-01"')).toEqual({
      kind: 'window',
      window: { kind: 'after', value: str('2026-01-01') },
    });
    expect(test('within 2 weeks')).toEqual({ kind: 'window', window: within(2, 'week') });
    expect(test('within 1 hour')).toEqual({ kind: 'window', window: within(1, 'hour') });
    expect(test('within 45 minutes')).toEqual({ kind: 'window', window: within(45, 'minute') });
    expect(test('is true')).toEqual({ kind: 'is-boolean', value: true });
    expect(test('is false')).toEqual({ kind: 'is-boolean', value: false });
    expect(test('= false')).toEqual({
      kind: 'compare',
      op: '=',
      value: { kind: 'boolean', value: false },
    });
    expect(test('is set')).toEqual({ kind: 'is-set', negated: false });
    expect(test('is not set')).toEqual({ kind: 'is-set', negated: true });
    expect(test('<= -2.5')).toEqual({ kind: 'compare', op: '<=', value: num(-2.5) });
    expect(test('> 10.50')).toEqual({ kind: 'compare', op: '>', value: num(10.5, '10.50') });
  });

  it('lets keywords-to-be stay names: count_x, first_login, name, page as a property', () => {
    expect(condition('count_x > 1 and first_login is set and name = "a"')).toMatchObject({
      operands: [
        { subject: name('count_x') },
        { subject: name('first_login') },
        { subject: name('name') },
      ],
    });
    expect(condition('did screen where name = "Home"', 'user')).toMatchObject({
      filter: eq('name', 'Home'),
    });
    expect(condition('count > 3')).toMatchObject({ subject: name('count') });
  });

  it('resolves string escapes and keeps Unicode', () => {
    expect(
      condition('t = "Head of \\"Growth\\"" or t = "Ops\\\\Infra" or t = "東京 \\u00e9\\n\\t"'),
    ).toEqual({
      kind: 'or',
      operands: [eq('t', 'Head of "Growth"'), eq('t', 'Ops\\Infra'), eq('t', '東京 é\n\t')],
    });
  });
});

describe('definitions', () => {
  it('reads computed traits with every aggregation form of §5', () => {
    const [sum, freq, first] = definitions(
      [
        'trait usd = account sum "Order Completed".revenue where currency = "USD" within 30 days',
        'trait top = user most_frequent "Feature Used".feature min 3',
        'trait first_seen = user first page',
      ].join('\n'),
    );
    expect(withoutRanges(sum)).toEqual({
      kind: 'trait',
      name: { kind: 'identifier', name: 'usd' },
      entity: 'account',
      aggregation: {
        kind: 'aggregation',
        fn: 'sum',
        event: track('Order Completed'),
        property: { kind: 'identifier', name: 'revenue' },
        filter: eq('currency', 'USD'),
        window: within(30, 'day'),
      },
    });
    expect(withoutRanges(freq)).toMatchObject({
      aggregation: { fn: 'most_frequent', minCount: num(3) },
    });
    expect(withoutRanges(first)).toMatchObject({
      entity: 'user',
      aggregation: { fn: 'first', event: { kind: 'page-event' } },
    });
  });

  it('reads an SQL trait: the SQL exactly as written, with its range inside the quotes', () => {
    const text = `trait n = account sql number """\n  select 'a' as id, 1 as value\n"""`;
    const [trait] = definitions(text);
    expect(trait).toMatchObject({
      kind: 'sql-trait',
      valueType: 'number',
      sql: `\n  select 'a' as id, 1 as value\n`,
    });
    if (trait?.kind !== 'sql-trait') throw new Error('expected an SQL trait');
    expect(text.slice(trait.sqlRange.start.offset, trait.sqlRange.end.offset)).toBe(trait.sql);
    expect(trait.sqlRange.start).toEqual({ offset: 32, line: 1, column: 33 });
  });

  it('reads a sync with calls and options spread over lines', () => {
    const [sync] = definitions(
      'sync at_risk to zendesk with group, identify,\n  track (entered = "Account At Risk", exited = "Account Recovered")',
    );
    expect(withoutRanges(sync)).toEqual({
      kind: 'sync',
      source: { kind: 'identifier', name: 'at_risk' },
      destination: { kind: 'identifier', name: 'zendesk' },
      calls: [
        { kind: 'sync-call', call: 'group', options: [] },
        { kind: 'sync-call', call: 'identify', options: [] },
        {
          kind: 'sync-call',
          call: 'track',
          options: [
            {
              kind: 'sync-option',
              name: { kind: 'identifier', name: 'entered' },
              value: str('Account At Risk'),
            },
            {
              kind: 'sync-option',
              name: { kind: 'identifier', name: 'exited' },
              value: str('Account Recovered'),
            },
          ],
        },
      ],
    });
  });
});

describe('ranges and comments', () => {
  const text = [
    '# a file comment',
    '',
    '## Accounts at risk.',
    '## Two lines.',
    'audience at_risk =',
    '  account where plan = "pro"  # trailing',
    '## not attached: a blank line follows',
    '',
    'trait t = user count "X"',
  ].join('\n');

  it('gives every node the exact range it was written at', () => {
    const [audience] = definitions(text) as AudienceDefinition[];
    expect(audience!.range.start).toEqual({ offset: 53, line: 5, column: 1 });
    expect(audience!.range.end).toMatchObject({ line: 6, column: 29 });
    expect(audience!.name.range.start).toMatchObject({ line: 5, column: 10 });
    expect(audience!.entityRange).toMatchObject({
      start: { line: 6, column: 3 },
      end: { line: 6, column: 10 },
    });
    const cond = audience!.condition as Extract<Condition, { kind: 'trait-test' }>;
    expect(cond.range).toMatchObject({
      start: { line: 6, column: 17 },
      end: { line: 6, column: 29 },
    });
    expect(cond.test.range).toMatchObject({
      start: { line: 6, column: 22 },
      end: { line: 6, column: 29 },
    });
  });

  it('attaches the ## block directly above a definition as its doc, and lists every comment in order', () => {
    const { program } = parse(text, 'f.roster');
    const [audience, trait] = program.definitions;
    expect(audience!.kind === 'audience' && audience!.doc).toMatchObject({
      text: 'Accounts at risk.\nTwo lines.',
      range: { start: { line: 3, column: 1 }, end: { line: 4, column: 14 } },
    });
    expect(trait!.kind === 'trait' && trait!.doc).toBeUndefined();
    expect(program.comments.map((c) => [c.text, c.doc, c.range.start.line])).toEqual([
      ['# a file comment', false, 1],
      ['## Accounts at risk.', true, 3],
      ['## Two lines.', true, 4],
      ['# trailing', false, 6],
      ['## not attached: a blank line follows', true, 7],
    ]);
  });

  it('gives the program the whole file as its range', () => {
    expect(parse('', 'empty.roster').program).toMatchObject({
      definitions: [],
      comments: [],
      file: 'empty.roster',
    });
    expect(parse(text, 'f.roster').program.range.end.offset).toBe(text.length);
  });
});

describe('large files', () => {
  // Speed is measured by `npm run bench` (bench/front-end.bench.ts), not asserted here.
  it('parses 1,000 definitions in one file', () => {
    const text = Array.from(
      { length: 1000 },
      (_, i) =>
        `audience a${i} = account where any user did "Logged In" where x = "a" and y > 3 within 30 days and plan in ["a", "b"] or not in b${i}`,
    ).join('\n');
    const { program, diagnostics } = parse(text, 'big.roster');
    expect(diagnostics).toEqual([]);
    expect(program.definitions).toHaveLength(1000);
  });
});
