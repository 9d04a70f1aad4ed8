/**
 * Writes a scaffold into a folder without ever overwriting: every file is
 * checked first, so an existing one stops `init` before anything is written,
 * and each file is then created exclusively (`wx`), so a file appearing in
 * between is not overwritten either.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ScaffoldFiles } from './scaffold.js';

export type WriteScaffoldResult =
  | { ok: true; written: string[] }
  /** `existing`: relative paths of the files already there; nothing was written. */
  | { ok: false; existing: string[] };

export function writeScaffold(dir: string, files: ScaffoldFiles): WriteScaffoldResult {
  const existing = [...files.keys()].filter((path) => existsSync(join(dir, path)));
  if (existing.length > 0) return { ok: false, existing };
  const written: string[] = [];
  for (const [path, text] of files) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text, { flag: 'wx' });
    written.push(path);
  }
  return { ok: true, written };
}
