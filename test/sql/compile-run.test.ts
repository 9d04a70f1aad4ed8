/**
 * Compile-and-run on real DuckDB and PostgreSQL: each case is a small data
 * set, hand-built IR and the result LANGUAGE.md prescribes (worked out by
 * hand in the comments).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IrDefinition } from '../../src/ir/ir.js';
import { compileProject } from '../../src/sql/compile-project.js';
import { getDialect } from '../../src/sql/dialects/index.js';
import { ENGINES, type TestEngine } from './support/engines.js';
import { loadFixture, runCompiled, type Fixture, type Results } from './support/fixtures.js';
import {
  agg,
  and,
  countUsers,
  audience,
  custom,
  defined,
  did,
  eq,
  inline,
  jsonSources,
  not,
  num,
  or,
  project,
  prop,
  propTest,
  SCHEMA,
  sqlTrait,
  track,
  trait,
  within,
} from './support/ir.js';

const NOW = '2026-06-30T00:00:00.000Z';

interface Case {
  name: string;
  fixture: Fixture;
  definitions: IrDefinition[];
  scope?: 'all_accounts' | 'group_context';
  expected: Partial<Results>;
}

/** Accounts a1–a5 (a5 without users), u1 in two accounts, logins tagged with groups. */
const GROUP_FIXTURE: Fixture = {
  accounts: [{ id: 'a1' }, { id: 'a2' }, { id: 'a3' }, { id: 'a4' }, { id: 'a5' }],
  users: [{ id: 'u1' }, { id: 'u2' }, { id: 'u3' }, { id: 'u4' }],
  memberships: [
    ['u1', 'a1'],
    ['u1', 'a2'],
    ['u3', 'a2'],
    ['u2', 'a3'],
    ['u4', 'a4'],
  ],
  tracks: [
    { user: 'u1', event: 'Logged In', at: '2026-06-20T10:00:00Z', group: 'a1' },
    { user: 'u1', event: 'Logged In', at: '2026-06-22T10:00:00Z', group: 'a1' },
    { user: 'u2', event: 'Logged In', at: '2026-06-21T10:00:00Z' },
    { user: 'u3', event: 'Logged In', at: '2026-05-01T10:00:00Z', group: 'a2' },
    { user: 'u4', event: 'Logged In', at: '2026-06-25T10:00:00Z', group: 'a4' },
    { user: 'u4', event: 'Logged In', at: '2026-06-26T10:00:00Z' },
  ],
};

