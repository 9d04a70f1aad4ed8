/**
 * roster plan / apply end to end, on DuckDB (in memory, state in
 * .roster/state.duckdb) and PostgreSQL (state in a scratch schema). Expected
 * calls are worked out by hand from LANGUAGE.md §3 and §7 on the data in
 * test/runtime/apply/project.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messageId } from '../../src/runtime/calls/message-id.js';
import { roster } from '../runtime/apply/cli.js';
import { DAY1, DAY2, DEFINITIONS, NOW1, NOW2, scratchProject } from '../runtime/apply/project.js';
import type { ScratchProject } from '../runtime/apply/project.js';

/** A call reduced to what the spec fixes, for comparison as a set. */
function summary(call: Record<string, unknown>): string {
  const who = (call.groupId ?? call.userId) as string;
  const body =
    call.type === 'track'
      ? { event: call.event, properties: call.properties }
      : { traits: call.traits };
  return `${String(call.type)} ${who} ${JSON.stringify(body)}`;
}

const ENTERED = { event: 'Audience Entered' };
const EXITED = { event: 'Audience Exited' };

describe.each(['duckdb', 'postgres'] as const)('plan and apply on %s', (engine) => {
  let p: ScratchProject;
  beforeEach(async () => {
    p = await scratchProject(engine);
    await p.setData(DAY1);
  });
  afterEach(async () => {
    await p.dispose();
  });

  it('backfills on the first apply, then sends nothing while the data is unchanged', async () => {
    const plan = await roster(p.root, 'plan', '--now', NOW1);
    expect(plan.code, plan.err).toBe(0);
    expect(plan.out).toContain('+ active → audit  new sync: backfill');
    // 2 accounts + 3 users (identify) + 3 users (track) + 2 admins enter; 3 logins values.
    expect(plan.out).toContain('Plan: 10 to enter, 0 to exit, 3 to update.');

    const apply = await roster(p.root, 'apply', '--now', NOW1, '--auto-approve');
    expect(apply.code, apply.err).toBe(0);
    const calls = p.calls();
    expect(calls.map(summary).sort()).toEqual(
      [
        'group a1 {"traits":{"active":true}}',
        'group a2 {"traits":{"active":true}}',
        'identify u1 {"traits":{"active":true}}',
        'identify u2 {"traits":{"active":true}}',
        'identify u3 {"traits":{"active":true}}',
        `track u1 ${JSON.stringify({ ...ENTERED, properties: { audience_key: 'active', active: true } })}`,
        `track u2 ${JSON.stringify({ ...ENTERED, properties: { audience_key: 'active', active: true } })}`,
        `track u3 ${JSON.stringify({ ...ENTERED, properties: { audience_key: 'active', active: true } })}`,
        'group a1 {"traits":{"logins":1}}',
        'group a2 {"traits":{"logins":1}}',
        'group a3 {"traits":{"logins":0}}',
        'identify u1 {"traits":{"admins":true}}',
        'identify u4 {"traits":{"admins":true}}',
      ].sort(),
    );
    for (const call of calls) {
      expect(call.timestamp).toBe('2026-06-30T00:00:00.000Z');
      expect(call.context).toEqual({ library: { name: 'roster', version: '0.1.0' } });
    }
    expect(new Set(calls.map((c) => c.messageId)).size).toBe(13);
    const a1 = calls.find(
      (c) =>
        c.type === 'group' &&
        c.groupId === 'a1' &&
        (c.traits as object) &&
        'active' in (c.traits as object),
    );
    expect(a1?.messageId).toBe(
      messageId({
        project: 'scratch',
        destination: 'audit',
        sync: 'active->audit',
        call: 'group',
        member: 'a1',
        transition: 'entered',
        seq: 1,
      }),
    );

    const again = await roster(p.root, 'apply', '--now', NOW1, '--auto-approve');
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain('No changes.');
    expect(p.calls()).toHaveLength(13);
    const detailed = await roster(p.root, 'plan', '--now', NOW1, '--detailed-exitcode');
    expect(detailed.code).toBe(0);
  });

  it('sends exactly the entered, exited and changed calls of a new day, behind the mass-exit guard', async () => {
    expect((await roster(p.root, 'apply', '--now', NOW1, '--auto-approve')).code).toBe(0);
    await p.setData(DAY2);
    const detailed = await roster(p.root, 'plan', '--now', NOW2, '--detailed-exitcode');
    expect(detailed.code, detailed.err).toBe(2);
    // Entered: a3 (group), u4 and u5 (identify + track). Exited: u2 (identify + track), u1 from admins. Updated: logins of a3.
    expect(detailed.out).toContain('Plan: 5 to enter, 3 to exit, 1 to update.');
    expect(detailed.out).toMatch(
      /admins \(user\)\s+1 members\s+\+0 entered\s+-1 exited\s+e\.g\. -u1/,
    );

    // 1 of the 2 admins (50%) would exit: more than the default 20%; and u2 is 1 of
    // the 3 users identified (and tracked) as members of `active` (33.3%).
    const refused = await roster(p.root, 'apply', '--now', NOW2, '--auto-approve');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      'error[apply-mass-exit]: refusing to apply (mass-exit guard): `admins->audit` (identify): 1 of 2 members would exit (50.0%; apply.mass_exit_threshold: 20%)',
    );
    expect(refused.err).toContain(
      'error[apply-mass-exit]: refusing to apply (mass-exit guard): `active->audit` (identify): 1 of 3 members would exit (33.3%; apply.mass_exit_threshold: 20%)',
    );
    expect(refused.err).toContain('run again with --allow-mass-exit');
    expect(p.calls()).toHaveLength(13);

    const applied = await roster(
      p.root,
      'apply',
      '--now',
      NOW2,
      '--auto-approve',
      '--allow-mass-exit',
    );
    expect(applied.code, applied.err).toBe(0);
    const day2 = p.calls().slice(13);
    expect(day2.map(summary).sort()).toEqual(
      [
        'group a3 {"traits":{"active":true}}',
        'identify u4 {"traits":{"active":true}}',
        'identify u5 {"traits":{"active":true}}',
        'identify u2 {"traits":{"active":false}}',
        `track u4 ${JSON.stringify({ ...ENTERED, properties: { audience_key: 'active', active: true } })}`,
        `track u5 ${JSON.stringify({ ...ENTERED, properties: { audience_key: 'active', active: true } })}`,
        `track u2 ${JSON.stringify({ ...EXITED, properties: { audience_key: 'active', active: false } })}`,
        'group a3 {"traits":{"logins":1}}',
        'identify u1 {"traits":{"admins":false}}',
      ].sort(),
    );
    for (const call of day2) expect(call.timestamp).toBe('2026-07-03T00:00:00.000Z');

    // u1 becomes an admin again: a genuine re-entry gets a new message id (third transition of u1).
    await p.setData({
      ...DAY2,
      users: DAY2.users.map((u) => (u.id === 'u1' ? { ...u, role: 'Admin' } : u)),
    });
    expect((await roster(p.root, 'apply', '--now', NOW2, '--auto-approve')).code).toBe(0);
    const reentry = p.calls().slice(22);
    expect(reentry.map(summary)).toEqual(['identify u1 {"traits":{"admins":true}}']);
    const first = p
      .calls()
      .find((c) => c.userId === 'u1' && c.type === 'identify' && 'admins' in (c.traits as object));
    expect(reentry[0]?.messageId).not.toBe(first?.messageId);
    expect(reentry[0]?.messageId).toBe(
      messageId({
        project: 'scratch',
        destination: 'audit',
        sync: 'admins->audit',
        call: 'identify',
        member: 'u1',
        transition: 'entered',
        seq: 3,
      }),
    );
  });

  it('applies a saved plan exactly, and refuses it once stale', async () => {
    const planned = await roster(p.root, 'plan', '--now', NOW1, '--out', 'plan.json');
    expect(planned.code, planned.err).toBe(0);
    // Data changing after the plan does not change what the plan delivers.
    await p.setData(DAY2);
    const applied = await roster(p.root, 'apply', 'plan.json');
    expect(applied.code, applied.err).toBe(0);
    expect(p.calls()).toHaveLength(13);
    expect(p.calls().every((c) => c.timestamp === '2026-06-30T00:00:00.000Z')).toBe(true);

    const twice = await roster(p.root, 'apply', 'plan.json');
    expect(twice.code).toBe(1);
    expect(twice.err).toContain('error[apply-plan-stale]');
    expect(twice.err).toContain('the applied state changed since it was made');

    expect((await roster(p.root, 'plan', '--now', NOW2, '--out', 'plan2.json')).code).toBe(0);
    p.setDefinitions(DEFINITIONS.replace('within 7 days\ntrait', 'within 14 days\ntrait'));
    const stale = await roster(p.root, 'apply', 'plan2.json');
    expect(stale.code).toBe(1);
    expect(stale.err).toContain('definitions changed since it was made: `active` changed');
    expect(p.calls()).toHaveLength(13);
  });

  it('fails fast on a lock held elsewhere, naming the holder, until force-unlock', async () => {
    expect((await roster(p.root, 'apply', '--now', NOW1, '--auto-approve')).code).toBe(0);
    // A lock row as a CI runner on another machine would leave it.
    const { openStateForTest } = await import('../runtime/apply/state-access.js');
    await openStateForTest(p.root, async (exec) => {
      await exec(
        "UPDATE {apply_lock} SET run_id = 'r20260101t000000_abcdef', holder = 'ci@runner-7', host = 'runner-7', pid = 4242, " +
          "started_at = CAST('2026-01-01T00:00:00Z' AS TIMESTAMPTZ), renewed_at = CURRENT_TIMESTAMP, " +
          "expires_at = CAST('2999-01-01T00:00:00Z' AS TIMESTAMPTZ) WHERE id = 1",
      );
    });
    await p.setData(DAY2);
    const locked = await roster(
      p.root,
      'apply',
      '--now',
      NOW2,
      '--auto-approve',
      '--allow-mass-exit',
    );
    expect(locked.code).toBe(1);
    expect(locked.err).toContain('error[apply-locked]');
    expect(locked.err).toContain(
      'run r20260101t000000_abcdef by ci@runner-7 (process 4242), started 2026-01-01T00:00:00.000Z, lease until 2999-01-01T00:00:00.000Z',
    );
    expect(locked.err).toContain('roster force-unlock r20260101t000000_abcdef');
    expect(p.calls()).toHaveLength(13);

    const wrong = await roster(p.root, 'force-unlock', 'r-nope');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('error[apply-unlock-mismatch]');
    const unlocked = await roster(p.root, 'force-unlock', 'r20260101t000000_abcdef');
    expect(unlocked.code, unlocked.err).toBe(0);
    expect(unlocked.out).toContain('Removed the lock of run r20260101t000000_abcdef');
    const after = await roster(
      p.root,
      'apply',
      '--now',
      NOW2,
      '--auto-approve',
      '--allow-mass-exit',
    );
    expect(after.code, after.err).toBe(0);
    expect(p.calls()).toHaveLength(22);
  });

  it('refuses to apply without a terminal or --auto-approve', async () => {
    const result = await roster(p.root, 'apply', '--now', NOW1);
    expect(result.code).toBe(1);
    expect(result.err).toContain('error[apply-needs-approval]');
    expect(result.err).toContain('--auto-approve');
    expect(p.calls()).toHaveLength(0);
  });

  it('stops a removed sync without sending anything', async () => {
    expect((await roster(p.root, 'apply', '--now', NOW1, '--auto-approve')).code).toBe(0);
    p.setDefinitions(DEFINITIONS.replace('sync logins to audit with group\n', ''));
    const plan = await roster(p.root, 'plan', '--now', NOW1, '--detailed-exitcode');
    expect(plan.code, plan.err).toBe(2);
    expect(plan.out).toContain('- sync logins->audit');
    expect(plan.out).toContain(
      '- logins → audit  stopped: the sync was removed; nothing is sent, 3 delivered state row(s) are forgotten',
    );
    expect(plan.out).toContain(
      'Plan: 0 to enter, 0 to exit, 0 to update. (no calls to send; the applied state will be updated)',
    );
    expect((await roster(p.root, 'apply', '--now', NOW1, '--auto-approve')).code).toBe(0);
    expect(p.calls()).toHaveLength(13);
    const after = await roster(p.root, 'plan', '--now', NOW1, '--detailed-exitcode');
    expect(after.code).toBe(0);
    expect(after.out).toContain('No changes.');
  });
});
