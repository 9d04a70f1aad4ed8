/**
 * Delivers a plan's transitions and records what was acknowledged.
 *
 * Per destination, transitions are read from the plan's transitions table in
 * batches (keyset pagination on `pos`, so memory stays flat), turned into
 * Segment calls, and handed to the destination. Only then, in one
 * transaction, the delivered state advances for exactly the acknowledged
 * calls, the change log gets them, and the state version moves. A crash
 * anywhere loses nothing: unacknowledged transitions are still transitions
 * for the next apply, with the same messageIds. One destination failing
 * does not stop the others.
 */
import type { IrDefinition, IrValueType } from '../../ir/ir.js';
import { buildCall } from '../calls/build-call.js';
import { invalidReason } from '../calls/validate-call.js';
import type { SegmentCall, TransitionRow } from '../calls/build-call.js';
import { openDestination } from '../destinations/open-destination.js';
import { syncChannels } from '../plan/channels.js';
import { definitionSources } from '../plan/definition-sources.js';
import { dropSnapshot } from '../plan/make-plan.js';
import type { CallKind, Plan, Transition } from '../plan/plan.js';
import type { RunContext } from '../plan/prepare-run.js';
import { channelCondition } from '../plan/snapshot-sql.js';
import { stateTable } from '../state/location.js';
import { bumpStateVersionSql } from '../state/meta.js';
import { errorMessage } from '../warehouse.js';
import type { Row, Warehouse } from '../warehouse.js';
import type { Faults } from './faults.js';
import { NO_FAULTS } from './faults.js';

export interface DeliverOptions {
  runId: string;
  env: NodeJS.ProcessEnv;
  batchSize?: number;
  faults?: Faults;
  onProgress?: (line: string) => void;
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
  /** Invalid calls (never sent) and calls the receiver rejected; they never block the others. */
  quarantined?: QuarantinedCall[];
}

export interface DeliverResult {
  outcomes: DestinationOutcome[];
  ok: boolean;
}

async function inTransaction(warehouse: Warehouse, statements: readonly string[]): Promise<void> {
  await warehouse.execute('BEGIN TRANSACTION');
  try {
    for (const statement of statements) await warehouse.execute(statement);
    await warehouse.execute('COMMIT');
  } catch (caught) {
    await warehouse.execute('ROLLBACK').catch(() => undefined);
    throw caught;
  }
}

function decodeRow(row: Row): TransitionRow {
  return {
    pos: Number(row.pos),
    sync: String(row.sync),
    destination: String(row.destination),
    call: String(row.call) as CallKind,
    source: String(row.source),
    sourceKind: row.source_kind === 'trait' ? 'trait' : 'audience',
    member: String(row.member_id),
    transition: String(row.transition) as Transition,
    value: row.value === null || row.value === undefined ? null : String(row.value),
    prevSeq: Number(row.prev_seq),
  };
}

/** The statements recording acknowledged transitions (run inside one transaction). */
function recordStatements(
  context: RunContext,
  runId: string,
  now: string,
  done: Array<{ row: TransitionRow; call: SegmentCall }>,
): string[] {
  const { location } = context;
  const d = location.dialect;
  const s = (text: string | null): string => (text === null ? 'NULL' : d.stringLiteral(text));
  const at = d.timestampLiteral(now);
  const wall = d.timestampLiteral(new Date().toISOString());
  const byChannel = new Map<string, TransitionRow[]>();
  for (const { row } of done) {
    const key = JSON.stringify([row.sync, row.call]);
    byChannel.set(key, [...(byChannel.get(key) ?? []), row]);
  }
  const statements: string[] = [];
  for (const rows of byChannel.values()) {
    const first = rows[0];
    if (!first) continue;
    statements.push(
      `DELETE FROM ${stateTable(location, 'delivered')} WHERE sync = ${s(first.sync)} AND call = ${s(first.call)} AND member_id IN (${rows.map((r) => s(r.member)).join(', ')})`,
    );
  }
  const delivered = done.map(({ row }) => {
    const present = row.transition === 'entered' || row.transition === 'changed';
    return `(${s(row.sync)}, ${s(row.destination)}, ${s(row.call)}, ${s(row.member)}, ${s(row.source)}, ${s(row.sourceKind)}, ${present ? 'TRUE' : 'FALSE'}, ${s(present ? row.value : null)}, ${row.prevSeq + 1}, ${s(runId)}, ${wall})`;
  });
  statements.push(
    `INSERT INTO ${stateTable(location, 'delivered')} VALUES ${delivered.join(',\n')}`,
  );
  const changes = done.map(
    ({ row, call }) =>
      `(${s(runId)}, ${at}, ${s(row.source)}, ${s(row.sync)}, ${s(row.destination)}, ${s(row.call)}, ${s(row.member)}, ${s(row.transition)}, ${s(row.value)}, ${row.prevSeq + 1}, ${s(call.messageId)})`,
  );
  statements.push(`INSERT INTO ${stateTable(location, 'changes')} VALUES ${changes.join(',\n')}`);
  statements.push(bumpStateVersionSql(location));
  return statements;
}

