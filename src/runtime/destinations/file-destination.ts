/**
 * `type: file`: NDJSON, one Segment call per line, appended and fsync'ed
 * before the batch is acknowledged, so an acknowledged call survives a crash.
 * A line left half-written by a killed process is closed with a newline
 * before the next append, so later lines stay parseable.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readSync, fstatSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SegmentCall } from '../calls/build-call.js';
import { errorMessage } from '../warehouse.js';
import type { DeliveryResult, Destination } from './destination.js';

export interface FileDestinationOptions {
  name: string;
  /** As configured; relative to the project folder. */
  path: string;
  root: string;
  /** `group_anonymous_id` (default true). */
  groupAnonymousId?: boolean;
  /** Test hook: called between writing the first half of a batch and the rest. */
  midBatch?: () => void;
}

function endsWithNewline(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return true;
  const buffer = Buffer.alloc(1);
  readSync(fd, buffer, 0, 1, size - 1);
  return buffer[0] === 0x0a;
}

export class FileDestination implements Destination {
  readonly type = 'file';
  readonly name: string;
  readonly path: string;
  readonly groupAnonymousId: boolean;
  private fd: number | undefined;

  constructor(private readonly options: FileDestinationOptions) {
    this.name = options.name;
    this.path = resolve(options.root, options.path);
    this.groupAnonymousId = options.groupAnonymousId ?? true;
  }

  private open(): number {
    if (this.fd !== undefined) return this.fd;
    mkdirSync(dirname(this.path), { recursive: true });
    const fd = openSync(this.path, 'a+');
    if (!endsWithNewline(fd)) writeSync(fd, '\n');
    this.fd = fd;
    return fd;
  }

  async deliver(batch: readonly SegmentCall[]): Promise<DeliveryResult> {
    try {
      const fd = this.open();
      const lines = batch.map((call) => `${JSON.stringify(call)}\n`);
      const half = this.options.midBatch ? Math.ceil(lines.length / 2) : lines.length;
      writeSync(fd, lines.slice(0, half).join(''));
      if (this.options.midBatch) {
        this.options.midBatch();
        writeSync(fd, lines.slice(half).join(''));
      }
      fsyncSync(fd);
      return { acknowledged: batch.map((c) => c.messageId) };
    } catch (caught) {
      return { acknowledged: [], error: `could not write ${this.path}: ${errorMessage(caught)}` };
    }
  }

  async close(): Promise<void> {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
