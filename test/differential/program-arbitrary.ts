/**
 * fast-check generator of well-typed roster programs over the differential
 * schema (test/regressions/schema.yml), covering LANGUAGE.md §2–§5 except SQL
 * traits: nested and/or/not, every trait test per type, `did` with filters,
 * counts and windows, page/screen, every quantifier, `in` / `account in` /
 * `account.NAME`, inline aggregates and every aggregation as a computed trait;
 * and language v2 (§12): rolling windows, lifecycle conditions, sequences and
 * splits whose parts later audiences use.
 *
 * Programs are built as ASTs and printed by the canonical printer
 * (`formatProgram`), so the real parser and checker run on their text.
 *
 * Shape: ten computed traits, one per entity and value type (`u_num`,
 * `a_list`, ...), so conditions know each trait's type without a generator
 * chain; then four audiences in a fixed order (`aa0`, `ua0`, `aa1`, `ua1`),
 * each allowed to refer only to earlier ones (no cycles), each followed by
 * its negation `<name>_not = ENTITY where not (C)` for the TLP check.
 */
import fc from 'fast-check';
import type { SourceRange } from '../../src/diagnostics/source.js';
import type {
  Aggregation,
  AggregationFunction,
  Condition,
  CountOperator,
  Definition,
  Entity,
  EventCount,
  EventRef,
  Identifier,
  Lifecycle,
  ListLiteral,
  Literal,
  NumberLiteral,
  Program,
  Quantifier,
  SequenceStep,
  StringLiteral,
  Subject,
  Test,
  TimeUnit,
  TraitAggregation,
  UserCount,
  Window,
} from '../../src/syntax/ast.js';
import type { Schema, ValueType } from '../../src/project/types.js';
import { formatProgram } from '../../src/syntax/format-program.js';
import { DATES, HOT_STRINGS, NUMBERS, STRINGS, WITHIN } from './pools.js';

const FILE = 'differential.roster';
const at = (offset: number): SourceRange => {
  const p = { offset, line: offset + 1, column: 1 };
  return { file: FILE, start: p, end: p };
};
const R = at(0);

// ---------------------------------------------------------------- literals

const ident = (name: string): Identifier => ({ kind: 'identifier', name, range: R });
const str = (value: string): StringLiteral => ({ kind: 'string', value, range: R });
const num = (value: number): NumberLiteral => ({
  kind: 'number',
  value,
  raw: String(value),
  range: R,
});
const list = (items: Literal[]): ListLiteral => ({
  kind: 'list',
  items: items as ListLiteral['items'],
  range: R,
});

const anyStringLit = fc
  .oneof(
    { weight: 2, arbitrary: fc.constantFrom(...HOT_STRINGS) },
    { weight: 1, arbitrary: fc.constantFrom(...STRINGS) },
  )
  .map(str);
const numberLit = fc.constantFrom(...NUMBERS).map(num);
const dateLit = fc.constantFrom(...DATES).map(str);
const smallCount = fc.nat({ max: 3 }).map(num);

// ---------------------------------------------------------------- tests per type

const within = fc
  .constantFrom(...WITHIN)
  .map(({ amount, unit }): Window => ({ kind: 'within', amount: num(amount), unit, range: R }));

/**
 * Rolling windows (§12.1): `between N and M UNITS ago` (0 <= N < M) and
 * `before N UNITS ago`, on the units of WITHIN, so the data's instants at
 * now - N and now - M (ProgramFocus.windows) hit both edges.
 */
const ago = fc
  .record({
    unit: fc.constantFrom(...WITHIN.map((w) => w.unit)),
    near: fc.nat({ max: 2 }),
    span: fc.integer({ min: 1, max: 2 }),
    before: fc.boolean(),
  })
  .map(({ unit, near, span, before }): Window =>
    before
      ? { kind: 'ago', near: num(near), unit, range: R }
      : { kind: 'ago', near: num(near), far: num(near + span), unit, range: R },
  );

/** Event windows (§3): within, between, before, after, and the rolling ones (§12.1). */
const eventWindow: fc.Arbitrary<Window> = fc.oneof(
  within,
  ago,
  // Reversed or empty bounds are a check error (type-between-reversed), so the pair is ordered.
  fc
    .uniqueArray(fc.constantFrom(...DATES), { minLength: 2, maxLength: 2 })
    .map((pair) => [...pair].sort((a, b) => Date.parse(a) - Date.parse(b)))
    .map(([from, to]): Window => ({ kind: 'between', from: str(from!), to: str(to!), range: R })),
  dateLit.map((value): Window => ({ kind: 'before', value, range: R })),
  dateLit.map((value): Window => ({ kind: 'after', value, range: R })),
);

