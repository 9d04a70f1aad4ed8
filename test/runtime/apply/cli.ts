/** Runs the roster CLI in-process against a scratch project and returns what it printed. */
import { memoryIo } from '../../../src/cli/io.js';
import { runCli } from '../../../src/cli/program.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function roster(root: string, ...args: string[]): Promise<CliRun> {
  const io = memoryIo(root, { ...process.env, NO_COLOR: '1' });
  const code = await runCli(['node', 'roster', ...args], io);
  return { code, out: io.out.join('\n'), err: io.err.join('\n') };
}
