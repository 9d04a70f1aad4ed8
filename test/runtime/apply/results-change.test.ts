/**
 * A plan's results snapshot holds only how the results change against the
 * applied ones (snapshot-sql.ts, createResultsChangeSql), and applying it
 * leaves `results` holding every definition's results as evaluated: checked
 * against values worked out by hand from the days' data (LANGUAGE.md: a
 * count with no events is 0), across a day where members enter, leave and a
 * value changes, on DuckDB and PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/runtime/plan/plan.js';
import type { Row } from '../../../src/runtime/warehouse.js';
import { roster } from './cli.js';
import { DAY1, DAY2, NOW1, NOW2, scratchProject } from './project.js';
import type { ScratchProject } from './project.js';
import { openStateForTest } from './state-access.js';

/** Rows as `definition member value`, the value decoded from its JSON text (NULL: `-`), sorted. */
function lines(rows: Row[]): string[] {
  return rows
    .map((r) => {
      const value = r.value === null ? '-' : JSON.stringify(JSON.parse(String(r.value)));
      return `${String(r.definition)} ${String(r.member_id)} ${value}`;
    })
    .sort();
}

async function read(root: string, sql: string): Promise<Row[]> {
  let rows: Row[] = [];
  await openStateForTest(root, async (_exec, query) => {
    rows = await query(sql);
  });
  return rows;
}

/**
 * Day 1 (2026-06-30, 7-day window from 06-23): logins by u1 (a1, 06-29), u3
 * (a2, 06-28); u4's (a3, 06-10) is too old. Admins u1 and u4.
 */
const APPLIED_DAY1 = [
  'active a1 true',
  'active a2 true',
  'admins u1 true',
  'admins u4 true',
  'logins a1 1',
  'logins a2 1',
  'logins a3 0',
];
/** Day 2 (2026-07-03, window from 06-26): u4 logs in on 07-02, so a3 is active with 1; u1 is no admin. */
const APPLIED_DAY2 = [
  'active a1 true',
  'active a2 true',
  'active a3 true',
  'admins u4 true',
  'logins a1 1',
  'logins a2 1',
  'logins a3 1',
];

describe.each(['duckdb', 'postgres'] as const)('the results snapshot on %s', (engine) => {
  let p: ScratchProject;
  afterEach(async () => {
    await p.dispose();
  });

  it('holds only what changes, and applying it leaves every result as evaluated', async () => {
    p = await scratchProject(engine);
    await p.setData(DAY1);
    const first = await roster(p.root, 'apply', '--now', NOW1, '--auto-approve');
    expect(first.code, first.err).toBe(0);
    expect(lines(await read(p.root, 'SELECT definition, member_id, value FROM {results}'))).toEqual(
      APPLIED_DAY1,
    );

    await p.setData(DAY2);
    const planned = await roster(p.root, 'plan', '--now', NOW2, '--out', 'plan.json');
    expect(planned.code, planned.err).toBe(0);
    const plan = JSON.parse(readFileSync(join(p.root, 'plan.json'), 'utf8')) as Plan;
    // a3 entered `active` and its logins went from 0 to 1; u1 left `admins` (no value: `-`).
    expect(
      lines(
        await read(p.root, `SELECT definition, member_id, value FROM {${plan.tables.results}}`),
      ),
    ).toEqual(['active a3 true', 'admins u1 -', 'logins a3 1']);
    // The plan's counts are of the whole results, not of the change.
    expect(plan.audiences.map((a) => [a.name, a.size, a.previousSize])).toEqual([
      ['active', 3, 2],
      ['admins', 1, 2],
    ]);
    expect(plan.traits.map((t) => [t.name, t.size, t.changed])).toEqual([['logins', 3, 1]]);

    const applied = await roster(p.root, 'apply', 'plan.json', '--allow-mass-exit');
    expect(applied.code, applied.err).toBe(0);
    expect(lines(await read(p.root, 'SELECT definition, member_id, value FROM {results}'))).toEqual(
      APPLIED_DAY2,
    );
    // The sizes the apply measured and recorded for later guards are the whole results' too.
    const [run] = await read(
      p.root,
      `SELECT summary FROM {runs} WHERE status = 'applied' ORDER BY started_at DESC LIMIT 1`,
    );
    const summary = JSON.parse(String(run?.summary)) as {
      audiences: Array<{ name: string; size: number }>;
      traits: Array<{ name: string; size: number }>;
    };
    expect([...summary.audiences, ...summary.traits].map((s) => `${s.name} ${s.size}`)).toEqual([
      'active 3',
      'admins 1',
      'logins 3',
    ]);

    // Nothing changed since: the next plan's snapshot is empty, and it has no calls.
    const again = await roster(p.root, 'plan', '--now', NOW2, '--out', 'again.json');
    expect(again.code, again.err).toBe(0);
    const next = JSON.parse(readFileSync(join(p.root, 'again.json'), 'utf8')) as Plan;
    expect(
      await read(p.root, `SELECT definition, member_id, value FROM {${next.tables.results}}`),
    ).toEqual([]);
    expect(next.totals.calls).toBe(0);
  });
});