const cases: Case[] = [
  {
    // §9 group_context: tagged events count only for their account; user audiences see all.
    name: 'group_context scope',
    scope: 'group_context',
    fixture: GROUP_FIXTURE,
    definitions: [
      audience('active', 'account', {
        kind: 'quantified',
        quantifier: 'any',
        body: did(track('Logged In'), { window: within(30, 'day'), perAccount: true }),
      }),
      trait('logins', 'account', agg('count', track('Logged In'))),
      audience('active_users', 'user', did(track('Logged In'), { window: within(30, 'day') })),
    ],
    // a1: u1's two a1-tagged logins; a2: u1's are tagged a1 (not a2), u3's is tagged a2 but
    // 60 days old → not active, logins 1; a3: u2 untagged → 1; a4: 2; a5: no users → 0.
    expected: {
      audiences: { active: ['a1', 'a3', 'a4'], active_users: ['u1', 'u2', 'u4'] },
      traits: { logins: { a1: 2, a2: 1, a3: 1, a4: 2, a5: 0 } },
    },
  },
  {
    // §12.4 under group_context: `count users C` scopes C like a quantifier body (§9).
    name: 'count users under group_context',
    scope: 'group_context',
    fixture: GROUP_FIXTURE,
    definitions: [
      trait('members', 'account', countUsers()),
      trait(
        'active_members',
        'account',
        countUsers(did(track('Logged In'), { window: within(30, 'day'), perAccount: true })),
      ),
      audience('crowded', 'account', defined('account', 'members', 'number', num('>=', 2))),
      audience(
        'one_active',
        'account',
        inline(
          'account',
          countUsers(did(track('Logged In'), { window: within(30, 'day'), perAccount: true })),
          num('=', 1),
        ),
      ),
    ],
    // members: a1 {u1}, a2 {u1, u3}, a3 {u2}, a4 {u4}, a5 none. Active for the account
    // within 30 days: a1 u1 (a1-tagged logins); a2 nobody (u1's are tagged a1, u3's a2 login
    // is 60 days old); a3 u2 (untagged); a4 u4; a5 no users → 0.
    expected: {
      audiences: { crowded: ['a2'], one_active: ['a1', 'a3', 'a4'] },
      traits: {
        members: { a1: 1, a2: 2, a3: 1, a4: 1, a5: 0 },
        active_members: { a1: 1, a2: 0, a3: 1, a4: 1, a5: 0 },
      },
    },
  },
  {
    // §12.4 with bodies that read other definitions (an audience), and a count read
    // from a user condition through `account.` (§4.5).
    name: 'count users of an audience, read from users',
    fixture: GROUP_FIXTURE,
    definitions: [
      audience('active_users', 'user', did(track('Logged In'), { window: within(30, 'day') })),
      trait(
        'active_members',
        'account',
        countUsers({ kind: 'in-audience', entity: 'user', audience: 'active_users' }),
        ['active_users'],
      ),
      trait('members', 'account', countUsers()),
      audience(
        'in_crowded_account',
        'user',
        {
          kind: 'some-account',
          condition: defined('account', 'members', 'number', num('>=', 2)),
        },
        ['members'],
      ),
      audience(
        'no_active',
        'account',
        inline(
          'account',
          countUsers({ kind: 'in-audience', entity: 'user', audience: 'active_users' }),
          num('=', 0),
        ),
        ['active_users'],
      ),
    ],
    // All accounts' events count: active users u1 (06-20), u2, u4; u3's login is 60 days old.
    // active_members: a1 {u1} 1, a2 {u1, u3} 1, a3 {u2} 1, a4 {u4} 1, a5 0.
    // members >= 2 only for a2, whose users are u1 and u3.
    expected: {
      audiences: {
        active_users: ['u1', 'u2', 'u4'],
        in_crowded_account: ['u1', 'u3'],
        no_active: ['a5'],
      },
      traits: {
        active_members: { a1: 1, a2: 1, a3: 1, a4: 1, a5: 0 },
        members: { a1: 1, a2: 2, a3: 1, a4: 1, a5: 0 },
      },
    },
  },
  {
    name: 'most_frequent with ties and min',
    fixture: {
      accounts: [{ id: 'a1' }, { id: 'a2' }, { id: 'a3' }],
      users: [{ id: 'u1' }, { id: 'u2' }, { id: 'u3' }, { id: 'u4' }],
      memberships: [
        ['u1', 'a1'],
        ['u2', 'a1'],
        ['u2', 'a2'],
        ['u3', 'a2'],
      ],
      tracks: [
        ...['export', 'export', 'export', 'import'].map((feature, i) => ({
          user: 'u1',
          event: 'Feature Used',
          at: `2026-06-0${i + 1}T10:00:00Z`,
          properties: { feature },
        })),
        ...['report', 'report', 'chart', 'chart'].map((feature, i) => ({
          user: 'u2',
          event: 'Feature Used',
          at: `2026-06-0${i + 1}T10:00:00Z`,
          properties: { feature },
        })),
        {
          user: 'u3',
          event: 'Feature Used',
          at: '2026-06-01T10:00:00Z',
          properties: { duration: 1 },
        },
        {
          user: 'u3',
          event: 'Feature Used',
          at: '2026-06-02T10:00:00Z',
          properties: { duration: 2 },
        },
        {
          user: 'u3',
          event: 'Feature Used',
          at: '2026-06-04T10:00:00Z',
          properties: { feature: 'search' },
        },
        { user: 'u4', event: 'Logged In', at: '2026-06-04T10:00:00Z' },
      ],
    },
    definitions: [
      trait(
        'top_feature',
        'user',
        agg('most_frequent', track('Feature Used'), { property: prop('feature') }),
      ),
      trait(
        'top_feature_min3',
        'user',
        agg('most_frequent', track('Feature Used'), { property: prop('feature'), minCount: 3 }),
      ),
      trait(
        'account_top_feature',
        'account',
        agg('most_frequent', track('Feature Used'), { property: prop('feature') }),
      ),
    ],
    // u2 ties report/chart 2–2 → chart (smaller). a1 = u1+u2: export 3; a2 = u2+u3: chart 2 = report 2 → chart.
    expected: {
      traits: {
        top_feature: { u1: 'export', u2: 'chart', u3: 'search' },
        top_feature_min3: { u1: 'export' },
        account_top_feature: { a1: 'export', a2: 'chart' },
      },
    },
  },
  {
    name: 'count/sum/avg/min/max/first/last/unique/count_unique',
    fixture: {
      accounts: [{ id: 'a1' }, { id: 'a2' }],
      users: [{ id: 'u1' }, { id: 'u2' }, { id: 'u3' }],
      memberships: [
        ['u1', 'a1'],
        ['u2', 'a1'],
      ],
      tracks: [
        {
          user: 'u1',
          event: 'Order Completed',
          at: '2026-06-01T00:00:00Z',
          properties: { revenue: 10, currency: 'USD' },
          id: 'b',
        },
        {
          user: 'u1',
          event: 'Order Completed',
          at: '2026-06-01T00:00:00Z',
          properties: { revenue: 30, currency: 'EUR' },
          id: 'a',
        },
        {
          user: 'u2',
          event: 'Order Completed',
          at: '2026-06-10T00:00:00Z',
          properties: { revenue: '5', currency: 'usd' },
        },
        {
          user: 'u2',
          event: 'Order Completed',
          at: '2026-06-12T00:00:00Z',
          properties: { revenue: 2.5 },
        },
        {
          user: 'u2',
          event: 'Order Completed',
          at: '2026-07-12T00:00:00Z',
          properties: { revenue: 1000, currency: 'ZZZ' },
        },
        { user: 'u3', event: 'Logged In', at: '2026-06-12T00:00:00Z' },
      ],
    },
    definitions: [
      trait('orders', 'user', agg('count', track('Order Completed'))),
      trait(
        'revenue',
        'user',
        agg('sum', track('Order Completed'), { property: prop('revenue', 'number') }),
      ),
      trait(
        'avg_revenue',
        'account',
        agg('avg', track('Order Completed'), { property: prop('revenue', 'number') }),
      ),
      trait(
        'min_revenue',
        'user',
        agg('min', track('Order Completed'), { property: prop('revenue', 'number') }),
      ),
      trait(
        'max_revenue',
        'account',
        agg('max', track('Order Completed'), { property: prop('revenue', 'number') }),
      ),
      trait(
        'first_currency',
        'user',
        agg('first', track('Order Completed'), { property: prop('currency') }),
      ),
      trait(
        'last_currency',
        'account',
        agg('last', track('Order Completed'), { property: prop('currency') }),
      ),
      trait('last_order', 'user', agg('last', track('Order Completed'))),
      trait(
        'currencies',
        'account',
        agg('unique', track('Order Completed'), { property: prop('currency') }),
      ),
      trait(
        'currency_count',
        'user',
        agg('count_unique', track('Order Completed'), { property: prop('currency') }),
      ),
    ],
    // u1's two orders tie on time: message id "a" (EUR) comes first. u2's "5" is a string → missing
    // as a number; the July order is after now. a1 = u1+u2: revenue values 10, 30, 2.5 → avg 14.1666…
    expected: {
      traits: {
        orders: { u1: 2, u2: 2, u3: 0 },
        revenue: { u1: 40, u2: 2.5, u3: 0 },
        avg_revenue: { a1: 42.5 / 3 },
        min_revenue: { u1: 10, u2: 2.5 },
        max_revenue: { a1: 30 },
        first_currency: { u1: 'EUR', u2: 'usd' },
        last_currency: { a1: 'usd' },
        last_order: { u1: '2026-06-01T00:00:00.000Z', u2: '2026-06-12T00:00:00.000Z' },
        currencies: { a1: ['EUR', 'USD', 'usd'], a2: [] },
        currency_count: { u1: 2, u2: 1, u3: 0 },
      },
    },
  },
  {
    name: 'two-valued logic, quantifiers, passthrough and audience references',
    fixture: {
      accounts: [
        { id: 'a1', plan: 'pro', seats: 10, tags: ['b', 'a'] },
        { id: 'a2', plan: null, seats: 3, tags: [] },
        { id: 'a3', plan: 'free' },
      ],
      users: [
        { id: 'u1', role: 'Admin' },
        { id: 'u2', role: 'Member' },
        { id: 'u3' },
        { id: 'u4', role: 'Admin' },
      ],
      memberships: [
        ['u1', 'a1'],
        ['u2', 'a1'],
        ['u3', 'a2'],
        ['u4', 'a2'],
        ['u9', 'a1'],
      ],
      tracks: [{ user: 'u2', event: 'Logged In', at: '2026-06-29T00:00:00Z' }],
    },
    definitions: [
      audience('not_pro', 'account', not(custom('account', 'plan', eq('pro')))),
      audience('pro', 'account', custom('account', 'plan', eq('pro'))),
      audience('all_admins', 'account', {
        kind: 'quantified',
        quantifier: 'all',
        body: custom('user', 'role', eq('Admin')),
      }),
      audience('no_admin', 'account', {
        kind: 'quantified',
        quantifier: 'no',
        body: custom('user', 'role', eq('Admin')),
      }),
      audience('two_users', 'account', {
        kind: 'quantified',
        quantifier: 'exactly',
        n: 2,
        body: { kind: 'constant', value: true },
      }),
      audience('non_admin_present', 'account', {
        kind: 'quantified',
        quantifier: 'at-least',
        n: 1,
        body: not(custom('user', 'role', eq('Admin'))),
      }),
      audience(
        'in_pro',
        'user',
        {
          kind: 'some-account',
          condition: { kind: 'in-audience', entity: 'account', audience: 'pro' },
        },
        ['pro'],
      ),
      audience('plan_not_pro', 'user', {
        kind: 'some-account',
        condition: not(custom('account', 'plan', eq('pro'))),
      }),
      audience(
        'tagged_a',
        'account',
        custom('account', 'tags', { kind: 'list-contains', mode: 'any', values: ['a'] }),
      ),
      audience('tags_set', 'account', custom('account', 'tags', { kind: 'is-set' })),
      audience(
        'quiet_pro',
        'account',
        and(
          { kind: 'in-audience', entity: 'account', audience: 'pro' },
          inline('account', agg('count', track('Logged In')), num('<', 1)),
        ),
        ['pro'],
      ),
      audience(
        'either',
        'user',
        or(custom('user', 'role', eq('Member')), not(custom('user', 'role', { kind: 'is-set' }))),
      ),
    ],
    // plan missing on a2/a3? a3 is 'free', a2 null: not_pro = a2, a3. all_admins: a1 has Member → no;
    // a2 has u3 (role missing → false) → no; a3 has no users → no. no_admin: a3 (no users) only.
    // u9 is not a user, so a1 has exactly 2 users. quiet_pro: a1 has one login → no.
    expected: {
      audiences: {
        not_pro: ['a2', 'a3'],
        pro: ['a1'],
        all_admins: [],
        no_admin: ['a3'],
        two_users: ['a1', 'a2'],
        non_admin_present: ['a1', 'a2'],
        in_pro: ['u1', 'u2'],
        plan_not_pro: ['u3', 'u4'],
        tagged_a: ['a1'],
        tags_set: ['a1', 'a2'],
        quiet_pro: [],
        either: ['u2', 'u3'],
      },
    },
  },
  {
    name: 'did filters, counts and windows',
    fixture: {
      accounts: [],
      users: [{ id: 'u1' }, { id: 'u2' }, { id: 'u3' }],
      tracks: [
        {
          user: 'u1',
          event: 'Order Completed',
          at: '2026-06-29T23:59:59Z',
          properties: { currency: 'USD', revenue: 100 },
        },
        {
          user: 'u1',
          event: 'Order Completed',
          at: '2026-05-31T00:00:00Z',
          properties: { currency: 'USD', revenue: 500 },
        },
        {
          user: 'u2',
          event: 'Order Completed',
          at: '2026-05-31T00:00:01Z',
          properties: { currency: 'EUR', revenue: 100 },
        },
        {
          user: 'u2',
          event: 'Order Completed',
          at: '2026-06-30T00:00:00Z',
          properties: { currency: 'USD', revenue: 99 },
        },
        {
          user: 'u3',
          event: 'Order Completed',
          at: '2026-06-30T00:00:01Z',
          properties: { currency: 'USD', revenue: 100 },
        },
      ],
    },
    definitions: [
      audience(
        'usd_big',
        'user',
        did(track('Order Completed'), {
          window: within(30, 'day'),
          filter: {
            kind: 'and',
            operands: [
              propTest(prop('currency'), eq('USD')),
              propTest(prop('revenue', 'number'), num('>=', 100)),
            ],
          },
        }),
      ),
      audience('in_window', 'user', did(track('Order Completed'), { window: within(30, 'day') })),
      audience(
        'never_not_usd',
        'user',
        not(
          did(track('Order Completed'), {
            filter: { kind: 'not', operand: propTest(prop('currency'), eq('USD')) },
          }),
        ),
      ),
      audience('exactly_two', 'user', did(track('Order Completed'), { op: '=', n: 2 })),
    ],
    // 30 days before now = 2026-05-31T00:00:00Z, excluded; now itself included; after now ignored.
    expected: {
      audiences: {
        usd_big: ['u1'],
        in_window: ['u1', 'u2'],
        never_not_usd: ['u1', 'u3'],
        exactly_two: ['u1', 'u2'],
      },
    },
  },
  {
    name: 'SQL traits',
    fixture: {
      accounts: [{ id: 'acme' }, { id: 'globex' }],
      users: [{ id: 'jane' }, { id: 'john' }, { id: 'lee' }],
      memberships: [
        ['jane', 'acme'],
        ['john', 'acme'],
      ],
      tracks: [
        { user: 'jane', event: 'Logged In', at: '2026-06-20T10:00:00Z' },
        { user: 'john', event: 'Logged In', at: '2026-07-02T10:00:00Z' },
      ],
    },
    definitions: [
      {
        kind: 'sql-trait',
        name: 'events_total',
        entity: 'user',
        type: 'number',
        sql: [
          { kind: 'text', text: 'select e.user_id as id, count(*) as value from ' },
          { kind: 'placeholder', name: 'tracks' },
          { kind: 'text', text: ' e where e.timestamp <= ' },
          { kind: 'placeholder', name: 'now' },
          { kind: 'text', text: ' group by 1 -- trailing comment;\n' },
        ],
        dependsOn: [],
      },
      audience('chatty', 'user', defined('user', 'events_total', 'number', num('>=', 1)), [
        'events_total',
      ]),
      audience('quiet', 'user', not(defined('user', 'events_total', 'number', num('>=', 1))), [
        'events_total',
      ]),
    ],
    expected: {
      audiences: { chatty: ['jane'], quiet: ['john', 'lee'] },
      traits: { events_total: { jane: 1 } },
    },
  },
  {
    // The user's text is kept verbatim: a string literal spanning lines keeps its
    // lines as written (nothing re-indents them, in setup or in standalone SQL).
    name: 'SQL trait with a string literal spanning lines',
    fixture: { users: [{ id: 'jane' }] },
    definitions: [
      sqlTrait(
        'note',
        'user',
        'string',
        "select u.id, 'first line\nsecond line\n\n  indented' as value from {{ users }} u",
      ),
    ],
    expected: { traits: { note: { jane: 'first line\nsecond line\n\n  indented' } } },
  },
];

