import { processIo } from './io.js';
import { runCli } from './program.js';

/** Entry point of the `roster` binary (bin/roster.js). */
export async function main(argv: readonly string[]): Promise<number> {
  // `roster … | head`: a reader that stops early is not an error worth a stack trace.
  process.stdout.on('error', (caught: NodeJS.ErrnoException) => {
    if (caught.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw caught;
  });
  return runCli(argv, processIo());
}
