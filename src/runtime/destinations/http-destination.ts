/**
 * The HTTP batcher behind `segment` and `webhook` destinations, on Node's own
 * http/https with a keep-alive agent per destination. It is ours rather than
 * @segment/analytics-node because an apply must know exactly which calls a
 * receiver acknowledged, and send them as planned (README.md of this folder).
 *
 * A batch handed to `deliver` is cut into requests of at most `maxCalls`
 * calls and `maxBytes` bytes of body. Each request:
 *   2xx              → every call in it is acknowledged;
 *   429, 5xx, 408, a network error or the time limit
 *                    → retried with exponential backoff and full jitter, at
 *                      least `Retry-After` later when the receiver says so;
 *   400, 413, 422    → split in halves, each sent again, down to the one call
 *                      the receiver refuses: that call is rejected (quarantined)
 *                      with the receiver's message;
 *   401, 403, 404    → the destination fails at once (in-flight requests are
 *                      cancelled), naming the status and the body's message;
 *   other statuses   → the request's calls fail (not acknowledged).
 * At most `concurrency` requests are in flight, and with `rateLimit` calls
 * start at most that many per second. Every message is scrubbed of secrets.
 */
import { createHmac } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { errorMessage } from '../warehouse.js';
import type { CallRef, DeliveryResult, Destination, Rejection } from './destination.js';

export interface HttpDestinationOptions {
  name: string;
  type: 'segment' | 'webhook';
  url: string;
  headers: Record<string, string>;
  /** HMAC-SHA256 of the body with this secret goes into `signatureHeader` as `sha256=<hex>`. */
  signingSecret?: string;
  signatureHeader?: string;
  maxCalls: number;
  maxBytes: number;
  timeoutMs: number;
  concurrency: number;
  /** Calls per second, when limited. */
  rateLimit?: number;
  /** Retries of one request before its calls count as failed for this run. */
  maxRetries: number;
  retryInitialMs: number;
  retryMaxMs: number;
  /** The longest `Retry-After` honoured (a receiver asking for more is retried after this). */
  retryAfterMaxMs?: number;
  /** Values that must never appear in a message (resolved `${VAR}`s, the write key). */
  secrets: readonly string[];
  groupAnonymousId: boolean;
  /** The apply's read batch (see Destination.batchSize). */
  batchSize: number;
  /** For tests: jitter source and clock. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Statuses after which the batch is bisected to find the call the receiver refuses. */
const SPLIT = new Set([400, 413, 422]);
/** Statuses that mean the destination itself is wrong (key, permission, URL): no call can succeed. */
const FATAL = new Set([401, 403, 404]);

function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** `Retry-After` (seconds or an HTTP date) in ms, or undefined. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The readable part of an error response: a JSON `message`/`error`, else the text, shortened. */
function bodyMessage(text: string): string {
  let message = text.trim();
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const o = parsed as Record<string, unknown>;
      const inner = o.error;
      const candidate =
        typeof o.message === 'string'
          ? o.message
          : typeof inner === 'string'
            ? inner
            : typeof inner === 'object' &&
                inner !== null &&
                typeof (inner as Record<string, unknown>).message === 'string'
              ? ((inner as Record<string, unknown>).message as string)
              : undefined;
      if (candidate !== undefined) message = candidate;
    }
  } catch {
    // not JSON: the text itself
  }
  message = message.replace(/\s+/g, ' ');
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}

interface Chunk {
  calls: readonly CallRef[];
  /** Each call serialised once; the body is `{"batch":[…]}` around them. */
  json: readonly string[];
}

const BODY_OVERHEAD = Buffer.byteLength('{"batch":[]}');

type Attempt =
  | { kind: 'ok' }
  | { kind: 'split'; message: string; status: number }
  | { kind: 'fatal'; message: string }
  | { kind: 'retry'; message: string; afterMs?: number }
  | { kind: 'fail'; message: string };

