/**
 * A `{{ source }}` placeholder is a relation (LANGUAGE.md §6), but it expands
 * to a subquery, and PostgreSQL before 16 (and Redshift) refuse a subquery in
 * FROM without an alias. So an expansion the user did not alias is named
 * after its placeholder — `from {{ memberships }} group by 1` and
 * `memberships.user_id` then work as they read — while the user's own alias
 * (`{{ memberships }} m`, `{{ memberships }} as m`) is left alone.
 */

/** Words that can follow a FROM item and are never its alias. */
const NOT_AN_ALIAS = new Set([
  'where',
  'group',
  'order',
  'limit',
  'offset',
  'fetch',
  'join',
  'inner',
  'left',
  'right',
  'full',
  'cross',
  'natural',
  'on',
  'using',
  'union',
  'intersect',
  'except',
  'minus',
  'having',
  'window',
  'qualify',
  'lateral',
  'tablesample',
  'sample',
  'pivot',
  'unpivot',
  'match_recognize',
  'for',
  'at',
  'before',
  'changes',
  'connect',
  'start',
  'select',
  'returning',
]);

/** Skips blanks and SQL comments (`-- …`, `/* … *\/`) at the start of `text`. */
function skipBlanks(text: string): string {
  let rest = text;
  for (;;) {
    const trimmed = rest.replace(/^\s+/u, '');
    if (trimmed.startsWith('--')) {
      const end = trimmed.indexOf('\n');
      rest = end < 0 ? '' : trimmed.slice(end + 1);
    } else if (trimmed.startsWith('/*')) {
      const end = trimmed.indexOf('*/');
      rest = end < 0 ? '' : trimmed.slice(end + 2);
    } else {
      return trimmed;
    }
  }
}

/** Whether the SQL text right after an expanded placeholder gives it an alias of its own. */
export function followedByAlias(following: string): boolean {
  const rest = skipBlanks(following);
  if (/^["`[]/u.test(rest)) return true;
  const word = /^[\p{L}_][\p{L}\p{N}_$]*/u.exec(rest)?.[0];
  return word !== undefined && !NOT_AN_ALIAS.has(word.toLowerCase());
}
