/**
 * What DuckDB and PostgreSQL share (they are one family: DuckDB follows
 * PostgreSQL's syntax closely). Each dialect file spreads these and overrides
 * what differs.
 */
import type { ValueType } from '../../project/types.js';
import type { Dialect } from '../dialect.js';

/** `"name"` with embedded quotes doubled: the SQL-standard delimited identifier. */
export function quoteIdentifier(name: string): string {
  if (name.length === 0) throw new Error('internal: empty SQL identifier');
  if (name.includes('\u0000')) throw new Error('internal: NUL in SQL identifier');
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteQualified(parts: readonly string[]): string {
  return parts.map(quoteIdentifier).join('.');
}

/** Standard `'…'` literal with `'` doubled; backslashes are ordinary characters. */
export function standardStringLiteral(s: string): string {
  if (s.includes('\u0000')) throw new Error('internal: NUL in SQL string literal');
  return `'${s.replaceAll("'", "''")}'`;
}

export function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`internal: non-finite number ${n}`);
  // String(n) is exact (shortest round-trip) and uses `e+21` exponents both engines parse.
  const text = Object.is(n, -0) ? '0' : String(n);
  return n < 0 ? `(${text})` : text;
}

export function booleanLiteral(b: boolean): string {
  return b ? 'TRUE' : 'FALSE';
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Validates the shape first: only instants reach SQL, whatever the caller passed. */
export function normaliseInstant(iso: string): string {
  if (!ISO_INSTANT.test(iso) || Number.isNaN(Date.parse(iso))) {
    throw new Error(`internal: not an ISO-8601 instant: ${JSON.stringify(iso)}`);
  }
  return new Date(iso).toISOString();
}

/** Split a dotted table name (`schema.table`) into parts; quotes are not special here. */
export function splitQualified(table: string): string[] {
  return table.split('.');
}

export const NUMBER_JSON_PATTERN = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

export type TypeNames = Record<ValueType, string>;

/** The hooks written the same way in both dialects, given each one's string literal and type names. */
export function familyHooks(stringLiteral: (s: string) => string, types: TypeNames) {
  return {
    quoteIdentifier,
    quoteQualified,
    stringLiteral,
    booleanLiteral,
    timestampLiteral: (iso: string) =>
      `CAST(${stringLiteral(normaliseInstant(iso))} AS ${types.timestamp})`,
    nullLiteral: (type: ValueType) => `CAST(NULL AS ${types[type]})`,
    columnType: (type: ValueType) => types[type],
    cast: (expr: string, type: ValueType) => `CAST(${expr} AS ${types[type]})`,
    stringContains: (expr: string, literal: string) =>
      `(strpos(${expr}, ${stringLiteral(literal)}) > 0)`,
    stringStartsWith: (expr: string, literal: string) =>
      `starts_with(${expr}, ${stringLiteral(literal)})`,
    // length() counts characters on both sides, so right() compares the exact suffix.
    stringEndsWith: (expr: string, literal: string) =>
      `(right(${expr}, length(${stringLiteral(literal)})) = ${stringLiteral(literal)})`,
  } satisfies Partial<Dialect>;
}
