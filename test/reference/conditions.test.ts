/**
 * Conditions, one LANGUAGE.md rule per test, with data small enough to check
 * every expected member by hand. NOW is 2026-06-30T00:00:00Z.
 */
import { describe, expect, it } from 'vitest';
import type { IrTest } from '../../src/ir/ir.js';
import { evaluateReference } from '../../src/reference/evaluate.js';
import {
  and,
  audience,
  custom,
  data,
  did,
  eq,
  members,
  not,
  NOW,
  or,
  project,
  range,
  track,
  within,
} from './build.js';

const accountTest = (
  name: string,
  type: 'string' | 'number' | 'boolean' | 'timestamp' | 'list',
  test: IrTest,
) => [audience('x', 'account', custom('account', name, type, test))];

describe('entities and events that do not count', () => {
  it('ignores memberships naming unknown ids, events of unknown users, anonymous events and events after now', () => {
    const d = data({
      accounts: ['a1', 'a2'],
      users: ['u1', 'u2'],
      memberships: [
        ['u1', 'a1'],
        ['ghost', 'a2'], // unknown user: a2 has no users
        ['u2', 'nowhere'], // unknown account: u2 has no accounts
      ],
      events: [
        { user: 'ghost', at: '2026-06-20T00:00:00Z' },
        { user: null, at: '2026-06-20T00:00:00Z' },
        { user: 'u2', at: '2026-06-30T00:00:00.001Z' }, // 1 ms after now
      ],
    });
    const r = evaluateReference(
      project([
        audience('has_users', 'account', {
          kind: 'quantified',
          quantifier: 'any',
          body: { kind: 'constant', value: true },
        }),
        audience('ever', 'user', did(track('Logged In'))),
        audience('with_account', 'user', {
          kind: 'some-account',
          condition: { kind: 'constant', value: true },
        }),
        audience('everyone', 'user', { kind: 'constant', value: true }),
      ]),
      d,
      NOW,
    );
    expect(r.audiences.has_users).toEqual(['a1']);
    expect(r.audiences.ever).toEqual([]);
    expect(r.audiences.with_account).toEqual(['u1']);
    expect(r.audiences.everyone).toEqual(['u1', 'u2']); // never 'ghost'
  });
});

describe('event windows', () => {
  const at = (user: string, t: string) => ({ user, at: t });
  it('within N minutes/hours/days/weeks is now - N < t <= now', () => {
    const d = data({
      users: ['edge', 'inside', 'now'],
      events: [
        at('edge', '2026-06-29T23:15:00Z'), // now - 45 min
        at('edge', '2026-06-29T18:00:00Z'), // now - 6 h
        at('edge', '2026-06-27T00:00:00Z'), // now - 3 days
        at('edge', '2026-06-16T00:00:00Z'), // now - 2 weeks
        at('inside', '2026-06-29T23:15:00.001Z'),
        at('inside', '2026-06-16T00:00:00.001Z'),
        at('now', '2026-06-30T00:00:00Z'),
      ],
    });
    const x = (w: ReturnType<typeof within>) =>
      members([audience('x', 'user', did(track('Logged In'), { window: w }))], d);
    expect(x(within(45, 'minute'))).toEqual(['inside', 'now']);
    expect(x(within(6, 'hour'))).toEqual(['edge', 'inside', 'now']); // edge via its 23:15 event
    expect(x(within(3, 'day'))).toEqual(['edge', 'inside', 'now']);
    expect(x(within(2, 'week'))).toEqual(['edge', 'inside', 'now']);
    // Only the 2-week boundary event and the one 1 ms inside it are that old; 1 week sees neither.
    const old = data({
      users: ['edge', 'inside'],
      events: [at('edge', '2026-06-16T00:00:00Z'), at('inside', '2026-06-16T00:00:00.001Z')],
    });
    expect(
      members([audience('x', 'user', did(track('Logged In'), { window: within(2, 'week') }))], old),
    ).toEqual(['inside']);
    expect(
      members([audience('x', 'user', did(track('Logged In'), { window: within(1, 'week') }))], old),
    ).toEqual([]);
  });

  it('a range is from <= t < to, with either bound optional, and never reaches past now', () => {
    const d = data({
      users: ['from', 'before_to', 'to', 'future'],
      events: [
        at('from', '2026-01-01T00:00:00Z'),
        at('before_to', '2026-03-31T23:59:59.999Z'),
        at('to', '2026-04-01T00:00:00Z'),
        at('future', '2026-07-01T00:00:00Z'),
      ],
    });
    const x = (w: ReturnType<typeof range>) =>
      members([audience('x', 'user', did(track('Logged In'), { window: w }))], d);
    expect(x(range('2026-01-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'))).toEqual([
      'before_to',
      'from',
    ]);
    expect(x(range(undefined, '2026-04-01T00:00:00.000Z'))).toEqual(['before_to', 'from']);
    expect(x(range('2026-04-01T00:00:00.000Z'))).toEqual(['to']); // 'future' is after now
  });
});

