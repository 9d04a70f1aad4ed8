/**
 * Explains a syntax error in the user's words.
 *
 * Chevrotain says *that* a definition does not parse; to say *what* is wrong
 * we find the first token the grammar cannot accept (by asking the parser
 * which tokens may follow each prefix: `computeContentAssist`) and what it
 * would have accepted there, then pick the most specific explanation:
 * a misspelt keyword, a missing number, an unquoted event name, a dangling
 * `and`, an unclosed parenthesis… The grammar positions are named by their
 * rules (`timeUnit`, `eventRef`), so messages say "a time unit", not "a name".
 */
import type {
  IParserErrorMessageProvider,
  IToken,
  ISyntacticContentAssistPath,
  TokenType,
} from 'chevrotain';
import { createTokenInstance, EOF, tokenLabel, tokenMatcher } from '../../grammar/chevrotain.js';
import type { RosterParser } from '../../grammar/parser.js';
import * as t from '../../grammar/tokens.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile, SourceRange } from '../diagnostics/source.js';
import { closestName, didYouMean } from '../diagnostics/suggest.js';
import { rewrittenLine } from './idioms.js';
import { endsLineEarly, incompleteLine, unclosedGroup, type Missing } from './incomplete.js';
import { syntaxError } from './messages.js';
import type { ParseContext } from './parse.js';
import { syncMissing } from './sync-rewrite.js';
import { unquotedEvent } from './unquoted-event.js';
import { definitionKeywords, misspelledDefinitionKeyword } from './split-definitions.js';

