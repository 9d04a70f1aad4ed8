/**
 * The IR of representative programs, written by hand from LANGUAGE.md and the
 * ir.ts contract (explicit negations, positive atoms, normalised literals).
 */
import { describe, expect, it } from 'vitest';
import type { IrAudience, IrCondition, IrDefinition, IrProject } from '../../src/ir/ir.js';
import { check } from './fixtures.js';

function ir(src: string, scope?: 'all_accounts' | 'group_context'): IrProject {
  const result = check(src, scope ? { scope } : {});
  expect(result.diagnostics).toEqual([]);
  expect(result.ir).toBeDefined();
  return result.ir!;
}

function condition(src: string, scope?: 'all_accounts' | 'group_context'): IrCondition {
  const defs = ir(src, scope).definitions;
  return (defs[defs.length - 1] as IrAudience).condition;
}

const plan = { kind: 'custom-trait', entity: 'account', name: 'plan', type: 'string' } as const;
const seats = { kind: 'custom-trait', entity: 'account', name: 'seats', type: 'number' } as const;
const signedUp = {
  kind: 'custom-trait',
  entity: 'user',
  name: 'signed_up_at',
  type: 'timestamp',
} as const;
const loggedIn = { source: 'tracks', event: 'Logged In' } as const;

describe('lowering to IR', () => {
  it('makes != , not in, is not set explicit negations of positive tests (§2)', () => {
    expect(condition('audience a = account where plan != "pro"')).toEqual({
      kind: 'not',
      operand: {
        kind: 'test',
        subject: plan,
        test: { kind: 'compare', op: '=', value: { type: 'string', value: 'pro' } },
      },
    });
    expect(condition('audience a = account where plan not in ["a", "b"]')).toEqual({
      kind: 'not',
      operand: {
        kind: 'test',
        subject: plan,
        test: {
          kind: 'in-list',
          values: [
            { type: 'string', value: 'a' },
            { type: 'string', value: 'b' },
          ],
        },
      },
    });
    expect(condition('audience a = account where plan is not set')).toEqual({
      kind: 'not',
      operand: { kind: 'test', subject: plan, test: { kind: 'is-set' } },
    });
  });

  it('gives did its default count of at least 1 and maps count words to operators (§4.2)', () => {
    expect(condition('audience a = user where did "Logged In" within 7 days')).toEqual({
      kind: 'did',
      aggregation: {
        fn: 'count',
        event: loggedIn,
        window: { kind: 'within', amount: 7, unit: 'day' },
        type: 'number',
      },
      op: '>=',
      n: 1,
      perAccount: false,
    });
    const ops = {
      'at least': '>=',
      'at most': '<=',
      exactly: '=',
      'more than': '>',
      'fewer than': '<',
    };
    for (const [words, op] of Object.entries(ops)) {
      const c = condition(`audience a = user where did "Logged In" ${words} 3 times`);
      expect(c).toMatchObject({ kind: 'did', op, n: 3 });
    }
    expect(condition('audience a = user where not did "Logged In"')).toMatchObject({
      kind: 'not',
      operand: { kind: 'did', op: '>=', n: 1 },
    });
  });

  it('lowers a did filter over typed properties, with page fields as strings', () => {
    expect(
      condition(
        'audience a = user where did page where path = "/pricing" and referrer contains "google"',
      ),
    ).toEqual({
      kind: 'did',
      aggregation: {
        fn: 'count',
        event: { source: 'pages' },
        filter: {
          kind: 'and',
          operands: [
            {
              kind: 'test',
              subject: {
                kind: 'property',
                property: { name: 'path', type: 'string' },
                type: 'string',
              },
              test: { kind: 'compare', op: '=', value: { type: 'string', value: '/pricing' } },
            },
            {
              kind: 'test',
              subject: {
                kind: 'property',
                property: { name: 'referrer', type: 'string' },
                type: 'string',
              },
              test: { kind: 'string-match', mode: 'contains', value: 'google' },
            },
          ],
        },
        type: 'number',
      },
      op: '>=',
      n: 1,
      perAccount: false,
    });
  });

  it('marks did and inline aggregates per account only inside a quantifier under group_context (§9)', () => {
    const q = (scope: 'all_accounts' | 'group_context'): IrCondition =>
      condition(
        'audience a = account where any user (did "Logged In" and count "Logged In" > 2)',
        scope,
      );
    const body = (c: IrCondition): IrCondition => (c.kind === 'quantified' ? c.body : c);
    expect(body(q('group_context'))).toMatchObject({
      kind: 'and',
      operands: [
        { kind: 'did', perAccount: true },
        { kind: 'test', subject: { kind: 'aggregate', entity: 'user', perAccount: true } },
      ],
    });
    expect(body(q('all_accounts'))).toMatchObject({
      operands: [{ kind: 'did', perAccount: false }, { subject: { perAccount: false } }],
    });
    // Outside a quantifier, user events are always all of the user's events.
    expect(condition('audience a = user where did "Logged In"', 'group_context')).toMatchObject({
      perAccount: false,
    });
    expect(
      condition('audience a = account where count "Logged In" < 3', 'group_context'),
    ).toMatchObject({
      subject: { kind: 'aggregate', entity: 'account', perAccount: false },
    });
  });

  it('lowers account.NAME and account in X to some-account, keeping the negation inside (§4.3, §4.5)', () => {
    expect(condition('audience a = user where account.plan != "pro"')).toEqual({
      kind: 'some-account',
      condition: {
        kind: 'not',
        operand: {
          kind: 'test',
          subject: plan,
          test: { kind: 'compare', op: '=', value: { type: 'string', value: 'pro' } },
        },
      },
    });
    expect(
      condition('audience e = account where plan = "e"\naudience a = user where not account in e'),
    ).toEqual({
      kind: 'not',
      operand: {
        kind: 'some-account',
        condition: { kind: 'in-audience', entity: 'account', audience: 'e' },
      },
    });
  });

  it('normalises timestamps and lowers before/after/between to half-open ranges (§3)', () => {
    expect(
      condition(
        'audience a = user where signed_up_at between "2026-01-01" and "2026-02-01T12:00:00+02:00"',
      ),
    ).toEqual({
      kind: 'test',
      subject: signedUp,
      test: {
        kind: 'time-window',
        window: { kind: 'range', from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T10:00:00.000Z' },
      },
    });
    expect(condition('audience a = user where did "Logged In" before "2026-02-01"')).toMatchObject({
      aggregation: { window: { kind: 'range', to: '2026-02-01T00:00:00.000Z' } },
    });
    expect(
      condition('audience a = user where did "Logged In" after "2026-02-01T00:00:00Z"'),
    ).toMatchObject({
      aggregation: { window: { kind: 'range', from: '2026-02-01T00:00:00.000Z' } },
    });
    expect(condition('audience a = user where signed_up_at within 2 weeks')).toMatchObject({
      test: { kind: 'time-window', window: { kind: 'within', amount: 2, unit: 'week' } },
    });
  });

  it('keeps number between inclusive, is true as = true, contains on lists as list-contains any', () => {
    expect(condition('audience a = account where seats between 10 and 50')).toEqual({
      kind: 'test',
      subject: seats,
      test: { kind: 'number-between', from: 10, to: 50 },
    });
    expect(condition('audience a = account where is_trial is true')).toMatchObject({
      test: { kind: 'compare', op: '=', value: { type: 'boolean', value: true } },
    });
    expect(condition('audience a = account where is_trial is false')).toMatchObject({
      test: { kind: 'compare', op: '=', value: { type: 'boolean', value: false } },
    });
    expect(condition('audience a = account where tags contains "beta"')).toMatchObject({
      test: { kind: 'list-contains', mode: 'any', values: ['beta'] },
    });
    expect(condition('audience a = account where tags contains all ["a", "b"]')).toMatchObject({
      test: { kind: 'list-contains', mode: 'all', values: ['a', 'b'] },
    });
    expect(condition('audience a = account where name contains "100%"')).toMatchObject({
      test: { kind: 'string-match', mode: 'contains', value: '100%' },
    });
  });

  it('lowers `(count users C) between A and B` to an inclusive number-between on the count (§12.4)', () => {
    expect(
      condition('audience a = account where (count users role = "Admin") between 1 and 5'),
    ).toEqual({
      kind: 'test',
      subject: {
        kind: 'aggregate',
        entity: 'account',
        aggregation: {
          fn: 'count-users',
          body: {
            kind: 'test',
            subject: { kind: 'custom-trait', entity: 'user', name: 'role', type: 'string' },
            test: { kind: 'compare', op: '=', value: { type: 'string', value: 'Admin' } },
          },
          type: 'number',
        },
        perAccount: false,
        type: 'number',
      },
      test: { kind: 'number-between', from: 1, to: 5 },
    });
  });

  it('lowers quantifiers, with n only for the counting ones (§4.4)', () => {
    expect(condition('audience a = account where all users (role = "Admin")')).toEqual({
      kind: 'quantified',
      quantifier: 'all',
      body: {
        kind: 'test',
        subject: { kind: 'custom-trait', entity: 'user', name: 'role', type: 'string' },
        test: { kind: 'compare', op: '=', value: { type: 'string', value: 'Admin' } },
      },
    });
    expect(condition('audience a = account where exactly 0 users did "Logged In"')).toMatchObject({
      kind: 'quantified',
      quantifier: 'exactly',
      n: 0,
    });
  });

  it('types computed traits by their aggregation (§5)', () => {
    const defs = ir(
      [
        'trait a = user count "Logged In"',
        'trait b = account sum "Order Completed".revenue where currency = "USD" within 30 days',
        'trait c = user last "Logged In"',
        'trait d = user first "Feature Used".feature',
        'trait e = user most_frequent "Feature Used".feature min 3',
        'trait f = user unique "Feature Used".feature',
        'trait g = user count_unique "NPS Submitted".score',
      ].join('\n'),
    ).definitions;
    expect(defs.map((d) => [d.name, d.kind === 'computed-trait' ? d.type : '?'])).toEqual([
      ['a', 'number'],
      ['b', 'number'],
      ['c', 'timestamp'],
      ['d', 'string'],
      ['e', 'string'],
      ['f', 'list'],
      ['g', 'number'],
    ]);
    expect(defs[1]).toEqual({
      kind: 'computed-trait',
      name: 'b',
      entity: 'account',
      type: 'number',
      aggregation: {
        fn: 'sum',
        event: { source: 'tracks', event: 'Order Completed' },
        property: { name: 'revenue', type: 'number' },
        filter: {
          kind: 'test',
          subject: {
            kind: 'property',
            property: { name: 'currency', type: 'string' },
            type: 'string',
          },
          test: { kind: 'compare', op: '=', value: { type: 'string', value: 'USD' } },
        },
        window: { kind: 'within', amount: 30, unit: 'day' },
        type: 'number',
      },
      dependsOn: [],
    });
    expect(defs[4]).toMatchObject({ aggregation: { fn: 'most_frequent', minCount: 3 } });
  });

  it('splits SQL traits into text and placeholders, and carries doc comments', () => {
    const [t] = ir(
      '## Events per user.\ntrait n = user sql number """select user_id as id, count(*) as value from {{tracks}} where ts <= {{ now }} group by 1"""',
    ).definitions;
    expect(t).toEqual({
      kind: 'sql-trait',
      name: 'n',
      entity: 'user',
      type: 'number',
      sql: [
        { kind: 'text', text: 'select user_id as id, count(*) as value from ' },
        { kind: 'placeholder', name: 'tracks' },
        { kind: 'text', text: ' where ts <= ' },
        { kind: 'placeholder', name: 'now' },
        { kind: 'text', text: ' group by 1' },
      ],
      doc: 'Events per user.',
      dependsOn: [],
    });
  });

  it('orders definitions dependencies first, across files and regardless of the order written', () => {
    const project = ir(
      [
        'sync target to zendesk with group, track (entered = "In", exited = "Out")',
        'audience target = account where in engaged and logins > 3',
        'trait logins = account count "Logged In"',
        'audience engaged = account where any user did "Feature Used"',
      ].join('\n'),
    );
    // Depth-first from the first definition written; dependencies in the order written.
    expect(project.definitions.map((d: IrDefinition) => d.name)).toEqual([
      'logins',
      'engaged',
      'target',
      'target->zendesk',
    ]);
    expect(project.definitions[2]!.dependsOn).toEqual(['engaged', 'logins']);
    expect(project.definitions[3]).toEqual({
      kind: 'sync',
      name: 'target->zendesk',
      source: 'target',
      sourceKind: 'audience',
      entity: 'account',
      destination: 'zendesk',
      calls: [
        { call: 'group', options: {} },
        { call: 'track', options: { entered: 'In', exited: 'Out' } },
      ],
      dependsOn: ['target'],
    });
  });

  it('copies the schema (with page and screen fields) and lists the configured sources', () => {
    const project = ir('audience a = user where beta is true');
    expect(project.version).toBe(1);
    expect(project.scope).toBe('all_accounts');
    expect(project.schema.account.seats).toBe('number');
    expect(project.schema.user.signed_up_at).toBe('timestamp');
    expect(project.schema.events['Order Completed']).toEqual({
      revenue: 'number',
      currency: 'string',
    });
    expect(project.schema.events.page).toEqual({
      name: 'string',
      url: 'string',
      path: 'string',
      referrer: 'string',
      title: 'string',
    });
    expect(project.schema.events.screen).toEqual({ name: 'string' });
    expect(project.sources).toEqual([
      'tracks',
      'pages',
      'screens',
      'users',
      'accounts',
      'memberships',
    ]);
    const without = check('audience a = user where beta is true', { disabled: ['screens'] });
    expect(without.ir?.sources).toEqual(['tracks', 'pages', 'users', 'accounts', 'memberships']);
  });
});
