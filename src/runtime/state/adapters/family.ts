/** What DuckDB and PostgreSQL state share: the same types, clock, JSON text and transactions. */
import type { StateAdapter } from './state-adapter.js';

export const familyState = {
  types: {
    text: 'TEXT',
    bigint: 'BIGINT',
    integer: 'INTEGER',
    boolean: 'BOOLEAN',
    timestamp: 'TIMESTAMPTZ',
  },
  enforcedPrimaryKey: 'PRIMARY KEY',
  now: 'CURRENT_TIMESTAMP',
  addSeconds: (expr: string, seconds: number) =>
    `(${expr} + CAST('${Math.trunc(seconds)} seconds' AS INTERVAL))`,
  castText: (expr: string) => `CAST(${expr} AS TEXT)`,
  jsonText: (expr: string) => `CAST(to_json(${expr}) AS TEXT)`,
  addColumn: (table: string, column: string, type: string) =>
    `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} ${type}`,
  isDistinctFrom: (a: string, b: string) => `(${a} IS DISTINCT FROM ${b})`,
  character: (code: number) => `CHR(${code})`,
  transactionalDdl: true,
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  // One conditional UPDATE: what makes it atomic differs (see each adapter's lockGuarantee).
  takeLockStatements: (_table: string, update: string) => [update],
} satisfies Partial<StateAdapter>;
