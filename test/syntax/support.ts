/** Helpers shared by the syntax tests. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared design and conformance folder; a clear failure (not a silent pass) when it is missing. */
export function sharedDir(): string {
  const dir = resolve(repoRoot, '../shared');
  if (!existsSync(dir)) {
    throw new Error(`the shared design/conformance folder is missing: expected it at ${dir}`);
  }
  return dir;
}

/** The AST without ranges, so tests can state a shape by hand. */
export function withoutRanges(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) =>
      key === 'range' || key === 'entityRange' || key === 'valueTypeRange' || key === 'sqlRange'
        ? undefined
        : v,
    ),
  );
}
