/**
 * The state adapters, one per dialect, looked up by the dialect's name and
 * built over the dialect itself (its quoting and literals), which the
 * caller's registry supplies: src/runtime imports no values of src/sql.
 */
import type { DialectName } from '../../../project/types.js';
import type { Dialect } from '../../../sql/index.js';
import { bigqueryState } from './bigquery.js';
import { duckdbState } from './duckdb.js';
import { postgresState } from './postgres.js';
import { redshiftState } from './redshift.js';
import { snowflakeState } from './snowflake.js';
import type { StateAdapter } from './state-adapter.js';

export const stateAdapters: Record<DialectName, (dialect: Dialect) => StateAdapter> = {
  duckdb: duckdbState,
  postgres: postgresState,
  snowflake: snowflakeState,
  bigquery: bigqueryState,
  redshift: redshiftState,
};

const built = new WeakMap<Dialect, StateAdapter>();

export function stateAdapter(dialect: Dialect): StateAdapter {
  const cached = built.get(dialect);
  if (cached) return cached;
  const make = stateAdapters[dialect.name] as ((d: Dialect) => StateAdapter) | undefined;
  if (!make) throw new Error(`internal: no state adapter for ${dialect.name}`);
  const adapter = make(dialect);
  built.set(dialect, adapter);
  return adapter;
}

export type { StateAdapter } from './state-adapter.js';
export type { StateColumnTypes } from './state-adapter.js';
