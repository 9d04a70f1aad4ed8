/** Calls refused before sending (Segment-style receivers drop them silently). */
import { describe, expect, it } from 'vitest';
import type { SegmentCall } from '../../../src/runtime/calls/build-call.js';
import { invalidReason } from '../../../src/runtime/calls/validate-call.js';

const base: SegmentCall = {
  type: 'identify',
  messageId: 'm1',
  timestamp: '2026-06-30T00:00:00.000Z',
  userId: 'u1',
  traits: { plan: 'pro' },
  context: { library: { name: 'roster', version: '0.1.0' } },
};
const call = (over: Record<string, unknown>): SegmentCall =>
  ({ ...base, ...over }) as unknown as SegmentCall;

describe('invalidReason', () => {
  it('accepts well-formed group, identify and track calls', () => {
    expect(invalidReason(base)).toBeUndefined();
    expect(
      invalidReason(call({ type: 'group', userId: undefined, anonymousId: 'x', groupId: 'a1' })),
    ).toBeUndefined();
    expect(
      invalidReason(
        call({ type: 'track', traits: undefined, event: 'Audience Entered', properties: {} }),
      ),
    ).toBeUndefined();
  });

  it('says what is wrong with each invalid call', () => {
    expect(invalidReason(call({ messageId: '' }))).toBe('the call has no messageId');
    expect(invalidReason(call({ messageId: 'x'.repeat(100) }))).toBe(
      'the messageId has 100 characters; Segment accepts fewer than 100',
    );
    expect(invalidReason(call({ messageId: 'x'.repeat(99) }))).toBeUndefined();
    expect(invalidReason(call({ timestamp: '30/06/2026' }))).toBe(
      'the timestamp `30/06/2026` is not an ISO-8601 instant',
    );
    expect(invalidReason(call({ userId: '' }))).toBe('an identify call needs a non-empty userId');
    expect(invalidReason(call({ type: 'group', groupId: '  ' }))).toBe(
      'a group call needs a non-empty groupId',
    );
    expect(invalidReason(call({ type: 'group', groupId: 'a1', userId: undefined }))).toBe(
      'a group call needs a userId or an anonymousId beside its groupId (the destination sets `group_anonymous_id: false`)',
    );
    expect(invalidReason(call({ traits: ['x'] }))).toBe(
      'the traits of an identify call must be an object',
    );
    expect(invalidReason(call({ type: 'track', event: '', properties: {} }))).toBe(
      'a track call needs an event name',
    );
    expect(invalidReason(call({ type: 'track', event: 'E', properties: null }))).toBe(
      'the properties of a track call must be an object',
    );
  });

  it('refuses a call over 32 KB and accepts one just under', () => {
    const size = (c: SegmentCall): number => Buffer.byteLength(JSON.stringify(c));
    const empty = size(call({ traits: { t: '' } }));
    const under = call({ traits: { t: 'x'.repeat(32 * 1024 - empty) } });
    expect(size(under)).toBe(32 * 1024);
    expect(invalidReason(under)).toBeUndefined();
    const over = call({ traits: { t: 'é'.repeat(20_000) } }); // 2 bytes each in UTF-8
    expect(invalidReason(over)).toBe(
      `the call is ${size(over)} bytes; Segment accepts at most 32768 (32 KB) per call`,
    );
    expect(size(over)).toBeGreaterThan(40_000);
  });
});
