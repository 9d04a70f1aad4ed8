/**
 * Crash safety of `roster apply` over HTTP (issue 12, "Done when"): real
 * `bin/roster.js apply` processes posting to a `webhook` destination — a
 * real receiver on loopback in this test process — are SIGKILLed at many
 * points, across 52 seeded runs, then a recovery apply runs. The points:
 * inside the client after N calls were answered 2xx but before their
 * checkpoint (`before-commit`), right after a checkpoint (`after-commit`),
 * just before finalising (the last run of each day), and from the receiver's
 * side — the Kth request arrived and the client is killed before any answer
 * (`server-received`), or right after a 200 was written, so the receiver has
 * the calls and the client may or may not have learnt it (`server-answered`).
 * Every kill is chosen from the seed and from what earlier runs got
 * acknowledged, never by a timer; requests go one at a time
 * (`concurrency: 1`), so the receiver sees the same sequence on every
 * machine. The test reports how many runs died mid-way (it fails under 45
 * of 52) and how many calls were received more than once (it fails at zero).
 *
 * After each day's recovery, compared with an uncrashed reference run to a
 * file (same project and destination names, hence the same messageIds):
 * every planned call was answered 2xx at least once; the receiver got no
 * call outside the plan; a repeated messageId always came with an identical
 * payload; the delivered state equals the reference's, and a new plan is empty.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSink } from '../destinations/sink.js';
import type { Answer, Sink } from '../destinations/sink.js';
import { roster } from './cli.js';
import { APPLY, byId, dataset, expectRecovered, expireLease, NOWS, rng } from './crash-support.js';
import type { Killed } from './crash-support.js';
import { scratchProject } from './project.js';
import type { ScratchProject } from './project.js';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'roster.js');

/** What the receiver of one chain saw, across all its runs. */
interface Receiver {
  sink: Sink;
  /** messageId → the payload first received (JSON text). */
  received: Map<string, string>;
  /** messageIds in requests answered 200 in full. */
  acknowledged: Set<string>;
  /** Repeats whose payload differed from the first copy (must stay empty). */
  mismatches: string[];
  /** Calls received again (resent after a kill): identical, or they would be in `mismatches`. */
  repeats: number;
  /** The apply process now running, and when the receiver must kill it. */
  child?: ChildProcess;
  killAt?: { request: number; after: boolean };
  requestsThisRun: number;
}

async function receiver(): Promise<Receiver> {
  const sink = await startSink();
  const state: Receiver = {
    sink,
    received: new Map(),
    acknowledged: new Set(),
    mismatches: [],
    repeats: 0,
    requestsThisRun: 0,
  };
  sink.answer = (request) => {
    for (const call of request.batch) {
      const id = String(call.messageId);
      const text = JSON.stringify(call);
      const first = state.received.get(id);
      if (first === undefined) state.received.set(id, text);
      else {
        state.repeats += 1;
        if (first !== text) state.mismatches.push(`${id}: ${first} then ${text}`);
      }
    }
    state.requestsThisRun += 1;
    const kill = state.killAt;
    let answer: Answer = { status: 200 };
    // A request that slips out between the kill and the process's death is never
    // answered, so what the receiver acknowledged does not depend on timing.
    if (kill && state.requestsThisRun > kill.request) return { drop: true };
    if (kill && state.requestsThisRun === kill.request) {
      if (kill.after) {
        // The receiver has the calls (answered 200); the client dies just after.
        for (const call of request.batch) state.acknowledged.add(String(call.messageId));
        setImmediate(() => state.child?.kill('SIGKILL'));
        return answer;
      }
      // The request arrived; the client dies before any answer.
      state.child?.kill('SIGKILL');
      answer = { drop: true };
      return answer;
    }
    for (const call of request.batch) state.acknowledged.add(String(call.messageId));
    return answer;
  };
  return state;
}

const POINTS = ['before-commit', 'after-commit', 'server-received', 'server-answered'] as const;

function killedApply(
  root: string,
  now: string,
  r: () => number,
  maxCalls: number,
  last: boolean,
  rx: Receiver,
): Promise<Killed> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    ROSTER_BATCH_SIZE: String(1 + Math.floor(r() * 5)),
  };
  const point = last ? 'finalize' : (POINTS[Math.floor(r() * POINTS.length)] ?? 'before-commit');
  // Few calls (or requests) per killed run, so the next killed run still has calls left to
  // die in. `maxCalls` comes from the planned calls the receiver has not acknowledged yet.
  const n = 1 + Math.floor(r() * maxCalls);
  // Delivery state is recorded at checkpoints (60 s by default). After-commit kills record
  // after every batch so they land between batches; receiver-side kills do so half the time,
  // so some die during a checkpoint and others with every acknowledged call unrecorded.
  const everyBatch = point === 'after-commit' || (point.startsWith('server-') && r() < 0.5);
  if (everyBatch) env.ROSTER_CHECKPOINT_SECONDS = '0';
  if (point.startsWith('server-')) {
    rx.killAt = { request: n, after: point === 'server-answered' };
  } else {
    rx.killAt = undefined;
    env.ROSTER_FAULT_KILL_AFTER_CALLS = String(n);
    env.ROSTER_FAULT_KILL_POINT = point;
  }
  rx.requestsThisRun = 0;
  const how = `${point} at ${n} (batch ${env.ROSTER_BATCH_SIZE}${everyBatch ? ', checkpoint every batch' : ''})`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...APPLY(now), '--project', root], {
      env,
      stdio: 'ignore',
    });
    rx.child = child;
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      rx.child = undefined;
      rx.killAt = undefined;
      resolve({ how, code, signal });
    });
  });
}