const aggregationWords = t.keywords
  .filter((type) => (type.CATEGORIES ?? []).includes(t.AggregationFn))
  .map((type) => tokenLabel(type).replace(/`/g, ''));

/** Words that start a condition, for "did you mean" when one is misspelt into a name. */
const conditionStartWords = [...aggregationWords, 'did', 'any', 'all', 'no', 'exactly', 'account'];

/** Phrases for grammar positions named by their rule rather than by a token. */
const rulePhrases: Record<string, string> = {
  timeUnit: 'a time unit (`minutes`, `hours`, `days` or `weeks`)',
  countUnit: '`times`',
  userUnit: '`users`',
  valueType: 'a type (`string`, `number`, `boolean`, `timestamp` or `list`)',
  syncCall: 'a call (`group`, `identify` or `track`)',
  eventRef: 'an event name in quotes, `page` or `screen`',
  syncOption: 'an option like `entered = "…"`',
};

/** Sets of tokens that read better as one phrase; a set is used when its trigger token is expected. */
const phraseGroups: { trigger: TokenType; phrase: string; members: TokenType[] }[] = [
  {
    trigger: t.Did,
    phrase: 'a condition',
    members: [
      t.Did,
      t.Not,
      t.In,
      t.Account,
      t.Any,
      t.All,
      t.No,
      t.At,
      t.Exactly,
      t.LParen,
      t.AggregationFn,
      t.Name,
    ],
  },
  {
    trigger: t.Contains,
    phrase: 'a comparison (like `= "pro"`, `> 10`, `in ["a", "b"]` or `is set`)',
    members: [
      t.ComparisonOp,
      t.In,
      t.Not,
      t.Contains,
      t.Starts,
      t.Ends,
      t.Is,
      t.Within,
      t.Between,
      t.Before,
      t.After,
    ],
  },
  {
    trigger: t.More,
    phrase: 'a count (like `at least 3 times`)',
    members: [t.At, t.Exactly, t.More, t.Fewer],
  },
  {
    trigger: t.Within,
    phrase: 'a window (like `within 30 days`)',
    members: [t.Within, t.Between, t.Before, t.After],
  },
  {
    trigger: t.LBracket,
    phrase: 'a value (a string, a number, `true`, `false` or a list)',
    members: [t.StringLiteral, t.NumberLiteral, t.True, t.False, t.LBracket],
  },
];

function joinOr(phrases: readonly string[]): string {
  if (phrases.length <= 1) return phrases[0] ?? 'the end of the definition';
  return `${phrases.slice(0, -1).join(', ')} or ${phrases[phrases.length - 1]}`;
}

function truncate(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** How a token is named in a message: "`within`", "the string `"x"`", "the end of the definition". */
export function describeFound(token: IToken | undefined): string {
  if (!token || token.tokenType === EOF) return 'the end of the definition';
  if (token.tokenType === t.StringLiteral) return `the string \`${truncate(token.image)}\``;
  if (token.tokenType === t.NumberLiteral) return `the number \`${token.image}\``;
  if (token.tokenType === t.SqlBlock) return 'an SQL block';
  return `\`${truncate(token.image)}\``;
}

function describeAfter(token: IToken | undefined): string {
  if (!token) return 'the start';
  if (token.tokenType === t.SqlBlock) return 'the SQL block';
  return `\`${truncate(token.image)}\``;
}

const twoWordPhrases = new Set([
  'at least',
  'at most',
  'more than',
  'fewer than',
  'starts with',
  'ends with',
  'contains any',
  'contains all',
  'not in',
  'is not',
]);

interface Expectation {
  type: TokenType;
  rule: string;
}

function expectationsOf(paths: ISyntacticContentAssistPath[]): Expectation[] {
  return paths.map((path) => ({
    type: path.nextTokenType,
    rule: path.ruleStack[path.ruleStack.length - 1] ?? '',
  }));
}

function describeExpected(expected: readonly Expectation[]): string {
  const phrases: string[] = [];
  const covered = new Set<TokenType>();
  const add = (phrase: string) => {
    if (!phrases.includes(phrase)) phrases.push(phrase);
  };
  for (const e of expected) {
    const phrase = rulePhrases[e.rule];
    if (phrase !== undefined) {
      add(phrase);
      covered.add(e.type);
    }
  }
  const types = new Set(expected.map((e) => e.type));
  for (const group of phraseGroups) {
    if (!types.has(group.trigger) || covered.has(group.trigger)) continue;
    add(group.phrase);
    for (const member of group.members) covered.add(member);
  }
  for (const e of expected) {
    if (!covered.has(e.type)) add(tokenLabel(e.type));
  }
  return joinOr(phrases);
}

/** The words a user may have meant at this position (for "did you mean"). */
function expectedWords(expected: readonly Expectation[]): string[] {
  const words = new Set<string>();
  for (const e of expected) {
    if (e.type === t.AggregationFn) aggregationWords.forEach((w) => words.add(w));
    else if (t.keywords.includes(e.type)) words.add(tokenLabel(e.type).replace(/`/g, ''));
  }
  return [...words];
}

function accepts(expected: readonly Expectation[], token: IToken): boolean {
  return expected.some((e) => tokenMatcher(token, e.type));
}

/**
 * The first token of `tokens` the grammar cannot accept, and what it would have
 * accepted there. Chevrotain's first error is at that token or, when its LL(k)
 * lookahead rejected an alternative as a whole, a few tokens before it; so the
 * search starts there and walks forward (each step asks for the prefix's
 * continuations, which costs a pass over the prefix: never walk from the start).
 */
function firstUnexpected(
  parser: RosterParser,
  tokens: readonly IToken[],
  errorIndex: number,
): { index: number; expected: Expectation[] } | undefined {
  const expectedAt = (index: number) =>
    expectationsOf(parser.computeContentAssist('definition', shortPrefix(tokens, index)));
  const lastIndex = Math.min(tokens.length, errorIndex + maxLookaheadWalk);
  for (let index = errorIndex; index <= lastIndex; index++) {
    const expected = expectedAt(index);
    const token = tokens[index];
    if (expected.length === 0 && index > 0) {
      // Nothing may follow: either the definition is complete (this token is extra)
      // or the prefix is itself invalid and the failure is further back.
      for (let back = index - 1; back >= Math.max(0, index - maxLookaheadWalk); back--) {
        const before = expectedAt(back);
        if (before.length === 0) continue;
        return accepts(before, tokens[back]!)
          ? { index, expected }
          : { index: back, expected: before };
      }
      return { index, expected };
    }
    if (token === undefined || !accepts(expected, token)) return { index, expected };
  }
  return undefined;
}

/**
 * `tokens.slice(0, end)`, with the complete conditions between the first
 * `where` and the last top-level `and`/`or` left out: what may follow the
 * prefix is the same (after `where` and after `… and`, a condition comes
 * next), and content assist costs a pass over the whole prefix, so a
 * 400-condition definition would cost ~25 ms per question instead of ~0.1.
 * Only cut where that sameness is plain: no parenthesis or bracket open, no
 * second `where` (a `did … where` filter) before the cut, and not the `and` of
 * `between A and B`.
 */
export function shortPrefix(tokens: readonly IToken[], end: number): IToken[] {
  const prefix = tokens.slice(0, end);
  if (end < SHORT_PREFIX) return prefix;
  const head = prefix.findIndex((token) => token.tokenType === t.Where);
  if (head < 0) return prefix;
  let depth = 0;
  let cut = -1;
  for (let i = head + 1; i < end; i++) {
    const type = prefix[i]!.tokenType;
    if (type === t.LParen || type === t.LBracket) depth++;
    else if (type === t.RParen || type === t.RBracket) depth--;
    else if (type === t.Where) break;
    else if (
      depth === 0 &&
      (type === t.And || type === t.Or) &&
      prefix[i - 2]?.tokenType !== t.Between &&
      i < end - 1
    )
      cut = i;
  }
  return cut < 0 ? prefix : [...prefix.slice(0, head + 1), ...prefix.slice(cut + 1)];
}

/** Prefixes shorter than this are asked about as they are (the cost is already small). */
const SHORT_PREFIX = 64;

/** More than the parser's lookahead (3), so the walk always reaches the real failure. */
const maxLookaheadWalk = 8;

/**
 * `count logins`, `count Logged In`, `count usrs`: after an aggregation the
 * grammar reads a bare name as `users` (a gated alternative), which content
 * assist does not see, so the general walk would call `count logins` complete
 * and ask for a condition after it. A name there is an event missing its
 * quotes, or a misspelt `users`.
 */
function unquotedAggregatedEvent(
  parser: RosterParser,
  tokens: readonly IToken[],
  index: number,
  source: SourceFile,
  context: ParseContext,
): Diagnostic | undefined {
  const token = tokens[index];
  const previous = tokens[index - 1];
  if (!token || !previous || token.tokenType !== t.Identifier || token.image === 'users')
    return undefined;
  if (!tokenMatcher(previous, t.AggregationFn)) return undefined;
  const rules = new Set(
    expectationsOf(parser.computeContentAssist('definition', shortPrefix(tokens, index))).map(
      (e) => e.rule,
    ),
  );
  if (!rules.has('eventRef') || !rules.has('userUnit')) return undefined;
  const range = source.range(token.startOffset, token.startOffset + token.image.length);
  if (closestName(token.image, ['users']) !== undefined)
    return syntaxError(
      'syntax-unknown-keyword',
      { word: token.image, expected: 'an event name in quotes or `users`' },
      range,
      ['did you mean `users`?'],
    );
  const words = unquotedWords(tokens, index) ?? 1;
  return unquotedEvent(tokens, index, words, source, describeAfter(previous), context);
}

/** How many consecutive capitalised words start at `index`: the unquoted event name in `did Logged In`. */
function unquotedWords(tokens: readonly IToken[], index: number): number | undefined {
  let count = 0;
  for (let i = index; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!tokenMatcher(token, t.AnyWord) || !/^[A-Z]/.test(token.image)) break;
    if (i > index && token.startLine !== tokens[i - 1]!.startLine) break;
    count++;
  }
  return count > 0 ? count : undefined;
}

export function diagnoseSyntaxError(
  parser: RosterParser,
  tokens: readonly IToken[],
  source: SourceFile,
  fallback: { message: string; token: IToken } | undefined,
  context: ParseContext = {},
): Diagnostic {
  const first = tokens[0]!;
  const tokenRange = (token: IToken): SourceRange =>
    source.range(token.startOffset, token.startOffset + token.image.length);

  if (
    first.tokenType !== t.Trait &&
    first.tokenType !== t.Audience &&
    first.tokenType !== t.Sync &&
    first.tokenType !== t.Split
  ) {
    const meant =
      misspelledDefinitionKeyword(tokens, 0) ?? closestName(first.image, definitionKeywords);
    if (first.tokenType === t.Identifier && meant) {
      return syntaxError(
        'syntax-unknown-keyword',
        { word: first.image, expected: '`trait`, `audience` or `sync`' },
        tokenRange(first),
        [`did you mean \`${meant}\`?`],
      );
    }
    return syntaxError(
      'syntax-expected-definition',
      { found: describeFound(first) },
      tokenRange(first),
    );
  }

  const errorIndex = fallback ? tokens.indexOf(fallback.token) : -1;
  const unquoted = unquotedAggregatedEvent(parser, tokens, errorIndex, source, context);
  if (unquoted) return unquoted;
  const failure = firstUnexpected(parser, tokens, errorIndex >= 0 ? errorIndex : tokens.length);
  // What the analysis cannot explain is pointed at, and said to be unexpected there.
  const unexplained = (): Diagnostic => {
    // Chevrotain's EOF token has no position: point at the last real token instead.
    const reported = fallback?.token;
    const token =
      reported && Number.isFinite(reported.startOffset) ? reported : tokens[tokens.length - 1]!;
    return syntaxError(
      'syntax-unexpected-token',
      { found: describeFound(token), after: 'this point', expected: 'something else' },
      tokenRange(token),
    );
  };
  if (!failure) return unexplained();
  const { index, expected } = failure;
  // `(a = 1) before "2026"`: the grammar leaves a window word after a group that
  // is not an aggregation to an enclosing `did … where`, and outside one it fails.
  const compared = windowAfterPlainGroup(tokens, index);
  if (compared !== undefined) {
    return syntaxError('syntax-invalid-comparison', {}, tokenRange(tokens[compared]!));
  }
  const token = tokens[index];
  const previous = tokens[index - 1];
  const range = token
    ? tokenRange(token)
    : source.range(
        previous ? previous.startOffset + previous.image.length : first.startOffset,
        previous ? previous.startOffset + previous.image.length : first.startOffset,
      );
  const found = describeFound(token);
  // Two-word phrases read as one: "after `at least`", "after `more than`", "after `starts with`".
  const beforePrevious = tokens[index - 2];
  const pairs =
    previous && beforePrevious && twoWordPhrases.has(`${beforePrevious.image} ${previous.image}`);
  const after = pairs ? `\`${beforePrevious.image} ${previous.image}\`` : describeAfter(previous);
  const types = new Set(expected.map((e) => e.type));
  const rules = new Set(expected.map((e) => e.rule));
  const expectedText = describeExpected(expected);

  // `within 30 days ago`: `within` already counts back from now; a window that ends in the
  // past is `between N and M UNITS ago` or `before N UNITS ago` (§12.1).
  const within = tokens[index - 3];
  const count = tokens[index - 2];
  if (
    token?.image === 'ago' &&
    within?.tokenType === t.Within &&
    count?.tokenType === t.NumberLiteral &&
    previous
  ) {
    const unitEnd = previous.startOffset + previous.image.length;
    const n = Number(count.image);
    const dropped = rewrittenLine(source, unitEnd, token.startOffset + token.image.length, '');
    const between = rewrittenLine(
      source,
      within.startOffset,
      token.startOffset + token.image.length,
      `between ${n} and ${n * 2} ${previous.image} ago`,
    );
    return syntaxError(
      'syntax-unexpected-token',
      {
        found,
        after: `\`within ${count.image} ${previous.image}\``,
        expected:
          'the end of the window (`within` counts back from now; a window that ends in the past is `between N and M UNITS ago` or `before N UNITS ago`)',
      },
      range,
      [
        `for the last ${count.image} ${previous.image}, drop \`ago\`: \`${dropped}\``,
        `for a window that ends ${count.image} ${previous.image} ago: \`${between}\``,
      ],
    );
  }

  // The line (or the definition) ended before something it needs: point at what it ended in.
  // (At the end, the prefix is the whole definition, which failed: no second parse needed.)
  if (
    expected.length > 0 &&
    endsLineEarly(tokens, index) &&
    (index >= tokens.length || !completeUpTo(parser, tokens, index))
  ) {
    const opener = innermostOpen(tokens, index);
    if (opener !== undefined && (types.has(t.RParen) || types.has(t.RBracket))) {
      return unclosedGroup(tokens, opener, source);
    }
    const betweenAnd = previous?.tokenType === t.And && tokens[index - 3]?.tokenType === t.Between;
    const isNot = previous?.tokenType === t.Not && tokens[index - 2]?.tokenType === t.Is;
    if (
      previous &&
      !betweenAnd &&
      !isNot &&
      (previous.tokenType === t.And || previous.tokenType === t.Or || previous.tokenType === t.Not)
    ) {
      return syntaxError(
        'syntax-dangling-operator',
        { operator: previous.image, found },
        tokenRange(previous),
        danglingRewrites(tokens, index - 1, source),
      );
    }
    const missing =
      (first.tokenType === t.Sync ? syncMissing(tokens, index, context.destinations) : undefined) ??
      missingThing(tokens, index, expected, types);
    return incompleteLine(tokens, index, missing, source, after);
  }
  // A misspelt keyword, aggregation or unit.
  if (token?.tokenType === t.Identifier) {
    if (types.has(t.AggregationFn) && !types.has(t.Did)) {
      return syntaxError(
        'syntax-unknown-aggregation',
        { word: token.image },
        range,
        didYouMean(token.image, [...aggregationWords, 'sql']),
      );
    }
    const meant = closestName(token.image, expectedWords(expected));
    if (meant) {
      return syntaxError(
        'syntax-unknown-keyword',
        { word: token.image, expected: expectedText },
        range,
        [`did you mean \`${meant}\`?`],
      );
    }
  }
  // `cout "X" > 3`, `anyy user …`: a misspelt word that starts a condition, read as a trait name.
  if (
    previous?.tokenType === t.Identifier &&
    token &&
    types.has(t.Contains) &&
    token.tokenType !== t.And &&
    token.tokenType !== t.Or &&
    token.tokenType !== t.RParen
  ) {
    const meant = closestName(previous.image, conditionStartWords);
    if (meant) {
      return syntaxError(
        'syntax-unknown-keyword',
        {
          word: previous.image,
          expected: aggregationWords.includes(meant) ? 'an aggregation' : `\`${meant}\``,
        },
        tokenRange(previous),
        [`did you mean \`${meant}\`?`],
      );
    }
  }
  if (rules.has('eventRef')) {
    const words =
      unquotedWords(tokens, index) ?? (token?.tokenType === t.Identifier ? 1 : undefined);
    if (words) return unquotedEvent(tokens, index, words, source, after, context);
    // `did within 7 days`: the event goes where the parser stopped.
    const at = token ? token.startOffset : range.start.offset;
    const name = JSON.stringify(context.events?.[0] ?? 'Event Name');
    const event = token ? `${name} ` : ` ${name}`;
    return syntaxError('syntax-expected-event', { after }, range, [
      `add an event name in quotes after ${after}: \`${rewrittenLine(source, at, at, event)}\``,
    ]);
  }
  if (types.size === 1 && types.has(t.NumberLiteral)) {
    const quoted = token?.tokenType === t.StringLiteral && /^"-?\d+(\.\d+)?"$/.test(token.image);
    return syntaxError(
      'syntax-expected-number',
      { after, found },
      range,
      quoted ? [`write the number without quotes: ${token.image.slice(1, -1)}`] : [],
    );
  }
  if (
    types.size === 1 &&
    types.has(t.Where) &&
    previous &&
    (previous.tokenType === t.Account || previous.tokenType === t.User)
  ) {
    return syntaxError('syntax-expected-where', { entity: previous.image, found }, range, [
      `write \`${previous.image} where CONDITION\``,
    ]);
  }
  if (types.size === 1 && types.has(t.Equals) && previous) {
    const at = previous.startOffset + previous.image.length;
    return syntaxError('syntax-expected-equals', { name: previous.image, found }, range, [
      `write \`${rewrittenLine(source, at, at, ' =')}\``,
    ]);
  }
  if (types.size === 2 && types.has(t.Account) && types.has(t.User)) {
    return syntaxError('syntax-expected-entity', { found }, range);
  }
  if (
    previous &&
    (previous.tokenType === t.And || previous.tokenType === t.Or || previous.tokenType === t.Not) &&
    types.has(t.Did)
  ) {
    return syntaxError('syntax-dangling-operator', { operator: previous.image, found }, range);
  }
  const open: IToken[] = [];
  for (const before of tokens.slice(0, index)) {
    if (before.tokenType === t.LParen) open.push(before);
    else if (before.tokenType === t.RParen) open.pop();
  }
  if (token?.tokenType === t.RParen && open.length === 0) {
    return syntaxError('syntax-unmatched-paren', {}, range, [
      'remove it, or add the `(` it closes',
    ]);
  }
  if (!token && open.length > 0 && types.has(t.RParen)) {
    const opener = open[open.length - 1]!;
    // Most likely the group ends where its line ends (a later line starts the next part);
    // on one line, at the end of the definition.
    const sameLine = tokens.filter((k) => k.startLine === opener.startLine);
    const closeAfter = sameLine[sameLine.length - 1]!;
    const at = closeAfter.startOffset + closeAfter.image.length;
    return syntaxError('syntax-unclosed-paren', {}, tokenRange(opener), [
      `add the missing \`)\` after \`${truncate(closeAfter.image)}\`: \`${rewrittenLine(source, at, at, ')')}\``,
    ]);
  }
  if (rules.has('list') && types.has(t.RBracket)) {
    return syntaxError('syntax-unclosed-list', { found }, range, ['close the list with `]`']);
  }
  if (types.size === 1 && types.has(t.LBracket)) {
    const hint = token?.tokenType === t.StringLiteral ? [`write a list: \`[${token.image}]\``] : [];
    return syntaxError('syntax-expected-list', { after, found }, range, hint);
  }
  // Every early end the analysis can name is explained above (syntax-incomplete, an unclosed
  // group, a dangling operator); an end it cannot name is not worth a message of its own.
  if (!token) return unexplained();
  if (types.size === 1 && t.keywords.includes([...types][0]!)) {
    const keyword = [...types][0]!;
    const left = leftOut(parser, tokens, index, keyword);
    const word = tokenLabel(keyword).replace(/`/g, '');
    if (left === 'missing') {
      const at = token.startOffset;
      const fixed = rewrittenLine(source, at, at, `${word} `);
      return syntaxError(
        'syntax-missing-keyword',
        {
          construct: first.tokenType === t.Sync ? 'sync' : after,
          keyword: expectedText,
          before: missingBefore(first, keyword, found),
          fixed:
            first.tokenType === t.Sync
              ? `${source.text.slice(first.startOffset, at)}${word} ${token.image}`
              : `${previous!.image} ${word} ${token.image}`,
        },
        range,
        [`write \`${fixed}\``],
      );
    }
    return syntaxError(
      'syntax-expected-keyword',
      { keyword: expectedText, after, found },
      range,
      left === 'replaced'
        ? [
            `write \`${rewrittenLine(source, token.startOffset, token.startOffset + token.image.length, word)}\``,
          ]
        : [],
    );
  }
  const hints: string[] = [];
  if (token.tokenType === t.Trait || token.tokenType === t.Audience || token.tokenType === t.Sync) {
    hints.push('start each definition on a new line');
  } else if (token.tokenType === t.Equals && previous?.tokenType === t.Equals) {
    hints.push('compare with a single `=`');
  } else if (
    types.has(t.ComparisonOp) &&
    [t.StringLiteral, t.NumberLiteral, t.True, t.False, t.LBracket].includes(token.tokenType)
  ) {
    // `plan "pro"`: the operator between a name and its value was left out.
    const operator = token.tokenType === t.LBracket ? 'in' : '=';
    const at = token.startOffset;
    hints.push(`write \`${rewrittenLine(source, at, at, `${operator} `)}\``);
  }
  // No "did you mean" against every keyword here: the word is not expected at all,
  // and a near keyword (`then` → `than`) would send the user the wrong way.
  return syntaxError(
    'syntax-unexpected-token',
    { found, after, expected: expectedText },
    range,
    hints,
  );
}

