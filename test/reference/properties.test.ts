/**
 * Properties the language implies for any data: results do not depend on the
 * order of rows (ties are broken by message id, never by position), repeated
 * membership rows change nothing, and `not` partitions the entities.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReferenceData } from '../../src/reference/data.js';
import { evaluateReference } from '../../src/reference/evaluate.js';
import {
  agg,
  audience,
  custom,
  did,
  eq,
  inline,
  NOW,
  not,
  project,
  prop,
  trait,
  track,
  within,
} from './build.js';

const FU = track('Feature Used');
const f = prop('f', 'string');
const definitions = [
  trait('first_f', 'user', agg('first', FU, { property: f })),
  trait('last_f', 'account', agg('last', FU, { property: f })),
  trait('top_f', 'account', agg('most_frequent', FU, { property: f })),
  trait('n', 'account', agg('count', FU, { window: within(10, 'day') })),
  trait('u', 'user', agg('unique', FU, { property: f })),
  audience('x', 'account', {
    kind: 'quantified',
    quantifier: 'at-least',
    n: 2,
    body: did(FU, { window: within(10, 'day'), perAccount: true }),
  }),
  audience('all', 'account', {
    kind: 'quantified',
    quantifier: 'all',
    body: custom('user', 'role', 'string', eq('A')),
  }),
  audience(
    'y',
    'user',
    inline('user', agg('count', FU), {
      kind: 'compare',
      op: '>=',
      value: { type: 'number', value: 2 },
    }),
  ),
  audience('not_y', 'user', not({ kind: 'in-audience', entity: 'user', audience: 'y' })),
];
const ir = project(definitions, 'group_context');

const ids = (prefix: string) => fc.constantFrom(...[1, 2, 3, 4].map((i) => `${prefix}${i}`));
const arbitraryData: fc.Arbitrary<ReferenceData> = fc.record({
  users: fc
    .uniqueArray(ids('u'), { maxLength: 4 })
    .map((us) => us.map((id, i) => ({ id, traits: i % 2 === 0 ? { role: 'A' } : {} }))),
  accounts: fc
    .uniqueArray(ids('a'), { maxLength: 4 })
    .map((as) => as.map((id) => ({ id, traits: {} }))),
  memberships: fc.array(fc.record({ user: ids('u'), account: ids('a') }), { maxLength: 8 }),
  events: fc.array(
    fc.record({
      source: fc.constant('tracks' as const),
      user: ids('u'),
      event: fc.constant('Feature Used'),
      // Few distinct instants, so timestamp ties are common; some after now.
      at: fc.constantFrom(
        '2026-06-20T00:00:00Z',
        '2026-06-25T00:00:00Z',
        '2026-06-30T00:00:00Z',
        '2026-07-01T00:00:00Z',
      ),
      messageId: fc.string({ minLength: 1, maxLength: 3 }),
      groupId: fc.option(ids('a'), { nil: undefined }),
      properties: fc.record({ f: fc.constantFrom('a', 'B', 'b', 'é') }, { requiredKeys: [] }),
    }),
    { maxLength: 12 },
  ),
});

function plain(d: ReferenceData) {
  const r = evaluateReference(ir, d, NOW);
  return {
    audiences: r.audiences,
    traits: Object.fromEntries(
      Object.entries(r.traits).map(([k, v]) => [k, Object.fromEntries(v)]),
    ),
  };
}

/** Distinct message ids: with equal (timestamp, id) pairs the order is genuinely undefined. */
function distinctIds(d: ReferenceData): ReferenceData {
  return { ...d, events: d.events.map((e, i) => ({ ...e, messageId: `${e.messageId}#${i}` })) };
}

describe('properties of the reference evaluator', () => {
  it('does not depend on the order of rows, and repeated memberships change nothing', () => {
    fc.assert(
      fc.property(arbitraryData, fc.nat(), (raw, seed) => {
        const d = distinctIds(raw);
        const rotate = <T>(xs: T[]) =>
          xs.length === 0 ? xs : [...xs.slice(seed % xs.length), ...xs.slice(0, seed % xs.length)];
        const shuffled: ReferenceData = {
          users: [...d.users].reverse(),
          accounts: rotate(d.accounts),
          memberships: [...rotate(d.memberships), ...d.memberships],
          events: rotate([...d.events].reverse()),
        };
        expect(plain(shuffled)).toEqual(plain(d));
      }),
      { numRuns: 200 },
    );
  });

  it('an audience and its negation partition the entities', () => {
    fc.assert(
      fc.property(arbitraryData, (d) => {
        const r = evaluateReference(ir, distinctIds(d), NOW);
        const all = [...(r.audiences.y ?? []), ...(r.audiences.not_y ?? [])].sort();
        expect(all).toEqual([...new Set(d.users.map((u) => u.id))].sort());
      }),
      { numRuns: 100 },
    );
  });
});
