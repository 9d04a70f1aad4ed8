/**
 * Turning what drivers return into the plain values roster compares and
 * prints: one representation per type on every warehouse, so DuckDB and
 * PostgreSQL results can be compared with each other and with expectations.
 */
import type { IrValueType } from '../ir/ir.js';

/** A trait value after normalisation (timestamps are ISO-8601 UTC strings with ms). */
export type TraitValue = string | number | boolean | string[];

const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Parses a timestamp written as ISO-8601 or as a database prints it
 * (`2026-06-30 00:00:00+00`, `2026-06-30 10:00:00.123456`); no zone means UTC.
 * Returns `2026-06-30T00:00:00.000Z`, or undefined when the text is not a timestamp.
 */
export function toIsoInstant(text: string): string | undefined {
  const m = ISO_LIKE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  // Keep milliseconds only: JS dates (and IR instants) have millisecond precision.
  const ms = frac ? frac.slice(1, 4).padEnd(3, '0') : '000';
  let offset = 'Z';
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    offset = `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4).padEnd(2, '0')}`;
  }
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${offset}`);
  if (Number.isNaN(date.getTime())) return undefined;
  // Reject dates JS silently rolls over (2026-02-30).
  if (offset === 'Z' && date.getUTCDate() !== Number(d)) return undefined;
  return date.toISOString();
}

/**
 * A driver value as plain JS: Date → ISO instant, bigint → number, arrays
 * element-wise, everything else unchanged. Used for rows of any query.
 */
export function normalizeRaw(value: unknown): unknown {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  }
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(normalizeRaw);
  return value;
}

export type Coerced = { ok: true; value: TraitValue } | { ok: false; reason: string };

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `a list (${JSON.stringify(value).slice(0, 60)})`;
  if (typeof value === 'string') return `a string (${JSON.stringify(value.slice(0, 60))})`;
  if (typeof value === 'object') return `an object (${JSON.stringify(value).slice(0, 60)})`;
  return `a ${typeof value} (${String(value)})`;
}

const NUMERIC_TEXT = /^\s*-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/**
 * One non-null value as the declared type, or undefined when it is not one
 * (coerceValue says why). The single definition of "convertible to the
 * declared type"; evaluation calls it once per result value, so it allocates
 * nothing on the way (a list of strings is returned as it was read).
 */
export function traitValue(raw: unknown, type: IrValueType): TraitValue | undefined {
  // A driver's Date is already an instant: its ISO text is the normal form
  // (years 0000–9999; others take toIsoInstant's path below and are refused).
  if (type === 'timestamp' && raw instanceof Date) {
    const iso = Number.isNaN(raw.getTime()) ? '' : raw.toISOString();
    if (iso.length === 24) return iso;
  }
  // A list of strings is its own normal form: kept as read, not copied (normalizeRaw maps
  // every list); a list with other elements takes the general path below.
  if (type === 'list' && Array.isArray(raw) && raw.every((v) => typeof v === 'string')) {
    return raw as string[];
  }
  const value = normalizeRaw(raw);
  switch (type) {
    case 'number':
      if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
      // Exact decimals may come back as text (PostgreSQL numeric beyond double range, say).
      return typeof value === 'string' && NUMERIC_TEXT.test(value) ? Number(value) : undefined;
    case 'string':
      return typeof value === 'string' ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'timestamp':
      return typeof value === 'string' ? toIsoInstant(value) : undefined;
    case 'list':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? (value as string[])
        : undefined;
  }
}

/** Why `raw`, which traitValue refused, is not of the declared type ("got a string (…)"). */
export function refusal(raw: unknown): string {
  const value = normalizeRaw(raw);
  return typeof value === 'number' && !Number.isFinite(value)
    ? `got ${value}`
    : `got ${describe(value)}`;
}

/**
 * Converts one non-null value to the declared type (traitValue), or says why
 * it cannot be: SQL traits are checked with this.
 */
export function coerceValue(raw: unknown, type: IrValueType): Coerced {
  const value = traitValue(raw, type);
  return value === undefined ? { ok: false, reason: refusal(raw) } : { ok: true, value };
}

/**
 * Code-point order (LANGUAGE.md §5), independent of any locale. Below the
 * surrogates (U+D800) a UTF-16 code unit is its code point, so the first
 * differing units decide unless one of them is a surrogate or above; only
 * then are the strings walked by code point.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    return x < 0xd800 && y < 0xd800 ? x - y : compareByCodePoint(a, b);
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function compareByCodePoint(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0) ?? 0;
    const cy = y.value.codePointAt(0) ?? 0;
    if (cx !== cy) return cx - cy;
  }
}

const AT_OR_ABOVE_SURROGATES = /[\ud800-\uffff]/;

/**
 * Ids as text (idText), each once, in code-point order: an audience's
 * members. Sorted by the engine's own string order (UTF-16 units, no JS
 * comparator: a third of compareCodePoints' time at 100,000 ids), which is
 * code-point order unless an id holds a unit at or above U+D800 (a surrogate
 * pair sorts after U+E000–U+FFFF by code point, before them by unit); only
 * then sorted again by compareCodePoints. Duplicates are then adjacent.
 */
export function distinctSortedIds(raw: readonly unknown[]): string[] {
  const ids: string[] = [];
  let high = false;
  for (const value of raw) {
    const id = idText(value);
    if (!high && AT_OR_ABOVE_SURROGATES.test(id)) high = true;
    ids.push(id);
  }
  ids.sort();
  if (high) ids.sort(compareCodePoints);
  let kept = 0;
  for (let i = 0; i < ids.length; i++) {
    if (kept === 0 || ids[i] !== ids[kept - 1]) ids[kept++] = ids[i]!;
  }
  ids.length = kept;
  return ids;
}

/** An entity id as text: warehouses may hold ids as integers. */
export function idText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  const value = normalizeRaw(raw);
  return typeof value === 'string' ? value : String(value);
}