describe('two-valued logic', () => {
  const d = data({
    accounts: [['a1', { plan: 'pro' }], ['a2', { plan: 'free' }], 'a3', ['a4', { plan: null }]],
  });

  it('a comparison with a missing (or null) value is false; not is its exact complement', () => {
    expect(members(accountTest('plan', 'string', eq('pro')), d)).toEqual(['a1']);
    expect(
      members([audience('x', 'account', not(custom('account', 'plan', 'string', eq('pro'))))], d),
    ).toEqual(['a2', 'a3', 'a4']);
    const inList: IrTest = {
      kind: 'in-list',
      values: [
        { type: 'string', value: 'pro' },
        { type: 'string', value: 'free' },
      ],
    };
    expect(members(accountTest('plan', 'string', inList), d)).toEqual(['a1', 'a2']);
    expect(
      members([audience('x', 'account', not(custom('account', 'plan', 'string', inList)))], d),
    ).toEqual(['a3', 'a4']);
  });

  it('is-set tests presence: null is missing, an empty list and an empty string are set', () => {
    const e = data({
      accounts: [
        ['a1', { tags: [] }],
        ['a2', { tags: null }],
        'a3',
        ['a4', { tags: ['x'] }],
        ['a5', { name: '' }],
      ],
    });
    expect(members(accountTest('tags', 'list', { kind: 'is-set' }), e)).toEqual(['a1', 'a4']);
    expect(members(accountTest('name', 'string', { kind: 'is-set' }), e)).toEqual(['a5']);
  });

  it('and/or/not nest as written, with missing values inside', () => {
    // not (plan = "pro" or plan = "free"): a3 and a4 (missing) are in the complement.
    const c = not(
      or(
        custom('account', 'plan', 'string', eq('pro')),
        custom('account', 'plan', 'string', eq('free')),
      ),
    );
    expect(members([audience('x', 'account', c)], d)).toEqual(['a3', 'a4']);
    expect(
      members([audience('x', 'account', and(c, { kind: 'constant', value: false }))], d),
    ).toEqual([]);
  });
});

