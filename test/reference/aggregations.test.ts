/**
 * Aggregations (LANGUAGE.md §5) and event scope (§9), values worked out by
 * hand. NOW is 2026-06-30T00:00:00Z; the trait under test is always `t`.
 */
import { describe, expect, it } from 'vitest';
import type { IrAggregation, IrProject } from '../../src/ir/ir.js';
import type { ReferenceData } from '../../src/reference/data.js';
import { evaluateReference } from '../../src/reference/evaluate.js';
import {
  agg,
  audience,
  cmp,
  data,
  defined,
  did,
  eq,
  inline,
  members,
  NOW,
  project,
  prop,
  sqlTrait,
  trait,
  track,
  values,
  where,
  within,
} from './build.js';

const feature = (user: string, at: string, properties: Record<string, unknown>, more = {}) => ({
  user,
  at,
  event: 'Feature Used',
  properties,
  ...more,
});

const userTrait = (a: IrAggregation, d: ReferenceData) => values([trait('t', 'user', a)], d);
const accountTrait = (a: IrAggregation, d: ReferenceData, scope?: IrProject['scope']) =>
  values([trait('t', 'account', a)], d, scope);

describe('no-events results', () => {
  const d = data({ users: ['u1'], accounts: ['a1'] });
  const FU = track('Feature Used');
  it('count 0, sum 0, unique [], count_unique 0, every other function missing', () => {
    expect(userTrait(agg('count', FU), d)).toEqual({ u1: 0 });
    expect(userTrait(agg('sum', FU, { property: prop('n', 'number') }), d)).toEqual({ u1: 0 });
    expect(userTrait(agg('unique', FU, { property: prop('f', 'string') }), d)).toEqual({ u1: [] });
    expect(userTrait(agg('count_unique', FU, { property: prop('f', 'string') }), d)).toEqual({
      u1: 0,
    });
    for (const fn of ['avg', 'min', 'max', 'first', 'last', 'most_frequent'] as const) {
      expect(userTrait(agg(fn, FU, { property: prop('n', 'number') }), d)).toEqual({});
    }
    expect(userTrait(agg('first', FU), d)).toEqual({});
    // An account without users has no events either.
    expect(accountTrait(agg('count', FU), d)).toEqual({ a1: 0 });
    expect(accountTrait(agg('avg', FU, { property: prop('n', 'number') }), d)).toEqual({});
  });

  it('events that only miss the property give the same result as no events (except count)', () => {
    const e = data({
      users: ['u1'],
      events: [feature('u1', '2026-06-01T00:00:00Z', { other: 1 })],
    });
    expect(userTrait(agg('count', FU), e)).toEqual({ u1: 1 });
    expect(userTrait(agg('sum', FU, { property: prop('n', 'number') }), e)).toEqual({ u1: 0 });
    expect(userTrait(agg('max', FU, { property: prop('n', 'number') }), e)).toEqual({});
    expect(userTrait(agg('unique', FU, { property: prop('f', 'string') }), e)).toEqual({ u1: [] });
  });
});

describe('numeric aggregations', () => {
  const FU = track('Feature Used');
  const d = data({
    users: ['u1'],
    events: [
      feature('u1', '2026-06-01T00:00:00Z', { n: 4 }),
      feature('u1', '2026-06-02T00:00:00Z', { n: 0 }), // 0 is a value
      feature('u1', '2026-06-03T00:00:00Z', { n: '100' }), // wrong JSON type: missing
      feature('u1', '2026-06-04T00:00:00Z', { n: null }), // null: missing
      feature('u1', '2026-06-05T00:00:00Z', { n: -1.5 }),
      feature('u1', '2026-07-05T00:00:00Z', { n: 1000 }), // after now
    ],
  });
  const n = prop('n', 'number');
  it('sum, avg, min, max skip missing and wrong-typed values; count counts every event', () => {
    expect(userTrait(agg('count', FU), d)).toEqual({ u1: 5 });
    expect(userTrait(agg('sum', FU, { property: n }), d)).toEqual({ u1: 2.5 });
    expect(userTrait(agg('avg', FU, { property: n }), d)).toEqual({ u1: 2.5 / 3 });
    expect(userTrait(agg('min', FU, { property: n }), d)).toEqual({ u1: -1.5 });
    expect(userTrait(agg('max', FU, { property: n }), d)).toEqual({ u1: 4 });
    expect(userTrait(agg('count_unique', FU, { property: n }), d)).toEqual({ u1: 3 });
  });

  it('where filters and windows select the events first', () => {
    const positive = where('n', 'number', cmp('>', 0));
    expect(userTrait(agg('count', FU, { filter: positive }), d)).toEqual({ u1: 1 });
    expect(userTrait(agg('sum', FU, { property: n, window: within(27, 'day') }), d)).toEqual({
      u1: -1.5,
    });
  });
});

