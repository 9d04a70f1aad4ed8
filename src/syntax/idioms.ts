/**
 * Habits from other languages (issue 16): SQL's `= null`, `LIKE '%x%'`, `=>`,
 * JavaScript's `==`, English word order (`did not …`, `is not in`), a trailing
 * comma, `within days 30`, `within 30` without a unit. The parser would say
 * only that a token is unexpected; each idiom is recognised here and answered
 * with the roster spelling, as one diagnostic with the user's own line
 * rewritten. Only token sequences the grammar can never accept are matched,
 * and only in a definition that failed to parse, so a valid program is never
 * second-guessed.
 */
import type { IToken } from 'chevrotain';
import { tokenMatcher } from '../../grammar/chevrotain.js';
import * as t from '../../grammar/tokens.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../diagnostics/source.js';
import { withEdits } from './group.js';
import { syntaxError, syntaxMessages } from './messages.js';

const TIME_UNITS = new Set(['minute', 'minutes', 'hour', 'hours', 'day', 'days', 'week', 'weeks']);
const NULL_WORDS = new Set(['null', 'nil', 'none', 'undefined']);

/**
 * The line of `start` with `[start, end)` replaced, trimmed, for a help line:
 * the user's own text with the mistake fixed. Long lines are cut around the fix.
 */
export function rewrittenLine(
  source: SourceFile,
  start: number,
  end: number,
  replacement: string,
): string {
  const line = source.position(start).line;
  const lineStart = source.lineStarts[line - 1] ?? 0;
  const text = source.line(line);
  const from = start - lineStart;
  const to = Math.min(text.length, end - lineStart);
  const fixed = `${text.slice(0, from)}${replacement}${text.slice(to)}`;
  const trimmed = fixed.trim();
  if (trimmed.length <= 90) return trimmed;
  const leading = fixed.length - fixed.trimStart().length;
  const at = from - leading;
  const left = Math.max(0, at - 40);
  const right = Math.min(trimmed.length, at + replacement.length + 40);
  return `${left > 0 ? '…' : ''}${trimmed.slice(left, right).trim()}${right < trimmed.length ? '…' : ''}`;
}

const adjacent = (a: IToken, b: IToken): boolean =>
  a.startOffset + a.image.length === b.startOffset;
const end = (token: IToken): number => token.startOffset + token.image.length;
const isWord = (token: IToken | undefined, ...words: string[]): boolean =>
  token !== undefined &&
  tokenMatcher(token, t.AnyWord) &&
  words.includes(token.image.toLowerCase());

interface Found {
  code: Parameters<typeof syntaxError>[0];
  params: Record<string, string>;
  start: number;
  end: number;
  replacement: string;
  /** Extra hints after the rewrite. */
  notes?: string[];
  /** Index of the last token the idiom covers, so scanning resumes after it. */
  last: number;
  /** How a later place of the same kind of mistake is labelled, when the places differ in text. */
  label?: string;
  /** The message for several places on one line, given what was written at each. */
  several?: (written: string[]) => string;
}

/** `%x%` → `contains "x"`, `x%` → `starts with "x"`, `%x` → `ends with "x"`, `x` → `= "x"`. */
function likeReplacement(pattern: string): string | undefined {
  const m = /^(%?)([^%_]*)(%?)$/.exec(pattern);
  if (!m) return undefined;
  const [, lead, inner = '', trail] = m;
  const quoted = JSON.stringify(inner);
  if (lead && trail) return `contains ${quoted}`;
  if (trail) return `starts with ${quoted}`;
  if (lead) return `ends with ${quoted}`;
  return `= ${quoted}`;
}