const isSet = fc.boolean().map((negated): Test => ({ kind: 'is-set', negated, range: R }));
const compare = (ops: Array<'=' | '!=' | '<' | '<=' | '>' | '>='>, value: fc.Arbitrary<Literal>) =>
  fc
    .record({ op: fc.constantFrom(...ops), value })
    .map(({ op, value: v }): Test => ({ kind: 'compare', op, value: v, range: R }));

/** A numeric `between A and B` (§4.1, inclusive), bounds in order (reversed ones are a check error). */
const numberBetween = fc
  .tuple(numberLit, numberLit)
  .map(([a, b]) => (a.value <= b.value ? [a, b] : [b, a]))
  .map(([from, to]): Test => ({
    kind: 'window',
    window: { kind: 'between', from: from!, to: to!, range: R },
    range: R,
  }));

/**
 * Every test operator of LANGUAGE.md §4.1 for a value of `type`. `strings`
 * replaces the string pool for a trait with an `enum` (other literals are a
 * check error, type-enum-value).
 */
export function testArb(type: ValueType, strings?: readonly string[]): fc.Arbitrary<Test> {
  const stringLit = strings ? fc.constantFrom(...strings).map(str) : anyStringLit;
  const stringList = fc.array(stringLit, { minLength: 1, maxLength: 3 }).map(list);
  switch (type) {
    case 'string':
      return fc.oneof(
        compare(['=', '!='], stringLit),
        fc
          .record({ negated: fc.boolean(), values: stringList })
          .map(({ negated, values }): Test => ({ kind: 'in-list', negated, values, range: R })),
        stringLit.map((value): Test => ({ kind: 'contains', value, range: R })),
        stringLit.map((value): Test => ({ kind: 'starts-with', value, range: R })),
        stringLit.map((value): Test => ({ kind: 'ends-with', value, range: R })),
        isSet,
      );
    case 'number':
      return fc.oneof(
        { weight: 4, arbitrary: compare(['=', '!=', '<', '<=', '>', '>='], numberLit) },
        { weight: 1, arbitrary: numberBetween },
        { weight: 1, arbitrary: isSet },
      );
    case 'boolean':
      return fc.oneof(
        compare(
          ['=', '!='],
          fc.boolean().map((value): Literal => ({ kind: 'boolean', value, range: R })),
        ),
        fc.boolean().map((value): Test => ({ kind: 'is-boolean', value, range: R })),
        isSet,
      );
    case 'timestamp':
      return fc.oneof(
        {
          weight: 4,
          arbitrary: eventWindow.map((window): Test => ({ kind: 'window', window, range: R })),
        },
        { weight: 1, arbitrary: isSet },
      );
    case 'list':
      return fc.oneof(
        stringLit.map((value): Test => ({ kind: 'contains', value, range: R })),
        stringList.map((values): Test => ({ kind: 'contains-any', values, range: R })),
        stringList.map((values): Test => ({ kind: 'contains-all', values, range: R })),
        isSet,
      );
  }
}

// ---------------------------------------------------------------- combinators

const and = (operands: Condition[]): Condition => ({ kind: 'and', operands, range: R });
const or = (operands: Condition[]): Condition => ({ kind: 'or', operands, range: R });
export const not = (operand: Condition): Condition => ({ kind: 'not', operand, range: R });

/** and/or/not over `atom`, at most `depth` levels deep. */
function combine(atom: fc.Arbitrary<Condition>, depth: number): fc.Arbitrary<Condition> {
  if (depth <= 0) return atom;
  const inner = combine(atom, depth - 1);
  return fc.oneof(
    { weight: 6, arbitrary: atom },
    { weight: 2, arbitrary: fc.array(inner, { minLength: 2, maxLength: 3 }).map(and) },
    { weight: 2, arbitrary: fc.array(inner, { minLength: 2, maxLength: 3 }).map(or) },
    { weight: 1, arbitrary: inner.map(not) },
  );
}

const traitTest = (subject: Subject, test: Test): Condition => ({
  kind: 'trait-test',
  subject,
  test,
  range: R,
});

// ---------------------------------------------------------------- events and aggregations

interface EventInfo {
  ref: EventRef;
  properties: Array<{ name: string; type: ValueType }>;
}

/** The events of the schema plus page and screen, with their typed properties. */
export function eventCatalogue(schema: Schema): EventInfo[] {
  const strings = (names: string[]) => names.map((name) => ({ name, type: 'string' as const }));
  return [
    ...Object.values(schema.events).map((e) => ({
      ref: { kind: 'track-event', name: str(e.name), range: R } as EventRef,
      properties: Object.values(e.properties).map((p) => ({ name: p.name, type: p.type })),
    })),
    {
      ref: { kind: 'page-event', range: R },
      properties: strings(['name', 'url', 'path', 'referrer', 'title']),
    },
    { ref: { kind: 'screen-event', range: R }, properties: strings(['name']) },
  ];
}

