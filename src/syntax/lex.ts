/**
 * Lexing for `parse`: tokens, comments, and the lexical mistakes (unterminated
 * strings and SQL blocks, stray characters, single quotes) as diagnostics. The
 * lexer itself never fails: every mistake is an error token of its own kind,
 * so it can be explained precisely and the rest of the file still lexes.
 */
import type { IToken, TokenType } from 'chevrotain';
import { createTokenInstance, tokenMatcher } from '../../grammar/chevrotain.js';
import * as t from '../../grammar/tokens.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../diagnostics/source.js';
import type { Comment } from './ast.js';
import { rewrittenLine } from './idioms.js';
import { unclosedSql } from './incomplete.js';
import { withEdits } from './group.js';
import { syntaxError, syntaxMessages } from './messages.js';

const WORD = /[A-Za-z0-9_]/;

/**
 * `power-users`, `logins-30d`: a name written with hyphens. The lexer reads it
 * as a name, a stray `-` (or a negative number) and another name; this finds
 * the whole word around a `-` that sits between word characters.
 */
function hyphenatedWord(text: string, dash: number): { start: number; end: number } | undefined {
  if (text[dash] !== '-' || !WORD.test(text[dash - 1] ?? '') || !WORD.test(text[dash + 1] ?? ''))
    return undefined;
  let start = dash;
  while (start > 0 && WORD.test(text[start - 1]!)) start--;
  if (!/[A-Za-z_]/.test(text[start]!)) return undefined;
  let end = dash + 1;
  while (
    end < text.length &&
    (WORD.test(text[end]!) || (text[end] === '-' && WORD.test(text[end + 1] ?? '')))
  )
    end++;
  return { start, end };
}

export interface LexedFile {
  /** Tokens for the parser: trivia and comments removed; error tokens kept (see `isLexicalError`). */
  tokens: IToken[];
  comments: Comment[];
  diagnostics: Diagnostic[];
}

const errorTokenTypes: ReadonlySet<TokenType> = new Set([
  t.InvalidCharacter,
  t.UnterminatedString,
  t.UnterminatedSqlBlock,
  t.SingleQuotedString,
]);

/** True for a token that stands for a mistake already reported by `lex`. */
export function isLexicalError(token: IToken): boolean {
  return errorTokenTypes.has(token.tokenType);
}

/** Operators users bring from SQL and JavaScript, with roster's word for each. */
const foreignOperators: Record<string, string> = {
  '&&': 'and',
  '&': 'and',
  '||': 'or',
  '|': 'or',
  '!': 'not',
};

/** Replacements users reach for from other languages. */
const characterHints: Record<string, string> = {
  '“': 'use straight double quotes `"` around strings',
  '”': 'use straight double quotes `"` around strings',
  '`': 'strings are written in double quotes `"`',
  ';': 'definitions need no `;` at the end',
};

/**
 * What a string that lost its neighbour's quote swallowed: keywords between
 * spaces (`pro and seats > 10 and name = `) or a list's `, ` (`pro, `). A
 * value rarely holds these, a run-on string nearly always does.
 */
const RUN_ON = /\s+(?:and|or|where|within|between|before|after|not|in|is|did|at|contains)\s|,\s/;

/** A word outside quotes that reads as part of a value: a name, a number, a capitalised word (`In`). */
const isBare = (token: IToken | undefined): token is IToken =>
  token !== undefined &&
  (token.tokenType === t.Identifier ||
    token.tokenType === t.NumberLiteral ||
    (tokenMatcher(token, t.AnyWord) && /^[A-Z]/.test(token.image)));

/**
 * `plan = "pro and seats > 10 and name = "x"`: the `"` after `pro` is missing,
 * so the lexer pairs the opening quote of `"pro` with the one before `x`, and
 * only the last quote of the line looks unterminated. The string left open is
 * the first on that line that swallowed keywords and spaces and is followed
 * by a bare word: blame it and show the line with the quote put back. When a
 * bare word runs straight into that string (`name = Acme Corp" and …`), the
 * quote that went missing is the one opening the words before it.
 */
