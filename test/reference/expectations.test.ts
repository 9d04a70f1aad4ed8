/** The test-side comparison used by the conformance run must itself catch every kind of difference. */
import { describe, expect, it } from 'vitest';
import type { SourceRange } from '../../src/diagnostics/source.js';
import type { ReferenceResult, ReferenceValue } from '../../src/reference/data.js';
import { agg, audience, project, prop, trait, track } from './build.js';
import { mismatches } from './expectations.js';

const range = undefined as unknown as SourceRange;
const ir = project([
  audience('x', 'user', { kind: 'constant', value: true }),
  trait('n', 'user', agg('sum', track('E'), { property: prop('v', 'number') })),
  trait('t', 'user', agg('last', track('E'))),
  trait('l', 'user', agg('unique', track('E'), { property: prop('s', 'string') })),
]);
const result = (n: Array<[string, ReferenceValue]>): ReferenceResult => ({
  audiences: { x: ['u1', 'u2'] },
  traits: {
    n: new Map(n),
    t: new Map([['u1', '2026-06-01T00:00:00.000Z']]),
    l: new Map([['u1', ['a', 'b']]]),
  },
});
const expectation = (values: Record<string, unknown>, ids = ['u2', 'u1']) => ({
  audiences: [{ name: 'x', ids, range }],
  traits: [
    { name: 'n', values, range },
    { name: 't', values: { u1: '2026-06-01T02:00:00+02:00' }, range },
    { name: 'l', values: { u1: ['a', 'b'] }, range },
  ],
});

describe('mismatches', () => {
  it('accepts audiences in any order, instants in any zone and numbers within 1e-9 relative', () => {
    expect(mismatches(ir, result([['u1', 0.1 + 0.2]]), expectation({ u1: 0.3 }))).toEqual([]);
  });

  it('reports missing and unexpected members', () => {
    expect(mismatches(ir, result([]), expectation({}, ['u1', 'u3']))).toEqual([
      'audience x: missing [u3], unexpected [u2]',
    ]);
  });

  it('requires an id left out of the expectation to be missing, and a listed one to be present', () => {
    expect(mismatches(ir, result([['u1', 1]]), expectation({}))).toEqual([
      'trait n of u1: expected missing, got 1',
    ]);
    expect(mismatches(ir, result([]), expectation({ u1: 0 }))).toEqual([
      'trait n of u1: expected 0, got missing',
    ]);
    expect(mismatches(ir, result([['u1', 1.000001]]), expectation({ u1: 1 }))).toEqual([
      'trait n of u1: expected 1, got 1.000001',
    ]);
  });
});
