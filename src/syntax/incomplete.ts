/**
 * Something required missing at the end of a line (issue 16, item 2): a
 * comparison without its value, `within` without its number, a `(` or `[`
 * never closed. The parser only notices on the next token, which is often on
 * a later line (`seats >⏎  and plan = "pro"`) or past the end of the
 * definition; the mistake is the construct the line ends in, so that is what
 * these diagnostics point at, naming what is missing there.
 */
import type { IToken, TokenType } from 'chevrotain';
import { tokenMatcher } from '../../grammar/chevrotain.js';
import * as t from '../../grammar/tokens.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../diagnostics/source.js';
import { rewrittenLine } from './idioms.js';
import { syntaxError } from './messages.js';

const end = (token: IToken): number => token.startOffset + token.image.length;

/** Words that start a window or a count: an incomplete one is named from its first word. */
const phraseStarts: readonly TokenType[] = [
  t.Within,
  t.Between,
  t.Before,
  t.After,
  t.At,
  t.Exactly,
  t.More,
  t.Fewer,
];

/**
 * Tokens that, first on a later line, show the line before ended early: they
 * continue a complete construct (`and`, `)`, a window) or start the next
 * definition. Any other token there (a name, a string) may itself be the
 * mistake, and is explained where it stands.
 */
const continuations: readonly TokenType[] = [
  t.And,
  t.Or,
  t.RParen,
  t.RBracket,
  t.Comma,
  t.Where,
  ...phraseStarts,
  t.Trait,
  t.Audience,
  t.Sync,
  t.SqlBlock,
];

/** True when the parser stopped at `index` only because the line before it ended too early. */
export function endsLineEarly(tokens: readonly IToken[], index: number): boolean {
  const previous = tokens[index - 1];
  if (!previous) return false;
  const token = tokens[index];
  if (!token) return true;
  return (
    token.startLine! > previous.endLine! && continuations.some((type) => tokenMatcher(token, type))
  );
}

/** Tokens a construct never reaches back over: what comes before them is complete. */
const boundaries: readonly TokenType[] = [
  t.Where,
  t.And,
  t.Or,
  t.Not,
  t.LParen,
  t.LBracket,
  t.Comma,
];

/**
 * The index of the first token of the construct that ends at `last`: `seats >`,
 * `mrr between 10 and`, `at least`, `account where`, `did`; a lone `and` or
 * `not` is its own construct. The definition's head (`audience x = account`)
 * is one construct.
 */
function constructStart(tokens: readonly IToken[], last: number): number {
  if (last <= 3) return 0;
  // A sync's head, `sync NAME to DESTINATION with`, is one construct.
  if (tokens[0]!.tokenType === t.Sync && last <= 4) return 0;
  const type = tokens[last]!.tokenType;
  // `role is not`: the `not` of `is not set` is inside its test.
  if (type === t.Not && tokens[last - 1]?.tokenType === t.Is)
    return tokens[last - 2]?.tokenType === t.Identifier ? last - 2 : last - 1;
  if (type === t.Where) {
    const before = tokens[last - 1]!.tokenType;
    return before === t.Account || before === t.User ? last - 1 : last;
  }
  if (type === t.Or || type === t.Not || type === t.LParen) return last;
  if (type === t.And && tokens[last - 2]?.tokenType !== t.Between) return last;
  let i = last;
  while (i - 1 > 3) {
    if (phraseStarts.includes(tokens[i]!.tokenType)) {
      // A comparison's subject belongs to it: `created_at before`, `mrr between 10 and`.
      return tokens[i - 1]!.tokenType === t.Identifier ? i - 1 : i;
    }
    const before = tokens[i - 1]!;
    // The `and` of `between A and B` and the `not` of `not in` are inside their comparison.
    const betweenAnd = before.tokenType === t.And && tokens[i - 3]?.tokenType === t.Between;
    const notIn = before.tokenType === t.Not && tokens[i]!.tokenType === t.In;
    if (boundaries.includes(before.tokenType) && !betweenAnd && !notIn) break;
    i--;
  }
  return i;
}

export interface Missing {
  /** What is missing, for the message: "a value (a string, …)", "a number". */
  what: string;
  /** `what` names two things ("`and` and an upper bound"): they *are* missing. */
  two?: boolean;
  /** Text that completes the construct in the help's rewrite, or none. */
  example?: string;
  /** The help's advice before the rewrite, when "add WHAT after X" does not read well. */
  advice?: string;
}

/**
 * `seats >⏎  and …`: the construct the line ends in, as the primary range,
 * with what is missing after it and the line completed (when an example fits).
 */
