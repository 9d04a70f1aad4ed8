/**
 * The checked, resolved, dialect-neutral model of a project: what the checker
 * produces and the SQL compiler (and the reference evaluator) consume.
 *
 * Plain JSON-serialisable data. Every name is resolved and typed, every literal
 * is normalised (timestamps are ISO-8601 UTC instants with milliseconds), and
 * negations are explicit: `!=` is `not (=)`, `not in [..]` is `not (in [..])`,
 * `not in X` is `not (in X)`, `is not set` is `not (is set)`. Each atom is
 * therefore a *positive* test that is false on a missing value, and the SQL
 * generator can make every condition two-valued in one place (LANGUAGE.md §2).
 */

import type { SourceRange } from '../diagnostics/source.js';

export type IrEntity = 'account' | 'user';

/**
 * Where a definition is written, and its text as written (without its doc
 * comment): for the state table, plans and docs, so nothing downstream
 * re-parses `.roster` files. Absent for definitions not read from a file.
 * Not part of a definition's meaning (hashes leave it out).
 */
export interface IrSource {
  text: string;
  range: SourceRange;
}
export type IrValueType = 'string' | 'number' | 'boolean' | 'timestamp' | 'list';
export type IrTimeUnit = 'minute' | 'hour' | 'day' | 'week';

/** An ISO-8601 UTC instant, always in the form `2026-01-31T12:00:00.000Z`. */
export type IrInstant = string;

export type IrScalar =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'timestamp'; value: IrInstant };

// ---------------------------------------------------------------- events

/** Which event relation, and for `tracks` which event name. */
export type IrEventSource =
  { source: 'tracks'; event: string } | { source: 'pages' } | { source: 'screens' };

/**
 * A set of time bounds on an event timestamp or a timestamp value, always
 * inside `t <= now` for events (events after now are ignored everywhere, §3).
 * `within`: now - amount·unit < t <= now. `range`: from <= t < to (either bound optional).
 * `ago`: a rolling window, below.
 */
export type IrWindow =
  | { kind: 'within'; amount: number; unit: IrTimeUnit }
  | { kind: 'range'; from?: IrInstant; to?: IrInstant }
  | IrAgoWindow;

/**
 * A rolling window (LANGUAGE.md §12.1): now - far·unit < t <= now - near·unit;
 * without `far` (`before N UNITS ago`) t <= now - near·unit. 0 <= near < far.
 */
export interface IrAgoWindow {
  kind: 'ago';
  unit: IrTimeUnit;
  near: number;
  far?: number;
}

/** A property of an event, typed by the schema (page/screen fields are strings). */
export interface IrProperty {
  name: string;
  type: Exclude<IrValueType, 'list'>;
}

/** An event-level condition (the FILTER of `did`/aggregations): same shape, subjects are properties. */
export type IrEventFilter = IrConditionOf<IrPropertySubject>;

export type IrAggregationFunction =
  | 'count'
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'first'
  | 'last'
  | 'most_frequent'
  | 'unique'
  | 'count_unique';

/**
 * One aggregation over events (LANGUAGE.md §5). `first`/`last` without a property
 * yield the event timestamp. The no-events result is the function's (count 0,
 * sum 0, unique [], count_unique 0, the rest missing).
 */
export interface IrAggregation {
  fn: IrAggregationFunction;
  event: IrEventSource;
  property?: IrProperty;
  filter?: IrEventFilter;
  window?: IrWindow;
  /** most_frequent only: the result is missing unless the winner occurs at least this often. */
  minCount?: number;
  /** Result type (number for counts/sums/avg, the property's type for first/last/min/max..., list for unique). */
  type: IrValueType;
}

/**
 * `count users [C]` (LANGUAGE.md §12.4), account context: how many distinct
 * users of the account satisfy `body` (user context, as a quantifier's body;
 * `constant true` without C); 0 for an account with no users. Named (an
 * account computed trait) or inline (an aggregate subject, never perAccount).
 */
export interface IrUserCount {
  fn: 'count-users';
  body: IrCondition;
  type: 'number';
}

/** What a computed trait or an inline aggregate computes: over events, or over the account's users. */
export type IrTraitAggregation = IrAggregation | IrUserCount;

