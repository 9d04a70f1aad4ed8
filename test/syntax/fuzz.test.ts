/**
 * Front-end fuzzing: mutated valid programs (tokens and characters deleted,
 * inserted, duplicated, swapped; truncation; quotes, `"""`, NUL, emoji, long
 * runs spliced in) and random token soups. Whatever the input, `parse` and
 * `format` must not throw and must report well-formed diagnostics inside the
 * file (front-end-invariants.ts). `npm run fuzz` runs a longer campaign.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzInputArb, mutatedProgramArb, tokenSoupArb } from './arbitraries.js';
import { frontEndViolations } from './front-end-invariants.js';

const check = (text: string): void => {
  expect(frontEndViolations(text, { formatBroken: false }), JSON.stringify(text)).toEqual([]);
};

// 10,000 inputs in all. Broken definitions cost the parser a few milliseconds each (it
// computes what could have come next, for the message), soups far less: the split keeps
// the whole file near 15 s on 2 cores.
const MUTATED = 2500;
const SOUPS = 7500;

describe('front-end fuzzing', () => {
  it(`survives ${MUTATED} mutated definitions`, () => {
    fc.assert(fc.property(mutatedProgramArb, check), { numRuns: MUTATED });
  });

  it(`survives ${SOUPS} token soups`, () => {
    fc.assert(fc.property(tokenSoupArb, check), { numRuns: SOUPS });
  });

  it('leaves broken files unchanged when formatting', () => {
    fc.assert(
      fc.property(fuzzInputArb, (text) => {
        expect(frontEndViolations(text, { formatBroken: true }), JSON.stringify(text)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('survives inputs found interesting before', () => {
    // Shapes the generators reach rarely; each once broke an assumption somewhere.
    for (const text of [
      '',
      '\u0000',
      '"""',
      '#',
      '##',
      'trait',
      'audience x = account where (((((',
      `audience x = account where ${'('.repeat(2000)}plan = "pro"${')'.repeat(2000)}`,
      `audience x = account where ${'not '.repeat(2000)}plan = "pro"`,
      `audience x = account where ${Array.from({ length: 3000 }, (_, i) => `t${i} > 1`).join(' and ')}`,
      'trait x = user count "\ud83d" within 1 day',
      'audience x = user where did "a" where b = "🚀\u0000" within 2 days\r\n',
    ]) {
      expect(frontEndViolations(text), JSON.stringify(text.slice(0, 200))).toEqual([]);
    }
  });

  it('generates a mix of both kinds of input', () => {
    const sample = fc.sample(fuzzInputArb, { numRuns: 200, seed: 42 });
    expect(new Set(sample).size).toBeGreaterThan(150);
  });
});
