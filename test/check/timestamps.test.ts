import { describe, expect, it } from 'vitest';
import { parseTimestamp, readTimestamp } from '../../src/check/timestamps.js';

describe('parseTimestamp', () => {
  it('reads a date alone as midnight UTC (LANGUAGE.md §3)', () => {
    expect(parseTimestamp('2026-02-01')).toBe('2026-02-01T00:00:00.000Z');
  });
  it('normalises instants to milliseconds and Z', () => {
    expect(parseTimestamp('2026-01-31T12:00:00Z')).toBe('2026-01-31T12:00:00.000Z');
    expect(parseTimestamp('2026-01-31T12:00Z')).toBe('2026-01-31T12:00:00.000Z');
    expect(parseTimestamp('2026-01-31T12:00:00.5Z')).toBe('2026-01-31T12:00:00.500Z');
    expect(parseTimestamp('2026-01-31T12:00:00')).toBe('2026-01-31T12:00:00.000Z');
  });
  it('converts offsets to UTC', () => {
    expect(parseTimestamp('2026-01-31T12:00:00+02:00')).toBe('2026-01-31T10:00:00.000Z');
    expect(parseTimestamp('2026-01-01T01:30:00-0230')).toBe('2026-01-01T04:00:00.000Z');
    expect(parseTimestamp('2026-01-01T00:30:00+01:00')).toBe('2025-12-31T23:30:00.000Z');
  });
  it('rejects what is not a real instant', () => {
    for (const bad of [
      '2026-02-30',
      '2026-13-01',
      'yesterday',
      '2026-1-1',
      '2026-01-01T24:00:00Z',
      '2026-01-01T10:61Z',
      '',
    ]) {
      expect(parseTimestamp(bad), bad).toBeUndefined();
    }
    expect(parseTimestamp('2028-02-29')).toBe('2028-02-29T00:00:00.000Z');
  });
});

describe('readTimestamp', () => {
  it('tells instants no warehouse stores from calendar mistakes', () => {
    expect(readTimestamp('0001-01-01')).toEqual({ instant: '0001-01-01T00:00:00.000Z' });
    expect(readTimestamp('9999-12-31T23:59:59.999Z')).toEqual({
      instant: '9999-12-31T23:59:59.999Z',
    });
    expect(readTimestamp('0000-06-01')).toEqual({ problem: 'out-of-range' });
    expect(readTimestamp('0001-01-01T00:30:00+01:00')).toEqual({ problem: 'out-of-range' });
    expect(readTimestamp('9999-12-31T23:00:00-02:00')).toEqual({ problem: 'out-of-range' });
    expect(readTimestamp('2026-02-30')).toEqual({ problem: 'invalid' });
  });
});