// ---------------------------------------------------------------- subjects and tests

/** A custom trait, a column of the users/accounts source (schema.yml). */
export interface IrCustomTraitSubject {
  kind: 'custom-trait';
  entity: IrEntity;
  name: string;
  type: IrValueType;
}

/** A computed or SQL trait defined in the project. */
export interface IrDefinedTraitSubject {
  kind: 'defined-trait';
  entity: IrEntity;
  name: string;
  type: IrValueType;
}

/**
 * An inline aggregate (§4.6) or the count behind `did` (§4.2) on the context entity.
 * `perAccount` is true for user-context aggregates inside a quantifier when the
 * project's `events.scope` is `group_context`: then it is evaluated per
 * (user, account) pair and sees only events untagged or tagged with that account (§9).
 */
export interface IrAggregateSubject {
  kind: 'aggregate';
  entity: IrEntity;
  aggregation: IrTraitAggregation;
  perAccount: boolean;
  type: IrValueType;
}

export interface IrPropertySubject {
  kind: 'property';
  property: IrProperty;
  type: IrValueType;
}

export type IrEntitySubject = IrCustomTraitSubject | IrDefinedTraitSubject | IrAggregateSubject;
export type IrSubject = IrEntitySubject | IrPropertySubject;

/**
 * A positive test of one value; every test is false when the value is missing
 * (except `is-set`, which tests exactly that).
 */
export type IrTest =
  /** `=` `<` `<=` `>` `>=` (never `!=`: that is `not =`). Timestamps compare as instants. */
  | { kind: 'compare'; op: '=' | '<' | '<=' | '>' | '>='; value: IrScalar }
  /** `in [..]` on strings or numbers (never empty). */
  | { kind: 'in-list'; values: IrScalar[] }
  /** Substring / prefix / suffix, case-sensitive, `%` `_` `\` literal. */
  | { kind: 'string-match'; mode: 'contains' | 'starts-with' | 'ends-with'; value: string }
  /** List traits: `contains "x"` is mode any with one value. An empty list contains nothing. */
  | { kind: 'list-contains'; mode: 'any' | 'all'; values: string[] }
  /** Numbers: `between A and B`, inclusive at both ends. */
  | { kind: 'number-between'; from: number; to: number }
  /** Timestamps: `within N units` (uses now), or a half-open range (`before`, `after`, `between`). */
  | { kind: 'time-window'; window: IrWindow }
  /** Present (an empty list is set). */
  | { kind: 'is-set' };

// ---------------------------------------------------------------- conditions

export type IrConditionOf<S> =
  | { kind: 'and'; operands: IrConditionOf<S>[] }
  | { kind: 'or'; operands: IrConditionOf<S>[] }
  | { kind: 'not'; operand: IrConditionOf<S> }
  | { kind: 'constant'; value: boolean }
  | { kind: 'test'; subject: S; test: IrTest };

/** A condition on the context entity (an audience's entity, or `user` inside a quantifier). */
export type IrCondition =
  | { kind: 'and'; operands: IrCondition[] }
  | { kind: 'or'; operands: IrCondition[] }
  | { kind: 'not'; operand: IrCondition }
  | { kind: 'constant'; value: boolean }
  | { kind: 'test'; subject: IrEntitySubject; test: IrTest }
  /**
   * `did EVENT … COUNT WINDOW`, kept distinct from a count comparison for
   * readability of plans and `explain`; it means `count(...) op n`.
   */
  | {
      kind: 'did';
      aggregation: IrAggregation & { fn: 'count' };
      op: '>=' | '<=' | '=' | '>' | '<';
      n: number;
      perAccount: boolean;
    }
  /**
   * At least `k` of the operands hold. `did E … in at least K of the last M
   * UNITS` (§12.3) lowers to this over one `did` per rolling bucket, each a
   * per-user partial aggregate of the shared scan.
   */
  | { kind: 'at-least-of'; k: number; operands: IrCondition[] }
  /**
   * `did STEP then STEP …` (LANGUAGE.md §12.2), user context: events e1 < e2 < …
   * (strictly, in event order) where ei matches step i, e1 lies in the first
   * step's window, and t(ei) - t(e(i-1)) <= `within` of step i (inclusive).
   * `perAccount` as for `did`: only the events that count for the quantified account (§9).
   */
  | { kind: 'sequence'; steps: IrSequenceStep[]; perAccount: boolean }
  /** The context entity is a member of an audience on the same entity. */
  | { kind: 'in-audience'; entity: IrEntity; audience: string }
  /**
   * A part of a split (LANGUAGE.md §12.5): the entity's bucket
   * `int(first 8 hex digits of md5(split || ':' || id), base 16) mod 10000`
   * lies in `[from, to)` (basis points). A part's audience is
   * `in <split audience> and <this>`.
   */
  | { kind: 'split-bucket'; split: string; from: number; to: number }
  /**
   * User context: some account of the user satisfies `condition` (account context).
   * `account in X` and `account.NAME op V` both lower to this (§4.3, §4.5); false
   * for a user with no accounts.
   */
  | { kind: 'some-account'; condition: IrCondition }
  /**
   * Account context: a quantifier over the account's users (§4.4); `body` is in user
   * context. `any` ≡ at-least 1; `all` needs ≥ 1 user; `no` ≡ exactly 0.
   */
  | {
      kind: 'quantified';
      quantifier: 'any' | 'all' | 'no' | 'at-least' | 'at-most' | 'exactly';
      n?: number;
      body: IrCondition;
    };

