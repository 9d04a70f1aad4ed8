/**
 * Delivers a plan's transitions and records what was acknowledged.
 *
 * Per destination, transitions are read from the plan's transitions table
 * in pages of `pos` order (memory stays flat), turned into Segment calls, and
 * handed to the destination in batches. What each batch did is noted in
 * memory as ranges of positions (acknowledged, or failed with a reason); at
 * a checkpoint — every `checkpointSeconds`, when the destination fails, and
 * at its end — the ranges go to the small `journal` table and are merged
 * into `delivered`, `changes` and `failures` by set-based statements, in one
 * transaction with the state version. So the warehouse sees a fixed number
 * of statements per checkpoint and destination, whatever the number of
 * calls (issue 12.8), and a crash anywhere loses nothing: transitions not yet
 * merged are still transitions for the next apply, with the same messageIds
 * (they are resent: at least once). One destination failing does not stop
 * the others; calls it rejected one by one are quarantined (kept pending
 * with the receiver's reason) and never block their neighbours.
 */
import { performance } from 'node:perf_hooks';
import { warning } from '../../diagnostics/diagnostic.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { callBuilder, transitionFromRow } from '../calls/plan-payloads.js';
import type { SegmentCall, TransitionRow } from '../calls/build-call.js';
import { invalidReason } from '../calls/validate-call.js';
import { openDestination } from '../destinations/open-destination.js';
import { syncChannels } from '../plan/channels.js';
import { definitionSources } from '../plan/definition-sources.js';
import { dropSnapshot } from '../plan/make-plan.js';
import type { Plan } from '../plan/plan.js';
import type { RunContext } from '../plan/prepare-run.js';
import { channelCondition } from '../plan/snapshot-sql.js';
import { stateTable } from '../state/location.js';
import { bumpStateVersionSql } from '../state/meta.js';
import { errorMessage } from '../warehouse.js';
import type { Faults } from './faults.js';
import { NO_FAULTS } from './faults.js';
import { messageIdFromHashSql, messageIdHashSql } from './message-id-sql.js';

export interface DeliverOptions {
  runId: string;
  env: NodeJS.ProcessEnv;
  /** Calls per `deliver` (default: the destination's own, else 500). */
  batchSize?: number;
  /** Seconds between checkpoints while a destination is being delivered (default 60; 0: after every batch). */
  checkpointSeconds?: number;
  /** The Git commit of the definitions (recorded on every change-log row), when known. */
  gitCommit?: string;
  faults?: Faults;
  onProgress?: (line: string) => void;
  /** Every statement sent to the warehouse for bookkeeping (counted by tests and the benchmark). */
  onStatement?: (sql: string) => void;
}

/** A call that was not sent, or that the receiver refused on its own: it stays pending. */
export interface QuarantinedCall {
  sync: string;
  member: string;
  messageId: string;
  reason: string;
}

export interface DestinationOutcome {
  destination: string;
  planned: number;
  delivered: number;
  error?: string;
  /**
   * Invalid calls (never sent) and calls the receiver rejected; they never
   * block the others and stay pending (`failures`). The first
   * `QUARANTINE_SHOWN` are listed; `quarantinedCount` counts all.
   */
  quarantined?: QuarantinedCall[];
  quarantinedCount?: number;
  /**
   * Wall seconds this destination's delivery took: reading, sending and
   * checkpoints (kept in the run's summary; the delivery benchmark reads it).
   */
  seconds?: number;
}

/** Quarantined calls kept in memory per destination for the summary (all are in `failures`). */
const QUARANTINE_SHOWN = 100;

export interface DeliverResult {
  outcomes: DestinationOutcome[];
  ok: boolean;
  /** Statements the bookkeeping sent (reads of the transitions table included). */
  statements: number;
}

export const DEFAULT_CHECKPOINT_SECONDS = 60;
const READ_CHUNK = 10_000;

/** A run of positions of one destination with the same outcome. */
interface JournalRange {
  first: number;
  last: number;
  status: 'ack' | 'failed';
  reason: string | null;
}

