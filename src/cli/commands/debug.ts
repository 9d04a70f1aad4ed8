/**
 * `roster debug [--project DIR] [--target T]`: checks that a target is usable
 * before a real run — the connection, each configured source's table and the
 * columns roster reads from it, and write access to roster's state schema —
 * printing one line per check and a clear reason for each failure. Exit code
 * 0 when everything passed, 1 otherwise.
 */
import { resolve } from 'node:path';
import {
  hasErrors,
  renderDiagnostics,
  shouldUseColor,
  type Diagnostic,
} from '../../diagnostics/index.js';
import { loadProject } from '../../project/index.js';
import { checkTarget, openWarehouse, selectTarget, type TargetCheck } from '../../runtime/index.js';
import { sqlStage } from '../../sql/index.js';
import type { CliIo } from '../io.js';

export interface DebugCommandOptions {
  project: string;
  target?: string;
}

/** Runs `roster debug` and returns its exit code. */
export async function runDebugCommand(options: DebugCommandOptions, io: CliIo): Promise<number> {
  const loaded = await loadProject(resolve(io.cwd, options.project), { env: io.env });
  const project = loaded.project;
  const files = loaded.configFiles;
  const fail = (ds: Diagnostic[]): number => {
    io.stderr(
      renderDiagnostics(ds, {
        sources: new Map(files.map((f) => [f.path, f])),
        color: shouldUseColor({ isTTY: io.isTTY }, io.env),
        cwd: io.cwd,
      }),
    );
    return 1;
  };
  if (!project || hasErrors(loaded.diagnostics)) return fail(loaded.diagnostics);
  const selected = selectTarget(project.config, options.target);
  if (!selected.target) return fail(selected.diagnostics);
  const target = selected.target;

  // A relative DuckDB file belongs to the project folder.
  const overrides = { baseDir: project.config.root };
  const opened = await openWarehouse(target, io.env, overrides);
  if (!opened.ok) {
    io.stdout(`FAIL  connection to target \`${target.name}\` (${target.dialect})`);
    return fail(opened.diagnostics);
  }
  const warehouse = opened.warehouse;
  const checks: TargetCheck[] = [
    {
      ok: true,
      what: 'connection',
      detail: `connected to target \`${target.name}\` (${target.dialect})`,
    },
  ];
  try {
    checks.push(
      ...(await checkTarget(warehouse, project, target, sqlStage.dialect(target.dialect))),
    );
  } finally {
    await warehouse.close();
  }
  for (const check of checks)
    io.stdout(`${check.ok ? 'ok   ' : 'FAIL '} ${check.what}: ${check.detail}`);
  const failed = checks.filter((c) => !c.ok).length;
  io.stdout(
    failed === 0
      ? 'everything roster needs is in place'
      : `${failed} check${failed === 1 ? '' : 's'} failed`,
  );
  return failed === 0 ? 0 : 1;
}
