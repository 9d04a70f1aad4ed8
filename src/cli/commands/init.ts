/**
 * `roster init [DIR] [--now ISO]`: a new project that passes check, test,
 * plan and apply as it is. Refuses, writing nothing, when any of its files
 * already exists.
 */
import { relative, resolve } from 'node:path';
import type { CliIo } from '../io.js';
import { parseNowOption } from './now-option.js';
import { reportDiagnostics } from './plan.js';

export interface InitOptions {
  now?: string;
}

export async function runInit(
  dir: string,
  options: InitOptions,
  io: CliIo,
  version: string,
): Promise<number> {
  const parsedNow = parseNowOption(options.now);
  if (parsedNow.diagnostics.length > 0) {
    reportDiagnostics(io, parsedNow.diagnostics);
    return 1;
  }
  const { scaffoldFiles } = await import('../../init/scaffold.js');
  const { writeScaffold } = await import('../../init/write-scaffold.js');
  const root = resolve(io.cwd, dir);
  const files = scaffoldFiles(
    { dir: root, now: parsedNow.now ?? new Date().toISOString() },
    version,
  );
  const result = writeScaffold(root, files);
  const shown = relative(io.cwd, root) || '.';
  if (!result.ok) {
    io.stderr(
      [
        `error[init-file-exists]: roster init would overwrite ${result.existing.length} file(s) in ${shown}:`,
        ...result.existing.map((f) => `  ${f}`),
        '  = help: run it in an empty folder (`roster init my-audiences`), or move these files away first; nothing was written',
      ].join('\n'),
    );
    return 1;
  }
  const project = shown === '.' ? '' : ` --project ${shown}`;
  io.stdout(
    [
      `Created a roster project in ${shown}:`,
      ...result.written.map((f) => `  ${f}`),
      ...result.kept.map((f) => `  ${f} (already there: kept as it is)`),
      '',
      'Next:',
      `  roster check${project}                 # type-check the definitions`,
      `  roster test${project}                  # run tests/*.test.yml`,
      `  roster plan${project}                  # what apply would send`,
      `  roster apply${project} --auto-approve  # send it to out/calls.ndjson`,
      '',
      'The guide: docs/guide.md in the roster repository.',
    ].join('\n'),
  );
  return 0;
}