describe('first and last', () => {
  const FU = track('Feature Used');
  const f = prop('f', 'string');
  it('order events by timestamp, then message id by code point', () => {
    const d = data({
      users: ['u1'],
      events: [
        feature('u1', '2026-06-10T00:00:00Z', { f: 'lower' }, { messageId: 'a' }),
        feature('u1', '2026-06-10T00:00:00Z', { f: 'upper' }, { messageId: 'B' }), // 'B' < 'a' by code point
        feature('u1', '2026-06-09T00:00:00Z', { g: 1 }, { messageId: 'z' }), // earliest, but no f
      ],
    });
    expect(userTrait(agg('first', FU, { property: f }), d)).toEqual({ u1: 'upper' });
    expect(userTrait(agg('last', FU, { property: f }), d)).toEqual({ u1: 'lower' });
    // Without a property: the event's timestamp, and the earliest event counts even without f.
    expect(userTrait(agg('first', FU), d)).toEqual({ u1: '2026-06-09T00:00:00.000Z' });
    expect(userTrait(agg('last', FU), d)).toEqual({ u1: '2026-06-10T00:00:00.000Z' });
  });

  it('ignores events after now and normalises timestamps written with a zone', () => {
    const d = data({
      users: ['u1'],
      events: [
        { user: 'u1', at: '2026-06-29T23:00:00-01:00' }, // = 2026-06-30T00:00Z = now: counts
        { user: 'u1', at: '2026-06-30T00:30:00+00:00' }, // after now
      ],
    });
    expect(userTrait(agg('last', track('Logged In')), d)).toEqual({
      u1: '2026-06-30T00:00:00.000Z',
    });
  });
});

describe('most_frequent, unique, count_unique', () => {
  const FU = track('Feature Used');
  it('most_frequent ties go to the smallest value: numeric for numbers, code point for strings', () => {
    const d = data({
      users: ['u1', 'u2'],
      events: [
        feature('u1', '2026-06-01T00:00:00Z', { n: 10, f: 'a' }),
        feature('u1', '2026-06-02T00:00:00Z', { n: 9, f: 'B' }),
        feature('u1', '2026-06-03T00:00:00Z', { n: 10, f: 'a' }),
        feature('u1', '2026-06-04T00:00:00Z', { n: 9, f: 'B' }),
        feature('u2', '2026-06-01T00:00:00Z', { f: 'x' }),
        feature('u2', '2026-06-02T00:00:00Z', { f: 'y' }),
        feature('u2', '2026-06-03T00:00:00Z', { f: 'y' }),
      ],
    });
    // Numerically 9 < 10 (as text "10" < "9"); by code point 'B' < 'a'.
    expect(userTrait(agg('most_frequent', FU, { property: prop('n', 'number') }), d)).toEqual({
      u1: 9,
    });
    expect(userTrait(agg('most_frequent', FU, { property: prop('f', 'string') }), d)).toEqual({
      u1: 'B',
      u2: 'y',
    });
    // min N: the winner must occur at least N times.
    const min = (minCount: number) =>
      userTrait(agg('most_frequent', FU, { property: prop('f', 'string'), minCount }), d);
    expect(min(2)).toEqual({ u1: 'B', u2: 'y' });
    expect(min(3)).toEqual({});
  });

  it('unique is distinct and sorted by code point; count_unique counts it', () => {
    const d = data({
      users: ['u1'],
      events: ['b', 'a', 'B', 'a', 'é', 'z'].map((f, i) =>
        feature('u1', `2026-06-0${i + 1}T00:00:00Z`, { f }),
      ),
    });
    const f = prop('f', 'string');
    expect(userTrait(agg('unique', FU, { property: f }), d)).toEqual({
      u1: ['B', 'a', 'b', 'z', 'é'],
    });
    expect(userTrait(agg('count_unique', FU, { property: f }), d)).toEqual({ u1: 5 });
  });
});

