/**
 * The connector registry: for each warehouse, the optional npm driver it
 * needs (the drivers table) and its connector file, imported only when a
 * target of that dialect connects (so `check`/`compile` load no driver).
 * One entry per name of `DIALECT_NAMES`; open-warehouse.ts never branches on
 * a dialect's name.
 */
import type { DialectName } from '../../project/types.js';
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
  /** The optional npm package (and tested version) the connector loads lazily. */
  driver?: { package: string; version: string };
  load(): Promise<Connect>;
}

export const connectors: Record<DialectName, ConnectorEntry> = {
  duckdb: { load: async () => (await import('./duckdb.js')).connect },
  postgres: { load: async () => (await import('./postgres.js')).connect },
  snowflake: {
    driver: { package: 'snowflake-sdk', version: '3.3.0' },
    load: async () => (await import('./snowflake.js')).connect,
  },
  bigquery: {
    driver: { package: '@google-cloud/bigquery', version: '9.3.0' },
    load: async () => (await import('./bigquery.js')).connect,
  },
  redshift: { load: async () => (await import('./redshift.js')).connect },
};

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
