/**
 * Identifier fitting (src/sql/names.ts): names the compiler invents stay as
 * written when they fit the warehouse's limit, and otherwise become a prefix
 * plus a hash of the whole name, within the limit, distinct for distinct names.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDialect } from '../../src/sql/dialects/index.js';
import { assertDistinct, fitIdentifier, identifier } from '../../src/sql/names.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('fitIdentifier', () => {
  it('keeps a name that fits, and any name without a limit', () => {
    expect(fitIdentifier('roster_audience_active', 63)).toBe('roster_audience_active');
    const long = `roster_audience_${'x'.repeat(100)}`;
    expect(fitIdentifier(long, undefined)).toBe(long);
    expect(fitIdentifier('x'.repeat(63), 63)).toBe('x'.repeat(63));
  });

  it('gives two long names sharing their first 60 characters two identifiers within 63 bytes', () => {
    const prefix = `roster_audience_${'enterprise_accounts_with_declining_usage_in_t'}`; // 61 chars
    const a = fitIdentifier(`${prefix}he_last_quarter`, 63);
    const b = fitIdentifier(`${prefix}he_last_semester`, 63);
    expect(bytes(a)).toBeLessThanOrEqual(63);
    expect(bytes(b)).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
    // The readable start survives; the end is `_` and 12 hex digits of the SHA-256 of the whole name.
    const sha = createHash('sha256').update(`${prefix}he_last_quarter`).digest('hex');
    expect(a).toBe(`${prefix.slice(0, 50)}_${sha.slice(0, 12)}`);
    expect(fitIdentifier(`${prefix}he_last_quarter`, 63)).toBe(a);
  });

  it('never splits a multi-byte character and counts bytes, not characters', () => {
    const name = `p_${'é'.repeat(40)}`; // 2 + 80 bytes, 42 characters
    const fitted = fitIdentifier(name, 63);
    expect(bytes(fitted)).toBeLessThanOrEqual(63);
    expect(fitted).toMatch(/^p_(é)+_[0-9a-f]{12}$/u);
    expect(fitted.startsWith(name.slice(0, 2 + 24))).toBe(true); // 2 + 48 bytes fit before `_hash`
  });
});

describe('identifier per dialect', () => {
  it.each([
    ['postgres', 63],
    ['redshift', 127],
    ['snowflake', 255],
    ['bigquery', 300],
  ] as const)('%s fits names to %i bytes', (name, limit) => {
    const dialect = getDialect(name);
    const long = `roster_values_t_${'a'.repeat(400)}`;
    const written = identifier(dialect, long);
    // The quoted form holds the fitted name: quotes and nothing else added.
    expect(bytes(written) - 2).toBeLessThanOrEqual(limit);
    expect(bytes(identifier(dialect, 'roster_stage_users'))).toBe(bytes('roster_stage_users') + 2);
  });

  it('duckdb has no limit', () => {
    const long = 'a'.repeat(500);
    expect(identifier(getDialect('duckdb'), long)).toBe(`"${long}"`);
  });
});

describe('assertDistinct', () => {
  it('accepts distinct identifiers and repeats of one name', () => {
    expect(() =>
      assertDistinct(
        getDialect('postgres'),
        ['a', 'b', 'a', 'x'.repeat(90), 'x'.repeat(91)],
        'relations',
      ),
    ).not.toThrow();
  });

  it('refuses two names the warehouse writes as one identifier', () => {
    // Snowflake upper-cases what roster quotes: `a` and `A` are one table there.
    expect(() => assertDistinct(getDialect('snowflake'), ['a', 'A'], 'relations')).toThrow(
      'internal: relations `a` and `A` are both "A"',
    );
  });
});
