import { describe, expect, it } from 'vitest';
import {
  coerceValue,
  compareCodePoints,
  distinctSortedIds,
  idText,
  normalizeRaw,
  toIsoInstant,
  traitValue,
} from '../../src/runtime/values.js';

describe('toIsoInstant', () => {
  it('reads ISO-8601 and database-printed timestamps as UTC instants with milliseconds', () => {
    expect(toIsoInstant('2026-06-30T00:00:00Z')).toBe('2026-06-30T00:00:00.000Z');
    expect(toIsoInstant('2026-06-30 00:00:00+00')).toBe('2026-06-30T00:00:00.000Z');
    expect(toIsoInstant('2026-06-30 02:30:00+02:30')).toBe('2026-06-30T00:00:00.000Z');
    expect(toIsoInstant('2026-06-30 10:00:00.123456')).toBe('2026-06-30T10:00:00.123Z');
    expect(toIsoInstant('2026-06-30 10:00:00.5')).toBe('2026-06-30T10:00:00.500Z');
    // A date alone is midnight UTC (LANGUAGE.md §3).
    expect(toIsoInstant('2026-02-01')).toBe('2026-02-01T00:00:00.000Z');
  });

  it('rejects text that is not a timestamp, and impossible dates', () => {
    expect(toIsoInstant('yesterday')).toBeUndefined();
    expect(toIsoInstant('2026-02-30')).toBeUndefined();
    expect(toIsoInstant('')).toBeUndefined();
  });
});

describe('normalizeRaw', () => {
  it('turns driver values into plain JS', () => {
    expect(normalizeRaw(new Date(Date.UTC(2026, 5, 30, 0, 0, 0, 7)))).toBe(
      '2026-06-30T00:00:00.007Z',
    );
    expect(normalizeRaw(12n)).toBe(12);
    expect(normalizeRaw([1n, 'a', null])).toEqual([1, 'a', null]);
    expect(normalizeRaw('x')).toBe('x');
    expect(normalizeRaw(null)).toBeNull();
  });
});

describe('coerceValue', () => {
  it('accepts each declared type in the forms warehouses return', () => {
    expect(coerceValue(2.5, 'number')).toEqual({ ok: true, value: 2.5 });
    expect(coerceValue(3n, 'number')).toEqual({ ok: true, value: 3 });
    expect(coerceValue('12.50', 'number')).toEqual({ ok: true, value: 12.5 });
    expect(coerceValue('a', 'string')).toEqual({ ok: true, value: 'a' });
    expect(coerceValue(false, 'boolean')).toEqual({ ok: true, value: false });
    expect(coerceValue(new Date('2026-01-01T00:00:00Z'), 'timestamp')).toEqual({
      ok: true,
      value: '2026-01-01T00:00:00.000Z',
    });
    expect(coerceValue('2026-01-01 00:00:00+00', 'timestamp')).toEqual({
      ok: true,
      value: '2026-01-01T00:00:00.000Z',
    });
    expect(coerceValue(['a', 'b'], 'list')).toEqual({ ok: true, value: ['a', 'b'] });
    expect(coerceValue([], 'list')).toEqual({ ok: true, value: [] });
  });

  it('says what it got when the value has another type', () => {
    expect(coerceValue('abc', 'number')).toEqual({ ok: false, reason: 'got a string ("abc")' });
    expect(coerceValue(1, 'string')).toEqual({ ok: false, reason: 'got a number (1)' });
    expect(coerceValue('true', 'boolean')).toEqual({ ok: false, reason: 'got a string ("true")' });
    expect(coerceValue('soon', 'timestamp')).toEqual({
      ok: false,
      reason: 'got a string ("soon")',
    });
    expect(coerceValue([1, 2], 'list')).toEqual({ ok: false, reason: 'got a list ([1,2])' });
    expect(coerceValue(Number.NaN, 'number')).toEqual({ ok: false, reason: 'got NaN' });
  });
});

describe('compareCodePoints', () => {
  it('orders by code point, not by locale or UTF-16 unit', () => {
    expect(['b', 'B', 'a', 'é', 'Z'].sort(compareCodePoints)).toEqual(['B', 'Z', 'a', 'b', 'é']);
    // U+1F600 (a surrogate pair in UTF-16) sorts after U+FF5E by code point.
    expect(compareCodePoints('\u{1F600}', '\uFF5E')).toBeGreaterThan(0);
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('abc', 'abc')).toBe(0);
  });
});

describe('idText', () => {
  it('keeps string ids and prints numeric ids', () => {
    expect(idText('u1')).toBe('u1');
    expect(idText(42n)).toBe('42');
    expect(idText(7)).toBe('7');
  });
});

