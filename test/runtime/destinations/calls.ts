/** Segment calls for destination tests: alternating group/identify, optionally padded with a big trait value. */
import { buildCall } from '../../../src/runtime/calls/build-call.js';
import type { SegmentCall } from '../../../src/runtime/calls/build-call.js';

export function calls(n: number, padding = 0): SegmentCall[] {
  return Array.from({ length: n }, (_, i) =>
    buildCall(
      {
        pos: i + 1,
        sync: 'active->crm',
        destination: 'crm',
        call: i % 2 === 0 ? 'group' : 'identify',
        source: 'active',
        sourceKind: padding > 0 ? 'trait' : 'audience',
        member: `m${i}`,
        transition: 'entered',
        value: padding > 0 ? JSON.stringify('x'.repeat(padding)) : 'true',
        prevSeq: 0,
      },
      { project: 'p', now: '2026-06-30T00:00:00.000Z', rosterVersion: '0.1.0', options: {} },
    ),
  );
}
