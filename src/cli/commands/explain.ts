/**
 * `roster explain NAME [ID] [--project DIR] [--target T] [--now ISO] [--format text|json]`:
 * why an account or user is in or out of an audience, an audience's breakdown,
 * or the events behind a trait's value — on a target's real data.
 */
import { checkProject } from '../../check/index.js';
import { error } from '../../diagnostics/index.js';
import { explain } from '../../explain/explain.js';
import { renderExplanation } from '../../explain/render-text.js';
import { openWarehouse, selectTarget } from '../../runtime/index.js';
import type { CliIo } from '../io.js';
import { loadForCommand } from './load-for-command.js';
import { EXPLAIN_FORMATS } from './formats.js';
import { parseNowOption } from './now-option.js';

export interface ExplainCommandOptions {
  project: string;
  target?: string;
  now?: string;
  format: string;
  limit: string;
}

/** Runs `roster explain` and returns its exit code. */
export async function runExplain(
  name: string,
  id: string | undefined,
  options: ExplainCommandOptions,
  io: CliIo,
): Promise<number> {
  const { project, fail, warn, exitCode } = await loadForCommand(options.project, io);
  if (!project) return exitCode ?? 1;
  if (!(EXPLAIN_FORMATS as readonly string[]).includes(options.format)) {
    return fail([
      error(
        'cli-bad-option',
        `--format must be one of ${EXPLAIN_FORMATS.join(', ')}, not \`${options.format}\``,
        undefined,
        ['e.g. --format json'],
      ),
    ]);
  }
  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    return fail([
      error(
        'cli-bad-option',
        `--limit must be a whole number of at least 1, not \`${options.limit}\``,
        undefined,
        ['e.g. --limit 20'],
      ),
    ]);
  }
  const parsedNow = parseNowOption(options.now);
  if (parsedNow.diagnostics.length > 0) return fail(parsedNow.diagnostics);
  const now = parsedNow.now ?? new Date().toISOString();
  const checked = checkProject(project);
  if (!checked.ir) return fail(checked.diagnostics);
  const selected = selectTarget(project.config, options.target);
  if (!selected.target) return fail(selected.diagnostics);
  const opened = await openWarehouse(selected.target, io.env, { baseDir: project.config.root });
  if (!opened.ok) return fail(opened.diagnostics);
  try {
    const outcome = await explain(opened.warehouse, checked.ir, name, id, {
      now,
      sources: project.config.sources,
      sample: limit,
    });
    if (!outcome.ok) return fail(outcome.diagnostics);
    warn(outcome.warnings ?? []);
    io.stdout(
      options.format === 'json'
        ? JSON.stringify(outcome.value, null, 2)
        : renderExplanation(outcome.value),
    );
    return 0;
  } finally {
    await opened.warehouse.close();
  }
}
