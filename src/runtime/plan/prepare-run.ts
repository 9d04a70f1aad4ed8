/**
 * What `plan`, `apply` and `force-unlock` share before they do anything:
 * load and check the project, pick the target, connect, find (and migrate)
 * the state schema. Every user-level problem comes back as diagnostics.
 */
import { checkProject } from '../../check/check-project.js';
import { error, hasErrors, warning } from '../../diagnostics/diagnostic.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { IrProject } from '../../ir/ir.js';
import { loadProject } from '../../project/load-project.js';
import type { Project, TargetConfig } from '../../project/types.js';
import { openWarehouse, restrictFileAccess } from '../open-warehouse.js';
import { selectTarget } from '../select-target.js';
import { busyHint, describeBusy, openStateLocation, StateBusyError } from '../state/location.js';
import type { StateLocation } from '../state/location.js';
import { migrateState } from '../state/migrations.js';
import { claimState, refuseForeignSchema, StateRefusedError } from '../state/ownership.js';
import type { SqlStage } from '../../sql/index.js';
import { permissionDenied } from '../permission.js';
import { errorMessage } from '../warehouse.js';
import type { Warehouse } from '../warehouse.js';

export interface RunContext {
  project: Project;
  ir: IrProject;
  target: TargetConfig;
  warehouse: Warehouse;
  location: StateLocation;
  /** The dialect registry and the compiler, from the caller (the runtime imports no values of src/sql). */
  sql: SqlStage;
}

export type PrepareResult =
  | { ok: true; context: RunContext; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[]; project?: Project };

export interface PrepareOptions {
  projectDir: string;
  target?: string;
  env: NodeJS.ProcessEnv;
  /** `sqlStage` of src/sql/index.ts (tests may wrap it). */
  sql: SqlStage;
}

export async function prepareRun(options: PrepareOptions): Promise<PrepareResult> {
  const loaded = await loadProject(options.projectDir, { env: options.env });
  const project = loaded.project;
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  if (!project || hasErrors(diagnostics))
    return { ok: false, diagnostics, ...(project ? { project } : {}) };
  const checked = checkProject(project);
  diagnostics.push(...checked.diagnostics);
  if (!checked.ir || hasErrors(diagnostics)) return { ok: false, diagnostics, project };
  const selected = selectTarget(project.config, options.target);
  diagnostics.push(...selected.diagnostics);
  if (!selected.target) return { ok: false, diagnostics, project };
  const target = selected.target;
  // A DuckDB `path` is relative to roster.yaml, wherever the command runs from.
  const opened = await openWarehouse(target, options.env, { baseDir: project.config.root });
  diagnostics.push(...opened.diagnostics);
  if (!opened.ok) {
    // A DuckDB file held by another process: say so plainly.
    for (const d of opened.diagnostics) {
      const busy = describeBusy(d.message, `the database of target \`${target.name}\``);
      if (busy) diagnostics.push(error('state-busy', busy, target.range, [busyHint(d.message)]));
    }
    return { ok: false, diagnostics, project };
  }
  try {
    const dialect = options.sql.dialect(target.dialect);
    // Source tables given as file paths are relative to roster.yaml, whatever the cwd.
    const searchPath = dialect.fileSearchPath?.(project.config.root);
    if (searchPath) await opened.warehouse.execute(searchPath);
    const location = await openStateLocation(opened.warehouse, project.config, target, dialect);
    await refuseForeignSchema(opened.warehouse, location);
    const migrated = await migrateState(opened.warehouse, location);
    await claimState(opened.warehouse, location, project.config.name);
    if (migrated.recreated.length > 0)
      diagnostics.push(
        warning(
          'state-recreated',
          `roster's state tables ${migrated.recreated.map((name) => `\`${name}\``).join(', ')} were missing from ${location.description} and were created again, empty`,
          undefined,
          [recreatedHint(migrated.recreated)],
        ),
      );
    await restrictFileAccess(
      opened.warehouse,
      options.sql.dialect(target.dialect),
      target,
      project.config.root,
      options.env,
    );
    return {
      ok: true,
      context: {
        project,
        ir: checked.ir,
        target,
        warehouse: opened.warehouse,
        location,
        sql: options.sql,
      },
      diagnostics,
    };
  } catch (caught) {
    await opened.warehouse.close().catch(() => undefined);
    if (caught instanceof StateRefusedError) {
      // The line to change is roster.yaml's `state.schema` (when the project sets it).
      diagnostics.push(
        error(caught.code, caught.message, project.config.state.range, [caught.hint]),
      );
      return { ok: false, diagnostics, project };
    }
    const denied = permissionDenied(caught);
    if (denied) {
      diagnostics.push(denied);
      return { ok: false, diagnostics, project };
    }
    const message =
      caught instanceof StateBusyError
        ? caught.message
        : `could not prepare roster's state in schema \`${project.config.state.schema}\`: ${errorMessage(caught)}`;
    diagnostics.push(
      error(
        caught instanceof StateBusyError ? 'state-busy' : 'state-unavailable',
        message,
        undefined,
        [
          caught instanceof StateBusyError
            ? busyHint(caught.message)
            : 'check that the target user may create schemas and tables (roster.yaml `state.schema`)',
        ],
      ),
    );
    return { ok: false, diagnostics, project };
  }
}

/** What a re-created state table means for the next apply: only an empty `delivered` resends. */
function recreatedHint(tables: readonly string[]): string {
  return tables.includes('delivered')
    ? '`delivered`, the record of what each destination received, is empty now: the next apply sends every current member again (`roster plan` shows them); restore the table from a backup before applying to avoid it'
    : '`delivered`, the record of what each destination received, was kept; `roster plan` shows what the next apply sends';
}
