/**
 * `type: file`: NDJSON, one Segment call per line, appended and fsync'ed
 * before anything is acknowledged, so an acknowledged call survives a crash.
 * Only calls whose whole line reached the file are acknowledged: a write cut
 * short (a full disk) acknowledges the complete lines before it and cuts the
 * partial line off again. A line left half-written by a killed process is
 * cut off before the next append (its call was never acknowledged, so it is
 * sent again whole).
 */
import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  writeSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { errorMessage } from '../warehouse.js';
import type { CallRef, DeliveryResult, Destination } from './destination.js';

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

/** The file's length up to and including its last newline (0 when it has none). */
function completeLength(fd: number): number {
  let end = fstatSync(fd).size;
  const chunk = Buffer.alloc(64 * 1024);
  while (end > 0) {
    const start = Math.max(0, end - chunk.length);
    const read = readSync(fd, chunk, 0, end - start, start);
    const at = chunk.subarray(0, read).lastIndexOf(0x0a);
    if (at >= 0) return start + at + 1;
    end = start;
  }
  return 0;
}

/** Writes all of `data`; returns how many bytes reached the file, and the error that stopped it. */
function writeAll(fd: number, data: Buffer): { written: number; error?: unknown } {
  let written = 0;
  try {
    while (written < data.length) {
      const n = writeSync(fd, data, written, data.length - written);
      if (n <= 0) return { written, error: new Error('the write made no progress') };
      written += n;
    }
    return { written };
  } catch (caught) {
    return { written, error: caught };
  }
}

export class FileDestination implements Destination {
  readonly type = 'file';
  readonly name: string;
  readonly path: string;
  readonly groupAnonymousId: boolean;
  /**
   * Calls per append and fsync: the fsync is most of a small batch's cost
   * (~3 ms here), so 500-call batches spent ~6 s of a million calls in it.
   */
  readonly batchSize = 5_000;
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
    try {
      const complete = completeLength(fd);
      if (complete < fstatSync(fd).size) {
        ftruncateSync(fd, complete);
        fsyncSync(fd);
      }
    } catch (caught) {
      closeSync(fd);
      throw caught;
    }
    this.fd = fd;
    return fd;
  }

  async deliver(batch: readonly CallRef[], json?: readonly string[]): Promise<DeliveryResult> {
    let fd: number;
    try {
      fd = this.open();
    } catch (caught) {
      return { acknowledged: [], error: `could not open ${this.path}: ${errorMessage(caught)}` };
    }
    const start = fstatSync(fd).size;
    const lines = batch.map((call, i) => `${json?.[i] ?? JSON.stringify(call)}\n`);
    const lengths = lines.map((line) => Buffer.byteLength(line));
    const half = this.options.midBatch ? Math.ceil(lines.length / 2) : lines.length;
    let written = 0;
    let failure: unknown;
    for (const part of [lines.slice(0, half), lines.slice(half)]) {
      if (part.length === 0) continue;
      if (written > 0) this.options.midBatch?.();
      const result = writeAll(fd, Buffer.from(part.join('')));
      written += result.written;
      if (result.error !== undefined) {
        failure = result.error;
        break;
      }
    }
    // The calls whose whole line (newline included) was written, in order.
    let whole = 0;
    let complete = 0;
    for (const length of lengths) {
      if (complete + length > written) break;
      complete += length;
      whole += 1;
    }
    try {
      // A cut-short line goes again at once, so the file stays whole lines.
      if (complete < written) ftruncateSync(fd, start + complete);
      fsyncSync(fd);
    } catch (caught) {
      return { acknowledged: [], error: `could not write ${this.path}: ${errorMessage(caught)}` };
    }
    const acknowledged = batch.slice(0, whole).map((c) => c.messageId);
    if (failure === undefined) return { acknowledged };
    return {
      acknowledged,
      error: `could not write ${this.path} (${whole} of ${batch.length} calls written): ${errorMessage(failure)}`,
    };
  }

  async close(): Promise<void> {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
