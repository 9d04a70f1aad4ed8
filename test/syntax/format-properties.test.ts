/**
 * Properties of `roster fmt` over generated programs (test/syntax/arbitraries.ts):
 * formatting never changes the parsed program (modulo layout) and is idempotent,
 * both for ASTs printed canonically and for the same programs written with random
 * whitespace and comments (so the parser sees non-canonical input).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { format } from '../../src/syntax/format.js';
import { parse } from '../../src/syntax/parse.js';
import { programAstArb, programTextArb, programVariantArb } from './arbitraries.js';
import { withoutLayout } from './ast-compare.js';
import { formatProgram } from '../../src/syntax/format-program.js';

const errorsOf = (text: string) =>
  parse(text, 'p.roster').diagnostics.filter((d) => d.severity === 'error');

describe('fmt properties', () => {
  it('prints every generated AST as text that parses back to the same AST', () => {
    fc.assert(
      fc.property(programAstArb, ({ program, source }) => {
        const text = formatProgram(program, source);
        const parsed = parse(text, 'p.roster');
        expect(
          parsed.diagnostics.filter((d) => d.severity === 'error'),
          text,
        ).toEqual([]);
        expect(withoutLayout(parsed.program)).toEqual(withoutLayout(program));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the parsed program and is idempotent on canonical text', () => {
    fc.assert(
      fc.property(programTextArb, (text) => {
        const once = format(text, 'p.roster');
        expect(once.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(withoutLayout(parse(once.text, 'p.roster').program)).toEqual(
          withoutLayout(parse(text, 'p.roster').program),
        );
        expect(format(once.text, 'p.roster').text).toBe(once.text);
        // Printing canonical text changes nothing: it is the fixed point.
        expect(once.text).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the parsed program and is idempotent on text with random whitespace and comments', () => {
    fc.assert(
      fc.property(programVariantArb, ({ canonical, variant }) => {
        expect(errorsOf(variant), variant).toEqual([]);
        const once = format(variant, 'p.roster');
        const before = withoutLayout(parse(variant, 'p.roster').program);
        const after = withoutLayout(parse(once.text, 'p.roster').program);
        expect(after, `${variant}\n--- formatted ---\n${once.text}`).toEqual(before);
        expect(format(once.text, 'p.roster').text, once.text).toBe(once.text);
        // Without the added comments the variant formats back to the canonical text.
        if (!/#/.test(variant.replace(/"(?:[^"\\\n]|\\.)*"|"""[\s\S]*?"""/g, '')))
          expect(once.text).toBe(canonical);
      }),
      { numRuns: 300 },
    );
  });
});
