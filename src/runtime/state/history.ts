/**
 * What the applied state tells about the past, for `roster docs`: every
 * apply (`runs`) and, per definition, sync and call, how many members entered
 * and exited in each run (`changes`, the append-only log of acknowledged
 * calls). Read-only: it never creates the state, and a project that has never
 * applied has no history (undefined), not an empty one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectConfig, TargetConfig } from '../../project/types.js';
import type { Dialect } from '../../sql/index.js';
import type { Warehouse } from '../warehouse.js';
import { stateAdapter } from './adapters/index.js';
import { STATE_CATALOG, STATE_FILE, stateTable } from './location.js';
import type { StateLocation } from './location.js';

export interface HistoryRun {
  runId: string;
  /** The instant the run evaluated at (ISO-8601). */
  now: string;
  finishedAt: string | null;
  status: string;
  /** Audience sizes after the run, when the apply recorded them. */
  audiences?: Record<string, number>;
}

/** Transitions of one sync's call in one run, counted per member. */
export interface HistoryMoves {
  runId: string;
  definition: string;
  sync: string;
  call: string;
  entered: number;
  exited: number;
  changed: number;
  removed: number;
}

export interface StateHistory {
  /** Where the state was read (for the page). */
  location: string;
  /** Oldest first. */
  runs: HistoryRun[];
  moves: HistoryMoves[];
}

/**
 * Finds the state of `target` without creating anything: the attached state
 * file of an in-memory DuckDB target (read-only), else the state schema in
 * the warehouse. Undefined when there is none. `dialect` is the warehouse's,
 * from the caller's registry (`SqlStage.dialect`).
 */
export async function findStateForReading(
  warehouse: Warehouse,
  config: ProjectConfig,
  target: TargetConfig,
  dialect: Dialect,
): Promise<StateLocation | undefined> {
  if (dialect.name !== warehouse.dialect)
    throw new Error(`internal: a ${dialect.name} dialect for a ${warehouse.dialect} session`);
  const schemaName = config.state.schema;
  const adapter = stateAdapter(dialect);
  let location: StateLocation;
  if (adapter.stateFile?.needed(target.settings)) {
    const file = join(config.root, '.roster', STATE_FILE);
    if (!existsSync(file)) return undefined;
    await warehouse.execute(adapter.stateFile.attach(file, STATE_CATALOG, true));
    location = {
      dialect,
      adapter,
      catalog: STATE_CATALOG,
      schema: dialect.quoteQualified([STATE_CATALOG, schemaName]),
      schemaName,
      file,
      description: `schema \`${schemaName}\` in ${file}`,
    };
  } else {
    location = {
      dialect,
      adapter,
      schema: dialect.quoteIdentifier(schemaName),
      schemaName,
      description: `schema \`${schemaName}\` on target \`${target.name}\``,
    };
  }
  try {
    await warehouse.query(`SELECT run_id FROM ${stateTable(location, 'runs')} WHERE 1 = 0`);
    return location;
  } catch {
    return undefined; // no state tables: never applied
  }
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

function audienceSizes(summary: unknown): Record<string, number> | undefined {
  if (typeof summary !== 'string' || summary === '') return undefined;
  try {
    const parsed = JSON.parse(summary) as { audiences?: unknown };
    if (!Array.isArray(parsed.audiences)) return undefined;
    const sizes: Record<string, number> = {};
    for (const a of parsed.audiences as Array<{ name?: unknown; size?: unknown }>)
      if (typeof a.name === 'string' && typeof a.size === 'number') sizes[a.name] = a.size;
    return sizes;
  } catch {
    return undefined;
  }
}

export async function readStateHistory(
  warehouse: Warehouse,
  location: StateLocation,
): Promise<StateHistory> {
  const runs = await warehouse.query(
    `SELECT run_id, now, finished_at, status, summary FROM ${stateTable(location, 'runs')} ORDER BY now, started_at`,
  );
  const moves = await warehouse.query(
    `SELECT run_id, definition, sync, call,
       COUNT(DISTINCT CASE WHEN transition = 'entered' THEN member_id END) AS entered,
       COUNT(DISTINCT CASE WHEN transition = 'exited' THEN member_id END) AS exited,
       COUNT(DISTINCT CASE WHEN transition = 'changed' THEN member_id END) AS changed,
       COUNT(DISTINCT CASE WHEN transition = 'removed' THEN member_id END) AS removed
     FROM ${stateTable(location, 'changes')}
     GROUP BY run_id, definition, sync, call
     ORDER BY run_id, definition, sync, call`,
  );
  return {
    location: location.description,
    runs: runs.map((r) => {
      const audiences = audienceSizes(r.summary);
      return {
        runId: text(r.run_id),
        now: text(r.now),
        finishedAt: r.finished_at === null ? null : text(r.finished_at),
        status: text(r.status),
        ...(audiences ? { audiences } : {}),
      };
    }),
    moves: moves.map((m) => ({
      runId: text(m.run_id),
      definition: text(m.definition),
      sync: text(m.sync),
      call: text(m.call),
      entered: Number(m.entered),
      exited: Number(m.exited),
      changed: Number(m.changed),
      removed: Number(m.removed),
    })),
  };
}
