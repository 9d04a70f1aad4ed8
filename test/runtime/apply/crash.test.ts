/**
 * Crash safety of `roster apply` (LANGUAGE.md §7, ARCHITECTURE.md "Runtime
 * shape"): real `bin/roster.js apply` processes are SIGKILLed at many points
 * of delivery — after N acknowledged calls before or after the state commit,
 * in the middle of a file write, just before finalising — across 52 seeded
 * runs. Every kill is a fault hook chosen from the seed (never a timer), so
 * the schedule, and how many runs die, is the same on every machine: each
 * day's killed runs die at delivery points after a few calls, the last one
 * just before finalising. After
 * a recovery apply:
 * every call of an uncrashed reference run is in the file at least once,
 * nothing else is, duplicates are identical (same message id, same call),
 * and the delivered state equals the reference's (so a new plan is empty).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { roster } from './cli.js';
import { APPLY, byId, dataset, expectRecovered, expireLease, NOWS, rng } from './crash-support.js';
import type { Killed } from './crash-support.js';
import { scratchProject } from './project.js';
import type { ScratchProject } from './project.js';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'roster.js');

function killedApply(
  root: string,
  now: string,
  r: () => number,
  maxCalls: number,
  last: boolean,
): Promise<Killed> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    ROSTER_BATCH_SIZE: String(1 + Math.floor(r() * 5)),
  };
  // Delivery points first; finalize (which dies after every call went out) only when asked.
  const points = ['before-commit', 'after-commit', 'mid-batch'] as const;
  const point = last ? 'finalize' : (points[Math.floor(r() * points.length)] ?? 'before-commit');
  // Few calls per killed run, so the next killed run still has calls left to die in.
  // `maxCalls` comes from the calls still missing from the file, so the schedule
  // depends only on the seed and on what earlier runs delivered.
  env.ROSTER_FAULT_KILL_AFTER_CALLS = String(1 + Math.floor(r() * maxCalls));
  env.ROSTER_FAULT_KILL_POINT = point;
  // Delivery state is recorded at checkpoints (every 60 s by default). A kill after a commit
  // must land between two batches, so those runs record after every batch; the others keep
  // the default and die with several batches sent but not yet recorded.
  if (point === 'after-commit') env.ROSTER_CHECKPOINT_SECONDS = '0';
  const how = `hook ${point} after ${env.ROSTER_FAULT_KILL_AFTER_CALLS} (batch ${env.ROSTER_BATCH_SIZE})`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...APPLY(now), '--project', root], {
      env,
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      resolve({ how, code, signal });
    });
  });
}

const projects: ScratchProject[] = [];
afterAll(async () => {
  for (const p of projects) await p.dispose();
});

describe('apply survives SIGKILL at any point of delivery', () => {
  const chains = [101, 202, 303, 404];
  it('recovers every transition, with identical duplicates and the reference state', async () => {
    const killed: Killed[] = [];
    await Promise.all(
      chains.map(async (seed) => {
        const reference = await scratchProject('duckdb');
        const crashed = await scratchProject('duckdb');
        projects.push(reference, crashed);
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
            const seen = new Set(crashed.calls().map((c) => String(c.messageId)));
            const missing = [...referenceIds].filter((id) => !seen.has(id)).length;
            const maxCalls = Math.max(1, Math.min(day === 'a' ? 8 : 3, Math.ceil(missing / 2)));
            killed.push(await killedApply(crashed.root, NOWS[day], r, maxCalls, i === kills - 1));
            // A killed holder's lock is taken over once its lease runs out; run the clock forward.
            await expireLease(crashed.root);
          }
          const recovery = await roster(crashed.root, ...APPLY(NOWS[day]));
          expect(recovery.code, recovery.err).toBe(0);

          const expected = byId(reference.calls());
          const got = crashed.calls();
          for (const call of got) {
            // Nothing outside the reference run, and every copy is the same call.
            expect(
              expected.get(String(call.messageId)),
              `unexpected call ${JSON.stringify(call)}`,
            ).toEqual(call);
          }
          const seen = new Set(got.map((c) => String(c.messageId)));
          for (const id of expected.keys())
            expect(seen.has(id), `missing call ${id} (seed ${seed}, day ${day})`).toBe(true);
          await expectRecovered(crashed.root, reference.root, NOWS[day]);
        }
      }),
    );
    expect(killed.length).toBeGreaterThanOrEqual(50);
    // Most runs must really have died mid-way, or the test proves little.
    const died = killed.filter((k) => k.signal === 'SIGKILL');
    console.log(`crash schedule: ${died.length} of ${killed.length} killed runs died mid-way`);
    expect(
      died.length,
      killed.map((k) => `${k.how}: ${k.signal ?? `exit ${k.code}`}`).join('\n'),
    ).toBeGreaterThanOrEqual(35);
    // ~80 real apply processes: generous, as CI machines are shared.
  }, 1_800_000);
});
