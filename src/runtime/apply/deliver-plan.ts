/**
 * Delivers a plan's transitions and records what was acknowledged.
 *
 * Per destination, transitions are read from the plan's transitions table
 * in pages of `pos` order (memory stays flat; one statement streamed or
 * paged, on a warehouse without either one statement per page), turned into
 * Segment calls, and handed to the destination in batches. What each batch did is noted in
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
import { callJsonWriter } from '../calls/call-json.js';
import type { CallFields } from '../calls/call-json.js';
import { callBuilder, callOptionsAndTypes, transitionFromRow } from '../calls/plan-payloads.js';
import type { CallRef } from '../destinations/destination.js';
import { invalidReason } from '../calls/validate-call.js';
import { openDestination } from '../destinations/open-destination.js';
import { syncChannels } from '../plan/channels.js';
import { definitionSources } from '../plan/definition-sources.js';
import { dropSnapshot } from '../plan/make-plan.js';
import type { Plan } from '../plan/plan.js';
import type { RunContext } from '../plan/prepare-run.js';
import { channelCondition, inNames } from '../plan/snapshot-sql.js';
import { stateTable } from '../state/location.js';
import { bumpStateVersionSql } from '../state/meta.js';
import { errorMessage, queryColumns } from '../warehouse.js';
import type { Faults } from './faults.js';
import { NO_FAULTS } from './faults.js';
import { boundHeapGrowth } from './heap-growth.js';
import {
  accountAnonymousIdHashSql,
  messageIdFromHashSql,
  messageIdHashSql,
  type MessageIdSqlOf,
} from './message-id-sql.js';

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
  /**
   * This process's resident memory in MB when the destination's delivery
   * began, and the most it reached during it (sampled after every batch and
   * every bookkeeping statement): the delivery phase's own memory is the
   * difference (the delivery benchmark reports it).
   */
  rssMb?: { start: number; peak: number };
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
/**
 * Rows per statement where each page is one (no StateAdapter.deliveryCursor
 * nor Warehouse.readInPages), and per page of a paged read, at least.
 */
const READ_CHUNK = 10_000;
/**
 * Rows per page of a streamed read, at least (DuckDB's vector size); a page
 * is whole batches. A page lives while its calls are sent, and smaller pages
 * leave less for the garbage collector's old generation.
 */
const CURSOR_PAGE = 2_048;

/**
 * What an engine in this process (DuckDB) may hold while delivering
 * (Warehouse.limitMemory). Its streamed read and its checkpoints' merges need
 * little, but with the default limit (half the machine) it would keep every
 * block of the transitions it read and of the rows each checkpoint writes
 * into `delivered` and `changes`: ~40 MB more per million calls. Above this,
 * those blocks (in the database file) are dropped, and a merge that needs
 * more (the DELETE of a checkpoint replacing many delivered rows) spills.
 */
const DELIVERY_ENGINE_MEMORY = 64 * 2 ** 20;

const PAGE_COLUMNS = [
  'pos',
  'sync',
  'call',
  'source',
  'source_kind',
  'member_id',
  'transition',
  'value',
  'prev_seq',
  'generation',
  'message_id',
  'anonymous_id',
] as const;

/** Where each of PAGE_COLUMNS is in a page's row. */
const POS = 0;
const SYNC = 1;
const CALL = 2;
const SOURCE = 3;
const SOURCE_KIND = 4;
const MEMBER = 5;
const TRANSITION = 6;
const VALUE = 7;
const MESSAGE_ID = 10;
const ANONYMOUS_ID = 11;

/**
 * A page of transitions: rows of the PAGE_COLUMNS values, as the driver or
 * JSON.parse gives them, in `pos` order. Handed to the call writer as they
 * are (no reshaping into objects or columns).
 */
type Page = unknown[][];

/** A column-wise result as a Page (an empty result may come without columns). */
function pageOf(columns: Record<string, unknown[]>): Page {
  const cells = PAGE_COLUMNS.map((name) => columns[name] ?? []);
  const n = cells[POS]?.length ?? 0;
  const page: Page = new Array(n);
  for (let i = 0; i < n; i++) page[i] = cells.map((column) => column[i]);
  return page;
}