function idiomAt(tokens: readonly IToken[], i: number): Found | undefined {
  const tok = tokens[i]!;
  const next = tokens[i + 1];
  const after = tokens[i + 2];
  const type = tok.tokenType;

  // `audience power.users = …`: a dotted name where a definition declares one
  if (
    i === 1 &&
    (tokens[0]!.tokenType === t.Audience || tokens[0]!.tokenType === t.Trait) &&
    tokenMatcher(tok, t.AnyWord)
  ) {
    let j = i;
    while (
      tokens[j + 1]?.tokenType === t.Dot &&
      tokens[j + 2] &&
      tokenMatcher(tokens[j + 2]!, t.AnyWord) &&
      adjacent(tokens[j]!, tokens[j + 1]!) &&
      adjacent(tokens[j + 1]!, tokens[j + 2]!)
    )
      j += 2;
    if (j > i) {
      const name = source(tokens, i, j).replace(/ /g, '');
      return {
        code: 'syntax-invalid-name',
        params: { name },
        start: tok.startOffset,
        end: end(tokens[j]!),
        replacement: name.replace(/\./g, '_').toLowerCase(),
        last: j,
      };
    }
  }

  // `plan = null`, `plan != null`, `plan is null`, `plan is not null` (SQL writes `IS NOT NULL`)
  const is = type === t.Is || isWord(tok, 'is');
  if (type === t.Equals || type === t.NotEquals || is) {
    const negated = is && isWord(next, 'not');
    const word = negated ? after : next;
    if (word && word.tokenType === t.Identifier && NULL_WORDS.has(word.image.toLowerCase())) {
      const present = type === t.NotEquals || negated;
      const roster = present ? 'is set' : 'is not set';
      return {
        code: 'syntax-null-comparison',
        params: {
          written: `${tok.image}${negated ? ` ${next!.image}` : ''} ${word.image}`,
          roster,
        },
        start: tok.startOffset,
        end: end(word),
        replacement: roster,
        last: i + (negated ? 2 : 1),
      };
    }
  }
  // `user.role` in a condition: a user's own traits need no prefix (only `account.` exists)
  if (
    (type === t.User || isWord(tok, 'users')) &&
    next?.tokenType === t.Dot &&
    after &&
    tokenMatcher(after, t.Name) &&
    adjacent(tok, next) &&
    adjacent(next, after)
  ) {
    return {
      code: 'syntax-user-prefix',
      params: { written: `${tok.image}.${after.image}`, name: after.image },
      start: tok.startOffset,
      end: end(after),
      replacement: after.image,
      last: i + 2,
    };
  }
  // `==`, `===`, `!==`, `=>`, `=<`, `<>`
  if (next && adjacent(tok, next)) {
    const pair = `${tok.image}${next.image}`;
    const triple = after && adjacent(next, after) ? `${pair}${after.image}` : undefined;
    const operators: Record<string, string> = {
      '===': '=',
      '!==': '!=',
      '==': '=',
      '=>': '>=',
      '=<': '<=',
      '<>': '!=',
    };
    const written = triple && operators[triple] ? triple : operators[pair] ? pair : undefined;
    if (written) {
      const roster = operators[written]!;
      return {
        code: 'syntax-foreign-operator',
        params: { written, roster },
        start: tok.startOffset,
        end: tok.startOffset + written.length,
        replacement: roster,
        last: i + (written === triple ? 2 : 1),
      };
    }
  }
  // `did not "X"` → `not did "X"`
  if (type === t.Did && next?.tokenType === t.Not) {
    return {
      code: 'syntax-word-order',
      params: { written: 'did not', roster: 'not did' },
      start: tok.startOffset,
      end: end(next),
      replacement: 'not did',
      last: i + 1,
    };
  }
  // `is not in [..]` → `not in [..]`, `is in [..]` → `in [..]`
  if (type === t.Is && next?.tokenType === t.Not && after?.tokenType === t.In) {
    return {
      code: 'syntax-word-order',
      params: { written: 'is not in', roster: 'not in' },
      start: tok.startOffset,
      end: end(after),
      replacement: 'not in',
      last: i + 2,
    };
  }
  if (type === t.Is && next?.tokenType === t.In) {
    return {
      code: 'syntax-word-order',
      params: { written: 'is in', roster: 'in' },
      start: tok.startOffset,
      end: end(next),
      replacement: 'in',
      last: i + 1,
    };
  }
  // `name like "%acme%"`, `name not ilike "acme%"`
  {
    const negated = isWord(tok, 'not') && isWord(next, 'like', 'ilike');
    const likeIndex = negated ? i + 1 : i;
    const like = tokens[likeIndex]!;
    const pattern = tokens[likeIndex + 1];
    if (
      isWord(like, 'like', 'ilike') &&
      like.tokenType === t.Identifier &&
      pattern?.tokenType === t.StringLiteral &&
      i > 0 &&
      tokenMatcher(tokens[i - 1]!, t.Name)
    ) {
      const subject = tokens[i - 1]!;
      const value = pattern.image.slice(1, -1);
      const test = likeReplacement(value);
      const caseless = like.image.toLowerCase() === 'ilike';
      const notes = [
        ...(test === undefined
          ? [
              'roster has no wildcard patterns: test with `contains "…"`, `starts with "…"` or `ends with "…"`, where `%` and `_` are ordinary characters',
            ]
          : []),
        ...(caseless
          ? [
              'roster compares strings case-sensitively: list the spellings with `in [..]` if they vary',
            ]
          : []),
      ];
      const replacement =
        test === undefined
          ? `${subject.image} contains ${JSON.stringify(value.replace(/[%_]/g, ''))}`
          : `${negated ? 'not ' : ''}${subject.image} ${test}`;
      return {
        code: 'syntax-like-pattern',
        params: { written: like.image },
        start: subject.startOffset,
        end: end(pattern),
        replacement,
        notes,
        last: likeIndex + 1,
      };
    }
  }
  // `["a", "b",]`, `with group, identify,`
  if (type === t.Comma && (next === undefined || next.tokenType === t.RBracket)) {
    return {
      code: 'syntax-trailing-comma',
      params: {},
      start: tok.startOffset,
      end: end(tok),
      replacement: '',
      last: i,
    };
  }
  // `within days 30`, `within the last 30 days`, `in the last 30 days`, `over the last 30 days`
  if (type === t.Within || type === t.In || isWord(tok, 'over', 'during', 'for')) {
    let j = i + 1;
    if (isWord(tokens[j], 'the')) j++;
    const hasLast = isWord(tokens[j], 'last', 'past');
    if (hasLast) j++;
    const unitFirst = tokens[j];
    const numberAfter = tokens[j + 1];
    if (
      unitFirst &&
      isWord(unitFirst, ...TIME_UNITS) &&
      numberAfter?.tokenType === t.NumberLiteral &&
      (type === t.Within || hasLast)
    ) {
      const written = `within ${numberAfter.image} ${unitFirst.image}`;
      return {
        code: 'syntax-unit-before-number',
        params: { written: source(tokens, i, j + 1), roster: written },
        start: tok.startOffset,
        end: end(numberAfter),
        replacement: written,
        last: j + 1,
      };
    }
    const amount = tokens[j];
    const unit = tokens[j + 1];
    if (
      (type !== t.Within || j > i + 1) &&
      hasLast &&
      amount?.tokenType === t.NumberLiteral &&
      isWord(unit, ...TIME_UNITS)
    ) {
      const written = `within ${amount.image} ${unit!.image}`;
      return {
        code: 'syntax-word-order',
        params: { written: source(tokens, i, j + 1), roster: written },
        start: tok.startOffset,
        end: end(unit!),
        replacement: written,
        last: j + 1,
      };
    }
  }
  // `within 30` with no unit
  if (type === t.Within && next?.tokenType === t.NumberLiteral) {
    if (!after || after.tokenType !== t.Identifier || after.startLine !== next.startLine) {
      return {
        code: 'syntax-missing-unit',
        params: { written: `within ${next.image}`, units: '`minutes`, `hours`, `days` or `weeks`' },
        start: tok.startOffset,
        end: end(next),
        replacement: `within ${next.image} days`,
        last: i + 1,
      };
    }
  }
  // `at least 3 within 7 days` with no `times` (an event count, after a `did`)
  if (
    (type === t.Least || type === t.Most || type === t.Exactly || type === t.Than) &&
    next?.tokenType === t.NumberLiteral &&
    tokens.slice(0, i).some((b) => b.tokenType === t.Did) &&
    (!after || (after.tokenType !== t.Identifier && !tokenMatcher(after, t.Name)))
  ) {
    const startToken = type === t.Exactly ? tok : (tokens[i - 1] ?? tok);
    const written = `${source(tokens, tokens.indexOf(startToken), i + 1)}`;
    return {
      code: 'syntax-missing-unit',
      params: { written, units: '`times`' },
      start: startToken.startOffset,
      end: end(next),
      replacement: `${written} ${next.image === '1' ? 'time' : 'times'}`,
      last: i + 1,
    };
  }
  // `plan in ("pro", "enterprise")`, `plan NOT IN (…)`: SQL's list in parentheses
  const notIn = isWord(tok, 'not') && isWord(next, 'in') && after?.tokenType === t.LParen;
  if (notIn || (isWord(tok, 'in') && next?.tokenType === t.LParen)) {
    const open = notIn ? i + 2 : i + 1;
    const close = listInParentheses(tokens, open);
    if (close !== undefined) {
      const items = source(tokens, open + 1, close - 1).replace(/ ,/g, ',');
      const words = notIn ? 'not in' : 'in';
      // `IN (…)` is also in capitals: one rewrite fixes both.
      const lower = source(tokens, i, open - 1) === words;
      return {
        code: 'syntax-expected-list',
        params: { after: `\`${words}\``, found: '`(`' },
        start: lower ? tokens[open]!.startOffset : tok.startOffset,
        end: end(tokens[close]!),
        replacement: `${lower ? '' : `${words} `}[${items}]`,
        last: close,
      };
    }
  }
  // `plan is "pro"`, `plan is not "pro"`: `is` tests only `set`, `true` and `false`
  if (is) {
    const negated = isWord(next, 'not');
    const value = negated ? after : next;
    if (value && (value.tokenType === t.StringLiteral || value.tokenType === t.NumberLiteral)) {
      const operator = negated ? '!=' : '=';
      return {
        code: 'syntax-is-comparison',
        params: { written: `${tok.image}${negated ? ` ${next!.image}` : ''}`, roster: operator },
        start: tok.startOffset,
        end: end(negated ? next! : tok),
        replacement: operator,
        last: i + (negated ? 1 : 0),
      };
    }
  }
  // `AND`, `IN`, `BETWEEN`, `TRUE`, Python's `True`: roster's words are lowercase
  if (type === t.Identifier && isUpperKeyword(tok.image)) {
    // `did LOGGED IN`: capitals where an event goes are its unquoted name (diagnose.ts).
    let j = i - 1;
    // (`did Logged In AND …`: a name in other capitals ends before the keyword.)
    while (j > 0 && tokenMatcher(tokens[j]!, t.AnyWord) && /^[A-Z0-9_]+$/.test(tokens[j]!.image))
      j--;
    const previous = tokens[j];
    const eventPosition =
      previous !== undefined &&
      (previous.tokenType === t.Did || tokenMatcher(previous, t.AggregationFn));
    if (!eventPosition)
      return {
        code: 'syntax-keyword-case',
        params: { written: tok.image, roster: tok.image.toLowerCase() },
        start: tok.startOffset,
        end: end(tok),
        replacement: tok.image.toLowerCase(),
        last: i,
        label: 'also in capitals',
        several: (written) =>
          syntaxMessages['syntax-keyword-case']({
            written: written.join('`, `'),
            roster: written.map((w) => w.toLowerCase()).join('`, `'),
          }),
      };
  }
  return undefined;
}

