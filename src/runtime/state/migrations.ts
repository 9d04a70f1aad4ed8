/**
 * roster's own tables, created and evolved by ordered, versioned migrations
 * recorded in `schema_migrations`. Each migration runs once (in a
 * transaction where the warehouse can roll DDL back); running `migrateState`
 * again is a no-op. Append new migrations at the end and never edit what a
 * released one does.
 *
 * Every statement is idempotent (`CREATE TABLE IF NOT EXISTS`, inserts
 * guarded by `NOT EXISTS`, `DROP TABLE IF EXISTS`), for two reasons: a
 * warehouse without transactional DDL (Snowflake, BigQuery) may stop half
 * way, and a state table someone dropped is re-created by running the
 * migrations' statements again (`tables` says what each creates).
 *
 * Column types come from the warehouse's state adapter (BigQuery has no
 * TEXT, Redshift's TEXT is VARCHAR(256)). Tables that are rewritten by
 * delete-and-insert inside one transaction (`delivered`, `results`) carry no
 * unique index, because DuckDB checks unique keys eagerly within a
 * transaction; roster keeps their keys unique itself.
 */
import { errorMessage } from '../warehouse.js';
import type { Warehouse } from '../warehouse.js';
import type { StateAdapter, StateColumnTypes } from './adapters/index.js';
import { stateTable } from './location.js';
import type { StateLocation } from './location.js';

export interface Migration {
  version: number;
  name: string;
  /** Tables this migration creates (for re-creating one that went missing). */
  creates: readonly string[];
  /** Tables this migration drops. */
  drops?: readonly string[];
  statements: (
    t: (name: string) => string,
    types: StateColumnTypes,
    pk: string,
    adapter: StateAdapter,
  ) => string[];
}