/** Rows as `query` gives them (named columns) as a Page. */
function pageOfRows(rows: readonly Record<string, unknown>[]): Page {
  const page: Page = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    page[i] = PAGE_COLUMNS.map((name) => row[name]);
  }
  return page;
}

/** A page's row as a transitions row, for the general path (`transitionFromRow`). */
function rowOf(row: unknown[], destination: string): Record<string, unknown> {
  const out: Record<string, unknown> = { destination };
  PAGE_COLUMNS.forEach((name, c) => (out[name] = row[c]));
  return out;
}

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
    // Positions of one destination are consecutive and read in order, so its
    // outcomes make few ranges; a range never covers a position not journalled.
    if (last && last.last + 1 === pos && last.status === status && last.reason === reason)
      last.last = pos;
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

/**
 * The SHA-256 hex of the messageId key of a transitions row `t` of
 * destination `name` (every row's t.destination). The key's parts that take
 * few values (the destination, each channel's sync and call, the transition)
 * are quoted here once, not by the warehouse per row. The page read and the
 * checkpoint's change log use this one expression, so they agree.
 */
function transitionHashSql(sql: MessageIdSqlOf, plan: Plan, name: string): string {
  return messageIdHashSql(sql, {
    project: plan.project,
    destination: 't.destination',
    sync: 't.sync',
    call: 't.call',
    member: 't.member_id',
    transition: 't.transition',
    seq: 't.prev_seq + 1',
    generation: 'COALESCE(t.generation, 1)',
    value: `CASE WHEN t.source_kind = 'audience' THEN NULL ELSE t.value END`,
    known: {
      destination: name,
      channels: plan.syncs
        .filter((s) => s.destination === name)
        .flatMap((s) => s.channels.map((c) => ({ sync: s.name, call: c.call }))),
      transitions: ['entered', 'exited', 'changed', 'removed'],
    },
  });
}

/**
 * A destination's transitions (those with `pos` from `from` to `to`, when
 * given) with each call's messageId (and a group call's anonymousId)
 * computed by the warehouse: in SQL the hashing runs on the engine's
 * threads, set-based, instead of one SHA-256 per call in this process (ids
 * as in calls/message-id.ts; tests compare both).
 */
function withIdsSql(
  location: RunContext['location'],
  plan: Plan,
  destination: string,
  range?: { from: number; to: number },
): string {
  const d = location.dialect;
  const dest = d.stringLiteral(destination);
  const transitions = stateTable(location, plan.tables.transitions);
  const fence = location.adapter.subqueryFence ? ` ${location.adapter.subqueryFence}` : '';
  const within = range ? ` AND t.pos BETWEEN ${range.from} AND ${range.to}` : '';
  return (
    `SELECT y.pos, y.sync, y.destination, y.call, y.source, y.source_kind, y.member_id, y.transition, y.value, y.prev_seq, y.generation, ` +
    `${messageIdFromHashSql('y.h')} AS message_id, ` +
    `CASE WHEN y.a IS NULL THEN NULL ELSE ${messageIdFromHashSql('y.a')} END AS anonymous_id FROM (` +
    `SELECT t.*, ${transitionHashSql(location, plan, destination)} AS h, ` +
    `CASE WHEN t.call = 'group' THEN ${accountAnonymousIdHashSql(location, 't.member_id')} END AS a ` +
    `FROM ${transitions} AS t WHERE t.destination = ${dest}${within}${fence}) AS y`
  );
}

/**
 * Page rows given as JSON array texts (`DeliveryCursorSql.rowText`): the
 * rows as JSON.parse gives them, put in `pos` order if they came in another.
 */
function pageOfJson(texts: readonly string[]): Page {
  const rows = JSON.parse(`[${texts.join(',')}]`) as Page;
  for (let i = 1; i < rows.length; i++) {
    if (Number(rows[i - 1]![POS]) > Number(rows[i]![POS])) {
      rows.sort((x, y) => Number(x[POS]) - Number(y[POS]));
      break;
    }
  }
  return rows;
}