describe('account aggregations and events.scope', () => {
  // u1 is in a1 and a2, u2 only in a2, u3 in no account.
  const d = data({
    accounts: ['a1', 'a2', 'a3'],
    users: ['u1', 'u2', 'u3'],
    memberships: [
      ['u1', 'a1'],
      ['u1', 'a2'],
      ['u2', 'a2'],
    ],
    events: [
      { user: 'u1', at: '2026-06-20T00:00:00Z', groupId: 'a1' },
      { user: 'u1', at: '2026-06-21T00:00:00Z' }, // untagged
      { user: 'u1', at: '2026-06-22T00:00:00Z', groupId: 'a3' }, // u1 is not a member of a3
      { user: 'u2', at: '2026-06-23T00:00:00Z', groupId: 'a2' },
      { user: 'u3', at: '2026-06-24T00:00:00Z', groupId: 'a1' }, // u3 is not a member of a1
    ],
  });
  const logins = agg('count', track('Logged In'));

  it('all_accounts: an account aggregates all events of all its users; a user in two accounts counts for both', () => {
    expect(accountTrait(logins, d)).toEqual({ a1: 3, a2: 4, a3: 0 });
  });

  it('group_context: a tagged event counts for its account only (if a member), an untagged one for all', () => {
    expect(accountTrait(logins, d, 'group_context')).toEqual({ a1: 2, a2: 2, a3: 0 });
  });

  it('group_context: named user traits and user audiences still see every event of the user', () => {
    expect(values([trait('t', 'user', logins)], d, 'group_context')).toEqual({
      u1: 3,
      u2: 1,
      u3: 1,
    });
  });

  it('group_context: did and inline aggregates inside a quantifier see the events of that account', () => {
    // "any user did Logged In at least 2 times", evaluated per (user, account):
    // u1 has 2 events for a1 (tagged a1 + untagged) and 1 for a2 (untagged); u2 has 1 for a2.
    const twice = did(track('Logged In'), { n: 2, perAccount: true });
    expect(
      members(
        [audience('x', 'account', { kind: 'quantified', quantifier: 'any', body: twice })],
        d,
        'group_context',
      ),
    ).toEqual(['a1']);
    const sum = inline('user', logins, cmp('>=', 2), true);
    expect(
      members(
        [audience('x', 'account', { kind: 'quantified', quantifier: 'any', body: sum })],
        d,
        'group_context',
      ),
    ).toEqual(['a1']);
    // all_accounts: u1 has 3 events for both accounts.
    const allTwice = did(track('Logged In'), { n: 2 });
    expect(
      members(
        [audience('x', 'account', { kind: 'quantified', quantifier: 'any', body: allTwice })],
        d,
      ),
    ).toEqual(['a1', 'a2']);
    // A named user trait inside a quantifier is the user's trait: all events (u1: 3).
    const named = defined('user', 'ut', 'number', cmp('>=', 3));
    expect(
      members(
        [
          trait('ut', 'user', logins),
          audience('x', 'account', { kind: 'quantified', quantifier: 'any', body: named }),
        ],
        d,
        'group_context',
      ),
    ).toEqual(['a1', 'a2']);
  });

  it('rejects a perAccount flag that disagrees with the scope and the context', () => {
    const body = did(track('Logged In'));
    const q = audience('x', 'account', { kind: 'quantified', quantifier: 'any', body });
    expect(() => members([q], d, 'group_context')).toThrow(
      /perAccount = false .* inside a quantifier/,
    );
    const outside = audience('x', 'user', did(track('Logged In'), { perAccount: true }));
    expect(() => members([outside], d, 'group_context')).toThrow(
      /perAccount = true .* outside a quantifier/,
    );
  });
});

describe('SQL traits', () => {
  const d = data({ users: ['u1', 'u2', 'u3'] });
  it('take their values from the caller, ignoring unknown ids and missing values', () => {
    const r = evaluateReference(
      project([
        sqlTrait('s', 'user', 'number'),
        audience('x', 'user', defined('user', 's', 'number', cmp('>', 1))),
      ]),
      d,
      NOW,
      {
        sqlTraitValues: {
          s: new Map<string, number>([
            ['u1', 2],
            ['u2', 1],
            ['ghost', 5],
          ]),
        },
      },
    );
    expect(Object.fromEntries(r.traits.s ?? [])).toEqual({ u1: 2, u2: 1 });
    expect(r.audiences.x).toEqual(['u1']);
  });

  it('cannot be evaluated without values', () => {
    expect(() => evaluateReference(project([sqlTrait('s', 'user', 'string')]), d, NOW)).toThrow(
      /SQL trait s cannot be interpreted by the reference evaluator: pass its values in sqlTraitValues/,
    );
  });
});

describe('computed traits in conditions', () => {
  it('an inline aggregate means what the named trait means', () => {
    const d = data({
      accounts: ['a1', 'a2'],
      users: ['u1', 'u2'],
      memberships: [
        ['u1', 'a1'],
        ['u2', 'a1'],
      ],
      events: [
        { user: 'u1', at: '2026-06-20T00:00:00Z' },
        { user: 'u2', at: '2026-06-21T00:00:00Z' },
      ],
    });
    const logins = agg('count', track('Logged In'));
    const r = evaluateReference(
      project([
        trait('n', 'account', logins),
        audience('named', 'account', defined('account', 'n', 'number', eq(2))),
        audience('inline', 'account', inline('account', logins, eq(2))),
      ]),
      d,
      NOW,
    );
    expect(r.audiences.named).toEqual(['a1']);
    expect(r.audiences.inline).toEqual(['a1']);
  });
});