const lowerKeywords = new Set(t.keywordWords);

/** `AND`, `BETWEEN`, `TRUE`, `True`: a keyword in capitals (names are lowercase, so never a name). */
function isUpperKeyword(word: string): boolean {
  const lower = word.toLowerCase();
  if (!lowerKeywords.has(lower)) return false;
  if (word.length >= 2 && word === word.toUpperCase()) return true;
  return (lower === 'true' || lower === 'false') && word === `${word[0]}${lower.slice(1)}`;
}

/** The index of the `)` closing the `(` at `open` when only values and commas are between. */
function listInParentheses(tokens: readonly IToken[], open: number): number | undefined {
  for (let j = open + 1; j < tokens.length; j++) {
    const type = tokens[j]!.tokenType;
    if (type === t.RParen) return j > open + 1 ? j : undefined;
    if (
      type !== t.StringLiteral &&
      type !== t.NumberLiteral &&
      type !== t.Comma &&
      type !== t.True &&
      type !== t.False
    )
      return undefined;
  }
  return undefined;
}

/** The source text of tokens `from..to` (inclusive) joined by single spaces. */
function source(tokens: readonly IToken[], from: number, to: number): string {
  return tokens
    .slice(from, to + 1)
    .map((tok) => tok.image)
    .join(' ');
}

/** Every foreign idiom in one definition's tokens, one diagnostic each. */
export function findIdioms(tokens: readonly IToken[], file: SourceFile): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const found = idiomAt(tokens, i);
    if (!found) continue;
    const rewrite = rewrittenLine(file, found.start, found.end, found.replacement);
    const verb = found.code === 'syntax-trailing-comma' ? 'remove this `,`:' : 'write';
    const hints = [`${verb} \`${rewrite}\``, ...(found.notes ?? [])];
    diagnostics.push(
      withEdits(
        syntaxError(found.code, found.params as never, file.range(found.start, found.end), hints),
        {
          edits: [{ start: found.start, end: found.end, replacement: found.replacement }],
          verb,
          label: found.label ?? `the same mistake: \`${file.text.slice(found.start, found.end)}\``,
          written: file.text.slice(found.start, found.end),
          ...(found.several ? { several: found.several } : {}),
        },
      ),
    );
    i = found.last;
  }
  return diagnostics;
}