/** Points the project's `audit` destination (a file in the reference) at the receiver. */
function toReceiver(project: ScratchProject, url: string): void {
  const file = join(project.root, 'roster.yaml');
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(
      'audit: { type: file, path: out/calls.ndjson }',
      `audit: { type: webhook, url: "${url}/hook", batch_size: 2, concurrency: 1, timeout: 20 }`,
    ),
  );
}

const projects: ScratchProject[] = [];
const receivers: Receiver[] = [];
afterAll(async () => {
  for (const rx of receivers) {
    rx.child?.kill('SIGKILL');
    await rx.sink.close();
  }
  for (const p of projects) await p.dispose();
});

describe('apply over HTTP survives SIGKILL at any point of delivery', () => {
  const chains = [505, 606, 707, 808];
  it('recovers every transition, with identical duplicates and the reference state', async () => {
    const killed: Killed[] = [];
    let compared = 0;
    await Promise.all(
      chains.map(async (seed) => {
        const rx = await receiver();
        receivers.push(rx);
        const reference = await scratchProject('duckdb');
        const crashed = await scratchProject('duckdb');
        projects.push(reference, crashed);
        toReceiver(crashed, rx.sink.url);
        const r = rng(seed);
        for (const day of ['a', 'b'] as const) {
          const data = dataset(seed, day);
          await reference.setData(data);
          await crashed.setData(data);
          const ref = await roster(reference.root, ...APPLY(NOWS[day]));
          expect(ref.code, ref.err).toBe(0);
          const kills = day === 'a' ? 7 : 6;
          const referenceIds = new Set(reference.calls().map((c) => String(c.messageId)));
          for (let i = 0; i < kills; i++) {
            const missing = [...referenceIds].filter((id) => !rx.acknowledged.has(id)).length;
            const maxCalls = Math.max(1, Math.min(day === 'a' ? 8 : 3, Math.ceil(missing / 2)));
            killed.push(
              await killedApply(crashed.root, NOWS[day], r, maxCalls, i === kills - 1, rx),
            );
            // A killed holder's lock is taken over once its lease runs out; run the clock forward.
            await expireLease(crashed.root);
          }
          const recovery = await roster(crashed.root, ...APPLY(NOWS[day]));
          expect(recovery.code, recovery.err).toBe(0);

          const expected = byId(reference.calls());
          for (const [id, call] of expected) {
            expect(
              rx.acknowledged.has(id),
              `never acknowledged: ${id} (seed ${seed}, day ${day})`,
            ).toBe(true);
            expect(rx.received.get(id), `seed ${seed}: ${id}`).toBe(JSON.stringify(call));
            compared += 1;
          }
          for (const id of rx.received.keys())
            expect(expected.has(id), `seed ${seed}: ${id} was never planned`).toBe(true);
          expect(rx.mismatches, `seed ${seed}: a messageId repeated with another payload`).toEqual(
            [],
          );
          await expectRecovered(crashed.root, reference.root, NOWS[day]);
        }
      }),
    );
    expect(killed.length).toBeGreaterThanOrEqual(50);
    const died = killed.filter((k) => k.signal === 'SIGKILL');
    const repeats = receivers.reduce((n, rx) => n + rx.repeats, 0);
    const byPoint = new Map<string, number>();
    for (const k of died) {
      const point = k.how.split(' ')[0] ?? '';
      byPoint.set(point, (byPoint.get(point) ?? 0) + 1);
    }
    console.log(
      `http crash schedule: ${died.length} of ${killed.length} killed runs died mid-way ` +
        `(${[...byPoint].map(([p, n]) => `${p} ${n}`).join(', ')}); ${compared} planned calls compared; ` +
        `${repeats} calls received again, each identical`,
    );
    // Most runs must really have died mid-way, or the test proves little.
    expect(
      died.length,
      killed.map((k) => `${k.how}: ${k.signal ?? `exit ${k.code}`}`).join('\n'),
    ).toBeGreaterThanOrEqual(45);
    expect(compared).toBeGreaterThan(0);
    // Kills between acknowledgement and checkpoint must have caused resends, or the
    // at-least-once path was never exercised.
    expect(repeats).toBeGreaterThan(0);
    // ~70 real apply processes on a shared machine: generous.
  }, 1_800_000);
});
