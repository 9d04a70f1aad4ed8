/**
 * The roster token vocabulary (LANGUAGE.md §1–§7).
 *
 * Labels speak the user's words: they end up in error messages ("expected a
 * number after `within`"). Keywords are matched before identifiers with
 * `longer_alt`, so `count_x`, `industry` or `first_login` stay names. Words that
 * only occur at one well-known place (time units, `times`, `users`, SQL value
 * types, sync calls and their options) are deliberately *not* keywords: they
 * are names checked by the AST builder, so a trait or a property may be called
 * `days`, `users` or `name`, and a typo gets a "did you mean" instead of a
 * parse error. Imports nothing of roster.
 */
import type { TokenType } from 'chevrotain';
import { createToken, Lexer } from './chevrotain.js';

// ------------------------------------------------------------ categories

/** Any token that can be used as a name where a name is expected (identifiers and soft keywords). */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA, label: 'a name' });
/** Any word at all, keywords included: after `.` (`"Order Completed".count`, `account.first`). */
export const AnyWord = createToken({ name: 'AnyWord', pattern: Lexer.NA, label: 'a name' });
/** The aggregation functions of LANGUAGE.md §5. */
export const AggregationFn = createToken({
  name: 'AggregationFn',
  pattern: Lexer.NA,
  label: 'an aggregation',
});
/** `=`, `!=`, `<`, `<=`, `>`, `>=`. */
export const ComparisonOp = createToken({
  name: 'ComparisonOp',
  pattern: Lexer.NA,
  label: 'a comparison',
});

// ------------------------------------------------------------ trivia

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
/** `## …`: documentation of the definition below (LANGUAGE.md §1). */
export const DocComment = createToken({
  name: 'DocComment',
  pattern: /##[^\n\r]*/,
  group: 'comments',
});
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n\r]*/, group: 'comments' });

// ------------------------------------------------------------ literals

