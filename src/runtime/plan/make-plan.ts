/**
 * `roster plan`: evaluates every selected definition at one instant into
 * snapshot tables in the state schema, diffs them against the applied state
 * in SQL, and returns a Plan holding counts, a few sample ids and the names
 * of the snapshot tables an apply delivers from. Memory does not grow with
 * audience sizes: only aggregates are read back.
 */
import { randomBytes } from 'node:crypto';
import { error, warning } from '../../diagnostics/diagnostic.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { IrDefinition, IrEntity, IrSync } from '../../ir/ir.js';
import { printable } from '../../diagnostics/printable.js';
import type { CompiledDuplicateIds } from '../../sql/index.js';
import { stateTable } from '../state/location.js';
import { readStateVersion } from '../state/meta.js';
import { withEvaluation } from '../evaluation.js';
import { errorMessage } from '../warehouse.js';
import type { Row } from '../warehouse.js';
import { syncChannels, trackEvents } from './channels.js';
import type { Channel } from './channels.js';
import { definitionHashes } from './definition-hash.js';
import { definitionSources } from './definition-sources.js';
import { evaluateGuards } from './guards.js';
import { planFieldDigests } from './plan-file.js';
import type { GuardMeasures } from './guards.js';
import { PENDING_REASONS_SHOWN, PLAN_FORMAT, PLAN_VERSION, snapshotTables } from './plan.js';
import type {
  Plan,
  PlanAudience,
  PlanChannel,
  PlanDefinitionChange,
  PlanPendingRetries,
  PlanSync,
  PlanTrait,
} from './plan.js';
import type { RunContext } from './prepare-run.js';
import { selectDefinitions } from './selection.js';
import {
  createDesiredSql,
  createResultsChangeSql,
  resultsChangeCountsSql,
  sizesAfterChangeSql,
  createTransitionsSql,
  inNames,
  pendingRetriesSql,
  valueChanged,
  desiredSelects,
} from './snapshot-sql.js';

export const ROSTER_VERSION = '0.1.0';
const SAMPLES = 3;
/** Snapshot tables of plans never applied are dropped after this long. */
const SNAPSHOT_RETENTION_DAYS = 7;
const SNAPSHOT_RETENTION_MS = SNAPSHOT_RETENTION_DAYS * 24 * 3600 * 1000;

export interface MakePlanOptions {
  /** ISO instant; the run's start when absent. */
  now?: string;
  select?: string[];
  runId?: string;
  onProgress?: (line: string) => void;
}

export type MakePlanResult =
  | { ok: true; plan: Plan; diagnostics: Diagnostic[]; guardMeasures: GuardMeasures }
  | { ok: false; diagnostics: Diagnostic[] };

/** A run id that sorts by time and is safe inside table names. */
export function newRunId(at = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', 't');
  return `r${stamp}_${randomBytes(3).toString('hex')}`;
}

interface AppliedDefinition {
  kind: string;
  entity: string | null;
  hash: string;
  source: string;
}

async function readApplied(context: RunContext): Promise<Map<string, AppliedDefinition>> {
  const rows = await context.warehouse.query(
    `SELECT name, kind, entity, hash, source FROM ${stateTable(context.location, 'definitions')}`,
  );
  return new Map(
    rows.map((r) => [
      String(r.name),
      {
        kind: String(r.kind),
        entity: r.entity === null ? null : String(r.entity),
        hash: String(r.hash),
        source: String(r.source),
      },
    ]),
  );
}

const num = (v: unknown): number => Number(v ?? 0);

function inList(context: RunContext, names: Iterable<string>): string {
  return inNames(context.location.dialect, [...names]);
}

/**
 * Drops the snapshots of plans never applied, older than the retention. Cleanup
 * never fails the plan it follows: what it could not drop is a warning.
 */
