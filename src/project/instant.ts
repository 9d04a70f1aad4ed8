/**
 * ISO-8601 instants as fixtures write them: `2026-06-30`, `2026-06-30T10:00Z`,
 * `2026-06-30T10:00:00.250+02:00`. A date alone is 00:00:00 UTC and a time
 * without an offset is UTC (LANGUAGE.md §3). Calendar-checked: `2026-02-30` is
 * not a date, although `new Date()` would roll it over to March.
 */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** The instant as a normalised UTC string (`2026-06-30T00:00:00.000Z`), or undefined when it is not one. */
export function parseInstant(text: string): string | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const daysInMonth = utc(year, month, 0).getUTCDate();
  if (day < 1 || day > daysInMonth) return undefined;
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const date = new Date(
    utc(year, month - 1, day, hour, minute, second, ms).getTime() - offsetMinutes * 60_000,
  );
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** `Date.UTC` without its legacy rule that years 0–99 mean 1900–1999. */
function utc(year: number, month: number, day: number, ...time: number[]): Date {
  const [hour = 0, minute = 0, second = 0, ms = 0] = time;
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hour, minute, second, ms);
  return date;
}