function traitTypes(definitions: readonly IrDefinition[]): Map<string, IrValueType> {
  const types = new Map<string, IrValueType>();
  for (const d of definitions)
    if (d.kind === 'computed-trait' || d.kind === 'sql-trait') types.set(d.name, d.type);
  return types;
}

export async function deliverPlan(
  context: RunContext,
  plan: Plan,
  options: DeliverOptions,
): Promise<DeliverResult> {
  const { project, ir, warehouse, location } = context;
  const faults = options.faults ?? NO_FAULTS;
  const progress = options.onProgress ?? (() => undefined);
  const transitions = stateTable(location, plan.tables.transitions);
  const d = location.dialect;
  const channelOptions = new Map<string, Record<string, string>>();
  for (const def of ir.definitions) {
    if (def.kind !== 'sync') continue;
    for (const c of syncChannels(def))
      channelOptions.set(JSON.stringify([c.sync, c.call]), c.options);
  }
  const types = traitTypes(ir.definitions);
  const destinationRows = await warehouse.query(
    `SELECT destination, COUNT(*) AS n FROM ${transitions} GROUP BY destination ORDER BY destination`,
  );
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
    const batchSize = Math.max(1, options.batchSize ?? destination.batchSize ?? 500);
    const quarantine = (row: TransitionRow, call: SegmentCall, reason: string): void => {
      outcome.quarantined ??= [];
      outcome.quarantined.push({
        sync: row.sync,
        member: row.member,
        messageId: call.messageId,
        reason,
      });
    };
    try {
      let last = 0;
      for (;;) {
        const rows = (
          await warehouse.query(
            `SELECT * FROM ${transitions} WHERE destination = ${d.stringLiteral(name)} AND pos > ${last} ORDER BY pos LIMIT ${batchSize}`,
          )
        ).map(decodeRow);
        const lastRow = rows[rows.length - 1];
        if (!lastRow) break;
        last = lastRow.pos;
        const batch = rows.map((row) => ({
          row,
          call: buildCall(row, {
            project: plan.project,
            now: plan.now,
            rosterVersion: plan.rosterVersion,
            options: channelOptions.get(JSON.stringify([row.sync, row.call])) ?? {},
            ...(types.has(row.source) ? { traitType: types.get(row.source) } : {}),
            groupAnonymousId: destination.groupAnonymousId ?? true,
          }),
        }));
        // Invalid calls are quarantined before sending: Segment-style receivers drop them silently.
        const valid: typeof batch = [];
        for (const b of batch) {
          const reason = invalidReason(b.call);
          if (reason === undefined) valid.push(b);
          else quarantine(b.row, b.call, reason);
        }
        const result =
          valid.length > 0
            ? await destination.deliver(valid.map((b) => b.call))
            : { acknowledged: [] };
        const acked = new Set(result.acknowledged);
        const rejected = new Map((result.rejected ?? []).map((r) => [r.messageId, r.reason]));
        for (const b of valid) {
          const reason = rejected.get(b.call.messageId);
          if (reason !== undefined && !acked.has(b.call.messageId))
            quarantine(b.row, b.call, reason);
        }
        const done = valid.filter((b) => acked.has(b.call.messageId));
        acknowledgedTotal += done.length;
        if (done.length > 0) {
          faults.at('before-commit', acknowledgedTotal);
          await inTransaction(warehouse, recordStatements(context, options.runId, plan.now, done));
          faults.at('after-commit', acknowledgedTotal);
          outcome.delivered += done.length;
        }
        const missing = valid.filter(
          (b) => !acked.has(b.call.messageId) && !rejected.has(b.call.messageId),
        ).length;
        if (result.error || missing > 0) {
          outcome.error = result.error ?? `${missing} call(s) were not acknowledged`;
          break;
        }
        progress(`  ${name}: ${outcome.delivered}/${outcome.planned} calls delivered`);
      }
    } catch (caught) {
      outcome.error = errorMessage(caught);
    } finally {
      await destination.close().catch(() => undefined);
    }
  }
  return {
    outcomes,
    ok: outcomes.every((o) => o.error === undefined && (o.quarantined?.length ?? 0) === 0),
  };
}

/**
 * After delivery: the applied results and definitions become the plan's,
 * removed syncs and calls are forgotten (a removed sync stops; it sends
 * nothing), and the snapshot is dropped. One transaction.
 */
export async function finalizePlan(
  context: RunContext,
  plan: Plan,
  runId: string,
  faults: Faults = NO_FAULTS,
): Promise<void> {
  const { ir, warehouse, location } = context;
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
  if (!plan.select) {
    const channels = ir.definitions.flatMap((x) => (x.kind === 'sync' ? syncChannels(x) : []));
    statements.push(`DELETE FROM ${t('delivered')} WHERE NOT ${channelCondition(d, channels, '')}`);
  }
  statements.push(bumpStateVersionSql(location));
  faults.at('finalize', 0);
  await inTransaction(warehouse, statements);
  await dropSnapshot(context, plan.runId, Object.values(plan.tables)).catch(() => undefined);
}
