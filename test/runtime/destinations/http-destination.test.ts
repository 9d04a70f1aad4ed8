/** `segment` and `webhook` destinations against a real HTTP receiver on loopback. */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DestinationConfig } from '../../../src/project/types.js';
import type { SegmentCall } from '../../../src/runtime/calls/build-call.js';
import type { Destination } from '../../../src/runtime/destinations/destination.js';
import { HttpDestination } from '../../../src/runtime/destinations/http-destination.js';
import { openDestination } from '../../../src/runtime/destinations/open-destination.js';
import { calls } from './calls.js';
import { startSink } from './sink.js';
import type { ReceivedRequest, Sink } from './sink.js';

const FAST = { retry_initial_delay: 0.001, retry_max_delay: 0.01, timeout: 2 };

function open(
  type: string,
  settings: Record<string, unknown>,
  env: NodeJS.ProcessEnv = {},
): Destination {
  const config: DestinationConfig = { name: 'crm', type, settings };
  const opened = openDestination(config, { root: '.', env });
  if (!opened.ok) throw new Error(opened.message);
  return opened.destination;
}

let sink: Sink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

const ids = (requests: readonly ReceivedRequest[]): string[] =>
  requests.flatMap((r) => r.batch.map((c) => String(c.messageId)));

describe('segment destination', () => {
  it('posts batches to <url>/v1/batch with the write key as the Basic user and acknowledges them', async () => {
    sink = await startSink();
    const dest = open('segment', { url: `${sink.url}/rudder`, write_key: 'wk_123', ...FAST });
    const sent = calls(7);
    const result = await dest.deliver(sent);
    expect(result.error).toBeUndefined();
    expect([...result.acknowledged].sort()).toEqual(sent.map((c) => c.messageId).sort());
    expect(sink.requests).toHaveLength(1);
    const [request] = sink.requests;
    expect(request?.path).toBe('/rudder/v1/batch');
    // Basic auth: base64("wk_123:"), checked by hand: d2tfMTIzOg==
    expect(request?.headers.authorization).toBe('Basic d2tfMTIzOg==');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.batch).toEqual(JSON.parse(JSON.stringify(sent)));
  });

  it('keeps every request within 2,500 calls and 500 KB', async () => {
    sink = await startSink();
    const dest = open('segment', { url: sink.url, write_key: 'k', ...FAST });
    // Small calls (~120 bytes): 2,500 of them fit in 500 KB, so the call limit cuts.
    const many: SegmentCall[] = Array.from({ length: 6000 }, (_, i) => ({
      type: 'identify',
      messageId: `m${i}`,
      timestamp: '2026-06-30T00:00:00.000Z',
      userId: `u${i}`,
      traits: {},
      context: { library: { name: 'roster', version: '0.1.0' } },
    }));
    expect((await dest.deliver(many)).acknowledged).toHaveLength(6000);
    expect(sink.requests.map((r) => r.batch.length).sort((a, b) => a - b)).toEqual([
      1000, 2500, 2500,
    ]);
    sink.requests.length = 0;
    const big = calls(60, 20_000); // ~20 KB each: 25 fit in 500 KB
    expect((await dest.deliver(big)).acknowledged).toHaveLength(60);
    const sizes = sink.requests.map((r) => Buffer.byteLength(r.raw));
    expect(sizes.length).toBeGreaterThan(2);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(500 * 1024);
    expect(ids(sink.requests).sort()).toEqual(big.map((c) => c.messageId).sort());
  });

  it('gives account group calls a deterministic anonymousId unless group_anonymous_id is false', async () => {
    const [group] = calls(1);
    expect(group?.type).toBe('group');
    expect(group?.anonymousId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(calls(1)[0]?.anonymousId).toBe(group?.anonymousId);
    expect(open('segment', { write_key: 'k' }).groupAnonymousId).toBe(true);
    expect(open('segment', { write_key: 'k', group_anonymous_id: false }).groupAnonymousId).toBe(
      false,
    );
  });

  it('splits a batch the receiver refuses (400) down to the one bad call, which is rejected with its message', async () => {
    const bad = calls(40)[17]?.messageId ?? '';
    sink = await startSink((r) =>
      r.batch.some((c) => c.messageId === bad)
        ? { status: 400, body: JSON.stringify({ message: 'traits.plan is too long' }) }
        : { status: 200 },
    );
    const dest = open('segment', { url: sink.url, write_key: 'k', ...FAST });
    const result = await dest.deliver(calls(40));
    expect(result.error).toBeUndefined();
    expect(result.acknowledged).toHaveLength(39);
    expect(result.acknowledged).not.toContain(bad);
    expect(result.rejected).toEqual([
      { messageId: bad, reason: 'crm refused it (400): traits.plan is too long' },
    ]);
    // Bisection: log2(40) levels, two requests each, plus the first: far fewer than 40.
    expect(sink.requests.length).toBeLessThanOrEqual(1 + 2 * 6);
  });

  it('fails at once on 401 naming the status and the message, never the write key', async () => {
    sink = await startSink(() => ({
      status: 401,
      body: JSON.stringify({ message: 'Invalid write key' }),
    }));
    const dest = open(
      'segment',
      { url: sink.url, write_key: '${SEGMENT_KEY}', ...FAST },
      { SEGMENT_KEY: 'sk_live_secret_42' },
    );
    const result = await dest.deliver(calls(6000));
    expect(result.acknowledged).toEqual([]);
    expect(result.error).toBe(
      `POST ${sink.url}/v1/batch answered 401 Unauthorized: Invalid write key`,
    );
    // No retry of a 401: at most the requests already in flight (concurrency 4).
    expect(sink.requests.length).toBeLessThanOrEqual(4);
  });

  it('retries 429 no sooner than Retry-After, and 500s with backoff, until acknowledged', async () => {
    let n = 0;
    sink = await startSink(() => {
      n += 1;
      if (n === 1) return { status: 429, headers: { 'retry-after': '0.05' } };
      if (n === 2) return { status: 503 };
      return { status: 200 };
    });
    const delays: number[] = [];
    const config: DestinationConfig = {
      name: 'crm',
      type: 'segment',
      settings: { url: sink.url, write_key: 'k', ...FAST },
    };
    const opened = openDestination(config, { root: '.', env: {}, random: () => 1 });
    if (!opened.ok) throw new Error(opened.message);
    const spy = opened.destination as unknown as { sleep: (ms: number) => Promise<void> };
    const original = spy.sleep;
    spy.sleep = (ms) => {
      delays.push(ms);
      return original(ms);
    };
    const result = await opened.destination.deliver(calls(3));
    expect(result.acknowledged).toHaveLength(3);
    expect(sink.requests).toHaveLength(3);
    // First retry: Retry-After 50 ms beats the jitter (≤ 1 ms); second: full jitter with random()=1 → 2 ms.
    expect(delays).toEqual([50, 2]);
  });

  it('treats an answer slower than the time limit as a failure and sends again (same calls)', async () => {
    let n = 0;
    sink = await startSink(() => {
      n += 1;
      return n === 1 ? { status: 200, delayMs: 400 } : { status: 200 };
    });
    const dest = open('segment', { url: sink.url, write_key: 'k', ...FAST, timeout: 0.1 });
    const sent = calls(5);
    const result = await dest.deliver(sent);
    expect(result.acknowledged).toHaveLength(5);
    expect(sink.requests).toHaveLength(2);
    expect(sink.requests[1]?.raw).toBe(sink.requests[0]?.raw);
  });

  it('keeps at most `concurrency` requests in flight (default 4)', async () => {
    sink = await startSink(() => ({ status: 200, delayMs: 20 }));
    await open('webhook', { url: sink.url, batch_size: 1, concurrency: 3, ...FAST }).deliver(
      calls(30),
    );
    expect(sink.requests).toHaveLength(30);
    expect(sink.maxInFlight).toBeLessThanOrEqual(3);
    sink.maxInFlight = 0;
    await open('webhook', { url: sink.url, batch_size: 1, ...FAST }).deliver(calls(30));
    expect(sink.maxInFlight).toBeLessThanOrEqual(4);
  });

  it('starts no more than `rate_limit` calls per second', async () => {
    sink = await startSink();
    // A clock that stands still: the waits asked for are exactly the rate limiter's.
    const waits: number[] = [];
    const dest = new HttpDestination({
      name: 'crm',
      type: 'webhook',
      url: sink.url,
      headers: {},
      maxCalls: 5,
      maxBytes: 500 * 1024,
      timeoutMs: 2000,
      concurrency: 1,
      rateLimit: 50,
      maxRetries: 0,
      retryInitialMs: 1,
      retryMaxMs: 1,
      secrets: [],
      groupAnonymousId: true,
      batchSize: 20,
      now: () => 1_000_000,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect((await dest.deliver(calls(20))).acknowledged).toHaveLength(20);
    // 4 requests of 5 calls at 50 calls/s: each starts 100 ms after the one before.
    expect(sink.requests).toHaveLength(4);
    expect(waits).toEqual([100, 200, 300]);
  });

  it('gives up after max_retries and reports what failed, without secrets the receiver echoes', async () => {
    sink = await startSink((r) => ({
      status: 500,
      body: `upstream broke for ${String(r.headers.authorization)} and key hunter2hunter2`,
    }));
    const dest = open(
      'segment',
      { url: sink.url, write_key: '${KEY}', max_retries: 2, ...FAST },
      { KEY: 'hunter2hunter2' },
    );
    const result = await dest.deliver(calls(2));
    expect(result.acknowledged).toEqual([]);
    expect(sink.requests).toHaveLength(3);
    expect(result.error).toContain('answered 500');
    expect(result.error).toContain('gave up after 3 attempts');
    expect(result.error).not.toContain('hunter2hunter2');
    expect(result.error).not.toContain(Buffer.from('hunter2hunter2:').toString('base64'));
  });
});

describe('webhook destination', () => {
  it('posts {batch} with configured headers (${VAR} resolved) and an HMAC-SHA256 signature of the body', async () => {
    sink = await startSink();
    const dest = open(
      'webhook',
      {
        url: `${sink.url}/hook`,
        headers: { Authorization: 'Bearer ${HOOK_TOKEN}', 'X-Team': 'growth' },
        signing_secret: '${HOOK_SECRET}',
        batch_size: 3,
        ...FAST,
      },
      { HOOK_TOKEN: 'tok_abc', HOOK_SECRET: 's3cret' },
    );
    const sent = calls(7);
    const result = await dest.deliver(sent);
    expect(result.acknowledged).toHaveLength(7);
    expect(sink.requests.map((r) => r.batch.length).sort()).toEqual([1, 3, 3]);
    for (const r of sink.requests) {
      expect(r.path).toBe('/hook');
      expect(r.headers.authorization).toBe('Bearer tok_abc');
      expect(r.headers['x-team']).toBe('growth');
      const expected = createHmac('sha256', 's3cret').update(r.raw).digest('hex');
      expect(r.headers['x-roster-signature']).toBe(`sha256=${expected}`);
      expect(Object.keys(JSON.parse(r.raw) as object)).toEqual(['batch']);
    }
  });

  it('sends no signature header without a signing secret', async () => {
    sink = await startSink();
    const dest = open('webhook', { url: sink.url, ...FAST });
    await dest.deliver(calls(1));
    expect(sink.requests[0]?.headers['x-roster-signature']).toBeUndefined();
  });
});

describe('destination settings', () => {
  const message = (type: string, settings: Record<string, unknown>, env = {}): string => {
    const opened = openDestination({ name: 'crm', type, settings }, { root: '.', env });
    return opened.ok ? 'opened' : opened.message;
  };

  it('explains each wrong setting', () => {
    expect(message('segment', {})).toBe('destination `crm` needs a `write_key`');
    expect(message('segment', { write_key: 'k', concurrency: 0 })).toBe(
      'destination `crm`: `concurrency` must be an integer from 1 to 64, not `0`',
    );
    expect(message('segment', { write_key: 'k', batch_size: 3000 })).toBe(
      'destination `crm`: `batch_size` must be an integer from 1 to 2500, not `3000`',
    );
    expect(message('webhook', { url: 'hooks.example.com' })).toBe(
      'destination `crm`: `url` is not an absolute URL (write it like https://host/path)',
    );
    expect(message('webhook', { url: 'ftp://x' })).toBe(
      'destination `crm`: `url` must be an http:// or https:// URL',
    );
    expect(message('segment', { write_key: 'k', rate_limit: '${RATE}' }, { RATE: 'fast' })).toBe(
      // A value from ${VAR} may be a secret: it is never echoed.
      'destination `crm`: `rate_limit` must be a number above 0, not `***`',
    );
    expect(message('segment', { write_key: '${KEY}' })).toContain(
      'environment variable KEY is not set',
    );
    expect(message('kafka', {})).toBe(
      'destination `crm` has type `kafka`; roster delivers to segment, webhook and file',
    );
  });

  it('never echoes a secret in a settings error', () => {
    const text = message(
      'webhook',
      { url: 'https://${HOOK_SECRET_HOST}' },
      { HOOK_SECRET_HOST: 'not a host with spaces' },
    );
    expect(text).not.toContain('not a host');
    expect(message('segment', { write_key: 'k', timeout: '${T}' }, { T: 'tok_leaky' })).toBe(
      'destination `crm`: `timeout` must be a number above 0, not `***`',
    );
  });
});
