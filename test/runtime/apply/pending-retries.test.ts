/**
 * Nothing is silently left behind (issue 12.6): calls that a receiver on
 * loopback refused (quarantined) or failed (503, no retries left) stay
 * pending; the next `roster plan` lists them under their sync as pending
 * retries with their reasons, in text, markdown and JSON; a failure whose
 * member moved back is shown as no longer sent; and the next apply, against
 * the receiver now answering 200, sends them again with the same messageIds,
 * after which nothing is pending. On DuckDB and on PostgreSQL state.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/runtime/plan/plan.js';
import { startSink } from '../destinations/sink.js';
import type { Sink } from '../destinations/sink.js';
import { roster } from './cli.js';
import { addDestinations, DAY1, NOW1, scratchProject } from './project.js';
import type { Data, ScratchProject } from './project.js';
import { openStateForTest } from './state-access.js';

const APPLY = ['apply', '--now', NOW1, '--auto-approve', '--allow-mass-exit'];

const projects: ScratchProject[] = [];
const sinks: Sink[] = [];
afterAll(async () => {
  for (const s of sinks) await s.close();
  for (const p of projects) await p.dispose();
});

async function failureRows(root: string): Promise<Array<Record<string, unknown>>> {
  let rows: Array<Record<string, unknown>> = [];
  await openStateForTest(root, async (_exec, query) => {
    rows = await query('SELECT sync, member_id, transition, seq, reason FROM {failures}');
  });
  return rows.sort((a, b) => String(a.member_id).localeCompare(String(b.member_id)));
}

describe.each(['duckdb', 'postgres'] as const)('pending retries on %s state', (engine) => {
  it('shows failed and quarantined calls in the next plan and resends them with the same messageIds', async () => {
    let failing = true;
    const sink = await startSink((request) => {
      const ids = request.batch.map((c) => String(c.userId));
      if (!failing) return { status: 200 };
      if (ids.includes('u4') || ids.includes('u5'))
        return {
          status: 422,
          body: JSON.stringify({ message: `${ids.join(',')} is on the blocklist` }),
        };
      if (ids.includes('u6')) return { status: 503, body: 'try later' };
      return { status: 200 };
    });
    sinks.push(sink);
    const project = await scratchProject(
      engine,
      `audience admins = user where role = "Admin"
sync admins to hook with identify
`,
    );
    projects.push(project);
    addDestinations(
      project,
      `  hook: { type: webhook, url: "${sink.url}/in", batch_size: 1, max_retries: 0 }\n`,
    );
    const data: Data = {
      ...DAY1,
      users: [...DAY1.users, { id: 'u5', role: 'Admin' }, { id: 'u6', role: 'Admin' }],
    };
    await project.setData(data);

    const first = await roster(project.root, ...APPLY);
    expect(first.code, first.err).toBe(1);
    const sent = new Map<string, string>();
    for (const r of sink.requests)
      for (const c of r.batch) sent.set(String(c.userId), String(c.messageId));
    expect([...sent.keys()].sort()).toEqual(['u1', 'u4', 'u5', 'u6']);
    // The state holds exactly the three calls that were not acknowledged, with their reasons.
    const failed = await failureRows(project.root);
    expect(failed.map((r) => [r.member_id, r.transition, Number(r.seq)])).toEqual([
      ['u4', 'entered', 1],
      ['u5', 'entered', 1],
      ['u6', 'entered', 1],
    ]);
    expect(String(failed[0]?.reason)).toBe('hook refused it (422): u4 is on the blocklist');
    expect(String(failed[2]?.reason)).toContain('503');

    // u5 is no longer an admin: its failed call is moot and is not sent again.
    await project.setData({
      ...data,
      users: data.users.map((u) => (u.id === 'u5' ? { ...u, role: 'Member' } : u)),
    });
    const text = await roster(project.root, 'plan', '--now', NOW1);
    expect(text.code, text.err).toBe(0);
    const lines = text.out.split('\n');
    const head = lines.findIndex((l) => l.includes('pending retries:'));
    expect(lines[head]).toBe(
      '      pending retries: 2 call(s) that failed in an earlier apply are sent again, with the same messageIds:',
    );
    const reasons = lines.slice(head + 1, head + 3);
    expect(reasons).toContain(
      '        1 × hook refused it (422): u4 is on the blocklist (e.g. u4)',
    );
    expect(reasons.find((l) => l.includes('(e.g. u6)'))).toMatch(/^ {8}1 × .*503.* \(e\.g\. u6\)$/);
    expect(lines[head + 3]).toBe(
      '      (1 call(s) that failed earlier are no longer sent: their members moved back since)',
    );
    // The retries are among the calls the sync sends (u4, u6), not in addition to them.
    expect(text.out).toContain('identify 2 calls: +2 entered');

    const json = await roster(project.root, 'plan', '--now', NOW1, '--format', 'json');
    expect(json.code, json.err).toBe(0);
    const plan = JSON.parse(json.out) as Plan;
    const pending = plan.syncs.find((s) => s.name === 'admins->hook')?.pendingRetries;
    expect(pending?.calls).toBe(2);
    expect(pending?.superseded).toBe(1);
    expect(pending?.moreReasons).toBe(0);
    expect(pending?.reasons.map((r) => [r.calls, r.sample]).sort()).toEqual([
      [1, 'u4'],
      [1, 'u6'],
    ]);

    const markdown = await roster(project.root, 'plan', '--now', NOW1, '--format', 'markdown');
    expect(markdown.code, markdown.err).toBe(0);
    expect(markdown.out).toContain('#### Pending retries');
    const rows = markdown.out.split('\n').filter((l) => l.startsWith('| '));
    const table = rows.slice(rows.findIndex((l) => l.startsWith('| sync | calls | reason |')));
    expect(table[2]).toMatch(/^\| `admins` → `hook` \| 1 \| `/);
    expect(table.slice(2, 4)).toContain(
      '|  | 1 | `hook refused it (422): u4 is on the blocklist` | `u4` |',
    );
    expect(table[4]).toBe('|  | | 1 earlier failure(s) no longer sent: the members moved back | |');

    failing = false;
    sink.requests.length = 0;
    const second = await roster(project.root, ...APPLY);
    expect(second.code, second.err).toBe(0);
    const resent = sink.requests.flatMap((r) => r.batch);
    expect(resent.map((c) => [String(c.userId), String(c.messageId)]).sort()).toEqual([
      ['u4', sent.get('u4')],
      ['u6', sent.get('u6')],
    ]);
    expect(await failureRows(project.root)).toEqual([]);
    const after = await roster(project.root, 'plan', '--now', NOW1, '--detailed-exitcode');
    expect(after.code, after.out).toBe(0);
    expect(after.out).not.toContain('pending retries');
  }, 120_000);

  it('shows calls a failed destination never reached as transitions of the next plan, not as retries', async () => {
    let failing = true;
    // u1 is acknowledged, u4's request gets 401 (the destination stops), u5 and u6 are never sent.
    const sink = await startSink((request) =>
      failing && request.batch.some((c) => c.userId === 'u4')
        ? { status: 401, body: '{"message":"bad key"}' }
        : { status: 200 },
    );
    sinks.push(sink);
    const project = await scratchProject(
      engine,
      `audience admins = user where role = "Admin"
sync admins to hook with identify
`,
    );
    projects.push(project);
    addDestinations(
      project,
      `  hook: { type: webhook, url: "${sink.url}/in", batch_size: 1, concurrency: 1, max_retries: 0 }\n`,
    );
    await project.setData({
      ...DAY1,
      users: [...DAY1.users, { id: 'u5', role: 'Admin' }, { id: 'u6', role: 'Admin' }],
    });

    const first = await roster(project.root, ...APPLY);
    expect(first.code, first.err).toBe(1);
    const sent = sink.requests.flatMap((r) => r.batch.map((c) => String(c.userId)));
    expect(sent).toEqual(['u1', 'u4']);
    // Only the call whose request failed is a failure; u5 and u6 were never tried.
    expect((await failureRows(project.root)).map((r) => r.member_id)).toEqual(['u4']);

    const json = await roster(project.root, 'plan', '--now', NOW1, '--format', 'json');
    expect(json.code, json.err).toBe(0);
    const sync = (JSON.parse(json.out) as Plan).syncs.find((s) => s.name === 'admins->hook');
    expect(sync?.pendingRetries?.calls).toBe(1);
    expect(sync?.channels.map((c) => [c.call, c.entered, c.exited])).toEqual([['identify', 3, 0]]);

    failing = false;
    sink.requests.length = 0;
    const second = await roster(project.root, ...APPLY);
    expect(second.code, second.err).toBe(0);
    expect(sink.requests.flatMap((r) => r.batch.map((c) => String(c.userId)))).toEqual([
      'u4',
      'u5',
      'u6',
    ]);
    const after = await roster(project.root, 'plan', '--now', NOW1, '--detailed-exitcode');
    expect(after.code, after.out).toBe(0);
  }, 120_000);
});
