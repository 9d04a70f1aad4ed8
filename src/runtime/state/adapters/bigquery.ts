/** roster's state on BigQuery (the state schema is a dataset). */
import type { Dialect } from '../../../sql/index.js';
import type { StateAdapter } from './state-adapter.js';

/** `dialect` is the bigquery dialect (the caller's registry, as src/runtime imports no values of src/sql). */
export const bigqueryState = (dialect: Dialect): StateAdapter => ({
  dialect: 'bigquery',
  // BigQuery has no TEXT, TIMESTAMPTZ or enforced PRIMARY KEY.
  types: {
    text: 'STRING',
    bigint: 'INT64',
    integer: 'INT64',
    boolean: 'BOOL',
    timestamp: 'TIMESTAMP',
  },
  enforcedPrimaryKey: '',
  now: 'CURRENT_TIMESTAMP()',
  addSeconds: (expr, seconds) => `TIMESTAMP_ADD(${expr}, INTERVAL ${Math.trunc(seconds)} SECOND)`,
  castText: (expr) => `CAST(${expr} AS STRING)`,
  jsonText: (expr) => `TO_JSON_STRING(${expr})`,
  addColumn: (table, column, type) =>
    `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} ${type}`,
  isDistinctFrom: (a, b) => `(${a} IS DISTINCT FROM ${b})`,
  // SHA256 returns BYTES, TO_HEX writes them in lower case
  // (https://cloud.google.com/bigquery/docs/reference/standard-sql/hash_functions#sha256).
  sha256Hex: (expr) => `TO_HEX(SHA256(${expr}))`,
  // No CHR: https://cloud.google.com/bigquery/docs/reference/standard-sql/string_functions#code_points_to_string
  character: (code) => `CODE_POINTS_TO_STRING([${code}])`,
  transactionalDdl: false,
  begin: 'BEGIN TRANSACTION',
  commit: 'COMMIT TRANSACTION',
  rollback: 'ROLLBACK TRANSACTION',
  takeLockStatements: (_table, update) => [`BEGIN TRANSACTION;\n${update};\nCOMMIT TRANSACTION`],
  isConcurrentWrite: (message) => /concurrent update|aborted due to concurrent/i.test(message),
  lockGuarantee: {
    primitive:
      'the conditional UPDATE of the lock row inside a multi-statement transaction: a transaction that mutates rows of a table cannot run concurrently with other transactions or DML statements mutating that table, and the conflicting one is cancelled',
    source: 'https://cloud.google.com/bigquery/docs/transactions#transaction_concurrency',
  },
  listTables: (schemaName) =>
    `SELECT table_name AS name FROM ${dialect.quoteIdentifier(schemaName)}.INFORMATION_SCHEMA.TABLES`,
  schemaProblem: (schemaName) =>
    /^[A-Za-z0-9_]+$/.test(schemaName)
      ? undefined
      : `a BigQuery dataset name may contain only letters, digits and underscores`,
});
