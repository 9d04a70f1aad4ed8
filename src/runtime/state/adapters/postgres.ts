/** roster's state on PostgreSQL. */
import { getDialect } from '../../../sql/index.js';

const dialect = getDialect('postgres');
import { familyState } from './family.js';
import type { StateAdapter } from './state-adapter.js';

export const postgresState: StateAdapter = {
  dialect: 'postgres',
  ...familyState,
  begin: 'BEGIN',
  isConcurrentWrite: (message) => /could not serialize access|deadlock detected/i.test(message),
  lockGuarantee: {
    primitive:
      'one conditional UPDATE of the lock row: a concurrent UPDATE of the same row waits for the first to commit, then re-evaluates its WHERE clause on the updated row (READ COMMITTED), so the second finds the lock taken',
    source: 'https://www.postgresql.org/docs/current/transaction-iso.html#XACT-READ-COMMITTED',
  },
  listTables: (schemaName) =>
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${dialect.stringLiteral(schemaName)}`,
  // Without it each page of delivery scans the whole transitions table (~0.3 s per page at 1 M rows).
  positionIndex: (table, name) =>
    `CREATE INDEX IF NOT EXISTS ${dialect.quoteIdentifier(name)} ON ${table} (pos)`,
  // The message-id hash of a checkpoint was computed six times per row without it.
  subqueryFence: 'OFFSET 0',
};