/** `""" … """`: the body of an SQL trait; may span lines and contain single quotes. */
export const SqlBlock = createToken({
  name: 'SqlBlock',
  pattern: /"""[\s\S]*?"""/,
  line_breaks: true,
  label: 'an SQL query in triple quotes `"""`',
});
/** An opening `"""` that is never closed: swallows the rest of the file so one diagnostic says so. */
export const UnterminatedSqlBlock = createToken({
  name: 'UnterminatedSqlBlock',
  pattern: /"""[\s\S]*/,
  line_breaks: true,
  label: 'an unterminated SQL block',
});
/** A double-quoted string; escapes are validated (and resolved) by the AST builder. */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/,
  label: 'a string in double quotes',
});
/** A string whose closing quote is missing before the end of the line. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*\\?/,
  label: 'an unterminated string',
});
/** `'pro'`: a common slip (SQL habit); reported as `syntax-single-quoted-string`. */
export const SingleQuotedString = createToken({
  name: 'SingleQuotedString',
  pattern: /'[^'\n\r]*'?/,
  label: 'a string in single quotes',
});
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /-?\d+(?:\.\d+)?/,
  label: 'a number',
});

// ------------------------------------------------------------ punctuation

export const NotEquals = createToken({
  name: 'NotEquals',
  pattern: '!=',
  label: '`!=`',
  categories: [ComparisonOp],
});
export const LessOrEqual = createToken({
  name: 'LessOrEqual',
  pattern: '<=',
  label: '`<=`',
  categories: [ComparisonOp],
});
export const GreaterOrEqual = createToken({
  name: 'GreaterOrEqual',
  pattern: '>=',
  label: '`>=`',
  categories: [ComparisonOp],
});
export const Equals = createToken({
  name: 'Equals',
  pattern: '=',
  label: '`=`',
  categories: [ComparisonOp],
});
export const Less = createToken({
  name: 'Less',
  pattern: '<',
  label: '`<`',
  categories: [ComparisonOp],
});
export const Greater = createToken({
  name: 'Greater',
  pattern: '>',
  label: '`>`',
  categories: [ComparisonOp],
});
export const LParen = createToken({ name: 'LParen', pattern: '(', label: '`(`' });
export const RParen = createToken({ name: 'RParen', pattern: ')', label: '`)`' });
export const LBracket = createToken({ name: 'LBracket', pattern: '[', label: '`[`' });
export const RBracket = createToken({ name: 'RBracket', pattern: ']', label: '`]`' });
export const Comma = createToken({ name: 'Comma', pattern: ',', label: '`,`' });
export const Dot = createToken({ name: 'Dot', pattern: '.', label: '`.`' });
/** `%` after a split part's share (LANGUAGE.md §12.5). */
export const Percent = createToken({ name: 'Percent', pattern: '%', label: '`%`' });

// ------------------------------------------------------------ names

/**
 * Names are `[a-z_][a-z0-9_]*` (LANGUAGE.md §8). Capitals are lexed too so the
 * AST builder can say "names are lowercase" instead of "unexpected character".
 */
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: 'a name',
  categories: [Name, AnyWord],
});

// ------------------------------------------------------------ keywords

interface KeywordOptions {
  /** Usable as a trait/property name wherever a name is expected (no ambiguity arises). */
  soft?: boolean;
  aggregation?: boolean;
}

const keywordTokens: TokenType[] = [];

function keyword(word: string, options: KeywordOptions = {}): TokenType {
  const categories = [AnyWord];
  if (options.soft) categories.push(Name);
  if (options.aggregation) categories.push(AggregationFn);
  const name = word
    .split('_')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
  const token = createToken({
    name,
    pattern: new RegExp(word),
    label: `\`${word}\``,
    longer_alt: Identifier,
    categories,
  });
  keywordTokens.push(token);
  return token;
}

// definitions
export const Trait = keyword('trait');
export const Audience = keyword('audience');
export const Sync = keyword('sync');
export const To = keyword('to', { soft: true });
export const With = keyword('with');
export const Sql = keyword('sql', { soft: true });
export const Where = keyword('where');
// entities
export const Account = keyword('account');
export const User = keyword('user');
// logic
export const And = keyword('and');
export const Or = keyword('or');
export const Not = keyword('not');
// atoms
export const Did = keyword('did');
export const In = keyword('in');
export const Any = keyword('any');
export const All = keyword('all');
export const No = keyword('no');
export const At = keyword('at');
export const Least = keyword('least');
export const Most = keyword('most');
export const Exactly = keyword('exactly');
export const More = keyword('more');
export const Fewer = keyword('fewer');
export const Than = keyword('than');
// tests
export const Is = keyword('is');
/** Named so it does not shadow the global `Set`. */
export const SetWord = keyword('set', { soft: true });
export const True = keyword('true');
export const False = keyword('false');
export const Contains = keyword('contains');
export const Starts = keyword('starts');
export const Ends = keyword('ends');
// lifecycle conditions (§12.3): soft, so a property may still be called `for` or `stopped`
export const For = keyword('for', { soft: true });
export const Stopped = keyword('stopped', { soft: true });
export const Doing = keyword('doing', { soft: true });
// windows
export const Within = keyword('within');
export const Between = keyword('between');
export const Before = keyword('before', { soft: true });
export const After = keyword('after', { soft: true });
// events
export const Page = keyword('page', { soft: true });
export const Screen = keyword('screen', { soft: true });
// aggregations (soft: `count > 3` is a comparison of a trait called `count`)
export const CountUnique = keyword('count_unique', { soft: true, aggregation: true });
export const MostFrequent = keyword('most_frequent', { soft: true, aggregation: true });
export const Count = keyword('count', { soft: true, aggregation: true });
export const Sum = keyword('sum', { soft: true, aggregation: true });
export const Avg = keyword('avg', { soft: true, aggregation: true });
export const Min = keyword('min', { soft: true, aggregation: true });
export const Max = keyword('max', { soft: true, aggregation: true });
export const First = keyword('first', { soft: true, aggregation: true });
export const Last = keyword('last', { soft: true, aggregation: true });
export const Unique = keyword('unique', { soft: true, aggregation: true });
// splits (LANGUAGE.md §12.5). Soft: `split` and `into` stay usable as trait names; a
// definition starts at `split` only when `NAME =` follows (split-definitions.ts).
export const Split = keyword('split', { soft: true });
export const Into = keyword('into', { soft: true });
// sequences (LANGUAGE.md §12.2): `did A then B`; soft, so `then` stays usable as a name.
export const Then = keyword('then', { soft: true });

/** Every keyword token (the words of the language), for suggestions and highlighting. */
export const keywords: readonly TokenType[] = keywordTokens;
/** The keyword spellings, e.g. `within`. */
export const keywordWords: readonly string[] = keywordTokens.map((t) =>
  String(t.PATTERN).replace(/^\/|\/$/g, ''),
);

/**
 * Characters nothing else accepts. Not matched by the lexer (a catch-all
 * pattern would disable its first-character optimisation): src/syntax/lex.ts
 * turns the lexer's errors into these tokens.
 */
export const InvalidCharacter = createToken({
  name: 'InvalidCharacter',
  pattern: Lexer.NA,
  label: 'a character',
});

// Longest keywords first, so `not` is tried before `no` and `count_unique` before `count`.
const keywordsByLength = [...keywordTokens].sort(
  (a, b) => String(b.PATTERN).length - String(a.PATTERN).length,
);

/** The lexer's token order: first match wins, so specific patterns precede general ones. */
export const lexerTokens: TokenType[] = [
  WhiteSpace,
  DocComment,
  Comment,
  SqlBlock,
  UnterminatedSqlBlock,
  StringLiteral,
  UnterminatedString,
  SingleQuotedString,
  NumberLiteral,
  NotEquals,
  LessOrEqual,
  GreaterOrEqual,
  Equals,
  Less,
  Greater,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Dot,
  Percent,
  ...keywordsByLength,
  Identifier,
];

/** The whole vocabulary (the parser's): the lexer's tokens and the categories grouping them. */
export const allTokens: TokenType[] = [
  ...lexerTokens,
  InvalidCharacter,
  Name,
  AnyWord,
  AggregationFn,
  ComparisonOp,
];

export const rosterLexer = new Lexer(lexerTokens, {
  ensureOptimizations: true,
  positionTracking: 'full',
});
