/**
 * Amazon Redshift through `pg` (Redshift speaks the PostgreSQL wire
 * protocol; `pg` is already a dependency, so nothing extra to install). The
 * session is PostgreSQL's (temporary tables, cursors for streaming, UTC);
 * only the dialect name and the default port (5439) differ. Use
 * `url: postgres://…?sslmode=require` for an SSL connection.
 */
import type { Connect } from './connector.js';
import { postgresSettings } from './postgres.js';
import type { Warehouse } from '../warehouse.js';
import { openPostgres, type PostgresSettings } from './postgres.js';
import type { Dialect } from '../../sql/index.js';
import type { StateAdapter } from '../state/adapters/state-adapter.js';

export const REDSHIFT_PORT = 5439;

export async function openRedshift(settings: PostgresSettings): Promise<Warehouse> {
  const port = settings.port ?? (settings.url ? undefined : REDSHIFT_PORT);
  // Untrusted statements go one per extended-protocol message, as on PostgreSQL;
  // Redshift's read-only transactions are not relied on (untested here).
  const sessionSettings = { ...settings, ...(port !== undefined ? { port } : {}) };
  const sessionOptions = { readOnlyTransactions: false, redshift: true };
  const session = await openPostgres(sessionSettings, sessionOptions);
  return {
    dialect: 'redshift',
    query: (sql) => session.query(sql),
    stream: (sql, batchSize) => session.stream(sql, batchSize),
    // A cursor needs a transaction and Redshift has no WITH HOLD, so it would end at the first
    // checkpoint's commit: it runs on a session of its own, read-only, which sees what was
    // committed. Redshift materialises a cursor's whole result on the leader node, within a
    // maximum by node type (docs/dialects.md).
    async *readInPages(sql, pageRows) {
      const reader = await openPostgres(sessionSettings, sessionOptions);
      try {
        yield* reader.readInTransaction(sql, pageRows);
      } finally {
        await reader.close();
      }
    },
    columns: (sql) => session.columns(sql),
    execute: (sql) => session.execute(sql),
    close: () => session.close(),
  };
}

/** The connector (connectors.ts): PostgreSQL's settings, port 5439 by default. */
export const connect: Connect = (settings, options) =>
  openRedshift(postgresSettings(settings, options));

/**
 * The state adapter (connectors.ts): roster's state on Amazon Redshift. `dialect` is the
 * redshift dialect (the caller's registry, as src/runtime imports no values of src/sql).
 */
export const state = (dialect: Dialect): StateAdapter => ({
  dialect: 'redshift',
  // TEXT is VARCHAR(256) on Redshift; 65535 bytes is the longest VARCHAR.
  types: {
    text: 'VARCHAR(65535)',
    bigint: 'BIGINT',
    integer: 'INTEGER',
    boolean: 'BOOLEAN',
    timestamp: 'TIMESTAMPTZ',
  },
  // Redshift accepts PRIMARY KEY but does not enforce it.
  enforcedPrimaryKey: '',
  now: 'GETDATE()',
  addSeconds: (expr, seconds) => `DATEADD(second, ${Math.trunc(seconds)}, ${expr})`,
  castText: (expr) => `CAST(${expr} AS VARCHAR(65535))`,
  // No to_json on Redshift: JSON text of a SUPER value.
  jsonText: (expr) => `JSON_SERIALIZE(${expr})`,
  // Redshift's ALTER TABLE has no ADD COLUMN IF NOT EXISTS (docs: r_ALTER_TABLE).
  addColumn: (table, column, type) => `ALTER TABLE ${table} ADD COLUMN ${column} ${type}`,
  // Redshift has no IS DISTINCT FROM.
  isDistinctFrom: (a, b) =>
    `(CASE WHEN ${a} IS NULL AND ${b} IS NULL THEN FALSE WHEN ${a} IS NULL OR ${b} IS NULL THEN TRUE ELSE ${a} <> ${b} END)`,
  // Hex-encoded SHA-256 of the text's UTF-8 bytes (https://docs.aws.amazon.com/redshift/latest/dg/SHA2.html).
  sha256Hex: (expr) => `SHA2(${expr}, 256)`,
  character: (code) => `CHR(${code})`,
  transactionalDdl: true,
  begin: 'BEGIN',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  takeLockStatements: (table, update) => ['BEGIN', `LOCK ${table}`, update, 'COMMIT'],
  isConcurrentWrite: (message) =>
    /serializable isolation violation|deadlock detected/i.test(message),
  lockGuarantee: {
    primitive:
      'LOCK of the lock table (ACCESS EXCLUSIVE, waiting for conflicting locks) and the conditional UPDATE in one transaction',
    source: 'https://docs.aws.amazon.com/redshift/latest/dg/r_LOCK.html',
  },
  listTables: (schemaName) =>
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${dialect.stringLiteral(schemaName.toLowerCase())}`,
});
