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
  const byName = new Map(relations.map((r) => [r.name, r]));
  for (const r of relations)
    for (const input of r.inputs)
      if (!byName.has(input))
        throw new Error(`internal: relation ${r.name} reads ${input}, which the plan lacks`);
  const placed = new Set<string>();
  const out: Relation[] = [];
  while (out.length < relations.length) {
    const next = relations.find((r) => !placed.has(r.name) && r.inputs.every((i) => placed.has(i)));
    if (!next) throw new Error('internal: the relations read each other in a cycle');
    placed.add(next.name);
    out.push(next);
  }
  return out;
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
  const byName = new Map(all.map((r) => [r.name, r]));
  const needed = new Set<string>();
  const visit = (name: string): void => {
    if (needed.has(name)) return;
    const item = byName.get(name);
    if (!item) return;
    needed.add(name);
    needs(item).forEach(visit);
  };
  names.forEach(visit);
  return all.filter((r) => needed.has(r.name));
}

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;

/** `now - amount·unit` as an ISO instant (windows are computed here, never in SQL). */
export function instantMinus(now: string, amount: number, unit: keyof typeof UNIT_MS): string {
  return new Date(Date.parse(now) - amount * UNIT_MS[unit]).toISOString();
}
