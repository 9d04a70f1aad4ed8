/**
 * A real HTTP receiver on loopback for destination tests. Every request is
 * recorded (method, path, headers, raw body and its parsed batch); how it is
 * answered is decided per request by `answer`, which may delay the answer,
 * drop the connection midway, or answer after the client gave up.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  n: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  batch: Array<Record<string, unknown>>;
}

export type Answer =
  | {
      status: number;
      body?: string;
      headers?: Record<string, string>;
      /** Wait this long before answering. */
      delayMs?: number;
    }
  /** Send the head and half a body, then destroy the socket. */
  | { drop: true };

export interface Sink {
  url: string;
  requests: ReceivedRequest[];
  answer: (request: ReceivedRequest) => Answer;
  /** Requests received and not yet answered, and the most there ever were at once. */
  inFlight: number;
  maxInFlight: number;
  close(): Promise<void>;
}

export async function startSink(
  answer: (request: ReceivedRequest) => Answer = () => ({ status: 200, body: '{}' }),
): Promise<Sink> {
  const sink: Sink = {
    url: '',
    requests: [],
    answer,
    inFlight: 0,
    maxInFlight: 0,
    close: async () => undefined,
  };
  const reply = (res: ServerResponse, a: Answer): void => {
    if ('drop' in a) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"success":');
      setImmediate(() => res.socket?.destroy());
      return;
    }
    res.writeHead(a.status, { 'content-type': 'application/json', ...(a.headers ?? {}) });
    res.end(a.body ?? '{}');
  };
  const server: Server = createServer((req, res) => {
    sink.inFlight += 1;
    sink.maxInFlight = Math.max(sink.maxInFlight, sink.inFlight);
    res.on('close', () => {
      sink.inFlight -= 1;
    });
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const raw = Buffer.concat(parts).toString('utf8');
      let batch: Array<Record<string, unknown>> = [];
      try {
        batch = (JSON.parse(raw) as { batch: Array<Record<string, unknown>> }).batch;
      } catch {
        batch = [];
      }
      const request: ReceivedRequest = {
        n: sink.requests.length,
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        raw,
        batch,
      };
      sink.requests.push(request);
      const a = sink.answer(request);
      if (!('drop' in a) && a.delayMs) setTimeout(() => reply(res, a), a.delayMs);
      else reply(res, a);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  sink.url = `http://127.0.0.1:${port}`;
  sink.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return sink;
}
