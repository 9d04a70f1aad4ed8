/**
 * The guards' decisions on measured numbers (guards.ts), and which audiences
 * count as defined by the absence of events. Expected values are worked out
 * by hand from the thresholds and from LANGUAGE.md §4–5 (what a condition
 * means when an event source has no rows).
 */
import { describe, expect, it } from 'vitest';
import type { IrProject } from '../../../src/ir/ir.js';
import {
  absenceAudiences,
  checkGuards,
  describeViolation,
} from '../../../src/runtime/plan/guards.js';
import type {
  ChannelMeasure,
  GuardMeasures,
  GuardSettings,
} from '../../../src/runtime/plan/guards.js';
import { check } from '../../check/fixtures.js';

function ir(src: string): IrProject {
  const result = check(src);
  expect(result.diagnostics).toEqual([]);
  return result.ir!;
}

const EMPTY_IR = ir('audience x = account where plan = "pro"');

function channel(over: Partial<ChannelMeasure>): ChannelMeasure {
  return {
    sync: 'x->crm',
    call: 'identify',
    source: 'x',
    sourceKind: 'audience',
    before: 100,
    entered: 0,
    exited: 0,
    changed: 0,
    removed: 0,
    ...over,
  };
}

function measures(over: Partial<GuardMeasures>): GuardMeasures {
  return { channels: [], sizes: {}, history: [], sources: [], previousSources: [], ...over };
}

const DEFAULTS: GuardSettings = { massExit: 0.2, sourceShrink: 0.5 };

describe('absence audiences', () => {
  it('are those an emptied event source can make members join', () => {
    const project = ir(
      [
        'audience dormant = user where not did "Logged In" within 7 days',
        'audience never = user where did "Logged In" exactly 0 times within 7 days',
        'audience rare = user where did "Logged In" fewer than 3 times within 7 days',
        'audience low = account where count "Logged In" within 30 days < 10',
        'audience quiet_accounts = account where no user did "Logged In" within 7 days',
        'audience via_reference = user where role = "Admin" and not in active',
        'audience active = user where did "Logged In" within 7 days',
        'audience busy = user where did "Logged In" at least 3 times within 7 days',
        'audience any_active = account where any user did "Logged In" within 7 days',
        'audience admins = user where role = "Admin"',
        'audience seen = user where last "Logged In" is set',
        'audience unseen = user where last "Logged In" is not set',
      ].join('\n'),
    );
    expect([...absenceAudiences(project)].sort()).toEqual(
      ['dormant', 'low', 'never', 'quiet_accounts', 'rare', 'unseen', 'via_reference'].sort(),
    );
  });
});

