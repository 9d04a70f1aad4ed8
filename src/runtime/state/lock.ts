/**
 * The apply lock: the one row of `<state>.apply_lock`, free when `run_id` is
 * NULL. Taking it is a conditional UPDATE ("free, or its lease expired") run
 * with the warehouse's atomic primitive (the state adapter's
 * `takeLockStatements`), then a read of the row: of two applies racing, the
 * row names the winner, and the other fails fast naming it (like
 * Terraform's state lock).
 *
 * A holder keeps the lock by renewing a lease (`expires_at`, on the
 * warehouse's clock) while it works (`holdLease`). Another apply takes over
 * only a lock whose lease has expired — never because a process id looks
 * dead, which another PID namespace on the same host (a container) would
 * get wrong. A holder that finds its lock taken over stops before its next
 * statement (`LockLostError`). `roster force-unlock RUN_ID` frees a lock at
 * once.
 */
import { hostname, userInfo } from 'node:os';
import type { ProjectConfig, TargetConfig } from '../../project/types.js';
import type { Dialect } from '../../sql/index.js';
import { openWarehouse } from '../open-warehouse.js';
import { errorMessage, runTrusted } from '../warehouse.js';
import type { Row, Warehouse } from '../warehouse.js';
import { openStateLocation, stateTable } from './location.js';
import type { StateLocation } from './location.js';

export interface LockHolder {
  runId: string;
  /** `user@host`. */
  holder: string;
  host: string;
  pid: number;
  /** ISO instant. */
  startedAt: string;
  /** ISO instant (warehouse clock) until which the lease holds unless renewed. */
  expiresAt?: string;
  /** Whether the lease had expired when the row was read. */
  expired?: boolean;
}

export type LockResult = { ok: true; reclaimed?: LockHolder } | { ok: false; holder: LockHolder };

/** How long a lease lasts without renewal; the holder renews it every third of that. */
export const DEFAULT_LEASE_SECONDS = 300;

/** The holder stopped holding the lock (its lease expired and another apply took it over). */
export class LockLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockLostError';
  }
}

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

function lockTable(location: StateLocation): string {
  return stateTable(location, 'apply_lock');
}

function holderOf(row: Row | undefined): LockHolder | undefined {
  if (!row || row.run_id === null || row.run_id === undefined) return undefined;
  return {
    runId: String(row.run_id),
    holder: String(row.holder),
    host: String(row.host),
    pid: Number(row.pid),
    startedAt: String(row.started_at),
    ...(row.expires_at !== null && row.expires_at !== undefined
      ? { expiresAt: String(row.expires_at) }
      : {}),
    expired: row.expired === true || row.expired === 1,
  };
}

/** The current holder of the lock, if any. */
export async function readLock(
  warehouse: Warehouse,
  location: StateLocation,
): Promise<LockHolder | undefined> {
  const { adapter } = location;
  const rows = await warehouse.query(
    `SELECT run_id, holder, host, pid, started_at, expires_at, ` +
      `(CASE WHEN expires_at < ${adapter.now} THEN TRUE ELSE FALSE END) AS expired ` +
      `FROM ${lockTable(location)} WHERE id = 1`,
  );
  return holderOf(rows[0]);
}

/**
 * Takes the lock if it is free or its lease has expired. A failure other
 * than losing the race to another apply is thrown as itself.
 */