describe('type-correct comparisons', () => {
  it('compares timestamps as instants, whatever the zone they were written in', () => {
    const d = data({
      accounts: [
        ['a1', { created_at: '2026-01-01T01:00:00+01:00' }],
        ['a2', { created_at: '2026-01-01' }],
        ['a3', { created_at: '2026-01-01T00:00:01Z' }],
      ],
    });
    expect(
      members(
        accountTest('created_at', 'timestamp', eq('2026-01-01T00:00:00.000Z', 'timestamp')),
        d,
      ),
    ).toEqual(['a1', 'a2']);
    const gt: IrTest = {
      kind: 'compare',
      op: '>',
      value: { type: 'timestamp', value: '2026-01-01T00:00:00.000Z' },
    };
    expect(members(accountTest('created_at', 'timestamp', gt), d)).toEqual(['a3']);
  });

  it('compares strings by code point and case-sensitively', () => {
    const d = data({
      accounts: [
        ['a1', { name: 'B' }],
        ['a2', { name: 'a' }],
        ['a3', { name: '\u{1F600}' }],
        ['a4', { name: 'A' }],
      ],
    });
    const lt = (value: string): IrTest => ({
      kind: 'compare',
      op: '<',
      value: { type: 'string', value },
    });
    expect(members(accountTest('name', 'string', lt('a')), d)).toEqual(['a1', 'a4']); // 'B' < 'a' by code point
    expect(members(accountTest('name', 'string', lt('\uFFFF')), d)).toEqual(['a1', 'a2', 'a4']); // U+1F600 > U+FFFF
    expect(members(accountTest('name', 'string', eq('a')), d)).toEqual(['a2']);
  });

  it('matches %, _ and \\ literally in contains / starts with / ends with', () => {
    const d = data({
      accounts: [
        ['a1', { name: '100% Organic' }],
        ['a2', { name: '1000 Bottles' }],
        ['a3', { name: 'data_io' }],
        ['a4', { name: 'radio' }],
        ['a5', { name: 'Ops\\Infra' }],
        ['a6', { name: 'OpsXInfra' }],
        'a7',
      ],
    });
    const m = (mode: 'contains' | 'starts-with' | 'ends-with', value: string) =>
      members(accountTest('name', 'string', { kind: 'string-match', mode, value }), d);
    expect(m('contains', '100%')).toEqual(['a1']);
    expect(m('starts-with', '100%')).toEqual(['a1']);
    expect(m('ends-with', '_io')).toEqual(['a3']);
    expect(m('contains', 's\\I')).toEqual(['a5']);
    expect(m('contains', 'organic')).toEqual([]); // case-sensitive
    expect(m('contains', '')).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6']); // a7 is missing
  });

  it('number between is inclusive at both ends; booleans compare exactly', () => {
    const d = data({
      accounts: [
        ['a1', { seats: 10, t: true }],
        ['a2', { seats: 50, t: false }],
        ['a3', { seats: 50.5 }],
        ['a4', { seats: 9.99 }],
        'a5',
      ],
    });
    expect(
      members(accountTest('seats', 'number', { kind: 'number-between', from: 10, to: 50 }), d),
    ).toEqual(['a1', 'a2']);
    expect(members(accountTest('t', 'boolean', eq(false)), d)).toEqual(['a2']);
    expect(
      members([audience('x', 'account', not(custom('account', 't', 'boolean', eq(true))))], d),
    ).toEqual(['a2', 'a3', 'a4', 'a5']);
  });

  it('timestamp traits: within excludes values after now; ranges compare the value as it is', () => {
    const d = data({
      users: [
        ['u1', { s: '2026-06-01T00:00:00.001Z' }],
        ['u2', { s: '2026-06-01T00:00:00Z' }],
        ['u3', { s: '2026-07-01T00:00:00Z' }],
        'u4',
      ],
    });
    const w = (test: IrTest) =>
      members([audience('x', 'user', custom('user', 's', 'timestamp', test))], d);
    expect(w({ kind: 'time-window', window: within(29, 'day') })).toEqual(['u1']);
    expect(w({ kind: 'time-window', window: range('2026-06-01T00:00:00.000Z') })).toEqual([
      'u1',
      'u2',
      'u3',
    ]);
    expect(
      w({ kind: 'time-window', window: range(undefined, '2026-06-01T00:00:00.001Z') }),
    ).toEqual(['u2']);
  });

  it('throws on data that does not fit the declared trait type', () => {
    const d = data({ accounts: [['a1', { seats: 'ten' }]] });
    expect(() => members(accountTest('seats', 'number', cmp0()), d)).toThrow(
      /account a1 trait seats should be a number, got "ten"/,
    );
  });
});

function cmp0(): IrTest {
  return { kind: 'compare', op: '>', value: { type: 'number', value: 0 } };
}

describe('list tests', () => {
  it('contains any / all; an empty or missing list contains nothing; elements are case-sensitive', () => {
    const d = data({
      accounts: [
        ['a1', { tags: ['beta', 'enterprise'] }],
        ['a2', { tags: ['beta'] }],
        ['a3', { tags: [] }],
        'a4',
        ['a5', { tags: ['Beta'] }],
      ],
    });
    const m = (mode: 'any' | 'all', values: string[]) =>
      members(accountTest('tags', 'list', { kind: 'list-contains', mode, values }), d);
    expect(m('any', ['beta'])).toEqual(['a1', 'a2']);
    expect(m('any', ['enterprise', 'Beta'])).toEqual(['a1', 'a5']);
    expect(m('all', ['beta', 'enterprise'])).toEqual(['a1']);
    expect(
      members(
        [
          audience(
            'x',
            'account',
            not(
              custom('account', 'tags', 'list', {
                kind: 'list-contains',
                mode: 'any',
                values: ['beta'],
              }),
            ),
          ),
        ],
        d,
      ),
    ).toEqual(['a3', 'a4', 'a5']);
  });
});

