/**
 * A loopback TCP proxy in the test process, in front of PostgreSQL, that
 * breaks connections on demand: at once (`stallNow`), or once a byte count of
 * answers has passed (`arm`), on the connections open at that moment; later
 * connections pass (so a lock can be released over a fresh one).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { PG_URL } from './project.js';
import type { ScratchProject } from './project.js';

export type Fault = { kind: 'none' } | { kind: 'drop' | 'stall'; afterBytes: number };

export interface FaultyProxy {
  port: number;
  /** Arms a fault for the coming run: it fires once, on the connections open when it does. */
  arm(fault: Fault): void;
  /** Whether the armed fault fired. */
  fired(): boolean;
  /** Stops forwarding on every connection open now (they stay open); later connections pass. */
  stallNow(): void;
  close(): Promise<void>;
}

export async function faultyProxy(targetPort: number): Promise<FaultyProxy> {
  const open = new Set<{ client: Socket; upstream: Socket; stalled: boolean }>();
  let fault: Fault = { kind: 'none' };
  let bytes = 0;
  let fired = false;
  const fire = (): void => {
    fired = true;
    for (const pair of [...open]) {
      if (fault.kind === 'stall') pair.stalled = true;
      else {
        pair.client.destroy();
        pair.upstream.destroy();
      }
    }
  };
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    const pair = { client, upstream, stalled: false };
    open.add(pair);
    client.on('data', (chunk: Buffer) => {
      if (!pair.stalled) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (pair.stalled) return;
      client.write(chunk);
      bytes += chunk.length;
      if (!fired && fault.kind !== 'none' && bytes >= fault.afterBytes) fire();
    });
    const end = (): void => {
      open.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('close', end);
      socket.on('error', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    arm(next) {
      fault = next;
      bytes = 0;
      fired = false;
    },
    fired: () => fired,
    stallNow() {
      for (const pair of open) pair.stalled = true;
    },
    close: () =>
      new Promise((resolve) => {
        for (const pair of open) {
          pair.client.destroy();
          pair.upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

/** Points the scratch project's target at the proxy, with these extra target settings. */
export function routeThroughProxy(p: ScratchProject, proxy: FaultyProxy, settings: string): void {
  const viaProxy = new URL(PG_URL);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  const file = join(p.root, 'roster.yaml');
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(
      `url: "${PG_URL}"`,
      `url: "${viaProxy.toString()}", ${settings}`,
    ),
  );
}