describe('traitValue', () => {
  it('gives what coerceValue accepts, and undefined where it refuses', () => {
    const cases: Array<[unknown, Parameters<typeof traitValue>[1]]> = [
      [2.5, 'number'],
      [3n, 'number'],
      ['12.50', 'number'],
      [Number.POSITIVE_INFINITY, 'number'],
      ['abc', 'number'],
      ['a', 'string'],
      [new Date('2026-01-01T00:00:00.123Z'), 'string'],
      [true, 'boolean'],
      [new Date('2026-01-01T00:00:00.123Z'), 'timestamp'],
      [new Date('1969-12-31T23:59:59.999Z'), 'timestamp'],
      // Beyond year 9999 the ISO text is not one toIsoInstant reads: refused, as before.
      [new Date(Date.UTC(10000, 0, 1)), 'timestamp'],
      [new Date(Number.NaN), 'timestamp'],
      ['2026-01-01 00:00:00+00', 'timestamp'],
      [['a', 'b'], 'list'],
      [[1, 2], 'list'],
    ];
    for (const [raw, type] of cases) {
      const coerced = coerceValue(raw, type);
      expect(traitValue(raw, type)).toEqual(coerced.ok ? coerced.value : undefined);
    }
    expect(traitValue(new Date('1969-12-31T23:59:59.999Z'), 'timestamp')).toBe(
      '1969-12-31T23:59:59.999Z',
    );
    // A list of strings is kept as read; other elements are normalised first (a Date is its
    // ISO text), and a list with an element that is then not a string is refused.
    const strings = ['', 'a', 'é,"x"'];
    expect(traitValue(strings, 'list')).toEqual(['', 'a', 'é,"x"']);
    expect(traitValue(['a', new Date('2026-01-01T00:00:00.123Z')], 'list')).toEqual([
      'a',
      '2026-01-01T00:00:00.123Z',
    ]);
    expect(traitValue(['a', null], 'list')).toBeUndefined();
    expect(traitValue(['a', 1n], 'list')).toBeUndefined();
    expect(traitValue(['a', 1], 'list')).toBeUndefined();
    expect(traitValue('a', 'list')).toBeUndefined();
    expect(traitValue(new Date(Date.UTC(10000, 0, 1)), 'timestamp')).toBeUndefined();
    expect(coerceValue(new Date(Number.NaN), 'timestamp')).toEqual({
      ok: false,
      reason: 'got a string ("Invalid Date")',
    });
  });
});

/**
 * UTF-16 units from each range that matters to code-point order: ASCII, below
 * the surrogates, high and low surrogates (paired or alone), and the
 * private-use area above them.
 */
const MIXED_UNITS = [
  'a',
  'b',
  '\u00e9',
  '\ud7ff',
  '\ud83d',
  '\ude00',
  '\ue000',
  '\uff5e',
  '\u{1F600}',
];

/** Seeded draws (a fixed LCG): numbers in [0, 1), and texts of fewer than `maxLength` of `units`. */
function seededTexts(seed: number): {
  random: () => number;
  text: (units: readonly string[], maxLength: number) => string;
} {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const text = (units: readonly string[], maxLength: number): string =>
    Array.from(
      { length: Math.floor(random() * maxLength) },
      () => units[Math.floor(random() * units.length)],
    ).join('');
  return { random, text };
}

describe('compareCodePoints on mixed text', () => {
  /** The definition: compare the strings' code points one by one. */
  const reference = (a: string, b: string): number => {
    const x = Array.from(a, (c) => c.codePointAt(0)!);
    const y = Array.from(b, (c) => c.codePointAt(0)!);
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] !== y[i]) return x[i]! - y[i]!;
    }
    return x.length - y.length;
  };

  it('agrees in sign with code point by code point comparison, surrogates and lone halves included', () => {
    const { random, text: draw } = seededTexts(20261205);
    const text = (): string => draw(MIXED_UNITS, 5);
    let compared = 0;
    const disagreements: string[] = [];
    for (let i = 0; i < 10000; i++) {
      const a = text();
      const b = random() < 0.3 ? a + text() : text();
      if (Math.sign(compareCodePoints(a, b)) !== Math.sign(reference(a, b))) {
        disagreements.push(JSON.stringify([a, b]));
      }
      compared++;
    }
    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(0);
    console.log(`compareCodePoints: ${compared} pairs compared with the reference`);
  });
});

describe('distinctSortedIds', () => {
  /** The definition: ids as text, each once, in code-point order (the reference comparator). */
  const reference = (raw: readonly unknown[]): string[] =>
    [...new Set(raw.map(idText))].sort(compareCodePoints);

  it('gives each id once, as text, in code-point order, surrogates and lone halves included', () => {
    const units = ['a', 'b', '0', ...MIXED_UNITS.slice(2)];
    const { random, text: draw } = seededTexts(20261206);
    const text = (only: readonly string[]): string => draw(only, 4);
    // Lists of ids drawn from all the units, and lists below U+D800 only (the fast order).
    for (const only of [units, units.slice(0, 5)]) {
      for (let list = 0; list < 300; list++) {
        const raw: unknown[] = Array.from({ length: Math.floor(random() * 40) }, () =>
          random() < 0.1 ? BigInt(Math.floor(random() * 30)) : text(only),
        );
        expect(distinctSortedIds(raw)).toEqual(reference(raw));
      }
    }
  });

  it('sorts a surrogate pair after U+FF5E (UTF-16 order would put it before)', () => {
    expect(distinctSortedIds(['\uff5e', '\u{1F600}', 'a', '\uff5e', 10n, 2])).toEqual([
      '10',
      '2',
      'a',
      '\uff5e',
      '\u{1F600}',
    ]);
  });
});
