/**
 * `roster fmt [paths...] [--check] [--project DIR]`: rewrites *.roster files in
 * the canonical style (docs/formatting.md).
 *
 * Files are found with a plain recursive walk (skipping node_modules and dot
 * folders) rather than through the project loader, so fmt works on a folder that
 * has no valid roster.yaml yet, or on any single file.
 */
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  error,
  sortDiagnostics,
  displayPath,
  renderDiagnostics,
  shouldUseColor,
  SourceFile,
  type Diagnostic,
} from '../../diagnostics/index.js';
import { readSource } from '../../project/index.js';
import { format } from '../../syntax/index.js';
import type { CliIo } from '../io.js';

export interface FmtOptions {
  check?: boolean;
  project?: string;
}

/** Runs `roster fmt` and returns its exit code: 0, or 1 for unformatted files (with --check) or errors. */
export async function runFmt(
  paths: readonly string[],
  options: FmtOptions,
  io: CliIo,
): Promise<number> {
  const root = resolve(io.cwd, options.project ?? '.');
  const targets = paths.length > 0 ? paths.map((p) => resolve(io.cwd, p)) : [root];
  const problems: Diagnostic[] = [];
  const files: string[] = [];
  for (const target of targets) {
    const found = await findRosterFiles(target);
    if (found === undefined) {
      problems.push(
        error(
          'cli-path-not-found',
          `\`${displayPath(target, io.cwd)}\` does not exist`,
          undefined,
          ['give a *.roster file or a folder holding some'],
        ),
      );
    } else {
      files.push(...found);
    }
  }

  const sources = new Map<string, SourceFile>();
  const unformatted: string[] = [];
  for (const file of [...new Set(files)].sort()) {
    const { source, invalid } = await readSource(file);
    if (invalid) {
      // Formatting would write U+FFFD over the bytes it could not read: leave the file as it is.
      sources.set(file, source);
      problems.push(invalid);
      continue;
    }
    const text = source.text;
    const result = format(text, file);
    if (result.diagnostics.some((d) => d.severity === 'error')) {
      sources.set(file, new SourceFile(file, text));
      problems.push(...result.diagnostics);
      continue;
    }
    if (!result.changed) continue;
    unformatted.push(file);
    if (!options.check) await writeFile(file, result.text, 'utf8');
  }

  for (const file of unformatted) io.stdout(displayPath(file, io.cwd));
  if (problems.length > 0) {
    const color = shouldUseColor({ isTTY: io.isTTY }, io.env);
    io.stderr(renderDiagnostics(sortDiagnostics(problems), { sources, color, cwd: io.cwd }));
  }
  if (files.length === 0 && problems.length === 0) {
    io.stderr(`no *.roster files found under ${root === io.cwd ? '.' : displayPath(root, io.cwd)}`);
  }
  if (options.check && unformatted.length > 0) {
    const n = unformatted.length;
    io.stderr(
      `${n} file${n === 1 ? ' is' : 's are'} not formatted; run \`roster fmt\` to fix ${n === 1 ? 'it' : 'them'}`,
    );
    return 1;
  }
  return problems.length > 0 ? 1 : 0;
}

/** `*.roster` files at or under `target` (a file is taken as given); undefined when it does not exist. */
async function findRosterFiles(target: string): Promise<string[] | undefined> {
  const info = await stat(target).catch(() => undefined);
  if (info === undefined) return undefined;
  if (!info.isDirectory()) return [target];
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
        await walk(path);
      } else if (entry.isFile() && entry.name.endsWith('.roster')) {
        found.push(path);
      }
    }
  };
  await walk(target);
  return found;
}
