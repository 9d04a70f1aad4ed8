/**
 * What an incomplete `sync` lacks (issue 16, item 2), and the rest of its line:
 * `sync pro to` is finished as `sync pro to zendesk with identify`, with the
 * user's own name and a destination of roster.yaml, so the rewrite is a sync
 * that checks. `identify` is the call every audience and trait accepts
 * (`group` only an account's); `track` options get the event names roster
 * sends by default (LANGUAGE.md §7).
 */
import type { IToken } from 'chevrotain';
import * as t from '../../grammar/tokens.js';
import type { Missing } from './incomplete.js';

const CALLS = '(`group`, `identify` or `track`)';

/** The event a `track` option names when none is given. */
const defaultEvents: Record<string, string> = {
  entered: 'Audience Entered',
  exited: 'Audience Exited',
  name: 'Trait Computed',
};

function destination(destinations: readonly string[] | undefined): {
  name: string;
  among: string;
} {
  const names = destinations ?? [];
  const name = names[0] ?? 'DESTINATION';
  if (names.length <= 1) return { name, among: '' };
  const listed = names.map((n) => `\`${n}\``);
  return { name, among: ` (${listed.slice(0, -1).join(', ')} or ${listed[listed.length - 1]})` };
}

/** True when the `(` of a call's options is open before `index`. */
function inOptions(tokens: readonly IToken[], index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const type = tokens[i]!.tokenType;
    if (type === t.RParen) return false;
    if (type === t.LParen) return true;
  }
  return false;
}

/** The option a `track (` most likely lacks: `entered` first, `exited` once `entered` is there. */
function nextOption(tokens: readonly IToken[], index: number): string {
  const written = new Set<string>();
  for (let i = index - 1; i >= 0 && tokens[i]!.tokenType !== t.LParen; i--)
    written.add(tokens[i]!.image);
  return written.has('entered') && !written.has('exited') ? 'exited' : 'entered';
}

/**
 * What the sync ending before `index` lacks, with the text that completes its
 * line; undefined where the general explanation fits (a `(` left open after
 * a complete option is an unclosed group).
 */
export function syncMissing(
  tokens: readonly IToken[],
  index: number,
  destinations: readonly string[] | undefined,
): Missing | undefined {
  const last = tokens[index - 1];
  if (!last) return undefined;
  const to = destination(destinations);
  const head = `add a destination${to.among} and the calls to send`;
  switch (index) {
    case 1:
      return {
        what: 'the name of the audience or trait to sync',
        example: `NAME to ${to.name} with identify`,
        advice: `add the name of the audience or trait, a destination${to.among} and the calls to send`,
      };
    case 2:
      return {
        what: '`to` and a destination',
        two: true,
        example: `to ${to.name} with identify`,
        advice: head,
      };
    case 3:
      return { what: 'a destination', example: `${to.name} with identify`, advice: head };
    case 4:
      return {
        what: '`with` and the calls to send',
        two: true,
        example: 'with identify',
        advice: `add \`with\` and the calls to send ${CALLS}`,
      };
  }
  if (!inOptions(tokens, index)) {
    if (last.tokenType === t.With || last.tokenType === t.Comma)
      return { what: `a call ${CALLS}`, example: 'identify' };
    return undefined;
  }
  if (last.tokenType === t.LParen || last.tokenType === t.Comma) {
    const option = nextOption(tokens, index);
    return {
      what: 'an option like `entered = "…"`',
      example: `${option} = "${defaultEvents[option]!}")`,
      advice: `add an option after ${last.tokenType === t.LParen ? '`(`' : '`,`'}`,
    };
  }
  if (last.tokenType === t.Equals) {
    const option = tokens[index - 2]?.image ?? 'entered';
    return {
      what: 'an event name in quotes',
      example: `"${defaultEvents[option] ?? 'Audience Entered'}")`,
    };
  }
  if (tokens[index - 2]?.tokenType === t.LParen || tokens[index - 2]?.tokenType === t.Comma) {
    return {
      what: '`=` and an event name in quotes',
      two: true,
      example: `= "${defaultEvents[last.image] ?? 'Audience Entered'}")`,
    };
  }
  return undefined;
}
