/**
 * `roster apply [plan.json]`: delivers a saved plan exactly (refusing a stale
 * one), or plans and applies (asking first on a terminal unless
 * `--auto-approve`). Exit code 1 when anything failed, including a single
 * destination.
 */
import { createInterface } from 'node:readline/promises';
import { resolve } from 'node:path';
import { runApply } from '../../runtime/index.js';
import { sqlStage } from '../../sql/index.js';
import { printable } from '../../diagnostics/index.js';
import type { CliIo } from '../io.js';
import { parseNowOption } from './now-option.js';
import { progressWriter, reportDiagnostics } from './plan.js';

export interface ApplyOptions {
  project: string;
  target?: string;
  now?: string;
  autoApprove?: boolean;
  allowMassExit?: boolean;
  allowMassEnter?: boolean;
  allowSizeDrift?: boolean;
  allowSourceShrink?: boolean;
  select?: string[];
}

/** A CliIo may bring its own prompt (tests); otherwise a terminal is asked on stdin. */
type ApplyIo = CliIo & { confirm?: (question: string) => Promise<boolean> };

async function askTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim() === 'yes';
  } finally {
    rl.close();
  }
}

export async function runApplyCommand(
  planFile: string | undefined,
  options: ApplyOptions,
  io: ApplyIo,
): Promise<number> {
  const parsedNow = parseNowOption(options.now);
  if (parsedNow.diagnostics.length > 0) {
    reportDiagnostics(io, parsedNow.diagnostics);
    return 1;
  }
  const result = await runApply({
    projectDir: resolve(io.cwd, options.project),
    sql: sqlStage,
    ...(options.target ? { target: options.target } : {}),
    env: io.env,
    ...(planFile ? { planFile: resolve(io.cwd, planFile) } : {}),
    ...(parsedNow.now ? { now: parsedNow.now } : {}),
    ...(options.select ? { select: options.select } : {}),
    autoApprove: options.autoApprove === true,
    allowMassExit: options.allowMassExit === true,
    allowMassEnter: options.allowMassEnter === true,
    allowSizeDrift: options.allowSizeDrift === true,
    allowSourceShrink: options.allowSourceShrink === true,
    interactive: io.confirm !== undefined || io.isTTY,
    confirm: io.confirm ?? askTerminal,
    // Delivery lines quote ids and destinations' answers: no control character reaches the terminal.
    out: (text) => io.stdout(text.split('\n').map(printable).join('\n')),
    progress: progressWriter(io),
  });
  reportDiagnostics(io, result.diagnostics, result.context?.project);
  return result.exitCode;
}
