/**
 * `roster apply` to `segment` and `webhook` destinations on a real loopback
 * receiver: a 401 fails only its destination, with one clear error; a call
 * the receiver refuses, or that roster finds invalid, is quarantined without
 * blocking its neighbours and sent again (same messageId) by the next apply;
 * secrets appear in no output and no state table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startSink } from '../destinations/sink.js';
import type { Answer, Sink } from '../destinations/sink.js';
import { roster } from './cli.js';
import { seededRandom } from '../../support/seeded-random.js';
import { addDestinations, DAY1, DEFINITIONS, NOW1, scratchProject } from './project.js';
import type { Data, ScratchProject } from './project.js';
import { openStateForTest } from './state-access.js';

const APPLY = ['apply', '--now', NOW1, '--auto-approve'];
const KEY = 'sk_live_DO_NOT_PRINT_7f3a';
const TOKEN = 'tok_DO_NOT_PRINT_91bc';

/** Every state table, as text, for looking for secrets. */
async function stateDump(root: string): Promise<string> {
  let text = '';
  await openStateForTest(root, async (_exec, query) => {
    for (const table of ['runs', 'changes', 'delivered', 'definitions', 'results'])
      text += JSON.stringify(await query(`SELECT * FROM {${table}}`));
  });
  return text;
}

const projects: ScratchProject[] = [];
const sinks: Sink[] = [];
afterEach(async () => {
  for (const s of sinks.splice(0)) await s.close();
});
afterAll(async () => {
  for (const p of projects) await p.dispose();
});

