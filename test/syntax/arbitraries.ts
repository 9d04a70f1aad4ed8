/**
 * fast-check generators of roster ASTs and program texts, for any test that
 * wants many valid programs: the formatter's properties, the front-end fuzzer,
 * benchmarks, and later the checker and compiler.
 *
 * ASTs are *syntactic*: names are drawn from small realistic pools so programs
 * look like real ones, but they do not promise to type-check against a schema.
 * Every construct of LANGUAGE.md §2–§7 is reachable: all aggregations, windows,
 * counts, quantifiers, test operators, nested and/or/not, `account.x`,
 * `account in`, inline aggregates, SQL traits, syncs, doc and plain comments,
 * Unicode and escaped strings; and those of §12 (language v2): rolling windows,
 * sequences, lifecycle conditions, `count users` (as a trait, and inline with a
 * body that may itself start with a parenthesised aggregate) and splits.
 *
 * Generated nodes carry a placeholder range; `programAst` gives definitions and
 * comments ranges in a synthetic source so `formatProgram` places comments right.
 * Use `programText` for text (the AST printed by the formatter).
 */
import fc from 'fast-check';
import type { SourceRange } from '../../src/diagnostics/source.js';
import type {
  AggregationFunction,
  Aggregation,
  BooleanLiteral,
  Comment,
  Condition,
  CountOperator,
  Definition,
  DocComment,
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
  ScalarLiteral,
  SequenceStep,
  SplitPart,
  StringLiteral,
  Subject,
  SyncCall,
  Test,
  TimeUnit,
  UserCount,
  Window,
} from '../../src/syntax/ast.js';
import { formatProgram } from '../../src/syntax/format-program.js';

export const GEN_FILE = 'generated.roster';

/** The placeholder range of generated nodes. */
export function rangeAt(offset = 0): SourceRange {
  const p = { offset, line: 1, column: offset + 1 };
  return { file: GEN_FILE, start: p, end: p };
}
const R = rangeAt();

/** Every reserved word of the language: generated names avoid them. */
export const KEYWORDS = new Set(
  (
    'trait audience sync to with sql where account user and or not did in any all no at least most ' +
    'exactly more fewer than is set true false contains starts ends within between before after page ' +
    'screen count_unique most_frequent count sum avg min max first last unique ' +
    'then for stopped doing split into'
  ).split(' '),
);

// ---------------------------------------------------------------- names and literals

const NAME_POOL = [
  'plan',
  'seats',
  'industry',
  'role',
  'email',
  'signed_up_at',
  'renewal_date',
  'tags',
  'is_paying',
  'logins_past_30_days',
  'active_users_30d',
  'at_risk_accounts',
  'power_users',
  'mrr',
  'country',
  'feature',
  'duration',
  'revenue',
  'currency',
  'path',
  'url',
  'title',
  'referrer',
  'name',
  'x',
  '_tmp2',
];

export const nameArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NAME_POOL) },
  {
    weight: 1,
    arbitrary: fc.stringMatching(/^[a-z_][a-z0-9_]{0,14}$/).filter((n) => !KEYWORDS.has(n)),
  },
);

export const identifierArb: fc.Arbitrary<Identifier> = nameArb.map((name) => ({
  kind: 'identifier',
  name,
  range: R,
}));

/** Characters that stress strings: quotes, backslashes, `#`, `"""` pieces, accents, CJK, emoji, RTL. */
const STRING_CHARS = [
  'a',
  'Z',
  ' ',
  '"',
  '\\',
  '#',
  "'",
  '%',
  '_',
  '{',
  '}',
  '.',
  '-',
  'é',
  'ß',
  'ñ',
  '中',
  '文',
  '🚀',
  '👩‍💻',
  'ü',
  'ש',
  '\t',
  '\n',
  '\r',
  // No NUL: strings refuse it (syntax-nul-in-string, test/syntax/input-limits.test.ts).
  '\u2028',
  '0',
  '9',
  '/',
];

const EVENT_NAMES = [
  'Logged In',
  'Feature Used',
  'Order Completed',
  'Signed Up',
  'Invite Sent',
  'Account At Risk',
  'Ünïcødé Évent 🚀',
  'say "hi"',
  'back\\slash',
  '#hashtag',
  '',
];

export const stringValueArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(...EVENT_NAMES, 'pro', 'enterprise', 'Admin', 'USD', '/pricing'),
  },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...STRING_CHARS), maxLength: 12 }) },
);

export const stringLitArb: fc.Arbitrary<StringLiteral> = stringValueArb.map((value) => ({
  kind: 'string',
  value,
  range: R,
}));

