/**
 * Lifecycle conditions (LANGUAGE.md §12.3) in the front end: `for the first
 * time WINDOW`, `stopped doing EVENT … for N UNITS`, `in at least K of the
 * last M UNITS`; a `where` filter ending at `for` and `in at least`; their
 * formatting and malformed forms. Expected shapes written from §12.3.
 */
import { describe, expect, it } from 'vitest';
import type { AudienceDefinition } from '../../src/syntax/ast.js';
import { parse } from '../../src/syntax/index.js';
import { expectFormat, withoutRanges } from './support.js';

function condition(text: string): unknown {
  const { program, diagnostics } = parse(`audience x = user where ${text}`, 'a.roster');
  expect(diagnostics).toEqual([]);
  return withoutRanges((program.definitions[0] as AudienceDefinition).condition);
}

const num = (value: number) => ({ kind: 'number', value, raw: String(value) });
const track = (name: string) => ({ kind: 'track-event', name: { kind: 'string', value: name } });

describe('parsing lifecycle conditions', () => {
  it('reads `for the first time WINDOW`, the filter ending at `for`', () => {
    expect(
      condition('did "Feature Used" where feature = "export" for the first time within 7 days'),
    ).toMatchObject({
      kind: 'did',
      event: track('Feature Used'),
      filter: { kind: 'trait-test', test: { kind: 'compare', op: '=' } },
      lifecycle: {
        kind: 'first-time',
        window: { kind: 'within', amount: num(7), unit: 'day' },
      },
    });
  });

  it('reads `stopped doing EVENT where F for N UNITS` as one atom', () => {
    expect(
      condition(
        'stopped doing "Feature Used" where feature = "export" for 2 weeks and beta is true',
      ),
    ).toMatchObject({
      kind: 'and',
      operands: [
        {
          kind: 'stopped-doing',
          event: track('Feature Used'),
          filter: { kind: 'trait-test' },
          amount: num(2),
          unit: 'week',
        },
        { kind: 'trait-test' },
      ],
    });
  });

  it('reads `COUNT in at least K of the last M UNITS`, the filter ending at `in at least`', () => {
    expect(
      condition(
        'did "Feature Used" where feature in ["a"] at least 2 times in at least 3 of the last 4 weeks',
      ),
    ).toMatchObject({
      kind: 'did',
      filter: { kind: 'trait-test', test: { kind: 'in-list' } },
      count: { op: 'at-least', n: num(2) },
      lifecycle: { kind: 'regularly', k: num(3), m: num(4), unit: 'week' },
    });
    expect(
      condition('did "Logged In" where ok = true in at least 1 of the last 2 days'),
    ).toMatchObject({
      filter: { kind: 'trait-test' },
      lifecycle: { kind: 'regularly', k: num(1), m: num(2), unit: 'day' },
    });
  });
});

describe('malformed lifecycle conditions', () => {
  it.each([
    [
      'did "X" at least 2 times for the first time within 7 days',
      'syntax-lifecycle-form',
      '`for the first time` takes no count',
      'at least 2 times',
    ],
    [
      'did "X" within 7 days in at least 1 of the last 2 weeks',
      'syntax-lifecycle-form',
      '`in at least K of the last M UNITS` takes no other window',
      'within 7 days',
    ],
    [
      'did "X" for a first time within 7 days',
      'syntax-unknown-keyword',
      'unknown word `a`: expected `the`',
      'a',
    ],
  ])('%s', (text, code, message, at) => {
    const source = `audience x = user where ${text}`;
    const { diagnostics } = parse(source, 'a.roster');
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([[code, message]]);
    const range = diagnostics[0]!.range!;
    expect(source.slice(range.start.offset, range.end.offset)).toBe(at);
  });
});

describe('a filter ending in parentheses before `in at least`', () => {
  // Found by the generated round trip (issue 15, item 1): `)` then `in` was read as the
  // start of a list test on the group, so the filter swallowed the lifecycle tail.
  it('ends the filter at `in at least`, as it ends at `for`', () => {
    expect(
      condition('did "X" where a = 1 and (b = 2 or c = 3) in at least 2 of the last 3 weeks'),
    ).toMatchObject({
      kind: 'did',
      filter: { kind: 'and', operands: [{ kind: 'trait-test' }, { kind: 'or' }] },
      lifecycle: { kind: 'regularly', k: num(2), m: num(3), unit: 'week' },
    });
    expect(condition('did "X" where (b = 2 or c = 3) in at least 2 of the last 3 weeks')).toEqual(
      condition('did "X" where b = 2 or c = 3 in at least 2 of the last 3 weeks'),
    );
  });

  it('still reads `( … ) in [` as a list test of the parenthesised aggregate', () => {
    expect(condition('(last "X".plan) in ["a"]')).toMatchObject({
      kind: 'trait-test',
      subject: { kind: 'inline-aggregate' },
      test: { kind: 'in-list', negated: false },
    });
  });

  it('formats such a filter, keeping its parentheses', () => {
    expectFormat(
      'audience x = user where did "X" where a = 1 and ( b = 2 or c = 3 ) in at least 2 of the last 3 weeks\n',
      'audience x = user where did "X" where a = 1 and (b = 2 or c = 3) in at least 2 of the last 3 weeks\n',
    );
  });
});

describe('formatting lifecycle conditions', () => {
  it('spaces the words, keeps the filter open before `for` and `in at least`, and round-trips', () => {
    expectFormat(
      'audience x = user where did "X"  where a = 1   for the  first time between 7 and 60 days ago\n',
      'audience x = user where did "X" where a = 1 for the first time between 7 and 60 days ago\n',
    );
    expectFormat(
      'audience x = user where stopped   doing "X" where a = 1 for 1 days and beta is true\n',
      'audience x = user where stopped doing "X" where a = 1 for 1 day and beta is true\n',
    );
    expectFormat(
      'audience x = user where did "X" at least 2 times in at least 2 of the last 3 week\n',
      'audience x = user where did "X" at least 2 times in at least 2 of the last 3 weeks\n',
    );
  });
});