function filterArb(event: EventInfo): fc.Arbitrary<Condition | undefined> {
  if (event.properties.length === 0) return fc.constant(undefined);
  const atom = fc
    .constantFrom(...event.properties)
    .chain((p) =>
      testArb(p.type).map((t) => traitTest({ kind: 'name-ref', name: ident(p.name), range: R }, t)),
    );
  return fc.option(combine(atom, 1), { nil: undefined, freq: 2 });
}

/** A window after any filter, including one ending in a parenthesised group, belongs to the did/aggregation. */
const windowAfter = (
  _filter: Condition | undefined,
  window: Window | undefined,
): Window | undefined => window;

/** Which aggregations produce `type`, and from which property types (LANGUAGE.md §5). */
const PRODUCERS: Record<ValueType, Array<{ fn: AggregationFunction; prop?: ValueType[] }>> = {
  number: [
    { fn: 'count' },
    { fn: 'sum', prop: ['number'] },
    { fn: 'avg', prop: ['number'] },
    { fn: 'min', prop: ['number'] },
    { fn: 'max', prop: ['number'] },
    { fn: 'count_unique', prop: ['string', 'number'] },
    { fn: 'first', prop: ['number'] },
    { fn: 'last', prop: ['number'] },
    { fn: 'most_frequent', prop: ['number'] },
  ],
  string: [
    { fn: 'first', prop: ['string'] },
    { fn: 'last', prop: ['string'] },
    { fn: 'most_frequent', prop: ['string'] },
  ],
  timestamp: [
    { fn: 'first' },
    { fn: 'last' },
    { fn: 'first', prop: ['timestamp'] },
    { fn: 'last', prop: ['timestamp'] },
  ],
  boolean: [
    { fn: 'first', prop: ['boolean'] },
    { fn: 'last', prop: ['boolean'] },
  ],
  list: [{ fn: 'unique', prop: ['string'] }],
};

/** An aggregation whose result has `type`. */
export function aggregationArb(schema: Schema, type: ValueType): fc.Arbitrary<Aggregation> {
  const events = eventCatalogue(schema);
  const choices = PRODUCERS[type].flatMap(
    ({ fn, prop }): Array<{ fn: AggregationFunction; event: EventInfo; property?: string }> =>
      events.flatMap(
        (event): Array<{ fn: AggregationFunction; event: EventInfo; property?: string }> =>
          prop === undefined
            ? [{ fn, event }]
            : event.properties
                .filter((p) => prop.includes(p.type))
                .map((p) => ({ fn, event, property: p.name })),
      ),
  );
  return fc.constantFrom(...choices).chain(({ fn, event, property }) =>
    fc
      .record({
        filter: filterArb(event),
        window: fc.option(eventWindow, { nil: undefined }),
        minCount: fc.option(fc.integer({ min: 1, max: 3 }).map(num), { nil: undefined, freq: 2 }),
      })
      .map(({ filter, window, minCount }): Aggregation => {
        const agg: Aggregation = { kind: 'aggregation', fn, event: event.ref, range: R };
        if (property !== undefined) agg.property = ident(property);
        if (filter) agg.filter = filter;
        const w = windowAfter(filter, window);
        if (w) agg.window = w;
        if (fn === 'most_frequent' && minCount) agg.minCount = minCount;
        return agg;
      }),
  );
}

const COUNT_OPS: CountOperator[] = ['at-least', 'at-most', 'exactly', 'more-than', 'fewer-than'];

const countArb: fc.Arbitrary<EventCount> = fc
  .record({ op: fc.constantFrom(...COUNT_OPS), n: smallCount })
  .map(({ op, n }) => ({ kind: 'event-count' as const, op, n, range: R }));

function didArb(schema: Schema): fc.Arbitrary<Condition> {
  return fc.constantFrom(...eventCatalogue(schema)).chain((event) =>
    fc
      .record({
        filter: filterArb(event),
        count: fc.option(countArb, { nil: undefined }),
        window: fc.option(eventWindow, { nil: undefined, freq: 3 }),
      })
      .map(({ filter, count, window }): Condition => {
        const did: Condition = { kind: 'did', event: event.ref, range: R };
        if (filter) did.filter = filter;
        if (count) did.count = count;
        const w = windowAfter(filter, window);
        if (w) did.window = w;
        return did;
      }),
  );
}

// ---------------------------------------------------------------- language v2 (LANGUAGE.md §12)

const UNITS: TimeUnit[] = [...new Set(WITHIN.map((w) => w.unit))];