export const timestampLitArb: fc.Arbitrary<StringLiteral> = fc
  .constantFrom('2026-01-01', '2026-01-31T12:00:00Z', '2027-01-01', '2025-12-31T23:59:59Z')
  .map((value) => ({ kind: 'string', value, range: R }));

/** Numbers as users write them: integers, decimals with trailing zeros, negatives. */
export const numberRawArb: fc.Arbitrary<string> = fc.oneof(
  fc.nat({ max: 1000 }).map(String),
  fc.constantFrom('0', '1', '10', '10.50', '-2.5', '0.001', '007', '-0', '100000000'),
  fc.tuple(fc.integer({ min: -999, max: 999 }), fc.nat({ max: 99 })).map(([i, f]) => `${i}.${f}`),
);

export const numberLitArb: fc.Arbitrary<NumberLiteral> = numberRawArb.map((raw) => numberLit(raw));

/** A count or amount: a non-negative integer, 1 often (singular units). */
export const countLitArb: fc.Arbitrary<NumberLiteral> = fc
  .oneof(fc.constant(1), fc.nat({ max: 90 }))
  .map((n) => numberLit(String(n)));

export function numberLit(raw: string): NumberLiteral {
  return { kind: 'number', value: Number(raw), raw, range: R };
}

export const booleanLitArb: fc.Arbitrary<BooleanLiteral> = fc.boolean().map((value) => ({
  kind: 'boolean',
  value,
  range: R,
}));

export const scalarArb: fc.Arbitrary<ScalarLiteral> = fc.oneof(
  stringLitArb,
  numberLitArb,
  booleanLitArb,
);

export const stringListArb: fc.Arbitrary<ListLiteral> = fc
  .array(stringLitArb, { maxLength: 4 })
  .map((items) => ({ kind: 'list', items, range: R }));

export const listArb: fc.Arbitrary<ListLiteral> = fc.oneof(
  stringListArb,
  fc
    .array(scalarArb, { maxLength: 4 })
    .map((items): ListLiteral => ({ kind: 'list', items, range: R })),
);

export const literalArb: fc.Arbitrary<Literal> = fc.oneof(scalarArb, listArb);

// ---------------------------------------------------------------- time and events

export const timeUnitArb: fc.Arbitrary<TimeUnit> = fc.constantFrom('minute', 'hour', 'day', 'week');

/**
 * Rolling windows (§12.1): `between N and M UNITS ago` (now and then with a unit
 * after N too, which the checker explains) and `before N UNITS ago`.
 */
export const agoWindowArb: fc.Arbitrary<Window> = fc.oneof(
  fc
    .record({
      near: countLitArb,
      far: countLitArb,
      unit: timeUnitArb,
      nearUnit: fc.option(timeUnitArb, { nil: undefined, freq: 4 }),
    })
    .map(({ near, far, unit, nearUnit }): Window => ({
      kind: 'ago',
      near,
      far,
      unit,
      ...(nearUnit ? { nearUnit: { unit: nearUnit, range: R } } : {}),
      range: R,
    })),
  fc
    .record({ near: countLitArb, unit: timeUnitArb })
    .map(({ near, unit }): Window => ({ kind: 'ago', near, unit, range: R })),
);

export const windowArb: fc.Arbitrary<Window> = fc.oneof(
  agoWindowArb,
  fc
    .record({ amount: countLitArb, unit: timeUnitArb })
    .map(({ amount, unit }): Window => ({ kind: 'within', amount, unit, range: R })),
  fc
    .oneof(fc.tuple(timestampLitArb, timestampLitArb), fc.tuple(numberLitArb, numberLitArb))
    .map(([from, to]): Window => ({ kind: 'between', from, to, range: R })),
  timestampLitArb.map((value): Window => ({ kind: 'before', value, range: R })),
  timestampLitArb.map((value): Window => ({ kind: 'after', value, range: R })),
);

export const eventRefArb: fc.Arbitrary<EventRef> = fc.oneof(
  {
    weight: 4,
    arbitrary: stringLitArb.map((name): EventRef => ({ kind: 'track-event', name, range: R })),
  },
  { weight: 1, arbitrary: fc.constant<EventRef>({ kind: 'page-event', range: R }) },
  { weight: 1, arbitrary: fc.constant<EventRef>({ kind: 'screen-event', range: R }) },
);

const COUNT_OPS: CountOperator[] = ['at-least', 'at-most', 'exactly', 'more-than', 'fewer-than'];
export const eventCountArb: fc.Arbitrary<EventCount> = fc
  .record({ op: fc.constantFrom(...COUNT_OPS), n: countLitArb })
  .map(({ op, n }) => ({ kind: 'event-count', op, n, range: R }));

// ---------------------------------------------------------------- tests and filters