async function dropOldSnapshots(context: RunContext, keep: string): Promise<Diagnostic[]> {
  const { warehouse, location } = context;
  const cutoff = new Date(Date.now() - SNAPSHOT_RETENTION_MS).toISOString();
  const problems: Diagnostic[] = [];
  try {
    const rows = await warehouse.query(
      `SELECT run_id, tables FROM ${stateTable(location, 'snapshots')} WHERE created_at < ${location.dialect.timestampLiteral(cutoff)} AND run_id <> ${location.dialect.stringLiteral(keep)}`,
    );
    for (const row of rows) {
      const tables = JSON.parse(String(row.tables)) as string[];
      problems.push(...(await dropSnapshot(context, String(row.run_id), tables)));
    }
  } catch (caught) {
    problems.push(
      warning(
        'plan-snapshot-drop-failed',
        `dropping the snapshots of plans older than ${SNAPSHOT_RETENTION_DAYS} days failed on ${location.dialect.name}: ${errorMessage(caught)}`,
        undefined,
        ['the next plan tries again'],
      ),
    );
  }
  return problems;
}

/**
 * Drops a plan's snapshot tables and forgets them. Every table is tried; one
 * that cannot be dropped is a `plan-snapshot-drop-failed` warning (returned,
 * not thrown: the plan or apply it follows is not undone by it), and the
 * snapshot stays recorded so a later plan's retention sweep tries again.
 */
export async function dropSnapshot(
  context: RunContext,
  runId: string,
  tables: readonly string[],
): Promise<Diagnostic[]> {
  const { warehouse, location } = context;
  const problems: Diagnostic[] = [];
  for (const table of tables) {
    try {
      await warehouse.execute(`DROP TABLE IF EXISTS ${stateTable(location, table)}`);
    } catch (caught) {
      problems.push(
        warning(
          'plan-snapshot-drop-failed',
          `dropping the snapshot table \`${table}\` of run ${runId} failed on ${location.dialect.name}: ${errorMessage(caught)}`,
          undefined,
          [
            `if the message names an object that depends on the table (a view), drop that or make it read elsewhere; the table stays in the state schema, and a plan run after ${SNAPSHOT_RETENTION_DAYS} days tries to drop it again`,
          ],
        ),
      );
    }
  }
  if (problems.length > 0) return problems;
  try {
    await warehouse.execute(
      `DELETE FROM ${stateTable(location, 'snapshots')} WHERE run_id = ${location.dialect.stringLiteral(runId)}`,
    );
  } catch (caught) {
    // Cleanup after a failed evaluation must not hide its error (the same lock or timeout
    // often stops this statement too): the tables are gone, only their record stays.
    return [
      warning(
        'plan-snapshot-drop-failed',
        `forgetting the dropped snapshot of run ${runId} failed on ${location.dialect.name}: ${errorMessage(caught)}`,
        undefined,
        [
          `nothing to do: the record stays in \`snapshots\`, and a plan run after ${SNAPSHOT_RETENTION_DAYS} days clears it`,
        ],
      ),
    ];
  }
  return [];
}

/**
 * Drops the plan's temporary tables. They belong to the session, which ends
 * with the command, so a failure here loses nothing and must not hide the
 * plan's own outcome: dropping them only frees the memory sooner.
 */
async function dropSessionTables(context: RunContext, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    try {
      await context.warehouse.execute(`DROP TABLE IF EXISTS ${table}`);
    } catch {
      // the session's end drops it
    }
  }
}

/**
 * Per sync, the calls recorded in `failures` (failed or quarantined by an
 * earlier apply, still pending): those this plan sends again (the same
 * transition at the same place in the member's history, hence the same
 * messageId) with their most frequent reasons, and those it no longer sends.
 */
async function readPendingRetries(
  context: RunContext,
  transitions: string,
  syncNames: readonly string[],
): Promise<Map<string, PlanPendingRetries>> {
  const out = new Map<string, PlanPendingRetries>();
  if (syncNames.length === 0) return out;
  const { warehouse, location } = context;
  const sql = pendingRetriesSql(
    location.dialect,
    stateTable(location, 'failures'),
    transitions,
    syncNames,
    PENDING_REASONS_SHOWN,
  );
  const totals = await warehouse.query(sql.totals);
  if (totals.length === 0) return out;
  const reasons = await warehouse.query(sql.reasons);
  for (const row of totals) {
    const sync = String(row.sync);
    const listed = reasons
      .filter((r) => String(r.sync) === sync)
      .map((r) => ({ reason: String(r.reason), calls: num(r.n), sample: String(r.example_id) }));
    const calls = num(row.resent);
    out.set(sync, {
      calls,
      superseded: num(row.n) - calls,
      reasons: listed,
      moreReasons: Math.max(0, num(row.reasons) - listed.length),
    });
  }
  return out;
}

