/**
 * The roster AST: plain, JSON-serialisable data, discriminated on `kind`.
 * Every node carries the source range it was parsed from. Names are not
 * resolved here: `NameRef` may turn out to be a trait, an event property or
 * nothing at all; the checker decides (LANGUAGE.md §4).
 */
import type { SourceRange } from '../diagnostics/source.js';

export type Entity = 'account' | 'user';

export interface Identifier {
  kind: 'identifier';
  name: string;
  range: SourceRange;
}

// ---------------------------------------------------------------- literals

export interface StringLiteral {
  kind: 'string';
  /** The value with escapes resolved. */
  value: string;
  range: SourceRange;
}

export interface NumberLiteral {
  kind: 'number';
  value: number;
  /** As written, so the formatter keeps `10.50` as the user wrote it. */
  raw: string;
  range: SourceRange;
}

export interface BooleanLiteral {
  kind: 'boolean';
  value: boolean;
  range: SourceRange;
}

export interface ListLiteral {
  kind: 'list';
  items: ScalarLiteral[];
  range: SourceRange;
}

export type ScalarLiteral = StringLiteral | NumberLiteral | BooleanLiteral;
export type Literal = ScalarLiteral | ListLiteral;

// ---------------------------------------------------------------- time

export type TimeUnit = 'minute' | 'hour' | 'day' | 'week';

/** `within N units`: now - N units < t <= now. */
export interface WithinWindow {
  kind: 'within';
  amount: NumberLiteral;
  unit: TimeUnit;
  range: SourceRange;
}

/** `between A and B`; on timestamps half-open, on numbers inclusive (LANGUAGE.md §3, §4.1). */
export interface BetweenWindow {
  kind: 'between';
  from: Literal;
  to: Literal;
  range: SourceRange;
}

export interface BeforeWindow {
  kind: 'before';
  value: Literal;
  range: SourceRange;
}

export interface AfterWindow {
  kind: 'after';
  value: Literal;
  range: SourceRange;
}

/**
 * A rolling window counted back from now (LANGUAGE.md §12.1):
 * `between N and M UNITS ago` is now - M < t <= now - N (`far` is M),
 * `before N UNITS ago` is t <= now - N (no `far`).
 */
export interface AgoWindow {
  kind: 'ago';
  /** N, the edge nearest to now. */
  near: NumberLiteral;
  /** M, the far edge (`between` only). */
  far?: NumberLiteral;
  unit: TimeUnit;
  /** The unit written after N (`between 1 day and 2 weeks ago`): a check error when it differs from `unit`. */
  nearUnit?: { unit: TimeUnit; range: SourceRange };
  range: SourceRange;
}

export type Window = WithinWindow | BetweenWindow | BeforeWindow | AfterWindow | AgoWindow;

// ---------------------------------------------------------------- events

export type EventRef =
  | { kind: 'track-event'; name: StringLiteral; range: SourceRange }
  | { kind: 'page-event'; range: SourceRange }
  | { kind: 'screen-event'; range: SourceRange };

export type CountOperator = 'at-least' | 'at-most' | 'exactly' | 'more-than' | 'fewer-than';

/** `at least N times` etc. */
export interface EventCount {
  kind: 'event-count';
  op: CountOperator;
  n: NumberLiteral;
  range: SourceRange;
}

export type AggregationFunction =
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
 * `count "Logged In" where … within 30 days`, `sum "Order Completed".revenue`,
 * `most_frequent "Feature Used".feature min 3`. Used by computed traits and inline
 * aggregates alike.
 */
export interface Aggregation {
  kind: 'aggregation';
  fn: AggregationFunction;
  event: EventRef;
  /** `.prop` after the event; absent for `count`, and for `first`/`last` of the event itself. */
  property?: Identifier;
  filter?: Condition;
  window?: Window;
  /** `min N`, only meaningful on most_frequent (the checker says so otherwise). */
  minCount?: NumberLiteral;
  range: SourceRange;
}

/**
 * `count users [C]` (LANGUAGE.md §12.4): how many of the account's users satisfy
 * C (all of them without C). An aggregation of account traits and inline
 * aggregates in account context; C is a quantifier body (§4.4).
 */
export interface UserCount {
  kind: 'user-count';
  body?: Condition;
  range: SourceRange;
}