/**
 * Lifecycle tails of a `did` (§12.3): `for the first time WINDOW` (any window
 * form), or `[COUNT] in at least K of the last M UNITS` with 1 <= K <= M <= 4
 * (the did's own COUNT, which may be one empty buckets satisfy: `at most`,
 * `exactly 0`, `fewer than`).
 */
const lifecycleArb: fc.Arbitrary<{ lifecycle: Lifecycle; count?: EventCount }> = fc.oneof(
  eventWindow.map((window) => ({ lifecycle: { kind: 'first-time' as const, window, range: R } })),
  fc
    .record({
      m: fc.integer({ min: 1, max: 4 }),
      kFromTop: fc.nat({ max: 3 }),
      unit: fc.constantFrom(...UNITS),
      count: fc.option(countArb, { nil: undefined }),
    })
    .map(({ m, kFromTop, unit, count }) => ({
      lifecycle: {
        kind: 'regularly' as const,
        k: num(Math.max(1, m - kFromTop)),
        m: num(m),
        unit,
        range: R,
      },
      ...(count ? { count } : {}),
    })),
);

/** `did E [where F] for the first time W` or `did E [where F] [COUNT] in at least K of the last M U`. */
function lifecycleDidArb(schema: Schema): fc.Arbitrary<Condition> {
  return fc.constantFrom(...eventCatalogue(schema)).chain((event) =>
    fc.record({ filter: filterArb(event), tail: lifecycleArb }).map(({ filter, tail }) => {
      const did: Condition = { kind: 'did', event: event.ref, range: R };
      if (filter) did.filter = filter;
      if (tail.count) did.count = tail.count;
      did.lifecycle = tail.lifecycle;
      return did;
    }),
  );
}

/** `stopped doing E [where F] for N UNITS` (§12.3), N the amounts of the windows. */
function stoppedArb(schema: Schema): fc.Arbitrary<Condition> {
  return fc.constantFrom(...eventCatalogue(schema)).chain((event) =>
    fc
      .record({
        filter: filterArb(event),
        amount: fc.integer({ min: 1, max: 2 }),
        unit: fc.constantFrom(...UNITS),
      })
      .map(({ filter, amount, unit }): Condition => {
        const stopped: Condition = {
          kind: 'stopped-doing',
          event: event.ref,
          amount: num(amount),
          unit,
          range: R,
        };
        if (filter) stopped.filter = filter;
        return stopped;
      }),
  );
}

/**
 * `did STEP then STEP [then STEP]` (§12.2): 2–3 steps, each with an optional
 * filter; the first with any window, later ones with `within N UNITS` of the
 * previous step (ProgramFocus.sequences: data around the program has runs of
 * events following the steps at each gap, one millisecond either side). Steps lean on a few events, so two steps often
 * read the same one (two distinct events needed).
 */
/**
 * The gap a later step allows after the step before it: mostly the windows of
 * the data's pools, sometimes one of 25 days or more, whose length in
 * milliseconds passes 2^31 (DuckDB's `n * INTERVAL '1 millisecond'` overflowed
 * INT32 there until dbfdef8).
 */
const stepGap = fc.oneof(
  { weight: 6, arbitrary: within },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom({ amount: 30, unit: 'day' as const }, { amount: 5, unit: 'week' as const })
      .map(({ amount, unit }): Window => ({ kind: 'within', amount: num(amount), unit, range: R })),
  },
);

function sequenceArb(schema: Schema): fc.Arbitrary<Condition> {
  const events = eventCatalogue(schema);
  const step = (event: EventInfo, first: boolean): fc.Arbitrary<SequenceStep> =>
    fc
      .record({
        filter: filterArb(event),
        window: fc.option(first ? eventWindow : stepGap, { nil: undefined, freq: 2 }),
      })
      .map(({ filter, window }) => {
        const s: SequenceStep = { kind: 'sequence-step', event: event.ref, range: R };
        if (filter) s.filter = filter;
        if (window) s.window = window;
        return s;
      });
  // A later step reads the event of the step before it one time in three.
  const laterEvents = (first: EventInfo, count: number): fc.Arbitrary<EventInfo[]> =>
    fc
      .tuple(
        ...Array.from({ length: count }, () =>
          fc.oneof(
            { weight: 1, arbitrary: fc.constant(undefined) },
            { weight: 2, arbitrary: fc.constantFrom(...events) },
          ),
        ),
      )
      .map((drawn) => {
        const out: EventInfo[] = [];
        drawn.forEach((e, i) => out.push(e ?? (i === 0 ? first : out[i - 1]!)));
        return out;
      });
  return fc
    .record({ first: fc.constantFrom(...events), count: fc.integer({ min: 1, max: 2 }) })
    .chain(({ first, count }) =>
      laterEvents(first, count).chain((later) =>
        fc.tuple(step(first, true), ...later.map((e) => step(e, false))),
      ),
    )
    .map((steps): Condition => ({ kind: 'sequence', steps, range: R }));
}