export async function acquireLock(
  warehouse: Warehouse,
  location: StateLocation,
  me: LockHolder,
  leaseSeconds = DEFAULT_LEASE_SECONDS,
): Promise<LockResult> {
  const { adapter, dialect: d } = location;
  const table = lockTable(location);
  const before = await readLock(warehouse, location);
  const update =
    `UPDATE ${table} SET run_id = ${d.stringLiteral(me.runId)}, holder = ${d.stringLiteral(me.holder)}, ` +
    `host = ${d.stringLiteral(me.host)}, pid = ${Math.trunc(me.pid)}, started_at = ${d.timestampLiteral(me.startedAt)}, ` +
    `renewed_at = ${adapter.now}, expires_at = ${adapter.addSeconds(adapter.now, leaseSeconds)} ` +
    `WHERE id = 1 AND (run_id IS NULL OR expires_at < ${adapter.now})`;
  const statements = adapter.takeLockStatements(table, update);
  try {
    for (const statement of statements) await warehouse.execute(statement);
  } catch (caught) {
    if (statements.length > 1) await warehouse.execute(adapter.rollback).catch(() => undefined);
    const message = errorMessage(caught);
    if (!adapter.isConcurrentWrite(message))
      throw new Error(`could not take the apply lock in ${location.description}: ${message}`, {
        cause: caught,
      });
    // Another apply wrote the row at the same moment: the row names the winner.
  }
  const after = await readLock(warehouse, location);
  if (after?.runId === me.runId) {
    return before && before.runId !== me.runId ? { ok: true, reclaimed: before } : { ok: true };
  }
  if (after) return { ok: false, holder: after };
  const rows = await warehouse.query(`SELECT id FROM ${table} WHERE id = 1`);
  throw new Error(
    rows.length === 0
      ? `the apply lock row is missing from ${location.description} (table apply_lock); run the command again to re-create it`
      : `the apply lock in ${location.description} was free but could not be taken; run the command again`,
  );
}

/** Extends the lease of `runId`; false when `runId` no longer holds the lock. */
export async function renewLock(
  warehouse: Warehouse,
  location: StateLocation,
  runId: string,
  leaseSeconds = DEFAULT_LEASE_SECONDS,
): Promise<boolean> {
  const { adapter, dialect: d } = location;
  await warehouse.execute(
    `UPDATE ${lockTable(location)} SET renewed_at = ${adapter.now}, expires_at = ${adapter.addSeconds(adapter.now, leaseSeconds)} ` +
      `WHERE id = 1 AND run_id = ${d.stringLiteral(runId)}`,
  );
  return (await readLock(warehouse, location))?.runId === runId;
}

/** Frees the lock if `runId` holds it; returns whether it did. Failures are thrown. */
export async function releaseLock(
  warehouse: Warehouse,
  location: StateLocation,
  runId: string,
): Promise<boolean> {
  const before = await readLock(warehouse, location);
  if (!before || before.runId !== runId) return false;
  await warehouse.execute(
    `UPDATE ${lockTable(location)} SET run_id = NULL, holder = NULL, host = NULL, pid = NULL, ` +
      `started_at = NULL, renewed_at = NULL, expires_at = NULL ` +
      `WHERE id = 1 AND run_id = ${location.dialect.stringLiteral(runId)}`,
  );
  return true;
}

/**
 * Releases the lock of `runId` over a new session: for when the run's own
 * connection stalled or broke, so the lock need not wait for its lease
 * (`dialect`: the run's, `location.dialect`).
 */
export async function releaseLockAnew(
  config: ProjectConfig,
  target: TargetConfig,
  env: NodeJS.ProcessEnv,
  runId: string,
  dialect: Dialect,
): Promise<boolean> {
  const opened = await openWarehouse(target, env, { baseDir: config.root });
  if (!opened.ok) throw new Error(opened.diagnostics.map((d) => d.message).join('; '));
  try {
    const location = await openStateLocation(opened.warehouse, config, target, dialect);
    return await releaseLock(opened.warehouse, location, runId);
  } finally {
    await opened.warehouse.close().catch(() => undefined);
  }
}

export function describeHolder(holder: LockHolder): string {
  const lease = holder.expiresAt
    ? `, lease ${holder.expired ? 'expired' : 'until'} ${holder.expiresAt}`
    : '';
  return `run ${holder.runId} by ${holder.holder} (process ${holder.pid}), started ${holder.startedAt}${lease}`;
}

/** A session whose calls renew the lease of the lock it holds. */
export interface LeasedWarehouse extends Warehouse {
  /** Stops renewing (the lock stays until released or its lease runs out) and waits for calls in flight. */
  stop(): Promise<void>;
}

/**
 * Wraps the session of the lock's holder so the lease is renewed every third
 * of `leaseSeconds`: before a call when one is due, and on a timer while no
 * call runs (deliveries to slow destinations). Calls are serialised through
 * one queue, since a Warehouse session runs one statement at a time. Once
 * the lock turns out to be held by another run, every later call fails with
 * LockLostError, so this run cannot advance the state any more.
 *
 * A renewal that fails (a broken connection, an aborted transaction) does
 * not fail the call it precedes; the next call tries again.
 */
