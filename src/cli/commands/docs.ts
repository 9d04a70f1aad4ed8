/**
 * `roster docs [--project DIR] [--out DIR] [--target T] [--no-state] [--now ISO]`:
 * writes a static site of the project (open `index.html` from disk): every
 * definition with its doc comment, source, SQL per target and dependency
 * graph, and member counts and moves per apply run when a state exists.
 */
import { relative, resolve } from 'node:path';
import type { CliIo } from '../io.js';
import { parseNowOption } from './now-option.js';
import { reportDiagnostics } from './plan.js';

export interface DocsOptions {
  project: string;
  out?: string;
  target?: string;
  state: boolean;
  now?: string;
}

export async function runDocs(options: DocsOptions, io: CliIo, version: string): Promise<number> {
  const parsedNow = parseNowOption(options.now);
  if (parsedNow.diagnostics.length > 0) {
    reportDiagnostics(io, parsedNow.diagnostics);
    return 1;
  }
  const { buildDocs } = await import('../../docs/build-docs.js');
  const projectDir = resolve(io.cwd, options.project);
  const outDir = options.out ? resolve(io.cwd, options.out) : resolve(projectDir, 'target', 'docs');
  const result = await buildDocs({
    projectDir,
    outDir,
    ...(options.target ? { target: options.target } : {}),
    noState: !options.state,
    ...(parsedNow.now ? { now: parsedNow.now } : {}),
    env: io.env,
    rosterVersion: version,
  });
  reportDiagnostics(io, result.diagnostics, result.project);
  if (!result.ok) return 1;
  const site = result.site;
  const runs = site.history ? `${site.history.runs.length} run(s) of history` : 'no applied state';
  for (const note of site.notes) io.stderr(`note: ${note}`);
  io.stdout(
    `Wrote the docs of ${site.project.name} (${site.definitions.length} definitions, ${runs}) to ${relative(io.cwd, outDir) || '.'}\n` +
      `Open ${resolve(outDir, 'index.html')} in a browser (no server needed).`,
  );
  return 0;
}
