/**
 * The command tree: every command's arguments, options and help, in the
 * order `roster --help` lists them (the daily loop first). The work of a
 * command is imported only when it runs, so `roster --help` (and any one
 * command) loads just what it needs: startup is measured in bench/startup.bench.ts.
 */
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { InitOptions } from './init.js';
import type { CheckOptions } from './check.js';
import type { TestOptions } from './test.js';
import type { PlanOptions } from './plan.js';
import type { ApplyOptions } from './apply.js';
import type { PreviewOptions } from './preview.js';
import type { ExplainCommandOptions } from './explain.js';
import type { CompileCommandOptions } from './compile.js';
import type { FmtOptions } from './fmt.js';
import type { GraphOptions } from './graph.js';
import type { DocsOptions } from './docs.js';
import type { DebugCommandOptions } from './debug.js';
import type { ForceUnlockOptions } from './force-unlock.js';
import { CHECK_FORMATS, EXPLAIN_FORMATS, GRAPH_FORMATS, PLAN_FORMATS } from './formats.js';

/** A repeatable option whose values may also be comma-separated. */
/**
 * `--select`, repeatable and comma-separated. A value naming nothing
 * (`--select ""`, say from an unset CI variable) is refused: dropping it would
 * plan every definition, the opposite of what a selection asks for.
 */
const collect = (value: string, previous: string[] = []): string[] => {
  const names = value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (names.length === 0) {
    throw new InvalidArgumentError(
      '--select needs at least one name (an audience, trait or sync, or state:modified); leave --select out to plan everything',
    );
  }
  return [...previous, ...names];
};

/** Every command of the CLI, in the order `roster --help` lists them. */
export function registerCommands(program: Command, io: CliIo): void {
  registerInit(program, io);
  registerCheck(program, io);
  registerTest(program, io);
  registerPlan(program, io);
  registerApply(program, io);
  registerPreview(program, io);
  registerExplain(program, io);
  registerCompile(program, io);
  registerFmt(program, io);
  registerGraph(program, io);
  registerDocs(program, io);
  registerDebug(program, io);
  registerForceUnlock(program, io);
}

export function registerInit(program: Command, io: CliIo): void {
  program
    .command('init')
    .description('create a new project: definitions, schema, a test, sample data and a CI workflow')
    .argument('[dir]', 'the project folder (created when missing)', '.')
    .option('--now <iso>', 'date the sample events as if init ran at this instant')
    .action(async (dir: string, options: InitOptions) => {
      const { runInit } = await import('./init.js');
      io.setExitCode(await runInit(dir, options, io, program.version() ?? '0.0.0'));
    });
}

export function registerCheck(program: Command, io: CliIo): void {
  program
    .command('check')
    .description(
      'check a project: names, entities, types and cycles of every definition, without a warehouse',
    )
    .option('--project <dir>', 'the project folder', '.')
    .option('--format <format>', `output format: ${CHECK_FORMATS.join(', ')}`, 'text')
    .option('--strict', 'fail (exit 1) on warnings too')
    .action(async (options: CheckOptions) => {
      const { runCheck } = await import('./check.js');
      io.setExitCode(await runCheck(options, io, program.version() ?? '0.0.0'));
    });
}

export function registerTest(program: Command, io: CliIo): void {
  program
    .command('test')
    .description('run the *.test.yml files: load their data, evaluate the definitions, compare')
    .option('--project <dir>', 'the project folder', '.')
    .option('--target <name>', 'run on this target of roster.yaml (default: the project default)')
    .option('--filter <text>', 'only test files whose path contains this text')
    .action(async (options: TestOptions) => {
      const { runTestCommand } = await import('./test.js');
      io.setExitCode(await runTestCommand(options, io));
    });
}

