/**
 * `a user`, `an account`, `an UPDATE`: the indefinite article a message needs
 * before a word it only knows at run time (an entity, a type, a statement
 * kind). The vowel rule, except a `u` read as "you" (`user`, `unique`).
 */
export function withArticle(word: string): string {
  return /^(?:[aeio]|u(?!s|ni))/i.test(word) ? `an ${word}` : `a ${word}`;
}
