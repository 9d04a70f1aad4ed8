/** Helpers shared by the syntax tests. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { format } from '../../src/syntax/format.js';

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

/** `roster fmt` of `text`, which must have no error. */
export const fmt = (text: string): string => {
  const result = format(text, 'a.roster');
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.text;
};

/** Formats `before`, expects `after`, and checks `after` is a fixed point. */
export const expectFormat = (before: string, after: string): void => {
  expect(fmt(before)).toBe(after);
  expect(fmt(after)).toBe(after);
};
