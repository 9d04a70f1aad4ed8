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
 * Unicode and escaped strings.
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
  ListLiteral,
  Literal,
  NumberLiteral,
  Program,
  Quantifier,
  ScalarLiteral,
  StringLiteral,
  Subject,
  SyncCall,
  Test,
  TimeUnit,
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
    'screen count_unique most_frequent count sum avg min max first last unique'
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

export const windowArb: fc.Arbitrary<Window> = fc.oneof(
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
    if (window) agg.window = window;
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

export const didArb: fc.Arbitrary<Condition> = fc
  .record({
    event: eventRefArb,
    filter: fc.option(filterArb, { nil: undefined, freq: 3 }),
    count: fc.option(eventCountArb, { nil: undefined }),
    window: fc.option(windowArb, { nil: undefined }),
  })
  .map(({ event, filter, count, window }) => {
    const did: Condition = { kind: 'did', event, range: R };
    if (filter) did.filter = filter;
    if (count) did.count = count;
    if (window) did.window = window;
    return did;
  });

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

/** One atom of an account-context condition. */
export const accountAtomArb: fc.Arbitrary<Condition> = fc.oneof(
  { weight: 3, arbitrary: nameTestArb },
  { weight: 3, arbitrary: quantifiedArb },
  { weight: 1, arbitrary: inAudienceArb(fc.constant(false)) },
  { weight: 1, arbitrary: inlineAggregateArb },
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
export const programAstArb: fc.Arbitrary<{ program: Program; source: string }> = fc
  .array(generatedDefinitionArb, { maxLength: 6 })
  .map((defs) => {
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

/** Program text in canonical form, covering every construct. */
export const programTextArb: fc.Arbitrary<string> = programAstArb.map(({ program, source }) =>
  formatProgram(program, source),
);

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
        const nextIsDefinition = /^(trait|audience|sync)$/.test(tokens[i + 1] ?? '');
        out += isComment && !token.endsWith('\n') ? `${token}\n` : token;
        // Between a doc block and its definition, and before a doc block, only plain space.
        if (isComment && (token.startsWith('##') || nextIsDoc)) return;
        if (nextIsDoc || (nextIsDefinition && isComment)) {
          out += '\n';
          return;
        }
        out += seps[i] ?? ' ';
      });
      return out;
    });
};

/** A canonical program and a textual variant of it. */
export const programVariantArb: fc.Arbitrary<{ canonical: string; variant: string }> =
  programTextArb.chain((canonical) =>
    textVariantArb(canonical).map((variant) => ({ canonical, variant })),
  );
