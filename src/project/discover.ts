/**
 * Finds the project's `*.roster` and `*.test.yml` files under its `paths`:
 * recursively, skipping `node_modules` and dot-folders, each file once even when
 * paths overlap, sorted by path (code-point order) so every run sees the same order.
 */
import { readdir, stat } from 'node:fs/promises';
import { readSource } from './read-source.js';
import { basename, dirname, join, relative } from 'node:path';
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../diagnostics/source.js';
import { closestName } from '../diagnostics/suggest.js';
import type { SourceRange } from '../diagnostics/source.js';

export interface DiscoveredFiles {
  rosterFiles: SourceFile[];
  testFiles: SourceFile[];
  diagnostics: Diagnostic[];
}

export interface DiscoverOptions {
  /** Where each path was written (roster.yaml), for "folder not found" diagnostics. */
  pathRanges?: ReadonlyArray<SourceRange | undefined>;
  /** The project root, to show paths relative to it in messages. */
  root?: string;
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export async function discoverFiles(
  paths: readonly string[],
  options: DiscoverOptions = {},
): Promise<DiscoveredFiles> {
  const diagnostics: Diagnostic[] = [];
  const found = new Set<string>();
  for (const [i, dir] of paths.entries()) {
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory()) {
      const shown = options.root ? relative(options.root, dir) || '.' : dir;
      // A misspelt folder: the closest folder beside where it was looked for.
      const siblings = await readdir(dirname(dir), { withFileTypes: true }).catch(() => []);
      const folders = siblings.filter((e) => e.isDirectory() && !e.name.startsWith('.'));
      const match = closestName(
        basename(dir),
        folders.map((e) => e.name),
      );
      const fixed = match === undefined ? undefined : join(dirname(shown), match);
      diagnostics.push(
        error(
          'config-missing-path',
          `the folder \`${shown}\` listed in \`paths\` ${info ? 'is not a folder' : 'does not exist'}`,
          options.pathRanges?.[i],
          fixed === undefined ? [] : [`did you mean \`${fixed}\`?`],
        ),
      );
      continue;
    }
    await walk(dir, found);
  }
  const files = [...found].sort(byCodePoint);
  const load = async (list: string[]): Promise<SourceFile[]> => {
    const read = await Promise.all(list.map((f) => readSource(f)));
    for (const { invalid } of read) if (invalid) diagnostics.push(invalid);
    return read.map((r) => r.source);
  };
  return {
    rosterFiles: await load(files.filter((f) => f.endsWith('.roster'))),
    testFiles: await load(files.filter((f) => f.endsWith('.test.yml'))),
    diagnostics,
  };
}

async function walk(dir: string, found: Set<string>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') await walk(full, found);
    } else if (
      entry.isFile() &&
      (entry.name.endsWith('.roster') || entry.name.endsWith('.test.yml'))
    ) {
      found.add(full);
    }
  }
}