export function incompleteLine(
  tokens: readonly IToken[],
  index: number,
  missing: Missing,
  source: SourceFile,
  after: string,
): Diagnostic {
  const last = index - 1;
  const lastToken = tokens[last]!;
  const from = tokens[constructStart(tokens, last)]!;
  const construct = source.text.slice(from.startOffset, end(lastToken));
  const at = end(lastToken);
  const advice = missing.advice ?? `add ${missing.what.replace(/ \([^)]*\)/g, '')} after ${after}`;
  const help = missing.example
    ? `${advice}: \`${rewrittenLine(source, at, at, ` ${missing.example}`)}\``
    : `add ${missing.what} after ${after}`;
  return syntaxError(
    'syntax-incomplete',
    {
      construct: construct.replace(/\s+/g, ' '),
      missing: missing.what,
      ...(missing.two === true ? { two: true } : {}),
    },
    source.range(from.startOffset, at),
    [help],
  );
}

/**
 * Where the group opened by `tokens[opener]` most likely closes: a group is
 * written to bind a run of one connective against another (`(a or b) and c`),
 * so it closes before the first top-level connective that differs from its
 * own; with none, at the end of the definition. Returns the token to close after.
 */
export function likelyClose(tokens: readonly IToken[], opener: number): IToken {
  let depth = 0;
  let own: TokenType | undefined;
  for (let i = opener + 1; i < tokens.length; i++) {
    const type = tokens[i]!.tokenType;
    if (type === t.LParen || type === t.LBracket) depth++;
    else if (type === t.RParen || type === t.RBracket) depth--;
    else if (depth === 0 && (type === t.And || type === t.Or)) {
      if (type === t.And && tokens[i - 2]?.tokenType === t.Between) continue;
      if (own === undefined) own = type;
      else if (type !== own && i > opener + 1) return tokens[i - 1]!;
    }
  }
  return tokens[tokens.length - 1]!;
}

/** The last value of the list opened at `opener`: `["a", "b"⏎  and …` closes after `"b"`. */
function lastListValue(tokens: readonly IToken[], opener: number): IToken {
  let i = opener + 1;
  while (tokens[i + 1]?.tokenType === t.Comma && tokens[i + 2]) i += 2;
  return tokens[i] ?? tokens[opener]!;
}

/** `(plan = "pro" or plan = "free"⏎  and seats > 3`: the `(` left open, and where to close it. */
export function unclosedGroup(
  tokens: readonly IToken[],
  opener: number,
  source: SourceFile,
): Diagnostic {
  const open = tokens[opener]!;
  const closeAfter =
    open.tokenType === t.LBracket ? lastListValue(tokens, opener) : likelyClose(tokens, opener);
  const at = end(closeAfter);
  const [code, close] =
    open.tokenType === t.LBracket
      ? (['syntax-unclosed-list', ']'] as const)
      : (['syntax-unclosed-paren', ')'] as const);
  // On another line than the opener, say which: the rewrite shows only that line.
  const where =
    closeAfter.startLine === open.startLine ? '' : ` on line ${source.position(at).line}`;
  return syntaxError(code, {}, source.range(open.startOffset, end(open)), [
    `add the missing \`${close}\` after \`${truncate(closeAfter.image)}\`${where}: \`${rewrittenLine(source, at, at, close)}\``,
  ]);
}

function truncate(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A line of an SQL block that starts a roster definition: the block ran past its own end. */
const DEFINITION_LINE = /\n[ \t]*(?:trait|audience|sync)[ \t]+[A-Za-z_]\w*[ \t]*(?:=|to\b)/;

/**
 * The place an SQL block opened at `open` most likely ends: the end of the
 * last non-blank line before a line that starts a roster definition.
 */
function sqlEnd(source: SourceFile, open: number, body: string): number | undefined {
  const m = DEFINITION_LINE.exec(body);
  if (!m) return undefined;
  const text = source.text.slice(0, open + m.index);
  return text.trimEnd().length;
}

/**
 * An SQL block whose closing `"""` is missing. When it swallowed a later
 * definition, the `"""` it pairs with is that definition's opening one, and
 * only the last `"""` of the file looks unterminated: blame the block that ran
 * on (issue 16, item 2) and say where it most likely closes.
 */
export function unclosedSql(
  source: SourceFile,
  kept: readonly IToken[],
  unterminated: IToken,
): Diagnostic {
  const ranOn = [...kept]
    .reverse()
    .find(
      (token) =>
        token.tokenType === t.SqlBlock &&
        sqlEnd(source, token.startOffset, token.image) !== undefined,
    );
  const open = ranOn ?? unterminated;
  const closeAt = sqlEnd(source, open.startOffset, open.image);
  const hints =
    closeAt === undefined || closeAt <= open.startOffset + 3
      ? []
      : [
          `close it where its SQL ends, on line ${source.position(closeAt).line}: \`${rewrittenLine(source, closeAt, closeAt, ' """')}\``,
        ];
  return syntaxError(
    'syntax-unterminated-sql',
    ranOn ? { runsTo: `line ${source.position(unterminated.startOffset).line}` } : {},
    source.range(open.startOffset, open.startOffset + 3),
    hints,
  );
}
