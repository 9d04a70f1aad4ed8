import { Command, CommanderError } from 'commander';
import type { CliIo } from './io.js';
import { registerCommands } from './commands/index.js';

export const VERSION = '0.1.0';

/** Builds the `roster` command tree; every command writes through `io` and never exits the process. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('roster')
    .description(
      'Audience-as-code for B2B customer data: account and user audiences and traits, ' +
        'checked, compiled to warehouse SQL, tested and synced.',
    )
    .version(VERSION, '-v, --version', 'print the roster version')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout(s.replace(/\n$/, '')),
      writeErr: (s) => io.stderr(s.replace(/\n$/, '')),
    })
    .exitOverride();
  program.addHelpText(
    'after',
    '\nGetting started:\n' +
      '  roster check --project examples/b2b-saas     type-check a project\n' +
      '  roster test --project examples/b2b-saas      run its *.test.yml files\n' +
      '  roster compile --project examples/b2b-saas   show the SQL it runs\n\n' +
      'Docs: README.md and docs/ in the roster repository.',
  );
  registerCommands(program, io);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/**
 * Runs the CLI and returns the exit code. User mistakes are reported by the
 * commands as diagnostics; anything thrown here is a roster bug, shown as
 * `internal-error` with a request to report it rather than a bare stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram({
    ...io,
    setExitCode: (code) => {
      exitCode = code;
      io.setExitCode(code);
    },
  });
  try {
    await program.parseAsync([...argv], { from: 'node' });
    return exitCode;
  } catch (caught) {
    if (caught instanceof CommanderError) {
      // --help and --version end with exit code 0; usage errors are already printed.
      return caught.exitCode === 0 ? 0 : 2;
    }
    const message = caught instanceof Error ? caught.message : String(caught);
    io.stderr(
      `error[internal-error]: ${message}\n` +
        '  = help: this is a bug in roster, not in your project. Please report it with the command you ran' +
        (io.env.ROSTER_DEBUG ? '' : ' (set ROSTER_DEBUG=1 to include the stack trace).'),
    );
    if (io.env.ROSTER_DEBUG && caught instanceof Error && caught.stack) io.stderr(caught.stack);
    return 70;
  }
}
