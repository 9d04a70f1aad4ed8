/**
 * Every syntax diagnostic roster reports: its stable code and the formatter of
 * its message, in one table so wording stays consistent and reviewable.
 * Messages speak the language's words (`within`, "a number", "an event name in
 * quotes"), never the parser's (token names, "one of these token sequences").
 */
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceRange } from '../diagnostics/source.js';

export const syntaxMessages = {
  'syntax-invalid-character': (p: { character: string; around?: string }) =>
    p.around === undefined
      ? `unexpected character \`${p.character}\``
      : `${p.character === '`' ? 'backticks' : 'curly quotes'} around \`${p.around}\`: strings are written in straight double quotes \`"\``,
  'syntax-single-quoted-string': (p: { text: string }) =>
    `strings are written in double quotes, not single quotes: ${p.text}`,
  'syntax-unterminated-string': (p: { runsTo?: string; opens?: string; until?: string }) =>
    p.runsTo
      ? `this string is not closed: its closing \`"\` is missing, so it runs on to ${p.runsTo}`
      : p.opens
        ? `\`${p.opens}\` is missing its opening \`"\`: the \`"\` after it opens a string instead, which runs on to ${p.until ?? 'the next `"`'}`
        : 'unterminated string: the closing `"` is missing on this line',
  'syntax-unterminated-sql': (p: { runsTo?: string }) =>
    p.runsTo
      ? `this SQL block is not closed: its closing \`"""\` is missing, so it runs on to the \`"""\` on ${p.runsTo}`
      : 'unterminated SQL block: the `"""` opened here is never closed',
  'syntax-sql-comment': (p: { marker: string }) =>
    `\`${p.marker}\` does not start a comment in roster: comments start with \`#\``,
  'syntax-foreign-operator': (p: { written: string; roster: string }) =>
    `\`${p.written}\` is not a roster operator: write \`${p.roster}\``,
  'syntax-null-comparison': (p: { written: string; roster: string }) =>
    `roster has no \`null\`: a missing value is tested with \`is set\` and \`is not set\`, so \`${p.written}\` is written \`${p.roster}\``,
  'syntax-word-order': (p: { written: string; roster: string }) =>
    `roster writes \`${p.roster}\`, not \`${p.written}\``,
  'syntax-like-pattern': (p: { written: string }) =>
    `\`${p.written}\` is SQL: roster matches text with \`contains\`, \`starts with\` and \`ends with\``,
  'syntax-keyword-case': (p: { written: string; roster: string }) =>
    `roster's words are written in lowercase: \`${p.roster}\`, not \`${p.written}\``,
  'syntax-is-comparison': (p: { written: string; roster: string }) =>
    `\`is\` tests only \`set\`, \`true\` and \`false\`: a value is compared with \`${p.roster}\`, not \`${p.written}\``,
  'syntax-trailing-comma': () => 'nothing follows this `,`: a list ends with its last value',
  'syntax-unit-before-number': (p: { written: string; roster: string }) =>
    `the number comes before the unit: \`${p.roster}\`, not \`${p.written}\``,
  'syntax-missing-unit': (p: { written: string; units: string }) =>
    `\`${p.written}\` needs a unit after the number: ${p.units}`,
  'syntax-user-prefix': (p: { written: string; name: string }) =>
    `\`${p.written}\`: a user's traits are written without a prefix (\`${p.name}\`); only \`account.\` reaches another entity`,
  'syntax-invalid-escape': (p: { escape: string }) =>
    `unknown escape \`${p.escape}\` in a string (use \`\\"\`, \`\\\\\`, \`\\n\`, \`\\t\` or \`\\uXXXX\`)`,
  'syntax-unknown-keyword': (p: { word: string; expected: string }) =>
    `unknown word \`${p.word}\`: expected ${p.expected}`,
  'syntax-unknown-aggregation': (p: { word: string }) =>
    `unknown aggregation \`${p.word}\`: expected \`count\`, \`sum\`, \`avg\`, \`min\`, \`max\`, \`first\`, \`last\`, \`most_frequent\`, \`unique\`, \`count_unique\` or \`sql\``,
  'syntax-unknown-unit': (p: { unit: string; expected: string }) =>
    `unknown unit \`${p.unit}\`: expected ${p.expected}`,
  'syntax-expected-ago': (p: { fixed: string }) =>
    `a rolling window ends in its unit and \`ago\`: \`${p.fixed}\``,
  'syntax-ago-bounds': (p: { written: string }) =>
    `the bounds of a rolling window are numbers of units counted back from now, not \`${p.written}\``,
  'syntax-lifecycle-form': (p: { what: string; extra: string }) => `${p.what} takes no ${p.extra}`,
  'syntax-user-count-function': (p: { fn: string }) =>
    `\`${p.fn} users\` is not an aggregation: users are counted with \`count users\``,
  'syntax-unknown-type': (p: { type: string }) =>
    `unknown type \`${p.type}\`: an SQL trait is a \`string\`, \`number\`, \`boolean\`, \`timestamp\` or \`list\``,
  'syntax-unknown-call': (p: { call: string }) =>
    `unknown call \`${p.call}\`: a sync sends \`group\`, \`identify\` or \`track\` calls`,
  'syntax-unknown-option': (p: { option: string; call: string }) =>
    `unknown option \`${p.option}\` for \`${p.call}\`: expected \`entered\`, \`exited\` or \`name\``,
  'syntax-invalid-name': (p: { name: string }) =>
    `\`${p.name}\` is not a valid name: names use lowercase letters, digits and \`_\``,
  'syntax-expected-definition': (p: { found: string }) =>
    `expected a definition starting with \`trait\`, \`audience\` or \`sync\`, but found ${p.found}`,
  'syntax-expected-number': (p: { after: string; found: string }) =>
    `expected a number after ${p.after}, but found ${p.found}`,
  'syntax-expected-event': (p: { after: string; name?: string; is?: string }) =>
    p.is === undefined
      ? `${p.after} needs an event name in quotes, \`page\` or \`screen\``
      : `\`${p.name}\` is ${p.is}, not an event: ${p.after} needs an event name in quotes, \`page\` or \`screen\``,
  'syntax-expected-where': (p: { entity: string; found: string }) =>
    `expected \`where\` after \`${p.entity}\`, but found ${p.found}`,
  'syntax-expected-equals': (p: { name: string; found: string }) =>
    `expected \`=\` after the name \`${p.name}\`, but found ${p.found}`,
  'syntax-expected-entity': (p: { found: string }) =>
    `expected \`account\` or \`user\` after \`=\`, but found ${p.found}`,
  'syntax-expected-keyword': (p: { keyword: string; after: string; found: string }) =>
    `expected ${p.keyword} after ${p.after}, but found ${p.found}`,
  'syntax-missing-keyword': (p: {
    construct: string;
    keyword: string;
    before: string;
    fixed: string;
  }) => `${p.construct} needs ${p.keyword} before ${p.before}: \`${p.fixed}\``,
  'syntax-expected-list': (p: { after: string; found: string }) =>
    `expected a list in brackets after ${p.after} (like \`["a", "b"]\`), but found ${p.found}`,
  'syntax-dangling-operator': (p: { operator: string; found: string }) =>
    `\`${p.operator}\` must be followed by a condition, but found ${p.found}`,
  'syntax-unclosed-paren': () => 'this `(` is never closed: a `)` is missing',
  'syntax-unmatched-paren': () => 'this `)` has no matching `(`',
  'syntax-unclosed-list': (p: { found?: string }) =>
    p.found === undefined
      ? 'this `[` is never closed: a `]` is missing'
      : `expected \`,\` or \`]\` in the list, but found ${p.found}`,
  'syntax-incomplete': (p: { construct: string; missing: string; two?: boolean }) =>
    `\`${p.construct}\` is incomplete: ${p.missing} ${p.two === true ? 'are' : 'is'} missing at the end of its line`,
  // "unexpected string `"pro"`", not "unexpected the string `"pro"`".
  'syntax-unexpected-token': (p: { found: string; after: string; expected: string }) =>
    `unexpected ${String(p.found).replace(/^the /, '')} after ${p.after}: expected ${p.expected}`,
  'syntax-missing-comparison': (p: { aggregation: string }) =>
    `the aggregation \`${p.aggregation}\` needs a comparison to be a condition, like \`< 10\` or \`is set\``,
  'syntax-invalid-comparison': () =>
    'only an aggregation in parentheses can be compared, like `(last "Logged In") before "2026-01-01"`',
  'syntax-duplicate-count': () =>
    'a `did` condition takes one count, like `at least 3 times`; this is a second one',
  'syntax-nul-in-string': () =>
    'this string holds a NUL character (code 0), which no warehouse stores in text',
  'syntax-too-deep': (p: { limit: number }) =>
    `this definition nests more than ${p.limit} levels deep (parentheses, lists and \`not\`s)`,
  'syntax-internal-error': (p: { detail: string }) =>
    `internal error in the parser (please report it): ${p.detail}`,
} as const;