interface HttpAnswer {
  status: number;
  statusText: string;
  retryAfter: string | null;
  text: string;
}

/** One POST; resolves with the whole answer, rejects on a network error, an abort or an answer cut short. */
function postOnce(
  url: URL,
  agent: HttpAgent,
  headers: Record<string, string>,
  body: Buffer,
  signal: AbortSignal,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(body.length) },
        agent,
        signal,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('error', reject);
        res.on('close', () => {
          if (!res.complete) {
            reject(new Error('the connection closed before the answer was complete'));
            return;
          }
          const retryAfter = res.headers['retry-after'];
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
            text: Buffer.concat(parts).toString('utf8'),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];
  constructor(size: number) {
    this.free = size;
  }
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}

export class HttpDestination implements Destination {
  readonly name: string;
  readonly type: string;
  readonly batchSize: number;
  readonly groupAnonymousId: boolean;
  private readonly slots: Slots;
  private readonly url: URL;
  private readonly agent: HttpAgent;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  /** When the next call may start under the rate limit (ms since epoch). */
  private nextStart = 0;

  constructor(private readonly options: HttpDestinationOptions) {
    this.name = options.name;
    this.type = options.type;
    this.batchSize = options.batchSize;
    this.groupAnonymousId = options.groupAnonymousId;
    this.slots = new Slots(Math.max(1, options.concurrency));
    this.url = new URL(options.url);
    // Keep-alive connections, one per request slot; Node's http sets TCP_NODELAY, so a
    // small request is not held back by Nagle's algorithm (the global fetch took ~40 ms per small POST on loopback; this takes ~5).
    const agentOptions = { keepAlive: true, maxSockets: Math.max(1, options.concurrency) };
    this.agent =
      this.url.protocol === 'https:' ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.sleep =
      options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))));
  }

  /** `text` without any secret of this destination. */
  redact(text: string): string {
    let out = text;
    for (const secret of this.options.secrets)
      if (secret !== '') out = out.split(secret).join('***');
    return out;
  }

  /** Requests for `batch`: consecutive calls, within the call and byte limits. */
  chunks(batch: readonly CallRef[], texts?: readonly string[]): Chunk[] {
    const out: Chunk[] = [];
    let calls: CallRef[] = [];
    let json: string[] = [];
    let bytes = BODY_OVERHEAD;
    for (const [i, call] of batch.entries()) {
      const text = texts?.[i] ?? JSON.stringify(call);
      const size = Buffer.byteLength(text) + (json.length > 0 ? 1 : 0);
      if (
        json.length > 0 &&
        (json.length >= this.options.maxCalls || bytes + size > this.options.maxBytes)
      ) {
        out.push({ calls, json });
        calls = [];
        json = [];
        bytes = BODY_OVERHEAD;
      }
      calls.push(call);
      json.push(text);
      bytes += Buffer.byteLength(text) + (json.length > 1 ? 1 : 0);
    }
    if (json.length > 0) out.push({ calls, json });
    return out;
  }

  async deliver(batch: readonly CallRef[], json?: readonly string[]): Promise<DeliveryResult> {
    const acknowledged: string[] = [];
    const rejected: Rejection[] = [];
    const failures: string[] = [];
    const fatal = new AbortController();
    let fatalMessage: string | undefined;

    const send = async (chunk: Chunk): Promise<void> => {
      for (let attempt = 0; ; attempt += 1) {
        if (fatal.signal.aborted) return;
        const result = await this.slots.run(async () => {
          if (fatal.signal.aborted) return undefined;
          await this.waitForRate(chunk.calls.length);
          return this.post(chunk, fatal.signal);
        });
        if (result === undefined || fatal.signal.aborted) return;
        switch (result.kind) {
          case 'ok':
            for (const call of chunk.calls) acknowledged.push(call.messageId);
            return;
          case 'fatal':
            fatalMessage ??= result.message;
            fatal.abort();
            return;
          case 'fail':
            failures.push(result.message);
            return;
          case 'split': {
            const only = chunk.calls[0];
            if (chunk.calls.length === 1 && only) {
              rejected.push({
                messageId: only.messageId,
                reason: `${this.options.name} refused it (${result.status}): ${result.message}`,
              });
              return;
            }
            const half = Math.ceil(chunk.calls.length / 2);
            await Promise.all([
              send({ calls: chunk.calls.slice(0, half), json: chunk.json.slice(0, half) }),
              send({ calls: chunk.calls.slice(half), json: chunk.json.slice(half) }),
            ]);
            return;
          }
          case 'retry': {
            if (attempt >= this.options.maxRetries) {
              failures.push(`${result.message} (gave up after ${attempt + 1} attempts)`);
              return;
            }
            // Full jitter: uniform in [0, min(max, initial · 2^attempt)].
            const ceiling = Math.min(
              this.options.retryMaxMs,
              this.options.retryInitialMs * 2 ** attempt,
            );
            let delay = this.random() * ceiling;
            if (result.afterMs !== undefined)
              delay = Math.max(
                delay,
                Math.min(result.afterMs, this.options.retryAfterMaxMs ?? 300_000),
              );
            await this.sleep(delay);
          }
        }
      }
    };

    await Promise.all(this.chunks(batch, json).map(send));
    const error =
      fatalMessage ??
      (failures.length > 0
        ? `${failures.length} request(s) failed: ${failures[0] ?? ''}${failures.length > 1 ? ' …' : ''}`
        : undefined);
    return {
      acknowledged,
      ...(rejected.length > 0 ? { rejected } : {}),
      ...(error !== undefined ? { error: this.redact(error) } : {}),
    };
  }

  private async waitForRate(calls: number): Promise<void> {
    const rate = this.options.rateLimit;
    if (rate === undefined || rate <= 0) return;
    const now = this.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + (calls / rate) * 1000;
    if (start > now) await this.sleep(start - now);
  }

  private async post(chunk: Chunk, fatal: AbortSignal): Promise<Attempt> {
    const { url, timeoutMs } = this.options;
    const body = `{"batch":[${chunk.json.join(',')}]}`;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'roster',
      ...this.options.headers,
    };
    if (this.options.signingSecret !== undefined)
      headers[(this.options.signatureHeader ?? 'x-roster-signature').toLowerCase()] =
        `sha256=${createHmac('sha256', this.options.signingSecret).update(body).digest('hex')}`;
    const where = `POST ${url}`;
    const controller = new AbortController();
    const onFatal = (): void => controller.abort();
    fatal.addEventListener('abort', onFatal);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const answer = await postOnce(
        this.url,
        this.agent,
        headers,
        Buffer.from(body),
        controller.signal,
      );
      const { status, text } = answer;
      if (status >= 200 && status < 300) return { kind: 'ok' };
      const message = this.redact(
        `${where} answered ${status}${answer.statusText ? ` ${answer.statusText}` : ''}${text.trim() ? `: ${bodyMessage(text)}` : ''}`,
      );
      if (SPLIT.has(status))
        return { kind: 'split', status, message: this.redact(bodyMessage(text) || `${status}`) };
      if (FATAL.has(status)) return { kind: 'fatal', message };
      if (retryable(status)) {
        const after = retryAfterMs(answer.retryAfter);
        return { kind: 'retry', message, ...(after !== undefined ? { afterMs: after } : {}) };
      }
      return { kind: 'fail', message };
    } catch (caught) {
      if (fatal.aborted) return { kind: 'fail', message: 'cancelled' };
      const reason = timedOut ? `no complete answer within ${timeoutMs} ms` : errorMessage(caught);
      return { kind: 'retry', message: this.redact(`${where}: ${reason}`) };
    } finally {
      clearTimeout(timer);
      fatal.removeEventListener('abort', onFatal);
    }
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
}
