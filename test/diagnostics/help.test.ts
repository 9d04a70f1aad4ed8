/**
 * A `help:` line on every code (issue 16, item 7): over the whole tables of
 * the parser and the checker, every code has a fix, and a diagnostic built
 * without a specific rewrite carries it.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_HELP, CHECK_MESSAGES, checkDiagnostic } from '../../src/check/messages.js';
import type { CheckCode } from '../../src/check/messages.js';
import { SourceFile } from '../../src/diagnostics/source.js';
import { SYNTAX_HELP, syntaxError, syntaxMessages } from '../../src/syntax/messages.js';
import type { SyntaxCode } from '../../src/syntax/messages.js';

// Any parameter a formatter reads: a one-element list that prints as `x`.
const anyParams = new Proxy({}, { get: () => Object.assign(['x'], { toString: () => 'x' }) });
const range = new SourceFile('/p/a.roster', 'audience a = user where beta is true').range(0, 8);

describe('a fix for every code', () => {
  const checkCodes = Object.keys(CHECK_MESSAGES) as CheckCode[];
  const syntaxCodes = Object.keys(syntaxMessages) as SyntaxCode[];

  it(`covers all ${checkCodes.length} checker codes and ${syntaxCodes.length} parser codes`, () => {
    expect(checkCodes.length).toBeGreaterThan(40);
    expect(syntaxCodes.length).toBeGreaterThan(30);
    expect(Object.keys(CHECK_HELP).sort()).toEqual([...checkCodes].sort());
    expect(Object.keys(SYNTAX_HELP).sort()).toEqual([...syntaxCodes].sort());
  });

  it.each(checkCodes)('%s has a help line', (code) => {
    expect(CHECK_HELP[code].trim().length).toBeGreaterThan(10);
    const d = checkDiagnostic(code, anyParams as never, range);
    expect(d.hints).toEqual([CHECK_HELP[code]]);
    expect(checkDiagnostic(code, anyParams as never, range, ['a rewrite']).hints).toEqual([
      'a rewrite',
    ]);
  });

  it.each(syntaxCodes)('%s has a help line', (code) => {
    expect(SYNTAX_HELP[code].trim().length).toBeGreaterThan(10);
    expect(syntaxError(code, anyParams as never, range).hints).toEqual([SYNTAX_HELP[code]]);
  });
});
