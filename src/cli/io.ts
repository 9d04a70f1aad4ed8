/**
 * Everything a command touches of the outside world, passed in so tests can
 * run commands in-process and read what they printed and the exit code.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal (colour, progress display). */
  isTTY: boolean;
  setExitCode: (code: number) => void;
}

/** The real process. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
}

/** An in-memory io for tests: collects output and the last exit code set. */
export function memoryIo(
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): CliIo & {
  out: string[];
  err: string[];
  exitCode: number;
} {
  const io = {
    out: [] as string[],
    err: [] as string[],
    exitCode: 0,
    cwd,
    env,
    isTTY: false,
    stdout: (text: string) => {
      io.out.push(text);
    },
    stderr: (text: string) => {
      io.err.push(text);
    },
    setExitCode: (code: number) => {
      io.exitCode = code;
    },
  };
  return io;
}
