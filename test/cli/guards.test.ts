/**
 * The guards of `roster apply` end to end (docs/plan-apply.md, "Guards"), on
 * DuckDB and PostgreSQL: each refuses before any call, says what tripped it
 * (sync or definition, the counts, the threshold), shows in `roster plan`,
 * and gives way to its own flag. Counts are worked out by hand on the data of
 * test/runtime/apply/project.ts.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { roster } from '../runtime/apply/cli.js';
import { DAY1, DAY2, NOW1, NOW2, scratchProject } from '../runtime/apply/project.js';
import type { ScratchProject } from '../runtime/apply/project.js';

describe.each(['duckdb', 'postgres'] as const)('apply guards on %s', (engine) => {
  let p: ScratchProject;
  const configure = (yaml: string): void => appendFileSync(join(p.root, 'roster.yaml'), yaml);
  const apply = (now: string, ...flags: string[]) =>
    roster(p.root, 'apply', '--now', now, '--auto-approve', ...flags);
  beforeEach(async () => {
    p = await scratchProject(engine);
    await p.setData(DAY1);
    const first = await apply(NOW1);
    expect(first.code, first.err).toBe(0);
    expect(p.calls()).toHaveLength(13);
  });
  afterEach(async () => {
    await p.dispose();
  });

  it('refuses a mass entry only when apply.mass_enter_threshold is set, until --allow-mass-enter', async () => {
    // u2 and u3 become admins: 2 enter `admins`, which had 2 members (100%).
    await p.setData({ ...DAY1, users: DAY1.users.map((u) => ({ ...u, role: 'Admin' })) });
    const unguarded = await roster(p.root, 'plan', '--now', NOW1);
    expect(unguarded.code, unguarded.err).toBe(0);
    expect(unguarded.out).not.toContain('mass_enter');

    configure('apply: { mass_enter_threshold: 0.5 }\n');
    const planned = await roster(p.root, 'plan', '--now', NOW1);
    expect(planned.out).toContain(
      'warning: `admins->audit` (identify): 2 members would enter, 100.0% of the 2 before (apply.mass_enter_threshold: 50%): apply needs --allow-mass-enter',
    );
    const refused = await apply(NOW1);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      'error[apply-mass-enter]: refusing to apply (mass-enter guard): `admins->audit` (identify): 2 members would enter, 100.0% of the 2 before (apply.mass_enter_threshold: 50%)',
    );
    expect(refused.err).toContain('run again with --allow-mass-enter');
    expect(refused.err).toContain('roster.yaml `apply.mass_enter_threshold`');
    expect(p.calls()).toHaveLength(13);
    // The mass-exit flag does not let a mass entry through.
    const wrongFlag = await apply(NOW1, '--allow-mass-exit');
    expect(wrongFlag.code).toBe(1);
    expect(p.calls()).toHaveLength(13);

    const applied = await apply(NOW1, '--allow-mass-enter');
    expect(applied.code, applied.err).toBe(0);
    expect(
      p
        .calls()
        .slice(13)
        .map((c) => `${String(c.type)} ${String(c.userId)}`)
        .sort(),
    ).toEqual(['identify u2', 'identify u3']);
  });

  it('refuses a size drift from the mean of the last applies, until --allow-size-drift', async () => {
    configure('apply: { size_drift_threshold: 0.3, size_drift_runs: 2 }\n');
    await p.setData(DAY2);
    // Day 1 recorded admins 2 and active 2; day 2 has admins 1 (u4) and active 3 (a3 enters).
    const refused = await apply(NOW2, '--allow-mass-exit');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      'error[apply-size-drift]: refusing to apply (size-drift guard): `admins`: 1 members, 50.0% below the mean of the last 1 apply(s) (2; apply.size_drift_threshold: 30%)',
    );
    expect(refused.err).toContain(
      'error[apply-size-drift]: refusing to apply (size-drift guard): `active`: 3 members, 50.0% above the mean of the last 1 apply(s) (2; apply.size_drift_threshold: 30%)',
    );
    expect(refused.err).not.toContain('apply-mass-exit');
    expect(refused.err).toContain('run again with --allow-size-drift');
    expect(p.calls()).toHaveLength(13);

    const applied = await apply(NOW2, '--allow-mass-exit', '--allow-size-drift');
    expect(applied.code, applied.err).toBe(0);
    expect(p.calls()).toHaveLength(22);

    // Two applies recorded admins 2 and 1: mean 1.5. Back to 2 is 33.3% above.
    await p.setData(DAY1);
    const again = await apply(NOW2, '--allow-mass-exit');
    expect(again.code).toBe(1);
    expect(again.err).toContain(
      '`admins`: 2 members, 33.3% above the mean of the last 2 apply(s) (1.5; apply.size_drift_threshold: 30%)',
    );
  });
});

/** Syncs whose calls a broken event source changes without emptying a table. */
const EVENT_SYNCS = `audience dormant = user where not did "Logged In" within 7 days
trait last_login = user last "Logged In"
audience admins = user where role = "Admin"
sync dormant to audit with identify
sync last_login to audit with identify
sync admins to audit with identify
`;