function swallowingString(
  source: SourceFile,
  kept: readonly IToken[],
  unterminated: IToken,
): Diagnostic | undefined {
  let first = kept.length;
  while (first > 0 && kept[first - 1]!.startLine === unterminated.startLine) first--;
  for (let i = first; i < kept.length; i++) {
    const string = kept[i]!;
    const bare = kept[i + 1];
    if (string.tokenType !== t.StringLiteral || !isBare(bare)) continue;
    if (string.startOffset + string.image.length !== bare.startOffset) continue;
    const m = RUN_ON.exec(string.image.slice(1, -1));
    if (!m) continue;
    const unopened =
      i > first ? missingOpeningQuote(source, kept, i, string.startOffset) : undefined;
    if (unopened) return unopened;
    const close = string.startOffset + 1 + m.index;
    return syntaxError(
      'syntax-unterminated-string',
      { runsTo: `the \`"\` before \`${bare.image}\`` },
      source.range(string.startOffset, close),
      [`close it: \`${rewrittenLine(source, close, close, '"')}\``],
    );
  }
  return undefined;
}

/**
 * What a string left open at the end of its line most likely swallowed: the
 * words and operators of the condition after the value (`"EUR and revenue >
 * 100`, `"Logged In within 7 days`).
 */
const RUN_ON_TO_END = new RegExp(
  [
    // `and`/`or` before a name or a group: English in a value (`"Ben and Jerry`) goes on in capitals.
    String.raw`\s+(?:and|or)\s+(?=[a-z_(])`,
    String.raw`\s+(?:where|within|between|before|after|did|exactly|contains)\s`,
    String.raw`\s+(?:at (?:least|most)|more than|fewer than|starts with|ends with|not in|is (?:not|set|true|false))\b`,
    String.raw`\s(?:[<>]=?|!?=)\s`,
    String.raw`,\s*"`,
  ].join('|'),
);

/**
 * `currency = "EUR and revenue > 100`: a string left open whose line goes on
 * with more of the definition is closed where the value most likely ended,
 * before the first keyword or operator it swallowed, or before the `]` or
 * `)` of a list or group opened earlier on the line.
 */
function runOnToLineEnd(source: SourceFile, token: IToken): Diagnostic | undefined {
  const content = token.image.slice(1);
  const ends: number[] = [];
  const m = RUN_ON_TO_END.exec(content);
  if (m) ends.push(m.index);
  const lineStart = source.lineStarts[source.position(token.startOffset).line - 1] ?? 0;
  const before = source.text.slice(lineStart, token.startOffset).replace(/"(?:[^"\\]|\\.)*"/g, '');
  const open = (o: string, c: string) => before.split(o).length > before.split(c).length;
  for (const [o, c] of [
    ['[', ']'],
    ['(', ')'],
  ] as const) {
    const at = content.indexOf(c);
    if (at >= 0 && open(o, c)) ends.push(at);
  }
  const end = Math.min(...ends);
  if (!Number.isFinite(end) || end === 0 || content.slice(0, end).trim() === '') return undefined;
  const close = token.startOffset + 1 + content.slice(0, end).trimEnd().length;
  return syntaxError(
    'syntax-unterminated-string',
    { runsTo: 'the end of the line' },
    source.range(token.startOffset, close),
    [`close it: \`${rewrittenLine(source, close, close, '"')}\``],
  );
}

/**
 * `name = Acme Corp" and …`, `["pro", enterprise"]`: bare words run straight
 * into the quote at `quote` (the words of `kept` before index `at`), so the
 * quote that went missing is the one opening those words.
 */
function missingOpeningQuote(
  source: SourceFile,
  kept: readonly IToken[],
  at: number,
  quote: number,
  until?: string,
): Diagnostic | undefined {
  const before = kept[at - 1];
  if (!isBare(before) || before.startOffset + before.image.length !== quote) return undefined;
  let start = at - 1;
  while (start > 0 && isBare(kept[start - 1]) && kept[start - 1]!.startLine === before.startLine)
    start--;
  const open = kept[start]!.startOffset;
  const words = source.text.slice(open, quote);
  return syntaxError(
    'syntax-unterminated-string',
    until === undefined ? { opens: words } : { opens: words, until },
    source.range(open, quote + 1),
    [`open it: \`${rewrittenLine(source, open, open, '"')}\``],
  );
}

/** Quotes from word processors and Markdown, each with the one that closes it. */
const quotePairs: Record<string, string> = { '“': '”', '”': '”', '`': '`' };

/**
 * `“pro”`, `` `pro` ``: the offset of the quote that closes the one at
 * `token` on its line, if any; the pair is one mistake, the string's quotes.
 */
