/**
 * The runtime's registry of warehouses, one entry per name of the registry
 * in src/project/warehouses.ts (TypeScript refuses a table that misses one):
 * each warehouse's connector file, which exports its `connect`, its state
 * adapter and its `scratch` (connector.ts). The files load no driver until
 * `connect` runs, so `check`/`compile` load none; the optional npm driver a
 * connector needs is the project registry's. open-warehouse.ts and the state
 * code never branch on a dialect's name.
 */
import type { DialectName } from '../../project/types.js';
import type { ConnectorModule, Scratch } from './connector.js';
import * as bigquery from './bigquery.js';
import * as duckdb from './duckdb.js';
import * as postgres from './postgres.js';
import * as redshift from './redshift.js';
import * as snowflake from './snowflake.js';

export type { Connect, ConnectOptions, ConnectorModule, Scratch } from './connector.js';

/** A connector file's exports as a plain object (a module namespace is frozen: tests replace `connect`). */
const entry = ({ connect, state, scratch }: ConnectorModule): ConnectorModule => ({
  connect,
  state,
  ...(scratch ? { scratch } : {}),
});

export const connectors: Record<DialectName, ConnectorModule> = {
  duckdb: entry(duckdb),
  postgres: entry(postgres),
  snowflake: entry(snowflake),
  bigquery: entry(bigquery),
  redshift: entry(redshift),
};

/** Where `roster test` puts a test file's data on `dialect`, if it runs there. */
export function scratchOf(dialect: DialectName): Scratch | undefined {
  return (connectors[dialect] as ConnectorModule | undefined)?.scratch;
}
