/**
 * The interface of a connector file (src/runtime/warehouses/<name>.ts), as
 * state/adapters/state-adapter.ts is the state adapter's: its options, what
 * it exports and the setting readers connectors share. Kept apart from the
 * registry (connectors.ts), which imports every connector file.
 */
import type { Dialect } from '../../sql/index.js';
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

/**
 * What a connector file, src/runtime/warehouses/<name>.ts, exports. The file
 * is imported eagerly (the state adapter is needed without connecting:
 * `roster check` refuses a target whose warehouse lacks a capability), so it
 * imports its npm driver only inside `connect` (load-driver.ts, or a dynamic
 * `import()`): `check` and `compile` load no driver.
 */
export interface ConnectorModule {
  /** Maps the target's settings (src/project/warehouses.ts) to a session, loading the driver then. */
  connect: Connect;
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