export function registerPlan(program: Command, io: CliIo): void {
  program
    .command('plan')
    .description(
      'show what `roster apply` would send: definitions changed, audience moves, calls per sync',
    )
    .option('--project <dir>', 'the project folder', '.')
    .option('--target <name>', 'the target of roster.yaml (default: the project default)')
    .option(
      '--now <iso>',
      'evaluate at this instant instead of now (reproducible and historical runs)',
    )
    .option('--out <file>', 'save the plan, to apply exactly it later with `roster apply <file>`')
    .option(
      '--format <format>',
      `output format: ${PLAN_FORMATS.join(', ')} (markdown: a pull-request comment, under GitHub's size limit)`,
      'text',
    )
    .option(
      '--summary-file <file>',
      'also append the full plan as Markdown to this file (in GitHub Actions: "$GITHUB_STEP_SUMMARY")',
    )
    .option(
      '--full-plan-url <url>',
      "where the full plan is, linked from the markdown plan (default: the CI run's page)",
    )
    .option(
      '--detailed-exitcode',
      'exit 0 when there are no changes, 1 on error, 2 when there are changes',
    )
    .option(
      '--select <names>',
      'only these definitions (NAME, source->destination, state:modified; NAME+ adds what reads it, +NAME what it reads); repeatable',
      collect,
    )
    .option(
      '--show-payloads <destination>',
      'print the first calls to this destination exactly as apply would send them (one JSON call per line), instead of the plan',
    )
    .option('--limit <n>', 'with --show-payloads: how many calls to print', '10')
    .action(async (options: PlanOptions) => {
      const { runPlanCommand } = await import('./plan.js');
      io.setExitCode(await runPlanCommand(options, io));
    });
}

export function registerApply(program: Command, io: CliIo): void {
  program
    .command('apply')
    .description(
      'send the calls a plan shows and record them; with a saved plan, exactly that plan',
    )
    .argument('[plan]', 'a plan saved by `roster plan --out`')
    .option('--project <dir>', 'the project folder', '.')
    .option('--target <name>', 'the target of roster.yaml (default: the project default)')
    .option('--now <iso>', 'evaluate at this instant instead of now (without a saved plan)')
    .option('--auto-approve', 'do not ask before applying (CI)')
    .option(
      '--allow-mass-exit',
      'apply even when more than apply.mass_exit_threshold of a sync would exit (or lose its trait value, or enter an audience defined by absence)',
    )
    .option(
      '--allow-mass-enter',
      'apply even when more than apply.mass_enter_threshold of a sync would enter',
    )
    .option(
      '--allow-size-drift',
      'apply even when a synced definition drifts more than apply.size_drift_threshold from its mean size',
    )
    .option(
      '--allow-source-shrink',
      'apply even when a source table lost more than apply.source_shrink_threshold of its rows since the last apply',
    )
    .option(
      '--select <names>',
      'only these definitions (NAME, source->destination, state:modified; NAME+ adds what reads it, +NAME what it reads)',
      collect,
    )
    .action(async (planFile: string | undefined, options: ApplyOptions) => {
      const { runApplyCommand } = await import('./apply.js');
      io.setExitCode(await runApplyCommand(planFile, options, io));
    });
}

export function registerPreview(program: Command, io: CliIo): void {
  program
    .command('preview')
    .description("show an audience's size and sample members, or a trait's values, on a target")
    .argument('<name>', 'the audience or trait to preview')
    .option('--project <dir>', 'the project folder', '.')
    .option(
      '--target <name>',
      'evaluate on this target of roster.yaml (default: the project default)',
    )
    .option('--limit <n>', 'how many sample ids to show', '10')
    .option('--now <iso>', 'the reference instant (default: now), e.g. 2026-06-30T00:00:00Z')
    .action(async (name: string, options: PreviewOptions) => {
      const { runPreview } = await import('./preview.js');
      io.setExitCode(await runPreview(name, options, io));
    });
}

export function registerExplain(program: Command, io: CliIo): void {
  program
    .command('explain')
    .description(
      "why an account or user is in or out of an audience (each condition's value), an audience's breakdown, or the events behind a trait's value",
    )
    .argument('<name>', 'the audience or trait to explain')
    .argument(
      '[id]',
      'the account or user id (without it, an audience shows how many pass each condition)',
    )
    .option('--project <dir>', 'the project folder', '.')
    .option(
      '--target <name>',
      'evaluate on this target of roster.yaml (default: the project default)',
    )
    .option('--now <iso>', 'the reference instant (default: now), e.g. 2026-06-30T00:00:00Z')
    .option('--format <format>', `output format: ${EXPLAIN_FORMATS.join(', ')}`, 'text')
    .option('--limit <n>', 'how many ids and events to list per condition', '5')
    .action(async (name: string, id: string | undefined, options: ExplainCommandOptions) => {
      const { runExplain } = await import('./explain.js');
      io.setExitCode(await runExplain(name, id, options, io));
    });
}

