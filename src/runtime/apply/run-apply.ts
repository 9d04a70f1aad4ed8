/**
 * `roster apply` as a function: take the lock, plan (or read and verify a
 * saved plan), guard against mass exits, deliver, record, release. Output
 * goes through callbacks so the CLI stays a thin renderer.
 */
import { basename } from 'node:path';
import { error } from '../../diagnostics/diagnostic.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { describeViolation, evaluateGuards, GUARD_FLAGS, GUARD_SETTINGS } from '../plan/guards.js';
import type { GuardMeasures, GuardName, GuardViolation } from '../plan/guards.js';
import { makePlan, newRunId, dropSnapshot } from '../plan/make-plan.js';
import type { Plan } from '../plan/plan.js';
import { planHasChanges } from '../plan/plan.js';
import { readPlanFile } from '../plan/plan-file.js';
import { prepareRun } from '../plan/prepare-run.js';
import type { RunContext } from '../plan/prepare-run.js';
import { renderPlan } from '../plan/render-plan.js';
import { stateTable } from '../state/location.js';
import {
  acquireLock,
  currentHolder,
  DEFAULT_LEASE_SECONDS,
  describeHolder,
  holdLease,
  releaseLock,
  releaseLockAnew,
} from '../state/lock.js';
import type { SqlStage } from '../../sql/index.js';
import { permissionDenied } from '../permission.js';
import { errorMessage, warehouseReason } from '../warehouse.js';
import { deliverPlan, finalizePlan } from './deliver-plan.js';
import type { DestinationOutcome } from './deliver-plan.js';
import { faultsFromEnv } from './faults.js';
import { gitCommitOf } from './git-commit.js';
import { verifyPlan } from './verify-plan.js';

export interface RunApplyOptions {
  projectDir: string;
  /** `sqlStage` of src/sql/index.ts: the dialect registry and the compiler. */
  sql: SqlStage;
  target?: string;
  env: NodeJS.ProcessEnv;
  planFile?: string;
  now?: string;
  select?: string[];
  autoApprove: boolean;
  allowMassExit: boolean;
  allowMassEnter?: boolean;
  allowSizeDrift?: boolean;
  allowSourceShrink?: boolean;
  /** Whether a person can answer a prompt. */
  interactive: boolean;
  confirm: (question: string) => Promise<boolean>;
  out: (text: string) => void;
  progress: (line: string) => void;
}

export interface RunApplyResult {
  exitCode: number;
  diagnostics: Diagnostic[];
  outcomes: DestinationOutcome[];
  /** Statements delivery's bookkeeping sent to the state (does not grow with the number of calls). */
  bookkeepingStatements?: number;
  /** Files for rendering diagnostics. */
  context?: RunContext;
}

/** The first quarantined calls of a destination, with their reasons. */
function quarantineLines(outcome: DestinationOutcome, shown = 10): string[] {
  const list = outcome.quarantined ?? [];
  const total = outcome.quarantinedCount ?? list.length;
  return [
    ...list
      .slice(0, shown)
      .map((q) => `      quarantined ${q.sync} ${q.member} (${q.messageId}): ${q.reason}`),
    ...(total > shown ? [`      … and ${total - shown} more`] : []),
  ];
}

/** What a run records for the guards of later runs and for `roster docs` (runs.summary). */
function recordedSizes(
  context: RunContext,
  plan: Plan,
  measures: GuardMeasures,
): {
  audiences: Array<{ name: string; size: number }>;
  traits: Array<{ name: string; size: number }>;
  sources: GuardMeasures['sources'];
} {
  const kinds = new Map(context.ir.definitions.map((d) => [d.name, d.kind]));
  const planned = plan.definitions.filter((d) => d.kind !== 'sync').map((d) => d.name);
  const sized = (kind: (k: string | undefined) => boolean): Array<{ name: string; size: number }> =>
    planned
      .filter((name) => kind(kinds.get(name)))
      .map((name) => ({ name, size: measures.sizes[name] ?? 0 }));
  return {
    audiences: sized((k) => k === 'audience'),
    traits: sized((k) => k === 'computed-trait' || k === 'sql-trait'),
    sources: measures.sources,
  };
}

async function recordRun(
  context: RunContext,
  runId: string,
  now: string,
  status: string,
  summary?: unknown,
): Promise<void> {
  const { warehouse, location } = context;
  const d = location.dialect;
  const t = stateTable(location, 'runs');
  if (status === 'running') {
    const holder = currentHolder(runId);
    await warehouse.execute(
      `INSERT INTO ${t} VALUES (${d.stringLiteral(runId)}, 'apply', ${d.stringLiteral(context.target.name)}, ${d.stringLiteral(holder.holder)}, ` +
        `${d.timestampLiteral(holder.startedAt)}, NULL, ${d.timestampLiteral(now)}, 'running', NULL)`,
    );
    return;
  }
  await warehouse.execute(
    `UPDATE ${t} SET status = ${d.stringLiteral(status)}, finished_at = ${d.timestampLiteral(new Date().toISOString())}, ` +
      `summary = ${d.stringLiteral(JSON.stringify(summary ?? {}))} WHERE run_id = ${d.stringLiteral(runId)}`,
  );
}

