/**
 * `translate` (translated-run.ts) in a child process with a larger stack, for
 * SQL nested deeper than the WebAssembly parser can recurse within a test
 * worker's default stack: the message ids' 33 nested REPLACEs inside their
 * CASEs and `||` chains overflow it at random (it depends on how much stack
 * the caller already uses). Run as a script it answers one JSON line per
 * request line; imported it is `deepTranslator()`.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { translate, type WarehouseDialect } from './translated-run.js';

interface Request {
  sql: string;
  dialect: WarehouseDialect;
}
type Reply = { ok: true; statements: string[] } | { ok: false; error: string };

/** A translator in a child process (`close` ends it). */
export function deepTranslator(): {
  translate(sql: string, dialect: WarehouseDialect): Promise<string[]>;
  close(): void;
} {
  // 8 MB is the main thread's stack here (ulimit -s): V8's limit stays below it.
  const child = spawn(
    process.execPath,
    ['--stack-size=6000', '--import', 'tsx', fileURLToPath(import.meta.url)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const waiting: Array<(reply: Reply) => void> = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    waiting.shift()?.(JSON.parse(line) as Reply);
  });
  return {
    translate: (sql, dialect) =>
      new Promise((resolve, reject) => {
        waiting.push((reply) =>
          reply.ok ? resolve(reply.statements) : reject(new Error(reply.error)),
        );
        child.stdin.write(`${JSON.stringify({ sql, dialect } satisfies Request)}\n`);
      }),
    close: () => child.kill(),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  createInterface({ input: process.stdin }).on('line', (line) => {
    const { sql, dialect } = JSON.parse(line) as Request;
    let reply: Reply;
    try {
      reply = { ok: true, statements: translate(sql, dialect) };
    } catch (caught) {
      reply = { ok: false, error: caught instanceof Error ? caught.message : String(caught) };
    }
    process.stdout.write(`${JSON.stringify(reply)}\n`);
  });
}
