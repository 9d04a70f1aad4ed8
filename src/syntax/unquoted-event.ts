/**
 * A name where an event goes (`did logins`, `did logged_in`, `count Logged In`,
 * `sum Order Completed.revenue`): event names are strings, so the parser only
 * knows that quotes are missing. What the word is decides the fix (issue 16):
 * a trait or an audience of the project was meant as a condition of its own
 * (`logins > 0`, `in pro`); anything else is an event name without its quotes,
 * matched against schema.yml's events so the rewrite names a real one
 * (`logged_in` → `"Logged In"`).
 */
import type { IToken } from 'chevrotain';
import { tokenMatcher } from '../../grammar/chevrotain.js';
import * as t from '../../grammar/tokens.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../diagnostics/source.js';
import { closestName } from '../diagnostics/suggest.js';
import { rewrittenLine } from './idioms.js';
import { syntaxError } from './messages.js';

/** A name the project declares or defines, and how a condition on it is written. */
export interface KnownName {
  kind: 'trait' | 'audience';
  /** What makes a condition of a trait (`> 0`, `is true`, `is set`); none for an audience. */
  test?: string;
}

/** What the project tells the explanation of an unquoted event (never what parses). */
export interface EventContext {
  /** schema.yml's event names. */
  events?: readonly string[];
  /** The project's traits (schema.yml and `trait` definitions) and audiences. */
  names?: ReadonlyMap<string, KnownName>;
}

/** `Logged In`, `logged_in`, `LoggedIn` and `logged-in` are one event to a reader. */
const folded = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The schema's event the words most likely name: the same letters, else a near spelling. */
export function likelyEvent(words: string, events: readonly string[]): string | undefined {
  const key = folded(words);
  const same = events.find((event) => folded(event) === key);
  if (same !== undefined) return same;
  const byKey = new Map(events.map((event) => [folded(event), event]));
  const near = closestName(key, byKey.keys());
  return near === undefined ? undefined : byKey.get(near);
}

/** A pointer to the schema's events, when none is near the name written. */
function eventsOf(events: readonly string[]): string {
  if (events.length === 0)
    return 'write the event name in double quotes, as schema.yml declares it';
  const shown = events.slice(0, 4).map((event) => `\`${JSON.stringify(event)}\``);
  const list =
    events.length > shown.length
      ? `${shown.join(', ')}, …`
      : shown.length === 1
        ? shown[0]!
        : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]!}`;
  return `write an event of schema.yml in double quotes: ${list}`;
}

/** Words after the event that belong to `did` (a count, a window or a filter), not to a comparison. */
const didContinues = (token: IToken | undefined): boolean =>
  token !== undefined &&
  [t.Where, t.At, t.Exactly, t.More, t.Fewer, t.Within, t.Between, t.Before, t.After].some((type) =>
    tokenMatcher(token, type),
  );

/**
 * The diagnostic for the words `tokens[index..index+count)` written where an
 * event name goes, after `keyword` (the `did` or the aggregation before them).
 */
export function unquotedEvent(
  tokens: readonly IToken[],
  index: number,
  count: number,
  source: SourceFile,
  after: string,
  context: EventContext,
): Diagnostic {
  const first = tokens[index]!;
  const last = tokens[index + count - 1]!;
  const from = first.startOffset;
  const to = last.startOffset + last.image.length;
  const range = source.range(from, to);
  const words = source.text.slice(from, to);
  const event = likelyEvent(words, context.events ?? []);
  const quoted = `write the event name in double quotes: \`${rewrittenLine(source, from, to, JSON.stringify(event ?? words))}\``;
  const known = count === 1 ? context.names?.get(words) : undefined;
  const keyword = tokens[index - 1];
  if (known === undefined || keyword === undefined || !tokenMatcher(keyword, t.Did))
    return syntaxError('syntax-expected-event', { after }, range, [quoted]);

  // `did logins`: the condition on the trait or audience itself, in place of `did NAME`.
  const hints: string[] = [];
  const own = known.kind === 'audience' ? `in ${words}` : `${words} ${known.test ?? 'is set'}`;
  if (!didContinues(tokens[index + 1]))
    hints.push(
      `to test the ${known.kind} \`${words}\`, write \`${rewrittenLine(source, keyword.startOffset, to, own)}\``,
    );
  if (event !== undefined) hints.push(hints.length > 0 ? `or, for the event, ${quoted}` : quoted);
  else if (hints.length === 0) hints.push(eventsOf(context.events ?? []));
  return syntaxError(
    'syntax-expected-event',
    { after, name: words, is: known.kind === 'audience' ? 'an audience' : 'a trait' },
    range,
    hints,
  );
}