/** One step of a sequence: which events match it, and how far after the previous step. */
export interface IrSequenceStep {
  event: IrEventSource;
  filter?: IrEventFilter;
  /** First step only: the window its event lies in (§3). */
  window?: IrWindow;
  /** Later steps only: at most this long after the previous step's event, inclusive. */
  within?: { amount: number; unit: IrTimeUnit };
}

// ---------------------------------------------------------------- definitions

/** A piece of an SQL trait's query: user text, or a placeholder the compiler expands (§6). */
export type IrSqlPart =
  | { kind: 'text'; text: string }
  | {
      kind: 'placeholder';
      name: 'tracks' | 'pages' | 'screens' | 'users' | 'accounts' | 'memberships' | 'now';
    };

export interface IrComputedTrait {
  kind: 'computed-trait';
  name: string;
  entity: IrEntity;
  type: IrValueType;
  aggregation: IrTraitAggregation;
  doc?: string;
  /** Names of definitions this one reads (for ordering and graphs). */
  dependsOn: string[];
  origin?: IrSource;
}

export interface IrSqlTrait {
  kind: 'sql-trait';
  name: string;
  entity: IrEntity;
  type: IrValueType;
  sql: IrSqlPart[];
  doc?: string;
  dependsOn: string[];
  origin?: IrSource;
}

export interface IrAudience {
  kind: 'audience';
  name: string;
  entity: IrEntity;
  condition: IrCondition;
  doc?: string;
  dependsOn: string[];
  origin?: IrSource;
}

export interface IrSyncCall {
  call: 'group' | 'identify' | 'track';
  /** Track event names: `entered`/`exited` for audiences, `name` for traits. */
  options: Record<string, string>;
}

export interface IrSync {
  kind: 'sync';
  /** `<source>-><destination>`, unique in a project. */
  name: string;
  source: string;
  sourceKind: 'audience' | 'trait';
  entity: IrEntity;
  destination: string;
  calls: IrSyncCall[];
  doc?: string;
  dependsOn: string[];
  origin?: IrSource;
}

export type IrTrait = IrComputedTrait | IrSqlTrait;
export type IrDefinition = IrComputedTrait | IrSqlTrait | IrAudience | IrSync;

export interface IrSchema {
  account: Record<string, IrValueType>;
  user: Record<string, IrValueType>;
  /** Event name → property name → type. Page/screen fields are included under `page`/`screen` sources. */
  events: Record<string, Record<string, Exclude<IrValueType, 'list'>>>;
}

export interface IrProject {
  version: 1;
  name: string;
  scope: 'all_accounts' | 'group_context';
  schema: IrSchema;
  /** Which logical sources the project configures (a definition needing an absent one is a check error). */
  sources: Array<'tracks' | 'pages' | 'screens' | 'users' | 'accounts' | 'memberships'>;
  /** Every definition, dependencies before dependents (a stable topological order). */
  definitions: IrDefinition[];
}