export const testArb: fc.Arbitrary<Test> = fc.oneof(
  fc
    .record({ op: fc.constantFrom('=', '!=', '<', '<=', '>', '>=' as const), value: literalArb })
    .map(({ op, value }): Test => ({ kind: 'compare', op, value, range: R })),
  fc
    .record({ negated: fc.boolean(), values: listArb })
    .map(({ negated, values }): Test => ({ kind: 'in-list', negated, values, range: R })),
  literalArb.map((value): Test => ({ kind: 'contains', value, range: R })),
  listArb.map((values): Test => ({ kind: 'contains-any', values, range: R })),
  listArb.map((values): Test => ({ kind: 'contains-all', values, range: R })),
  stringLitArb.map((value): Test => ({ kind: 'starts-with', value, range: R })),
  stringLitArb.map((value): Test => ({ kind: 'ends-with', value, range: R })),
  fc.boolean().map((value): Test => ({ kind: 'is-boolean', value, range: R })),
  fc.boolean().map((negated): Test => ({ kind: 'is-set', negated, range: R })),
  windowArb.map((window): Test => ({ kind: 'window', window, range: R })),
);

const and = (operands: Condition[]): Condition => ({ kind: 'and', operands, range: R });
const or = (operands: Condition[]): Condition => ({ kind: 'or', operands, range: R });
const not = (operand: Condition): Condition => ({ kind: 'not', operand, range: R });

/** and/or/not over `atom`, at most `depth` levels deep. */
function combine(atom: fc.Arbitrary<Condition>, depth: number): fc.Arbitrary<Condition> {
  if (depth <= 0) return atom;
  const inner = combine(atom, depth - 1);
  return fc.oneof(
    { weight: 5, arbitrary: atom },
    { weight: 2, arbitrary: fc.array(inner, { minLength: 2, maxLength: 3 }).map(and) },
    { weight: 2, arbitrary: fc.array(inner, { minLength: 2, maxLength: 3 }).map(or) },
    { weight: 1, arbitrary: inner.map(not) },
  );
}

/** A condition on event properties, as in `where currency = "USD" and revenue >= 100`. */
export const filterArb: fc.Arbitrary<Condition> = combine(
  fc.record({ name: identifierArb, test: testArb }).map(({ name, test }): Condition => ({
    kind: 'trait-test',
    subject: { kind: 'name-ref', name, range: R },
    test,
    range: R,
  })),
  2,
);

/** A window after a filter that ends in a parenthesised group belongs to the `did`/aggregation. */
const windowAfterFilter = (
  _filter: Condition | undefined,
  window: Window | undefined,
): Window | undefined => window;

// ---------------------------------------------------------------- aggregations

const PROPERTY_FNS: AggregationFunction[] = [
  'sum',
  'avg',
  'min',
  'max',
  'most_frequent',
  'unique',
  'count_unique',
];

export const aggregationArb: fc.Arbitrary<Aggregation> = fc
  .record({
    fn: fc.constantFrom<AggregationFunction>('count', 'first', 'last', ...PROPERTY_FNS),
    event: eventRefArb,
    property: identifierArb,
    withProperty: fc.boolean(),
    filter: fc.option(filterArb, { nil: undefined }),
    window: fc.option(windowArb, { nil: undefined }),
    minCount: fc.option(countLitArb, { nil: undefined }),
  })
  .map(({ fn, event, property, withProperty, filter, window, minCount }) => {
    const agg: Aggregation = { kind: 'aggregation', fn, event, range: R };
    if (PROPERTY_FNS.includes(fn) || ((fn === 'first' || fn === 'last') && withProperty))
      agg.property = property;
    if (filter) agg.filter = filter;
    const w = windowAfterFilter(filter, window);
    if (w) agg.window = w;
    if (fn === 'most_frequent' && minCount) agg.minCount = minCount;
    return agg;
  });

// ---------------------------------------------------------------- conditions

const traitTest = (subject: Subject, test: Test): Condition => ({
  kind: 'trait-test',
  subject,
  test,
  range: R,
});

const nameTestArb = fc
  .record({ name: identifierArb, test: testArb })
  .map(({ name, test }) => traitTest({ kind: 'name-ref', name, range: R }, test));

const inlineAggregateArb = fc
  .record({ aggregation: aggregationArb, test: testArb })
  .map(({ aggregation, test }) =>
    traitTest({ kind: 'inline-aggregate', aggregation, range: R }, test),
  );

const inAudienceArb = (viaAccount: fc.Arbitrary<boolean>): fc.Arbitrary<Condition> =>
  fc.record({ audience: identifierArb, viaAccount }).map(({ audience, viaAccount: via }) => ({
    kind: 'in-audience',
    audience,
    viaAccount: via,
    range: R,
  }));