/**
 * Ids with several rows in `users` or `accounts`, from the compiled query's
 * rows `(id, n, ids)`: the table, each id with its row count, and how many
 * more ids there are. Staging keeps one row per id, and which one is arbitrary.
 */
function duplicateIdsWarning(check: CompiledDuplicateIds, rows: Row[]): Diagnostic | undefined {
  if (rows.length === 0) return undefined;
  const total = num(rows[0]?.ids);
  const listed = rows.map((r) => `\`${printable(String(r.id))}\` ${num(r.n)} rows`).join(', ');
  const more = total > rows.length ? ` and ${total - rows.length} more id(s)` : '';
  return warning(
    'plan-duplicate-ids',
    `source \`${check.source}\` (table \`${printable(check.table)}\`) has ${total} id(s) with more than one row: ${listed}${more}; one row per id is used, and which one is arbitrary`,
  );
}

/**
 * Up to SAMPLES members per definition in `names` and side, in code-point
 * order: `entered` (new, or a changed value) and `exited`; `results` is the
 * session's table of the evaluated results.
 */
function sampleSql(
  context: RunContext,
  change: string,
  names: readonly string[],
  numericTraits: readonly string[],
): string {
  const d = context.location.dialect;
  return [
    `SELECT definition, side, member_id FROM (`,
    `  SELECT definition, side, member_id, row_number() OVER (PARTITION BY definition, side ORDER BY ${d.codePointOrder('member_id')}) AS rn FROM (`,
    `    SELECT definition, CASE WHEN value IS NULL THEN 'exited' ELSE 'entered' END AS side, member_id FROM ${change}`,
    `    WHERE definition IN ${inList(context, names)}`,
    `      AND (value IS NULL OR previous IS NULL OR ${valueChanged(d, 'previous', 'value', 'definition', numericTraits)})`,
    `  ) AS s`,
    `) AS ranked WHERE rn <= ${SAMPLES} ORDER BY definition, side, rn`,
  ].join('\n');
}

