/**
 * Parses the timestamp literals of LANGUAGE.md §2/§3 into the IR's normal form
 * (`2026-01-31T12:00:00.000Z`). A date alone is midnight UTC; a time without
 * an offset is UTC (roster's reference instant is UTC); an offset such as
 * `+02:00` is converted. Returns undefined for anything that is not a real
 * calendar instant, so `"2026-02-30"` is an error rather than March 2nd.
 */
const PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The instants every warehouse roster targets can store: 0001-01-01 up to the end of 9999 (BigQuery's range, the narrowest). */
export const TIMESTAMP_RANGE = {
  min: new Date('0001-01-01T00:00:00.000Z').getTime(),
  max: new Date('9999-12-31T23:59:59.999Z').getTime(),
} as const;

export type TimestampParse = { instant: string } | { problem: 'invalid' | 'out-of-range' };

export function parseTimestamp(text: string): string | undefined {
  const parsed = readTimestamp(text);
  return 'instant' in parsed ? parsed.instant : undefined;
}

/**
 * Like `parseTimestamp`, and tells a calendar mistake (`"2026-02-30"`) from an
 * instant no warehouse stores (`"0000-06-01"`, `"9999-12-31T23:00:00-02:00"`).
 */
export function readTimestamp(text: string): TimestampParse {
  const invalid = { problem: 'invalid' } as const;
  const m = PATTERN.exec(text.trim());
  if (!m) return invalid;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  const millis = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return invalid;
  if (hour > 23 || minute > 59 || second > 59) return invalid;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) return invalid;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const base = new Date(0);
  base.setUTCFullYear(year, month - 1, day);
  base.setUTCHours(hour, minute, second, millis);
  const instant = base.getTime() - offsetMinutes * 60_000;
  if (!Number.isFinite(instant)) return invalid;
  // Year 0000 (PostgreSQL has none, BigQuery starts at 0001) and offsets that push an
  // instant past 9999 are real calendar instants that no warehouse column can hold.
  if (instant < TIMESTAMP_RANGE.min || instant > TIMESTAMP_RANGE.max)
    return { problem: 'out-of-range' };
  return { instant: new Date(instant).toISOString() };
}