/**
 * The lifecycle tails of a `did` (§12.3), drawn rarely: `for the first time WINDOW`
 * (the did then has neither count nor window), `in at least K of the last M UNITS`
 * (no window; a count is allowed).
 */
const lifecycleArb: fc.Arbitrary<Lifecycle | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: windowArb.map((window): Lifecycle => ({ kind: 'first-time', window, range: R })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ k: countLitArb, m: countLitArb, unit: timeUnitArb })
      .map(({ k, m, unit }): Lifecycle => ({ kind: 'regularly', k, m, unit, range: R })),
  },
);

export const didArb: fc.Arbitrary<Condition> = fc
  .record({
    event: eventRefArb,
    filter: fc.option(filterArb, { nil: undefined, freq: 3 }),
    count: fc.option(eventCountArb, { nil: undefined }),
    window: fc.option(windowArb, { nil: undefined }),
    lifecycle: lifecycleArb,
  })
  .map(({ event, filter, count, window, lifecycle }) => {
    const did: Condition = { kind: 'did', event, range: R };
    if (filter) did.filter = filter;
    if (count && lifecycle?.kind !== 'first-time') did.count = count;
    const w = windowAfterFilter(filter, window);
    if (w && !lifecycle) did.window = w;
    if (lifecycle) did.lifecycle = lifecycle;
    return did;
  });

/** `stopped doing EVENT [where F] for N UNITS` (§12.3). */
export const stoppedArb: fc.Arbitrary<Condition> = fc
  .record({
    event: eventRefArb,
    filter: fc.option(filterArb, { nil: undefined, freq: 3 }),
    amount: countLitArb,
    unit: timeUnitArb,
  })
  .map(({ event, filter, amount, unit }) => ({
    kind: 'stopped-doing',
    event,
    ...(filter ? { filter } : {}),
    amount,
    unit,
    range: R,
  }));

/**
 * One step of a sequence (§12.2): the first with any window, later ones mostly with
 * `within N UNITS` (any window parses; the checker explains); a count now and then
 * (parsed so the checker can report it).
 */
const sequenceStepArb = (first: boolean): fc.Arbitrary<SequenceStep> =>
  fc
    .record({
      event: eventRefArb,
      filter: fc.option(filterArb, { nil: undefined, freq: 3 }),
      count: fc.option(eventCountArb, { nil: undefined, freq: 8 }),
      window: fc.option(
        first
          ? windowArb
          : fc.oneof(
              { weight: 4, arbitrary: windowArb.filter((w) => w.kind === 'within') },
              { weight: 1, arbitrary: windowArb },
            ),
        { nil: undefined },
      ),
    })
    .map(({ event, filter, count, window }) => ({
      kind: 'sequence-step',
      event,
      ...(filter ? { filter } : {}),
      ...(count ? { count } : {}),
      ...(window ? { window } : {}),
      range: R,
    }));

/** `did STEP then STEP [then STEP]` (§12.2). */
export const sequenceArb: fc.Arbitrary<Condition> = fc
  .tuple(sequenceStepArb(true), fc.array(sequenceStepArb(false), { minLength: 1, maxLength: 2 }))
  .map(([first, later]) => ({ kind: 'sequence', steps: [first, ...later], range: R }));

/** One atom of a user-context condition (LANGUAGE.md §4.1–§4.6). */
export const userAtomArb: fc.Arbitrary<Condition> = fc.oneof(
  { weight: 3, arbitrary: nameTestArb },
  { weight: 4, arbitrary: didArb },
  {
    weight: 1,
    arbitrary: fc
      .record({ name: identifierArb, test: testArb })
      .map(({ name, test }) => traitTest({ kind: 'account-trait-ref', name, range: R }, test)),
  },
  { weight: 1, arbitrary: inAudienceArb(fc.boolean()) },
  { weight: 1, arbitrary: inlineAggregateArb },
  { weight: 1, arbitrary: sequenceArb },
  { weight: 1, arbitrary: stoppedArb },
);

export const userConditionArb: fc.Arbitrary<Condition> = combine(userAtomArb, 2);

const QUANTIFIERS: Quantifier[] = ['any', 'all', 'no', 'at-least', 'at-most', 'exactly'];

export const quantifiedArb: fc.Arbitrary<Condition> = fc
  .record({ quantifier: fc.constantFrom(...QUANTIFIERS), n: countLitArb, body: userConditionArb })
  .map(({ quantifier, n, body }) => ({
    kind: 'quantified',
    quantifier,
    ...(quantifier === 'any' || quantifier === 'all' || quantifier === 'no' ? {} : { n }),
    body,
    range: R,
  }));