/** Ranges of positions in delivery order; consecutive positions with one outcome share a range. */
class Journal {
  ranges: JournalRange[] = [];
  add(pos: number, status: JournalRange['status'], reason: string | null): void {
    const last = this.ranges[this.ranges.length - 1];
    // Positions of one destination are consecutive and read in order, so a
    // range may span positions of other destinations: the merge filters by destination.
    if (last && last.status === status && last.reason === reason) last.last = pos;
    else this.ranges.push({ first: pos, last: pos, status, reason });
  }
  get empty(): boolean {
    return this.ranges.length === 0;
  }
}

async function inTransaction(
  context: RunContext,
  statements: readonly string[],
  count: (sql: string) => void,
): Promise<void> {
  const { warehouse, location } = context;
  const { begin, commit, rollback } = location.adapter;
  count(begin);
  await warehouse.execute(begin);
  try {
    for (const statement of statements) {
      count(statement);
      await warehouse.execute(statement);
    }
    count(commit);
    await warehouse.execute(commit);
  } catch (caught) {
    await warehouse.execute(rollback).catch(() => undefined);
    throw caught;
  }
}

interface CheckpointInput {
  context: RunContext;
  plan: Plan;
  destination: string;
  runId: string;
  gitCommit: string | undefined;
  ranges: readonly JournalRange[];
}

/**
 * The statements of one checkpoint of one destination (run in one
 * transaction): the ranges into the journal, then set-based merges of the
 * journalled positions into `delivered`, `changes` and `failures`, the
 * journal emptied, the state version bumped. Their number depends on
 * neither the number of calls nor of ranges.
 */
export function checkpointStatements(input: CheckpointInput): string[] {
  const { context, plan, destination, runId, ranges } = input;
  const { location } = context;
  const d = location.dialect;
  const t = (name: string): string => stateTable(location, name);
  const s = (text: string | null): string => (text === null ? 'NULL' : d.stringLiteral(text));
  const transitions = t(plan.tables.transitions);
  const snapshot = s(plan.runId);
  const dest = s(destination);
  const wall = d.timestampLiteral(new Date().toISOString());
  const journalled = (status: string): string =>
    `${transitions} AS t JOIN ${t('journal')} AS j ON j.snapshot = ${snapshot} AND j.destination = ${dest} ` +
    `AND j.status = '${status}' AND t.destination = ${dest} AND t.pos BETWEEN j.first_pos AND j.last_pos`;
  const present = `(t.transition = 'entered' OR t.transition = 'changed')`;
  const values = ranges.map(
    (r) =>
      `(${snapshot}, ${dest}, ${r.first}, ${r.last}, '${r.status}', ${s(r.reason)}, ${s(runId)})`,
  );
  const hash = messageIdHashSql(d, {
    project: plan.project,
    // t.destination is this one: as a literal its quoting is computed once, not per row.
    destination: dest,
    sync: 't.sync',
    call: 't.call',
    member: 't.member_id',
    transition: 't.transition',
    seq: 't.prev_seq + 1',
    generation: 'COALESCE(t.generation, 1)',
    value: `CASE WHEN t.source_kind = 'audience' THEN NULL ELSE t.value END`,
  });
  return [
    `INSERT INTO ${t('journal')} (snapshot, destination, first_pos, last_pos, status, reason, run_id) VALUES ${values.join(', ')}`,
    `DELETE FROM ${t('delivered')} AS x WHERE EXISTS (SELECT 1 FROM ${journalled('ack')} ` +
      `WHERE t.sync = x.sync AND t.call = x.call AND t.member_id = x.member_id)`,
    `INSERT INTO ${t('delivered')} (sync, destination, call, member_id, source, source_kind, present, value, seq, run_id, updated_at) ` +
      `SELECT t.sync, t.destination, t.call, t.member_id, t.source, t.source_kind, ${present}, ` +
      `CASE WHEN ${present} THEN t.value END, t.prev_seq + 1, ${s(runId)}, ${wall} FROM ${journalled('ack')}`,
    `INSERT INTO ${t('changes')} (run_id, evaluated_at, definition, sync, destination, call, member_id, transition, value, seq, message_id, git_commit) ` +
      `SELECT ${s(runId)}, ${d.timestampLiteral(plan.now)}, x.source, x.sync, x.destination, x.call, x.member_id, x.transition, x.value, x.seq, ` +
      `${messageIdFromHashSql('x.h')}, ${s(input.gitCommit ?? null)} FROM (` +
      `SELECT t.source, t.sync, t.destination, t.call, t.member_id, t.transition, t.value, t.prev_seq + 1 AS seq, ${hash} AS h ` +
      `FROM ${journalled('ack')}${location.adapter.subqueryFence ? ` ${location.adapter.subqueryFence}` : ''}) AS x`,
    `DELETE FROM ${t('failures')} AS f WHERE EXISTS (SELECT 1 FROM ${transitions} AS t JOIN ${t('journal')} AS j ` +
      `ON j.snapshot = ${snapshot} AND j.destination = ${dest} AND t.destination = ${dest} AND t.pos BETWEEN j.first_pos AND j.last_pos ` +
      `WHERE t.sync = f.sync AND t.call = f.call AND t.member_id = f.member_id)`,
    `INSERT INTO ${t('failures')} (sync, destination, call, member_id, transition, seq, reason, run_id, failed_at) ` +
      `SELECT t.sync, t.destination, t.call, t.member_id, t.transition, t.prev_seq + 1, j.reason, ${s(runId)}, ${wall} FROM ${journalled('failed')}`,
    `DELETE FROM ${t('journal')} WHERE snapshot = ${snapshot} AND destination = ${dest}`,
    bumpStateVersionSql(location),
  ];
}

