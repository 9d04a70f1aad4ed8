/**
 * `roster compile [--project DIR] [--target T] [--out DIR] [--ir] [--now ISO]`:
 * checks the project and prints, per definition, the SQL for the target's
 * dialect — no connection needed: the setup tables the definition is the first
 * to need, then its result query, so each table is written once and read by
 * name after (issue 11.9: inlining them grew with N² along chains of audience
 * references). `--out DIR` writes `DIR/<name>.sql` per definition (the same
 * text) and `DIR/run.sql` (the whole script, setup first);
 * `--ir` prints the checked IR instead. Output is deterministic for a given
 * `--now` (default: the current time, to the second).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  error,
  hasErrors,
  renderDiagnostics,
  shouldUseColor,
  didYouMean,
  type Diagnostic,
} from '../../diagnostics/index.js';
import { checkProject } from '../../check/index.js';
import { printIr } from '../../ir/print.js';
import { loadProject } from '../../project/index.js';
import { compiledScript, definitionScripts, tryCompileProject } from '../../sql/index.js';
import type { CliIo } from '../io.js';
import { parseNowOption } from './now-option.js';

export interface CompileCommandOptions {
  project: string;
  target?: string;
  out?: string;
  ir?: boolean;
  now?: string;
}

/** Runs `roster compile` and returns its exit code. */
export async function runCompileCommand(
  options: CompileCommandOptions,
  io: CliIo,
): Promise<number> {
  const loaded = await loadProject(resolve(io.cwd, options.project), { env: io.env });
  const project = loaded.project;
  const files = project
    ? [...project.configFiles, ...project.rosterFiles, ...project.testFiles]
    : loaded.configFiles;
  const render = (ds: Diagnostic[]) =>
    renderDiagnostics(ds, {
      sources: new Map(files.map((f) => [f.path, f])),
      color: shouldUseColor({ isTTY: io.isTTY }, io.env),
      cwd: io.cwd,
    });
  const fail = (ds: Diagnostic[]): number => {
    io.stderr(render(ds));
    return 1;
  };
  if (!project || hasErrors(loaded.diagnostics)) return fail(loaded.diagnostics);

  const checked = checkProject(project);
  const warnings = checked.diagnostics.filter((d) => d.severity !== 'error');
  if (!checked.ir || hasErrors(checked.diagnostics)) return fail(checked.diagnostics);
  if (warnings.length > 0) io.stderr(render(warnings));
  if (options.ir) {
    io.stdout(printIr(checked.ir));
    return 0;
  }

  const targetName = options.target ?? project.config.defaultTarget;
  const target = project.config.targets[targetName];
  if (!target) {
    const names = Object.keys(project.config.targets);
    const hints = didYouMean(targetName, names);
    return fail([
      error(
        'sql-unknown-target',
        `no target \`${targetName}\` in roster.yaml`,
        undefined,
        hints.length > 0 ? hints : [`targets: ${names.join(', ')}`],
      ),
    ]);
  }
  const parsedNow = parseNowOption(options.now);
  if (parsedNow.diagnostics.length > 0) return fail(parsedNow.diagnostics);
  const now = parsedNow.now ?? new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
  const result = tryCompileProject(checked.ir, {
    dialect: target.dialect,
    now,
    sources: project.config.sources,
  });
  if (!result.ok) return fail(result.diagnostics);
  const { compiled } = result;

  if (options.out !== undefined) {
    const dir = resolve(io.cwd, options.out);
    await mkdir(dir, { recursive: true });
    for (const { name, script } of definitionScripts(compiled))
      await writeFile(join(dir, `${name}.sql`), script);
    await writeFile(join(dir, 'run.sql'), compiledScript(compiled));
    io.stdout(`wrote ${compiled.definitions.length + 1} files to ${options.out}`);
    return 0;
  }
  // One write per definition: the whole output as one string would hit V8's string length limit first.
  definitionScripts(compiled).forEach(({ script }, i) => io.stdout(i > 0 ? `\n${script}` : script));
  return 0;
}
