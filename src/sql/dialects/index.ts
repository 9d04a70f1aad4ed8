/**
 * The dialect registry: compiler code looks dialects up here and never
 * branches on a name. One dialect file per name of the warehouse registry
 * (src/project/warehouses.ts); TypeScript refuses this table while it misses one.
 */
import type { DialectName } from '../../project/types.js';
import type { Dialect } from '../dialect.js';
import { bigquery } from './bigquery.js';
import { duckdb } from './duckdb.js';
import { postgres } from './postgres.js';
import { redshift } from './redshift.js';
import { snowflake } from './snowflake.js';

export const dialects: Record<DialectName, Dialect> = {
  duckdb,
  postgres,
  snowflake,
  bigquery,
  redshift,
};

/** The dialect for `name`, or undefined for a name that is not a dialect (config validation rejects those). */
export function findDialect(name: DialectName): Dialect | undefined {
  return dialects[name] as Dialect | undefined;
}

/** The dialect for `name`. */
export function getDialect(name: DialectName): Dialect {
  const dialect = findDialect(name);
  if (!dialect) throw new Error(`internal: no SQL dialect implementation for ${name}`);
  return dialect;
}
