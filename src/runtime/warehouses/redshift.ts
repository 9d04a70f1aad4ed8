/**
 * Amazon Redshift through `pg` (Redshift speaks the PostgreSQL wire
 * protocol; `pg` is already a dependency, so nothing extra to install). The
 * session is PostgreSQL's (temporary tables, cursors for streaming, UTC);
 * only the dialect name and the default port (5439) differ. Use
 * `url: postgres://…?sslmode=require` for an SSL connection.
 */
import type { Connect } from './connectors.js';
import { postgresSettings } from './postgres.js';
import type { Warehouse } from '../warehouse.js';
import { openPostgres, type PostgresSettings } from './postgres.js';

export const REDSHIFT_PORT = 5439;

export async function openRedshift(settings: PostgresSettings): Promise<Warehouse> {
  const port = settings.port ?? (settings.url ? undefined : REDSHIFT_PORT);
  // Untrusted statements go one per extended-protocol message, as on PostgreSQL;
  // Redshift's read-only transactions are not relied on (untested here).
  const session = await openPostgres(
    { ...settings, ...(port !== undefined ? { port } : {}) },
    { readOnlyTransactions: false, redshift: true },
  );
  return {
    dialect: 'redshift',
    query: (sql) => session.query(sql),
    stream: (sql, batchSize) => session.stream(sql, batchSize),
    columns: (sql) => session.columns(sql),
    execute: (sql) => session.execute(sql),
    close: () => session.close(),
  };
}

/** The connector (connectors.ts): PostgreSQL's settings, port 5439 by default. */
export const connect: Connect = (settings, options) =>
  openRedshift(postgresSettings(settings, options));
