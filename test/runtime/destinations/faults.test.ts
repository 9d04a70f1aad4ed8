/**
 * HTTP delivery under faults, against a real loopback receiver: over 200
 * seeded runs with fault rates from 0 to 50%, each request may get a 500, a
 * 503, a 429 with Retry-After, an answer slower than the time limit (a 200
 * arriving after the client gave up), or a connection dropped midway through
 * the answer. Deliveries are repeated, as applies would be, until nothing is
 * pending. Checked per run: every call is eventually acknowledged; nothing is
 * acknowledged that the receiver did not answer 2xx for in time; a messageId
 * is only ever repeated with the identical call; every request respects the
 * call and byte limits; the acknowledged set equals the planned set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmentCall } from '../../../src/runtime/calls/build-call.js';
import { openDestination } from '../../../src/runtime/destinations/open-destination.js';
import { seededRandom } from '../../support/seeded-random.js';
import { calls } from './calls.js';
import { startSink } from './sink.js';
import type { Answer, Sink } from './sink.js';

const TIMEOUT_MS = 150;
const RUNS = 200;

let sink: Sink;
beforeAll(async () => {
  sink = await startSink();
});
afterAll(async () => {
  await sink.close();
});

interface RunReport {
  faults: Record<string, number>;
  requests: number;
  rounds: number;
}

async function run(seed: number): Promise<RunReport> {
  const r = seededRandom(seed);
  const rate = (seed % 11) * 0.05; // 0%, 5%, …, 50%
  const type = r() < 0.5 ? 'segment' : 'webhook';
  const batchSize = 1 + Math.floor(r() * 8);
  const planned: SegmentCall[] = calls(3 + Math.floor(r() * 30), r() < 0.2 ? 3_000 : 0).map(
    (c) => ({ ...c, messageId: `${seed}-${c.messageId}` }),
  );
  const faults: Record<string, number> = {};
  /** Calls the receiver answered 2xx for, as it sent the answer. */
  const answered2xx = new Set<string>();
  const seen = new Map<string, string>();
  const limits: string[] = [];
  let requests = 0;
  sink.answer = (request) => {
    requests += 1;
    for (const call of request.batch) {
      const id = String(call.messageId);
      const text = JSON.stringify(call);
      const before = seen.get(id);
      if (before !== undefined && before !== text) limits.push(`${id} repeated with another body`);
      seen.set(id, text);
    }
    const bytes = Buffer.byteLength(request.raw);
    if (bytes > 500 * 1024) limits.push(`request of ${bytes} bytes`);
    const maxCalls = type === 'segment' ? 2500 : batchSize;
    if (request.batch.length > maxCalls) limits.push(`request of ${request.batch.length} calls`);
    let answer: Answer = { status: 200 };
    if (r() < rate) {
      const kinds = ['500', '503', '429', 'slow', 'drop'] as const;
      const kind = kinds[Math.floor(r() * kinds.length)] ?? '500';
      faults[kind] = (faults[kind] ?? 0) + 1;
      if (kind === '500') answer = { status: 500, body: 'oops' };
      else if (kind === '503') answer = { status: 503 };
      else if (kind === '429')
        answer = { status: 429, headers: { 'retry-after': r() < 0.5 ? '0' : '0.01' } };
      else if (kind === 'slow') answer = { status: 200, delayMs: TIMEOUT_MS * 3 };
      else answer = { drop: true };
    }
    if ('status' in answer && answer.status === 200 && !answer.delayMs)
      for (const call of request.batch) answered2xx.add(String(call.messageId));
    return answer;
  };
  const opened = openDestination(
    {
      name: 'crm',
      type,
      settings: {
        url: sink.url,
        ...(type === 'segment' ? { write_key: 'k' } : {}),
        ...(type === 'webhook' || r() < 0.5 ? { batch_size: batchSize } : {}),
        timeout: TIMEOUT_MS / 1000,
        concurrency: 1 + Math.floor(r() * 4),
        max_retries: Math.floor(r() * 4),
        retry_initial_delay: 0.001,
        retry_max_delay: 0.01,
      },
    },
    { root: '.', env: {}, random: seededRandom(seed + 1_000_000) },
  );
  if (!opened.ok) throw new Error(opened.message);
  const destination = opened.destination;
  let pending = planned;
  const acknowledged = new Set<string>();
  let rounds = 0;
  // As successive applies would: resend what is not acknowledged, same calls, same ids.
  while (pending.length > 0 && rounds < 50) {
    rounds += 1;
    const result = await destination.deliver(pending);
    expect(result.rejected, `seed ${seed}`).toBeUndefined();
    for (const id of result.acknowledged) {
      expect(answered2xx.has(id), `seed ${seed}: ${id} acknowledged without a 2xx`).toBe(true);
      acknowledged.add(id);
    }
    pending = pending.filter((c) => !acknowledged.has(c.messageId));
  }
  expect(limits, `seed ${seed}`).toEqual([]);
  expect(
    pending.map((c) => c.messageId),
    `seed ${seed}: never acknowledged`,
  ).toEqual([]);
  expect([...acknowledged].sort()).toEqual(planned.map((c) => c.messageId).sort());
  // Every planned call reached the receiver exactly as planned.
  for (const call of planned) expect(seen.get(call.messageId)).toBe(JSON.stringify(call));
  return { faults, requests, rounds };
}

describe('HTTP delivery under injected faults', () => {
  it(`acknowledges every call at least once, within limits, over ${RUNS} seeded runs`, async () => {
    const reports: RunReport[] = [];
    for (let seed = 1; seed <= RUNS; seed++) reports.push(await run(seed));
    const totals: Record<string, number> = {};
    for (const report of reports)
      for (const [kind, n] of Object.entries(report.faults)) totals[kind] = (totals[kind] ?? 0) + n;
    const requests = reports.reduce((sum, x) => sum + x.requests, 0);
    console.log(
      `fault runs: ${reports.length}, requests: ${requests}, faults injected: ${JSON.stringify(totals)}, runs needing several rounds: ${reports.filter((x) => x.rounds > 1).length}`,
    );
    expect(reports).toHaveLength(RUNS);
    // The runs really met every kind of fault.
    for (const kind of ['500', '503', '429', 'slow', 'drop'])
      expect(totals[kind] ?? 0, kind).toBeGreaterThan(10);
  }, 300_000);
});
