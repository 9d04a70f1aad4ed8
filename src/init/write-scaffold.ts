/**
 * Writes a scaffold into a folder without ever overwriting: every file is
 * checked first, so an existing one stops `init` before anything is written,
 * and each file is then created exclusively (`wx`), so a file appearing in
 * between is not overwritten either. The repository's own files (a
 * package.json roster was installed into, a .gitignore, a README) are kept
 * as they are when they exist, and `init` goes on.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ScaffoldFiles } from './scaffold.js';

/** Files a repository usually has already: kept, not a reason to refuse. */
export const KEPT_IF_PRESENT: ReadonlySet<string> = new Set([
  'package.json',
  '.gitignore',
  'README.md',
]);

export type WriteScaffoldResult =
  | { ok: true; written: string[]; kept: string[] }
  /** `existing`: relative paths of the files already there; nothing was written. */
  | { ok: false; existing: string[] };

export function writeScaffold(dir: string, files: ScaffoldFiles): WriteScaffoldResult {
  const present = [...files.keys()].filter((path) => existsSync(join(dir, path)));
  const existing = present.filter((path) => !KEPT_IF_PRESENT.has(path));
  if (existing.length > 0) return { ok: false, existing };
  const written: string[] = [];
  for (const [path, text] of files) {
    if (present.includes(path)) continue;
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text, { flag: 'wx' });
    written.push(path);
  }
  return { ok: true, written, kept: present };
}