export async function deliverPlan(
  context: RunContext,
  plan: Plan,
  options: DeliverOptions,
): Promise<DeliverResult> {
  const { project, ir, warehouse, location } = context;
  const faults = options.faults ?? NO_FAULTS;
  const progress = options.onProgress ?? (() => undefined);
  let statements = 0;
  const count = (sql: string): void => {
    statements++;
    options.onStatement?.(sql);
  };
  const checkpointMs = Math.max(0, options.checkpointSeconds ?? DEFAULT_CHECKPOINT_SECONDS) * 1000;
  const transitions = stateTable(location, plan.tables.transitions);
  const d = location.dialect;
  // Each destination's positions are one consecutive range (`pos` is numbered by destination first).
  const countSql =
    `SELECT destination, COUNT(*) AS n, MIN(pos) AS first_pos, MAX(pos) AS last_pos ` +
    `FROM ${transitions} GROUP BY destination ORDER BY destination`;
  count(countSql);
  const destinationRows = await warehouse.query(countSql);
  const index = location.adapter.positionIndex;
  if (index && destinationRows.some((row) => Number(row.n) > READ_CHUNK)) {
    // Pages and checkpoint merges find positions by range: one index, not a scan per page.
    const create = index(transitions, `${plan.tables.transitions}_pos`);
    count(create);
    await warehouse.execute(create);
  }
  const outcomes: DestinationOutcome[] = [];
  let acknowledgedTotal = 0;
  for (const destinationRow of destinationRows) {
    const name = String(destinationRow.destination);
    const outcome: DestinationOutcome = {
      destination: name,
      planned: Number(destinationRow.n),
      delivered: 0,
    };
    outcomes.push(outcome);
    const config = project.config.destinations[name];
    if (!config) {
      outcome.error = `destination \`${name}\` is not in roster.yaml`;
      continue;
    }
    const opened = openDestination(config, {
      root: project.config.root,
      env: options.env,
      ...(faults.midBatch ? { midBatch: () => faults.at('mid-batch', acknowledgedTotal + 1) } : {}),
    });
    if (!opened.ok) {
      outcome.error = opened.message;
      continue;
    }
    const destination = opened.destination;
    const started = performance.now();
    const build = callBuilder(ir.definitions, plan, destination.groupAnonymousId ?? true);
    const batchSize = Math.max(1, options.batchSize ?? destination.batchSize ?? 500);
    let journal = new Journal();
    let acknowledgedSinceCheckpoint = 0;
    const quarantine = (row: TransitionRow, call: SegmentCall, reason: string): void => {
      journal.add(row.pos, 'failed', reason);
      outcome.quarantinedCount = (outcome.quarantinedCount ?? 0) + 1;
      outcome.quarantined ??= [];
      if (outcome.quarantined.length < QUARANTINE_SHOWN)
        outcome.quarantined.push({
          sync: row.sync,
          member: row.member,
          messageId: call.messageId,
          reason,
        });
    };
    const checkpoint = async (): Promise<void> => {
      if (journal.empty) return;
      const ranges = journal.ranges;
      await inTransaction(
        context,
        checkpointStatements({
          context,
          plan,
          destination: name,
          runId: options.runId,
          gitCommit: options.gitCommit,
          ranges,
        }),
        count,
      );
      journal = new Journal();
      outcome.delivered += acknowledgedSinceCheckpoint;
      acknowledgedSinceCheckpoint = 0;
      faults.at('after-commit', acknowledgedTotal);
    };
    /** Sends one batch and journals what happened; false when the destination must stop. */
    const send = async (rows: readonly TransitionRow[]): Promise<boolean> => {
      // Each call is serialised once: for its size check here and as the bytes the destination sends.
      const batch = rows.map((row) => {
        const call = build(row);
        return { row, call, json: JSON.stringify(call) };
      });
      // Invalid calls are quarantined before sending: Segment-style receivers drop them silently.
      const invalid = new Map<string, string>();
      for (const b of batch) {
        const reason = invalidReason(b.call, b.json);
        if (reason !== undefined) invalid.set(b.call.messageId, reason);
      }
      const valid = invalid.size > 0 ? batch.filter((b) => !invalid.has(b.call.messageId)) : batch;
      const result =
        valid.length > 0
          ? await destination.deliver(
              valid.map((b) => b.call),
              valid.map((b) => b.json),
            )
          : { acknowledged: [] as string[], rejected: undefined, error: undefined };
      const acked = new Set(result.acknowledged);
      const rejected = new Map((result.rejected ?? []).map((r) => [r.messageId, r.reason]));
      let missing = 0;
      for (const { row, call } of batch) {
        const refused = invalid.get(call.messageId) ?? rejected.get(call.messageId);
        if (acked.has(call.messageId)) {
          journal.add(row.pos, 'ack', null);
          acknowledgedTotal++;
          acknowledgedSinceCheckpoint++;
        } else if (refused !== undefined) {
          quarantine(row, call, refused);
        } else {
          missing++;
          journal.add(row.pos, 'failed', result.error ?? 'not acknowledged by the destination');
        }
      }
      // The acknowledged calls are not recorded yet: a crash here resends them.
      if (acked.size > 0) faults.at('before-commit', acknowledgedTotal);
      if (result.error || missing > 0) {
        outcome.error = result.error ?? `${missing} call(s) were not acknowledged`;
        return false;
      }
      return true;
    };
    try {
      const lastPos = Number(destinationRow.last_pos);
      let stopped = false;
      let lastCheckpoint = Date.now();
      // Rows read and not yet sent are pending[taken..]: no copying per batch.
      let pending: TransitionRow[] = [];
      let taken = 0;
      // Pages are ranges of `pos` (one statement per READ_CHUNK calls), each a
      // bounded range scan: no cursor stays open across the lock's lease
      // renewals and checkpoints, which share the session.
      for (let from = Number(destinationRow.first_pos); from <= lastPos && !stopped;) {
        const to = Math.min(lastPos, from + READ_CHUNK - 1);
        const read = `SELECT * FROM ${transitions} WHERE destination = ${d.stringLiteral(name)} AND pos BETWEEN ${from} AND ${to} ORDER BY pos`;
        count(read);
        const page = (await warehouse.query(read)).map(transitionFromRow);
        from = to + 1;
        const more = from <= lastPos;
        pending = pending.slice(taken).concat(page);
        taken = 0;
        while (
          !stopped &&
          (pending.length - taken >= batchSize || (!more && pending.length - taken > 0))
        ) {
          const rows = pending.slice(taken, taken + batchSize);
          taken += rows.length;
          if (!(await send(rows))) stopped = true;
          progress(
            `  ${name}: ${outcome.delivered + acknowledgedSinceCheckpoint}/${outcome.planned} calls delivered`,
          );
          if (Date.now() - lastCheckpoint >= checkpointMs) {
            await checkpoint();
            lastCheckpoint = Date.now();
          }
        }
      }
      await checkpoint();
    } catch (caught) {
      outcome.error = errorMessage(caught);
      // Record what was acknowledged before the failure, so it is not resent.
      await checkpoint().catch(() => undefined);
    } finally {
      await destination.close().catch(() => undefined);
      outcome.seconds = (performance.now() - started) / 1000;
    }
  }
  return {
    outcomes,
    ok: outcomes.every((o) => o.error === undefined && (o.quarantinedCount ?? 0) === 0),
    statements,
  };
}

