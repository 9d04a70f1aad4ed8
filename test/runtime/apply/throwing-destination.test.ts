/**
 * A destination whose `deliver` throws mid-run (a bug, a driver error: not a
 * delivery result with an error) while delivery has the next page read
 * ahead. The apply must record as acknowledged exactly what the destination
 * acknowledged before the throw, never a call of the failing batch or after
 * it, and a second apply must send everything else (at least once).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runApply } from '../../../src/runtime/apply/run-apply.js';
import { FileDestination } from '../../../src/runtime/destinations/file-destination.js';
import type { CallRef, DeliveryResult } from '../../../src/runtime/destinations/destination.js';
import { roster } from './cli.js';
import { applyOptions, bigDay, NOW1, scratchProject } from './project.js';
import type { ScratchProject } from './project.js';
import { openStateForTest } from './state-access.js';

async function loggedIds(root: string): Promise<string[]> {
  let ids: string[] = [];
  await openStateForTest(root, async (_exec, query) => {
    ids = (await query('SELECT message_id FROM {changes}')).map((r) => String(r.message_id));
  });
  return ids;
}

async function deliveredCount(root: string): Promise<number> {
  let n = 0;
  await openStateForTest(root, async (_exec, query) => {
    n = Number((await query('SELECT COUNT(*) AS n FROM {delivered}'))[0]?.n);
  });
  return n;
}

describe.each(['duckdb', 'postgres'] as const)('a destination that throws on %s', (engine) => {
  const projects: ScratchProject[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const p of projects.splice(0)) await p.dispose();
  });

  // Batches of 1,000 calls, pages of 3,000 (DuckDB and PostgreSQL stream them) or 10,000: the
  // first throws while the second page is being read ahead; the 11th is a page's first batch
  // after several checkpoint-free pages.
  it.each([1, 11])(
    'records only what was acknowledged before it (throw on batch %i), and the next apply sends the rest',
    async (throwAt) => {
      const p = await scratchProject(engine);
      projects.push(p);
      await p.setData(bigDay(2_500));
      const original = FileDestination.prototype.deliver;
      let batches = 0;
      const acknowledged = new Set<string>();
      vi.spyOn(FileDestination.prototype, 'deliver').mockImplementation(async function (
        this: FileDestination,
        batch: readonly CallRef[],
        json?: readonly string[],
      ): Promise<DeliveryResult> {
        batches++;
        if (batches === throwAt) throw new Error('the destination broke');
        const result = await original.call(this, batch, json);
        for (const id of result.acknowledged) acknowledged.add(id);
        return result;
      });
      const env = { ROSTER_BATCH_SIZE: '1000', ROSTER_CHECKPOINT_SECONDS: '3600' };
      const failed = await runApply(applyOptions(p.root, env));
      expect(failed.exitCode).toBe(1);
      expect(failed.outcomes.map((o) => [o.destination, o.error])).toEqual([
        ['audit', 'the destination broke'],
      ]);
      const planned = failed.outcomes[0]?.planned ?? 0;
      expect(planned).toBeGreaterThan(10_000);
      // Exactly the calls acknowledged before the throw are recorded: none of the failing
      // batch or after it (they were never written), none acknowledged lost.
      expect(acknowledged.size).toBe((throwAt - 1) * 1000);
      expect(new Set(p.calls().map((c) => String(c.messageId)))).toEqual(acknowledged);
      expect(new Set(await loggedIds(p.root))).toEqual(acknowledged);
      expect(await deliveredCount(p.root)).toBe(acknowledged.size);
      expect(failed.outcomes[0]?.delivered).toBe(acknowledged.size);

      vi.restoreAllMocks();
      const again = await runApply(applyOptions(p.root, env));
      expect(again.exitCode, again.diagnostics.map((x) => x.message).join('\n')).toBe(0);
      const sent = p.calls().map((c) => String(c.messageId));
      // Everything planned arrived; nothing recorded twice.
      expect(new Set(sent).size).toBe(planned);
      const logged = await loggedIds(p.root);
      expect(logged.length).toBe(planned);
      expect(new Set(logged).size).toBe(planned);
      expect((await roster(p.root, 'plan', '--now', NOW1, '--detailed-exitcode')).code).toBe(0);
    },
    600_000,
  );
});