describe('apply over HTTP', () => {
  it('a 401 fails that destination with one clear error; the others complete; exit 1; no secret printed', async () => {
    const sink = await startSink(() => ({
      status: 401,
      body: JSON.stringify({ message: 'Invalid write key' }),
    }));
    sinks.push(sink);
    const project = await scratchProject(
      'duckdb',
      `audience admins = user where role = "Admin"
sync admins to audit with identify
sync admins to crm with identify
`,
    );
    projects.push(project);
    addDestinations(
      project,
      `  crm: { type: segment, url: "${sink.url}", write_key: "\${CRM_KEY}" }\n`,
    );
    await project.setData(DAY1);
    process.env.CRM_KEY = KEY;
    try {
      const run = await roster(project.root, ...APPLY);
      expect(run.code).toBe(1);
      const errors = run.err.split('\n').filter((l) => l.startsWith('error'));
      expect(errors).toEqual([
        `error[apply-destination-failed]: delivering to \`crm\` failed: POST ${sink.url}/v1/batch answered 401 Unauthorized: Invalid write key`,
      ]);
      expect(run.out).toContain('audit: 2/2 calls delivered');
      expect(run.out).toContain('crm: 0/2 calls delivered — FAILED');
      expect(
        project
          .calls()
          .map((c) => c.userId)
          .sort(),
      ).toEqual(['u1', 'u4']);
      expect(sink.requests).toHaveLength(1);
      const plan = await roster(project.root, 'plan', '--now', NOW1, '--format', 'json');
      const text = await roster(project.root, 'plan', '--now', NOW1);
      const payloads = await roster(project.root, 'plan', '--now', NOW1, '--show-payloads', 'crm');
      expect(text.out).toContain('admins → crm');
      expect(payloads.out.split('\n')).toHaveLength(2);
      const outputs = [run.out, run.err, plan.out, plan.err, text.out, text.err, payloads.out];
      for (const text of [...outputs, payloads.err, await stateDump(project.root)]) {
        expect(text).not.toContain(KEY);
        expect(text).not.toContain(Buffer.from(`${KEY}:`).toString('base64'));
      }
    } finally {
      delete process.env.CRM_KEY;
    }
  }, 60_000);

  it('quarantines invalid and refused calls without blocking the rest, then resends them with the same messageIds', async () => {
    let refuse = true;
    const sink = await startSink((r) =>
      refuse && r.batch.some((c) => c.userId === 'u4')
        ? { status: 422, body: JSON.stringify({ error: { message: 'u4 is on the blocklist' } }) }
        : { status: 200 },
    );
    sinks.push(sink);
    const project = await scratchProject(
      'duckdb',
      `audience admins = user where role = "Admin"
sync admins to hook with identify
`,
    );
    projects.push(project);
    addDestinations(
      project,
      `  hook: { type: webhook, url: "${sink.url}/in", headers: { Authorization: "Bearer \${HOOK_TOKEN}" }, batch_size: 2 }\n`,
    );
    const huge = `u${'x'.repeat(40_000)}`; // its identify call is over Segment's 32 KB
    await project.setData({
      ...DAY1,
      users: [
        ...DAY1.users,
        { id: 'u5', role: 'Admin' },
        { id: 'u6', role: 'Admin' },
        { id: huge, role: 'Admin' },
      ],
    });
    process.env.HOOK_TOKEN = TOKEN;
    try {
      const first = await roster(project.root, ...APPLY);
      expect(first.code, first.err.slice(0, 2000)).toBe(1);
      expect(first.out).toContain('hook: 3/5 calls delivered, 2 quarantined');
      expect(first.out).toMatch(
        /quarantined admins->hook u4 \([0-9a-f-]{36}\): hook refused it \(422\): u4 is on the blocklist/,
      );
      expect(first.out).toMatch(
        /quarantined admins->hook ux+ \([0-9a-f-]{36}\): the call is \d+ bytes; Segment accepts at most 32768/,
      );
      expect(first.err).toContain('error[apply-calls-quarantined]: 2 call(s) were quarantined');
      const received = sink.requests.flatMap((r) => r.batch.map((c) => String(c.userId)));
      expect(new Set(received)).toEqual(new Set(['u1', 'u4', 'u5', 'u6']));
      for (const r of sink.requests) expect(r.batch.length).toBeLessThanOrEqual(2);
      const u4First = sink.requests
        .flatMap((r) => r.batch)
        .find((c) => c.userId === 'u4')?.messageId;

      refuse = false;
      sink.requests.length = 0;
      const second = await roster(project.root, ...APPLY);
      // u4 goes through now; the oversized call is still invalid and still pending.
      expect(second.out).toContain('hook: 1/2 calls delivered, 1 quarantined');
      expect(sink.requests.flatMap((r) => r.batch.map((c) => c.messageId))).toEqual([u4First]);
      for (const text of [
        first.out,
        first.err,
        second.out,
        second.err,
        await stateDump(project.root),
      ])
        expect(text).not.toContain(TOKEN);
    } finally {
      delete process.env.HOOK_TOKEN;
    }
  }, 60_000);
});

function dataset(r: () => number, day: number): Data {
  const accounts = Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, plan: 'pro' }));
  const users = Array.from({ length: 12 }, (_, i) => ({
    id: `u${i}`,
    role: r() < 0.4 ? 'Admin' : 'Member',
  }));
  const memberships = users.map((u, i) => ({ user_id: u.id, account_id: `a${i % 6}` }));
  const tracks = users
    .filter(() => r() < 0.5)
    .map((u) => ({
      user_id: u.id,
      event: 'Logged In',
      timestamp: `2026-06-${String(24 + day * 3 + Math.floor(r() * 3)).padStart(2, '0')}T10:00:00Z`,
    }));
  return { accounts, users, memberships, tracks };
}

async function deliveredState(root: string): Promise<string[]> {
  let rows: string[] = [];
  await openStateForTest(root, async (_exec, query) => {
    rows = (await query('SELECT sync, call, member_id, present, value, seq FROM {delivered}')).map(
      (r) => JSON.stringify([r.sync, r.call, r.member_id, r.present, r.value, Number(r.seq)]),
    );
  });
  return rows.sort();
}

