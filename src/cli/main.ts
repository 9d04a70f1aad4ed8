import { processIo } from './io.js';
import { runCli } from './program.js';

/** Entry point of the `roster` binary (bin/roster.js). */
export async function main(argv: readonly string[]): Promise<number> {
  return runCli(argv, processIo());
}
