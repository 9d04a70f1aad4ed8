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

export function parseTimestamp(text: string): string | undefined {
  const m = PATTERN.exec(text.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  const millis = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const base = new Date(0);
  base.setUTCFullYear(year, month - 1, day);
  base.setUTCHours(hour, minute, second, millis);
  const instant = base.getTime() - offsetMinutes * 60_000;
  if (!Number.isFinite(instant)) return undefined;
  const iso = new Date(instant).toISOString();
  // Years outside 0000–9999 come out as ±YYYYYY: not a form the IR allows.
  return /^\d{4}-/.test(iso) ? iso : undefined;
}