describe('apply over HTTP under injected faults', () => {
  const seeds = [1, 2, 3, 4, 5];
  it(`ends with the state of a fault-free run and every call acknowledged (${seeds.length} seeded runs, faults 0–50%)`, async () => {
    const sink = await startSink();
    sinks.push(sink);
    let applies = 0;
    let compared = 0;
    for (const seed of seeds) {
      const rate = (seed - 1) * 0.125; // 0% … 50%
      const r = seededRandom(seed);
      const reference = await scratchProject('duckdb', DEFINITIONS);
      const faulty = await scratchProject('duckdb', DEFINITIONS);
      projects.push(reference, faulty);
      // Same destination name, so the same messageIds: the reference writes a file, the other posts.
      const file = join(faulty.root, 'roster.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          'audit: { type: file, path: out/calls.ndjson }',
          `audit: { type: webhook, url: "${sink.url}", batch_size: 3, timeout: 0.15, max_retries: 1, retry_initial_delay: 0.001, retry_max_delay: 0.01 }`,
        ),
      );
      const received = new Map<string, string>();
      const answered2xx = new Set<string>();
      sink.answer = (request) => {
        for (const call of request.batch) {
          const id = String(call.messageId);
          const text = JSON.stringify(call);
          expect(received.get(id) ?? text, `seed ${seed}: ${id} resent with another body`).toBe(
            text,
          );
          received.set(id, text);
        }
        expect(request.batch.length).toBeLessThanOrEqual(3);
        let answer: Answer = { status: 200 };
        if (r() < rate) {
          const kind = Math.floor(r() * 5);
          answer =
            kind === 0
              ? { status: 500 }
              : kind === 1
                ? { status: 503 }
                : kind === 2
                  ? { status: 429, headers: { 'retry-after': '0' } }
                  : kind === 3
                    ? { status: 200, delayMs: 450 }
                    : { drop: true };
        }
        if ('status' in answer && answer.status === 200 && !answer.delayMs)
          for (const call of request.batch) answered2xx.add(String(call.messageId));
        return answer;
      };
      for (const day of [0, 1]) {
        const data = dataset(r, day);
        const now = day === 0 ? NOW1 : '2026-07-03T00:00:00Z';
        await reference.setData(data);
        await faulty.setData(data);
        const ref = await roster(
          reference.root,
          'apply',
          '--now',
          now,
          '--auto-approve',
          '--allow-mass-exit',
          // Each day's tracks are a fresh random draw: the table may shrink by half.
          '--allow-source-shrink',
        );
        expect(ref.code, ref.err).toBe(0);
        let code = 1;
        for (let attempt = 0; attempt < 20 && code !== 0; attempt++) {
          const run = await roster(
            faulty.root,
            'apply',
            '--now',
            now,
            '--auto-approve',
            '--allow-mass-exit',
            '--allow-source-shrink',
          );
          applies += 1;
          code = run.code;
          if (code !== 0) expect(run.err, `seed ${seed}`).toContain('delivering to `audit` failed');
        }
        expect(code, `seed ${seed} day ${day}: never completed`).toBe(0);
        const expected = reference.calls();
        for (const call of expected) {
          const id = String(call.messageId);
          expect(answered2xx.has(id), `seed ${seed}: ${id} never acknowledged`).toBe(true);
          expect(received.get(id)).toBe(JSON.stringify(call));
          compared += 1;
        }
        const ids = new Set(expected.map((c) => String(c.messageId)));
        for (const id of received.keys())
          expect(ids.has(id), `seed ${seed}: ${id} was never planned`).toBe(true);
        expect(await deliveredState(faulty.root)).toEqual(await deliveredState(reference.root));
        const plan = await roster(faulty.root, 'plan', '--now', now, '--detailed-exitcode');
        expect(plan.code, plan.out).toBe(0);
      }
    }
    console.log(`fault applies: ${applies}, calls compared with the fault-free run: ${compared}`);
    expect(compared).toBeGreaterThan(50);
  }, 600_000);
});
