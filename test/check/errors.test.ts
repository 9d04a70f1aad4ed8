/**
 * The checker's diagnostics, one wrong program at a time: code, position (the
 * exact text the range covers), message and hints, written from LANGUAGE.md.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_HELP, type CheckCode } from '../../src/check/messages.js';
import { checkerCases as cases } from './error-cases.js';
import { check } from './fixtures.js';

function position(
  src: string,
  at: string,
  nth = 1,
  after?: string,
): { line: number; column: number } {
  let offset = after === undefined ? -1 : src.indexOf(after) + after.length - 1;
  for (let i = 0; i < nth; i++) {
    offset = src.indexOf(at, offset + 1);
    if (offset < 0) throw new Error(`"${at}" occurs fewer than ${nth} times`);
  }
  const before = src.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

describe('checker diagnostics', () => {
  it('has a corpus of at least 60 wrong programs covering every code', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases)('$code: $name', (c) => {
    const result = check(c.src, { disabled: c.disabled ?? [], warnUnused: c.warnUnused ?? false });
    const found = result.diagnostics.filter((d) => d.code === c.code);
    expect(
      result.diagnostics.map((d) => d.code),
      'exactly one diagnostic',
    ).toEqual([c.code]);
    const d = found[0]!;
    const start = position(c.src, c.at, c.nth, c.after);
    expect({ line: d.range?.start.line, column: d.range?.start.column }).toEqual(start);
    expect({ line: d.range?.end.line, column: d.range?.end.column }).toEqual({
      line: start.line,
      column: start.column + c.at.length,
    });
    expect(d.message).toBe(c.message);
    // Without a specific rewrite, a diagnostic carries its code's help (CHECK_HELP).
    expect(d.hints).toEqual(c.hints ?? [CHECK_HELP[c.code as CheckCode]]);
    expect(result.ir, 'no IR with an error').toEqual(
      d.severity === 'error' ? undefined : result.ir,
    );
  });
});

describe('the code table', () => {
  it('every checker code has a wrong program in the corpus and a row in docs/diagnostics.md', async () => {
    const { CHECK_MESSAGES } = await import('../../src/check/messages.js');
    const { readFileSync } = await import('node:fs');
    const docs = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');
    const covered = new Set(cases.map((c) => c.code));
    const codes = Object.keys(CHECK_MESSAGES);
    expect(codes.filter((c) => !covered.has(c))).toEqual([]);
    expect(codes.filter((c) => !docs.includes(`| \`${c}\` |`))).toEqual([]);
  });
});
