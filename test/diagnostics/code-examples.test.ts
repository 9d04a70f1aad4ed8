/**
 * Every diagnostic code has an example (code-examples.ts) that still produces
 * it through the real loader, parser, checker, compiler, runtime or command
 * line, or is listed as internal with the reason no user mistake reaches it.
 * docs/diagnostics.md shows the first example of each code, run the same way.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_HELP, CHECK_MESSAGES } from '../../src/check/messages.js';
import { DEFAULT_HELP } from '../../src/diagnostics/help.js';
import { SYNTAX_HELP } from '../../src/syntax/messages.js';
import { allMistakes } from './all-mistakes.js';
import { codeExamples, INTERNAL_CODES, NO_EXAMPLE_YET, runExample } from './code-examples.js';

const tables: Record<string, string> = { ...DEFAULT_HELP, ...CHECK_HELP, ...SYNTAX_HELP };

/** A word of a code's fix that stands for the user's text: `--target NAME`, `did EVENT`. */
const PLACEHOLDER = /\b(?:NAME|FILE|DIR|TRAIT|COLUMN|COMMAND|RUN_ID|EVENT|UNITS|E|F|K|M|N)\b/;

/**
 * Codes whose shown fix keeps the table's placeholder, and why the
 * diagnostic cannot fill it in. The list only shrinks.
 */
const PLACEHOLDER_KEPT: Readonly<Record<string, string>> = {
  'config-missing-project':
    'no folder beside the missing one has a close name (then the fix names it): the folder the user meant is not known',
  'config-missing-file':
    'no roster.yaml above or two folders below (then the fix names it): the folder the user meant is not known',
  'sequence-count':
    'the fix is a different construct (`did EVENT at least N times`): the count and the event are the user’s, the rewrite is not',
  'sequence-step-window':
    'the window to write is the user’s choice: the message names the one that cannot bound the step',
};

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

  it('keeps placeholders only where the diagnostic cannot know the text', () => {
    for (const code of Object.keys(PLACEHOLDER_KEPT))
      expect(tables[code], code).toMatch(PLACEHOLDER);
  });

  // The corpus is asserted in detail, through `roster check`, by corpus.test.ts; every other
  // example (the checker's cases run here through the real loader) must still produce its code,
  // with a fix: every diagnostic shown has a `help:` line, and one the tables write with a
  // placeholder (`--target NAME`) is written with the user's own text instead (issue 16, item 7).
  const corpus = new Set(allMistakes.map((m) => `${m.who}: ${m.meant}`));
  const others = codeExamples.filter((e) => !corpus.has(e.meant));
  it.each(others.map((e) => [`${e.code}: ${e.meant}`, e] as const))(
    '%s',
    async (_name, e) => {
      const run = await runExample(e);
      expect(run.codes, run.output).toContain(e.code);
      expect(run.shown).toContain(`[${e.code}]`);
      for (const block of run.shown.split('\n\n')) {
        const helps = [...block.matchAll(/= help: (.*)/g)].map((m) => m[1]!);
        expect(helps.length, `a fix for:\n${block}`).toBeGreaterThan(0);
        const template = tables[e.code];
        if (
          template !== undefined &&
          PLACEHOLDER.test(template) &&
          !Object.hasOwn(PLACEHOLDER_KEPT, e.code)
        )
          expect(helps, `the fix written with the user's text:\n${block}`).not.toContain(template);
      }
    },
    30_000,
  );
});
