/**
 * Every diagnostic the checker reports, in one table: code → severity, a
 * one-line summary (docs/diagnostics.md, SARIF rules) and a formatter with
 * typed parameters. Keeping messages here, not inline, keeps the wording
 * consistent and lets `roster check --format sarif` list its rules.
 */
import type { Diagnostic, RelatedInformation, Severity } from '../diagnostics/diagnostic.js';
import type { SourceRange } from '../diagnostics/source.js';
import { withArticle } from '../diagnostics/article.js';

interface MessageSpec<P> {
  severity: Severity;
  summary: string;
  format: (p: P) => string;
}

function spec<P>(severity: Severity, summary: string, format: (p: P) => string): MessageSpec<P> {
  return { severity, summary, format };
}

const q = (name: string): string => `\`${name}\``;
const a = withArticle;

export const CHECK_MESSAGES = {
  // ------------------------------------------------------------ names
  'name-duplicate': spec<{ name: string; elsewhere?: string }>(
    'error',
    'A name is defined twice (names are unique across all files of a project).',
    (p) =>
      p.elsewhere
        ? `${q(p.name)} is already ${p.elsewhere}`
        : `${q(p.name)} is defined more than once`,
  ),
  'name-unknown-trait': spec<{ name: string; entity: string }>(
    'error',
    'A condition names a trait that is neither in schema.yml nor defined in the project.',
    (p) => `unknown trait ${q(p.name)}: no ${p.entity} trait has this name`,
  ),
  'name-unknown-audience': spec<{ name: string }>(
    'error',
    'An `in` condition names an audience that is not defined.',
    (p) => `unknown audience ${q(p.name)}`,
  ),
  'name-unknown-definition': spec<{ name: string }>(
    'error',
    'A sync names an audience or trait that is not defined.',
    (p) => `unknown audience or trait ${q(p.name)}`,
  ),
  'name-unknown-event': spec<{ name: string }>(
    'error',
    'An event name is not declared in schema.yml.',
    (p) => `unknown event "${p.name}": schema.yml declares no event with this name`,
  ),
  'name-unknown-property': spec<{ name: string; event: string }>(
    'error',
    'An event filter or aggregation names a property the event does not have.',
    (p) => `${p.event} has no property ${q(p.name)}`,
  ),
  'name-unknown-destination': spec<{ name: string }>(
    'error',
    'A sync names a destination that roster.yaml does not declare.',
    (p) => `unknown destination ${q(p.name)}: roster.yaml declares no destination with this name`,
  ),
  'name-audience-as-trait': spec<{ name: string }>(
    'error',
    'An audience is used where a trait is expected.',
    (p) => `${q(p.name)} is an audience, not a trait`,
  ),
  'name-trait-as-audience': spec<{ name: string }>(
    'error',
    'A trait is used after `in`, where an audience is expected.',
    (p) => `${q(p.name)} is a trait, not an audience`,
  ),
  'name-trait-in-filter': spec<{ name: string; event: string; entity: string }>(
    'error',
    'A name inside an event filter is a trait, not a property of the event (LANGUAGE.md §4.2).',
    (p) => `${q(p.name)} is not a property of ${p.event}; it is ${a(p.entity)} trait`,
  ),
  'name-cycle': spec<{ cycle: string[] }>(
    'error',
    'Definitions refer to each other in a cycle.',
    (p) => `definitions refer to each other in a cycle: ${p.cycle.join(' → ')}`,
  ),
  // ------------------------------------------------------------ entities
  'entity-user-atom-in-account-context': spec<{ what: string }>(
    'error',
    'A user condition (a user trait or `did`) is written directly in an account condition.',
    (p) => `${p.what}, but this condition is about an account`,
  ),
  'entity-account-trait-in-user-context': spec<{ name: string }>(
    'error',
    'An account trait is used in a user condition without `account.`.',
    (p) => `${q(p.name)} is an account trait, but this condition is about a user`,
  ),
  'entity-audience-mismatch': spec<{
    name: string;
    audienceEntity: string;
    contextEntity: string;
    viaAccount: boolean;
  }>('error', 'An `in` condition names an audience of the other entity.', (p) =>
    p.viaAccount
      ? `\`account in\` needs an account audience, but ${q(p.name)} is ${a(p.audienceEntity)} audience`
      : `${q(p.name)} is ${a(p.audienceEntity)} audience, but this condition is about ${a(p.contextEntity)}`,
  ),
  'entity-account-ref-outside-user': spec<{ written: string }>(
    'error',
    '`account.NAME` or `account in` is used outside a user condition.',
    (p) =>
      `${q(p.written)} can only be used in a user condition; this condition is already about an account`,
  ),
  'entity-account-ref-user-trait': spec<{ name: string }>(
    'error',
    '`account.NAME` names a user trait.',
    (p) => `${q(`account.${p.name}`)}: ${q(p.name)} is a user trait, not an account trait`,
  ),
  'entity-quantifier-outside-account': spec<{ written: string }>(
    'error',
    'A quantifier over users (`any user`, `all users`, ...) is used in a user condition.',
    (p) => `${q(p.written)} counts the users of an account, but this condition is about a user`,
  ),
  'entity-user-count-outside-account': spec<{ written: string; where: string }>(
    'error',
    '`count users` (LANGUAGE.md §12.4) is used outside account context: in a user trait or a user condition.',
    (p) => `${q(p.written)} counts the users of an account, but ${p.where} is about a user`,
  ),
  'entity-not-in-filter': spec<{ what: string }>(
    'error',
    'An event filter (`where`) contains something other than tests of event properties.',
    (p) =>
      `${p.what} cannot be used inside an event filter: \`where\` tests the event's properties`,
  ),
  // ------------------------------------------------------------ types
  'type-operator-mismatch': spec<{ operator: string; name: string; type: string }>(
    'error',
    'An operator does not apply to the type of the value it tests (LANGUAGE.md §4.1).',
    (p) => `${q(p.operator)} does not apply to ${q(p.name)}, which is ${a(p.type)}`,
  ),
  'type-literal-mismatch': spec<{
    name: string;
    type: string;
    literal: string;
    literalType: string;
  }>(
    'error',
    'A literal has a type that the value it is compared with can never have.',
    (p) => `${q(p.name)} is ${a(p.type)}, but ${p.literal} is ${a(p.literalType)}`,
  ),
  'type-enum-value': spec<{ name: string; value: string; allowed: string[] }>(
    'error',
    'A literal is not one of the values schema.yml allows for a trait or property.',
    (p) => `${p.value} is not a value of ${q(p.name)} (schema.yml allows ${p.allowed.join(', ')})`,
  ),
  'type-invalid-timestamp': spec<{ literal: string }>(
    'error',
    'A string where a timestamp is expected is not a valid ISO-8601 date or instant.',
    (p) => `${p.literal} is not a valid timestamp`,
  ),
  'type-min-count': spec<{ fn: string }>(
    'error',
    '`min N` is used on an aggregation other than `most_frequent`.',
    (p) => `\`min N\` applies only to \`most_frequent\`, not to \`${p.fn}\``,
  ),
  'type-negative-count': spec<{ what: string; value: string; least: number }>(
    'error',
    'A count, quantifier, `min N` or window amount is below its smallest allowed value.',
    (p) => `${p.what} must be at least ${p.least}, not ${p.value}`,
  ),
  'type-non-integer-count': spec<{ what: string; value: string }>(
    'error',
    'A count, quantifier, `min N` or window amount is not a whole number.',
    (p) => `${p.what} must be a whole number, not ${p.value}`,
  ),
  'type-number-out-of-range': spec<{ literal: string }>(
    'error',
    'A number literal is too large (or too far below zero) for a 64-bit floating-point number.',
    (p) => `${q(p.literal)} is too large: numbers are 64-bit floating point and this one overflows`,
  ),
  'type-number-inexact': spec<{ literal: string; nearest: string }>(
    'error',
    'A number literal has more digits than a 64-bit floating-point number keeps, so it would silently change.',
    (p) =>
      `${q(p.literal)} cannot be represented exactly: numbers are 64-bit floating point, and it would be read as ${q(p.nearest)}`,
  ),
  'type-count-too-large': spec<{ what: string; value: string; most: number }>(
    'error',
    'A count, quantifier, `min N` or window amount is larger than the largest exact whole number.',
    (p) => `${p.what} must be at most ${p.most}, not ${p.value}`,
  ),
  'type-window-too-long': spec<{ window: string; most: string }>(
    'error',
    'A `within` window reaches back more than 1000 years, beyond the instants warehouses store.',
    (p) =>
      `${q(p.window)} reaches back more than 1000 years, before any instant a warehouse stores (at most ${q(`within ${p.most}`)})`,
  ),
  'type-timestamp-out-of-range': spec<{ literal: string }>(
    'error',
    'A timestamp literal lies outside 0001-01-01 to 9999-12-31, the instants every warehouse stores.',
    (p) =>
      `${p.literal} is outside the timestamps warehouses store (from 0001-01-01 to the end of 9999)`,
  ),
  'type-between-reversed': spec<{ from: string; to: string }>(
    'error',
    'The bounds of `between` are reversed (or, for timestamps, equal: the range is empty).',
    (p) =>
      `\`between ${p.from} and ${p.to}\` is empty: the first bound must come before the second`,
  ),
  'type-ago-bounds': spec<{ window: string }>(
    'error',
    'The bounds of a rolling window `between N and M UNITS ago` are reversed or equal (N must be less than M).',
    (p) =>
      `${q(p.window)} is empty: the first number (nearer to now) must be smaller than the second`,
  ),
  'type-ago-mixed-units': spec<{ window: string }>(
    'error',
    'A rolling window `between N UNIT and M UNITS ago` names two different units.',
    (p) => `${q(p.window)} mixes two units: a rolling window has one unit, written once`,
  ),
  'type-regularly-bounds': spec<{ written: string }>(
    'error',
    'In `in at least K of the last M UNITS`, K is larger than M, so the condition can never hold.',
    (p) => `${q(p.written)} can never hold: K must be at most M, the number of units`,
  ),
  'type-empty-list': spec<{ operator: string }>(
    'error',
    'A list after `in`, `contains any` or `contains all` is empty.',
    (p) => `${q(p.operator)} needs at least one value`,
  ),
  'type-aggregation-property': spec<{ fn: string }>(
    'error',
    '`count` is given a property; it counts events.',
    (p) => `\`${p.fn}\` counts events and takes no property`,
  ),
  'type-aggregation-needs-property': spec<{ fn: string }>(
    'error',
    'An aggregation that reads a property (`sum`, `avg`, `unique`, ...) is given none.',
    (p) => `\`${p.fn}\` needs a property of the event, like \`${p.fn} "Order Completed".revenue\``,
  ),
  'type-aggregation-mismatch': spec<{ fn: string; property: string; type: string; need: string }>(
    'error',
    'An aggregation is applied to a property of a type it does not accept (LANGUAGE.md §5).',
    (p) => `\`${p.fn}\` needs ${p.need} property, but ${q(p.property)} is ${a(p.type)}`,
  ),
  // ------------------------------------------------------------ sql traits
  'sql-unknown-placeholder': spec<{ name: string }>(
    'error',
    'An SQL trait uses a `{{ … }}` placeholder roster does not define (LANGUAGE.md §6).',
    (p) => `unknown placeholder \`{{ ${p.name} }}\``,
  ),
  'sql-not-one-select': spec<{ message: string }>(
    'error',
    'An SQL trait is not exactly one read-only `select` query: it closes the parentheses roster wraps it in, has a second statement, or writes (issue 11.2).',
    (p) => p.message,
  ),
  'sql-unclosed-placeholder': spec<Record<string, never>>(
    'error',
    'An SQL trait has `{{` without a matching `}}`.',
    () => '`{{` is not closed by `}}`',
  ),
  // ------------------------------------------------------------ sources
  'check-missing-source': spec<{ what: string; source: string }>(
    'error',
    'A definition needs a source (tracks, pages, screens, users, accounts, memberships) the project does not configure.',
    (p) => `${p.what} needs the \`${p.source}\` source, which roster.yaml does not configure`,
  ),
  // ------------------------------------------------------------ syncs
  'sync-group-on-user': spec<{ name: string; kind: string }>(
    'error',
    '`group` calls describe accounts; they cannot sync a user audience or trait (LANGUAGE.md §7).',
    (p) => `\`group\` calls describe accounts, but ${q(p.name)} is a user ${p.kind}`,
  ),
  'sync-unknown-option': spec<{ call: string; option: string; allowed: string[] }>(
    'error',
    'A sync call has an option it does not take.',
    (p) =>
      p.allowed.length === 0
        ? `\`${p.call}\` takes no options, but ${q(p.option)} is given`
        : `\`${p.call}\` has no option ${q(p.option)} here (it takes ${p.allowed.map(q).join(', ')})`,
  ),
  'sync-duplicate-call': spec<{ call: string }>(
    'error',
    'A sync lists the same call twice.',
    (p) => `\`${p.call}\` is listed more than once`,
  ),
  // ------------------------------------------------------------ splits (LANGUAGE.md §12.5)
  'split-percent-not-positive': spec<{ part: string; percent: string }>(
    'error',
    'A part of a split has a share of 0% or less.',
    (p) => `the share of ${q(p.part)} is ${p.percent}%: every part needs more than 0%`,
  ),
  'split-percent-precision': spec<{ part: string; percent: string }>(
    'error',
    'A part of a split has a share with more than two decimals.',
    (p) => `the share of ${q(p.part)} is ${p.percent}%: a share has at most two decimals`,
  ),
  'split-percent-sum': spec<{ name: string; total: string }>(
    'error',
    'The shares of a split do not add up to exactly 100%.',
    (p) => `the parts of split ${q(p.name)} add up to ${p.total}%, not 100%`,
  ),
  'name-split-not-audience': spec<{ name: string }>(
    'error',
    'The name of a split is used where an audience is expected (its parts are the audiences).',
    (p) => `${q(p.name)} is a split, not an audience`,
  ),
  // ------------------------------------------------------------ sequences (LANGUAGE.md §12.2)
  'sequence-count': spec<{ count: string }>(
    'error',
    'A sequence (`did A then B`) has a count; it asks whether the steps happened in order, once.',
    (p) => `a sequence cannot have a count: \`${p.count}\``,
  ),
  'sequence-step-window': spec<{ window: string }>(
    'error',
    'A later step of a sequence has a window other than `within N UNITS` (of the previous step).',
    (p) =>
      `\`${p.window}\` cannot bound a later step of a sequence: only \`within N UNITS\` of the previous step can`,
  ),
  // ------------------------------------------------------------ warnings
  'check-unused-definition': spec<{ name: string }>(
    'warning',
    'A trait no audience, sync or other trait uses.',
    (p) => `trait ${q(p.name)} is not used by any audience, sync or trait`,
  ),
  'check-never-matches': spec<{ name: string; detail: string }>(
    'warning',
    'A conjunction that can never be true.',
    (p) => `this condition can never be true: ${q(p.name)} cannot be ${p.detail}`,
  ),
} as const;