/**
 * `count users [C]` (§12.4), C any user condition: one atom (which may itself start
 * with a parenthesised aggregate, `(last "X") before …`) or a compound the printer wraps.
 */
export const userCountArb: fc.Arbitrary<UserCount> = fc
  .option(userConditionArb, { nil: undefined, freq: 6 })
  .map((body) => ({ kind: 'user-count', ...(body ? { body } : {}), range: R }));

/** `count users [C] TEST` inline in account context. */
const inlineUserCountArb: fc.Arbitrary<Condition> = fc
  .record({ aggregation: userCountArb, test: testArb })
  .map(({ aggregation, test }) =>
    traitTest({ kind: 'inline-aggregate', aggregation, range: R }, test),
  );

/** One atom of an account-context condition. */
export const accountAtomArb: fc.Arbitrary<Condition> = fc.oneof(
  { weight: 3, arbitrary: nameTestArb },
  { weight: 3, arbitrary: quantifiedArb },
  { weight: 1, arbitrary: inAudienceArb(fc.constant(false)) },
  { weight: 1, arbitrary: inlineAggregateArb },
  { weight: 2, arbitrary: inlineUserCountArb },
);

export const accountConditionArb: fc.Arbitrary<Condition> = combine(accountAtomArb, 3);

// ---------------------------------------------------------------- definitions

export const entityArb: fc.Arbitrary<Entity> = fc.constantFrom('account', 'user');

const SQL_BODIES = [
  "\n  select m.account_id as id, count(distinct e.user_id) as value\n  from {{ memberships }} m join {{ tracks }} e on e.user_id = m.user_id\n  where e.event = 'Logged In' and e.timestamp > {{ now }} - interval '30 days'\n  group by 1\n",
  ' select id, 1 as value from {{ users }} ',
  '\nselect id, \'é 中 🚀 "q" # not a comment\' as value   \n\tfrom {{ accounts }}\n',
  '\n    select id, true as value from {{ users }}  -- trailing spaces kept   \n  ',
];

export const sqlBodyArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...SQL_BODIES),
  fc
    .string({
      unit: fc.constantFrom('s', 'e', 'l', ' ', '\n', "'", '"', '#', '{', '}', '中', '\\'),
      maxLength: 40,
    })
    // A body cannot hold `"""`, nor end with `"` (that quote would close the block early).
    .filter((s) => !s.includes('"""') && !s.endsWith('"')),
);

const syncCallArb: fc.Arbitrary<SyncCall> = fc.oneof(
  fc.constantFrom<SyncCall>(
    { kind: 'sync-call', call: 'group', options: [], range: R },
    { kind: 'sync-call', call: 'identify', options: [], range: R },
    { kind: 'sync-call', call: 'track', options: [], range: R },
  ),
  fc
    .record({ entered: stringLitArb, exited: stringLitArb, both: fc.boolean() })
    .map(({ entered, exited, both }): SyncCall => ({
      kind: 'sync-call',
      call: 'track',
      options: [
        {
          kind: 'sync-option',
          name: { kind: 'identifier', name: 'entered', range: R },
          value: entered,
          range: R,
        },
        ...(both
          ? [
              {
                kind: 'sync-option' as const,
                name: { kind: 'identifier' as const, name: 'exited', range: R },
                value: exited,
                range: R,
              },
            ]
          : []),
      ],
      range: R,
    })),
  stringLitArb.map((value): SyncCall => ({
    kind: 'sync-call',
    call: 'track',
    options: [
      {
        kind: 'sync-option',
        name: { kind: 'identifier', name: 'name', range: R },
        value,
        range: R,
      },
    ],
    range: R,
  })),
);

/** A share as users write it (`10`, `12.5`, `33.33`, `87.50`); the checker checks the sum. */
const percentArb: fc.Arbitrary<NumberLiteral> = fc
  .oneof(
    fc.constantFrom('10', '90', '12.5', '87.50', '33.33', '0.01', '100', '50'),
    fc.integer({ min: 1, max: 100 }).map(String),
  )
  .map(numberLit);

const splitPartArb: fc.Arbitrary<SplitPart> = fc
  .record({ name: identifierArb, percent: percentArb })
  .map(({ name, percent }) => ({ kind: 'split-part', name, percent, range: R }));

