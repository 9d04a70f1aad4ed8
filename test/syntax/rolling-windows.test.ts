/**
 * Rolling windows (LANGUAGE.md §12.1) in the front end: `between N and M
 * UNITS ago` and `before N UNITS ago` wherever §3 allows a window, their
 * formatting, and the syntax errors of a malformed one. Expected shapes and
 * texts are written from §12.1 by hand.
 */
import { describe, expect, it } from 'vitest';
import type { Aggregation, AudienceDefinition, TraitDefinition } from '../../src/syntax/ast.js';
import { parse } from '../../src/syntax/index.js';
import { withoutLayout } from './ast-compare.js';
import { expectFormat, fmt, withoutRanges } from './support.js';

function only(text: string): AudienceDefinition | TraitDefinition {
  const { program, diagnostics } = parse(text, 'a.roster');
  expect(diagnostics).toEqual([]);
  expect(program.definitions).toHaveLength(1);
  return program.definitions[0] as AudienceDefinition | TraitDefinition;
}

const num = (value: number) => ({ kind: 'number', value, raw: String(value) });

describe('parsing rolling windows', () => {
  it('reads `between N and M UNITS ago` after did, with N nearest to now', () => {
    const d = only('audience x = user where did "Logged In" between 7 and 14 days ago');
    expect(withoutRanges((d as AudienceDefinition).condition)).toEqual({
      kind: 'did',
      event: { kind: 'track-event', name: { kind: 'string', value: 'Logged In' } },
      window: { kind: 'ago', near: num(7), far: num(14), unit: 'day' },
    });
  });

  it('reads `before N UNITS ago` in a computed trait and on a timestamp trait', () => {
    const t = only('trait old = user count "Logged In" before 30 days ago') as TraitDefinition;
    expect(withoutRanges((t.aggregation as Aggregation).window)).toEqual({
      kind: 'ago',
      near: num(30),
      unit: 'day',
    });
    const a = only('audience x = user where signed_up_at before 2 weeks ago') as AudienceDefinition;
    expect(withoutRanges(a.condition)).toMatchObject({
      kind: 'trait-test',
      test: { kind: 'window', window: { kind: 'ago', near: num(2), unit: 'week' } },
    });
  });

  it('keeps `between` on numbers and dates as before', () => {
    const a = only('audience x = account where seats between 1 and 5') as AudienceDefinition;
    expect(withoutRanges(a.condition)).toMatchObject({
      test: { window: { kind: 'between', from: num(1), to: num(5) } },
    });
  });

  it('ends a where filter before the rolling window, so the window belongs to the did', () => {
    const a = only(
      'audience x = user where did "Feature Used" where duration > 3 between 1 and 2 hours ago and beta is true',
    ) as AudienceDefinition;
    expect(withoutRanges(a.condition)).toMatchObject({
      kind: 'and',
      operands: [
        {
          kind: 'did',
          filter: { kind: 'trait-test', test: { kind: 'compare', op: '>' } },
          window: { kind: 'ago', near: num(1), far: num(2), unit: 'hour' },
        },
        { kind: 'trait-test' },
      ],
    });
  });

  it('reads a unit after N so the checker can explain the mix of units', () => {
    const a = only('audience x = user where did "X" between 1 day and 2 weeks ago');
    expect(withoutRanges((a as AudienceDefinition).condition)).toMatchObject({
      window: { kind: 'ago', near: num(1), far: num(2), unit: 'week', nearUnit: { unit: 'day' } },
    });
  });
});

describe('malformed rolling windows', () => {
  it.each([
    [
      'audience x = user where did "X" before 30 days',
      'days',
      'a rolling window ends in its unit and `ago`: `before 30 days ago`',
    ],
    [
      'audience x = user where did "X" between 1 and 2 days agp',
      'agp',
      'a rolling window ends in its unit and `ago`: `between 1 and 2 days ago`',
    ],
    [
      'audience x = user where did "X" between 1 day and 2',
      'between 1 day and 2',
      'a rolling window ends in its unit and `ago`: `between 1 and 2 days ago`',
    ],
  ])('%s', (source, at, message) => {
    const { diagnostics } = parse(source, 'a.roster');
    expect(diagnostics.map((d) => d.code)).toEqual(['syntax-expected-ago']);
    const d = diagnostics[0]!;
    expect(d.message).toBe(message);
    expect(d.hints).toEqual([`write \`${/`([^`]*)`$/.exec(message)![1]}\``]);
    expect(source.slice(d.range!.start.offset, d.range!.end.offset)).toBe(at);
  });

  it('rejects bounds that are not numbers', () => {
    const source = 'audience x = user where did "X" between "2026-01-01" and 2 days ago';
    const { diagnostics } = parse(source, 'a.roster');
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'syntax-ago-bounds',
        'the bounds of a rolling window are numbers of units counted back from now, not `"2026-01-01"`',
      ],
    ]);
    expect(
      source.slice(diagnostics[0]!.range!.start.offset, diagnostics[0]!.range!.end.offset),
    ).toBe('"2026-01-01"');
  });
});

describe('formatting rolling windows', () => {
  /** Formats as expected, and the formatted text means the same program. */
  const expectSameProgram = (before: string, after: string): void => {
    expectFormat(before, after);
    const a = parse(before, 'a.roster').program;
    const b = parse(after, 'b.roster').program;
    expect(withoutLayout(b)).toEqual(withoutLayout(a));
  };

  it('spaces the words and takes the unit word from the far number', () => {
    expectSameProgram(
      'audience x = user where did "X"   between 0   and 1 days   ago\n',
      'audience x = user where did "X" between 0 and 1 day ago\n',
    );
    expectSameProgram(
      'trait t = account count "X" before  1 weeks ago\n',
      'trait t = account count "X" before 1 week ago\n',
    );
    expectSameProgram(
      'audience x = user where signed_up_at between 30 and 60 day ago\n',
      'audience x = user where signed_up_at between 30 and 60 days ago\n',
    );
  });

  it('keeps a mix of units as written (the checker reports it) and keeps comments', () => {
    expectSameProgram(
      'audience x = user where did "X" between 1 day and 2 weeks ago\n',
      'audience x = user where did "X" between 1 day and 2 weeks ago\n',
    );
    const text = fmt('audience x = user where did "X" # why\n  between 7 and 14 days ago # lag\n');
    expect(text).toContain('# why');
    expect(text).toContain('# lag');
    expect(text).toContain('between 7 and 14 days ago');
  });
});
