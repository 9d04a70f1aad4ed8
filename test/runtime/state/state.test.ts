/** State schema migrations and the apply lock, on DuckDB (attached state file) and PostgreSQL (scratch schema). */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectConfig, TargetConfig } from '../../../src/project/types.js';
import { state as redshiftState } from '../../../src/runtime/warehouses/redshift.js';
import { openStateLocation, stateTable } from '../../../src/runtime/state/location.js';
import type { StateLocation } from '../../../src/runtime/state/location.js';
import {
  acquireLock,
  currentHolder,
  holdLease,
  LockLostError,
  readLock,
  releaseLock,
} from '../../../src/runtime/state/lock.js';
import { MIGRATIONS, migrateState } from '../../../src/runtime/state/migrations.js';
import { openDuckDb } from '../../../src/runtime/warehouses/duckdb.js';
import { openPostgres } from '../../../src/runtime/warehouses/postgres.js';
import type { Warehouse } from '../../../src/runtime/warehouse.js';
import { getDialect } from '../../../src/sql/dialects/index.js';
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
    location = await openStateLocation(warehouse, config(root, schema), target, getDialect(engine));
  });
  afterEach(async () => {
    if (engine === 'postgres') await warehouse.execute(`drop schema if exists "${schema}" cascade`);
    await warehouse.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('applies each migration once, in order, and records it', async () => {
    expect(await migrateState(warehouse, location)).toEqual({
      applied: MIGRATIONS.map((m) => m.version),
      recreated: [],
    });
    expect(await migrateState(warehouse, location)).toEqual({ applied: [], recreated: [] });
    const rows = await warehouse.query(
      `SELECT version, name FROM ${stateTable(location, 'schema_migrations')} ORDER BY version`,
    );
    expect(rows).toEqual([
      { version: 1, name: 'state tables' },
      { version: 2, name: 'apply lock with a lease' },
      {
        version: 3,
        name: 'delivery journal, pending failures, sync generations, git commit of changes',
      },
      { version: 4, name: 'the saved plan each snapshot was made for' },
    ]);
    const version = await warehouse.query(
      `SELECT value FROM ${stateTable(location, 'meta')} WHERE key = 'state_version'`,
    );
    expect(version).toEqual([{ value: '0' }]);
    // The lock is one row, free.
    expect(
      await warehouse.query(`SELECT id, run_id FROM ${stateTable(location, 'apply_lock')}`),
    ).toEqual([{ id: 1, run_id: null }]);
    if (engine === 'duckdb') expect(location.file).toBe(join(root, '.roster', 'state.duckdb'));
  });

  it('re-creates a state table that went missing', async () => {
    await migrateState(warehouse, location);
    await warehouse.execute(`DROP TABLE ${stateTable(location, 'delivered')}`);
    await warehouse.execute(`DROP TABLE ${stateTable(location, 'apply_lock')}`);
    expect(await migrateState(warehouse, location)).toEqual({
      applied: [],
      recreated: ['delivered', 'apply_lock'],
    });
    expect(await warehouse.query(`SELECT * FROM ${stateTable(location, 'delivered')}`)).toEqual([]);
    expect((await acquireLock(warehouse, location, currentHolder('r-after'))).ok).toBe(true);
  });

  it('migrates state made before the change log had git_commit: old rows keep NULL there', async () => {
    const t = (name: string): string => stateTable(location, name);
    const { adapter } = location;
    // The state as a roster with migrations 1 and 2 left it, with one change-log row.
    await migrateState(warehouse, location);
    for (const name of ['journal', 'failures', 'generations', 'changes'])
      await warehouse.execute(`DROP TABLE ${t(name)}`);
    await warehouse.execute(`DELETE FROM ${t('schema_migrations')} WHERE version = 3`);
    // Migrations 1 and 2 again (every statement is idempotent): `changes` as they made it.
    for (const migration of MIGRATIONS.filter((m) => m.version <= 2))
      for (const statement of migration.statements(
        t,
        adapter.types,
        adapter.enforcedPrimaryKey,
        adapter,
      ))
        await warehouse.execute(statement);
    await warehouse.execute(
      `INSERT INTO ${t('changes')} VALUES ('r-old', CAST('2026-01-01T00:00:00Z' AS TIMESTAMPTZ), 'admins', 'admins->crm', 'crm', 'identify', 'u1', 'entered', NULL, 1, 'm-old')`,
    );
    expect(await migrateState(warehouse, location)).toEqual({ applied: [3], recreated: [] });
    await warehouse.execute(
      `INSERT INTO ${t('changes')} (run_id, evaluated_at, definition, sync, destination, call, member_id, transition, value, seq, message_id, git_commit) ` +
        `VALUES ('r-new', CAST('2026-01-02T00:00:00Z' AS TIMESTAMPTZ), 'admins', 'admins->crm', 'crm', 'identify', 'u1', 'exited', NULL, 2, 'm-new', 'abc123')`,
    );
    expect(
      await warehouse.query(`SELECT run_id, git_commit FROM ${t('changes')} ORDER BY run_id`),
    ).toEqual([
      { run_id: 'r-new', git_commit: 'abc123' },
      { run_id: 'r-old', git_commit: null },
    ]);
  });

  it('re-creates a missing table where ADD COLUMN has no IF NOT EXISTS (as on Redshift)', async () => {
    // Running every migration again re-adds git_commit with a plain ADD COLUMN: its
    // "already exists" failure is expected and passed over.
    const plain = {
      ...location,
      adapter: { ...location.adapter, addColumn: redshiftState(getDialect('redshift')).addColumn },
    };
    expect(await migrateState(warehouse, plain)).toMatchObject({ recreated: [] });
    await warehouse.execute(`DROP TABLE ${stateTable(plain, 'failures')}`);
    expect(await migrateState(warehouse, plain)).toEqual({ applied: [], recreated: ['failures'] });
    expect(await warehouse.query(`SELECT git_commit FROM ${stateTable(plain, 'changes')}`)).toEqual(
      [],
    );
  });

  it('lets one apply hold the lock and names it to others', async () => {
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
  });

  it('never takes over a live lease, even of a process id that looks dead on this host', async () => {
    await migrateState(warehouse, location);
    // Same host, a pid that does not exist here: another PID namespace (a container) looks like this.
    const elsewhere = { ...currentHolder('r-container'), pid: 99_999_999 };
    expect((await acquireLock(warehouse, location, elsewhere)).ok).toBe(true);
    const refused = await acquireLock(warehouse, location, currentHolder('r-new'));
    expect(refused).toMatchObject({ ok: false, holder: { runId: 'r-container' } });
    expect((await readLock(warehouse, location))?.runId).toBe('r-container');
  });

  it('takes over a lock whose lease ran out, and says whose', async () => {
    await migrateState(warehouse, location);
    expect((await acquireLock(warehouse, location, currentHolder('r-dead'))).ok).toBe(true);
    await expireLease(warehouse, location);
    const expired = await readLock(warehouse, location);
    expect(expired).toMatchObject({ runId: 'r-dead', expired: true });
    const taken = await acquireLock(warehouse, location, currentHolder('r-new'));
    expect(taken).toMatchObject({ ok: true, reclaimed: { runId: 'r-dead', expired: true } });
    expect(await readLock(warehouse, location)).toMatchObject({ runId: 'r-new', expired: false });
  });

  it('reports a failure to take the lock as itself, not as another holder', async () => {
    await migrateState(warehouse, location);
    // The UPDATE fails (no such column) while reading the lock still works.
    await warehouse.execute(
      `ALTER TABLE ${stateTable(location, 'apply_lock')} DROP COLUMN renewed_at`,
    );
    await expect(acquireLock(warehouse, location, currentHolder('r-me'))).rejects.toThrow(
      /could not take the apply lock in schema .*renewed_at/,
    );
  });

  it('reports a failed release instead of swallowing it', async () => {
    await migrateState(warehouse, location);
    expect((await acquireLock(warehouse, location, currentHolder('r-me'))).ok).toBe(true);
    await warehouse.execute(
      `ALTER TABLE ${stateTable(location, 'apply_lock')} DROP COLUMN renewed_at`,
    );
    await expect(releaseLock(warehouse, location, 'r-me')).rejects.toThrow(/renewed_at/);
  });

  it('renews the lease while the holder works, and stops the holder once another run took over', async () => {
    await migrateState(warehouse, location);
    expect((await acquireLock(warehouse, location, currentHolder('r-me'))).ok).toBe(true);
    let now = 0;
    const leased = holdLease(warehouse, location, 'r-me', 300, () => now);
    try {
      await expireLease(warehouse, location);
      // A third of the lease later, the next statement renews first.
      now = 100_001;
      expect(await leased.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      expect(await readLock(warehouse, location)).toMatchObject({ runId: 'r-me', expired: false });

      // The lease runs out (the holder was frozen) and another apply takes the lock.
      await expireLease(warehouse, location);
      expect((await acquireLock(warehouse, location, currentHolder('r-thief'))).ok).toBe(true);
      now = 200_002;
      await expect(leased.execute('SELECT 1')).rejects.toThrow(
        /run r-me\) lost the apply lock: .*run r-thief/,
      );
      await expect(leased.query('SELECT 1 AS one')).rejects.toBeInstanceOf(LockLostError);
    } finally {
      await leased.stop();
    }
  });

  it("passes delivery's memory limit through to an engine in this process, and back", async () => {
    await migrateState(warehouse, location);
    expect((await acquireLock(warehouse, location, currentHolder('r-me'))).ok).toBe(true);
    const leased = holdLease(warehouse, location, 'r-me', 300, () => 0);
    const limit = async (): Promise<unknown> =>
      (await leased.query("SELECT current_setting('memory_limit') AS m"))[0]?.m;
    try {
      if (engine === 'postgres') {
        // The server's memory is not this process's: nothing to lower.
        expect(leased.limitMemory).toBeUndefined();
        return;
      }
      const configured = await limit();
      const restore = await leased.limitMemory!(64 * 2 ** 20);
      expect(await limit()).toBe('64.0 MiB');
      await restore();
      expect(await limit()).toBe(configured);
    } finally {
      await leased.stop();
    }
  });

  it('closes the inner cursor when the lock is lost while it is open', async () => {
    await migrateState(warehouse, location);
    expect((await acquireLock(warehouse, location, currentHolder('r-me'))).ok).toBe(true);
    const watched = watchCursor(warehouse);
    let now = 0;
    const leased = holdLease(watched.warehouse, location, 'r-me', 300, () => now);
    try {
      const pages = leased.cursor!('SELECT 1', 1)[Symbol.asyncIterator]();
      expect(await pages.next()).toEqual({ done: false, value: ['0'] });
      // The lease runs out and another apply takes the lock; the next page finds it lost.
      await expireLease(warehouse, location);
      expect((await acquireLock(warehouse, location, currentHolder('r-thief'))).ok).toBe(true);
      now = 100_001;
      await expect(pages.next()).rejects.toBeInstanceOf(LockLostError);
      expect(watched.pagesRead).toBe(1);
      // The cursor (a DuckDB connection, a PostgreSQL cursor WITH HOLD) is not left open.
      expect(watched.closed).toBe(true);
      await expect(leased.query('SELECT 1 AS one')).rejects.toBeInstanceOf(LockLostError);
    } finally {
      await leased.stop();
    }
  });

  it('closes the inner cursor when a reader that stops early finds the lock lost', async () => {
    await migrateState(warehouse, location);
    expect((await acquireLock(warehouse, location, currentHolder('r-me'))).ok).toBe(true);
    const watched = watchCursor(warehouse);
    let now = 0;
    const leased = holdLease(watched.warehouse, location, 'r-me', 300, () => now);
    try {
      for await (const page of leased.cursor!('SELECT 1', 1)) {
        expect(page).toEqual(['0']);
        // Lost while the reader holds a page: it stops (the destination failed, say).
        await expireLease(warehouse, location);
        expect((await acquireLock(warehouse, location, currentHolder('r-thief'))).ok).toBe(true);
        now = 100_001;
        await expect(leased.execute('SELECT 1')).rejects.toBeInstanceOf(LockLostError);
        break;
      }
      expect(watched.closed).toBe(true);
    } finally {
      await leased.stop();
    }
  });
});

/**
 * The session with a cursor of its own, watched: five one-row pages, how many
 * were read and whether the cursor's end ran.
 */
function watchCursor(warehouse: Warehouse): {
  warehouse: Warehouse;
  pagesRead: number;
  closed: boolean;
} {
  const watched = {
    pagesRead: 0,
    closed: false,
    warehouse: {
      dialect: warehouse.dialect,
      query: (sql) => warehouse.query(sql),
      execute: (sql) => warehouse.execute(sql),
      columns: (sql) => warehouse.columns(sql),
      stream: (sql, size) => warehouse.stream(sql, size),
      close: () => warehouse.close(),
      async *cursor() {
        try {
          for (let page = 0; page < 5; page++) {
            watched.pagesRead++;
            yield [String(page)];
          }
        } finally {
          watched.closed = true;
        }
      },
    } satisfies Warehouse as Warehouse,
  };
  return watched;
}

async function expireLease(warehouse: Warehouse, location: StateLocation): Promise<void> {
  await warehouse.execute(
    `UPDATE ${stateTable(location, 'apply_lock')} SET expires_at = ${location.dialect.timestampLiteral('2000-01-01T00:00:00Z')} WHERE id = 1`,
  );
}