describe('quantifiers over an account users', () => {
  const d = data({
    accounts: ['a0', 'a1', 'a2', 'a3'],
    users: [['u1', { role: 'Admin' }], ['u2', { role: 'Admin' }], ['u3', { role: 'Member' }], 'u4'],
    memberships: [
      ['u1', 'a1'],
      ['u1', 'a1'], // repeated row: still one user
      ['u2', 'a1'],
      ['u1', 'a2'], // u1 is in two accounts and counts for both
      ['u3', 'a2'],
      ['u4', 'a3'],
    ],
  });
  const admin = custom('user', 'role', 'string', eq('Admin'));
  const q = (quantifier: 'any' | 'all' | 'no' | 'at-least' | 'at-most' | 'exactly', n?: number) =>
    members(
      [
        audience('x', 'account', {
          kind: 'quantified',
          quantifier,
          ...(n === undefined ? {} : { n }),
          body: admin,
        }),
      ],
      d,
    );

  it('any / all / no: all needs at least one user, no is true without users', () => {
    expect(q('any')).toEqual(['a1', 'a2']);
    expect(q('all')).toEqual(['a1']); // not a0 (no users); not a3 (u4 has no role)
    expect(q('no')).toEqual(['a0', 'a3']);
  });

  it('counting quantifiers count distinct users', () => {
    expect(q('at-least', 2)).toEqual(['a1']);
    expect(q('exactly', 1)).toEqual(['a2']);
    expect(q('at-most', 1)).toEqual(['a0', 'a2', 'a3']);
    expect(q('exactly', 0)).toEqual(['a0', 'a3']);
  });
});

describe('some-account and in-audience', () => {
  const d = data({
    accounts: [['a1', { plan: 'pro' }], ['a2', { plan: 'free', seats: 200 }], 'a3'],
    users: ['u1', 'u2', 'u3', 'u4'],
    memberships: [
      ['u1', 'a1'],
      ['u1', 'a2'],
      ['u2', 'a2'],
      ['u3', 'a3'],
    ],
  });
  const plan = (v: string) => custom('account', 'plan', 'string', eq(v));

  it('some-account is false with no accounts, and each atom may pick its own account', () => {
    const x = (c: Parameters<typeof and>[0]) => members([audience('x', 'user', c)], d);
    expect(x({ kind: 'some-account', condition: plan('pro') })).toEqual(['u1']);
    // account.plan != "pro": some account with a plan other than pro, or missing (a3); never u4.
    expect(x({ kind: 'some-account', condition: not(plan('pro')) })).toEqual(['u1', 'u2', 'u3']);
    expect(x(not({ kind: 'some-account', condition: plan('pro') }))).toEqual(['u2', 'u3', 'u4']);
    const seats = custom('account', 'seats', 'number', cmp0());
    expect(
      x(
        and(
          { kind: 'some-account', condition: plan('pro') },
          { kind: 'some-account', condition: seats },
        ),
      ),
    ).toEqual(['u1']);
    expect(x({ kind: 'some-account', condition: and(plan('pro'), seats) })).toEqual([]);
  });

  it('in-audience reads another audience on the same entity, defined before or after', () => {
    const r = evaluateReference(
      project([
        audience(
          'x',
          'user',
          and(
            { kind: 'in-audience', entity: 'user', audience: 'y' },
            not({ kind: 'some-account', condition: plan('free') }),
          ),
        ),
        audience('y', 'user', {
          kind: 'some-account',
          condition: { kind: 'constant', value: true },
        }),
        audience('z', 'user', {
          kind: 'some-account',
          condition: { kind: 'in-audience', entity: 'account', audience: 'pro' },
        }),
        audience('pro', 'account', plan('pro')),
      ]),
      d,
      NOW,
    );
    expect(r.audiences.y).toEqual(['u1', 'u2', 'u3']);
    expect(r.audiences.x).toEqual(['u3']);
    expect(r.audiences.z).toEqual(['u1']);
  });
});

describe('did counts', () => {
  it('did compares the count of matching events, so at-most includes users without events', () => {
    const d = data({
      users: ['u0', 'u1', 'u2'],
      events: [
        { user: 'u1', at: '2026-06-01T00:00:00Z' },
        { user: 'u2', at: '2026-06-01T00:00:00Z' },
        { user: 'u2', at: '2026-06-02T00:00:00Z' },
        { user: 'u2', at: '2026-06-02T00:00:00Z', event: 'Other' },
      ],
    });
    const x = (op: '>=' | '<=' | '=' | '>' | '<', n: number) =>
      members([audience('x', 'user', did(track('Logged In'), { op, n }))], d);
    expect(x('<=', 1)).toEqual(['u0', 'u1']);
    expect(x('=', 2)).toEqual(['u2']);
    expect(x('>', 1)).toEqual(['u2']);
    expect(x('<', 1)).toEqual(['u0']);
    expect(x('>=', 3)).toEqual([]);
  });
});
