/**
 * The file destination acknowledges only what is durably written (issue 11.1):
 * on a full filesystem — a real 64 KB tmpfs mounted by the test — it
 * acknowledges exactly the calls whose lines are whole in the file, and a
 * line cut short is repaired before the next append, so after space is freed
 * the next delivery completes with nothing lost and no broken line.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SegmentCall } from '../../../src/runtime/calls/build-call.js';
import { FileDestination } from '../../../src/runtime/destinations/file-destination.js';
import { calls } from './calls.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'roster-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
});
afterEach(() => {
  execFileSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
});

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n');
}

describe('file destination on a full filesystem (64 KB tmpfs)', () => {
  it('acknowledges only whole, fsynced lines; after space is freed nothing is lost', async () => {
    const planned = calls(610);
    const file = join(dir, 'calls.ndjson');
    const byId = new Map(planned.map((c) => [c.messageId, JSON.stringify(c)]));
    const deliverAll = async (pending: readonly SegmentCall[]): Promise<Set<string>> => {
      const acked = new Set<string>();
      const destination = new FileDestination({ name: 'audit', path: 'calls.ndjson', root: dir });
      for (let i = 0; i < pending.length; i += 500) {
        const result = await destination.deliver(pending.slice(i, i + 500));
        for (const id of result.acknowledged) acked.add(id);
        if (result.error) {
          expect(result.error).toContain('no space left');
          break;
        }
      }
      await destination.close();
      return acked;
    };

    const first = await deliverAll(planned);
    expect(first.size).toBeGreaterThan(0);
    expect(first.size).toBeLessThan(610);
    // Exactly the acknowledged calls are whole lines of the file, and nothing else is.
    const written = lines(file).filter((l) => l !== '');
    expect(
      written.map((l) => JSON.parse(l) as { messageId: string }).map((c) => c.messageId),
    ).toEqual(planned.filter((c) => first.has(c.messageId)).map((c) => c.messageId));

    execFileSync('mount', ['-o', 'remount,size=1m', dir]);
    const rest = planned.filter((c) => !first.has(c.messageId));
    const second = await deliverAll(rest);
    expect(second.size).toBe(rest.length);

    const all = lines(file);
    expect(all.at(-1)).toBe('');
    const seen = new Set<string>();
    for (const line of all.slice(0, -1)) {
      const call = JSON.parse(line) as { messageId: string };
      expect(line).toBe(byId.get(call.messageId));
      seen.add(call.messageId);
    }
    expect(seen.size).toBe(610);
  });

  it('repairs a line cut short by a crash before appending', async () => {
    const file = join(dir, 'crash.ndjson');
    const [a, b] = calls(2);
    const destination = new FileDestination({ name: 'audit', path: 'crash.ndjson', root: dir });
    await destination.deliver([a as SegmentCall]);
    await destination.close();
    appendFileSync(file, JSON.stringify(b).slice(0, 40)); // a killed write
    const again = new FileDestination({ name: 'audit', path: 'crash.ndjson', root: dir });
    expect((await again.deliver([b as SegmentCall])).acknowledged).toEqual([b?.messageId]);
    await again.close();
    expect(lines(file)).toEqual([JSON.stringify(a), JSON.stringify(b), '']);
  });
});
