/** The state adapters, one per dialect, looked up by the dialect's name. */
import type { DialectName } from '../../../project/types.js';
import { bigqueryState } from './bigquery.js';
import { duckdbState } from './duckdb.js';
import { postgresState } from './postgres.js';
import { redshiftState } from './redshift.js';
import { snowflakeState } from './snowflake.js';
import type { StateAdapter } from './state-adapter.js';

export const stateAdapters: Record<DialectName, StateAdapter> = {
  duckdb: duckdbState,
  postgres: postgresState,
  snowflake: snowflakeState,
  bigquery: bigqueryState,
  redshift: redshiftState,
};

export function stateAdapter(dialect: DialectName): StateAdapter {
  const adapter = stateAdapters[dialect] as StateAdapter | undefined;
  if (!adapter) throw new Error(`internal: no state adapter for ${dialect}`);
  return adapter;
}

export type { StateAdapter } from './state-adapter.js';
export type { StateColumnTypes } from './state-adapter.js';