export type CheckCode = keyof typeof CHECK_MESSAGES;
export type CheckParams<C extends CheckCode> = Parameters<(typeof CHECK_MESSAGES)[C]['format']>[0];

/** Builds a checker diagnostic from the table. */
export function checkDiagnostic<C extends CheckCode>(
  code: C,
  params: CheckParams<C>,
  range: SourceRange | undefined,
  hints: string[] = [],
  related: RelatedInformation[] = [],
): Diagnostic {
  const entry = CHECK_MESSAGES[code] as MessageSpec<CheckParams<C>>;
  return {
    code,
    severity: entry.severity,
    message: entry.format(params),
    ...(range ? { range } : {}),
    // Every diagnostic carries a fix: the specific rewrite when there is one, else the code's own.
    hints: hints.length > 0 ? hints : [CHECK_HELP[code]],
    related,
  };
}

/**
 * The fix for each code when the checker has no rewrite of the user's own text
 * to offer (issue 16: a `help:` line on every diagnostic). Typed over every
 * code, so a new code cannot be added without its help.
 */
export const CHECK_HELP: Record<CheckCode, string> = {
  'name-duplicate':
    'rename one of them, or keep one: names are unique across all files of a project',
  'name-unknown-trait':
    'use a trait declared in schema.yml or defined with `trait NAME = …` for this entity',
  'name-unknown-audience': 'name an audience defined with `audience NAME = …`',
  'name-unknown-definition':
    'a sync sends an audience or a computed or SQL trait defined in the project',
  'name-unknown-event': 'declare the event under `events:` in schema.yml, or fix its spelling',
  'name-unknown-property':
    'use a property declared for this event in schema.yml, or declare it there',
  'name-unknown-destination': 'declare the destination under `destinations:` in roster.yaml',
  'name-audience-as-trait': 'test membership with `in NAME`',
  'name-trait-as-audience': 'compare the trait instead, like `NAME > 3` or `NAME is set`',
  'name-trait-in-filter':
    'wrap the `did` in parentheses and test the trait outside: `(did "X" where …) and NAME = …`',
  'name-cycle': 'a definition cannot depend on itself: remove one of the references',
  'entity-user-atom-in-account-context':
    "quantify over the account's users: `any user …`, `all users …` or `no user …`",
  'entity-account-trait-in-user-context': "test the user's accounts with `account.NAME`",
  'entity-audience-mismatch':
    '`account in X` for an account audience in a user condition, `any user in X` for a user audience in an account condition',
  'entity-account-ref-outside-user': 'drop `account.`: the condition is already about the account',
  'entity-account-ref-user-trait': "drop `account.` to test the user's own trait",
  'entity-quantifier-outside-account':
    'drop the quantifier: the condition is already about one user',
  'entity-user-count-outside-account':
    'count users in an account trait (`trait NAME = account count users …`) and test it from a user with `account.NAME`',
  'entity-not-in-filter':
    'wrap the `did` in parentheses and combine outside: `(did "X" where …) and …`',
  'type-operator-mismatch': "use an operator of the value's type (LANGUAGE.md §4.1)",
  'type-literal-mismatch':
    'compare with a value of the same type: numbers without quotes, strings in double quotes, `true`/`false`, timestamps as "2026-01-31"',
  'type-enum-value': 'use one of the values schema.yml allows, or add this one there',
  'type-invalid-timestamp':
    'write a date like "2026-01-31" (midnight UTC) or an instant like "2026-01-31T12:00:00Z"',
  'type-min-count': 'remove `min N`: it applies only to `most_frequent`',
  'type-negative-count': 'use a larger number',
  'type-non-integer-count': 'write a whole number',
  'type-number-out-of-range': 'write a number below 1.8e308',
  'type-number-inexact': 'write at most 15 significant digits',
  'type-count-too-large': 'write at most 9007199254740991',
  'type-window-too-long': 'write a window of at most 1000 years (365250 days)',
  'type-timestamp-out-of-range': 'write an instant from "0001-01-01" to "9999-12-31T23:59:59Z"',
  'type-between-reversed': 'put the smaller bound first',
  'type-regularly-bounds': 'write K at most M: `in at least 3 of the last 4 weeks`',
  'type-ago-bounds': 'put the smaller number first: `between 7 and 14 days ago`',
  'type-ago-mixed-units': 'write both bounds in the smaller unit: `between 1 and 14 days ago`',
  'type-empty-list': 'give at least one value, or remove the test',
  'type-aggregation-property':
    '`count` counts events: drop the property, or use `count_unique` for distinct values',
  'type-aggregation-needs-property':
    'name a property of the event: `sum "Order Completed".revenue`',
  'type-aggregation-mismatch':
    '`sum`/`avg`/`min`/`max` need a number property, `unique` a string, `count_unique`/`most_frequent` a string or number',
  'sql-unknown-placeholder':
    'the placeholders are `{{ tracks }}`, `{{ pages }}`, `{{ screens }}`, `{{ users }}`, `{{ accounts }}`, `{{ memberships }}`, `{{ now }}`',
  'sql-not-one-select': 'write one `select … as id, … as value` query',
  'sql-unclosed-placeholder': 'close the placeholder with `}}`',
  'check-missing-source':
    'configure the source under `sources:` in roster.yaml, or remove the definition',
  'sync-group-on-user': 'sync user audiences and traits with `identify` or `track`',
  'sync-unknown-option': 'remove the option',
  'sync-duplicate-call': 'list each call once',
  'split-percent-not-positive': 'give every part a share greater than 0%, or remove the part',
  'split-percent-precision': 'round the share to two decimals, like `33.33%`',
  'split-percent-sum': 'change the shares so that they add up to exactly 100%',
  'name-split-not-audience': 'refer to one of its parts, like `in PART`',
  'sequence-count':
    'remove the count; to count events, use `did EVENT at least N times` or a `count` aggregation',
  'sequence-step-window':
    'bound the step with `within N UNITS` of the previous step, or move the window to the first step',
  'check-unused-definition': 'use it in an audience or sync, or remove it',
  'check-never-matches': 'remove one of the contradicting tests, or combine them with `or`',
};
