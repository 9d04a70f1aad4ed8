/**
 * How deep a definition nests, checked on its tokens before parsing: the
 * parser, the checker and the compiler all recurse once per level, so a
 * generated file with thousands of `(` or a run of thousands of `not` would
 * exhaust the stack. Past MAX_NESTING levels the definition is refused with a
 * located error instead; no hand-written condition comes near it.
 */
import type { IToken } from 'chevrotain';
import * as t from '../../grammar/tokens.js';

export const MAX_NESTING = 100;

/** The token that goes one level past MAX_NESTING, if any: open `(`/`[` plus a run of `not`s. */
export function tooDeep(tokens: readonly IToken[]): IToken | undefined {
  let open = 0;
  let nots = 0;
  for (const token of tokens) {
    const type = token.tokenType;
    if (type === t.LParen || type === t.LBracket) open++;
    else if (type === t.RParen || type === t.RBracket) open = Math.max(0, open - 1);
    if (type === t.Not) nots++;
    else if (type !== t.LParen) nots = 0;
    if (open + nots > MAX_NESTING) return token;
  }
  return undefined;
}
