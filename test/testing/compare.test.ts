import { describe, expect, it } from 'vitest';
import type { SourceRange } from '../../src/diagnostics/source.js';
import type { TraitValue } from '../../src/runtime/values.js';
import { compareExpectations, numbersMatch, valuesMatch } from '../../src/testing/compare.js';
import type { DefinitionInfo } from '../../src/testing/compare.js';

const at = (offset: number): SourceRange => ({
  file: 'x.test.yml',
  start: { offset, line: offset + 1, column: 1 },
  end: { offset: offset + 1, line: offset + 1, column: 2 },
});

describe('numbersMatch (relative tolerance 1e-9, LANGUAGE.md §10)', () => {
  it('accepts float noise and rejects real differences', () => {
    expect(numbersMatch(0.3, 0.1 + 0.2)).toBe(true);
    expect(numbersMatch(1e12, 1e12 + 1e2)).toBe(true); // 1e-10 relative
    expect(numbersMatch(1e12, 1e12 + 1e4)).toBe(false); // 1e-8 relative
    expect(numbersMatch(1, 1.000000002)).toBe(false); // 2e-9 relative
    expect(numbersMatch(0, 0)).toBe(true);
    expect(numbersMatch(0, 1e-300)).toBe(false);
    expect(numbersMatch(-2.5, -2.5)).toBe(true);
  });
});

describe('valuesMatch', () => {
  it('compares timestamps as instants whatever their spelling', () => {
    expect(valuesMatch('timestamp', '2026-06-01T10:00:00Z', '2026-06-01T10:00:00.000Z')).toBe(true);
    expect(valuesMatch('timestamp', '2026-06-01T12:00:00+02:00', '2026-06-01T10:00:00.000Z')).toBe(
      true,
    );
    expect(valuesMatch('timestamp', '2026-06-01', '2026-06-01T00:00:00.000Z')).toBe(true);
    expect(valuesMatch('timestamp', '2026-06-01T10:00:01Z', '2026-06-01T10:00:00.000Z')).toBe(
      false,
    );
    // A string trait is compared as text, not as an instant.
    expect(valuesMatch('string', '2026-06-01', '2026-06-01T00:00:00.000Z')).toBe(false);
  });

  it('compares lists element-wise, in order', () => {
    expect(valuesMatch('list', ['a', 'b'], ['a', 'b'])).toBe(true);
    expect(valuesMatch('list', ['b', 'a'], ['a', 'b'])).toBe(false);
    expect(valuesMatch('list', ['a'], ['a', 'b'])).toBe(false);
    expect(valuesMatch('list', [], [])).toBe(true);
  });

  it('compares strings and booleans exactly, and never across types', () => {
    expect(valuesMatch('string', 'Logged In', 'Logged In')).toBe(true);
    expect(valuesMatch('string', 'logged in', 'Logged In')).toBe(false);
    expect(valuesMatch('boolean', true, true)).toBe(true);
    expect(valuesMatch('boolean', 'true', true)).toBe(false);
    expect(valuesMatch('number', '2', 2)).toBe(false);
  });
});

describe('compareExpectations', () => {
  const definitions = new Map<string, DefinitionInfo>([
    ['active', { kind: 'audience' }],
    ['logins', { kind: 'trait', type: 'number' }],
    ['last_seen', { kind: 'trait', type: 'timestamp' }],
  ]);
  const result = {
    audiences: { active: ['a1', 'a3'] },
    traits: {
      logins: new Map<string, TraitValue>([
        ['a1', 2],
        ['a2', 0],
        ['a3', 5],
      ]),
      last_seen: new Map<string, TraitValue>([['u1', '2026-06-01T10:00:00.000Z']]),
    },
  };

  it('passes when audiences are the same set in any order and every trait value matches', () => {
    const failures = compareExpectations(
      {
        audiences: [{ name: 'active', ids: ['a3', 'a1'], range: at(1) }],
        traits: [
          { name: 'logins', values: { a1: 2, a2: 0, a3: 5.0000000000001 }, range: at(2) },
          { name: 'last_seen', values: { u1: '2026-06-01T10:00:00Z' }, range: at(3) },
        ],
      },
      result,
      definitions,
    );
    expect(failures).toEqual([]);
  });

  it('reports missing and unexpected audience members', () => {
    const failures = compareExpectations(
      { audiences: [{ name: 'active', ids: ['a1', 'a2'], range: at(1) }], traits: [] },
      result,
      definitions,
    );
    expect(failures).toEqual([
      {
        kind: 'audience',
        name: 'active',
        expected: ['a1', 'a2'],
        actual: ['a1', 'a3'],
        missing: ['a2'],
        unexpected: ['a3'],
        range: at(1),
      },
    ]);
  });

  it('requires an id left out of a trait expectation to be missing', () => {
    const failures = compareExpectations(
      { audiences: [], traits: [{ name: 'logins', values: { a1: 2, a3: 5 }, range: at(2) }] },
      result,
      definitions,
    );
    expect(failures).toEqual([
      {
        kind: 'trait',
        name: 'logins',
        mismatches: [{ id: 'a2', expected: undefined, actual: 0 }],
        range: at(2),
      },
    ]);
  });

  it('reports wrong values and expected ids that have no value, sorted by id', () => {
    const failures = compareExpectations(
      {
        audiences: [],
        traits: [{ name: 'logins', values: { a3: 4, a1: 2, a2: 0, a9: 1 }, range: at(2) }],
      },
      result,
      definitions,
    );
    expect(failures[0]).toMatchObject({
      mismatches: [
        { id: 'a3', expected: 4, actual: 5 },
        { id: 'a9', expected: 1, actual: undefined },
      ],
    });
  });

  it('takes an explicit null as "must be missing"', () => {
    const failures = compareExpectations(
      { audiences: [], traits: [{ name: 'last_seen', values: { u1: null }, range: at(3) }] },
      result,
      definitions,
    );
    expect(failures[0]).toMatchObject({
      mismatches: [{ id: 'u1', expected: undefined, actual: '2026-06-01T10:00:00.000Z' }],
    });
  });

  it('reports expectations of undefined names with suggestions, and of the wrong kind', () => {
    const failures = compareExpectations(
      {
        audiences: [
          { name: 'activ', ids: [], range: at(1) },
          { name: 'logins', ids: [], range: at(4) },
        ],
        traits: [],
      },
      result,
      definitions,
      (name) => (name === 'activ' ? ['did you mean `active`?'] : []),
    );
    expect(failures).toEqual([
      {
        kind: 'unknown-definition',
        name: 'activ',
        expectedKind: 'audience',
        suggestions: ['did you mean `active`?'],
        range: at(1),
      },
      {
        kind: 'unknown-definition',
        name: 'logins',
        expectedKind: 'audience',
        actualKind: 'trait',
        suggestions: [],
        range: at(4),
      },
    ]);
  });
});