// ---------------------------------------------------------------- traits and audiences

const TYPES: ValueType[] = ['number', 'string', 'timestamp', 'boolean', 'list'];
const SHORT: Record<ValueType, string> = {
  number: 'num',
  string: 'str',
  timestamp: 'ts',
  boolean: 'bool',
  list: 'list',
};

export interface TraitSlot {
  name: string;
  entity: Entity;
  type: ValueType;
}

/** The ten computed traits every program defines: one per entity and type. */
export const TRAIT_SLOTS: TraitSlot[] = (['user', 'account'] as const).flatMap((entity) =>
  TYPES.map((type) => ({ name: `${entity === 'user' ? 'u' : 'a'}_${SHORT[type]}`, entity, type })),
);

/** Audiences in definition order; each may refer to the ones before it. */
export const AUDIENCE_SLOTS: ReadonlyArray<{ name: string; entity: Entity }> = [
  { name: 'aa0', entity: 'account' },
  { name: 'ua0', entity: 'user' },
  { name: 'aa1', entity: 'account' },
  { name: 'ua1', entity: 'user' },
];

interface Scope {
  user: string[];
  account: string[];
}

/** A trait test on a custom trait (schema) or computed trait of `entity`, possibly via `account.`. */
function namedTraitTest(
  schema: Schema,
  entity: Entity,
  viaAccount: boolean,
): fc.Arbitrary<Condition> {
  const names = [
    ...Object.values(schema[entity]).map((t) => ({
      name: t.name,
      type: t.type,
      strings: t.enum?.map(String),
    })),
    ...TRAIT_SLOTS.filter((s) => s.entity === entity),
  ];
  return fc
    .constantFrom(...names)
    .chain(({ name, type, ...rest }) =>
      testArb(type, 'strings' in rest ? rest.strings : undefined).map((t) =>
        traitTest(
          { kind: viaAccount ? 'account-trait-ref' : 'name-ref', name: ident(name), range: R },
          t,
        ),
      ),
    );
}

function inlineAggregate(schema: Schema): fc.Arbitrary<Condition> {
  return fc
    .constantFrom(...TYPES)
    .chain((type) =>
      fc
        .record({ aggregation: aggregationArb(schema, type), test: testArb(type) })
        .map(({ aggregation, test }) =>
          traitTest({ kind: 'inline-aggregate', aggregation, range: R }, test),
        ),
    );
}

/**
 * `count users [C]` (§12.4): C a quantifier body (one atom or a parenthesised
 * expression, the printer's business), or none (all the account's users).
 */
const userCountArb = (body: fc.Arbitrary<Condition>): fc.Arbitrary<UserCount> =>
  fc
    .option(body, { nil: undefined, freq: 4 })
    .map((c): UserCount => ({ kind: 'user-count', ...(c ? { body: c } : {}), range: R }));

/**
 * The body of a `count users` in the account trait `a_num`: user conditions
 * without audiences (a trait comes before them) and without `account.NAME`
 * (`account.a_num` would be a cycle).
 */
function traitUserCountBody(schema: Schema): fc.Arbitrary<Condition> {
  return combine(
    fc.oneof(
      { weight: 3, arbitrary: namedTraitTest(schema, 'user', false) },
      { weight: 4, arbitrary: didArb(schema) },
      { weight: 2, arbitrary: lifecycleDidArb(schema) },
      { weight: 1, arbitrary: stoppedArb(schema) },
      { weight: 2, arbitrary: sequenceArb(schema) },
    ),
    1,
  );
}

/** `count users [C] <comparison>` inline in account context, C over the audiences in scope. */
function inlineUserCount(schema: Schema, scope: Scope): fc.Arbitrary<Condition> {
  return fc
    .record({
      aggregation: userCountArb(userCondition(schema, scope, 1)),
      // A numeric `between` prints as `(count users …) between A and B`.
      test: fc.oneof(
        { weight: 4, arbitrary: compare(['=', '!=', '<', '<=', '>', '>='], numberLit) },
        { weight: 1, arbitrary: numberBetween },
      ),
    })
    .map(({ aggregation, test }) =>
      traitTest({ kind: 'inline-aggregate', aggregation, range: R }, test),
    );
}

const inAudience = (names: string[], viaAccount: boolean): fc.Arbitrary<Condition>[] =>
  names.length === 0
    ? []
    : [
        fc.constantFrom(...names).map((name): Condition => ({
          kind: 'in-audience',
          audience: ident(name),
          viaAccount,
          range: R,
        })),
      ];

