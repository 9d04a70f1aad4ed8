/**
 * The state version: a counter bumped in the same transaction as every
 * change to delivered state or applied results. A saved plan records it; an
 * apply of that plan refuses when it moved (someone applied in between).
 */
import type { Warehouse } from '../warehouse.js';
import { stateTable } from './location.js';
import type { StateLocation } from './location.js';

export async function readStateVersion(
  warehouse: Warehouse,
  location: StateLocation,
): Promise<number> {
  const rows = await warehouse.query(
    `SELECT value FROM ${stateTable(location, 'meta')} WHERE key = 'state_version'`,
  );
  return Number(rows[0]?.value ?? 0);
}

/** The statement that bumps the version (run it inside the transaction that changes state). */
export function bumpStateVersionSql(location: StateLocation): string {
  const { adapter } = location;
  return `UPDATE ${stateTable(location, 'meta')} SET value = ${adapter.castText(`CAST(value AS ${adapter.types.bigint}) + 1`)} WHERE key = 'state_version'`;
}

/** The last run that changed state, for "state changed since the plan" messages. */
export async function lastApply(
  warehouse: Warehouse,
  location: StateLocation,
): Promise<{ runId: string; holder: string; startedAt: string; status: string } | undefined> {
  const rows = await warehouse.query(
    `SELECT run_id, holder, started_at, status FROM ${stateTable(location, 'runs')} WHERE command = 'apply' ORDER BY started_at DESC LIMIT 1`,
  );
  const row = rows[0];
  return row
    ? {
        runId: String(row.run_id),
        holder: String(row.holder),
        startedAt: String(row.started_at),
        status: String(row.status),
      }
    : undefined;
}
