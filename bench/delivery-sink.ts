/**
 * The HTTP receiver of the delivery benchmark, run as its own process (so its
 * CPU is not the apply's): answers every `POST /v1/batch` with 200 after
 * parsing the body, and counts the calls it received. It prints its port on
 * the first line of stdout; `GET /count` answers the count so far, `POST
 * /reset` sets it to zero.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let calls = 0;
let requests = 0;

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/count') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ calls, requests }));
    return;
  }
  if (req.method === 'POST' && req.url === '/reset') {
    calls = 0;
    requests = 0;
    res.writeHead(200).end();
    return;
  }
  const parts: Buffer[] = [];
  req.on('data', (part: Buffer) => parts.push(part));
  req.on('end', () => {
    // Parsed like a real receiver would, so a malformed body is noticed.
    let batch: unknown;
    try {
      batch = (JSON.parse(Buffer.concat(parts).toString('utf8')) as { batch?: unknown }).batch;
    } catch {
      batch = undefined;
    }
    if (!Array.isArray(batch)) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"error":"no batch"}');
      return;
    }
    calls += batch.length;
    requests += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"success":true}');
  });
});

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
// Nothing to finish: the counts were read already. (Waiting for server.close could hang on a
// connection the client left open.)
process.on('SIGTERM', () => process.exit(0));
