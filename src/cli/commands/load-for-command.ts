/**
 * The start that commands reading one project share: load it, and a `fail`
 * that prints error diagnostics against the project's own files (so carets
 * point into roster.yaml and the .roster files) and returns exit code 1.
 */
import { resolve } from 'node:path';
import { renderDiagnostics, shouldUseColor, type Diagnostic } from '../../diagnostics/index.js';
import { loadProject, type Project } from '../../project/index.js';
import type { CliIo } from '../io.js';

export interface LoadedForCommand {
  /** The project, or undefined when loading it failed (then `fail` was already called). */
  project: Project | undefined;
  fail: (diagnostics: Diagnostic[]) => number;
  /** Prints warnings (a cleanup that failed) the same way, without failing. */
  warn: (diagnostics: Diagnostic[]) => void;
  /** The exit code when loading failed. */
  exitCode?: number;
}

export async function loadForCommand(projectDir: string, io: CliIo): Promise<LoadedForCommand> {
  const color = shouldUseColor({ isTTY: io.isTTY }, io.env);
  const loaded = await loadProject(resolve(io.cwd, projectDir), { env: io.env });
  const project = loaded.project;
  const sources = new Map(
    [...loaded.configFiles, ...(project?.rosterFiles ?? [])].map((f) => [f.path, f]),
  );
  const fail = (diagnostics: Diagnostic[]): number => {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    io.stderr(renderDiagnostics(errors, { sources, color, cwd: io.cwd }));
    return 1;
  };
  const warn = (diagnostics: Diagnostic[]): void => {
    const warnings = diagnostics.filter((d) => d.severity === 'warning');
    if (warnings.length > 0)
      io.stderr(renderDiagnostics(warnings, { sources, color, cwd: io.cwd }));
  };
  if (!project || loaded.diagnostics.some((d) => d.severity === 'error')) {
    return { project: undefined, fail, warn, exitCode: fail(loaded.diagnostics) };
  }
  return { project, fail, warn };
}
