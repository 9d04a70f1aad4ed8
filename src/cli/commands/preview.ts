/**
 * `roster preview NAME [--project DIR] [--target T] [--limit N] [--now ISO]`:
 * evaluates one audience or trait on a target's real data and prints its size
 * and sample members (with a few custom traits), or a trait's distribution.
 */
import { checkProject } from '../../check/index.js';
import { error, printable, didYouMean } from '../../diagnostics/index.js';
import {
  openWarehouse,
  previewDefinition,
  restrictFileAccess,
  selectTarget,
  type Preview,
  type TraitValue,
} from '../../runtime/index.js';
import { sqlStage } from '../../sql/index.js';
import type { CliIo } from '../io.js';
import { loadForCommand } from './load-for-command.js';
import { parseNowOption } from './now-option.js';

export interface PreviewOptions {
  project: string;
  target?: string;
  limit: string;
  now?: string;
}

function show(value: TraitValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
  return String(value);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The preview as text lines. */
export function formatPreview(preview: Preview, target: string, now: string): string[] {
  const lines: string[] = [];
  if (preview.kind === 'audience') {
    lines.push(`audience \`${preview.name}\` (${preview.entity}) on target ${target} at ${now}`);
    lines.push(`${plural(preview.size, 'member')}`);
    if (preview.sample.length > 0) {
      lines.push(
        preview.sample.length < preview.size
          ? `sample (${preview.sample.length} of ${preview.size}):`
          : 'members:',
      );
      const width = Math.max(...preview.sample.map((s) => s.id.length));
      for (const member of preview.sample) {
        const traits = Object.entries(member.traits).map(([k, v]) => `${k}=${show(v)}`);
        lines.push(`  ${member.id.padEnd(width)}  ${traits.join(' ')}`.trimEnd());
      }
    }
    return lines.map(printable);
  }
  lines.push(
    `trait \`${preview.name}\` (${preview.entity} ${preview.type}) on target ${target} at ${now}`,
  );
  lines.push(`${plural(preview.withValue, preview.entity)} with a value`);
  if (preview.range) {
    const { min, median, max } = preview.range;
    lines.push(`min ${show(min)}, median ${show(median)}, max ${show(max)}`);
  }
  if (preview.top && preview.top.length > 0) {
    lines.push('top values:');
    for (const { value, count } of preview.top) lines.push(`  ${show(value)}  × ${count}`);
  }
  if (preview.sample.length > 0) {
    lines.push(
      preview.sample.length < preview.withValue
        ? `sample (${preview.sample.length} of ${preview.withValue}):`
        : 'values:',
    );
    const width = Math.max(...preview.sample.map((s) => s.id.length));
    for (const { id, value } of preview.sample) lines.push(`  ${id.padEnd(width)}  ${show(value)}`);
  }
  // Ids and values come from the warehouse: no control character reaches the terminal.
  return lines.map(printable);
}

/** Runs `roster preview` and returns its exit code. */
export async function runPreview(
  name: string,
  options: PreviewOptions,
  io: CliIo,
): Promise<number> {
  const { project, fail, warn, exitCode } = await loadForCommand(options.project, io);
  if (!project) return exitCode ?? 1;

  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit < 0) {
    return fail([
      error(
        'cli-bad-option',
        `--limit must be a whole number, not \`${options.limit}\``,
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
  const previewable = checked.ir.definitions.filter((d) => d.kind !== 'sync');
  if (!previewable.some((d) => d.name === name)) {
    const hints = didYouMean(
      name,
      previewable.map((d) => d.name),
    );
    return fail([
      error(
        'cli-unknown-definition',
        `the project defines no audience or trait \`${name}\``,
        undefined,
        hints.length > 0 ? hints : ['`roster graph` lists every definition'],
      ),
    ]);
  }

  const selected = selectTarget(project.config, options.target);
  if (!selected.target) return fail(selected.diagnostics);
  const target = selected.target;
  const compiled = sqlStage.compile(checked.ir, {
    dialect: target.dialect,
    now,
    sources: project.config.sources,
    select: [name],
  });
  if (!compiled.ok) return fail(compiled.diagnostics);
  const opened = await openWarehouse(target, io.env, { baseDir: project.config.root });
  if (!opened.ok) return fail(opened.diagnostics);
  try {
    await restrictFileAccess(
      opened.warehouse,
      sqlStage.dialect(target.dialect),
      target,
      project.config.root,
      io.env,
    );
    const result = await previewDefinition(opened.warehouse, compiled.compiled, name, {
      limit,
      schema: project.schema,
      sources: project.config.sources,
      sql: sqlStage,
      project,
    });
    if (!result.preview) return fail(result.diagnostics);
    warn(result.diagnostics);
    io.stdout(formatPreview(result.preview, target.name, now).join('\n'));
    return 0;
  } finally {
    await opened.warehouse.close();
  }
}
