/**
 * A call's JSON text written straight from a transition's fields, without
 * building the call object first: at a million calls the objects of
 * `buildCall` (four per call) and their garbage were the largest share of
 * delivery's CPU. The text is exactly `JSON.stringify(buildCall(row))`
 * (test/runtime/calls/call-json.test.ts compares the two over awkward
 * inputs); the message and anonymous ids are given (computed in SQL with the
 * page read, `apply/message-id-sql.ts`). Whenever a call would not pass
 * `invalidReason`, or its shape is one this writer does not reproduce (a
 * source named like a property roster adds, or like an array index, which
 * JavaScript orders first), it answers `undefined` and the caller builds the
 * call the general way, which also says why it is invalid.
 */
import type { IrValueType } from '../../ir/ir.js';
import type { CallKind } from '../plan/plan.js';
import { decodeValue } from './build-call.js';
import { isInstant, MAX_CALL_BYTES, MAX_MESSAGE_ID_LENGTH } from './validate-call.js';

/** What the writer needs of one transition. */
export interface CallFields {
  call: string;
  source: string;
  sourceKind: string;
  member: string;
  transition: string;
  /** Audiences 'true'; traits JSON text; null on exit/removal. */
  value: string | null;
  messageId: string;
  /** Group calls: the account's anonymousId (null for other calls). */
  anonymousId: string | null;
}

export interface CallJsonContext {
  now: string;
  rosterVersion: string;
  groupAnonymousId: boolean;
  /** The sync channel's options (`entered`/`exited`/`name`), by sync and call. */
  options: (sync: string, call: CallKind) => Record<string, string>;
  /** The declared type of a trait source. */
  traitType: (source: string) => IrValueType | undefined;
}

const NON_BLANK = /\S/;
/** Keys JavaScript puts before the others in an object (array indices). */
const INDEX_LIKE = /^(?:0|[1-9]\d{0,9})$/;

interface Channel {
  sync: string;
  call: string;
  source: string;
  sourceKind: string;
  /** Whether calls of this channel can be written here (else: undefined, the general path). */
  ok: boolean;
  /** `{"type":…,"messageId":` */
  head: string;
  /** `,"timestamp":…,` */
  middle: string;
  /** What follows the member id up to the value (undefined: such calls are invalid). */
  beforeValue: string | undefined;
  beforeValueExited: string | undefined;
  /** `},"context":…}` */
  tail: string;
  traitType: IrValueType | undefined;
}

export function callJsonWriter(
  ctx: CallJsonContext,
): (sync: string, fields: CallFields) => string | undefined {
  const timestampOk = isInstant(ctx.now);
  const middle = `,"timestamp":${JSON.stringify(ctx.now)},`;
  const tail = `},"context":${JSON.stringify({ library: { name: 'roster', version: ctx.rosterVersion } })}}`;
  let last: Channel | undefined;

  const channel = (sync: string, f: CallFields): Channel => {
    const source = JSON.stringify(f.source);
    const type = f.call as CallKind;
    const options = ctx.options(sync, type);
    const audience = f.sourceKind === 'audience';
    const made = {
      sync,
      call: f.call,
      source: f.source,
      sourceKind: f.sourceKind,
      head: `{"type":${JSON.stringify(f.call)},"messageId":`,
      middle,
      tail,
      traitType: audience ? undefined : ctx.traitType(f.source),
    };
    const plain =
      timestampOk &&
      !INDEX_LIKE.test(f.source) &&
      f.source !== '__proto__' &&
      (audience || f.sourceKind === 'trait');
    if (type === 'group' || type === 'identify') {
      const before = `,"traits":{${source}:`;
      return {
        ...made,
        ok: plain && (type === 'identify' || ctx.groupAnonymousId),
        beforeValue: before,
        beforeValueExited: before,
      };
    }
    if (type !== 'track') return { ...made, ok: false, beforeValue: '', beforeValueExited: '' };
    const property = audience ? 'audience_key' : 'trait_key';
    const entered = audience
      ? (options.entered ?? 'Audience Entered')
      : (options.name ?? 'Trait Computed');
    const exited = audience ? (options.exited ?? 'Audience Exited') : entered;
    const props = `,"properties":{${JSON.stringify(property)}:${source},${source}:`;
    return {
      ...made,
      ok: plain && f.source !== 'audience_key' && f.source !== 'trait_key',
      // A blank event name is invalid: undefined sends that call down the general path.
      beforeValue: NON_BLANK.test(entered)
        ? `,"event":${JSON.stringify(entered)}${props}`
        : undefined,
      beforeValueExited: NON_BLANK.test(exited)
        ? `,"event":${JSON.stringify(exited)}${props}`
        : undefined,
    };
  };

  return (sync, f) => {
    let c = last;
    if (
      c === undefined ||
      c.sync !== sync ||
      c.call !== f.call ||
      c.source !== f.source ||
      c.sourceKind !== f.sourceKind
    )
      c = last = channel(sync, f);
    if (!c.ok || !NON_BLANK.test(f.member) || !NON_BLANK.test(f.messageId)) return undefined;
    if (f.messageId.length >= MAX_MESSAGE_ID_LENGTH) return undefined;
    const audience = f.sourceKind === 'audience';
    const entered = f.transition === 'entered';
    const value = audience
      ? entered
        ? 'true'
        : 'false'
      : JSON.stringify(decodeValue(f.value, c.traitType));
    let who: string;
    if (f.call === 'group') {
      if (f.anonymousId === null || !NON_BLANK.test(f.anonymousId)) return undefined;
      who = `"anonymousId":${JSON.stringify(f.anonymousId)},"groupId":${JSON.stringify(f.member)}`;
    } else who = `"userId":${JSON.stringify(f.member)}`;
    const before = audience && !entered ? c.beforeValueExited : c.beforeValue;
    if (before === undefined) return undefined;
    const text = c.head + JSON.stringify(f.messageId) + c.middle + who + before + value + c.tail;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: only long texts are measured.
    if (text.length * 3 > MAX_CALL_BYTES && Buffer.byteLength(text) > MAX_CALL_BYTES)
      return undefined;
    return text;
  };
}
