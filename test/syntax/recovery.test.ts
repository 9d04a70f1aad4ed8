/** One run reports every broken definition, and the definitions around them still reach the AST. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keywordWords, parse } from '../../src/syntax/index.js';

describe('recovery', () => {
  const text = [
    'trait logins = user count "Logged In" within 30 dayz', // unknown unit (line 1)
    'audience active = user where logins > 3',
    'audience broken = user where did within 7 days', // did without event (line 3)
    '',
    '## Still documented.',
    'audience ok = account where any user in active',
    'sync active to zendesk with grup', // unknown call (line 7)
    'audience last_one = user where plan = "pro"',
  ].join('\n');

  it('reports three independent errors in one run', () => {
    const { diagnostics } = parse(text, 'three.roster');
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.range?.start.column])).toEqual([
      ['syntax-unknown-unit', 1, 49],
      ['syntax-expected-event', 3, 34],
      ['syntax-unknown-call', 7, 29],
    ]);
  });

  it('keeps the valid definitions and the names of the broken ones', () => {
    const { program } = parse(text, 'three.roster');
    expect(
      program.definitions.map((d) => [
        d.kind,
        d.kind === 'sync' ? d.source.name : d.name?.name,
        d.range.start.line,
      ]),
    ).toEqual([
      ['broken', 'logins', 1],
      ['audience', 'active', 2],
      ['broken', 'broken', 3],
      ['audience', 'ok', 6],
      ['broken', undefined, 7],
      ['audience', 'last_one', 8],
    ]);
    expect(program.definitions.map((d) => (d.kind === 'broken' ? d.declared : d.kind))).toEqual([
      'trait',
      'audience',
      'audience',
      'audience',
      'sync',
      'audience',
    ]);
    const ok = program.definitions[3]!;
    expect(ok.kind === 'audience' && ok.doc?.text).toBe('Still documented.');
  });

  it('recovers after an unterminated string at the end of its line', () => {
    const { program, diagnostics } = parse(
      'audience a = user where t = "oops\naudience b = user where t = "fine"',
      'f.roster',
    );
    expect(diagnostics.map((d) => d.code)).toEqual(['syntax-unterminated-string']);
    expect(program.definitions.map((d) => d.kind)).toEqual(['broken', 'audience']);
  });

  it('reports a misspelt definition keyword once and keeps the definition above intact', () => {
    const { program, diagnostics } = parse(
      'audience a = user where t = "x"\nAudience b = user where t = "y"',
      'f.roster',
    );
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.hints])).toEqual([
      ['syntax-unknown-keyword', 2, ['did you mean `audience`?']],
    ]);
    expect(program.definitions.map((d) => [d.kind, d.kind === 'sync' ? '' : d.name?.name])).toEqual(
      [
        ['audience', 'a'],
        ['broken', 'b'],
      ],
    );
  });
});

describe('parse never throws', () => {
  const pieces = [
    ...keywordWords,
    'x',
    'Logged',
    '"Logged In"',
    '"unterminated',
    '"""',
    '"""select 1"""',
    '3',
    '-2.5',
    '=',
    '!=',
    '<=',
    '(',
    ')',
    '[',
    ']',
    ',',
    '.',
    '#',
    '##',
    '\n',
    '$',
    "'",
    '\\',
    'days',
    'times',
    'users',
    '東京',
  ];

  it('returns diagnostics, not exceptions, for any sequence of language pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (words) => {
        const text = words.join(' ');
        const result = parse(text, 'fuzz.roster');
        expect(
          result.diagnostics.every(
            (d) => d.code.startsWith('syntax-') && d.code !== 'syntax-internal-error',
          ),
        ).toBe(true);
        for (const d of result.diagnostics) {
          expect(
            Number.isFinite(d.range!.start.offset) && Number.isFinite(d.range!.end.offset),
          ).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('returns diagnostics for arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const result = parse(`audience x = user where ${text}`, 'fuzz.roster');
        expect(result.diagnostics.every((d) => d.code !== 'syntax-internal-error')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