export type SyntaxCode = keyof typeof syntaxMessages;

/**
 * The fix for each code when the parser has no rewrite of the user's own line
 * to offer (issue 16: a `help:` line on every diagnostic), typed over every code.
 */
export const SYNTAX_HELP: Record<SyntaxCode, string> = {
  'syntax-invalid-character':
    'remove the character: roster uses words (`and`, `or`, `not`) and `= != < <= > >=`',
  'syntax-single-quoted-string': 'write strings in double quotes: "pro"',
  'syntax-unterminated-string': 'add the closing `"`',
  'syntax-unterminated-sql': 'close the SQL with `"""`',
  'syntax-nul-in-string': 'remove the NUL character from the string',
  'syntax-too-deep': 'split the condition into audiences or traits that refer to each other',
  'syntax-sql-comment': 'start comments with `#`',
  'syntax-foreign-operator': "use roster's operators: `and`, `or`, `not`, `= != < <= > >=`",
  'syntax-null-comparison': 'test a missing value with `is not set`, a present one with `is set`',
  'syntax-word-order': 'put `not` before the condition: `not did "X"`, `plan not in [..]`',
  'syntax-like-pattern': 'use `contains "x"`, `starts with "x"` or `ends with "x"`',
  'syntax-trailing-comma': 'remove the last `,`',
  'syntax-keyword-case': "write roster's words in lowercase: `and`, `in`, `between`, `true`",
  'syntax-is-comparison': 'compare a value with `=` or `!=`: `plan = "pro"`',
  'syntax-unit-before-number': 'write the number first: `within 30 days`',
  'syntax-missing-unit': 'add the unit after the number: `within 30 days`, `at least 3 times`',
  'syntax-user-prefix': 'write the trait name alone',
  'syntax-invalid-escape': 'write `\\\\` for a backslash',
  'syntax-unknown-keyword': 'check the spelling of the word',
  'syntax-unknown-aggregation':
    'use `count`, `sum`, `avg`, `min`, `max`, `first`, `last`, `most_frequent`, `unique`, `count_unique` or `sql`',
  'syntax-unknown-unit': 'use `minutes`, `hours`, `days` or `weeks`',
  'syntax-expected-ago':
    'write `ago` after the unit: `between 7 and 14 days ago`, `before 30 days ago`',
  'syntax-ago-bounds':
    'write numbers: `between 7 and 14 days ago`, or dates without a unit: `between "2026-01-01" and "2026-02-01"`',
  'syntax-lifecycle-form':
    'write `did E [where F] for the first time WINDOW` or `did E [where F] [COUNT] in at least K of the last M UNITS`',
  'syntax-user-count-function':
    'write `count users C` for the number of the account\'s users with C, or aggregate an event: `sum "Order Completed".revenue`',
  'syntax-unknown-type': 'use `string`, `number`, `boolean`, `timestamp` or `list`',
  'syntax-unknown-call': 'use `group`, `identify` or `track`',
  'syntax-unknown-option': 'use `entered = "…"`, `exited = "…"` or `name = "…"`',
  'syntax-invalid-name': 'write names in lowercase letters, digits and `_`',
  'syntax-expected-definition': 'start each definition with `trait`, `audience` or `sync`',
  'syntax-expected-number': 'write a number, like `30`',
  'syntax-expected-event': 'write the event name in double quotes, like `did "Logged In"`',
  'syntax-expected-where': 'write `account where CONDITION` or `user where CONDITION`',
  'syntax-expected-equals': 'write `NAME = …`',
  'syntax-expected-entity': 'write `account` or `user` after `=`',
  'syntax-expected-keyword': 'add the missing word',
  'syntax-missing-keyword': 'add the word where it is missing',
  'syntax-expected-list': 'write a list in brackets, like `["a", "b"]`',
  'syntax-dangling-operator': 'add the condition it combines, or remove the operator',
  'syntax-unclosed-paren': 'add the missing `)`',
  'syntax-unmatched-paren': 'remove it, or add the `(` it closes',
  'syntax-unclosed-list': 'separate values with `,` and close the list with `]`',
  'syntax-incomplete': 'complete the construct where its line ends',
  'syntax-unexpected-token': 'remove the word, or write what is expected there',
  'syntax-missing-comparison': 'compare the aggregation, like `< 10` or `is set`',
  'syntax-invalid-comparison':
    'wrap only the aggregation in parentheses: `(last "Logged In") before "2026-01-01"`',
  'syntax-duplicate-count': 'keep one count',
  'syntax-internal-error': 'please report this to the roster project, with the file',
};

/** The parameters of a code's message (`{}` for messages that take none). */
export type SyntaxParams<C extends SyntaxCode> =
  Parameters<(typeof syntaxMessages)[C]> extends []
    ? Record<string, never>
    : Parameters<(typeof syntaxMessages)[C]>[0];

/** A syntax error diagnostic whose message comes from the table above. */
export function syntaxError<C extends SyntaxCode>(
  code: C,
  params: SyntaxParams<C>,
  range: SourceRange,
  hints: string[] = [],
): Diagnostic {
  const format = syntaxMessages[code] as (p: SyntaxParams<C>) => string;
  // Every diagnostic carries a fix: the specific rewrite when there is one, else the code's own.
  return error(code, format(params), range, hints.length > 0 ? hints : [SYNTAX_HELP[code]]);
}
