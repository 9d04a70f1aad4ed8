/**
 * One diagnostic per mistake in the checker (issue 16, item 4), as
 * src/syntax/group.ts does for the parser: within one definition, the same
 * unknown name, event or property written twice is one mistake (the later
 * places become related locations), and several account traits in one user
 * condition (or user traits in one account condition) are one mistake — the
 * condition is about the other entity — told once with every place.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { groupInOrder } from '../diagnostics/group.js';
import type { SourceRange } from '../diagnostics/source.js';

/** Codes whose places in one definition are one mistake even when the names differ. */
const entityCodes: Record<string, (names: string) => string> = {
  'entity-account-trait-in-user-context': (names) =>
    `${names} are account traits, but this condition is about a user`,
  'entity-user-atom-in-account-context': (names) =>
    `${names} are user traits, but this condition is about an account`,
};

const list = (names: readonly string[]): string => {
  const quoted = names.map((n) => `\`${n}\``);
  return quoted.length === 1
    ? quoted[0]!
    : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]!}`;
};

/** The name a message starts with (`` `plan` is an account trait… ``). */
const leadingName = (message: string): string => /^`([^`]+)`/.exec(message)?.[1] ?? '';

const contains = (outer: SourceRange, inner: SourceRange): boolean =>
  outer.file === inner.file &&
  outer.start.offset <= inner.start.offset &&
  inner.end.offset <= outer.end.offset;

/**
 * `diagnostics` with the repeats of one mistake merged into its first place.
 * `definitions` are the ranges of the definitions checked: places in two
 * definitions are two mistakes.
 */
export function groupCheckRepeats(
  diagnostics: readonly Diagnostic[],
  definitions: readonly SourceRange[],
): Diagnostic[] {
  const keyOf = (d: Diagnostic): string | undefined => {
    const range = d.range;
    const at = range ? definitions.findIndex((r) => contains(r, range)) : -1;
    if (d.severity !== 'error' || at < 0) return undefined;
    // Differently named traits of the other entity are one mix-up; anything else repeats its message.
    const byEntity =
      d.code in entityCodes && /^`[^`]+` is an? (account|user) trait,/.test(d.message);
    return `${at}\u0000${d.code}\u0000${byEntity ? '' : d.message}`;
  };
  return groupInOrder(diagnostics, keyOf).map(({ first: d, rest }) => {
    if (rest.length === 0) return d;
    const several = entityCodes[d.code];
    const names = [d, ...rest].map((g) => leadingName(g.message));
    if (several === undefined || new Set(names).size === 1)
      return {
        ...d,
        related: [
          ...d.related,
          ...rest.map((g) => ({ message: 'the same mistake again', range: g.range! })),
        ],
      };
    return {
      ...d,
      message: several(list([...new Set(names)])),
      // Each place's own rewrite, so every one is shown fixed.
      hints: [...[d, ...rest].map((g) => g.hints[0]!), ...d.hints.slice(1)],
      related: [
        ...d.related,
        ...rest.flatMap((g, i) => [
          { message: `\`${names[i + 1]!}\` here too`, range: g.range! },
          ...g.related,
        ]),
      ],
    };
  });
}
