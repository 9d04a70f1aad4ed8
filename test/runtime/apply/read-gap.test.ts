/**
 * A read of a destination's transitions that comes back short (a driver, a
 * warehouse's paging or a resume that skips rows) must never pass for a
 * complete delivery: the calls it skipped were never sent, so the apply
 * fails naming the destination and the positions, the skipped calls stay
 * pending, and the next apply sends them (issue 12: nothing silently left
 * behind).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runApply } from '../../../src/runtime/apply/run-apply.js';
import type { Warehouse } from '../../../src/runtime/warehouse.js';
import { connectors } from '../../../src/runtime/warehouses/connectors.js';
import { applyOptions, bigDay, scratchProject } from './project.js';
import type { ScratchProject } from './project.js';

/** Which rows a planted read drops from the pages it is given (page number from 0, row). */
type Drop = (page: number, row: number, rows: number, last: boolean) => boolean;

/** The engine's real connector, with its paged read (cursor) losing the rows `drop` picks. */
function plantShortRead(engine: 'duckdb' | 'postgres', drop: Drop): { dropped: () => number } {
  const real = connectors[engine].connect;
  let dropped = 0;
  vi.spyOn(connectors[engine], 'connect').mockImplementation(async (settings, options) => {
    const warehouse: Warehouse = await real(settings, options);
    const cursor = warehouse.cursor?.bind(warehouse);
    if (!cursor) throw new Error(`${engine}'s connector has no cursor: the plant needs one`);
    warehouse.cursor = async function* (sql: string, pageRows: number) {
      const pages: string[][] = [];
      for await (const page of cursor(sql, pageRows)) pages.push(page);
      for (const [p, page] of pages.entries()) {
        const kept = page.filter((_, r) => !drop(p, r, page.length, p === pages.length - 1));
        dropped += page.length - kept.length;
        yield kept;
      }
    };
    return warehouse;
  });
  return { dropped: () => dropped };
}

const projects: ScratchProject[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const p of projects.splice(0)) await p.dispose();
});

describe.each(['duckdb', 'postgres'] as const)('a short read of transitions on %s', (engine) => {
  const cases: Array<[string, Drop]> = [
    ['a row missing inside a page', (p, r) => p === 0 && r === 7],
    ['the read ending early', (_p, r, rows, last) => last && r >= rows - 3],
  ];
  it.each(cases)(
    '%s fails the destination, and the next apply sends what it skipped',
    async (_, drop) => {
      const p = await scratchProject(engine);
      projects.push(p);
      await p.setData(bigDay(40));
      const plant = plantShortRead(engine, drop);
      const short = await runApply(applyOptions(p.root, { ROSTER_BATCH_SIZE: '5' }));
      expect(plant.dropped()).toBeGreaterThan(0);
      expect(short.exitCode).toBe(1);
      const failure = short.diagnostics.find((d) => d.code === 'apply-destination-failed');
      expect(failure?.message).toMatch(
        /^delivering to `audit` failed: the read of its transitions came back without positions? \d+(–\d+)?; they were not sent and stay pending$/,
      );
      const planned = short.outcomes[0]!.planned;
      const sentFirst = p.calls().length;
      expect(sentFirst).toBeLessThan(planned);
      vi.restoreAllMocks();
      // The calls the short read skipped were never sent; the next apply sends them.
      const again = await runApply(applyOptions(p.root));
      expect(again.exitCode, again.diagnostics.map((d) => d.message).join('\n')).toBe(0);
      const ids = p.calls().map((c) => String(c.messageId));
      expect(new Set(ids).size).toBe(planned);
    },
    120_000,
  );
});
