/**
 * Values as the reference evaluator holds them: instants, code-point order,
 * and reading trait and property values from plain rows. Written here on
 * purpose rather than imported from the runtime, so the oracle shares no
 * logic with the code it checks.
 */
import type { IrValueType } from '../ir/ir.js';
import type { ReferenceValue } from './data.js';
import { ReferenceEvaluationError } from './errors.js';

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Milliseconds since the epoch of an ISO-8601 text (a date alone is 00:00 UTC,
 * no zone means UTC), or undefined when it is not a valid instant.
 */
export function parseInstant(text: string): number | undefined {
  const m = INSTANT.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((p) =>
    Number(p ?? '0'),
  ) as [number, number, number, number, number, number];
  const ms = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(local);
  // Date.UTC rolls 2026-02-30 over to March: such a text is not a date.
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
    return undefined;
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const zone = m[8] ?? 'Z';
  if (zone.toUpperCase() === 'Z') return local;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
  return local - (zone.startsWith('-') ? -1 : 1) * offsetMinutes * 60_000;
}

/** The canonical form of an instant: `2026-01-31T12:00:00.000Z`. */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString();
}

/** Milliseconds of a text or Date that must be an instant; throws with `what` otherwise. */
export function requireInstant(raw: unknown, what: string): number {
  const ms = instantOf(raw);
  if (ms === undefined)
    throw new ReferenceEvaluationError(`${what} is not a timestamp: ${JSON.stringify(raw)}`);
  return ms;
}

function instantOf(raw: unknown): number | undefined {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? undefined : raw.getTime();
  return typeof raw === 'string' ? parseInstant(raw) : undefined;
}

/** Code-point order (LANGUAGE.md §5), never a locale's collation. */
export function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  }
  return x.length - y.length;
}

/** The natural order of two values of one scalar type (instants in time order, strings by code point). */
export function compareValues(a: ReferenceValue, b: ReferenceValue, type: IrValueType): number {
  switch (type) {
    case 'number':
      return (a as number) - (b as number);
    case 'string':
      return compareCodePoints(a as string, b as string);
    case 'timestamp':
      return (parseInstant(a as string) ?? 0) - (parseInstant(b as string) ?? 0);
    case 'boolean':
      return Number(a) - Number(b);
    case 'list':
      throw new ReferenceEvaluationError('lists have no order');
  }
}

/**
 * A JSON value read as the declared type, or undefined (missing) when it is
 * null, absent, or of another JSON type (LANGUAGE.md §2: a property of the
 * wrong JSON type counts as missing).
 */
export function readValue(raw: unknown, type: IrValueType): ReferenceValue | undefined {
  if (raw === null || raw === undefined) return undefined;
  switch (type) {
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
    case 'string':
      return typeof raw === 'string' ? raw : undefined;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : undefined;
    case 'timestamp': {
      const ms = instantOf(raw);
      return ms === undefined ? undefined : formatInstant(ms);
    }
    case 'list':
      return Array.isArray(raw) && raw.every((v) => typeof v === 'string')
        ? [...(raw as string[])]
        : undefined;
  }
}

/**
 * A custom trait's value. Unlike an event property, a trait lives in a typed
 * column, so a value of the wrong type is a broken fixture, not a missing value.
 */
export function readTraitValue(
  raw: unknown,
  type: IrValueType,
  where: string,
): ReferenceValue | undefined {
  if (raw === null || raw === undefined) return undefined;
  const value = readValue(raw, type);
  if (value === undefined) {
    throw new ReferenceEvaluationError(`${where} should be a ${type}, got ${JSON.stringify(raw)}`);
  }
  return value;
}
