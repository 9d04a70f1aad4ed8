/**
 * A trait's new value is a new transition, so it gets a new messageId
 * (LANGUAGE.md §7: only sending the *same* transition again reuses one).
 * The trap: a call the receiver took but answered too late (or with a 503)
 * stays unacknowledged, the member's seq does not advance, and if the value
 * then changes, a key without the value would give the new value the old
 * call's id — a de-duplicating receiver would drop it and keep the stale
 * value while roster records the new one as delivered.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { messageId } from '../../../src/runtime/calls/message-id.js';
import { startSink } from '../destinations/sink.js';
import type { Sink } from '../destinations/sink.js';
import { roster } from './cli.js';
import { addDestinations, DAY1, NOW1, scratchProject } from './project.js';
import type { ScratchProject } from './project.js';

const APPLY = ['apply', '--now', NOW1, '--auto-approve', '--allow-mass-exit'];

const projects: ScratchProject[] = [];
const sinks: Sink[] = [];
afterAll(async () => {
  for (const s of sinks) await s.close();
  for (const p of projects) await p.dispose();
});

describe('message ids of trait calls', () => {
  const base = {
    project: 'acme',
    destination: 'crm',
    sync: 'logins',
    call: 'group',
    member: 'a1',
    transition: 'changed',
    seq: 3,
  };
  it('differ when only the value differs, and are stable for the same value', () => {
    expect(messageId({ ...base, value: '5' })).not.toBe(messageId({ ...base, value: '6' }));
    expect(messageId({ ...base, value: '5' })).toBe(messageId({ ...base, value: '5' }));
    // Audience transitions carry no value: their ids are unchanged by this.
    expect(messageId({ ...base, transition: 'entered' })).toBe(
      messageId({ ...base, transition: 'entered', value: null }),
    );
  });
});

describe.each(['duckdb', 'postgres'] as const)(
  'a trait value changed after a failed call on %s',
  (engine) => {
    it('is sent under a new messageId, the same value again under the same one', async () => {
      let failing = true;
      const sink = await startSink(() => ({ status: failing ? 503 : 200, body: 'busy' }));
      sinks.push(sink);
      const p = await scratchProject(
        engine,
        `trait logins = account count "Logged In" within 7 days
sync logins to hook with group
`,
      );
      projects.push(p);
      addDestinations(
        p,
        `  hook: { type: webhook, url: "${sink.url}/in", batch_size: 1, max_retries: 0 }\n`,
      );
      await p.setData(DAY1);
      const first = await roster(p.root, ...APPLY);
      expect(first.code, first.err).toBe(1);
      const idOf = (member: string, value: unknown): string[] =>
        sink.requests
          .flatMap((r) => r.batch)
          .filter(
            (c) => c.groupId === member && (c.traits as Record<string, unknown>).logins === value,
          )
          .map((c) => String(c.messageId));
      // a1 has one login in DAY1 (u1's); the receiver got it but answered 503.
      const [failedId] = idOf('a1', 1);
      expect(failedId).toBeDefined();

      // a1 logs in twice more: its value is now 3, while the 1 was never acknowledged.
      await p.setData({
        ...DAY1,
        tracks: [
          ...DAY1.tracks,
          { user_id: 'u2', event: 'Logged In', timestamp: '2026-06-29T11:00:00Z' },
          { user_id: 'u2', event: 'Logged In', timestamp: '2026-06-29T12:00:00Z' },
        ],
      });
      failing = false;
      const second = await roster(p.root, ...APPLY);
      expect(second.code, second.err).toBe(0);
      const [newId] = idOf('a1', 3);
      expect(newId).toBeDefined();
      expect(newId).not.toBe(failedId);
      // a2's value (1) did not change between the runs: its resend keeps its id.
      const a2 = [...new Set(idOf('a2', 1))];
      expect(a2).toHaveLength(1);
      // And a plan afterwards has nothing left to send.
      const plan = await roster(p.root, 'plan', '--now', NOW1);
      expect(plan.out).toMatch(/No changes/);
    });
  },
);
