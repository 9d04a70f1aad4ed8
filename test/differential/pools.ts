/**
 * The values both generators draw from. Programs and data share these pools on
 * purpose: a literal in a condition often equals (or is a prefix, suffix or
 * LIKE-wildcard look-alike of) a value in the data, and data instants sit
 * exactly on the window boundaries the programs use — where SQL goes wrong.
 */
import type { TimeUnit } from '../../src/syntax/ast.js';

/** The reference instant of every generated case. */
export const NOW = '2026-06-30T00:00:00.000Z';
const NOW_MS = Date.parse(NOW);

/**
 * Strings with SQL-hostile characters: quotes, backslashes, LIKE wildcards
 * (`a%b` vs `aXb`, `a_b` vs `acb`), prefixes of each other, case variants,
 * the empty string and non-ASCII text.
 */
export const STRINGS: readonly string[] = [
  'pro',
  'Pro',
  'pro plan',
  'free',
  '',
  'a%b',
  'aXb',
  'a_b',
  'acb',
  '%',
  '_',
  'x\\y',
  '\\',
  'say "hi"',
  "it's",
  'é',
  'Ünïcødé',
  '東京',
  'Software',
  'Retail',
];

/** The strings most values and literals are drawn from, so `=`, `in` and `contains` often hit. */
export const HOT_STRINGS: readonly string[] = ['pro', 'pro plan', 'a%b', 'aXb', 'x\\y', ''];

export const NUMBERS: readonly number[] = [-1, 0, 0.5, 1, 2, 2.5, 3, 10, 100];

/** Windows the programs use: `within N unit`. */
export const WITHIN: ReadonlyArray<{ amount: number; unit: TimeUnit }> = [
  { amount: 1, unit: 'day' },
  { amount: 2, unit: 'hour' },
  { amount: 1, unit: 'week' },
];

const UNIT_MS: Record<TimeUnit, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

/** Timestamp literals of programs (`before`, `after`, `between`, trait comparisons); one is now itself. */
export const DATES: readonly string[] = [
  '2026-06-01',
  '2026-06-15T12:00:00Z',
  '2026-06-30T00:00:00Z',
  '2026-07-01',
];

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Instants for data: every window boundary and date literal exactly, one
 * second (and one millisecond) either side, now, and instants after now.
 */
export const INSTANTS: readonly string[] = (() => {
  const bases = [
    NOW_MS,
    ...WITHIN.map((w) => NOW_MS - w.amount * UNIT_MS[w.unit]),
    ...DATES.map((d) => Date.parse(d.length === 10 ? `${d}T00:00:00Z` : d)),
  ];
  const all = new Set<string>();
  for (const b of bases) {
    for (const delta of [0, -1000, 1000, -1]) all.add(iso(b + delta));
  }
  all.add(iso(NOW_MS - 3 * 86_400_000 + 12_345_000));
  return [...all].sort();
})();

export const ACCOUNT_IDS: readonly string[] = ['a1', 'a2', 'a3', 'a4', "a'5"];
export const USER_IDS: readonly string[] = ['u1', 'u2', 'u3', 'u4', 'u5', 'u\\6'];
/** Ids no user/account row has: memberships and events naming them must be ignored. */
export const UNKNOWN_ACCOUNT = 'a_gone';
export const UNKNOWN_USER = 'u_gone';