/** What a computed trait or an inline aggregate computes. */
export type TraitAggregation = Aggregation | UserCount;

// ---------------------------------------------------------------- conditions

/** A bare name in a condition: a trait (or, inside `where`, an event property). */
export interface NameRef {
  kind: 'name-ref';
  name: Identifier;
  range: SourceRange;
}

/** `account.NAME` in user context (LANGUAGE.md §4.5). */
export interface AccountTraitRef {
  kind: 'account-trait-ref';
  name: Identifier;
  range: SourceRange;
}

/** An aggregation standing inline in a comparison (LANGUAGE.md §4.6). */
export interface InlineAggregate {
  kind: 'inline-aggregate';
  aggregation: TraitAggregation;
  range: SourceRange;
}

export type Subject = NameRef | AccountTraitRef | InlineAggregate;

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** What is asserted of a subject. */
export type Test =
  | { kind: 'compare'; op: ComparisonOperator; value: Literal; range: SourceRange }
  | { kind: 'in-list'; negated: boolean; values: ListLiteral; range: SourceRange }
  /** `contains "x"`: substring on strings, element on lists. */
  | { kind: 'contains'; value: Literal; range: SourceRange }
  | { kind: 'contains-any'; values: ListLiteral; range: SourceRange }
  | { kind: 'contains-all'; values: ListLiteral; range: SourceRange }
  | { kind: 'starts-with'; value: Literal; range: SourceRange }
  | { kind: 'ends-with'; value: Literal; range: SourceRange }
  | { kind: 'is-boolean'; value: boolean; range: SourceRange }
  | { kind: 'is-set'; negated: boolean; range: SourceRange }
  | { kind: 'window'; window: Window; range: SourceRange };

export interface TraitTest {
  kind: 'trait-test';
  subject: Subject;
  test: Test;
  range: SourceRange;
}

/** `did EVENT [where FILTER] [COUNT] [WINDOW]`. */
export interface DidCondition {
  kind: 'did';
  event: EventRef;
  filter?: Condition;
  count?: EventCount;
  window?: Window;
  /** `for the first time WINDOW` or `in at least K of the last M UNITS` (§12.3). */
  lifecycle?: Lifecycle;
  range: SourceRange;
}

/**
 * The lifecycle tails of a `did` (LANGUAGE.md §12.3): the first matching event
 * lies in `window`; or at least `k` of the last `m` rolling units each hold
 * matching events satisfying the did's count.
 */
export type Lifecycle =
  | { kind: 'first-time'; window: Window; range: SourceRange }
  | {
      kind: 'regularly';
      k: NumberLiteral;
      m: NumberLiteral;
      unit: TimeUnit;
      range: SourceRange;
    };

/** `stopped doing EVENT [where FILTER] for N UNITS` (LANGUAGE.md §12.3). */
export interface StoppedCondition {
  kind: 'stopped-doing';
  event: EventRef;
  filter?: Condition;
  amount: NumberLiteral;
  unit: TimeUnit;
  range: SourceRange;
}

/** One step of a sequence: `EVENT [where FILTER] [WINDOW]` (a count only to report it). */
export interface SequenceStep {
  kind: 'sequence-step';
  event: EventRef;
  filter?: Condition;
  /** Not allowed on a sequence (LANGUAGE.md §12.2); kept so the checker can say so. */
  count?: EventCount;
  /** First step: any window (§3); later steps: `within N UNITS` of the previous step. */
  window?: Window;
  range: SourceRange;
}

/** `did STEP then STEP [then STEP …]` (LANGUAGE.md §12.2); one atom. */
export interface SequenceCondition {
  kind: 'sequence';
  steps: SequenceStep[];
  range: SourceRange;
}

/** `in AUDIENCE`, or `account in AUDIENCE` (viaAccount) in user context. `not in X` parses as `not (in X)`. */
export interface InAudience {
  kind: 'in-audience';
  audience: Identifier;
  viaAccount: boolean;
  range: SourceRange;
}

export type Quantifier = 'any' | 'all' | 'no' | 'at-least' | 'at-most' | 'exactly';

/** `any user C`, `at least 3 users C`, ... (LANGUAGE.md §4.4). */
export interface Quantified {
  kind: 'quantified';
  quantifier: Quantifier;
  /** Present for the counting quantifiers. */
  n?: NumberLiteral;
  body: Condition;
  range: SourceRange;
}