export const definitionArb: fc.Arbitrary<Definition> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({ name: identifierArb, entity: entityArb, aggregation: aggregationArb })
      .map(({ name, entity, aggregation }): Definition => ({
        kind: 'trait',
        name,
        entity,
        entityRange: R,
        aggregation,
        range: R,
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ name: identifierArb, aggregation: userCountArb })
      .map(({ name, aggregation }): Definition => ({
        kind: 'trait',
        name,
        entity: 'account',
        entityRange: R,
        aggregation,
        range: R,
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        name: identifierArb,
        audience: identifierArb,
        parts: fc.array(splitPartArb, { minLength: 1, maxLength: 4 }),
      })
      .map(({ name, audience, parts }): Definition => ({
        kind: 'split',
        name,
        audience,
        parts,
        range: R,
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        name: identifierArb,
        entity: entityArb,
        valueType: fc.constantFrom('string', 'number', 'boolean', 'timestamp', 'list' as const),
        sql: sqlBodyArb,
      })
      .map(({ name, entity, valueType, sql }): Definition => ({
        kind: 'sql-trait',
        name,
        entity,
        entityRange: R,
        valueType,
        valueTypeRange: R,
        sql,
        sqlRange: R,
        range: R,
      })),
  },
  {
    weight: 5,
    arbitrary: fc
      .record({
        name: identifierArb,
        entity: entityArb,
        account: accountConditionArb,
        user: userConditionArb,
      })
      .map(({ name, entity, account, user }): Definition => ({
        kind: 'audience',
        name,
        entity,
        entityRange: R,
        condition: entity === 'account' ? account : user,
        range: R,
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        source: identifierArb,
        destination: identifierArb,
        calls: fc.array(syncCallArb, { minLength: 1, maxLength: 3 }),
      })
      .map(({ source, destination, calls }): Definition => ({
        kind: 'sync',
        source,
        destination,
        calls,
        range: R,
      })),
  },
);

/** A comment line's text after the marker: never starts with `#` (that would make `##`), no line break. */
const commentBodyArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' Why this threshold: churn analysis, 2026-Q1.',
    ' TODO(ana): revisit',
    ' ünïcødé 🚀 "quoted" \\ # more',
  ),
  fc
    .string({ unit: fc.constantFrom('a', ' ', '#', '"', 'é', '🚀', '(', ')'), maxLength: 20 })
    .map((s) => s.replace(/^#+/, '').trimEnd()),
);

interface GeneratedDefinition {
  definition: Definition;
  /** Plain `#` comment lines above the definition (separated from it by a blank line). */
  notes: string[];
  /** `##` doc lines directly above it. */
  doc: string[];
}

const generatedDefinitionArb: fc.Arbitrary<GeneratedDefinition> = fc.record({
  definition: definitionArb,
  notes: fc.array(commentBodyArb, { maxLength: 2 }),
  doc: fc.array(commentBodyArb, { maxLength: 3 }),
});

/**
 * A program AST with synthetic ranges: each definition and comment gets its own
 * "line" in `source` (a string of line breaks), which is all `formatProgram` needs
 * to keep comments in place. Inner nodes keep the placeholder range.
 */
export const programAstOf = (
  maxDefinitions: number,
): fc.Arbitrary<{ program: Program; source: string }> =>
  fc.array(generatedDefinitionArb, { maxLength: maxDefinitions }).map((defs) => {
    let offset = 0;
    const comments: Comment[] = [];
    const definitions: Definition[] = [];
    const commentAt = (text: string, doc: boolean): Comment => {
      const c: Comment = { kind: 'comment', text, doc, range: rangeAt(offset) };
      offset += 1;
      return c;
    };
    for (const { definition, notes, doc } of defs) {
      for (const note of notes) comments.push(commentAt(`#${note}`, false));
      if (notes.length > 0) offset += 1; // the blank line
      const docComments = doc.map((line) => commentAt(`##${line}`, true));
      comments.push(...docComments);
      const placed: Definition = { ...definition, range: rangeAt(offset) };
      if (docComments.length > 0 && placed.kind !== 'broken') {
        const first = docComments[0]!.range;
        placed.doc = {
          text: doc.map((line) => line.replace(/^ /, '')).join('\n'),
          range: { file: GEN_FILE, start: first.start, end: docComments.at(-1)!.range.end },
        } satisfies DocComment;
      }
      definitions.push(placed);
      offset += 2;
    }
    const program: Program = { kind: 'program', file: GEN_FILE, definitions, comments, range: R };
    return { program, source: '\n'.repeat(offset + 1) };
  });

export const programAstArb = programAstOf(6);

/** Program text in canonical form, covering every construct. */
export const programTextOf = (maxDefinitions: number): fc.Arbitrary<string> =>
  programAstOf(maxDefinitions).map(({ program, source }) => formatProgram(program, source));

export const programTextArb: fc.Arbitrary<string> = programTextOf(6);

// ---------------------------------------------------------------- textual variants

/**
 * Splits canonical program text into tokens and trivia so a test can re-join the
 * tokens with other whitespace and comments. Comments keep their line break.
 */
export function tokenize(text: string): string[] {
  const pattern =
    /"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"(?:\.[A-Za-z_][A-Za-z0-9_]*)?|#[^\n]*\n?|-?\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?|!=|<=|>=|\S/g;
  return text.match(pattern) ?? [];
}

const separatorArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(' ') },
  { weight: 2, arbitrary: fc.constantFrom('  ', '\t', '\n', '\n\n  ', ' \r\n', '\n\t\t') },
  { weight: 1, arbitrary: commentBodyArb.map((c) => ` #${c}\n`) },
  { weight: 1, arbitrary: commentBodyArb.map((c) => `\n   #${c}\n`) },
);

