import type { SetupStep } from './compiled.js';
import type { Dialect } from './dialect.js';
import { fitIdentifier, identifier } from './names.js';

/** What a relation of the plan is (ARCHITECTURE.md §From IR to SQL). */
export type RelationKind =
  | 'entity-stage'
  | 'memberships-stage'
  | 'event-scan'
  | 'partials'
  | 'values'
  | 'features'
  | 'grouped'
  | 'sql-trait'
  /** The table of a `count users` trait (LANGUAGE.md §12.4). */
  | 'user-count'
  | 'audience';

/**
 * A named relation of the relational plan, which `setup` materialises: its
 * output columns and the relations it reads. `inputs` are recorded while the
 * query is built (every reference to another relation goes through
 * `Inputs.read`), never found by searching the SQL text; setup order and a
 * definition's standalone CTEs both come from them.
 */
export interface Relation {
  /** The logical name; the written identifier is fitted to the dialect (`names.ts`). */
  name: string;
  kind: RelationKind;
  /** Comment lines carried above the statement. */
  comment: string[];
  /** Output columns, by logical name, in order. */
  columns: string[];
  query: string;
  /** The relations `query` reads. */
  inputs: string[];
  /**
   * The query embeds a user's SQL trait: setup creates the table empty (from
   * `empty`, which holds no user SQL) and fills it with a separate INSERT,
   * which the runtime runs as one read-only statement (issue 11.2).
   */
  untrusted?: { empty: string };
  /** The definition the relation computes (audiences, SQL traits, `count users` traits). */
  definition?: string;
  /** The source a staging relation reads, and the columns it casts (`SetupStep.source`). */
  reads?: NonNullable<SetupStep['source']>;
  /**
   * Written in `event` order, to be followed by the dialect's
   * `eventScanByEvent` statements (the scan of `tracks` as a table).
   */
  byEvent?: true;
}

/** The relations one query reads, recorded as it is built. */
export class Inputs {
  private readonly names = new Set<string>();

  constructor(private readonly dialect: Dialect) {}

  /** `name` as written in FROM, noted as an input. */
  read(name: string): string {
    this.names.add(name);
    return identifier(this.dialect, name);
  }

  /** `name` as a Knex builder takes it (fitted, unquoted: Knex quotes it), noted as an input. */
  named(name: string): string {
    this.names.add(name);
    return fitIdentifier(name, this.dialect.maxIdentifierBytes);
  }

  list(): string[] {
    return [...this.names];
  }
}

/**
 * `relations` in an order where each comes after its inputs, keeping the
 * given order wherever the inputs allow (so the script reads as built).
 * A read of a relation the plan lacks, or a cycle, is a compiler bug.
 */
export function dependencyOrder(relations: readonly Relation[]): Relation[] {
  const index = new Map(relations.map((r, i) => [r.name, i]));
  for (const r of relations)
    for (const input of r.inputs)
      if (!index.has(input))
        throw new Error(`internal: relation ${r.name} reads ${input}, which the plan lacks`);
  // Kahn's algorithm, always taking the earliest ready relation in the given order
  // (a min-heap of positions), so a chain of N relations orders in N log N, not N².
  const waiting = relations.map((r) => new Set(r.inputs).size);
  const readers = relations.map((): number[] => []);
  relations.forEach((r, i) => {
    for (const input of new Set(r.inputs)) readers[index.get(input)!]!.push(i);
  });
  const ready = new MinHeap();
  waiting.forEach((n, i) => {
    if (n === 0) ready.push(i);
  });
  const out: Relation[] = [];
  for (let next = ready.pop(); next !== undefined; next = ready.pop()) {
    out.push(relations[next]!);
    for (const reader of readers[next]!) if (--waiting[reader]! === 0) ready.push(reader);
  }
  if (out.length < relations.length)
    throw new Error('internal: the relations read each other in a cycle');
  return out;
}

/** A binary min-heap of numbers. */
class MinHeap {
  private readonly items: number[] = [];

  push(value: number): void {
    const a = this.items;
    a.push(value);
    for (let i = a.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= a[i]!) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }

  pop(): number | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    a[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < a.length && a[l]! < a[least]!) least = l;
      if (r < a.length && a[r]! < a[least]!) least = r;
      if (least === i) break;
      [a[least], a[i]] = [a[i]!, a[least]!];
      i = least;
    }
    return top;
  }
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
export function closure<T extends { name: string }>(
  all: readonly T[],
  names: readonly string[],
  needs: (item: T) => readonly string[],
): T[] {
  return closureOf(all, needs)(names);
}

/**
 * `closure` over one `all`, indexed once: each call costs what it collects,
 * not the length of `all` (a definition per call would otherwise cost N²).
 */
export function closureOf<T extends { name: string }>(
  all: readonly T[],
  needs: (item: T) => readonly string[],
): (names: readonly string[]) => T[] {
  const index = new Map(all.map((r, i) => [r.name, i]));
  return (names) => {
    const needed = new Set<number>();
    // A stack, not recursion: a chain of thousands of references is as deep.
    const stack = [...names];
    for (let name = stack.pop(); name !== undefined; name = stack.pop()) {
      const at = index.get(name);
      if (at === undefined || needed.has(at)) continue;
      needed.add(at);
      stack.push(...needs(all[at]!));
    }
    return [...needed].sort((a, b) => a - b).map((at) => all[at]!);
  };
}

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;

/** `now - amount·unit` as an ISO instant (windows are computed here, never in SQL). */
export function instantMinus(now: string, amount: number, unit: keyof typeof UNIT_MS): string {
  return new Date(Date.parse(now) - amount * UNIT_MS[unit]).toISOString();
}
