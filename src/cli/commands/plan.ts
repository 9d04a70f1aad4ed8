/**
 * `roster plan`: what an apply would send, computed now (or at `--now`), as
 * Terraform-like text, JSON, or Markdown for a pull-request comment; `--out`
 * saves it for `roster apply plan.json`. `--detailed-exitcode`: 0 no
 * changes, 1 error, 2 changes. Under `--format github`, or whenever it runs
 * in GitHub Actions, errors and warnings are annotations and progress is a
 * collapsed group of the log.
 */
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  error,
  renderDiagnostics,
  shouldUseColor,
  didYouMean,
  type Diagnostic,
} from '../../diagnostics/index.js';
import type { Project } from '../../project/index.js';
import {
  describeViolation,
  dropSnapshot,
  GUARD_FLAGS,
  makePlan,
  permissionDenied,
  planHasChanges,
  planPayloads,
  prepareRun,
  renderPlan,
  renderPlanMarkdown,
  serializePlan,
  writePlanFile,
  type RunContext,
} from '../../runtime/index.js';
import { sqlStage } from '../../sql/index.js';
import type { CliIo } from '../io.js';
import { PLAN_FORMATS } from './formats.js';
import { parseNowOption } from './now-option.js';
import { escapeGithubData, escapeGithubProperty, toGithub } from './check.js';

type PlanFormat = (typeof PLAN_FORMATS)[number];

export interface PlanOptions {
  project: string;
  target?: string;
  now?: string;
  out?: string;
  format: string;
  detailedExitcode?: boolean;
  select?: string[];
  summaryFile?: string;
  fullPlanUrl?: string;
  showPayloads?: string;
  limit?: string;
}

/** Whether messages should be GitHub Actions workflow commands: asked for, or running there. */
export function useGithubAnnotations(format: string, io: CliIo): boolean {
  return format === 'github' || io.env.GITHUB_ACTIONS === 'true';
}

/** Diagnostics as annotations (on stderr: stdout may be the plan, redirected to a file). */
export function reportGithubDiagnostics(io: CliIo, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.stderr(toGithub(d, io.cwd));
}

/** A warning annotation not tied to a file. */
export function githubWarning(title: string, message: string): string {
  return `::warning title=${escapeGithubProperty(title)}::${escapeGithubData(message)}`;
}

/**
 * Where the full plan can be read: `--full-plan-url`, else this CI run's page
 * (GitHub Actions: its summary; GitLab CI: the job), else nothing.
 */
export function fullPlanUrl(
  options: { fullPlanUrl?: string },
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (options.fullPlanUrl) return options.fullPlanUrl;
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID)
    return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
  return env.CI_JOB_URL || undefined;
}

/** The job summary allows 1 MiB per step: the full plan, short of that. */
const SUMMARY_LIMIT = 1_000_000;

export function reportDiagnostics(
  io: CliIo,
  diagnostics: readonly Diagnostic[],
  project?: Project,
): void {
  if (diagnostics.length === 0) return;
  const files = project
    ? [...project.configFiles, ...project.rosterFiles, ...project.testFiles]
    : [];
  io.stderr(
    renderDiagnostics(diagnostics, {
      sources: new Map(files.map((f) => [f.path, f])),
      color: shouldUseColor({ isTTY: io.isTTY }, io.env),
      cwd: io.cwd,
    }),
  );
}

/** Progress on stderr: one live line on a terminal, plain lines in CI logs. */
export function progressWriter(io: CliIo, now: () => number = Date.now): (line: string) => void {
  if (!io.isTTY) {
    // In CI logs a counter ("500/96152 calls") is shown at most every few seconds
    // and when it completes; every other line is shown as it comes.
    let lastCounter = -Infinity;
    return (line) => {
      const counter = /(\d+)\/(\d+)/.exec(line);
      if (counter && counter[1] !== counter[2] && now() - lastCounter < 5_000) return;
      if (counter) lastCounter = now();
      io.stderr(line);
    };
  }
  return (line) => process.stderr.write(`\r\u001b[2K${line.trim()}`);
}

/** Loads, checks, connects and opens the state for a command, reporting problems; undefined on failure. */
export async function prepareForCommand(
  options: { project: string; target?: string },
  io: CliIo,
  report: (ds: readonly Diagnostic[], project?: Project) => void = (ds, project) =>
    reportDiagnostics(io, ds, project),
): Promise<RunContext | undefined> {
  const prepared = await prepareRun({
    projectDir: resolve(io.cwd, options.project),
    ...(options.target ? { target: options.target } : {}),
    env: io.env,
    sql: sqlStage,
  });
  report(prepared.diagnostics, prepared.ok ? prepared.context.project : prepared.project);
  return prepared.ok ? prepared.context : undefined;
}