interface PagesInput {
  context: RunContext;
  plan: Plan;
  destination: string;
  /** The destination's positions: one consecutive range (`pos` is numbered by destination first). */
  firstPos: number;
  lastPos: number;
  /** Delivery's session table of this destination (qualified), if made. */
  deliveryTable?: string;
  /** Rows per page of a streamed read (whole batches). */
  pageRows: number;
  /** The first position a streamed read resumes at, when it was closed for a checkpoint. */
  from?: number;
  count: (sql: string) => void;
}

/**
 * A destination's transitions with their calls' ids, in pages in `pos`
 * order. Where the warehouse has a cursor roster
 * can keep open across checkpoints (StateAdapter.deliveryCursor), one
 * statement streams them all, and where it can page one statement's result
 * (Warehouse.readInPages: Snowflake, BigQuery, Redshift), one statement is
 * paged: the reads do not grow with the calls. Elsewhere each page is a
 * statement of its own (a range of `pos`).
 */
async function* readPages(input: PagesInput): AsyncGenerator<Page> {
  const { context, plan, destination, deliveryTable, count } = input;
  const { warehouse, location } = context;
  const streamed = location.adapter.deliveryCursor;
  if (warehouse.cursor && streamed && (deliveryTable !== undefined || streamed.readsPlanTable)) {
    const columns = PAGE_COLUMNS.map((c) => `w.${c}`);
    const resume = input.from !== undefined ? { from: input.from, to: input.lastPos } : undefined;
    const read =
      `SELECT ${streamed.rowText(columns)} FROM ` +
      (streamed.readsPlanTable
        ? // In the order stored, which the plan made `pos` order (createTransitionsSql).
          `(${withIdsSql(location, plan, destination, resume)}) AS w`
        : `${deliveryTable} AS w${resume ? ` WHERE w.pos >= ${resume.from}` : ''} ORDER BY w.pos`);
    count(read);
    // One JSON text per row: decoding a value per cell cost more than the rest of a call.
    for await (const texts of warehouse.cursor(read, input.pageRows)) yield pageOfJson(texts);
    return;
  }
  if (warehouse.readInPages && deliveryTable === undefined) {
    // One statement whose stored result is paged (Warehouse.readInPages; on Redshift on a session
    // of its own, which could not see a session table): the warehouses' statements cost about a
    // second each, and quota, so the reads must not grow with the calls. The warehouse sorts,
    // since its tables keep no order; pages are as large as the statements' pages were.
    const read = `${withIdsSql(location, plan, destination)} ORDER BY y.pos`;
    count(read);
    const rows = Math.ceil(READ_CHUNK / input.pageRows) * input.pageRows;
    for await (const page of warehouse.readInPages(read, rows)) yield pageOfRows(page);
    return;
  }
  for (let from = input.firstPos; from <= input.lastPos; from += READ_CHUNK) {
    const to = Math.min(input.lastPos, from + READ_CHUNK - 1);
    const read =
      deliveryTable !== undefined
        ? `SELECT ${PAGE_COLUMNS.join(', ')} FROM ${deliveryTable} WHERE pos BETWEEN ${from} AND ${to} ORDER BY pos`
        : `${withIdsSql(location, plan, destination, { from, to })} ORDER BY y.pos`;
    count(read);
    yield pageOf(await queryColumns(warehouse, read));
  }
}

/** Why a read that came back without positions `from`..`to` failed its destination. */
function shortRead(from: number, to: number): string {
  const which = from === to ? `position ${from}` : `positions ${from}–${to}`;
  return `the read of its transitions came back without ${which}; they were not sent and stay pending`;
}

/**
 * Why `page` cannot follow a read that ended before position `expected`
 * (rows missing, repeated or out of order), or undefined when its rows are
 * `expected`, `expected + 1`, … in order.
 */
function skippedPositions(page: Page, expected: number): string | undefined {
  for (let i = 0; i < page.length; i++) {
    const pos = Number(page[i]![POS]);
    if (pos === expected + i) continue;
    return pos > expected + i
      ? shortRead(expected + i, pos - 1)
      : `the read of its transitions came back with position ${pos} again or out of order (after ${expected + i - 1}); nothing after it was sent, and it stays pending`;
  }
  return undefined;
}

