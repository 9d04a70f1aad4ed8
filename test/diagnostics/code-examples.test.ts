/**
 * Every diagnostic code has an example (code-examples.ts) that still produces
 * it through the real loader, parser, checker, compiler, runtime or command
 * line, or is listed as internal with the reason no user mistake reaches it.
 * docs/diagnostics.md shows the first example of each code, run the same way.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_MESSAGES } from '../../src/check/messages.js';
import { DEFAULT_HELP } from '../../src/diagnostics/help.js';
import { SYNTAX_HELP } from '../../src/syntax/messages.js';
import { allMistakes } from './all-mistakes.js';
import { codeExamples, INTERNAL_CODES, NO_EXAMPLE_YET, runExample } from './code-examples.js';

const codes = [
  ...new Set([
    ...Object.keys(SYNTAX_HELP),
    ...Object.keys(CHECK_MESSAGES),
    ...Object.keys(DEFAULT_HELP),
  ]),
];

describe('diagnostics examples', () => {
  it('has an example for every code of the tables, or says why the code is internal', () => {
    const covered = new Set(codeExamples.map((e) => e.code));
    const missing = codes.filter((c) => !covered.has(c) && !Object.hasOwn(INTERNAL_CODES, c));
    // Those still without one are listed, with what it takes; an example removes a code from the list.
    expect(missing.sort()).toEqual(Object.keys(NO_EXAMPLE_YET).sort());
  });

  it('lists as internal only codes of the tables that have no example', () => {
    for (const [code, reason] of Object.entries(INTERNAL_CODES)) {
      expect(codes).toContain(code);
      expect(codeExamples.map((e) => e.code)).not.toContain(code);
      expect(reason.length).toBeGreaterThan(20);
    }
  });

  it('has examples only for codes of the tables', () => {
    expect(codeExamples.map((e) => e.code).filter((c) => !codes.includes(c))).toEqual([]);
  });

  // The corpus is asserted in detail, through `roster check`, by corpus.test.ts; every other
  // example (the checker's cases run here through the real loader) must still produce its code.
  const corpus = new Set(allMistakes.map((m) => `${m.who}: ${m.meant}`));
  const others = codeExamples.filter((e) => !corpus.has(e.meant));
  it.each(others.map((e) => [`${e.code}: ${e.meant}`, e] as const))(
    '%s',
    async (_name, e) => {
      const run = await runExample(e);
      expect(run.codes, run.output).toContain(e.code);
      expect(run.shown).toContain(`[${e.code}]`);
    },
    30_000,
  );
});