// Knex reads `\?` in SQL text as an escaped `?` placeholder and drops the backslash, even
// with no bindings: a literal holding a backslash before a question mark must keep it.
cases.push({
  name: 'a backslash before a question mark in a string literal',
  fixture: {
    accounts: [
      { id: 'a1', plan: 'pro\\?' },
      { id: 'a2', plan: 'pro?' },
      { id: 'a3', plan: 'pro\\\\?' },
    ],
    users: [{ id: 'u1' }, { id: 'u2' }],
    memberships: [],
    tracks: [
      {
        user: 'u1',
        event: 'Feature Used',
        at: '2026-06-20T10:00:00Z',
        properties: { feature: 'why\\?' },
      },
      {
        user: 'u2',
        event: 'Feature Used',
        at: '2026-06-20T10:00:00Z',
        properties: { feature: 'why?' },
      },
    ],
  },
  definitions: [
    audience('pro_backslash', 'account', custom('account', 'plan', eq('pro\\?'))),
    audience(
      'asked_backslash',
      'user',
      did(track('Feature Used'), { filter: propTest(prop('feature'), eq('why\\?')) }),
    ),
  ],
  // a1's plan is `pro\?` (one backslash), a2's `pro?`, a3's `pro\\?` (two); u1 used `why\?`.
  expected: { audiences: { pro_backslash: ['a1'], asked_backslash: ['u1'] } },
});

