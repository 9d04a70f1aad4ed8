/**
 * Splits a file's tokens into one run per definition, so a mistake in one
 * definition never hides the next: a definition starts at `trait`, `audience`,
 * `sync` or `split NAME =` as the first word of a line (or at a misspelling of one followed
 * by `NAME =`, so `audiense x = …` is reported as a typo on its own line
 * instead of breaking the definition above it).
 */
import type { IToken } from 'chevrotain';
import { tokenMatcher } from '../../grammar/chevrotain.js';
import * as t from '../../grammar/tokens.js';
import { closestName } from '../diagnostics/suggest.js';

export const definitionKeywords = ['trait', 'audience', 'sync'] as const;

function startsLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '\n') return true;
    if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\ufeff') return false;
  }
  return true;
}

/** The definition keyword `token` misspells, when it is followed by `NAME =`. */
export function misspelledDefinitionKeyword(
  tokens: readonly IToken[],
  index: number,
): string | undefined {
  const token = tokens[index];
  const name = tokens[index + 1];
  const equals = tokens[index + 2];
  if (!token || token.tokenType !== t.Identifier || !name || !equals) return undefined;
  if (!tokenMatcher(name, t.Name) || equals.tokenType !== t.Equals) return undefined;
  return closestName(token.image, definitionKeywords);
}

function startsDefinition(text: string, tokens: readonly IToken[], index: number): boolean {
  const token = tokens[index]!;
  const type = token.tokenType;
  if (!startsLine(text, token.startOffset)) return false;
  return (
    type === t.Trait ||
    type === t.Audience ||
    type === t.Sync ||
    // `split` is soft (a trait may be called `split`): only `split NAME =` starts a definition.
    (type === t.Split &&
      tokens[index + 1] !== undefined &&
      tokenMatcher(tokens[index + 1]!, t.Name) &&
      tokens[index + 2]?.tokenType === t.Equals) ||
    misspelledDefinitionKeyword(tokens, index) !== undefined
  );
}

export function splitDefinitions(text: string, tokens: readonly IToken[]): IToken[][] {
  const runs: IToken[][] = [];
  let current: IToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (current.length > 0 && startsDefinition(text, tokens, i)) {
      runs.push(current);
      current = [];
    }
    current.push(tokens[i]!);
  }
  if (current.length > 0) runs.push(current);
  return runs;
}
