/**
 * The grouping both stages use for "one diagnostic per mistake" (issue 16,
 * item 4): items in order, each with the later items of the same key; an item
 * without a key stands alone. The parser keys by line and mistake
 * (src/syntax/group.ts), the checker by definition and name (src/check/group.ts).
 */
export function groupInOrder<T>(
  items: readonly T[],
  keyOf: (item: T) => string | undefined,
): Array<{ first: T; rest: T[] }> {
  const groups = new Map<string, { first: T; rest: T[] }>();
  const out: Array<{ first: T; rest: T[] }> = [];
  for (const item of items) {
    const key = keyOf(item);
    const group = key === undefined ? undefined : groups.get(key);
    if (group) {
      group.rest.push(item);
      continue;
    }
    const fresh = { first: item, rest: [] as T[] };
    if (key !== undefined) groups.set(key, fresh);
    out.push(fresh);
  }
  return out;
}
