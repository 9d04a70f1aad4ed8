/**
 * The table and column names Segment's warehouse connector derives from event,
 * property and trait names. Segment's "Warehouse Schemas" docs: "All schemas
 * convert collection and property names from CamelCase to snake_case using the
 * go-snakecase package". This follows that package's observable rules (its
 * test table is mirrored in test/sql/layouts/snake-case.test.ts):
 *
 * 1. A name made only of lowercase ASCII letters, digits, and underscores that
 *    are followed by a lowercase letter or digit is kept as it is; the longest
 *    such prefix of any other name is kept too, except a trailing digit, which
 *    goes with the next word (`v2Beta` → `v_2beta`).
 * 2. The rest is split into words, each a run of uppercase letters/digits then
 *    a run of lowercase letters/digits; every other character (spaces,
 *    punctuation, non-ASCII) only separates words. Words are lowercased and
 *    joined with `_`.
 *
 * So `Order Completed` → `order_completed`, `accountType` → `account_type`,
 * `SAMPLE 2 TEXT` → `sample_2_text`, `something.com` → `something_com`.
 */
const GOOD = /^(?:[a-z0-9]|_(?=[a-z0-9]))*/;
const WORD = /[A-Z0-9]*[a-z0-9]*/g;

export function segmentSnakeCase(name: string): string {
  let prefix = GOOD.exec(name)?.[0] ?? '';
  if (prefix.length === name.length) return name;
  if (/[0-9]$/.test(prefix)) prefix = prefix.slice(0, -1);
  const words = [...name.slice(prefix.length).matchAll(WORD)]
    .map((m) => m[0].toLowerCase())
    .filter((w) => w !== '');
  return [...(prefix === '' ? [] : [prefix]), ...words].join('_');
}
