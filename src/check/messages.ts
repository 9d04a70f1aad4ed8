/**
 * Every diagnostic the checker reports, in one table: code → severity, a
 * one-line summary (docs/diagnostics.md, SARIF rules) and a formatter with
 * typed parameters. Keeping messages here, not inline, keeps the wording
 * consistent and lets `roster check --format sarif` list its rules.
 */
import type { Diagnostic, RelatedInformation, Severity } from '../diagnostics/diagnostic.js';
import type { SourceRange } from '../diagnostics/source.js';

interface MessageSpec<P> {
  severity: Severity;
  summary: string;
  format: (p: P) => string;
}

function spec<P>(severity: Severity, summary: string, format: (p: P) => string): MessageSpec<P> {
  return { severity, summary, format };
}

const q = (name: string): string => `\`${name}\``;
// `a user`, `an account`: the vowel rule, except for the `u` of `user`.
const a = (type: string): string => (/^[aeio]/.test(type) ? `an ${type}` : `a ${type}`);

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
  'name-too-long': spec<{ name: string; length: number; most: number }>(
    'error',
    "A definition name is longer than the tables and columns derived from it can be within PostgreSQL's 63-byte identifier limit.",
    (p) =>
      `${q(p.name)} is ${p.length} characters long; names are at most ${p.most}, so the tables and columns roster names after them (\`roster_audience_<name>\`) fit PostgreSQL's 63-byte identifier limit`,
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
    hints,
    related,
  };
}
