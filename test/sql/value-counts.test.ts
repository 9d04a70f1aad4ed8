/**
 * Per-value features (`most_frequent`, `unique`, `count_unique`) next to
 * scalar features of the same events, through the compiled SQL on DuckDB and
 * PostgreSQL against the reference evaluator. On DuckDB the counts of a
 * string's values are then an aggregate of the event's partials
 * (`Dialect.valueHistogram`) instead of a scan of their own, which no
 * conformance case exercises: seeded random cases here, with values that
 * differ only in case, trailing blanks, Unicode normalisation or emoji, the
 * empty string, numbers where a string is expected, missing properties,
 * numbers whose text must read back exactly (fractions, 1e21, 5e-324),
 * windows, filters, `min N`, both entities, page events, and (every third
 * case) `events.scope: group_context` with tagged events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageFixture, TestData, TrackFixture } from '../../src/project/test-case.js';
import type { Project } from '../../src/project/types.js';
import { compileProject } from '../../src/sql/compile-project.js';
import {
  checkCase,
  loadDifferentialProject,
  openSession,
  runCase,
} from '../differential/harness.js';
import type { DiffCase, EngineName, Session } from '../differential/harness.js';
import { NO_RANGE } from '../differential/data-arbitrary.js';
import { NOW } from '../differential/pools.js';
import { seededRandom } from '../support/seeded-random.js';

const CASES = 12;
const NOW_MS = Date.parse(NOW);
const HOUR = 3_600_000;

const FEATURES: unknown[] = ['sso', 'SSO', 'sso ', '', 'é', 'e\u0301', '😀', 'api', 1, '1', null];
/** Numbers whose text must read back exactly (DuckDB counts a number's values by its text). */
const DURATIONS: unknown[] = [
  0,
  1.5,
  -2,
  1e21,
  0.1 + 0.2,
  0.3,
  123456789.123,
  5e-324,
  -1e-7,
  '3',
  true,
  null,
];
const PATHS = ['/pricing', '/Pricing', '/pricing ', '/', '/docs'];

function valueCase(seed: number): DiffCase {
  const r = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const window = (): string => pick(['', ' within 2 days', ` within ${int(6, 72)} hours`]);
  const filter = (): string => pick(['', ' where duration > 20', ' where not feature = "api"']);
  const used = window();
  // One (filter, window) for every per-value feature of a property: one count, which DuckDB folds.
  const counted = `${filter()}${window()}`;
  const levels = window();
  const lines = [
    // Scalar features of Feature Used and of another event: per-event partials for both.
    `trait uses = user count "Feature Used"${window()}`,
    `trait last_feature = user last "Feature Used".feature`,
    `trait logins = user count "Logged In"`,
    `trait top = user most_frequent "Feature Used".feature${counted}`,
    `trait top_min = user most_frequent "Feature Used".feature${counted} min ${int(2, 3)}`,
    `trait account_top = account most_frequent "Feature Used".feature${counted}`,
    `trait seen = user unique "Feature Used".feature${counted}`,
    `trait account_seen = account count_unique "Feature Used".feature${counted}`,
    `trait top_duration = user most_frequent "Feature Used".duration${levels}`,
    `trait account_durations = account count_unique "Feature Used".duration${levels}`,
    `trait pages_seen = user count page${window()}`,
    `trait top_path = user most_frequent page.path${window()}`,
    `audience used = user where did "Feature Used"${used}`,
    `audience used_not = user where not (did "Feature Used"${used})`,
  ];
  const users = ['u1', 'u2', 'u3', 'u4', 'u5'];
  const accounts = ['a1', 'a2'];
  const memberships = users.flatMap((user) =>
    accounts.filter(() => r() < 0.6).map((account) => ({ user, account, range: NO_RANGE })),
  );
  const tracks: TrackFixture[] = [];
  const pages: PageFixture[] = [];
  let id = 0;
  for (const user of users) {
    for (let n = int(0, 25); n > 0; n--) {
      const event = pick(['Feature Used', 'Feature Used', 'Logged In']);
      const at = new Date(NOW_MS - int(-2, 100) * HOUR).toISOString();
      const feature = pick(FEATURES);
      const duration = r() < 0.5 ? int(0, 40) : pick(DURATIONS);
      const properties: Record<string, unknown> =
        event === 'Feature Used'
          ? {
              ...(feature === null ? {} : { feature }),
              ...(duration === null ? {} : { duration }),
            }
          : {};
      tracks.push({
        kind: 'track',
        user,
        event,
        at,
        properties,
        messageId: `m-${++id}`,
        // Under group_context an event tagged with an account counts only there (§9).
        ...(r() < 0.3 ? { groupId: pick(accounts) } : {}),
        range: NO_RANGE,
      });
    }
    for (let n = int(0, 8); n > 0; n--) {
      pages.push({
        kind: 'page',
        user,
        at: new Date(NOW_MS - int(0, 100) * HOUR).toISOString(),
        properties: { path: pick(PATHS) },
        messageId: `p-${++id}`,
        range: NO_RANGE,
      });
    }
  }
  const data: TestData = {
    accounts: accounts.map((a) => ({ id: a, traits: {}, range: NO_RANGE })),
    users: users.map((u) => ({ id: u, traits: {}, range: NO_RANGE })),
    memberships,
    tracks,
    pages,
    screens: [],
  };
  return {
    program: lines.join('\n'),
    data,
    scope: seed % 3 === 0 ? 'group_context' : 'all_accounts',
    partitions: [{ name: 'used', entity: 'user' }],
  };
}

function valueSuite(engine: EngineName): void {
  let project: Project;
  let session: Session;
  beforeAll(async () => {
    project = await loadDifferentialProject();
    session = await openSession(engine);
  });
  afterAll(async () => {
    await session?.close();
  });

  it(`${CASES} random programs of per-value features agree with the reference evaluator on ${engine}`, async () => {
    let compared = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const c = valueCase(seed);
      const outcome = await runCase(project, session, c);
      if (outcome.status === 'rejected') {
        throw new Error(
          `seed ${seed}: the checker refused\n${c.program}\n${outcome.diagnostics.map((d) => d.message).join('\n')}`,
        );
      }
      expect(
        outcome.status === 'failed' ? outcome.problems : [],
        `seed ${seed}\n${c.program}`,
      ).toEqual([]);
      if (outcome.status === 'passed') compared += outcome.partitions;
    }
    expect(compared).toBe(CASES);
  }, 300_000);
}

describe('per-value features beside scalar features of the same events, against the reference evaluator', () => {
  it('on DuckDB, the values of Feature Used and of pages are counted in their partials', async () => {
    const project = await loadDifferentialProject();
    const { ir } = checkCase(project, valueCase(1));
    if (!ir) throw new Error('the checker refused the case');
    const compiled = compileProject(ir, {
      dialect: 'duckdb',
      now: NOW,
      sources: project.config.sources,
    });
    const values = compiled.setup.filter((s) => /TEMPORARY TABLE "roster_values_/.test(s));
    expect(values.length).toBeGreaterThan(0);
    for (const statement of values) {
      expect(statement).toMatch(/from "roster_partials_/);
      expect(statement).not.toMatch(/roster_stage_/);
    }
  });
  describe('DuckDB', () => valueSuite('duckdb'));
  describe('PostgreSQL', () => valueSuite('postgres'));
});
