/**
 * The Knex clients a dialect's compile-only Knex instance can extend
 * (`Dialect.knexClient`): the base client's query compiler writes what the
 * builder assembles (`select … from … where … group by`, `with`, `union all`,
 * `insert into … select`), while identifiers and values still go through the
 * dialect's escaping contract (`src/sql/knex-client.ts`). Knex has no DuckDB,
 * Snowflake or BigQuery client: those dialects write the builder's SQL as
 * PostgreSQL does, which is the generic SQL every one of them reads; Redshift
 * has Knex's own client. Loaded on first use; without a `connection` Knex
 * never loads a driver.
 */
import { createRequire } from 'node:module';
import type { KnexClientClass } from '../dialect.js';

const require = createRequire(import.meta.url);

export function knexPostgresClient(): KnexClientClass {
  return require('knex/lib/dialects/postgres/index.js') as KnexClientClass;
}

export function knexRedshiftClient(): KnexClientClass {
  return require('knex/lib/dialects/redshift/index.js') as KnexClientClass;
}
