/**
 * `roster test [--project DIR] [--target T] [--filter TEXT]`: runs every
 * *.test.yml of the project (LANGUAGE.md §10) and prints one line per file,
 * the details of each failure, and `N passed, M failed`. Exit code 1 when any
 * file failed or could not run.
 */
import { resolve } from 'node:path';
import { renderDiagnostics, shouldUseColor, type RenderOptions } from '../../diagnostics/index.js';
import { loadProject } from '../../project/index.js';
import { formatFileResult, formatSummary } from '../../testing/format-report.js';
import { runTests } from '../../testing/run-tests.js';
import type { CliIo } from '../io.js';

export interface TestOptions {
  project: string;
  target?: string;
  filter?: string;
}

/** Runs `roster test` and returns its exit code. */
export async function runTestCommand(options: TestOptions, io: CliIo): Promise<number> {
  const loaded = await loadProject(resolve(io.cwd, options.project), { env: io.env });
  const color = shouldUseColor({ isTTY: io.isTTY }, io.env);
  const project = loaded.project;
  const loadErrors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (!project || loadErrors.length > 0) {
    const sources = new Map(loaded.configFiles.map((f) => [f.path, f]));
    io.stderr(renderDiagnostics(loadErrors, { sources, color, cwd: io.cwd }));
    return 1;
  }
  const files = [...project.configFiles, ...project.rosterFiles, ...project.testFiles];
  const render: RenderOptions = {
    sources: new Map(files.map((f) => [f.path, f])),
    color,
    cwd: io.cwd,
  };
  const report = await runTests(project, {
    ...(options.target !== undefined ? { target: options.target } : {}),
    ...(options.filter !== undefined ? { filter: options.filter } : {}),
    env: io.env,
    onProgress: (result) => io.stdout(formatFileResult(result, render)),
  });
  if (report.diagnostics.length > 0) io.stderr(renderDiagnostics(report.diagnostics, render));
  if (report.files.length === 0 && report.target) {
    io.stdout(
      options.filter !== undefined
        ? `no test file matches \`${options.filter}\``
        : 'no *.test.yml files under the project paths',
    );
  }
  io.stdout(formatSummary(report));
  return report.failed > 0 || report.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