function quotePair(source: SourceFile, token: IToken): number | undefined {
  const closer = quotePairs[token.image];
  if (closer === undefined) return undefined;
  const from = token.startOffset + 1;
  const lineEnd = source.text.indexOf('\n', from);
  const at = source.text.slice(from, lineEnd < 0 ? undefined : lineEnd).search(/[”`"]/);
  if (at < 0 || source.text[from + at] !== closer) return undefined;
  return from + at;
}

export function lex(source: SourceFile): LexedFile {
  const result = t.rosterLexer.tokenize(source.text);
  const diagnostics: Diagnostic[] = [];
  const tokens: IToken[] = [];
  const range = (token: IToken, length = token.image.length) =>
    source.range(token.startOffset, token.startOffset + length);

  // The lexer skips what it cannot read and reports it; each run of such characters becomes one token.
  const invalid: IToken[] = result.errors.map((lexError) =>
    createTokenInstance(
      t.InvalidCharacter,
      source.text.slice(lexError.offset, lexError.offset + Math.max(1, lexError.length)),
      lexError.offset,
      lexError.offset + Math.max(1, lexError.length) - 1,
      lexError.line ?? Number.NaN,
      lexError.line ?? Number.NaN,
      lexError.column ?? Number.NaN,
      lexError.column ?? Number.NaN,
    ),
  );
  const all =
    invalid.length === 0
      ? result.tokens
      : [...result.tokens, ...invalid].sort((a, b) => a.startOffset - b.startOffset);

  // A line comment written `--` (SQL) or `//` (JavaScript): one mistake, the rest of its line ignored.
  let skipUntil = -1;
  // A hyphenated name becomes one error token covering the whole word.
  let hyphenEnd = -1;
  // Offsets of closing curly quotes and backticks already reported with their opening one.
  const closingQuotes = new Set<number>();
  for (const token of all) {
    if (token.startOffset < skipUntil || token.startOffset < hyphenEnd) continue;
    const dash =
      token.tokenType === t.InvalidCharacter || token.tokenType === t.NumberLiteral
        ? hyphenatedWord(source.text, token.startOffset)
        : token.tokenType === t.Identifier
          ? hyphenatedWord(source.text, token.startOffset + token.image.length)
          : undefined;
    if (dash) {
      const word = source.text.slice(dash.start, dash.end);
      const fixed = word.replace(/-/g, '_').toLowerCase();
      diagnostics.push(
        syntaxError('syntax-invalid-name', { name: word }, source.range(dash.start, dash.end), [
          `write \`${rewrittenLine(source, dash.start, dash.end, fixed)}\``,
        ]),
      );
      const first = tokens[tokens.length - 1];
      // The name before the `-` was already kept: replace it with the error token.
      if (first && first.startOffset >= dash.start) tokens.pop();
      tokens.push(
        createTokenInstance(
          t.InvalidCharacter,
          word,
          dash.start,
          dash.end - 1,
          token.startLine ?? Number.NaN,
          token.startLine ?? Number.NaN,
          token.startColumn ?? Number.NaN,
          token.startColumn ?? Number.NaN,
        ),
      );
      hyphenEnd = dash.end;
      continue;
    }
    if (token.tokenType === t.InvalidCharacter) {
      const comment = /^(--|\/\/)/.exec(token.image);
      const operator = foreignOperators[token.image];
      if (comment) {
        const lineEnd = source.text.indexOf('\n', token.startOffset);
        skipUntil = lineEnd < 0 ? source.text.length : lineEnd;
        const text = source.text.slice(token.startOffset, skipUntil).replace(/\r$/, '');
        const rest = text.slice(2).trim();
        diagnostics.push(
          syntaxError(
            'syntax-sql-comment',
            { marker: comment[1]! },
            source.range(token.startOffset, token.startOffset + text.length),
            [
              `write \`${rewrittenLine(source, token.startOffset, token.startOffset + text.length, `# ${rest}`)}\``,
            ],
          ),
        );
      } else if (operator) {
        // `!beta` alone tests a boolean: JavaScript's truthiness is `not beta is true` in roster.
        const bare =
          token.image === '!'
            ? /^!\s*([a-z_][a-z0-9_]*)(?=\s*(?:$|\)|#|and\b|or\b))/m.exec(
                source.text.slice(token.startOffset),
              )
            : null;
        const written = bare ? bare[0] : token.image;
        const replacement = bare
          ? `not ${bare[1]} is true`
          : operator === 'not'
            ? 'not '
            : operator;
        const edit = {
          start: token.startOffset,
          end: token.startOffset + written.length,
          replacement,
        };
        diagnostics.push(
          withEdits(
            syntaxError(
              'syntax-foreign-operator',
              { written: token.image, roster: operator },
              range(token),
              [`write \`${rewrittenLine(source, edit.start, edit.end, edit.replacement)}\``],
            ),
            { edits: [edit], label: `the same \`${token.image}\``, written: token.image },
          ),
        );
      } else if (closingQuotes.has(token.startOffset)) {
        // The closing half of a pair of curly quotes or backticks, reported with its opening one.
      } else {
        const closing = quotePair(source, token);
        if (closing !== undefined) {
          closingQuotes.add(closing);
          const edits = [
            { start: token.startOffset, end: token.startOffset + 1, replacement: '"' },
            { start: closing, end: closing + 1, replacement: '"' },
          ];
          const quote = source.text[closing]!;
          diagnostics.push(
            withEdits(
              syntaxError(
                'syntax-invalid-character',
                {
                  character: token.image,
                  around: source.text.slice(token.startOffset + 1, closing),
                },
                range(token),
                [
                  `write \`${rewrittenLine(source, token.startOffset, closing + 1, `"${source.text.slice(token.startOffset + 1, closing)}"`)}\``,
                ],
              ),
              {
                edits,
                label:
                  quote === '`' ? 'another string in backticks' : 'another string in curly quotes',
                written: token.image,
              },
            ),
          );
          diagnostics[diagnostics.length - 1]!.related.push({
            message: quote === '`' ? 'and its closing backtick' : `and its closing \`${quote}\``,
            range: source.range(closing, closing + 1),
          });
          tokens.push(token);
          continue;
        }
        const hint = characterHints[token.image] ?? characterHints[token.image[0]!];
        diagnostics.push(
          syntaxError(
            'syntax-invalid-character',
            { character: token.image },
            range(token),
            hint ? [hint] : [],
          ),
        );
      }
    } else if (token.tokenType === t.UnterminatedString) {
      const swallowed = swallowingString(source, tokens, token);
      if (swallowed) {
        diagnostics.push(swallowed);
        tokens.push(token);
        continue;
      }
      const unopened = missingOpeningQuote(
        source,
        tokens,
        tokens.length,
        token.startOffset,
        'the end of the line',
      );
      if (unopened) {
        diagnostics.push(unopened);
        tokens.push(token);
        continue;
      }
      const swallowedToEnd = runOnToLineEnd(source, token);
      if (swallowedToEnd) {
        diagnostics.push(swallowedToEnd);
        tokens.push(token);
        continue;
      }
      diagnostics.push(
        syntaxError('syntax-unterminated-string', {}, range(token), [
          `add the closing \`"\`: \`${rewrittenLine(source, token.startOffset + token.image.trimEnd().length, token.startOffset + token.image.length, '"')}\``,
          'a `"` inside a string is written `\\"`',
        ]),
      );
    } else if (token.tokenType === t.UnterminatedSqlBlock) {
      const unclosed = unclosedSql(source, tokens, token);
      // A block that ran on lexed the SQL after it as roster: its stray characters are not mistakes.
      const ranOnFrom = unclosed.range!.start.offset;
      if (ranOnFrom < token.startOffset) {
        const kept = diagnostics.filter((d) => (d.range?.start.offset ?? 0) < ranOnFrom);
        diagnostics.splice(0, diagnostics.length, ...kept);
      }
      diagnostics.push(unclosed);
    } else if (token.tokenType === t.SingleQuotedString) {
      const inner = token.image.replace(/^'|'$/g, '');
      const edit = {
        start: token.startOffset,
        end: token.startOffset + token.image.length,
        replacement: JSON.stringify(inner),
      };
      diagnostics.push(
        withEdits(
          syntaxError('syntax-single-quoted-string', { text: token.image }, range(token), [
            `write \`${rewrittenLine(source, edit.start, edit.end, edit.replacement)}\``,
          ]),
          {
            edits: [edit],
            label: 'also in single quotes',
            written: token.image,
            several: (texts) =>
              syntaxMessages['syntax-single-quoted-string']({ text: texts.join(', ') }),
          },
        ),
      );
    }
    tokens.push(token);
  }

  const comments: Comment[] = (result.groups['comments'] ?? []).map((token) => ({
    kind: 'comment',
    text: token.image,
    doc: token.tokenType === t.DocComment,
    range: range(token),
  }));
  return { tokens, comments, diagnostics };
}
