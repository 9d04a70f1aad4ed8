/** State schema migrations and the apply lock, on DuckDB (attached state file) and PostgreSQL (scratch schema). */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectConfig, TargetConfig } from '../../../src/project/types.js';
import { openStateLocation, stateTable } from '../../../src/runtime/state/location.js';
import type { StateLocation } from '../../../src/runtime/state/location.js';
import {
  acquireLock,
  currentHolder,
  readLock,
  releaseLock,
} from '../../../src/runtime/state/lock.js';
import { MIGRATIONS, migrateState } from '../../../src/runtime/state/migrations.js';
import { openDuckDb } from '../../../src/runtime/warehouses/duckdb.js';
import { openPostgres } from '../../../src/runtime/warehouses/postgres.js';
import type { Warehouse } from '../../../src/runtime/warehouse.js';
import { PG_URL } from '../engines.js';

function config(root: string, schema: string): ProjectConfig {
  return {
    root,
    file: join(root, 'roster.yaml'),
    name: 't',
    schemaPath: join(root, 'schema.yml'),
    paths: [root],
    defaultTarget: 'dev',
    targets: {},
    destinations: {},
    events: { scope: 'all_accounts' },
    sources: { layout: 'json', mappings: {} },
    state: { schema },
  };
}

describe.each(['duckdb', 'postgres'] as const)('state on %s', (engine) => {
  let warehouse: Warehouse;
  let location: StateLocation;
  let root: string;
  const schema = `roster_state_${randomBytes(5).toString('hex')}`;
  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'roster-state-'));
    warehouse = engine === 'duckdb' ? await openDuckDb() : await openPostgres({ url: PG_URL });
    const target: TargetConfig = { name: 'dev', dialect: engine, settings: {} };
    location = await openStateLocation(warehouse, config(root, schema), target);
  });
  afterEach(async () => {
    if (engine === 'postgres') await warehouse.execute(`drop schema if exists "${schema}" cascade`);
    await warehouse.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('applies each migration once, in order, and records it', async () => {
    expect(await migrateState(warehouse, location)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrateState(warehouse, location)).toEqual([]);
    const rows = await warehouse.query(
      `SELECT version, name FROM ${stateTable(location, 'schema_migrations')} ORDER BY version`,
    );
    expect(rows).toEqual([{ version: 1, name: 'state tables' }]);
    const version = await warehouse.query(
      `SELECT value FROM ${stateTable(location, 'meta')} WHERE key = 'state_version'`,
    );
    expect(version).toEqual([{ value: '0' }]);
    if (engine === 'duckdb') expect(location.file).toBe(join(root, '.roster', 'state.duckdb'));
  });

  it('lets one apply hold the lock, names it to others, and takes over a dead local holder', async () => {
    await migrateState(warehouse, location);
    const me = currentHolder('r-me');
    expect(await acquireLock(warehouse, location, me)).toEqual({ ok: true });
    const other = { ...currentHolder('r-other'), host: 'elsewhere', holder: 'ci@elsewhere' };
    const refused = await acquireLock(warehouse, location, other);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? undefined : refused.holder.runId).toBe('r-me');
    expect(await releaseLock(warehouse, location, 'r-other')).toBe(false);
    expect(await releaseLock(warehouse, location, 'r-me')).toBe(true);
    expect(await readLock(warehouse, location)).toBeUndefined();

    // A holder on this host whose process is gone (pid far above pid_max).
    const dead = { ...currentHolder('r-dead'), pid: 99_999_999 };
    expect((await acquireLock(warehouse, location, dead)).ok).toBe(true);
    const taken = await acquireLock(warehouse, location, currentHolder('r-new'));
    expect(taken).toMatchObject({ ok: true, reclaimed: { runId: 'r-dead' } });
    expect((await readLock(warehouse, location))?.runId).toBe('r-new');
  });
});
