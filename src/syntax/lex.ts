/**
 * Lexing for `parse`: tokens, comments, and the lexical mistakes (unterminated
 * strings and SQL blocks, stray characters, single quotes) as diagnostics. The
 * lexer itself never fails: every mistake is an error token of its own kind,
 * so it can be explained precisely and the rest of the file still lexes.
 */
import type { IToken, TokenType } from 'chevrotain';
import { createTokenInstance } from '../../grammar/chevrotain.js';
import * as t from '../../grammar/tokens.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../diagnostics/source.js';
import type { Comment } from './ast.js';
import { syntaxError } from './messages.js';

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

/** Replacements users reach for from other languages. */
const characterHints: Record<string, string> = {
  '&&': 'write `and` to combine conditions',
  '&': 'write `and` to combine conditions',
  '||': 'write `or` to combine conditions',
  '|': 'write `or` to combine conditions',
  '!': 'write `not` to negate a condition, or `!=` for "not equal"',
  '“': 'use straight double quotes `"` around strings',
  '”': 'use straight double quotes `"` around strings',
  '`': 'strings are written in double quotes `"`',
  ';': 'definitions need no `;` at the end',
};

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

  for (const token of all) {
    if (token.tokenType === t.InvalidCharacter) {
      const hint = characterHints[token.image] ?? characterHints[token.image[0]!];
      diagnostics.push(
        syntaxError(
          'syntax-invalid-character',
          { character: token.image },
          range(token),
          hint ? [hint] : [],
        ),
      );
    } else if (token.tokenType === t.UnterminatedString) {
      diagnostics.push(
        syntaxError('syntax-unterminated-string', {}, range(token), [
          'add the closing `"`; a `"` inside a string is written `\\"`',
        ]),
      );
    } else if (token.tokenType === t.UnterminatedSqlBlock) {
      diagnostics.push(
        syntaxError('syntax-unterminated-sql', {}, range(token, 3), ['close the SQL with `"""`']),
      );
    } else if (token.tokenType === t.SingleQuotedString) {
      const inner = token.image.replace(/^'|'$/g, '');
      diagnostics.push(
        syntaxError('syntax-single-quoted-string', { text: token.image }, range(token), [
          `write "${inner}"`,
        ]),
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