function userCondition(schema: Schema, scope: Scope, depth: number): fc.Arbitrary<Condition> {
  const atoms: Array<fc.WeightedArbitrary<Condition>> = [
    { weight: 3, arbitrary: namedTraitTest(schema, 'user', false) },
    { weight: 4, arbitrary: didArb(schema) },
    { weight: 2, arbitrary: lifecycleDidArb(schema) },
    { weight: 1, arbitrary: stoppedArb(schema) },
    { weight: 2, arbitrary: sequenceArb(schema) },
    { weight: 2, arbitrary: namedTraitTest(schema, 'account', true) },
    { weight: 2, arbitrary: inlineAggregate(schema) },
    ...inAudience(scope.user, false).map((arbitrary) => ({ weight: 1, arbitrary })),
    ...inAudience(scope.account, true).map((arbitrary) => ({ weight: 1, arbitrary })),
  ];
  return combine(fc.oneof(...atoms), depth);
}

const QUANTIFIERS: Quantifier[] = ['any', 'all', 'no', 'at-least', 'at-most', 'exactly'];

function accountCondition(schema: Schema, scope: Scope, depth: number): fc.Arbitrary<Condition> {
  const quantified = fc
    .record({
      quantifier: fc.constantFrom(...QUANTIFIERS),
      n: smallCount,
      body: userCondition(schema, scope, 1),
    })
    .map(({ quantifier, n, body }): Condition => ({
      kind: 'quantified',
      quantifier,
      ...(quantifier === 'any' || quantifier === 'all' || quantifier === 'no' ? {} : { n }),
      body,
      range: R,
    }));
  const atoms: Array<fc.WeightedArbitrary<Condition>> = [
    { weight: 3, arbitrary: namedTraitTest(schema, 'account', false) },
    { weight: 4, arbitrary: quantified },
    { weight: 2, arbitrary: inlineAggregate(schema) },
    { weight: 1, arbitrary: inlineUserCount(schema, scope) },
    ...inAudience(scope.account, false).map((arbitrary) => ({ weight: 1, arbitrary })),
  ];
  return combine(fc.oneof(...atoms), depth);
}

export interface GeneratedProgram {
  /** Program text as the canonical printer writes it. */
  text: string;
  /** The audiences whose negation `<name>_not` the program also defines. */
  audiences: Array<{ name: string; entity: Entity }>;
  /** The program's own literals, windows and events: data built around them hits its boundaries. */
  focus: ProgramFocus;
}

export interface ProgramFocus {
  strings: string[];
  numbers: number[];
  /**
   * `within` windows, the edges of rolling ones, `stopped doing`'s N and the
   * bucket edges of `in at least K of the last M` (0…M units) as (amount,
   * unit): instants at now minus each; dates as ISO strings.
   */
  windows: Array<{ amount: number; unit: TimeUnit }>;
  /**
   * The sequences (§12.2), step by step: the step's event (`page`/`screen`
   * for those) and, for a later step with `within N UNITS`, the gap. Data
   * around the program follows them with runs of events at each gap.
   */
  sequences: Array<Array<{ event: string; gapMs?: number }>>;
  /** `E … in at least K of the last M UNITS` (§12.3): data around the program fills its buckets. */
  regulars: Array<{ event: string; m: number; unitMs: number }>;
  dates: string[];
  /** Track event names the program reads (page/screen as `page`/`screen`). */
  events: string[];
}

const UNIT_MS: Record<TimeUnit, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

/** A track event's name; `page` / `screen` for those. */
const eventName = (e: EventRef): string =>
  e.kind === 'track-event' ? e.name.value : e.kind === 'page-event' ? 'page' : 'screen';

/** AST keys holding numbers that are amounts, counts or shares, not values compared with data. */
const NOT_LITERALS = new Set(['range', 'amount', 'near', 'far', 'k', 'm', 'percent']);

