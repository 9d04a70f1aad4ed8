/**
 * Seeded random sequence cases (LANGUAGE.md §12.2) for test/sql/sequences.test.ts:
 * 2 to 4 steps over three events, every kind of first-step window, gaps in
 * minutes and hours, filters, ties on timestamp broken by message ids (and
 * events without one), events after now, and a quantified sequence (run
 * under `group_context` in some cases). Each audience comes with its negation (TLP).
 */
import type { TestData, TrackFixture } from '../../src/project/test-case.js';
import { NO_RANGE } from '../differential/data-arbitrary.js';
import type { DiffCase } from '../differential/harness.js';
import { NOW } from '../differential/pools.js';

const NOW_MS = Date.parse(NOW);
const HALF_HOUR = 30 * 60_000;

/** mulberry32: a small seeded generator, so every run draws the same cases. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sequenceCase(seed: number): DiffCase {
  const r = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const events = ['Logged In', 'Feature Used', 'NPS Submitted'] as const;
  const step = (): string => {
    const event = pick(events);
    const filter =
      event === 'Feature Used' && r() < 0.4
        ? pick([' where feature = "sso"', ' where duration > 30', ' where not feature = "api"'])
        : event === 'NPS Submitted' && r() < 0.3
          ? ' where score >= 7'
          : '';
    return `"${event}"${filter}`;
  };
  const firstWindow = (): string => {
    const near = int(0, 30);
    return pick([
      '',
      ` within ${int(6, 60)} hours`,
      ` between ${near} and ${near + int(4, 40)} hours ago`,
      ` before ${int(1, 48)} hours ago`,
      ' after "2026-06-28T12:00:00Z"',
      ' between "2026-06-28" and "2026-06-29"',
      ` within ${int(1, 3)} days`,
    ]);
  };
  const gap = (): string =>
    pick(['', ` within ${pick([30, 60, 90])} minutes`, ` within ${int(1, 12)} hours`]);
  const sequence = (): string => {
    const steps = [`${step()}${firstWindow()}`];
    for (let i = pick([1, 1, 2, 3]); i > 0; i--) steps.push(`${step()}${gap()}`);
    return `did ${steps.join(' then ')}`;
  };
  const scope = r() < 0.3 ? 'group_context' : 'all_accounts';
  const lines: string[] = [];
  const partitions: DiffCase['partitions'] = [];
  for (let i = 1; i <= 3; i++) {
    const body = sequence();
    lines.push(
      `audience s${i} = user where ${body}`,
      `audience s${i}_not = user where not (${body})`,
    );
    partitions.push({ name: `s${i}`, entity: 'user' });
  }
  const quantified = sequence();
  lines.push(
    `audience q = account where any user ${quantified}`,
    `audience q_not = account where not (any user ${quantified})`,
  );
  partitions.push({ name: 'q', entity: 'account' });

  const users = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
  const accounts = ['a1', 'a2', 'a3'];
  const memberships = users.flatMap((user) =>
    accounts.filter(() => r() < 0.45).map((account) => ({ user, account, range: NO_RANGE })),
  );
  const tracks: TrackFixture[] = [];
  let id = 0;
  // Two events of a user tied on timestamp with no message id either are
  // unordered (LANGUAGE.md §5): no case may depend on them, so there are none.
  const idless = new Set<string>();
  for (const user of users) {
    for (let n = int(0, 30); n > 0; n--) {
      const event = pick(events);
      // On a half-hour grid over 2 days (ties and exact gaps), a few after now.
      const at = new Date(NOW_MS - int(-3, 96) * HALF_HOUR).toISOString();
      const properties: Record<string, unknown> =
        event === 'Feature Used'
          ? { feature: pick(['sso', 'api', 'export']), duration: int(0, 60) }
          : event === 'NPS Submitted'
            ? { score: int(0, 10) }
            : {};
      id++;
      // Ids whose code-point order is not their numeric order (m-10 < m-9), some missing.
      const missing = r() < 0.1 && !idless.has(`${user} ${at}`);
      if (missing) idless.add(`${user} ${at}`);
      const messageId = missing ? '' : `m-${pick(['', 'x', 'X'])}${id}`;
      const groupId = r() < 0.3 ? pick(accounts) : undefined;
      tracks.push({
        kind: 'track',
        user,
        event,
        at,
        properties,
        messageId,
        ...(groupId ? { groupId } : {}),
        range: NO_RANGE,
      });
    }
  }
  const data: TestData = {
    accounts: accounts.map((a) => ({ id: a, traits: {}, range: NO_RANGE })),
    users: users.map((u) => ({ id: u, traits: {}, range: NO_RANGE })),
    memberships,
    tracks,
    pages: [],
    screens: [],
  };
  return { program: lines.join('\n'), data, scope, partitions };
}
