/** roster's state on Snowflake. */
import type { Dialect } from '../../../sql/index.js';
import type { StateAdapter } from './state-adapter.js';

/** `dialect` is the snowflake dialect (the caller's registry, as src/runtime imports no values of src/sql). */
export const snowflakeState = (dialect: Dialect): StateAdapter => ({
  dialect: 'snowflake',
  types: {
    text: 'VARCHAR',
    bigint: 'BIGINT',
    integer: 'INTEGER',
    boolean: 'BOOLEAN',
    timestamp: 'TIMESTAMP_TZ',
  },
  // Snowflake accepts PRIMARY KEY but does not enforce it: roster does not rely on one.
  enforcedPrimaryKey: '',
  now: 'CURRENT_TIMESTAMP()',
  addSeconds: (expr, seconds) => `DATEADD(second, ${Math.trunc(seconds)}, ${expr})`,
  castText: (expr) => `CAST(${expr} AS VARCHAR)`,
  jsonText: (expr) => `TO_JSON(TO_VARIANT(${expr}))`,
  addColumn: (table, column, type) =>
    `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} ${type}`,
  isDistinctFrom: (a, b) => `(${a} IS DISTINCT FROM ${b})`,
  // Hex-encoded SHA-256 of the text's UTF-8 bytes (https://docs.snowflake.com/en/sql-reference/functions/sha2).
  sha256Hex: (expr) => `SHA2(${expr}, 256)`,
  character: (code) => `CHR(${code})`,
  transactionalDdl: false,
  begin: 'BEGIN TRANSACTION',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  // The first UPDATE takes the table's lock (UPDATE/DELETE/MERGE do not run in
  // parallel on one table); the conditional UPDATE that follows starts after the
  // lock is held, so under READ COMMITTED it sees any holder committed before.
  takeLockStatements: (table, update) => [
    'BEGIN TRANSACTION',
    `UPDATE ${table} SET id = id WHERE id = 1`,
    update,
    'COMMIT',
  ],
  isConcurrentWrite: (message) => /waiters for this lock|deadlock|lock wait timeout/i.test(message),
  lockGuarantee: {
    primitive:
      "in one transaction, an UPDATE that takes the lock table's table lock, then the conditional UPDATE of the lock row: UPDATE, DELETE and MERGE statements hold locks that keep them from running in parallel on one table, and a statement sees what was committed before it began",
    source: 'https://docs.snowflake.com/en/sql-reference/transactions#resource-locking',
  },
  listTables: (schemaName) =>
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${dialect.stringLiteral(dialect.catalogName?.(schemaName) ?? schemaName)}`,
});