export function registerCompile(program: Command, io: CliIo): void {
  program
    .command('compile')
    .description('print the SQL of every definition for a target (no connection needed)')
    .option('--project <dir>', 'the project folder', '.')
    .option(
      '--target <name>',
      'compile for this target of roster.yaml (default: the project default)',
    )
    .option(
      '--out <dir>',
      'write <name>.sql per definition and run.sql (the whole script) into this folder',
    )
    .option('--ir', 'print the checked IR instead of SQL')
    .option('--now <iso>', 'the reference instant (ISO-8601; default: now)')
    .action(async (options: CompileCommandOptions) => {
      const { runCompileCommand } = await import('./compile.js');
      io.setExitCode(await runCompileCommand(options, io));
    });
}

export function registerFmt(program: Command, io: CliIo): void {
  program
    .command('fmt')
    .description('format *.roster files in the canonical style (rewrites them in place)')
    .argument(
      '[paths...]',
      'files or folders to format (default: every *.roster file of the project)',
    )
    .option('--check', 'write nothing; list the files that are not formatted and exit 1 if any')
    .option('--project <dir>', 'the project folder', '.')
    .action(async (paths: string[], options: FmtOptions) => {
      const { runFmt } = await import('./fmt.js');
      io.setExitCode(await runFmt(paths, options, io));
    });
}

export function registerGraph(program: Command, io: CliIo): void {
  program
    .command('graph')
    .description(
      'print the dependency graph of traits, audiences and syncs (Mermaid or Graphviz DOT)',
    )
    .option('--project <dir>', 'the project folder', '.')
    .option('--format <format>', `output format: ${GRAPH_FORMATS.join(', ')}`, 'mermaid')
    .option('--custom-traits', 'include the schema traits audiences read')
    .action(async (options: GraphOptions) => {
      const { runGraph } = await import('./graph.js');
      io.setExitCode(await runGraph(options, io));
    });
}

export function registerDocs(program: Command, io: CliIo): void {
  program
    .command('docs')
    .description(
      'write a static site of the project: definitions, docs, SQL per target, graph and run history',
    )
    .option('--project <dir>', 'the project folder', '.')
    .option('--out <dir>', 'where to write the site (default: <project>/target/docs)')
    .option(
      '--target <name>',
      'chart the applied state of this target (default: the project default)',
    )
    .option('--no-state', 'do not read the applied state (no connection at all)')
    .option('--now <iso>', 'compile the SQL for this instant (default: now)')
    .action(async (options: DocsOptions) => {
      const { runDocs } = await import('./docs.js');
      io.setExitCode(await runDocs(options, io, program.version() ?? '0.0.0'));
    });
}

export function registerDebug(program: Command, io: CliIo): void {
  program
    .command('debug')
    .description(
      "check a target: the connection, the sources' tables and columns, write access to the state schema",
    )
    .option('--project <dir>', 'the project folder', '.')
    .option('--target <name>', 'check this target of roster.yaml (default: the project default)')
    .action(async (options: DebugCommandOptions) => {
      const { runDebugCommand } = await import('./debug.js');
      io.setExitCode(await runDebugCommand(options, io));
    });
}

export function registerForceUnlock(program: Command, io: CliIo): void {
  program
    .command('force-unlock')
    .description('remove the apply lock of a run that died (its id is in the "locked" message)')
    .argument('<run-id>', 'the run id holding the lock')
    .option('--project <dir>', 'the project folder', '.')
    .option('--target <name>', 'the target of roster.yaml (default: the project default)')
    .action(async (runId: string, options: ForceUnlockOptions) => {
      const { runForceUnlock } = await import('./force-unlock.js');
      io.setExitCode(await runForceUnlock(runId, options, io));
    });
}
