/** roster's state on DuckDB (an attached state file or the target's own database file). */
import type { Dialect } from '../../../sql/index.js';
import { familyState } from './family.js';
import type { StateAdapter } from './state-adapter.js';

/** `dialect` is the duckdb dialect (the caller's registry, as src/runtime imports no values of src/sql). */
export const duckdbState = (dialect: Dialect): StateAdapter => ({
  dialect: 'duckdb',
  ...familyState,
  begin: 'BEGIN TRANSACTION',
  isConcurrentWrite: (message) => /conflict/i.test(message),
  lockGuarantee: {
    primitive:
      'one conditional UPDATE of the lock row; a database file has one writing process (the file lock), and within it a second concurrent writer of the same row fails with a write-write conflict',
    source: 'https://duckdb.org/docs/stable/connect/concurrency',
  },
  deliveryTable: {
    ref: (name) => `temp.main.${dialect.quoteIdentifier(name)}`,
    // A temporary table: in memory, spilled to the temp directory when it outgrows memory_limit.
    // In position order, so a page's range is a few row groups (zone maps), not a scan.
    create: (name, select) => [
      `CREATE OR REPLACE TEMP TABLE ${dialect.quoteIdentifier(name)} AS ${select} ORDER BY pos`,
    ],
    page: (table, columns, from, to) =>
      `SELECT string_agg(CAST(json_array(${columns.join(', ')}) AS VARCHAR), ',') AS rows ` +
      `FROM ${table} WHERE pos BETWEEN ${from} AND ${to}`,
  },
  listTables: (schemaName, catalog) =>
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${dialect.stringLiteral(schemaName)}` +
    (catalog ? ` AND table_catalog = ${dialect.stringLiteral(catalog)}` : ''),
});
