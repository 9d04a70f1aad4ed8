/**
 * The JSON text delivery writes straight from a transition's fields must be
 * exactly `JSON.stringify(buildCall(row))`, the call as the Segment spec and
 * `roster plan --show-payloads` describe it; where it cannot be, the writer
 * must decline (the general path then builds the call and says why it is
 * invalid).
 */
import { describe, expect, it } from 'vitest';
import type { IrValueType } from '../../../src/ir/ir.js';
import { accountAnonymousId, buildCall } from '../../../src/runtime/calls/build-call.js';
import type { TransitionRow } from '../../../src/runtime/calls/build-call.js';
import { callJsonWriter } from '../../../src/runtime/calls/call-json.js';
import type { CallJsonContext } from '../../../src/runtime/calls/call-json.js';
import { invalidReason } from '../../../src/runtime/calls/validate-call.js';
import type { CallKind, Transition } from '../../../src/runtime/plan/plan.js';
import { seededRandom } from '../../support/seeded-random.js';

const ALPHABET = [
  'a',
  'Z',
  '0',
  '"',
  '\\',
  '/',
  ' ',
  'é',
  '漢',
  '😀',
  '\u2028',
  '\u007f',
  '\n',
  '\u0001',
];

function awkward(r: () => number, min = 0): string {
  const length = min + Math.floor(r() * 8);
  return Array.from({ length }, () => ALPHABET[Math.floor(r() * ALPHABET.length)] ?? 'a').join('');
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T;
}

/** A trait's stored JSON text of each type, awkward ones included. */
function traitValue(r: () => number, type: IrValueType): string | null {
  if (r() < 0.15) return null;
  switch (type) {
    case 'number':
      return pick(r, ['0', '-1.5', '1e21', '12345678901234567890', '"7"', 'null']);
    case 'boolean':
      return pick(r, ['true', 'false', '"true"', '1']);
    case 'timestamp':
      return pick(r, ['"2026-04-10T11:00:00.000Z"', '"2026-04-10 11:00:00"', '"nope"']);
    case 'list':
      return JSON.stringify([awkward(r), awkward(r)]);
    case 'string':
      return r() < 0.1 ? 'not json' : JSON.stringify(awkward(r));
  }
}

const SOURCES = [
  'at_risk',
  'plan',
  'ÿ名',
  'audience_key',
  'trait_key',
  '0',
  '12',
  '__proto__',
  'a"b',
];
const TYPES: readonly IrValueType[] = ['string', 'number', 'boolean', 'timestamp', 'list'];

describe('call JSON written from the fields', () => {
  it('equals JSON.stringify(buildCall(row)) whenever it writes, and declines only calls it cannot write', () => {
    const r = seededRandom(7);
    let written = 0;
    let declined = 0;
    for (let i = 0; i < 6000; i++) {
      const source = pick(r, SOURCES);
      const sourceKind = r() < 0.5 ? 'audience' : 'trait';
      const type = pick(r, TYPES);
      const call = pick(r, ['group', 'identify', 'track'] as const);
      const transition = pick(r, ['entered', 'exited', 'changed', 'removed'] as const);
      const options: Record<string, string> =
        r() < 0.5 ? {} : { entered: awkward(r), exited: awkward(r), name: awkward(r) };
      const groupAnonymousId = r() < 0.8;
      const member = r() < 0.05 ? pick(r, ['', ' ', '\n']) : awkward(r, 1);
      const now = r() < 0.02 ? 'yesterday' : '2026-06-30T00:00:00.000Z';
      const row: TransitionRow = {
        pos: i,
        sync: `s${i % 3}`,
        destination: 'crm',
        call: call as CallKind,
        source,
        sourceKind,
        member,
        transition: transition as Transition,
        value: sourceKind === 'audience' ? 'true' : traitValue(r, type),
        prevSeq: Math.floor(r() * 5),
        generation: 1,
      };
      const expected = buildCall(row, {
        project: 'acme',
        now,
        rosterVersion: '0.1.0',
        options,
        ...(sourceKind === 'trait' ? { traitType: type } : {}),
        groupAnonymousId,
      });
      const context: CallJsonContext = {
        now,
        rosterVersion: '0.1.0',
        groupAnonymousId,
        options: () => options,
        traitType: () => type,
      };
      // A new writer per case: its channel cache is exercised by the test below.
      const got = callJsonWriter(context)(row.sync, {
        call,
        source,
        sourceKind,
        member,
        transition,
        value: row.value,
        messageId: expected.messageId,
        anonymousId: call === 'group' ? accountAnonymousId(member) : null,
      });
      const json = JSON.stringify(expected);
      if (got === undefined) {
        declined++;
        // Declined: invalid, or a key JavaScript would order or merge differently.
        const shape =
          /^(?:0|[1-9]\d*)$/.test(source) ||
          source === '__proto__' ||
          (call === 'track' && (source === 'audience_key' || source === 'trait_key'));
        expect(shape || invalidReason(expected, json) !== undefined, json).toBe(true);
      } else {
        written++;
        expect(got).toBe(json);
        expect(invalidReason(expected, json)).toBeUndefined();
      }
    }
    expect(written).toBeGreaterThan(2000);
    expect(declined).toBeGreaterThan(1000);
  });

  it('keeps each channel apart when consecutive calls change sync, call or source', () => {
    const options = new Map([
      ['s1', { entered: 'In one', exited: 'Out one' }],
      ['s2', { entered: 'In two', exited: 'Out two' }],
    ]);
    const write = callJsonWriter({
      now: '2026-06-30T00:00:00.000Z',
      rosterVersion: '0.1.0',
      groupAnonymousId: true,
      options: (sync) => options.get(sync) ?? {},
      traitType: () => 'number',
    });
    const rows = [
      ['s1', 'track', 'a', 'audience', 'entered', 'true'],
      ['s2', 'track', 'a', 'audience', 'entered', 'true'],
      ['s2', 'identify', 'a', 'audience', 'exited', null],
      ['s2', 'identify', 'b', 'trait', 'changed', '"4"'],
      ['s1', 'track', 'a', 'audience', 'exited', null],
    ] as const;
    for (const [sync, call, source, sourceKind, transition, value] of rows) {
      const expected = buildCall(
        {
          pos: 0,
          sync,
          destination: 'crm',
          call,
          source,
          sourceKind,
          member: 'u1',
          transition,
          value,
          prevSeq: 0,
        },
        {
          project: 'acme',
          now: '2026-06-30T00:00:00.000Z',
          rosterVersion: '0.1.0',
          options: options.get(sync) ?? {},
          ...(sourceKind === 'trait' ? { traitType: 'number' as const } : {}),
        },
      );
      const got = write(sync, {
        call,
        source,
        sourceKind,
        member: 'u1',
        transition,
        value,
        messageId: expected.messageId,
        anonymousId: null,
      });
      expect(got).toBe(JSON.stringify(expected));
    }
  });
});
