/** The dialect registry: compiler code looks dialects up here and never branches on a name. */
import type { DialectName } from '../../project/types.js';
import type { Dialect } from '../dialect.js';
import { duckdb } from './duckdb.js';
import { postgres } from './postgres.js';

export const dialects: Partial<Record<DialectName, Dialect>> = { duckdb, postgres };

/** The dialect for `name`, or undefined when roster cannot compile for it yet (snowflake, bigquery, redshift). */
export function findDialect(name: DialectName): Dialect | undefined {
  return dialects[name];
}

/** The dialect for `name`; throws for a dialect without an implementation (check with `findDialect` first to report it). */
export function getDialect(name: DialectName): Dialect {
  const dialect = dialects[name];
  if (!dialect) throw new Error(`internal: no SQL dialect implementation for ${name}`);
  return dialect;
}