/** Every literal, window and event under the definitions, deduplicated. */
export function focusOf(definitions: Definition[]): ProgramFocus {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  const windows = new Map<string, { amount: number; unit: TimeUnit }>();
  const sequences = new Map<string, Array<{ event: string; gapMs?: number }>>();
  const regulars = new Map<string, { event: string; m: number; unitMs: number }>();
  const addWindow = (amount: number, unit: TimeUnit) =>
    windows.set(`${amount} ${unit}`, { amount, unit });
  const dates = new Set<string>();
  const events = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.kind === 'string' && typeof o.value === 'string') {
      if (DATES.includes(o.value)) dates.add(o.value);
      else strings.add(o.value);
    } else if (o.kind === 'number' && typeof o.value === 'number') numbers.add(o.value);
    else if (o.kind === 'within') {
      const amount = (o.amount as NumberLiteral).value;
      const unit = o.unit as TimeUnit;
      windows.set(`${amount} ${unit}`, { amount, unit });
    } else if (o.kind === 'ago') {
      const unit = o.unit as TimeUnit;
      for (const edge of [o.near, o.far] as Array<NumberLiteral | undefined>)
        if (edge) addWindow(edge.value, unit);
    } else if (o.kind === 'regularly') {
      // The bucket edges now - i·U, i = 0…M (§12.3).
      for (let i = 0; i <= (o.m as NumberLiteral).value; i++) addWindow(i, o.unit as TimeUnit);
    } else if (o.kind === 'did' && (o.lifecycle as Lifecycle | undefined)?.kind === 'regularly') {
      const { m, unit } = o.lifecycle as Lifecycle & { kind: 'regularly' };
      const regular = { event: eventName(o.event as EventRef), m: m.value, unitMs: UNIT_MS[unit] };
      regulars.set(JSON.stringify(regular), regular);
    }
    if (o.kind === 'stopped-doing')
      addWindow((o.amount as NumberLiteral).value, o.unit as TimeUnit);
    else if (o.kind === 'sequence') {
      const steps = (o.steps as SequenceStep[]).map((step, i) => ({
        event: eventName(step.event),
        ...(i > 0 && step.window?.kind === 'within'
          ? { gapMs: step.window.amount.value * UNIT_MS[step.window.unit] }
          : {}),
      }));
      sequences.set(JSON.stringify(steps), steps);
    } else if (o.kind === 'track-event' || o.kind === 'page-event' || o.kind === 'screen-event')
      events.add(eventName(o as unknown as EventRef));
    for (const [k, v] of Object.entries(o)) if (!NOT_LITERALS.has(k)) visit(v);
  };
  visit(definitions);
  return {
    strings: [...strings],
    numbers: [...numbers],
    windows: [...windows.values()],
    sequences: [...sequences.values()],
    regulars: [...regulars.values()],
    dates: [...dates],
    events: [...events],
  };
}

/** Prints definitions through the canonical printer (one synthetic line each). */
export function printDefinitions(definitions: Definition[]): string {
  const placed = definitions.map((d, i) => ({ ...d, range: at(i * 2) }));
  const program: Program = {
    kind: 'program',
    file: FILE,
    definitions: placed,
    comments: [],
    range: R,
  };
  return formatProgram(program, '\n'.repeat(definitions.length * 2 + 1));
}

/** Every identifier name under an AST node (trait, property and audience references). */
function namesIn(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) namesIn(n, into);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.kind === 'identifier' && typeof o.name === 'string') into.add(o.name);
    for (const [k, v] of Object.entries(o)) if (k !== 'range') namesIn(v, into);
  }
  return into;
}

/**
 * Shares of the splits (§12.5): two and three parts, halves, a sliver of
 * 0.01% and shares with two decimals, so parts of the ids in the data are
 * empty, hold one id or several.
 */
const SPLIT_SHARES: ReadonlyArray<readonly number[]> = [
  [50, 50],
  [10, 90],
  [33.33, 33.33, 33.34],
  [0.01, 99.99],
  [25, 25, 50],
  [99.5, 0.5],
];

/** The audiences split (`split s_<name> = <name> into <name>_p0 P%, …`); later audiences may use the parts. */
const SPLIT_OF = ['aa0', 'ua0'];

const partNames = (audience: string, shares: readonly number[]): string[] =>
  shares.map((_, i) => `${audience}_p${i}`);

function splitDefinition(audience: string, shares: readonly number[]): Definition {
  const names = partNames(audience, shares);
  return {
    kind: 'split',
    name: ident(`s_${audience}`),
    audience: ident(audience),
    parts: shares.map((share, i) => ({
      kind: 'split-part',
      name: ident(names[i]!),
      percent: num(share),
      range: R,
    })),
    range: R,
  };
}

/**
 * A well-typed program over `schema` (the differential schema). Every slot
 * is generated, but a program keeps only the audiences its mask picks (at
 * least one), the audiences and traits those refer to, and the traits its
 * mask picks: small programs keep each case fast, and removing a definition
 * never breaks a reference. `aa0` and `ua0` are split (§12.5) right after
 * their definition; the parts are audiences of their entity for the later
 * slots, and a split is kept when a kept audience refers to a part or the
 * mask keeps it.
 */