/** A one-row relation, so `INSERT … SELECT … WHERE NOT EXISTS` parses on every warehouse. */
const ONE_ROW = '(SELECT 1 AS one) AS seed';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'state tables',
    creates: ['meta', 'definitions', 'results', 'delivered', 'changes', 'runs', 'snapshots'],
    statements: (t, ty, pk) => [
      // Counters: `state_version` moves on every change to delivered state or results (plan fingerprints).
      `CREATE TABLE IF NOT EXISTS ${t('meta')} (key ${ty.text} NOT NULL, value ${ty.text} NOT NULL)`,
      `INSERT INTO ${t('meta')} (key, value) SELECT 'state_version', '0' FROM ${ONE_ROW} WHERE NOT EXISTS (SELECT 1 FROM ${t('meta')} WHERE key = 'state_version')`,
      // The definitions as last applied: normalised-IR hash and source text.
      `CREATE TABLE IF NOT EXISTS ${t('definitions')} (
  name ${ty.text} NOT NULL, kind ${ty.text} NOT NULL, entity ${ty.text}, hash ${ty.text} NOT NULL,
  source ${ty.text} NOT NULL, ir ${ty.text} NOT NULL, run_id ${ty.text} NOT NULL, applied_at ${ty.timestamp} NOT NULL)`,
      // Each definition's result as last applied (audiences: value 'true'; traits: JSON text).
      `CREATE TABLE IF NOT EXISTS ${t('results')} (definition ${ty.text} NOT NULL, member_id ${ty.text} NOT NULL, value ${ty.text})`,
      // What each destination acknowledged, per sync and call: the state the next diff starts from.
      `CREATE TABLE IF NOT EXISTS ${t('delivered')} (
  sync ${ty.text} NOT NULL, destination ${ty.text} NOT NULL, call ${ty.text} NOT NULL, member_id ${ty.text} NOT NULL,
  source ${ty.text} NOT NULL, source_kind ${ty.text} NOT NULL, present ${ty.boolean} NOT NULL, value ${ty.text},
  seq ${ty.bigint} NOT NULL, run_id ${ty.text} NOT NULL, updated_at ${ty.timestamp} NOT NULL)`,
      // Append-only: every acknowledged call.
      `CREATE TABLE IF NOT EXISTS ${t('changes')} (
  run_id ${ty.text} NOT NULL, evaluated_at ${ty.timestamp} NOT NULL, definition ${ty.text} NOT NULL, sync ${ty.text} NOT NULL,
  destination ${ty.text} NOT NULL, call ${ty.text} NOT NULL, member_id ${ty.text} NOT NULL, transition ${ty.text} NOT NULL,
  value ${ty.text}, seq ${ty.bigint} NOT NULL, message_id ${ty.text} NOT NULL)`,
      `CREATE TABLE IF NOT EXISTS ${t('runs')} (
  run_id ${ty.text} NOT NULL, command ${ty.text} NOT NULL, target ${ty.text} NOT NULL, holder ${ty.text} NOT NULL,
  started_at ${ty.timestamp} NOT NULL, finished_at ${ty.timestamp}, now ${ty.timestamp} NOT NULL,
  status ${ty.text} NOT NULL, summary ${ty.text})`,
      // The first lock (a row inserted on a primary key); replaced by `apply_lock` in version 2.
      `CREATE TABLE IF NOT EXISTS ${t('lock')} (
  id ${ty.integer} ${pk}, run_id ${ty.text} NOT NULL, holder ${ty.text} NOT NULL, host ${ty.text} NOT NULL,
  pid ${ty.bigint} NOT NULL, started_at ${ty.timestamp} NOT NULL)`,
      // Snapshot tables made by plans, so old ones can be dropped.
      `CREATE TABLE IF NOT EXISTS ${t('snapshots')} (run_id ${ty.text} NOT NULL, created_at ${ty.timestamp} NOT NULL, tables ${ty.text} NOT NULL)`,
    ],
  },
  {
    version: 2,
    name: 'apply lock with a lease',
    creates: ['apply_lock'],
    drops: ['lock'],
    statements: (t, ty) => [
      // Exactly one row, always there: free when run_id is NULL. Taking the lock
      // is a conditional UPDATE of it (no primary key needed, which Snowflake,
      // BigQuery and Redshift would not enforce); the holder renews expires_at.
      `CREATE TABLE IF NOT EXISTS ${t('apply_lock')} (
  id ${ty.integer} NOT NULL, run_id ${ty.text}, holder ${ty.text}, host ${ty.text}, pid ${ty.bigint},
  started_at ${ty.timestamp}, renewed_at ${ty.timestamp}, expires_at ${ty.timestamp})`,
      `INSERT INTO ${t('apply_lock')} (id) SELECT 1 FROM ${ONE_ROW} WHERE NOT EXISTS (SELECT 1 FROM ${t('apply_lock')})`,
      `DROP TABLE IF EXISTS ${t('lock')}`,
    ],
  },
  {
    version: 3,
    name: 'delivery journal, pending failures, sync generations, git commit of changes',
    creates: ['journal', 'failures', 'generations'],
    statements: (t, ty, _pk, adapter) => [
      // The Git commit of the definitions each call was sent under (NULL outside a Git checkout).
      adapter.addColumn(t('changes'), 'git_commit', ty.text),
      // Positions of a plan's transitions table acknowledged (or failed) since the last checkpoint.
      `CREATE TABLE IF NOT EXISTS ${t('journal')} (
  snapshot ${ty.text} NOT NULL, destination ${ty.text} NOT NULL, first_pos ${ty.bigint} NOT NULL, last_pos ${ty.bigint} NOT NULL,
  status ${ty.text} NOT NULL, reason ${ty.text}, run_id ${ty.text} NOT NULL)`,
      // Calls that failed or were quarantined: still pending, shown by the next plan, resent by the next apply.
      `CREATE TABLE IF NOT EXISTS ${t('failures')} (
  sync ${ty.text} NOT NULL, destination ${ty.text} NOT NULL, call ${ty.text} NOT NULL, member_id ${ty.text} NOT NULL,
  transition ${ty.text} NOT NULL, seq ${ty.bigint} NOT NULL, reason ${ty.text} NOT NULL, run_id ${ty.text} NOT NULL, failed_at ${ty.timestamp} NOT NULL)`,
      // Bumped when a sync's call is forgotten, so a sync added again never reuses a messageId.
      `CREATE TABLE IF NOT EXISTS ${t('generations')} (sync ${ty.text} NOT NULL, call ${ty.text} NOT NULL, generation ${ty.bigint} NOT NULL)`,
    ],
  },
  {
    version: 4,
    name: 'the saved plan each snapshot was made for',
    creates: [],
    statements: (t, ty, _pk, adapter) => [
      // A digest per field of the plan `roster plan` made (plan-file.ts `planFieldDigests`):
      // apply checks a saved plan against it, since anyone can recompute a plan file's own hash.
      adapter.addColumn(t('snapshots'), 'plan_fields', ty.text),
    ],
  },
];

/** Every statement of every migration, in order (for parser checks of each warehouse's state SQL). */
export function migrationStatements(location: StateLocation): string[] {
  const t = (name: string): string => stateTable(location, name);
  const { adapter } = location;
  return [
    schemaMigrationsDdl(location),
    ...MIGRATIONS.flatMap((m) =>
      m.statements(t, adapter.types, adapter.enforcedPrimaryKey, adapter),
    ),
  ];
}