/**
 * The same program written differently: random whitespace, line breaks and `#`
 * comments between tokens (never inside a comment or a string). Doc comments are
 * kept directly above their definition, so the variant means the same program.
 */
export const textVariantArb = (text: string): fc.Arbitrary<string> => {
  const tokens = tokenize(text);
  return fc
    .array(separatorArb, { minLength: tokens.length, maxLength: tokens.length })
    .map((seps) => {
      let out = '';
      tokens.forEach((token, i) => {
        const isComment = token.startsWith('#');
        const nextIsDoc = tokens[i + 1]?.startsWith('##') === true;
        const nextIsDefinition = /^(trait|audience|sync|split)$/.test(tokens[i + 1] ?? '');
        out += isComment && !token.endsWith('\n') ? `${token}\n` : token;
        const sep = seps[i] ?? ' ';
        // A comment token ends its line already; a doc block stays directly above its definition.
        if (isComment) {
          if (!token.startsWith('##') && !nextIsDoc && !nextIsDefinition) out += sep;
          return;
        }
        // `##` after code on the same line would be a trailing comment, not documentation;
        // a definition starts at the beginning of a line.
        if (nextIsDoc) out += '\n';
        else if (nextIsDefinition) out += sep.includes('\n') ? sep : `${sep}\n`;
        else out += sep;
      });
      return out;
    });
};

/** A canonical program and a textual variant of it. */
export const programVariantArb: fc.Arbitrary<{ canonical: string; variant: string }> =
  programTextArb.chain((canonical) =>
    textVariantArb(canonical).map((variant) => ({ canonical, variant })),
  );

// ---------------------------------------------------------------- fuzzing

/** Hand-written programs in the style of LANGUAGE.md and the conformance cases: seeds for mutation. */
export const SEED_PROGRAMS: readonly string[] = [
  `## Logins by anyone in the account over the last 30 days.
trait logins_past_30_days = account count "Logged In" within 30 days

trait active_users_30d = account sql number """
  select m.account_id as id, count(distinct e.user_id) as value
  from {{ memberships }} m join {{ tracks }} e on e.user_id = m.user_id
  where e.event = 'Logged In' and e.timestamp > {{ now }} - interval '30 days'
  group by 1
"""

audience at_risk_accounts =
  account where any user did "Logged In" within 30 days
            and logins_past_30_days < 10

sync at_risk_accounts to zendesk with group, identify,
  track (entered = "Account At Risk", exited = "Account Recovered")
`,
  `audience two_plus_active = account where at least 2 users did "Logged In" within 30 days
audience exactly_two_admins = account where exactly 2 users (role = "Admin")
audience pro_with_admin = account where any user role = "Admin" and plan = "pro" # note
audience big_usd_buyers = user where did "Order Completed" where currency = "USD" and revenue >= 100 within 30 days
audience neither = account where not (industry = "Software" or plan = "pro")
`,
  `trait top_feature = user most_frequent "Feature Used".feature within 4 weeks min 3
trait revenue = account sum "Order Completed".revenue where currency in ["USD", "EUR"]
audience lapsed = user where (last "Logged In") before "2026-01-01" and account.plan != "free"
audience via = user where account in at_risk_accounts or signed_up_at within 7 days
audience tags = account where tags contains any ["a", "b"] and name starts with "Ünï 🚀" and seats between 1 and 10
`,
  `trait active_users_30d = account count users did "Logged In" within 30 days
audience funnel = user where did "Trial Started" within 30 days then "Invite Sent" where role = "Admin" within 7 days then "Report Viewed"
audience churned = user where stopped doing "Logged In" for 14 days or did "Signed Up" for the first time between 7 and 14 days ago
audience regulars = user where did "Logged In" at least 2 times in at least 3 of the last 4 weeks
audience few_lapsed = account where (count users ((last "Logged In") before 30 days ago)) between 1 and 5
split q3_outreach = at_risk into at_risk_holdout 10%, at_risk_contacted 90%
`,
];

/**
 * The seed programs cut into single definitions (with their comments): small
 * inputs keep fuzzing fast, and the parser handles each definition on its own.
 */
