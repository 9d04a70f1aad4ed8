/** roster's state on PostgreSQL. */
import type { Dialect } from '../../../sql/index.js';
import { familyState } from './family.js';
import type { StateAdapter } from './state-adapter.js';

/** `dialect` is the postgres dialect (the caller's registry, as src/runtime imports no values of src/sql). */
export const postgresState = (dialect: Dialect): StateAdapter => ({
  dialect: 'postgres',
  ...familyState,
  begin: 'BEGIN',
  // sha256 of the UTF-8 bytes, hex-encoded in lower case
  // (https://www.postgresql.org/docs/current/functions-binarystring.html).
  sha256Hex: (expr) => `encode(sha256(convert_to(${expr}, 'UTF8')), 'hex')`,
  isConcurrentWrite: (message) => /could not serialize access|deadlock detected/i.test(message),
  lockGuarantee: {
    primitive:
      'one conditional UPDATE of the lock row: a concurrent UPDATE of the same row waits for the first to commit, then re-evaluates its WHERE clause on the updated row (READ COMMITTED), so the second finds the lock taken',
    source: 'https://www.postgresql.org/docs/current/transaction-iso.html#XACT-READ-COMMITTED',
  },
  deliveryTable: {
    ref: (name) => `pg_temp.${dialect.quoteIdentifier(name)}`,
    // Temporary: no write-ahead log. Found by position through its index; analyzed, since
    // autovacuum never analyzes temporary tables.
    create: (name, select) => {
      const table = `pg_temp.${dialect.quoteIdentifier(name)}`;
      return [
        `CREATE TEMP TABLE ${dialect.quoteIdentifier(name)} AS ${select}`,
        `CREATE INDEX ON ${table} (pos)`,
        `ANALYZE ${table}`,
      ];
    },
  },
  deliveryCursor: {
    rowText: (columns) => `CAST(json_build_array(${columns.join(', ')}) AS TEXT)`,
    readsPlanTable: false,
  },
  listTables: (schemaName) =>
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${dialect.stringLiteral(schemaName)}`,
  // The message-id hash of a checkpoint was computed six times per row without it.
  subqueryFence: 'OFFSET 0',
});
