/**
 * Helpers shared by the warehouse dialects (Snowflake, BigQuery, Redshift):
 * the pieces of "generic SQL first" that the DuckDB/PostgreSQL family file
 * does not already give, written once so each dialect file only says where
 * its warehouse differs.
 */
import type { ScalarType } from '../dialect.js';
import { normaliseInstant } from './family.js';

/** JSON type names (BigQuery JSON_TYPE, Redshift JSON_TYPEOF) per scalar type read; timestamps are JSON strings. */
export const JSON_TYPE_NAMES: Record<ScalarType, string> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  timestamp: 'string',
};

/** A timestamp string worth casting where there is no TRY_CAST (a POSIX regex). */
export const TIMESTAMP_TEXT =
  '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?$';

/** `CASE WHEN cond THEN expr END`, or `expr` itself when the condition is the constant TRUE. */
export function when(cond: string, expr: string): string {
  return cond === 'TRUE' ? expr : `CASE WHEN ${cond} THEN ${expr} END`;
}

/** `YYYY-MM-DD HH:MM:SS.mmm+00:00`: the instant in UTC with an explicit offset, the form every warehouse reads. */
export function utcTimestampText(iso: string): string {
  const normalised = normaliseInstant(iso); // 2026-06-30T00:00:00.000Z
  return `${normalised.slice(0, 10)} ${normalised.slice(11, 23)}+00:00`;
}

/** The distinct values of a list, in first-seen order (list tests compare counts of distinct values). */
export function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** A JSON property name roster reads: an identifier from the program, never text with a quote. */
export function assertPropertyName(name: string): void {
  if (name.includes('"') || name.includes('\\') || name.includes('\u0000')) {
    throw new Error(
      `internal: property name cannot be written as a JSON path: ${JSON.stringify(name)}`,
    );
  }
}