export async function runPlanCommand(options: PlanOptions, io: CliIo): Promise<number> {
  const format = options.format as PlanFormat;
  const annotate = useGithubAnnotations(options.format, io);
  const report = (ds: readonly Diagnostic[], project?: Project): void =>
    annotate ? reportGithubDiagnostics(io, ds) : reportDiagnostics(io, ds, project);
  if (!PLAN_FORMATS.includes(format)) {
    report([
      error(
        'cli-invalid-format',
        `\`--format ${options.format}\`: use ${PLAN_FORMATS.join(', ')}`,
        undefined,
        [
          ...didYouMean(options.format, PLAN_FORMATS),
          `write ${PLAN_FORMATS.map((f) => `\`--format ${f}\``).join(', ')}`,
        ],
      ),
    ]);
    return 1;
  }
  const parsedNow = parseNowOption(options.now);
  if (parsedNow.diagnostics.length > 0) {
    report(parsedNow.diagnostics);
    return 1;
  }
  const limit = Number(options.limit ?? '10');
  if (options.showPayloads !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    report([
      error(
        'cli-invalid-limit',
        `--limit must be a whole number, not \`${options.limit}\``,
        undefined,
        ['e.g. --limit 20'],
      ),
    ]);
    return 1;
  }
  const context = await prepareForCommand(options, annotate ? { ...io, isTTY: false } : io, report);
  if (!context) return 1;
  const payloadDestination =
    options.showPayloads === undefined
      ? undefined
      : context.project.config.destinations[options.showPayloads];
  if (options.showPayloads !== undefined && !payloadDestination) {
    const names = Object.keys(context.project.config.destinations);
    const hints = didYouMean(options.showPayloads, names);
    if (hints.length === 0)
      hints.push(
        names.length > 0 ? `destinations: ${names.join(', ')}` : 'roster.yaml has no destinations',
      );
    report([
      error(
        'cli-unknown-destination',
        `\`--show-payloads ${options.showPayloads}\`: there is no such destination in roster.yaml`,
        undefined,
        hints,
      ),
    ]);
    await context.warehouse.close().catch(() => undefined);
    return 1;
  }
  try {
    if (annotate) io.stderr('::group::roster plan: progress');
    const made = await makePlan(context, {
      ...(parsedNow.now ? { now: parsedNow.now } : {}),
      ...(options.select ? { select: options.select } : {}),
      onProgress: progressWriter(annotate ? { ...io, isTTY: false } : io),
    });
    if (annotate) io.stderr('::endgroup::');
    else if (io.isTTY) process.stderr.write('\r\u001b[2K');
    report(made.diagnostics, context.project);
    if (!made.ok) return 1;
    const plan = made.plan;
    if (annotate) {
      for (const w of plan.warnings) io.stderr(githubWarning('roster plan', w));
      for (const v of plan.guards)
        io.stderr(
          githubWarning(
            `roster plan: ${v.guard} guard`,
            `${describeViolation(v)}: apply needs ${GUARD_FLAGS[v.guard]}`,
          ),
        );
    }
    const url = fullPlanUrl(options, io.env);
    if (options.summaryFile) {
      appendFileSync(
        resolve(io.cwd, options.summaryFile),
        `${renderPlanMarkdown(plan, { maxSize: SUMMARY_LIMIT })}\n`,
      );
    }
    if (payloadDestination) {
      // Read before the snapshot is dropped: the calls come from its transitions table.
      const payloads = await planPayloads(context, plan, payloadDestination, limit, io.env);
      if (options.out) writePlanFile(resolve(io.cwd, options.out), plan);
      else report(await dropSnapshot(context, plan.runId, Object.values(plan.tables)));
      io.stderr(
        `${payloads.calls.length} of ${payloads.total} call(s) to \`${payloadDestination.name}\`, as apply would send them:`,
      );
      for (const call of payloads.calls) io.stdout(JSON.stringify(call));
      return options.detailedExitcode && planHasChanges(plan) ? 2 : 0;
    }
    if (options.out) {
      writePlanFile(resolve(io.cwd, options.out), plan);
    } else {
      // Nobody can apply an unsaved plan: its snapshot is not needed.
      report(await dropSnapshot(context, plan.runId, Object.values(plan.tables)), context.project);
    }
    if (format === 'json') io.stdout(serializePlan(plan).trimEnd());
    else if (format === 'markdown')
      io.stdout(renderPlanMarkdown(plan, url ? { fullPlanUrl: url } : {}).trimEnd());
    else {
      io.stdout(renderPlan(plan));
      if (options.out)
        io.stdout(
          `\nSaved the plan to ${options.out}. To apply exactly it: roster apply ${options.out}`,
        );
    }
    return options.detailedExitcode && planHasChanges(plan) ? 2 : 0;
  } catch (caught) {
    // Missing grants are the user's to fix; anything else is a roster bug (internal-error).
    const denied = permissionDenied(caught);
    if (!denied) throw caught;
    report([denied], context.project);
    return 1;
  } finally {
    await context.warehouse.close().catch(() => undefined);
  }
}
