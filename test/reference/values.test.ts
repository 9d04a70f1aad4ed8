import { describe, expect, it } from 'vitest';
import { compareCodePoints, parseInstant, readValue } from '../../src/reference/values.js';

describe('parseInstant', () => {
  it('reads a date alone as 00:00 UTC and no zone as UTC', () => {
    expect(parseInstant('2026-02-01')).toBe(Date.UTC(2026, 1, 1));
    expect(parseInstant('2026-02-01T10:20:30')).toBe(Date.UTC(2026, 1, 1, 10, 20, 30));
    expect(parseInstant('2026-02-01 10:20')).toBe(Date.UTC(2026, 1, 1, 10, 20));
  });

  it('applies zone offsets and keeps milliseconds', () => {
    expect(parseInstant('2026-02-01T10:00:00+02:00')).toBe(Date.UTC(2026, 1, 1, 8));
    expect(parseInstant('2026-02-01T10:00:00-0130')).toBe(Date.UTC(2026, 1, 1, 11, 30));
    expect(parseInstant('2026-02-01T10:00:00.5Z')).toBe(Date.UTC(2026, 1, 1, 10, 0, 0, 500));
    expect(parseInstant('2026-02-01T10:00:00.123456Z')).toBe(Date.UTC(2026, 1, 1, 10, 0, 0, 123));
  });

  it('rejects texts that are not instants, including rolled-over dates', () => {
    expect(parseInstant('2026-02-30')).toBeUndefined();
    expect(parseInstant('2026-01-01T24:00:00Z')).toBeUndefined();
    expect(parseInstant('yesterday')).toBeUndefined();
  });
});

describe('compareCodePoints', () => {
  it('orders by code point, not by UTF-16 unit or locale', () => {
    expect(compareCodePoints('B', 'a')).toBeLessThan(0); // a locale would put a first
    // U+1F600 is one code point above U+FFFF, but its first UTF-16 unit (0xD83D) is below.
    expect(compareCodePoints('\u{1F600}', '\uFFFF')).toBeGreaterThan(0);
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('é', 'é')).toBe(0);
  });
});

describe('readValue', () => {
  it('treats null, absent and the wrong JSON type as missing', () => {
    expect(readValue(null, 'number')).toBeUndefined();
    expect(readValue(undefined, 'string')).toBeUndefined();
    expect(readValue('5', 'number')).toBeUndefined();
    expect(readValue(5, 'string')).toBeUndefined();
    expect(readValue('true', 'boolean')).toBeUndefined();
    expect(readValue('not a date', 'timestamp')).toBeUndefined();
    expect(readValue(['a', 1], 'list')).toBeUndefined();
  });

  it('normalises timestamps to ISO instants with milliseconds', () => {
    expect(readValue('2026-01-01T01:00:00+01:00', 'timestamp')).toBe('2026-01-01T00:00:00.000Z');
    expect(readValue(new Date(Date.UTC(2026, 0, 2)), 'timestamp')).toBe('2026-01-02T00:00:00.000Z');
  });

  it('keeps values of the right type, including empty ones', () => {
    expect(readValue(0, 'number')).toBe(0);
    expect(readValue('', 'string')).toBe('');
    expect(readValue(false, 'boolean')).toBe(false);
    expect(readValue([], 'list')).toEqual([]);
  });
});