export function holdLease(
  inner: Warehouse,
  location: StateLocation,
  runId: string,
  leaseSeconds = DEFAULT_LEASE_SECONDS,
  clock: () => number = Date.now,
): LeasedWarehouse {
  const renewEveryMs = (leaseSeconds * 1000) / 3;
  let lastRenewal = clock();
  let lost: LockLostError | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  async function renewIfDue(): Promise<void> {
    if (clock() - lastRenewal < renewEveryMs) return;
    try {
      const held = await renewLock(inner, location, runId, leaseSeconds);
      lastRenewal = clock();
      if (!held) {
        const now = await readLock(inner, location).catch(() => undefined);
        lost = new LockLostError(
          `this apply (run ${runId}) lost the apply lock: its lease ran out before it was renewed` +
            (now ? ` and ${describeHolder(now)} took it over` : '') +
            '; it stopped before changing the state any further. Run `roster apply` again: nothing acknowledged is lost',
        );
      }
    } catch {
      // Retried before the next call; the lease outlives two missed renewals.
    }
  }

  function enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = chain.then(async () => {
      if (lost) throw lost;
      // The renewal is roster's own write, even when `work` is a user's SQL trait.
      await runTrusted(() => renewIfDue());
      if (lost) throw lost;
      return work();
    });
    chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Work that only ends what this session opened (a cursor): it waits its
   * turn like any call, but runs after the lock was lost too, and renews
   * nothing. Ending a read changes no state.
   */
  function enqueueEnd<T>(work: () => Promise<T>): Promise<T> {
    const run = chain.then(work);
    chain = run.catch(() => undefined);
    return run;
  }

  /**
   * An iteration whose every step (and its end) waits its turn in the queue.
   * Stopped early for any reason, a lost lock included, it closes the inner
   * iteration (a DuckDB connection, a PostgreSQL cursor WITH HOLD).
   */
  async function* queued<T>(iterable: AsyncIterable<T>): AsyncIterable<T> {
    const iterator = iterable[Symbol.asyncIterator]();
    let finished = false;
    try {
      for (;;) {
        const next = await enqueue(() => iterator.next());
        if (next.done) {
          finished = true;
          return;
        }
        yield next.value;
      }
    } finally {
      if (!finished) await enqueueEnd(async () => iterator.return?.());
    }
  }

  const timer = setInterval(() => {
    enqueue(async () => undefined).catch(() => undefined);
  }, renewEveryMs);
  timer.unref();

  return {
    dialect: inner.dialect,
    query: (sql) => enqueue(() => inner.query(sql)),
    columns: (sql) => enqueue(() => inner.columns(sql)),
    ...(inner.queryColumns
      ? {
          queryColumns: (sql: string) =>
            enqueue(() => (inner.queryColumns as NonNullable<Warehouse['queryColumns']>)(sql)),
        }
      : {}),
    execute: (sql) => enqueue(() => inner.execute(sql)),
    ...(inner.cursor
      ? {
          cursor: (sql: string, pageRows: number) =>
            queued((inner.cursor as NonNullable<Warehouse['cursor']>)(sql, pageRows)),
        }
      : {}),
    ...(inner.readInPages
      ? {
          readInPages: (sql: string, pageRows: number) =>
            queued((inner.readInPages as NonNullable<Warehouse['readInPages']>)(sql, pageRows)),
        }
      : {}),
    stream: (sql, batchSize) => queued(inner.stream(sql, batchSize)),
    ...(inner.limitMemory
      ? {
          limitMemory: async (bytes: number) => {
            const limit = inner.limitMemory as NonNullable<Warehouse['limitMemory']>;
            const restore = await enqueue(() => limit.call(inner, bytes));
            return () => enqueue(restore);
          },
        }
      : {}),
    async stop() {
      clearInterval(timer);
      await chain;
    },
    async close() {
      clearInterval(timer);
      await chain;
      await inner.close();
    },
  };
}
