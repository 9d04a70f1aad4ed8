/**
 * Where the event scans are tables (PostgreSQL), the scan of `tracks` is
 * written in `event` order, indexed on `event` and analyzed
 * (`Dialect.eventScanByEvent`), so that each per-event reader reads only its
 * event's rows. Checked on a real PostgreSQL server through its catalog: the
 * index, the statistics and the rows' physical order; and that the results
 * are the ones worked out by hand from the fixture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IrDefinition } from '../../src/ir/ir.js';
import { compileProject } from '../../src/sql/compile-project.js';
import { postgres } from '../../src/sql/dialects/postgres.js';
import type { DialectName } from '../../src/project/warehouses.js';
import { openPostgres, type TestEngine } from './support/engines.js';
import { loadFixture, runCompiled } from './support/fixtures.js';
import {
  agg,
  audience,
  did,
  jsonSources,
  project,
  SCHEMA,
  track,
  trait,
  within,
} from './support/ir.js';

const NOW = '2026-06-30T00:00:00Z';

/** Two event names read: readers of one event can skip the other's rows. */
const twoEvents: IrDefinition[] = [
  trait('logins_30d', 'user', agg('count', track('Logged In'), { window: within(30, 'day') })),
  audience('feature_users', 'user', did(track('Feature Used'))),
];
/** One event name read: every reader takes every row of the scan. */
const oneEvent: IrDefinition[] = [
  trait('logins_30d', 'user', agg('count', track('Logged In'), { window: within(30, 'day') })),
];

const compile = (definitions: IrDefinition[], dialect: DialectName) =>
  compileProject(project(definitions), { dialect, now: NOW, sources: jsonSources() });

let engine: TestEngine;
beforeAll(async () => {
  engine = await openPostgres('byevent');
  // The two events interleaved in time, as a real event table holds them.
  const at = (day: number) => `2026-06-${String(day).padStart(2, '0')}T12:00:00Z`;
  await loadFixture(engine, postgres, SCHEMA, {
    users: [{ id: 'u1' }, { id: 'u2' }, { id: 'u3' }],
    tracks: [
      { user: 'u1', event: 'Logged In', at: at(1) },
      { user: 'u2', event: 'Feature Used', at: at(2) },
      { user: 'u1', event: 'Logged In', at: at(3) },
      { user: 'u3', event: 'Feature Used', at: at(4) },
      { user: 'u2', event: 'Logged In', at: at(5) },
      { user: 'u1', event: 'Feature Used', at: at(6) },
      // Before the 30-day window (May 31 00:00 exclusive): not counted.
      { user: 'u3', event: 'Logged In', at: '2026-05-30T12:00:00Z' },
      { user: 'u2', event: 'Some Other Event', at: at(7) },
    ],
  });
});
afterAll(async () => {
  await engine.close();
});

async function stagedIndexes(): Promise<string[]> {
  const rows = await engine.query(
    `SELECT indexdef FROM pg_indexes WHERE tablename = 'roster_stage_tracks' AND schemaname LIKE 'pg_temp%'`,
  );
  return rows.map((r) => String(r['indexdef']));
}

describe('PostgreSQL: the scan of tracks stored by event', () => {
  it('is written in event order, indexed on event and analyzed, and the results are unchanged', async () => {
    const compiled = compile(twoEvents, 'postgres');
    const results = await runCompiled(engine, compiled);
    // By hand: u1 logged in on June 1 and 3, u2 on June 5, u3 only before the window.
    expect(results.traits['logins_30d']).toEqual({ u1: 2, u2: 1, u3: 0 });
    expect(results.audiences['feature_users']).toEqual(['u1', 'u2', 'u3']);

    expect(await stagedIndexes()).toEqual([
      expect.stringMatching(/ON pg_temp\.roster_stage_tracks USING btree \(event\)$/),
    ]);
    // Analyzed: the column statistics know 2 event names in 7 rows (-2/7, PostgreSQL's
    // ratio form); a table never analyzed has no row here.
    const stats = await engine.query(
      `SELECT n_distinct FROM pg_stats WHERE tablename = 'roster_stage_tracks' AND attname = 'event'`,
    );
    expect(stats).toHaveLength(1);
    expect(Number(stats[0]?.['n_distinct'])).toBeCloseTo(-2 / 7, 6);
    // Stored in event order although the source interleaves them.
    const stored = await engine.query(`SELECT event FROM roster_stage_tracks ORDER BY ctid`);
    expect(stored.map((r) => r['event'])).toEqual([
      'Feature Used',
      'Feature Used',
      'Feature Used',
      'Logged In',
      'Logged In',
      'Logged In',
      'Logged In',
    ]);
    for (const statement of compiled.teardown) await engine.run(statement);
  });

  it('is neither ordered nor indexed when the project reads one event name', async () => {
    const compiled = compile(oneEvent, 'postgres');
    const results = await runCompiled(engine, compiled);
    expect(results.traits['logins_30d']).toEqual({ u1: 2, u2: 1, u3: 0 });
    expect(await stagedIndexes()).toEqual([]);
    expect(compiled.setup.join('\n')).not.toMatch(/order by "event"|CREATE INDEX|ANALYZE/i);
    for (const statement of compiled.teardown) await engine.run(statement);
  });
});

it.each(['duckdb', 'snowflake', 'bigquery', 'redshift'] as const)(
  '%s: the scan of tracks is neither ordered nor indexed (no eventScanByEvent)',
  (dialect) => {
    const setup = compile(twoEvents, dialect).setup.join('\n');
    expect(setup).toMatch(/roster_stage_tracks/i);
    expect(setup).not.toMatch(/order by [`"]?event|CREATE INDEX|ANALYZE/i);
  },
);