export async function runApply(options: RunApplyOptions): Promise<RunApplyResult> {
  const result = await applyAndUnlock(options);
  // A lock left held blocks every apply until its lease runs out: the run failed.
  return result.diagnostics.some((d) => d.code === 'apply-unlock-failed')
    ? { ...result, exitCode: 1 }
    : result;
}

/**
 * `ROSTER_CHECKPOINT_SECONDS`, when set: a number of seconds (0 or more), or
 * the error that refuses it. A malformed value was once ignored silently,
 * so an operator who meant `30` but typed `30s` got roster.yaml's interval.
 */
export function checkpointSecondsFromEnv(env: NodeJS.ProcessEnv): {
  seconds?: number;
  error?: Diagnostic;
} {
  const read = numberFromEnv(env, 'ROSTER_CHECKPOINT_SECONDS', (n) => n >= 0, {
    code: 'apply-bad-checkpoint-seconds',
    expected: 'a number of seconds, 0 or more',
    fix: 'set it to a number such as `60` (0 records progress after every batch), or unset it to use roster.yaml `apply.checkpoint_seconds`',
  });
  return read.error
    ? { error: read.error }
    : read.value === undefined
      ? {}
      : { seconds: read.value };
}

/** `ROSTER_BATCH_SIZE`, when set: calls per delivery batch (a whole number, 1 or more). */
export function batchSizeFromEnv(env: NodeJS.ProcessEnv): { size?: number; error?: Diagnostic } {
  const read = numberFromEnv(env, 'ROSTER_BATCH_SIZE', (n) => Number.isInteger(n) && n >= 1, {
    code: 'apply-bad-batch-size',
    expected: 'a whole number of calls, 1 or more',
    fix: "set it to a number such as `500`, or unset it to use the destination's own batch size",
  });
  return read.error ? { error: read.error } : read.value === undefined ? {} : { size: read.value };
}

/**
 * A numeric environment setting: unset or blank means "not given"; anything
 * else must be a finite number that `valid` accepts, or it is refused before
 * apply locks or sends anything (an ignored typo silently changes behaviour).
 */
function numberFromEnv(
  env: NodeJS.ProcessEnv,
  name: string,
  valid: (n: number) => boolean,
  refusal: { code: string; expected: string; fix: string },
): { value?: number; error?: Diagnostic } {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return {};
  const value = Number(raw.trim());
  if (Number.isFinite(value) && valid(value)) return { value };
  return {
    error: error(refusal.code, `${name} must be ${refusal.expected}, not \`${raw}\``, undefined, [
      refusal.fix,
    ]),
  };
}