// Names longer than PostgreSQL's 63-byte identifiers, sharing their first 50
// characters: truncated, `roster_audience_<name>`, `roster_values_t_<name>` and
// the property columns `p_<name>_<type>` would fall into one another.
const LONG = 'users_who_have_been_active_in_the_product_recently'; // 50 characters
const LONG_PROPERTY = `${LONG}_property_name`;
cases.push({
  name: 'names past the identifier limit, sharing a long prefix',
  fixture: {
    users: [{ id: 'u1' }, { id: 'u2' }, { id: 'u3' }],
    tracks: [
      { user: 'u1', event: 'Logged In', at: '2026-06-20T10:00:00Z' },
      { user: 'u2', event: 'Logged In', at: '2026-05-01T10:00:00Z' },
      ...['export', 'import', 'export'].map((feature, i) => ({
        user: 'u1',
        event: 'Feature Used',
        at: `2026-06-0${i + 1}T10:00:00Z`,
        properties: { feature },
      })),
      {
        user: 'u2',
        event: 'Feature Used',
        at: '2026-06-05T10:00:00Z',
        properties: { feature: 'chart' },
      },
      {
        user: 'u1',
        event: 'Order Completed',
        at: '2026-06-06T10:00:00Z',
        properties: { [LONG_PROPERTY]: 5 },
      },
      {
        user: 'u1',
        event: 'Order Completed',
        at: '2026-06-07T10:00:00Z',
        properties: { [LONG_PROPERTY]: '7' },
      },
    ],
  },
  definitions: [
    audience(
      `${LONG}_and_still_here`,
      'user',
      did(track('Logged In'), { window: within(30, 'day') }),
    ),
    audience(
      `${LONG}_and_gone_quiet`,
      'user',
      not(did(track('Logged In'), { window: within(30, 'day') })),
    ),
    audience(
      `${LONG}_and_still_here_too`,
      'user',
      { kind: 'in-audience', entity: 'user', audience: `${LONG}_and_still_here` },
      [`${LONG}_and_still_here`],
    ),
    trait(`${LONG}_feature_uses`, 'user', agg('count', track('Feature Used'))),
    trait(
      `${LONG}_distinct_features`,
      'user',
      agg('count_unique', track('Feature Used'), { property: prop('feature') }),
    ),
    trait(
      `${LONG}_features`,
      'user',
      agg('unique', track('Feature Used'), { property: prop('feature') }),
    ),
    // One property read as a number and as a string: two stage columns `p_<name>_number|string`.
    trait(
      `${LONG}_order_total`,
      'user',
      agg('sum', track('Order Completed'), { property: prop(LONG_PROPERTY, 'number') }),
    ),
    trait(
      `${LONG}_order_text`,
      'user',
      agg('max', track('Order Completed'), { property: prop(LONG_PROPERTY, 'string') }),
    ),
  ],
  // u1 logged in 10 days before now, u2 60 days before, u3 never. Feature Used: u1 export,
  // import, export (3 uses, 2 distinct); u2 chart. The property is the number 5 on one order
  // and the string "7" on the other: as a number only 5 reads, as a string only "7".
  expected: {
    audiences: {
      [`${LONG}_and_still_here`]: ['u1'],
      [`${LONG}_and_gone_quiet`]: ['u2', 'u3'],
      [`${LONG}_and_still_here_too`]: ['u1'],
    },
    traits: {
      [`${LONG}_feature_uses`]: { u1: 3, u2: 1, u3: 0 },
      [`${LONG}_distinct_features`]: { u1: 2, u2: 1, u3: 0 },
      [`${LONG}_features`]: { u1: ['export', 'import'], u2: ['chart'], u3: [] },
      [`${LONG}_order_total`]: { u1: 5, u2: 0, u3: 0 },
      [`${LONG}_order_text`]: { u1: '7' },
    },
  },
});

describe.each(ENGINES)('compile and run on $name', ({ name, open }) => {
  const dialect = getDialect(name);
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await open('compile_run');
  });
  afterAll(async () => {
    await engine.close();
  });

  it.each(cases)('$name', async (c) => {
    await loadFixture(engine, dialect, SCHEMA, c.fixture);
    const compiled = compileProject(project(c.definitions, c.scope), {
      dialect: name,
      now: NOW,
      sources: jsonSources(),
    });
    const results = await runCompiled(engine, compiled);
    if (c.expected.audiences) expect(results.audiences).toEqual(c.expected.audiences);
    for (const [traitName, values] of Object.entries(c.expected.traits ?? {})) {
      const actual = results.traits[traitName] ?? {};
      expect(Object.keys(actual).sort(), traitName).toEqual(Object.keys(values).sort());
      for (const [id, value] of Object.entries(values)) {
        if (typeof value === 'number')
          expect(actual[id], `${traitName}.${id}`).toBeCloseTo(value, 9);
        else expect(actual[id], `${traitName}.${id}`).toEqual(value);
      }
    }
  });
});
