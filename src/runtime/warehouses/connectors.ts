/**
 * The runtime's registry of warehouses, one entry per name of the registry
 * in src/project/warehouses.ts (TypeScript refuses a table that misses one):
 * each warehouse's connector file, imported only when a target of that
 * dialect connects (so `check`/`compile` load no driver; the optional npm
 * driver it needs is the project registry's), and its state adapter.
 * open-warehouse.ts and the state code never branch on a dialect's name.
 */
import type { DialectName } from '../../project/types.js';
import type { Dialect } from '../../sql/index.js';
import { bigqueryState } from '../state/adapters/bigquery.js';
import { duckdbState } from '../state/adapters/duckdb.js';
import { postgresState } from '../state/adapters/postgres.js';
import { redshiftState } from '../state/adapters/redshift.js';
import { snowflakeState } from '../state/adapters/snowflake.js';
import type { StateAdapter } from '../state/adapters/state-adapter.js';
import type { Warehouse } from '../warehouse.js';

export interface ConnectOptions {
  /** Overrides the target's schema/dataset (tests, `roster test`). */
  schema?: string;
  /** The project folder: relative database files are resolved against it. */
  baseDir?: string;
  /** The target's `connect_timeout` / `statement_timeout` (open-warehouse.ts reads and checks them). */
  connectTimeoutMs: number;
  statementTimeoutMs: number;
}

/** Opens one session from a target's settings (`${VAR}`s already resolved). */
export type Connect = (
  settings: Record<string, unknown>,
  options: ConnectOptions,
) => Promise<Warehouse>;

export interface ConnectorEntry {
  /** The connector file, loaded lazily: `connect` maps the target's settings (src/project/warehouses.ts) to a session. */
  load(): Promise<Connect>;
  /** roster's state on this warehouse, built over its dialect (the caller's registry: src/runtime imports no values of src/sql). */
  state(dialect: Dialect): StateAdapter;
  /** Where `roster test` puts each test file's data; absent: `roster test` does not run on this warehouse. */
  scratch?: Scratch;
}

/**
 * A throw-away place for one test file's tables: a fresh private database
 * opened from the target's settings as `settings` rewrites them (`database`),
 * or a schema of its own that the session is opened in (`schema`, through
 * `ConnectOptions.schema`), created before and dropped with everything in it
 * after.
 */
export type Scratch =
  | { kind: 'database'; settings(settings: Record<string, unknown>): Record<string, unknown> }
  | { kind: 'schema' };

export const connectors = {
  duckdb: {
    load: async () => (await import('./duckdb.js')).connect,
    state: duckdbState,
    // No database file: each test file gets a fresh in-memory database and never touches one.
    scratch: {
      kind: 'database',
      settings: (settings) =>
        Object.fromEntries(
          Object.entries(settings).filter(([key]) => key !== 'path' && key !== 'database'),
        ),
    },
  },
  postgres: {
    load: async () => (await import('./postgres.js')).connect,
    state: postgresState,
    scratch: { kind: 'schema' },
  },
  snowflake: { load: async () => (await import('./snowflake.js')).connect, state: snowflakeState },
  bigquery: { load: async () => (await import('./bigquery.js')).connect, state: bigqueryState },
  redshift: { load: async () => (await import('./redshift.js')).connect, state: redshiftState },
} satisfies Record<DialectName, ConnectorEntry>;

/** Where `roster test` puts a test file's data on `dialect`, if it runs there. */
export function scratchOf(dialect: DialectName): Scratch | undefined {
  return (connectors[dialect] as ConnectorEntry | undefined)?.scratch;
}

/** A setting that is a non-empty string. */
export function optionalString(settings: Record<string, unknown>, key: string): string | undefined {
  const value = settings[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A port given as a number or a numeric string. */
export function optionalPort(settings: Record<string, unknown>): number | undefined {
  const port = settings.port;
  return typeof port === 'number' || typeof port === 'string' ? Number(port) : undefined;
}