describe.each(['duckdb', 'postgres'] as const)('guards that see everything on %s', (engine) => {
  let p: ScratchProject;
  const apply = (...flags: string[]) =>
    roster(p.root, 'apply', '--now', NOW1, '--auto-approve', ...flags);
  beforeEach(async () => {
    p = await scratchProject(engine, EVENT_SYNCS);
    await p.setData(DAY1);
    const first = await apply();
    expect(first.code, first.err).toBe(0);
    // dormant: u2 and u4 (no login since 2026-06-23); last_login: u1, u3, u4; admins: u1, u4.
    expect(p.calls()).toHaveLength(7);
  });
  afterEach(async () => {
    await p.dispose();
  });

  it('stops trait values vanishing and an absence audience filling when an event is renamed', async () => {
    // The tracking plan renamed the event: as many rows as before, none of them "Logged In".
    await p.setData({
      ...DAY1,
      tracks: DAY1.tracks.map((t) => ({ ...t, event: 'Signed In' })),
    });
    const refused = await apply();
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      'error[apply-mass-exit]: refusing to apply (mass-exit guard): `last_login->audit` (identify): the `last_login` values of 3 of 3 members would be removed (100.0%; apply.mass_exit_threshold: 20%)',
    );
    expect(refused.err).toContain(
      'error[apply-mass-exit]: refusing to apply (mass-exit guard): `dormant->audit` (identify): 2 members would enter, 100.0% of the 2 before, and `dormant` is defined by the absence of events (an event source that stopped filling makes everyone enter; apply.mass_exit_threshold: 20%)',
    );
    expect(refused.err).not.toContain('admins');
    expect(p.calls()).toHaveLength(7);
    const applied = await apply('--allow-mass-exit');
    expect(applied.code, applied.err).toBe(0);
    // u1 and u3 enter dormant; u1, u3 and u4 lose last_login.
    expect(p.calls()).toHaveLength(12);
  });

  it('stops before any call when a source table is suddenly empty (or far smaller), naming the table', async () => {
    // DuckDB cannot read an empty NDJSON file at all (no columns): there it keeps 1 row of 3.
    const kept = engine === 'duckdb' ? DAY1.tracks.slice(0, 1) : [];
    await p.setData({ ...DAY1, tracks: kept });
    const table =
      engine === 'duckdb' ? join(p.root, 'data', 'tracks.ndjson') : `${p.pgSchema}.tracks`;
    const share = engine === 'duckdb' ? '66.7%' : '100.0%';
    const shrunk = `source table \`${table}\` (tracks): ${kept.length} rows, ${share} fewer than the 3 of the last apply (apply.source_shrink_threshold: 50%)`;
    const planned = await roster(p.root, 'plan', '--now', NOW1);
    expect(planned.code, planned.err).toBe(0);
    expect(planned.out).toContain(`warning: ${shrunk}: apply needs --allow-source-shrink`);

    const refused = await apply();
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      `error[apply-source-shrink]: refusing to apply (source-shrink guard): ${shrunk}`,
    );
    expect(refused.err).toContain('run again with --allow-source-shrink');
    // The lost rows also empty last_login and fill dormant: each guard needs its own flag.
    const oneFlag = await apply('--allow-mass-exit');
    expect(oneFlag.code).toBe(1);
    expect(oneFlag.err).toContain('error[apply-source-shrink]');
    expect(oneFlag.err).not.toContain('error[apply-mass-exit]');
    expect(p.calls()).toHaveLength(7);

    const applied = await apply('--allow-mass-exit', '--allow-source-shrink');
    expect(applied.code, applied.err).toBe(0);
    // All rows gone: u1 and u3 enter dormant, u1, u3, u4 lose last_login. Only u1's kept:
    // u3 enters dormant, u3 and u4 lose last_login.
    expect(p.calls()).toHaveLength(engine === 'duckdb' ? 10 : 12);
    // The shrunk table is now the last apply's count: it staying so is no refusal.
    expect((await apply()).code).toBe(0);
  });

  it('guards an apply narrowed with --select', async () => {
    await p.setData({ ...DAY1, users: DAY1.users.map((u) => ({ ...u, role: 'Member' })) });
    for (const select of ['admins', 'admins->audit', '+admins']) {
      const refused = await apply('--select', select);
      expect(refused.code, select).toBe(1);
      expect(refused.err).toContain(
        'error[apply-mass-exit]: refusing to apply (mass-exit guard): `admins->audit` (identify): 2 of 2 members would exit (100.0%; apply.mass_exit_threshold: 20%)',
      );
    }
    expect(p.calls()).toHaveLength(7);
  });
});