export interface AndCondition {
  kind: 'and';
  operands: Condition[];
  range: SourceRange;
}

export interface OrCondition {
  kind: 'or';
  operands: Condition[];
  range: SourceRange;
}

export interface NotCondition {
  kind: 'not';
  operand: Condition;
  range: SourceRange;
}

/** Stands in for a condition the parser could not read; its error is already reported. */
export interface ErrorCondition {
  kind: 'error-condition';
  range: SourceRange;
}

export type Condition =
  | TraitTest
  | DidCondition
  | StoppedCondition
  | SequenceCondition
  | InAudience
  | Quantified
  | AndCondition
  | OrCondition
  | NotCondition
  | ErrorCondition;

// ---------------------------------------------------------------- definitions

export interface DocComment {
  /** The text of the `##` lines, markers and one leading space removed, joined with \n. */
  text: string;
  range: SourceRange;
}

/** `trait NAME = ENTITY AGGREGATION`. */
export interface TraitDefinition {
  kind: 'trait';
  name: Identifier;
  entity: Entity;
  entityRange: SourceRange;
  aggregation: TraitAggregation;
  doc?: DocComment;
  range: SourceRange;
}

export type ValueType = 'string' | 'number' | 'boolean' | 'timestamp' | 'list';

/** `trait NAME = ENTITY sql TYPE """ … """`. */
export interface SqlTraitDefinition {
  kind: 'sql-trait';
  name: Identifier;
  entity: Entity;
  entityRange: SourceRange;
  valueType: ValueType;
  valueTypeRange: SourceRange;
  /** The SQL between the triple quotes, exactly as written. */
  sql: string;
  /** The range of the SQL text itself (inside the quotes). */
  sqlRange: SourceRange;
  doc?: DocComment;
  range: SourceRange;
}

/** `audience NAME = ENTITY where CONDITION`. */
export interface AudienceDefinition {
  kind: 'audience';
  name: Identifier;
  entity: Entity;
  entityRange: SourceRange;
  condition: Condition;
  doc?: DocComment;
  range: SourceRange;
}

export interface SyncOption {
  kind: 'sync-option';
  name: Identifier;
  value: StringLiteral;
  range: SourceRange;
}

export interface SyncCall {
  kind: 'sync-call';
  call: 'group' | 'identify' | 'track';
  options: SyncOption[];
  range: SourceRange;
}

/** `sync SOURCE to DESTINATION with CALL, …`. */
export interface SyncDefinition {
  kind: 'sync';
  /** The audience or trait synced. */
  source: Identifier;
  destination: Identifier;
  calls: SyncCall[];
  doc?: DocComment;
  range: SourceRange;
}

/** `PART P%` of a split: an audience holding P% of the split audience's members. */
export interface SplitPart {
  kind: 'split-part';
  name: Identifier;
  /** The share as written (`12.5`, `33.33`); the checker checks it (> 0, two decimals). */
  percent: NumberLiteral;
  range: SourceRange;
}

/** `split NAME = AUDIENCE into PART P%, …` (LANGUAGE.md §12.5). */
export interface SplitDefinition {
  kind: 'split';
  /** The split's own name: it seeds the hash; it is not an audience. */
  name: Identifier;
  audience: Identifier;
  parts: SplitPart[];
  doc?: DocComment;
  range: SourceRange;
}

/**
 * A definition the parser could not read. Its name (when it got that far) is kept
 * so references to it do not report a second, misleading "unknown name".
 */
export interface BrokenDefinition {
  kind: 'broken';
  declared?: 'trait' | 'audience' | 'sync' | 'split';
  name?: Identifier;
  /** The other names its text mentions: a trait only a broken definition uses is not "unused". */
  mentions?: string[];
  range: SourceRange;
}

export type Definition =
  | TraitDefinition
  | SqlTraitDefinition
  | AudienceDefinition
  | SyncDefinition
  | SplitDefinition
  | BrokenDefinition;

export interface Comment {
  kind: 'comment';
  /** The full text including the leading `#` or `##`. */
  text: string;
  doc: boolean;
  range: SourceRange;
}

export interface Program {
  kind: 'program';
  file: string;
  definitions: Definition[];
  /** Every comment of the file in source order, doc comments included (the formatter needs them). */
  comments: Comment[];
  range: SourceRange;
}
