/**
 * The apply lock: one row in `<state>.lock`. Taking it is one INSERT on a
 * primary key, so of two concurrent applies exactly one wins and the other
 * fails fast naming the holder (like Terraform's state lock). A lock left by
 * a killed process on this same machine is taken over (its process id no
 * longer exists); any other stale lock needs `roster force-unlock RUN_ID`.
 */
import { hostname, userInfo } from 'node:os';
import type { Warehouse } from '../warehouse.js';
import { stateTable } from './location.js';
import type { StateLocation } from './location.js';

export interface LockHolder {
  runId: string;
  /** `user@host`. */
  holder: string;
  host: string;
  pid: number;
  /** ISO instant. */
  startedAt: string;
}

export type LockResult = { ok: true; reclaimed?: LockHolder } | { ok: false; holder: LockHolder };

export function currentHolder(runId: string): LockHolder {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry in some containers: keep `unknown`.
  }
  return {
    runId,
    holder: `${user}@${hostname()}`,
    host: hostname(),
    pid: process.pid,
    startedAt: new Date().toISOString(),
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (caught) {
    return (caught as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function readLock(
  warehouse: Warehouse,
  location: StateLocation,
): Promise<LockHolder | undefined> {
  const rows = await warehouse.query(
    `SELECT run_id, holder, host, pid, started_at FROM ${stateTable(location, 'lock')} WHERE id = 1`,
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    runId: String(row.run_id),
    holder: String(row.holder),
    host: String(row.host),
    pid: Number(row.pid),
    startedAt: String(row.started_at),
  };
}

async function insertLock(
  warehouse: Warehouse,
  location: StateLocation,
  me: LockHolder,
): Promise<boolean> {
  const d = location.dialect;
  try {
    await warehouse.execute(
      `INSERT INTO ${stateTable(location, 'lock')} VALUES (1, ${d.stringLiteral(me.runId)}, ${d.stringLiteral(me.holder)}, ` +
        `${d.stringLiteral(me.host)}, ${me.pid}, ${d.timestampLiteral(me.startedAt)})`,
    );
    return true;
  } catch {
    return false;
  }
}

export async function acquireLock(
  warehouse: Warehouse,
  location: StateLocation,
  me: LockHolder,
): Promise<LockResult> {
  if (await insertLock(warehouse, location, me)) return { ok: true };
  const holder = await readLock(warehouse, location);
  if (!holder) {
    // Released between our insert and our read: try once more.
    if (await insertLock(warehouse, location, me)) return { ok: true };
    const again = await readLock(warehouse, location);
    return again ? { ok: false, holder: again } : { ok: false, holder: me };
  }
  if (holder.host === me.host && holder.pid !== me.pid && !processAlive(holder.pid)) {
    await releaseLock(warehouse, location, holder.runId);
    if (await insertLock(warehouse, location, me)) return { ok: true, reclaimed: holder };
    const winner = await readLock(warehouse, location);
    return { ok: false, holder: winner ?? holder };
  }
  return { ok: false, holder };
}

/** Removes the lock if `runId` holds it; returns whether it did. */
export async function releaseLock(
  warehouse: Warehouse,
  location: StateLocation,
  runId: string,
): Promise<boolean> {
  const before = await readLock(warehouse, location);
  if (!before || before.runId !== runId) return false;
  await warehouse.execute(
    `DELETE FROM ${stateTable(location, 'lock')} WHERE run_id = ${location.dialect.stringLiteral(runId)}`,
  );
  return true;
}

export function describeHolder(holder: LockHolder): string {
  return `run ${holder.runId} by ${holder.holder} (process ${holder.pid}), started ${holder.startedAt}`;
}
