/** Runs test/sql/sqlglot/parse-statements.py with Debian's python3-sqlglot (one process per batch). */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'parse-statements.py');

export function sqlglotAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import sqlglot'], { stdio: 'ignore' }).status === 0;
}

export interface SqlglotAnswer {
  version: string;
  problems: Array<{ index: number; error: string }>;
  literals: Array<{ index: number; kind: string; value?: string | null; error?: string }>;
}

export function sqlglotParse(
  dialect: string,
  statements: readonly string[],
  literals: ReadonlyArray<readonly [string, string | null]> = [],
): SqlglotAnswer {
  const out = execFileSync(PYTHON, [SCRIPT], {
    input: JSON.stringify({ dialect, statements, literals }),
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out.toString('utf8')) as SqlglotAnswer;
}
