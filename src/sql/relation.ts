/**
 * A named relation the compiled script materialises in `setup`, with the
 * relations it reads, so a definition's standalone query can inline exactly
 * its dependencies as CTEs.
 */
export interface Relation {
  name: string;
  /** Comment lines carried above the statement. */
  comment: string[];
  query: string;
  dependsOn: string[];
  /**
   * The query embeds a user's SQL trait: setup creates the table empty and
   * fills it with a separate INSERT, which the runtime runs as one read-only
   * statement (issue 11.2).
   */
  untrusted?: boolean;
}

/** Indent every line of `text` by `spaces`. */
export function indent(text: string, spaces = 2): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line.length > 0 ? pad + line : line))
    .join('\n');
}

/** `-- ` comment lines; a comment can never end early, whatever the text holds. */
export function sqlComment(lines: readonly string[]): string {
  return lines
    .flatMap((line) => line.split(/\r\n|\r|\n|\u2028|\u2029/))
    .map((line) => `-- ${line}`.trimEnd())
    .join('\n');
}

/** Items of `all` that `names` need, transitively, in `all`'s order (relations, definitions). */
export function closure<T extends { name: string; dependsOn: string[] }>(
  all: readonly T[],
  names: readonly string[],
): T[] {
  const byName = new Map(all.map((r) => [r.name, r]));
  const needed = new Set<string>();
  const visit = (name: string): void => {
    if (needed.has(name)) return;
    const relation = byName.get(name);
    if (!relation) return;
    needed.add(name);
    relation.dependsOn.forEach(visit);
  };
  names.forEach(visit);
  return all.filter((r) => needed.has(r.name));
}

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;

/** `now - amount·unit` as an ISO instant (windows are computed here, never in SQL). */
export function instantMinus(now: string, amount: number, unit: keyof typeof UNIT_MS): string {
  return new Date(Date.parse(now) - amount * UNIT_MS[unit]).toISOString();
}
