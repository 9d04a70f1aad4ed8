/**
 * Where roster keeps its own tables on a target: the `state.schema` of
 * roster.yaml in the warehouse itself, so a CI job needs no other storage
 * (ARCHITECTURE.md, "Runtime shape"). An in-memory DuckDB target forgets
 * everything when the process ends, so there the schema lives in a DuckDB
 * file `<project>/.roster/state.duckdb` ATTACHed to the session.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectConfig, TargetConfig } from '../../project/types.js';
import type { Dialect } from '../../sql/index.js';
import { errorMessage } from '../warehouse.js';
import type { Warehouse } from '../warehouse.js';
import { stateAdapter } from './adapters/index.js';
import type { StateAdapter } from './adapters/index.js';

export interface StateLocation {
  dialect: Dialect;
  /** The warehouse's state types, clock, transactions and lock primitive. */
  adapter: StateAdapter;
  /** The quoted, qualified state schema (`"roster_state"` or `"roster_state_db"."roster_state"`). */
  schema: string;
  /** The schema's name as configured. */
  schemaName: string;
  /** For messages: where the state is. */
  description: string;
  /** Set when the state lives in an attached DuckDB file. */
  file?: string;
  /** The DuckDB catalog the state file is attached as (with `file`). */
  catalog?: string;
}

/** The catalog name the state file is attached as (StateAdapter.stateFile). */
export const STATE_CATALOG = 'roster_state_db';

/** The state file's name in `<project>/.roster/`. */
export const STATE_FILE = 'state.duckdb';

/** The quoted, qualified name of one roster table. */
export function stateTable(location: StateLocation, name: string): string {
  return `${location.schema}.${location.dialect.quoteIdentifier(name)}`;
}

/** Another process holds the state (DuckDB files are single-writer across processes). */
export class StateBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateBusyError';
  }
}

/**
 * Turns DuckDB's "could not set lock" into a message that names the other
 * process. DuckDB does not say what that process is: another plan or apply
 * of this project, or a DuckDB session someone opened on the file to look
 * at roster's tables (both are common), so the message names both.
 */
export function describeBusy(message: string, what: string): string | undefined {
  if (!/lock/i.test(message) || !/conflict|could not set lock/i.test(message)) return undefined;
  const pid = /PID (\d+)/.exec(message)?.[1];
  return `${what} is in use by another process${pid ? ` (PID ${pid})` : ''}: another roster plan or apply of this project, or a DuckDB session that opened the file; DuckDB lets one process at a time write it`;
}

/** The fix for a busy state, naming the process when DuckDB did. */
export function busyHint(message: string): string {
  if (/in this process/.test(message))
    return 'close the other session on this project (or wait for it to finish), then run again';
  const pid = /PID (\d+)/.exec(message)?.[1];
  return `wait for the other plan or apply to finish, or close the DuckDB session holding the file${pid ? ` (PID ${pid})` : ''}, then run the command again`;
}

/**
 * DuckDB's file lock keeps a second process out of a state file, but not a
 * second database instance in this same process (POSIX record locks belong
 * to the process): two sessions here would each write the file through
 * their own cache. So this process lets one open session use a state file
 * at a time; closing the session frees it.
 */
const sessionsByFile = new Map<string, Warehouse>();

function claimInProcess(warehouse: Warehouse, file: string): void {
  const owner = sessionsByFile.get(file);
  if (owner && owner !== warehouse)
    throw new StateBusyError(
      `the state file ${file} is in use by another roster session in this process (PID ${process.pid}); wait for it to finish, then retry`,
    );
  if (owner) return;
  sessionsByFile.set(file, warehouse);
  const close = warehouse.close.bind(warehouse);
  warehouse.close = async () => {
    if (sessionsByFile.get(file) === warehouse) sessionsByFile.delete(file);
    await close();
  };
}

/**
 * Prepares the session for state access (attaching the state file where
 * needed) and creates the schema. `dialect` is the warehouse's, from the
 * caller's registry (`SqlStage.dialect`). Throws StateBusyError when another
 * process holds the DuckDB state file.
 */
export async function openStateLocation(
  warehouse: Warehouse,
  config: ProjectConfig,
  target: TargetConfig,
  dialect: Dialect,
): Promise<StateLocation> {
  if (dialect.name !== warehouse.dialect)
    throw new Error(`internal: a ${dialect.name} dialect for a ${warehouse.dialect} session`);
  const schemaName = config.state.schema;
  const adapter = stateAdapter(dialect);
  if (adapter.stateFile?.needed(target.settings)) {
    const dir = join(config.root, '.roster');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, STATE_FILE);
    claimInProcess(warehouse, file);
    try {
      await warehouse.execute(adapter.stateFile.attach(file, STATE_CATALOG, false));
    } catch (caught) {
      const busy = describeBusy(errorMessage(caught), `the state file ${file}`);
      if (busy) throw new StateBusyError(busy);
      throw caught;
    }
    const schema = dialect.quoteQualified([STATE_CATALOG, schemaName]);
    await warehouse.execute(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    return {
      dialect,
      adapter,
      schema,
      schemaName,
      file,
      catalog: STATE_CATALOG,
      description: `schema \`${schemaName}\` in ${file}`,
    };
  }
  const schema = dialect.quoteIdentifier(schemaName);
  await warehouse
    .execute(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
    .catch(async (caught: unknown) => {
      // Two processes creating the schema at once on PostgreSQL: the loser sees a duplicate.
      if (/already exists|duplicate/i.test(errorMessage(caught))) return;
      // A least-privilege plan role may not create schemas (docs/plan-apply.md, security
      // model): an existing one is all it needs.
      const exists = await warehouse
        .query(
          `SELECT 1 AS found FROM information_schema.schemata WHERE schema_name = ${dialect.stringLiteral(schemaName)}`,
        )
        .then((rows) => rows.length > 0)
        .catch(() => false);
      if (!exists) throw caught;
    });
  return {
    dialect,
    adapter,
    schema,
    schemaName,
    description: `schema \`${schemaName}\` on target \`${target.name}\``,
  };
}