/**
 * After delivery: the applied results and definitions become the plan's,
 * removed syncs and calls are forgotten (a removed sync stops; it sends
 * nothing), and the snapshot is dropped. One transaction. Returns what went
 * wrong dropping the snapshot (warnings: the apply itself is done by then).
 */
export async function finalizePlan(
  context: RunContext,
  plan: Plan,
  runId: string,
  faults: Faults = NO_FAULTS,
): Promise<Diagnostic[]> {
  const { ir, location } = context;
  const d = location.dialect;
  const t = (name: string): string => stateTable(location, name);
  const s = (text: string): string => d.stringLiteral(text);
  const planned = new Set(plan.definitions.map((x) => x.name));
  const current = ir.definitions.filter((x) => planned.has(x.name));
  const sources = definitionSources(current);
  const hashes = new Map(plan.definitions.map((x) => [x.name, x.hash]));
  const removed = plan.changes.filter((c) => c.action === 'remove').map((c) => c.name);
  const touched = [...planned, ...removed];
  const list = (names: readonly string[]): string =>
    names.length > 0 ? `(${names.map(s).join(', ')})` : '(NULL)';
  const statements = [
    `DELETE FROM ${t('results')} WHERE definition IN ${list(touched)}`,
    `INSERT INTO ${t('results')} SELECT definition, member_id, value FROM ${t(plan.tables.results)}`,
    `DELETE FROM ${t('definitions')} WHERE name IN ${list(touched)}`,
  ];
  const now = d.timestampLiteral(new Date().toISOString());
  if (current.length > 0) {
    const values = current.map(
      (x) =>
        `(${s(x.name)}, ${s(x.kind)}, ${s(x.entity)}, ${s(hashes.get(x.name) ?? '')}, ${s(sources.get(x.name) ?? '')}, ${s(JSON.stringify({ ...x, origin: undefined }))}, ${s(runId)}, ${now})`,
    );
    statements.push(`INSERT INTO ${t('definitions')} VALUES ${values.join(',\n')}`);
  }
  // Failures of planned channels that this plan no longer sends are moot (the member moved back).
  const plannedChannels = current.flatMap((x) => (x.kind === 'sync' ? syncChannels(x) : []));
  statements.push(
    `DELETE FROM ${t('failures')} AS f WHERE ${channelCondition(d, plannedChannels, 'f')} AND NOT EXISTS (` +
      `SELECT 1 FROM ${t(plan.tables.transitions)} AS t WHERE t.sync = f.sync AND t.call = f.call ` +
      `AND t.member_id = f.member_id AND t.transition = f.transition AND t.prev_seq + 1 = f.seq)`,
  );
  if (!plan.select) {
    const channels = ir.definitions.flatMap((x) => (x.kind === 'sync' ? syncChannels(x) : []));
    const gone = `NOT ${channelCondition(d, channels, 'x')}`;
    // A forgotten channel starts a new generation, so its seq restarting never repeats a messageId.
    statements.push(
      `INSERT INTO ${t('generations')} (sync, call, generation) SELECT DISTINCT x.sync, x.call, 1 FROM ${t('delivered')} AS x ` +
        `WHERE ${gone} AND NOT EXISTS (SELECT 1 FROM ${t('generations')} AS g WHERE g.sync = x.sync AND g.call = x.call)`,
      `UPDATE ${t('generations')} AS g SET generation = g.generation + 1 WHERE EXISTS (SELECT 1 FROM ${t('delivered')} AS x ` +
        `WHERE x.sync = g.sync AND x.call = g.call AND ${gone})`,
      `DELETE FROM ${t('delivered')} AS x WHERE ${gone}`,
      `DELETE FROM ${t('failures')} AS x WHERE ${gone}`,
    );
  }
  statements.push(bumpStateVersionSql(location));
  faults.at('finalize', 0);
  await inTransaction(context, statements, () => undefined);
  try {
    return await dropSnapshot(context, plan.runId, Object.values(plan.tables));
  } catch (caught) {
    return [
      warning(
        'plan-snapshot-drop-failed',
        `forgetting the snapshot of run ${plan.runId} failed on ${d.name}: ${errorMessage(caught)}`,
        undefined,
        ['the apply is complete; a later plan drops the snapshot after the retention'],
      ),
    ];
  }
}