export async function makePlan(
  context: RunContext,
  options: MakePlanOptions = {},
): Promise<MakePlanResult> {
  const { project, ir, warehouse, location, target } = context;
  const d = location.dialect;
  const t = (name: string): string => stateTable(location, name);
  const progress = options.onProgress ?? (() => undefined);
  const runId = options.runId ?? newRunId();
  const now = new Date(options.now ?? Date.now()).toISOString();
  const diagnostics: Diagnostic[] = [];

  const applied = await readApplied(context);
  const hashes = definitionHashes(ir);
  const picked = selectDefinitions(
    ir,
    options.select,
    (def) => applied.get(def.name)?.hash !== hashes.get(def.name),
  );
  if (!picked.selection) return { ok: false, diagnostics: picked.diagnostics };
  const selection = picked.selection;
  const selected = ir.definitions.filter((def) =>
    def.kind === 'sync' ? selection.syncs.has(def.name) : selection.definitions.has(def.name),
  );
  const syncs = selected.filter((def): def is IrSync => def.kind === 'sync');
  const channels: Channel[] = syncs.flatMap(syncChannels);
  const sources = definitionSources(selected);

  // ---- definitions added / changed / removed
  const changes: PlanDefinitionChange[] = [];
  for (const def of selected) {
    const before = applied.get(def.name);
    const after = sources.get(def.name);
    if (!before)
      changes.push({ name: def.name, kind: def.kind, action: 'add', ...(after ? { after } : {}) });
    else if (before.hash !== hashes.get(def.name)) {
      const because = def.dependsOn.filter(
        (dep) => hashes.has(dep) && applied.get(dep)?.hash !== hashes.get(dep),
      );
      changes.push({
        name: def.name,
        kind: def.kind,
        action: 'change',
        before: before.source,
        ...(after ? { after } : {}),
        ...(because.length > 0 ? { because } : {}),
      });
    }
  }
  if (selection.all) {
    const names = new Set(ir.definitions.map((def) => def.name));
    for (const [name, before] of applied) {
      if (!names.has(name))
        changes.push({
          name,
          kind: before.kind as IrDefinition['kind'],
          action: 'remove',
          before: before.source,
        });
    }
  }

  // ---- evaluate into snapshot tables
  // Compiled here, with the compiler the caller handed over (context.sql): what to compile
  // (the definitions changed since the applied state) is known only after reading the state.
  const compiledResult = context.sql.compile(ir, {
    dialect: target.dialect,
    now,
    sources: project.config.sources,
    ...(selection.all ? {} : { select: [...selection.definitions] }),
  });
  if (!compiledResult.ok) return { ok: false, diagnostics: compiledResult.diagnostics };
  const compiled = compiledResult.compiled;

  const tables = snapshotTables(runId);
  // Session-scoped: read only while planning (createDesiredSql).
  const session = { desired: d.quoteIdentifier(`roster_plan_desired_${runId}`) };
  const numericTraits = ir.definitions
    .filter(
      (def) => (def.kind === 'computed-trait' || def.kind === 'sql-trait') && def.type === 'number',
    )
    .map((def) => def.name);
  const definitionsToRead = compiled.definitions.filter((def) =>
    selection.definitions.has(def.name),
  );
  progress(
    `evaluating ${definitionsToRead.length} definition(s) at ${now} on ${target.name} (${target.dialect})`,
  );
  try {
    const evaluated = await withEvaluation(
      warehouse,
      compiled,
      {
        onProgress: progress,
        project,
        // An SQL trait that fails points at its definition.
        ranges: new Map(
          ir.definitions.flatMap((def) =>
            def.kind !== 'sync' && def.origin ? [[def.name, def.origin.range] as const] : [],
          ),
        ),
      },
      async (): Promise<Diagnostic | undefined> => {
        let step = 'recording the snapshot';
        try {
          await warehouse.execute(
            `INSERT INTO ${t('snapshots')} (run_id, created_at, tables) VALUES (${d.stringLiteral(runId)}, ${d.timestampLiteral(new Date().toISOString())}, ${d.stringLiteral(JSON.stringify(Object.values(tables)))})`,
          );
          step = 'looking for duplicated ids';
          for (const check of compiled.duplicateIds) {
            const warned = duplicateIdsWarning(check, await warehouse.query(check.query));
            if (warned) diagnostics.push(warned);
          }
          step = 'writing the results snapshot';
          for (const statement of createResultsChangeSql(
            d,
            t(tables.results),
            definitionsToRead,
            t('results'),
          ))
            await warehouse.execute(statement);
          step = 'writing the desired state of each sync';
          const { parts, unreachable } = desiredSelects(d, definitionsToRead, channels, compiled);
          for (const channel of unreachable) {
            diagnostics.push(
              warning(
                'plan-no-memberships',
                `sync \`${channel.sync}\` sends ${channel.call} calls to the users of accounts, but the project has no memberships source: no ${channel.call} calls are sent`,
              ),
            );
          }
          for (const statement of createDesiredSql(d, session.desired, parts))
            await warehouse.execute(statement);
          return undefined;
        } catch (caught) {
          return error(
            'plan-evaluation-failed',
            `evaluating the definitions failed on ${target.dialect} (${step}): ${errorMessage(caught)}`,
          );
        }
      },
    );
    diagnostics.push(...evaluated.diagnostics);
    if (!evaluated.ok || evaluated.value) {
      if (evaluated.ok && evaluated.value) diagnostics.push(evaluated.value);
      if (evaluated.ok)
        diagnostics.push(...(await dropSnapshot(context, runId, Object.values(tables))));
      return { ok: false, diagnostics };
    }
    const stateVersion = await readStateVersion(warehouse, location);
    await warehouse.execute(
      createTransitionsSql(
        d,
        t(tables.transitions),
        session.desired,
        t('delivered'),
        t('generations'),
        channels,
        numericTraits,
      ),
    );
    diagnostics.push(...(await dropOldSnapshots(context, runId)));
    progress('  computed transitions');

    // ---- audiences and traits
    const readNames = definitionsToRead.map((def) => def.name);
    // Counted from the results change (createResultsChangeSql), not from a join of both results.
    const counts = async (sql: string): Promise<Map<string, Row>> =>
      new Map((await warehouse.query(sql)).map((r) => [String(r.definition), r]));
    const sizes = await counts(sizesAfterChangeSql(d, t(tables.results), t('results'), readNames));
    const previous = await counts(
      `SELECT definition, COUNT(*) AS n FROM ${t('results')} WHERE definition IN ${inList(context, readNames)} GROUP BY definition`,
    );
    const moves = await counts(resultsChangeCountsSql(d, t(tables.results), numericTraits));
    const stats = new Map(
      readNames.map((name) => [
        name,
        {
          size: sizes.get(name)?.n,
          previous: previous.get(name)?.n,
          ...moves.get(name),
        } as Row,
      ]),
    );
    // Samples exist only where members entered, exited or changed: a scheduled plan finds few
    // such definitions, and ranking every member of the others cost a join of both snapshots.
    const moved = readNames.filter((name) => {
      const row = stats.get(name);
      return row !== undefined && num(row.entered) + num(row.exited) + num(row.changed) > 0;
    });
    const sampleRows =
      moved.length === 0
        ? []
        : await warehouse.query(sampleSql(context, t(tables.results), moved, numericTraits));
    // Grouped once: filtering every row per definition costs N² with N definitions.
    const sampled = new Map<string, string[]>();
    for (const r of sampleRows) {
      const key = `${String(r.side)} ${String(r.definition)}`;
      const list = sampled.get(key);
      if (list) list.push(String(r.member_id));
      else sampled.set(key, [String(r.member_id)]);
    }
    const samples = (name: string, side: string): string[] => sampled.get(`${side} ${name}`) ?? [];
    const syncedSources = new Set(syncs.map((s) => s.source));
    const audiences: PlanAudience[] = [];
    const traits: PlanTrait[] = [];
    for (const def of selected) {
      if (def.kind === 'sync' || !selection.definitions.has(def.name)) continue;
      const row: Row = stats.get(def.name) ?? {};
      const previousSize = applied.has(def.name) ? num(row.previous) : null;
      if (def.kind === 'audience') {
        audiences.push({
          name: def.name,
          entity: def.entity,
          size: num(row.size),
          previousSize,
          entered: num(row.entered),
          exited: num(row.exited),
          samples: { entered: samples(def.name, 'entered'), exited: samples(def.name, 'exited') },
          synced: syncedSources.has(def.name),
        });
      } else {
        traits.push({
          name: def.name,
          entity: def.entity,
          size: num(row.size),
          previousSize,
          changed: num(row.entered) + num(row.changed),
          removed: num(row.exited),
          samples: samples(def.name, 'entered'),
        });
      }
    }

    // ---- syncs and their calls
    const countRows = await warehouse.query(
      `SELECT sync, call, transition, COUNT(*) AS n FROM ${t(tables.transitions)} GROUP BY sync, call, transition`,
    );
    const deliveredRows = await warehouse.query(
      `SELECT sync, destination, call, source, source_kind, COUNT(*) AS n FROM ${t('delivered')} GROUP BY sync, destination, call, source, source_kind`,
    );
    const count = (sync: string, call: string, transition: string): number =>
      num(
        countRows.find((r) => r.sync === sync && r.call === call && r.transition === transition)?.n,
      );
    const deliveredCount = (sync: string, call: string): number =>
      num(deliveredRows.find((r) => r.sync === sync && r.call === call)?.n);
    const planSyncs: PlanSync[] = [];
    for (const sync of syncs) {
      const planChannels: PlanChannel[] = syncChannels(sync).map((c) => {
        const events = trackEvents(c);
        return {
          call: c.call,
          level: c.level,
          entered: count(c.sync, c.call, 'entered'),
          exited: count(c.sync, c.call, 'exited'),
          changed: count(c.sync, c.call, 'changed'),
          removed: count(c.sync, c.call, 'removed'),
          deliveredBefore: deliveredCount(c.sync, c.call),
          ...(events ? { events } : {}),
        };
      });
      const calls = new Set<string>(sync.calls.map((c) => c.call));
      const forgotten = selection.all
        ? deliveredRows
            .filter((r) => r.sync === sync.name && !calls.has(String(r.call)))
            .reduce((n, r) => n + num(r.n), 0)
        : 0;
      planSyncs.push({
        name: sync.name,
        source: sync.source,
        sourceKind: sync.sourceKind,
        entity: sync.entity,
        destination: sync.destination,
        status: deliveredRows.some((r) => r.sync === sync.name) ? 'active' : 'new',
        channels: planChannels,
        forgotten,
      });
    }
    if (selection.all) {
      const defined = new Set(ir.definitions.filter((x) => x.kind === 'sync').map((x) => x.name));
      const gone = new Map<string, Row[]>();
      for (const r of deliveredRows) {
        if (defined.has(String(r.sync))) continue;
        gone.set(String(r.sync), [...(gone.get(String(r.sync)) ?? []), r]);
      }
      for (const [name, rows] of gone) {
        const first = rows[0] ?? {};
        planSyncs.push({
          name,
          source: String(first.source),
          sourceKind: first.source_kind === 'trait' ? 'trait' : 'audience',
          entity: (applied.get(name)?.entity ?? 'account') as IrEntity,
          destination: String(first.destination),
          status: 'removed',
          channels: [],
          forgotten: rows.reduce((n, r) => n + num(r.n), 0),
        });
      }
    }

    // ---- pending retries: calls that failed or were quarantined in an earlier apply
    const retries = await readPendingRetries(
      context,
      t(tables.transitions),
      syncs.map((x) => x.name),
    );
    for (const s of planSyncs) {
      const pending = retries.get(s.name);
      if (pending && s.status !== 'removed') s.pendingRetries = pending;
    }

    // ---- guards (apply measures them again) and totals
    const guards = await evaluateGuards(context, tables, readNames);
    const totals = { enter: 0, exit: 0, update: 0, calls: 0 };
    for (const s of planSyncs) {
      for (const c of s.channels) {
        totals.enter += c.entered;
        totals.exit += c.exited;
        totals.update += c.changed + c.removed;
      }
    }
    totals.calls = totals.enter + totals.exit + totals.update;

    const plan: Plan = {
      format: PLAN_FORMAT,
      version: PLAN_VERSION,
      rosterVersion: ROSTER_VERSION,
      project: project.config.name,
      target: target.name,
      dialect: target.dialect,
      runId,
      now,
      createdAt: new Date().toISOString(),
      ...(selection.all ? {} : { select: options.select ?? [] }),
      state: { location: location.description, version: stateVersion },
      definitions: selected.map((def) => ({
        name: def.name,
        kind: def.kind,
        hash: hashes.get(def.name) ?? '',
      })),
      changes,
      audiences,
      traits,
      syncs: planSyncs,
      guards: guards.violations,
      totals,
      tables,
      warnings: diagnostics.filter((x) => x.severity === 'warning').map((x) => x.message),
    };
    // What this plan says, recorded next to its snapshot: a saved copy edited later is refused.
    await warehouse.execute(
      `UPDATE ${t('snapshots')} SET plan_fields = ${d.stringLiteral(JSON.stringify(planFieldDigests(plan)))} WHERE run_id = ${d.stringLiteral(runId)}`,
    );
    return { ok: true, plan, diagnostics, guardMeasures: guards.measures };
  } finally {
    await dropSessionTables(context, Object.values(session));
  }
}
