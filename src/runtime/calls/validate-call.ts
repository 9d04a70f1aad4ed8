/**
 * Checks a call before it is sent. Segment-style endpoints answer 200 to a
 * whole batch and silently drop the calls they reject, so roster refuses
 * those calls itself (they are quarantined, never sent) with the limits the
 * Segment HTTP Tracking API documents: at most 32 KB per call, the ids
 * present, a messageId under 100 characters, an event name on track, traits
 * and properties objects, an ISO-8601 timestamp.
 */
import type { SegmentCall } from './build-call.js';

/** Segment's limit on one call, as serialised JSON. */
export const MAX_CALL_BYTES = 32 * 1024;
/** Segment's limit on a messageId (characters, exclusive). */
export const MAX_MESSAGE_ID_LENGTH = 100;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const NON_BLANK = /\S/;

function present(value: unknown): boolean {
  return typeof value === 'string' && NON_BLANK.test(value);
}

/** The last timestamp found valid: every call of a run carries the same one. */
let validTimestamp: string | undefined;

export function isInstant(text: string): boolean {
  if (text === validTimestamp) return true;
  if (!ISO_INSTANT.test(text) || Number.isNaN(Date.parse(text))) return false;
  validTimestamp = text;
  return true;
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why `call` must not be sent, or undefined when it is valid. `json`: its JSON text, when already made. */
export function invalidReason(call: SegmentCall, json?: string): string | undefined {
  if (!present(call.messageId)) return 'the call has no messageId';
  if (call.messageId.length >= MAX_MESSAGE_ID_LENGTH)
    return `the messageId has ${call.messageId.length} characters; Segment accepts fewer than ${MAX_MESSAGE_ID_LENGTH}`;
  if (typeof call.timestamp !== 'string' || !isInstant(call.timestamp))
    return `the timestamp \`${call.timestamp}\` is not an ISO-8601 instant`;
  switch (call.type) {
    case 'group':
      if (!present(call.groupId)) return 'a group call needs a non-empty groupId';
      if (!present(call.userId) && !present(call.anonymousId))
        return 'a group call needs a userId or an anonymousId beside its groupId (the destination sets `group_anonymous_id: false`)';
      if (!isObject(call.traits)) return 'the traits of a group call must be an object';
      break;
    case 'identify':
      if (!present(call.userId) && !present(call.anonymousId))
        return 'an identify call needs a non-empty userId';
      if (!isObject(call.traits)) return 'the traits of an identify call must be an object';
      break;
    case 'track':
      if (!present(call.userId) && !present(call.anonymousId))
        return 'a track call needs a non-empty userId';
      if (!present(call.event)) return 'a track call needs an event name';
      if (!isObject(call.properties)) return 'the properties of a track call must be an object';
      break;
    default:
      return `\`${String((call as { type: unknown }).type)}\` is not a call type roster sends`;
  }
  const bytes = Buffer.byteLength(json ?? JSON.stringify(call));
  if (bytes > MAX_CALL_BYTES)
    return `the call is ${bytes} bytes; Segment accepts at most ${MAX_CALL_BYTES} (32 KB) per call`;
  return undefined;
}