describe('checkGuards', () => {
  it('trips the mass-exit guard above the share only, once per sync (its worst call)', () => {
    const at = (exited: number, call: ChannelMeasure['call'] = 'identify') =>
      channel({ exited, call });
    expect(checkGuards(measures({ channels: [at(20)] }), DEFAULTS, EMPTY_IR)).toEqual([]);
    const tripped = checkGuards(
      measures({ channels: [at(21, 'group'), at(40, 'track')] }),
      DEFAULTS,
      EMPTY_IR,
    );
    expect(tripped).toHaveLength(1);
    expect(describeViolation(tripped[0]!)).toBe(
      '`x->crm` (track): 40 of 100 members would exit (40.0%; apply.mass_exit_threshold: 20%)',
    );
    // Nothing delivered before: a backfill, no share to speak of.
    expect(
      checkGuards(measures({ channels: [channel({ before: 0, exited: 0 })] }), DEFAULTS, EMPTY_IR),
    ).toEqual([]);
  });

  it('counts trait values going missing as exits', () => {
    const tripped = checkGuards(
      measures({
        channels: [
          channel({ sync: 'score->crm', source: 'score', sourceKind: 'trait', removed: 30 }),
        ],
      }),
      DEFAULTS,
      EMPTY_IR,
    );
    expect(tripped.map((v) => describeViolation(v))).toEqual([
      '`score->crm` (identify): the `score` values of 30 of 100 members would be removed (30.0%; apply.mass_exit_threshold: 20%)',
    ]);
  });

  it('guards mass entries only when apply.mass_enter_threshold is set', () => {
    const m = measures({ channels: [channel({ entered: 150 })] });
    expect(checkGuards(m, DEFAULTS, EMPTY_IR)).toEqual([]);
    expect(checkGuards(m, { ...DEFAULTS, massEnter: 1.5 }, EMPTY_IR)).toEqual([]);
    const tripped = checkGuards(m, { ...DEFAULTS, massEnter: 1 }, EMPTY_IR);
    expect(tripped.map((v) => [v.guard, describeViolation(v)])).toEqual([
      [
        'mass-enter',
        '`x->crm` (identify): 150 members would enter, 150.0% of the 100 before (apply.mass_enter_threshold: 100%)',
      ],
    ]);
  });

  it('guards mass entries of an audience defined by absence with the mass-exit threshold', () => {
    const project = ir('audience x = user where not did "Logged In" within 7 days');
    const tripped = checkGuards(
      measures({ channels: [channel({ entered: 21 })] }),
      DEFAULTS,
      project,
    );
    expect(tripped.map((v) => v.guard)).toEqual(['mass-exit']);
    expect(describeViolation(tripped[0]!)).toContain(
      '`x->crm` (identify): 21 members would enter, 21.0% of the 100 before, and `x` is defined by the absence of events',
    );
  });

  it('compares sizes with the mean of the last runs that recorded them', () => {
    const settings: GuardSettings = { ...DEFAULTS, sizeDrift: { threshold: 0.25, runs: 2 } };
    const synced = [channel({ entered: 1 })];
    // The newest two runs (newest first); only the first recorded x: the mean is 100.
    const history: Array<Record<string, number>> = [
      { x: 100 },
      { other: 5 },
      { x: 60 },
      { x: 1000 },
    ];
    const base = { channels: synced, history };
    // 125 is 25% above: not more than the threshold.
    expect(checkGuards(measures({ ...base, sizes: { x: 125 } }), settings, EMPTY_IR)).toEqual([]);
    const two = { channels: synced, history: [{ x: 100 }, { x: 60 }] };
    // (100 + 60) / 2 = 80; 100 is 25% above.
    expect(checkGuards(measures({ ...two, sizes: { x: 100 } }), settings, EMPTY_IR)).toEqual([]);
    expect(
      checkGuards(measures({ ...two, sizes: { x: 101 } }), settings, EMPTY_IR).map((v) =>
        describeViolation(v),
      ),
    ).toEqual([
      '`x`: 101 members, 26.3% above the mean of the last 2 apply(s) (80; apply.size_drift_threshold: 25%)',
    ]);
    const drift = checkGuards(measures({ ...base, sizes: { x: 70 } }), settings, EMPTY_IR);
    expect(drift.map((v) => describeViolation(v))).toEqual([
      '`x`: 70 members, 30.0% below the mean of the last 1 apply(s) (100; apply.size_drift_threshold: 25%)',
    ]);
    // A trait's size counts values.
    expect(
      checkGuards(
        measures({
          channels: [channel({ sourceKind: 'trait', changed: 1 })],
          history: [{ x: 10 }],
          sizes: { x: 4 },
        }),
        settings,
        EMPTY_IR,
      ).map((v) => describeViolation(v)),
    ).toEqual([
      '`x`: 4 values, 60.0% below the mean of the last 1 apply(s) (10; apply.size_drift_threshold: 25%)',
    ]);
    // Off by default.
    expect(checkGuards(measures({ ...base, sizes: { x: 0 } }), DEFAULTS, EMPTY_IR)).toEqual([]);
  });

  it('trips the source-shrink guard on a table that lost more than the share of its rows', () => {
    const previousSources = [
      { source: 'tracks', table: 'events.tracks', rows: 1000 },
      { source: 'users', table: 'crm.users', rows: 10 },
    ];
    const now = (tracks: number, users: number) =>
      measures({
        previousSources,
        sources: [
          { source: 'tracks', table: 'events.tracks', rows: tracks },
          { source: 'users', table: 'crm.users', rows: users },
        ],
      });
    expect(checkGuards(now(500, 10), DEFAULTS, EMPTY_IR)).toEqual([]);
    expect(checkGuards(now(0, 4), DEFAULTS, EMPTY_IR).map((v) => describeViolation(v))).toEqual([
      'source table `events.tracks` (tracks): 0 rows, 100.0% fewer than the 1000 of the last apply (apply.source_shrink_threshold: 50%)',
      'source table `crm.users` (users): 4 rows, 60.0% fewer than the 10 of the last apply (apply.source_shrink_threshold: 50%)',
    ]);
    // A table pointed elsewhere is a new table, not a shrunk one.
    expect(
      checkGuards(
        measures({ previousSources, sources: [{ source: 'tracks', table: 'other', rows: 0 }] }),
        DEFAULTS,
        EMPTY_IR,
      ),
    ).toEqual([]);
  });
});