/**
 * `plan = "pro" and` where the definition ends: the line with the condition it
 * was to combine (a placeholder), and the line without the operator. An
 * operator alone on its line is named by its line instead (removing it leaves
 * nothing of that line to show).
 */
function danglingRewrites(tokens: readonly IToken[], at: number, source: SourceFile): string[] {
  const operator = tokens[at]!;
  const before = tokens[at - 1];
  const stop = operator.startOffset + operator.image.length;
  const word = `\`${operator.image}\``;
  const add = `add the condition it combines after ${word}: \`${rewrittenLine(source, stop, stop, ' CONDITION')}\``;
  if (!before || before.endLine! < operator.startLine!)
    return [add, `or remove the ${word} on line ${operator.startLine!}`];
  const from = before.startOffset + before.image.length;
  return [add, `or remove the ${word}: \`${rewrittenLine(source, from, stop, '')}\``];
}

/**
 * Whether the one keyword the grammar wants at `index` was left out (the token
 * there may follow it: `sync pro zendesk`) or written as another word (what
 * follows that word may follow the keyword: `sync pro into zendesk`).
 */
function leftOut(
  parser: RosterParser,
  tokens: readonly IToken[],
  index: number,
  keyword: TokenType,
): 'missing' | 'replaced' | undefined {
  const token = tokens[index];
  if (!token) return undefined;
  const word = tokenLabel(keyword).replace(/`/g, '');
  const inserted = createTokenInstance(
    keyword,
    word,
    token.startOffset,
    token.startOffset,
    0,
    0,
    0,
    0,
  );
  const next = expectationsOf(
    parser.computeContentAssist('definition', [...shortPrefix(tokens, index), inserted]),
  );
  const following = tokens[index + 1];
  if (accepts(next, token)) {
    // The token must also lead on: `sync pro into zendesk` is `into` written for `to`.
    const then = expectationsOf(
      parser.computeContentAssist('definition', [...shortPrefix(tokens, index), inserted, token]),
    );
    if (following === undefined || accepts(then, following)) return 'missing';
  }
  if (tokenMatcher(token, t.AnyWord) && (following === undefined || accepts(next, following)))
    return 'replaced';
  return undefined;
}

/** What a left-out keyword comes before: a sync's destination and calls by name, else the token. */
function missingBefore(first: IToken, keyword: TokenType, found: string): string {
  if (first.tokenType === t.Sync && keyword === t.To) return 'the destination';
  if (first.tokenType === t.Sync && keyword === t.With) return 'the calls';
  return found;
}

/** True when `tokens[0..end)` is a whole definition: nothing is missing, something is extra. */
function completeUpTo(parser: RosterParser, tokens: readonly IToken[], end: number): boolean {
  parser.input = tokens.slice(0, end);
  parser.definition();
  return parser.errors.length === 0;
}

/** The index of the innermost `(` or `[` still open before `index`. */
function innermostOpen(tokens: readonly IToken[], index: number): number | undefined {
  const open: number[] = [];
  for (let i = 0; i < index; i++) {
    const type = tokens[i]!.tokenType;
    if (type === t.LParen || type === t.LBracket) open.push(i);
    else if (type === t.RParen || type === t.RBracket) open.pop();
  }
  return open[open.length - 1];
}

/** Words after which a number counts events (`times`), not users (`users`). */
const countsEvents = (tokens: readonly IToken[], index: number): boolean => {
  for (let i = index - 1; i >= 0; i--) {
    const type = tokens[i]!.tokenType;
    if (type === t.Did || tokenMatcher(tokens[i]!, t.AggregationFn)) return true;
    if (type === t.Where || type === t.And || type === t.Or || type === t.LParen) return false;
  }
  return false;
};

/** What the construct ending before `index` lacks, and an example that completes it. */
function missingThing(
  tokens: readonly IToken[],
  index: number,
  expected: readonly Expectation[],
  types: ReadonlySet<TokenType>,
): Missing {
  const previous = tokens[index - 1]!.tokenType;
  const rules = new Set(expected.map((e) => e.rule));
  // `seats between 10`: the upper bound, not a unit, is what a reader misses.
  if (tokens[index - 2]?.tokenType === t.Between && types.has(t.And))
    return { what: '`and` and an upper bound', two: true, example: upperBound(tokens, index) };
  if (previous === t.Is) return { what: '`true`, `false`, `set` or `not set`', example: 'set' };
  if (previous === t.Not && tokens[index - 2]?.tokenType === t.Is)
    return { what: '`set`', example: 'set' };
  if (rules.has('eventRef')) return { what: 'an event name in quotes', example: '"Event Name"' };
  if (rules.has('timeUnit')) return { what: rulePhrases['timeUnit']!, example: 'days' };
  if (types.size === 1 && types.has(t.NumberLiteral)) {
    const example =
      previous === t.Within
        ? '30 days'
        : [t.Least, t.Most, t.Exactly, t.Than].includes(previous)
          ? countsEvents(tokens, index)
            ? '3 times'
            : '3 users'
          : '10';
    return { what: 'a number', example };
  }
  if (types.size === 1 && types.has(t.LBracket))
    return { what: 'a list in brackets', example: '["a", "b"]' };
  if (types.has(t.Did) && types.has(t.Not)) return { what: 'a condition', example: 'CONDITION' };
  if (rules.has('valueType')) return { what: rulePhrases['valueType']!, example: 'number' };
  const what = describeExpected(expected);
  if (types.has(t.StringLiteral) && types.has(t.NumberLiteral) && types.has(t.LBracket))
    return { what, example: valueExample(tokens, index) };
  return { what };
}

/**
 * `and` and an upper bound for `between LOW` ending before `index`: twice a
 * positive number, a later date; a window (`did "X" between 7`) counts back
 * from now, so its bounds end in a unit and `ago`.
 */
function upperBound(tokens: readonly IToken[], index: number): string {
  const low = tokens[index - 1]!;
  const comparison = comparesSubject(tokens, index - 3);
  if (tokenMatcher(low, t.NumberLiteral)) {
    const n = Number(low.image);
    const high = String(n > 0 ? n * 2 : n + 10);
    return comparison ? `and ${high}` : `and ${high} days ago`;
  }
  return 'and "2026-12-31"';
}

/**
 * True when the `between` after `tokens[at]` compares it (`seats between`,
 * `(count "X") between`) rather than being a window (`did "X" between`,
 * `did "X" at least 3 times between`, `did "X" where (a = 1 or b = 2) between`).
 */
function comparesSubject(tokens: readonly IToken[], at: number): boolean {
  const subject = tokens[at];
  if (!subject) return false;
  if (subject.tokenType === t.RParen) {
    let depth = 0;
    for (let i = at; i >= 0; i--) {
      const type = tokens[i]!.tokenType;
      if (type === t.RParen) depth++;
      else if (type === t.LParen && --depth === 0) {
        const inner = tokens[i + 1];
        return inner !== undefined && tokenMatcher(inner, t.AggregationFn);
      }
    }
    return false;
  }
  const before = tokens[at - 1];
  return (
    tokenMatcher(subject, t.Name) &&
    !(before !== undefined && tokenMatcher(before, t.NumberLiteral))
  );
}

/**
 * A value that completes the comparison ending before `index`, of the kind its
 * operator takes: a number after `>`, text after `contains`, an upper bound
 * above the lower one after `between A and`, a date after `before`.
 */
function valueExample(tokens: readonly IToken[], index: number): string {
  const previous = tokens[index - 1]!;
  if (['>', '>=', '<', '<='].includes(previous.image)) return '10';
  // `contains`, `starts with`, `ends with`.
  if (tokenMatcher(previous, t.Contains) || previous.image === 'with') return '"text"';
  if (tokenMatcher(previous, t.Between)) return '10 and 20';
  if (tokenMatcher(previous, t.Before) || tokenMatcher(previous, t.After)) return '"2026-01-01"';
  if (tokenMatcher(previous, t.And)) {
    const low = tokens[index - 2];
    if (low && tokenMatcher(low, t.NumberLiteral)) {
      const n = Number(low.image);
      return String(n > 0 ? n * 2 : n + 10);
    }
    if (low && tokenMatcher(low, t.StringLiteral)) return '"2026-12-31"';
  }
  return '"value"';
}

function firstTokens(paths: TokenType[][]): string {
  return joinOr([...new Set(paths.map((path) => (path[0] ? tokenLabel(path[0]) : 'the end')))]);
}

/**
 * Chevrotain's own messages, in roster's words. `parse` replaces them with
 * `diagnoseSyntaxError`, but nothing the parser says should ever read
 * "Expecting: one of these possible Token sequences".
 */
export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) =>
    `expected ${tokenLabel(expected)}, but found ${describeFound(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) =>
    `unexpected ${describeFound(firstRedundant)}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual }) =>
    `expected ${firstTokens(expectedPathsPerAlt.flat())}, but found ${describeFound(actual[0])}`,
  buildEarlyExitMessage: ({ expectedIterationPaths, actual }) =>
    `expected ${firstTokens(expectedIterationPaths)}, but found ${describeFound(actual[0])}`,
};

/**
 * The index of the first window word that directly follows a parenthesised group
 * whose content is not an aggregation, at or before `limit`; undefined if none.
 */
function windowAfterPlainGroup(tokens: readonly IToken[], limit: number): number | undefined {
  const openers: number[] = [];
  for (let i = 0; i < Math.min(limit + 1, tokens.length); i++) {
    const type = tokens[i]!.tokenType;
    if (type === t.LParen) openers.push(i);
    else if (type === t.RParen) {
      const open = openers.pop();
      const next = tokens[i + 1];
      const inner = open === undefined ? undefined : tokens[open + 1];
      if (
        next &&
        [t.Within, t.Between, t.Before, t.After].includes(next.tokenType) &&
        !(inner && tokenMatcher(inner, t.AggregationFn))
      ) {
        return i + 1;
      }
    }
  }
  return undefined;
}