function schemaMigrationsDdl(location: StateLocation): string {
  const { types, enforcedPrimaryKey } = location.adapter;
  return `CREATE TABLE IF NOT EXISTS ${stateTable(location, 'schema_migrations')} (version ${types.bigint} ${enforcedPrimaryKey}, name ${types.text} NOT NULL, applied_at ${types.timestamp} NOT NULL)`;
}

/** The tables the migrations leave, in order. */
export function stateTableNames(): string[] {
  const names = new Set<string>(['schema_migrations']);
  for (const m of MIGRATIONS) {
    for (const name of m.creates) names.add(name);
    for (const name of m.drops ?? []) names.delete(name);
  }
  return [...names];
}

export interface MigrateResult {
  /** Versions applied now. */
  applied: number[];
  /** roster tables that were missing and were created again (empty). */
  recreated: string[];
}

/** The names of the tables in the state schema. */
export async function listStateTables(
  warehouse: Warehouse,
  location: StateLocation,
): Promise<string[]> {
  const rows = await warehouse.query(
    location.adapter.listTables(location.schemaName, location.catalog),
  );
  return rows.map((r) => String(r.name));
}

/** Applies every migration not yet recorded, then re-creates any roster table that went missing. */
export async function migrateState(
  warehouse: Warehouse,
  location: StateLocation,
): Promise<MigrateResult> {
  const t = (name: string): string => stateTable(location, name);
  const { adapter } = location;
  await warehouse.execute(schemaMigrationsDdl(location)).catch(createdConcurrently);
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    const done = await warehouse.query(
      `SELECT version FROM ${t('schema_migrations')} WHERE version = ${migration.version}`,
    );
    if (done.length > 0) continue;
    const inTransaction = adapter.transactionalDdl;
    if (inTransaction) await warehouse.execute(adapter.begin);
    try {
      for (const statement of migration.statements(
        t,
        adapter.types,
        adapter.enforcedPrimaryKey,
        adapter,
      ))
        await warehouse.execute(statement);
      await warehouse.execute(
        `INSERT INTO ${t('schema_migrations')} (version, name, applied_at) VALUES (${migration.version}, ${location.dialect.stringLiteral(migration.name)}, ${adapter.now})`,
      );
      if (inTransaction) await warehouse.execute(adapter.commit);
      applied.push(migration.version);
    } catch (caught) {
      if (inTransaction) await warehouse.execute(adapter.rollback).catch(() => undefined);
      // Another process applied it first (PostgreSQL): fine if it is now recorded.
      const again = await warehouse.query(
        `SELECT version FROM ${t('schema_migrations')} WHERE version = ${migration.version}`,
      );
      if (again.length === 0)
        throw new Error(
          `state migration ${migration.version} (${migration.name}) failed: ${errorMessage(caught)}`,
        );
    }
  }
  const present = new Set((await listStateTables(warehouse, location)).map(foldName));
  const missing = stateTableNames().filter((name) => !present.has(foldName(name)));
  // The lock is one row that must exist (someone may have deleted it by hand).
  const lockRowGone =
    missing.length === 0 &&
    (await warehouse.query(`SELECT id FROM ${t('apply_lock')} WHERE id = 1`)).length === 0;
  if (missing.length > 0 || lockRowGone) {
    // Every statement is idempotent: running them all again creates exactly what is missing.
    for (const migration of MIGRATIONS)
      for (const statement of migration.statements(
        t,
        adapter.types,
        adapter.enforcedPrimaryKey,
        adapter,
      ))
        await warehouse.execute(statement).catch(createdConcurrently);
  }
  return { applied, recreated: missing };
}

/**
 * Re-running a migration's statements (to re-create a missing table) on a
 * warehouse without `ADD COLUMN IF NOT EXISTS` (Redshift) finds the column
 * there: "already exists", which is what was asked.
 *
 * Two processes creating the same table at once: on PostgreSQL the loser of
 * `CREATE TABLE IF NOT EXISTS` fails on the catalog's unique index instead of
 * finding the table. The table exists then, which is all that was asked.
 */
function createdConcurrently(caught: unknown): void {
  if (!/already exists|duplicate key/i.test(errorMessage(caught))) throw caught;
}

/** Warehouses that fold unquoted names (Snowflake upper-cases) list them in another case. */
function foldName(name: string): string {
  return name.toLowerCase();
}
