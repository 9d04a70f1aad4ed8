/** roster's state on DuckDB (an attached state file or the target's own database file). */
import type { Dialect } from '../../../sql/index.js';
import { familyState } from './family.js';
import type { StateAdapter } from './state-adapter.js';

/** `dialect` is the duckdb dialect (the caller's registry, as src/runtime imports no values of src/sql). */
export const duckdbState = (dialect: Dialect): StateAdapter => ({
  dialect: 'duckdb',
  ...familyState,
  begin: 'BEGIN TRANSACTION',
  // Lower-case hex (https://duckdb.org/docs/stable/sql/functions/text#sha256value).
  sha256Hex: (expr) => `sha256(${expr})`,
  jsonEscapeTest: (expr) =>
    `regexp_matches(${expr}, ${dialect.stringLiteral('[\\x01-\\x1f"\\\\]')})`,
  isConcurrentWrite: (message) => /conflict/i.test(message),
  lockGuarantee: {
    primitive:
      'one conditional UPDATE of the lock row; a database file has one writing process (the file lock), and within it a second concurrent writer of the same row fails with a write-write conflict',
    source: 'https://duckdb.org/docs/stable/connect/concurrency',
  },
  // On its own connection (Warehouse.cursor), the read cannot see a session table: it hashes
  // the ids from the plan's table as it streams, in the order DuckDB stores it (its default
  // preserve_insertion_order keeps a scan without ORDER BY in that order), so no
  // destination-sized table or sort is held in memory; a checkpoint hashes its calls again.
  // https://duckdb.org/docs/stable/sql/dialect/order_preservation
  deliveryCursor: {
    rowText: (columns) => `CAST(json_array(${columns.join(', ')}) AS VARCHAR)`,
    readsPlanTable: true,
    holdsTransaction: true,
  },
  // A target without a database file (`path`/`database` absent or `:memory:`) is in memory.
  stateFile: {
    needed: (settings) => {
      const path =
        typeof settings.path === 'string'
          ? settings.path
          : typeof settings.database === 'string'
            ? settings.database
            : '';
      return path === '' || path === ':memory:';
    },
    attach: (file, catalog, readOnly) =>
      `ATTACH IF NOT EXISTS ${dialect.stringLiteral(file)} AS ${dialect.quoteIdentifier(catalog)}${readOnly ? ' (READ_ONLY)' : ''}`,
  },
  // A correlated EXISTS becomes a delim join, which collects the distinct keys of the whole
  // table deleted from first; a row IN the subquery is a semi join holding only the subquery's rows.
  deleteMatching: (table, alias, keys, select) =>
    `DELETE FROM ${table} AS ${alias} WHERE (${keys.map((k) => `${alias}.${k}`).join(', ')}) IN (${select})`,
  listTables: (schemaName, catalog) =>
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${dialect.stringLiteral(schemaName)}` +
    (catalog ? ` AND table_catalog = ${dialect.stringLiteral(catalog)}` : ''),
});