/** The columns naming one member on one channel, in `delivered` and `failures`. */
const MEMBER_KEY = ['sync', 'call', 'member_id'] as const;

/**
 * `DELETE FROM table AS alias` of the rows whose `keys` match a row of
 * `from` (a FROM clause whose rows are aliased `t`): the adapter's form
 * (StateAdapter.deleteMatching), else a correlated EXISTS.
 */
function deleteMatching(
  adapter: RunContext['location']['adapter'],
  table: string,
  alias: string,
  keys: readonly string[],
  from: string,
): string {
  if (adapter.deleteMatching)
    return adapter.deleteMatching(
      table,
      alias,
      keys,
      `SELECT ${keys.map((k) => `t.${k}`).join(', ')} FROM ${from}`,
    );
  const same = keys.map((k) => `t.${k} = ${alias}.${k}`).join(' AND ');
  return `DELETE FROM ${table} AS ${alias} WHERE EXISTS (SELECT 1 FROM ${from} WHERE ${same})`;
}

interface CheckpointInput {
  context: RunContext;
  plan: Plan;
  destination: string;
  runId: string;
  gitCommit: string | undefined;
  ranges: readonly JournalRange[];
  /**
   * Delivery's session table of this destination (StateAdapter.deliveryTable,
   * qualified), whose rows carry their messageId: the change log takes the
   * ids from it. Without it, the plan's transitions table and the ids hashed again.
   */
  deliveryTable?: string;
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
  const transitions = input.deliveryTable ?? t(plan.tables.transitions);
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
  const changeColumns = `${s(runId)}, ${d.timestampLiteral(plan.now)}, x.source, x.sync, x.destination, x.call, x.member_id, x.transition, x.value, x.seq`;
  const changesInsert = `INSERT INTO ${t('changes')} (run_id, evaluated_at, definition, sync, destination, call, member_id, transition, value, seq, message_id, git_commit) `;
  const fence = location.adapter.subqueryFence ? ` ${location.adapter.subqueryFence}` : '';
  const changes =
    input.deliveryTable !== undefined
      ? // The ids the calls were sent with, computed once when the session table was made.
        `${changesInsert}SELECT ${changeColumns}, x.message_id, ${s(input.gitCommit ?? null)} FROM (` +
        `SELECT t.source, t.sync, t.destination, t.call, t.member_id, t.transition, t.value, t.prev_seq + 1 AS seq, t.message_id ` +
        `FROM ${journalled('ack')}) AS x`
      : `${changesInsert}SELECT ${changeColumns}, ${messageIdFromHashSql('x.h')}, ${s(input.gitCommit ?? null)} FROM (` +
        `SELECT t.source, t.sync, t.destination, t.call, t.member_id, t.transition, t.value, t.prev_seq + 1 AS seq, ${transitionHashSql(location, plan, destination)} AS h ` +
        `FROM ${journalled('ack')}${fence}) AS x`;
  return [
    `INSERT INTO ${t('journal')} (snapshot, destination, first_pos, last_pos, status, reason, run_id) VALUES ${values.join(', ')}`,
    deleteMatching(location.adapter, t('delivered'), 'x', MEMBER_KEY, journalled('ack')),
    `INSERT INTO ${t('delivered')} (sync, destination, call, member_id, source, source_kind, present, value, seq, run_id, updated_at) ` +
      `SELECT t.sync, t.destination, t.call, t.member_id, t.source, t.source_kind, ${present}, ` +
      `CASE WHEN ${present} THEN t.value END, t.prev_seq + 1, ${s(runId)}, ${wall} FROM ${journalled('ack')}`,
    changes,
    deleteMatching(
      location.adapter,
      t('failures'),
      'f',
      MEMBER_KEY,
      `${transitions} AS t JOIN ${t('journal')} AS j ON j.snapshot = ${snapshot} AND j.destination = ${dest} ` +
        `AND t.destination = ${dest} AND t.pos BETWEEN j.first_pos AND j.last_pos`,
    ),
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
  /** The memory of the destination being delivered (DestinationOutcome.rssMb). */
  let rss: { start: number; peak: number } | undefined;
  const sampleRss = (): void => {
    if (rss) rss.peak = Math.max(rss.peak, process.memoryUsage.rss());
  };
  const count = (sql: string): void => {
    statements++;
    // Before each statement, so after the one before it: a checkpoint's statements are sampled.
    sampleRss();
    options.onStatement?.(sql);
  };
  const checkpointMs = Math.max(0, options.checkpointSeconds ?? DEFAULT_CHECKPOINT_SECONDS) * 1000;
  const transitions = stateTable(location, plan.tables.transitions);
  // Each destination's positions are one consecutive range (`pos` is numbered by destination first).
  const countSql =
    `SELECT destination, COUNT(*) AS n, MIN(pos) AS first_pos, MAX(pos) AS last_pos ` +
    `FROM ${transitions} GROUP BY destination ORDER BY destination`;
  count(countSql);
  const destinationRows = await warehouse.query(countSql);
  const session = location.adapter.deliveryTable;
  const outcomes: DestinationOutcome[] = [];
  let acknowledgedTotal = 0;
  // Delivery promotes garbage fast; V8 would let it pile up to ~4x the live heap (heap-growth.ts).
  const restoreHeapGrowth = boundHeapGrowth();
  const restoreEngineMemory = await warehouse.limitMemory?.(DELIVERY_ENGINE_MEMORY);
  try {
    for (const [k, destinationRow] of destinationRows.entries()) {
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
        ...(faults.midBatch
          ? { midBatch: () => faults.at('mid-batch', acknowledgedTotal + 1) }
          : {}),
      });
      if (!opened.ok) {
        outcome.error = opened.message;
        continue;
      }
      const destination = opened.destination;
      const started = performance.now();
      const startRss = process.memoryUsage.rss();
      rss = { start: startRss, peak: startRss };
      const groupAnonymousId = destination.groupAnonymousId ?? true;
      const build = callBuilder(ir.definitions, plan, groupAnonymousId);
      const { options: channelOptions, types } = callOptionsAndTypes(ir.definitions);
      const write = callJsonWriter({
        now: plan.now,
        rosterVersion: plan.rosterVersion,
        groupAnonymousId,
        options: (sync, call) => channelOptions.get(JSON.stringify([sync, call])) ?? {},
        traitType: (source) => types.get(source),
      });
      const batchSize = Math.max(1, options.batchSize ?? destination.batchSize ?? 500);
      let journal = new Journal();
      let acknowledgedSinceCheckpoint = 0;
      /** Delivery's session table of this destination, once made (see StateAdapter.deliveryTable). */
      let workTable: string | undefined;
      const quarantine = (
        pos: number,
        sync: string,
        member: string,
        messageId: string,
        reason: string,
      ): void => {
        journal.add(pos, 'failed', reason);
        outcome.quarantinedCount = (outcome.quarantinedCount ?? 0) + 1;
        outcome.quarantined ??= [];
        if (outcome.quarantined.length < QUARANTINE_SHOWN)
          outcome.quarantined.push({ sync, member, messageId, reason });
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
            ...(workTable !== undefined ? { deliveryTable: workTable } : {}),
          }),
          count,
        );
        journal = new Journal();
        outcome.delivered += acknowledgedSinceCheckpoint;
        acknowledgedSinceCheckpoint = 0;
        faults.at('after-commit', acknowledgedTotal);
      };
      // One fields object, refilled per row: no object per call on the common path.
      const fields: CallFields = {
        call: '',
        source: '',
        sourceKind: '',
        member: '',
        transition: '',
        value: null,
        messageId: '',
        anonymousId: null,
      };
      /**
       * Sends rows [start, end) of a page and journals what happened, in
       * position order; false when the destination must stop.
       */
      const send = async (page: Page, start: number, end: number): Promise<boolean> => {
        const refs: CallRef[] = [];
        const json: string[] = [];
        // Per row of the batch: why it was not sent (invalid), or undefined.
        const invalid: Array<string | undefined> = [];
        const ids: string[] = [];
        for (let i = start; i < end; i++) {
          const row = page[i]!;
          const sync = row[SYNC] as string;
          fields.call = String(row[CALL]);
          fields.source = String(row[SOURCE]);
          fields.sourceKind = String(row[SOURCE_KIND]);
          fields.member = String(row[MEMBER]);
          fields.transition = String(row[TRANSITION]);
          const value = row[VALUE];
          fields.value = value === null || value === undefined ? null : String(value);
          fields.messageId = String(row[MESSAGE_ID]);
          const anonymous = row[ANONYMOUS_ID];
          fields.anonymousId =
            anonymous === null || anonymous === undefined ? null : String(anonymous);
          let text = write(String(sync), fields);
          let id = fields.messageId;
          let reason: string | undefined;
          if (text === undefined) {
            // The general path: the call object, checked; invalid calls are quarantined, never sent
            // (Segment-style receivers answer 200 and drop them silently).
            const call = build(transitionFromRow(rowOf(row, name)));
            text = JSON.stringify(call);
            id = call.messageId;
            reason = invalidReason(call, text);
          }
          invalid.push(reason);
          ids.push(id);
          if (reason === undefined) {
            refs.push({ messageId: id });
            json.push(text);
          }
        }
        const result =
          refs.length > 0
            ? await destination.deliver(refs, json)
            : { acknowledged: [] as string[], rejected: undefined, error: undefined };
        // Every call acknowledged (the usual case): no set of ids to look each one up in.
        const all =
          result.error === undefined &&
          (result.rejected?.length ?? 0) === 0 &&
          result.acknowledged.length === refs.length;
        const acked = all ? undefined : new Set(result.acknowledged);
        const rejected = new Map((result.rejected ?? []).map((r) => [r.messageId, r.reason]));
        let missing = 0;
        let ackedHere = 0;
        for (let i = start; i < end; i++) {
          const k = i - start;
          const id = ids[k] as string;
          const row = page[i]!;
          const pos = Number(row[POS]);
          const refused = invalid[k] ?? rejected.get(id);
          if (invalid[k] === undefined && (all || acked?.has(id))) {
            journal.add(pos, 'ack', null);
            acknowledgedTotal++;
            acknowledgedSinceCheckpoint++;
            ackedHere++;
          } else if (refused !== undefined) {
            quarantine(pos, String(row[SYNC]), String(row[MEMBER]), id, refused);
          } else {
            missing++;
            journal.add(pos, 'failed', result.error ?? 'not acknowledged by the destination');
          }
        }
        // The acknowledged calls are not recorded yet: a crash here resends them.
        if (ackedHere > 0) faults.at('before-commit', acknowledgedTotal);
        if (result.error || missing > 0) {
          outcome.error = result.error ?? `${missing} call(s) were not acknowledged`;
          return false;
        }
        return true;
      };
      /** The pages of this destination's transitions, in `pos` order, once the reading has started. */
      let pages: AsyncGenerator<Page> | undefined;
      /** The page read ahead, if any: a session runs one statement at a time, so it finishes before a checkpoint. */
      let next: Promise<IteratorResult<Page>> | undefined;
      try {
        let stopped = false;
        if (session) {
          // The ids of every call hashed once, set-based; pages and checkpoints read them.
          const bare = `roster_delivery_${k}`;
          for (const statement of session.create(bare, withIdsSql(location, plan, name))) {
            count(statement);
            await warehouse.execute(statement);
          }
          workTable = session.ref(bare);
        }
        let lastCheckpoint = Date.now();
        // A page is sent in batches of its own rows and dropped after. The next page is asked for
        // before the current one is sent, so the warehouse reads it while this process writes
        // (statements still run one at a time, in order).
        const pagesInput: PagesInput = {
          context,
          plan,
          destination: name,
          firstPos: Number(destinationRow.first_pos),
          lastPos: Number(destinationRow.last_pos),
          ...(workTable !== undefined ? { deliveryTable: workTable } : {}),
          pageRows: Math.ceil(CURSOR_PAGE / batchSize) * batchSize,
          count,
        };
        pages = readPages(pagesInput);
        const reopen = location.adapter.deliveryCursor?.holdsTransaction === true;
        const ahead = (): Promise<IteratorResult<Page>> | undefined => {
          const reading = pages?.next();
          // Read ahead and never used (the destination stopped): not an unhandled rejection.
          reading?.catch(() => undefined);
          return reading;
        };
        next = ahead();
        /** The position the next row read must have: a destination's positions are consecutive. */
        let expected = pagesInput.firstPos;
        while (next && !stopped) {
          const result = await next;
          if (result.done) break;
          const page = result.value;
          next = ahead();
          const rows = page.length;
          // A read that skips rows (a driver's paging, a resume) must not pass for a whole
          // delivery: the skipped calls were never sent. The apply fails; they stay pending.
          const skipped = skippedPositions(page, expected);
          if (skipped) {
            outcome.error = skipped;
            stopped = true;
            break;
          }
          expected += rows;
          for (let start = 0; start < rows && !stopped; start += batchSize) {
            if (!(await send(page, start, Math.min(rows, start + batchSize)))) stopped = true;
            sampleRss();
            progress(
              `  ${name}: ${outcome.delivered + acknowledgedSinceCheckpoint}/${outcome.planned} calls delivered`,
            );
            if (Date.now() - lastCheckpoint >= checkpointMs) {
              // A session runs one statement at a time: the read ahead finishes first.
              const held = reopen && !stopped ? await next?.catch(() => undefined) : undefined;
              if (held && !held.done && held.value.length > 0) {
                // The open read would keep what this checkpoint commits in the database's memory
                // (DeliveryCursorSql.holdsTransaction): it ends here and resumes after the page read ahead.
                await pages?.return(undefined);
                await checkpoint();
                const lastRead = Number(held.value[held.value.length - 1]![POS]);
                pages = readPages({ ...pagesInput, from: lastRead + 1 });
                next = Promise.resolve(held);
              } else {
                await next?.catch(() => undefined);
                await checkpoint();
              }
              lastCheckpoint = Date.now();
            }
          }
        }
        if (!stopped && expected <= pagesInput.lastPos)
          outcome.error = shortRead(expected, pagesInput.lastPos);
        // The statement read ahead finishes before the checkpoint's run.
        await next?.catch(() => undefined);
        await checkpoint();
      } catch (caught) {
        outcome.error = errorMessage(caught);
        // Record what was acknowledged before the failure, so it is not resent; the read ahead
        // (of rows never sent) ends first, so the checkpoint's statements never run beside it.
        await next?.catch(() => undefined);
        await checkpoint().catch(() => undefined);
      } finally {
        // A cursor left open when the destination stopped early is closed.
        await next?.catch(() => undefined);
        await pages?.return(undefined).catch(() => undefined);
        await destination.close().catch(() => undefined);
        if (workTable !== undefined) {
          // Session tables go with the session anyway; dropped now to free its memory.
          const drop = `DROP TABLE IF EXISTS ${workTable}`;
          count(drop);
          await warehouse.execute(drop).catch(() => undefined);
        }
        outcome.seconds = (performance.now() - started) / 1000;
        sampleRss();
        const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
        outcome.rssMb = { start: mb(rss.start), peak: mb(rss.peak) };
        rss = undefined;
      }
    }
  } finally {
    await restoreEngineMemory?.();
    restoreHeapGrowth();
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
  // The results snapshot holds only what changes (snapshot-sql.ts, createResultsChangeSql),
  // against the results this plan was made on: the state version apply verified says they
  // have not moved since.
  const statements = [
    `DELETE FROM ${t('results')} WHERE definition IN ${inNames(d, removed)}`,
    deleteMatching(
      location.adapter,
      t('results'),
      'x',
      ['definition', 'member_id'],
      `${t(plan.tables.results)} AS t`,
    ),
    `INSERT INTO ${t('results')} SELECT definition, member_id, value FROM ${t(plan.tables.results)} WHERE value IS NOT NULL`,
    `DELETE FROM ${t('definitions')} WHERE name IN ${inNames(d, touched)}`,
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