export function programArb(schema: Schema): fc.Arbitrary<GeneratedProgram> {
  // The account number trait is `count users [C]` one time in three (§12.4).
  const traits = fc.tuple(
    ...TRAIT_SLOTS.map((slot): fc.Arbitrary<TraitAggregation> =>
      slot.entity === 'account' && slot.type === 'number'
        ? fc.oneof(
            { weight: 2, arbitrary: aggregationArb(schema, slot.type) },
            { weight: 1, arbitrary: userCountArb(traitUserCountBody(schema)) },
          )
        : aggregationArb(schema, slot.type),
    ),
  );
  const shares = fc.tuple(...SPLIT_OF.map(() => fc.constantFrom(...SPLIT_SHARES)));
  const audiences = (splitShares: ReadonlyArray<readonly number[]>) => {
    const parts = (entity: Entity, before: ReadonlyArray<{ name: string; entity: Entity }>) =>
      SPLIT_OF.flatMap((name, j) =>
        before.some((a) => a.name === name && a.entity === entity)
          ? partNames(name, splitShares[j]!)
          : [],
      );
    const scopes: Scope[] = AUDIENCE_SLOTS.map((_, i) => {
      const before = AUDIENCE_SLOTS.slice(0, i);
      return {
        user: [
          ...before.filter((a) => a.entity === 'user').map((a) => a.name),
          ...parts('user', before),
        ],
        account: [
          ...before.filter((a) => a.entity === 'account').map((a) => a.name),
          ...parts('account', before),
        ],
      };
    });
    return fc.tuple(
      ...AUDIENCE_SLOTS.map((slot, i) =>
        slot.entity === 'user'
          ? userCondition(schema, scopes[i]!, 2)
          : accountCondition(schema, scopes[i]!, 1),
      ),
    );
  };
  return fc
    .record({
      traits,
      body: shares.chain((splitShares) =>
        audiences(splitShares).map((conds) => ({ splitShares, conds })),
      ),
      keepTraits: fc.array(fc.constantFrom(...TRAIT_SLOTS.map((s) => s.name)), { maxLength: 2 }),
      keepAudiences: fc.uniqueArray(fc.constantFrom(...AUDIENCE_SLOTS.map((s) => s.name)), {
        minLength: 1,
        maxLength: 2,
      }),
      keepSplits: fc.tuple(...SPLIT_OF.map(() => fc.boolean())),
    })
    .map(
      ({ traits: aggs, body: { splitShares, conds }, keepTraits, keepAudiences, keepSplits }) => {
        const needed = new Set<string>([...keepTraits, ...keepAudiences]);
        const splits = SPLIT_OF.map((name, j) => ({
          name,
          shares: splitShares[j]!,
          parts: partNames(name, splitShares[j]!),
        }));
        const splitKept = (j: number): boolean =>
          splits[j]!.parts.some((p) => needed.has(p)) ||
          (keepSplits[j]! && needed.has(splits[j]!.name));
        // Later audiences refer only to earlier ones (and to the parts of
        // earlier splits): one backward pass closes the set.
        for (let i = AUDIENCE_SLOTS.length - 1; i >= 0; i--) {
          const name = AUDIENCE_SLOTS[i]!.name;
          const j = SPLIT_OF.indexOf(name);
          if (j >= 0 && splits[j]!.parts.some((p) => needed.has(p))) needed.add(name);
          if (needed.has(name)) namesIn(conds[i], needed);
        }
        // A kept trait's own body may name other traits (`count users` in an
        // account trait names user traits): close the set over trait bodies
        // too, or the program refers to a trait it no longer defines.
        for (let grew = true; grew;) {
          const before = needed.size;
          TRAIT_SLOTS.forEach((slot, i) => {
            if (needed.has(slot.name)) namesIn(aggs[i], needed);
          });
          grew = needed.size > before;
        }
        const definitions: Definition[] = [];
        TRAIT_SLOTS.forEach((slot, i) => {
          if (!needed.has(slot.name)) return;
          definitions.push({
            kind: 'trait',
            name: ident(slot.name),
            entity: slot.entity,
            entityRange: R,
            aggregation: aggs[i]!,
            range: R,
          });
        });
        const kept = AUDIENCE_SLOTS.filter((slot) => needed.has(slot.name));
        AUDIENCE_SLOTS.forEach((slot, i) => {
          if (!needed.has(slot.name)) return;
          for (const [name, condition] of [
            [slot.name, conds[i]!],
            [`${slot.name}_not`, not(conds[i]!)],
          ] as const) {
            definitions.push({
              kind: 'audience',
              name: ident(name),
              entity: slot.entity,
              entityRange: R,
              condition,
              range: R,
            });
          }
          const j = SPLIT_OF.indexOf(slot.name);
          if (j >= 0 && splitKept(j))
            definitions.push(splitDefinition(slot.name, splits[j]!.shares));
        });
        return {
          text: printDefinitions(definitions),
          audiences: kept,
          focus: focusOf(definitions),
        };
      },
    );
}