export const SEED_DEFINITIONS: readonly string[] = SEED_PROGRAMS.flatMap((program) =>
  program.split(/\n(?=##|#|trait|audience|sync|split)/).filter((d) => d.trim() !== ''),
);

const FUZZ_TOKENS = [
  'trait',
  'audience',
  'sync',
  'account',
  'user',
  'users',
  'where',
  'did',
  'and',
  'or',
  'not',
  'in',
  'any',
  'all',
  'no',
  'at',
  'least',
  'most',
  'exactly',
  'more',
  'fewer',
  'than',
  'times',
  'is',
  'set',
  'true',
  'false',
  'contains',
  'starts',
  'ends',
  'with',
  'within',
  'between',
  'before',
  'after',
  'days',
  'page',
  'screen',
  'count',
  'sum',
  'first',
  'last',
  'most_frequent',
  'min',
  'sql',
  'number',
  'to',
  'group',
  'track',
  'plan',
  'x',
  '=',
  '!=',
  '<',
  '>=',
  '(',
  ')',
  '[',
  ']',
  ',',
  '.',
  '"Logged In"',
  '"a\\"b"',
  '10',
  '-2.5',
  '"""',
  '"""select 1"""',
  '#',
  '## doc',
  '\n',
  '\n\n',
  '"',
  "'x'",
  '&&',
  '\u0000',
  '🚀',
  '\\',
  '{{',
  'é',
  'then',
  'stopped',
  'doing',
  'for',
  'the',
  'time',
  'of',
  'ago',
  'split',
  'into',
  '%',
];

/** Something nasty to splice into a program. */
const injectionArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '"',
    '"""',
    '\u0000',
    '🚀',
    '\ud83d',
    '\\',
    '#',
    '##',
    '\n',
    '\r\n',
    '\t',
    '(',
    ')',
    '[',
    ']',
    '.',
    '-',
    '=',
    "'",
  ),
  fc
    .record({
      s: fc.constantFrom('a', '(', ')', '"', ' ', '9', 'and ', 'not ', '[', '#', '\n'),
      n: fc.integer({ min: 10, max: 60 }),
    })
    .map(({ s, n }) => s.repeat(n)),
  fc.constantFrom(...FUZZ_TOKENS),
);

type Mutation = (text: string, at: number, payload: string) => string;

function tokenMutation(edit: (tokens: string[], i: number, payload: string) => void): Mutation {
  return (text, at, payload) => {
    const tokens = tokenize(text);
    if (tokens.length === 0) return payload;
    edit(tokens, at % tokens.length, payload);
    return tokens.join(' ');
  };
}

const MUTATIONS: Record<string, Mutation> = {
  deleteToken: tokenMutation((tokens, i) => void tokens.splice(i, 1)),
  insertToken: tokenMutation((tokens, i, payload) => void tokens.splice(i, 0, payload)),
  duplicateToken: tokenMutation((tokens, i) => void tokens.splice(i, 0, tokens[i]!)),
  swapTokens: tokenMutation((tokens, i) => {
    const j = (i + 1) % tokens.length;
    [tokens[i], tokens[j]] = [tokens[j]!, tokens[i]!];
  }),
  deleteChar: (text, at) =>
    text.length === 0 ? text : text.slice(0, at % text.length) + text.slice((at % text.length) + 1),
  insert: (text, at, payload) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + payload + text.slice(i);
  },
  truncate: (text, at) => text.slice(0, at % (text.length + 1)),
};

const mutationArb = fc.record({
  kind: fc.constantFrom(...Object.keys(MUTATIONS)),
  at: fc.nat(),
  payload: injectionArb,
});

/** A valid definition (hand-written or generated) with 1–4 mutations applied. */
export const mutatedProgramArb: fc.Arbitrary<string> = fc
  .record({
    base: fc.oneof(fc.constantFrom(...SEED_DEFINITIONS), programTextOf(1)),
    mutations: fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
  })
  .map(({ base, mutations }) =>
    mutations.reduce((text, m) => MUTATIONS[m.kind]!(text, m.at, m.payload), base),
  );

/** Random sequences of the language's tokens (and a few foreign ones), joined by random space. */
export const tokenSoupArb: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(fc.constantFrom(...FUZZ_TOKENS), fc.constantFrom(' ', ' ', ' ', '', '\n', '  ')),
    { maxLength: 60 },
  )
  .map((pairs) => pairs.map(([token, space]) => token + space).join(''));

/** Inputs for the front-end fuzzer: mostly near-valid programs, some token soup. */
export const fuzzInputArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: mutatedProgramArb },
  { weight: 1, arbitrary: tokenSoupArb },
);
