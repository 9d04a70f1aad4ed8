/**
 * What the SQL compiler hands to the runtime: a deterministic script for one
 * dialect, one reference instant and one source mapping.
 *
 * Contract: running `setup` statements in order (in one session) creates every
 * relation the result queries read (temporary tables/views, or CTE-free
 * staging tables in a scratch schema). Each result query then returns the
 * definition's value for every entity of its kind:
 *   - audience → rows `(id)`: exactly the members, each once;
 *   - trait    → rows `(id, value)`: one row per entity that has a value
 *                (missing values have no row; count-like traits have a row with 0
 *                for every entity, LANGUAGE.md §5). Timestamps come back as
 *                timestamps, lists as arrays (sorted, distinct), numbers as numbers.
 * `teardown` drops what setup created (best effort).
 */
import type { IrEntity, IrValueType } from '../ir/ir.js';
import type { DialectName, LogicalSource } from '../project/types.js';

/**
 * A relation `setup` creates, as other SQL reads it: its name and its columns
 * already quoted for the dialect (so a reader never rebuilds or searches for them).
 */
export interface CompiledRelation {
  /** The relation as written in a FROM clause. */
  sql: string;
  /** Logical column name → the column as written in SQL. */
  columns: Record<string, string>;
}

/** What holds what after `setup`: the runtime reads these instead of compiler internals. */
export interface CompiledRelations {
  /** Every user, one row per `id` (absent without a users source). */
  users?: CompiledRelation;
  /** Every account, one row per `id` (absent without an accounts source). */
  accounts?: CompiledRelation;
  /** Distinct `(user_id, account_id)` pairs of existing users and accounts (absent unless users, accounts and memberships are all configured). */
  memberships?: CompiledRelation;
  /**
   * Event features per `user`, `account` and (user, account) pair; columns are the keys
   * plus each feature's column under its aggregation's key (`aggregationKey` of src/sql).
   */
  features: Partial<Record<'user' | 'account' | 'user_account', CompiledRelation>>;
}

export interface CompiledDefinition {
  name: string;
  kind: 'audience' | 'trait';
  entity: IrEntity;
  /** For traits. */
  type?: IrValueType;
  /** Doc comment, carried into SQL as a comment. */
  doc?: string;
  /**
   * Readable SQL computing this definition alone as one `WITH … SELECT` (re-reads sources;
   * built when first read, since it inlines every relation the definition reads).
   */
  standaloneSql: string;
  /** The relations of `setup` that `resultQuery` reads (as written in SQL). */
  reads: readonly string[];
  /**
   * The relations of `setup` that `resultQuery` needs, transitively, in setup order, each
   * with the relations it reads and its statements (the same strings as in `setup`):
   * `roster compile` prints each relation once, under the first definition that needs it.
   */
  needs: ReadonlyArray<{
    relation: string;
    reads: readonly string[];
    statements: readonly string[];
    /** The statement of `teardown` that drops it (the same string). */
    drop: string;
  }>;
  /** Query over the relations created by `setup`, returning the result rows described above. */
  resultQuery: string;
  /**
   * The relation holding the result: columns `id` (and `value` for traits).
   * For traits, rows whose value is NULL are not results (`resultQuery` drops them).
   */
  result: CompiledRelation;
}

export interface CompiledSqlTrait {
  name: string;
  entity: IrEntity;
  type: IrValueType;
  /** The user's query with placeholders expanded; the runtime validates its shape (id, value, one row per id). */
  query: string;
  /**
   * The setup statement (exactly as it appears in `setup`) that runs the
   * query, filling the trait's table: the runtime runs it read-only. It is
   * the only statement that runs the user's query.
   */
  fill: string;
  /**
   * The table `fill` writes (columns `id`, `value`, cast to text and to the
   * declared type): the runtime checks the trait's shape (no NULL id, one row
   * per id) on it instead of running the user's query again.
   */
  table: CompiledRelation;
}

/**
 * What a statement of `setup` does, in the project's words, so a warehouse's
 * refusal can name the step (`reading source \`accounts\``) instead of roster's
 * SQL, and a refused value or a missing column the source and the trait.
 */
export interface SetupStep {
  /** e.g. `reading source \`accounts\``, `computing audience \`pro\`` */
  label: string;
  /** Set when the statement reads a source. */
  source?: {
    name: LogicalSource;
    /** The table as configured (a name or, on DuckDB, a file path). */
    table: string;
    /** Each column the statement casts to a declared type, and the logical name it holds. */
    columns: Array<{ column: string; name: string; type: IrValueType }>;
  };
}

export interface CompiledProject {
  dialect: DialectName;
  /** The reference instant the SQL was compiled for (ISO-8601 UTC). */
  now: string;
  setup: string[];
  /** What each statement of `setup` does (same length and order). */
  steps: SetupStep[];
  teardown: string[];
  /** In dependency order. */
  definitions: CompiledDefinition[];
  relations: CompiledRelations;
  sqlTraits: CompiledSqlTrait[];
  /** Per entity source the project reads: a query for its ids with more than one row. */
  duplicateIds: CompiledDuplicateIds[];
}

/**
 * Ids with several rows in `users` or `accounts`: staging keeps one row per id
 * and which one is arbitrary. `query` returns at most a few rows `(id, n, ids)`:
 * an id, its row count, and how many ids are duplicated in all; none when
 * every id is unique.
 */
export interface CompiledDuplicateIds {
  source: 'users' | 'accounts';
  /** The source's table as configured (a name or, on DuckDB, a file path). */
  table: string;
  query: string;
}
