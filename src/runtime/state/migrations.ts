/**
 * roster's own tables, created and evolved by ordered, versioned migrations
 * recorded in `schema_migrations`. Each migration runs once, in a
 * transaction; running `migrateState` again is a no-op. Append new
 * migrations at the end and never edit a released one.
 *
 * The SQL is the subset DuckDB and PostgreSQL share (TEXT, BIGINT, BOOLEAN,
 * TIMESTAMPTZ), so one list serves both. Tables that are rewritten by
 * delete-and-insert inside one transaction (`delivered`, `results`) carry no
 * unique index, because DuckDB checks unique keys eagerly within a
 * transaction; roster keeps their keys unique itself.
 */
import { errorMessage } from '../warehouse.js';
import type { Warehouse } from '../warehouse.js';
import { stateTable } from './location.js';
import type { StateLocation } from './location.js';

export interface Migration {
  version: number;
  name: string;
  statements: (t: (name: string) => string) => string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'state tables',
    statements: (t) => [
      // Counters: `state_version` moves on every change to delivered state or results (plan fingerprints).
      `CREATE TABLE IF NOT EXISTS ${t('meta')} (key TEXT NOT NULL, value TEXT NOT NULL)`,
      `INSERT INTO ${t('meta')} SELECT 'state_version', '0' WHERE NOT EXISTS (SELECT 1 FROM ${t('meta')} WHERE key = 'state_version')`,
      // The definitions as last applied: normalised-IR hash and source text.
      `CREATE TABLE IF NOT EXISTS ${t('definitions')} (
  name TEXT NOT NULL, kind TEXT NOT NULL, entity TEXT, hash TEXT NOT NULL,
  source TEXT NOT NULL, ir TEXT NOT NULL, run_id TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`,
      // Each definition's result as last applied (audiences: value 'true'; traits: JSON text).
      `CREATE TABLE IF NOT EXISTS ${t('results')} (definition TEXT NOT NULL, member_id TEXT NOT NULL, value TEXT)`,
      // What each destination acknowledged, per sync and call: the state the next diff starts from.
      `CREATE TABLE IF NOT EXISTS ${t('delivered')} (
  sync TEXT NOT NULL, destination TEXT NOT NULL, call TEXT NOT NULL, member_id TEXT NOT NULL,
  source TEXT NOT NULL, source_kind TEXT NOT NULL, present BOOLEAN NOT NULL, value TEXT,
  seq BIGINT NOT NULL, run_id TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL)`,
      // Append-only: every acknowledged call.
      `CREATE TABLE IF NOT EXISTS ${t('changes')} (
  run_id TEXT NOT NULL, evaluated_at TIMESTAMPTZ NOT NULL, definition TEXT NOT NULL, sync TEXT NOT NULL,
  destination TEXT NOT NULL, call TEXT NOT NULL, member_id TEXT NOT NULL, transition TEXT NOT NULL,
  value TEXT, seq BIGINT NOT NULL, message_id TEXT NOT NULL)`,
      `CREATE TABLE IF NOT EXISTS ${t('runs')} (
  run_id TEXT NOT NULL, command TEXT NOT NULL, target TEXT NOT NULL, holder TEXT NOT NULL,
  started_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ, now TIMESTAMPTZ NOT NULL,
  status TEXT NOT NULL, summary TEXT)`,
      // At most one row: the apply holding the state. The key makes taking it atomic.
      `CREATE TABLE IF NOT EXISTS ${t('lock')} (
  id INTEGER PRIMARY KEY, run_id TEXT NOT NULL, holder TEXT NOT NULL, host TEXT NOT NULL,
  pid BIGINT NOT NULL, started_at TIMESTAMPTZ NOT NULL)`,
      // Snapshot tables made by plans, so old ones can be dropped.
      `CREATE TABLE IF NOT EXISTS ${t('snapshots')} (run_id TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, tables TEXT NOT NULL)`,
    ],
  },
];

/** Applies every migration not yet recorded; returns the versions it applied. */
export async function migrateState(
  warehouse: Warehouse,
  location: StateLocation,
): Promise<number[]> {
  const t = (name: string): string => stateTable(location, name);
  await warehouse.execute(
    `CREATE TABLE IF NOT EXISTS ${t('schema_migrations')} (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`,
  );
  const appliedNow: number[] = [];
  for (const migration of MIGRATIONS) {
    const done = await warehouse.query(
      `SELECT version FROM ${t('schema_migrations')} WHERE version = ${migration.version}`,
    );
    if (done.length > 0) continue;
    await warehouse.execute('BEGIN TRANSACTION');
    try {
      for (const statement of migration.statements(t)) await warehouse.execute(statement);
      await warehouse.execute(
        `INSERT INTO ${t('schema_migrations')} VALUES (${migration.version}, ${location.dialect.stringLiteral(migration.name)}, CURRENT_TIMESTAMP)`,
      );
      await warehouse.execute('COMMIT');
      appliedNow.push(migration.version);
    } catch (caught) {
      await warehouse.execute('ROLLBACK').catch(() => undefined);
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
  return appliedNow;
}