async function applyAndUnlock(options: RunApplyOptions): Promise<RunApplyResult> {
  const diagnostics: Diagnostic[] = [];
  // Checked before anything is read or locked: a bad interval must not surface mid-delivery.
  const checkpointFromEnv = checkpointSecondsFromEnv(options.env);
  const batchFromEnv = batchSizeFromEnv(options.env);
  const envErrors = [checkpointFromEnv.error, batchFromEnv.error].filter(
    (d): d is Diagnostic => d !== undefined,
  );
  if (envErrors.length > 0) return { exitCode: 1, diagnostics: envErrors, outcomes: [] };
  let saved: Plan | undefined;
  if (options.planFile) {
    const read = readPlanFile(options.planFile);
    if (!read.ok)
      return {
        exitCode: 1,
        diagnostics: [
          error('apply-plan-unreadable', read.message, undefined, [
            `make the plan again with \`roster plan --out ${basename(options.planFile)}\` and apply that file unchanged`,
          ]),
        ],
        outcomes: [],
      };
    saved = read.plan;
  } else if (!options.autoApprove && !options.interactive) {
    return {
      exitCode: 1,
      diagnostics: [
        error(
          'apply-needs-approval',
          'roster apply needs approval, and there is no terminal to ask in',
          undefined,
          [
            'pass --auto-approve to apply without asking (CI), or apply a reviewed plan: `roster plan --out plan.json` then `roster apply plan.json`',
          ],
        ),
      ],
      outcomes: [],
    };
  }
  const prepared = await prepareRun({
    projectDir: options.projectDir,
    ...(options.target ? { target: options.target } : {}),
    env: options.env,
    sql: options.sql,
  });
  diagnostics.push(...prepared.diagnostics);
  if (!prepared.ok) return { exitCode: 1, diagnostics, outcomes: [] };
  const opened = prepared.context;
  let context: RunContext = opened;
  const runId = newRunId();
  const faults = faultsFromEnv(options.env);
  // What the apply was doing, for the message when the target stops answering (never a line
  // of SQL: the user wrote none of it); after `delivering`, calls may have been sent.
  let step = 'taking the apply lock';
  let delivering = false;
  try {
    const lock = await acquireLock(opened.warehouse, opened.location, currentHolder(runId));
    if (!lock.ok) {
      diagnostics.push(
        error(
          'apply-locked',
          `the state is locked by another apply: ${describeHolder(lock.holder)}`,
          undefined,
          [`wait for it to finish; if it died, run \`roster force-unlock ${lock.holder.runId}\``],
        ),
      );
      return { exitCode: 1, diagnostics, outcomes: [], context };
    }
    if (lock.reclaimed)
      options.progress(
        `taking over the lock of ${describeHolder(lock.reclaimed)}: its lease ran out without being renewed`,
      );
    // From here every statement renews the lease first when due (and a timer does between statements).
    const lease = holdLease(opened.warehouse, opened.location, runId);
    context = { ...opened, warehouse: lease };
    try {
      let plan: Plan;
      let madeGuards: { violations: GuardViolation[]; measures: GuardMeasures } | undefined;
      if (saved) {
        step = 'checking the saved plan against the state';
        const problems = await verifyPlan(context, saved);
        if (problems.length > 0) {
          diagnostics.push(...problems);
          return { exitCode: 1, diagnostics, outcomes: [], context };
        }
        plan = saved;
      } else {
        step = 'making the plan';
        const made = await makePlan(context, {
          runId,
          ...(options.now ? { now: options.now } : {}),
          ...(options.select ? { select: options.select } : {}),
          onProgress: options.progress,
        });
        diagnostics.push(...made.diagnostics);
        if (!made.ok) return { exitCode: 1, diagnostics, outcomes: [], context };
        plan = made.plan;
        madeGuards = { violations: plan.guards, measures: made.guardMeasures };
        options.out(renderPlan(plan));
        if (!planHasChanges(plan)) {
          diagnostics.push(
            ...(await dropSnapshot(context, plan.runId, Object.values(plan.tables))),
          );
          return { exitCode: 0, diagnostics, outcomes: [], context };
        }
      }
      // Measured again from the warehouse, whatever a plan file says (guards.ts).
      step = 'measuring the guards';
      const guards = saved
        ? await evaluateGuards(
            context,
            plan.tables,
            plan.definitions.filter((x) => x.kind !== 'sync').map((x) => x.name),
          )
        : madeGuards;
      if (!guards) throw new Error('internal: a plan made here without its guard measures');
      const allowed: Record<GuardName, boolean> = {
        'mass-exit': options.allowMassExit,
        'mass-enter': options.allowMassEnter === true,
        'size-drift': options.allowSizeDrift === true,
        'source-shrink': options.allowSourceShrink === true,
      };
      const tripped = guards.violations.filter((v) => !allowed[v.guard]);
      if (tripped.length > 0) {
        for (const v of tripped)
          diagnostics.push(
            error(
              `apply-${v.guard}`,
              `refusing to apply (${v.guard} guard): ${describeViolation(v)}`,
              undefined,
              [
                `check the data and the definitions; if the change is intended, run again with ${GUARD_FLAGS[v.guard]}`,
                `the threshold is roster.yaml \`${GUARD_SETTINGS[v.guard]}\``,
              ],
            ),
          );
        if (!saved)
          diagnostics.push(
            ...(await dropSnapshot(context, plan.runId, Object.values(plan.tables))),
          );
        return { exitCode: 1, diagnostics, outcomes: [], context };
      }
      if (!saved && !options.autoApprove) {
        const yes = await options.confirm(
          'Do you want to apply this plan? Only `yes` will be accepted: ',
        );
        if (!yes) {
          diagnostics.push(
            ...(await dropSnapshot(context, plan.runId, Object.values(plan.tables))),
          );
          options.out('Apply cancelled.');
          return { exitCode: 1, diagnostics, outcomes: [], context };
        }
      }
      step = 'recording the run in the state';
      await recordRun(context, runId, plan.now, 'running');
      // The environment overrides roster.yaml's `apply.checkpoint_seconds` (tests force 0 with it).
      const checkpoint =
        checkpointFromEnv.seconds ?? context.project.config.apply?.checkpointSeconds;
      const gitCommit = gitCommitOf(context.project.config.root);
      step = 'delivering the calls and recording each batch in the state';
      delivering = true;
      const delivered = await deliverPlan(context, plan, {
        runId,
        env: options.env,
        faults,
        onProgress: options.progress,
        ...(batchFromEnv.size !== undefined ? { batchSize: batchFromEnv.size } : {}),
        ...(checkpoint !== undefined ? { checkpointSeconds: checkpoint } : {}),
        ...(gitCommit ? { gitCommit } : {}),
      });
      step = 'recording the applied state';
      diagnostics.push(...(await finalizePlan(context, plan, runId, faults)));
      step = "recording the run's outcome";
      await recordRun(context, runId, plan.now, delivered.ok ? 'applied' : 'partial', {
        plan: plan.runId,
        outcomes: delivered.outcomes,
        bookkeepingStatements: delivered.statements,
        ...(gitCommit ? { gitCommit } : {}),
        // Sizes as evaluated by this run (measured, not read from a plan file): `roster docs`
        // charts audiences per run; the size-drift and source-shrink guards compare with them.
        ...recordedSizes(context, plan, guards.measures),
      });
      const lines = delivered.outcomes.flatMap((o) => [
        `  ${o.destination}: ${o.delivered}/${o.planned} calls delivered${o.quarantinedCount ? `, ${o.quarantinedCount} quarantined` : ''}${o.error ? ` — FAILED: ${o.error}` : ''}`,
        ...quarantineLines(o),
      ]);
      const sent = delivered.outcomes.reduce((sum, o) => sum + o.delivered, 0);
      const failed = delivered.outcomes.filter((o) => o.error !== undefined);
      const quarantined = delivered.outcomes.reduce((sum, o) => sum + (o.quarantinedCount ?? 0), 0);
      options.out(
        [
          ...(lines.length > 0 ? ['Delivery:', ...lines] : []),
          failed.length === 0 && quarantined === 0
            ? `Apply complete (run ${runId}): ${sent} call(s) delivered.`
            : `Apply incomplete (run ${runId}): ${sent} call(s) delivered${failed.length > 0 ? `; ${failed.length} destination(s) failed` : ''}${quarantined > 0 ? `; ${quarantined} call(s) quarantined` : ''}. The next apply resends what was not acknowledged (\`roster plan\` shows it as pending retries).`,
        ].join('\n'),
      );
      if (quarantined > 0) {
        // The first reason in the diagnostic itself: it is what a CI log's error line shows.
        const first = delivered.outcomes.flatMap((o) => o.quarantined ?? [])[0];
        const example = first
          ? `; the first, for ${first.member} in sync \`${first.sync}\`: ${first.reason}${quarantined > 1 ? ' (every one is listed under Delivery above)' : ''}`
          : '';
        diagnostics.push(
          error(
            'apply-calls-quarantined',
            `${quarantined} call(s) were quarantined (invalid, or refused by the receiver) and stay pending${example}`,
            undefined,
            [
              'fix the data or the definition the reason names, then apply again: the next apply sends quarantined calls again, with the same messageIds',
            ],
          ),
        );
      }
      if (failed.length > 0) {
        for (const f of failed) {
          diagnostics.push(
            error(
              'apply-destination-failed',
              `delivering to \`${f.destination}\` failed: ${f.error ?? ''}`,
            ),
          );
        }
      }
      return {
        exitCode: failed.length > 0 || quarantined > 0 ? 1 : 0,
        diagnostics,
        outcomes: delivered.outcomes,
        bookkeepingStatements: delivered.statements,
        context,
      };
    } finally {
      await lease.stop();
      await releaseLock(opened.warehouse, opened.location, runId)
        // The run's own connection stalled or broke: release over a new one.
        .catch(() =>
          releaseLockAnew(
            opened.project.config,
            opened.target,
            options.env,
            runId,
            opened.location.dialect,
          ),
        )
        .catch((caught: unknown) => {
          diagnostics.push(
            error(
              'apply-unlock-failed',
              `could not release the apply lock of run ${runId}: ${errorMessage(caught)}; every other apply is refused until it is released`,
              undefined,
              [
                `the lock frees itself when its lease runs out (${DEFAULT_LEASE_SECONDS / 60} minutes without renewal); to free it sooner, once the target answers again: \`roster force-unlock ${runId}\``,
              ],
            ),
          );
        });
    }
  } catch (caught) {
    diagnostics.push(
      permissionDenied(caught) ??
        error(
          'apply-failed',
          `the apply on target \`${context.target.name}\` (${context.target.dialect}) stopped while ${step}: ${warehouseReason(caught)}`,
          undefined,
          [
            delivering
              ? 'run `roster apply` again once the target answers: calls acknowledged but not yet recorded are sent again with the same messageIds, which receivers deduplicate'
              : 'nothing was sent: run `roster apply` again once the target answers',
          ],
        ),
    );
    return { exitCode: 1, diagnostics, outcomes: [], context };
  } finally {
    await context.warehouse.close().catch(() => undefined);
  }
}
