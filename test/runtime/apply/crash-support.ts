/**
 * What the SIGKILL tests of apply share (crash.test.ts for a file
 * destination, http-crash.test.ts over HTTP): the seeded two-day dataset,
 * the apply arguments, running a killed holder's lease out, and reading the
 * delivered state back for comparison with an uncrashed reference run.
 */
import { expect } from 'vitest';
import { roster } from './cli.js';
import type { Data } from './project.js';
import { openStateForTest } from './state-access.js';
import { seededRandom } from '../../support/seeded-random.js';

/** Small deterministic PRNG (mulberry32), so each seed replays the same run. */
export const rng = seededRandom;

export function dataset(seed: number, day: 'a' | 'b'): Data {
  const r = rng(seed);
  const accounts = Array.from({ length: 10 }, (_, i) => ({
    id: `a${i}`,
    plan: r() < 0.5 ? 'pro' : 'free',
  }));
  const users = Array.from({ length: 24 }, (_, i) => ({
    id: `u${i}`,
    role: r() < 0.4 ? 'Admin' : 'Member',
  }));
  const memberships = users.flatMap((u, i) => {
    const first = { user_id: u.id, account_id: `a${i % 10}` };
    return r() < 0.3 ? [first, { user_id: u.id, account_id: `a${(i * 7 + 3) % 10}` }] : [first];
  });
  const tracks = users.flatMap((u) =>
    r() < 0.5
      ? [
          {
            user_id: u.id,
            event: 'Logged In',
            timestamp: `2026-06-${String(20 + Math.floor(r() * 10)).padStart(2, '0')}T10:00:00Z`,
          },
        ]
      : [],
  );
  if (day === 'a') return { accounts, users, memberships, tracks };
  const r2 = rng(seed * 31 + 7);
  return {
    accounts,
    users: users.map((u) =>
      r2() < 0.3 ? { ...u, role: u.role === 'Admin' ? 'Member' : 'Admin' } : u,
    ),
    memberships: memberships.filter(() => r2() > 0.2),
    tracks: [
      ...tracks,
      ...users
        .filter(() => r2() < 0.3)
        .map((u) => ({ user_id: u.id, event: 'Logged In', timestamp: '2026-07-02T08:00:00Z' })),
    ],
  };
}

export const NOWS = { a: '2026-06-30T00:00:00Z', b: '2026-07-04T00:00:00Z' } as const;
export const APPLY = (now: string): string[] => [
  'apply',
  '--now',
  now,
  '--auto-approve',
  '--allow-mass-exit',
];

export interface Killed {
  how: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export async function expireLease(root: string): Promise<void> {
  await openStateForTest(root, async (exec) => {
    await exec(
      "UPDATE {apply_lock} SET expires_at = CAST('2000-01-01T00:00:00Z' AS TIMESTAMPTZ) WHERE run_id IS NOT NULL",
    ).catch((caught: unknown) => {
      // Killed before the state tables existed: there is no lock to expire.
      if (!/does not exist/i.test(String(caught))) throw caught;
    });
  });
}

export async function deliveredState(root: string): Promise<string[]> {
  let rows: string[] = [];
  await openStateForTest(root, async (_exec, query) => {
    rows = (await query('SELECT sync, call, member_id, present, value, seq FROM {delivered}')).map(
      (r) => JSON.stringify([r.sync, r.call, r.member_id, r.present, r.value, Number(r.seq)]),
    );
  });
  return rows.sort();
}

/** After the recovery apply: the fault-free reference run's delivered state, and nothing left to plan. */
export async function expectRecovered(
  crashed: string,
  reference: string,
  now: string,
): Promise<void> {
  expect(await deliveredState(crashed)).toEqual(await deliveredState(reference));
  const plan = await roster(crashed, 'plan', '--now', now, '--detailed-exitcode');
  expect(plan.code, plan.out).toBe(0);
}

export function byId(
  calls: ReadonlyArray<Record<string, unknown>>,
): Map<string, Record<string, unknown>> {
  return new Map(calls.map((c) => [String(c.messageId), c]));
}
