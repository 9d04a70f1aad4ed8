/**
 * Splits (LANGUAGE.md §12.5) through the front end: the AST of
 * `split NAME = AUDIENCE into PART P%, …`, `roster fmt` (canonical text,
 * fixed point, comments kept), and `split` staying usable as a name.
 * Expected texts are written from docs/formatting.md, not copied from output.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/syntax/parse.js';
import { expectFormat } from './support.js';

describe('split: parsing', () => {
  it('reads the name, the audience and each part with its share as written', () => {
    const { program, diagnostics } = parse(
      'split q3 = at_risk into holdout 12.5%, contacted 87.50%',
      'a.roster',
    );
    expect(diagnostics).toEqual([]);
    const [d] = program.definitions;
    expect(d?.kind).toBe('split');
    if (d?.kind !== 'split') return;
    expect(d.name.name).toBe('q3');
    expect(d.audience.name).toBe('at_risk');
    expect(d.parts.map((p) => [p.name.name, p.percent.raw, p.percent.value])).toEqual([
      ['holdout', '12.5', 12.5],
      ['contacted', '87.50', 87.5],
    ]);
  });

  it('reports a part without `%` where the `%` is missing', () => {
    const text = 'split q3 = at_risk into holdout 10, contacted 90%';
    const { program, diagnostics } = parse(text, 'a.roster');
    expect(program.definitions[0]).toMatchObject({ kind: 'broken', declared: 'split' });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.range?.start.offset).toBe(text.indexOf(','));
    expect(diagnostics[0]!.message).toContain('`%`');
  });

  it('keeps `split` and `into` usable as trait names', () => {
    const { program, diagnostics } = parse(
      'audience a = user where split = "x" and\nsplit = "y"\naudience b = user where into > 2',
      'a.roster',
    );
    expect(diagnostics).toEqual([]);
    expect(program.definitions.map((d) => d.kind)).toEqual(['audience', 'audience']);
  });

  it('starts a new definition at `split NAME =` on a line of its own', () => {
    const { program } = parse(
      'audience a = user where beta is true\nsplit s = a into x 50%, y 50%',
      'a.roster',
    );
    expect(program.definitions.map((d) => d.kind)).toEqual(['audience', 'split']);
  });
});

describe('split: fmt', () => {
  it('prints one space around `=` and after each comma, `%` against the share', () => {
    expectFormat(
      'split   q3=at_risk   into holdout 10 %,contacted   90%\n',
      'split q3 = at_risk into holdout 10%, contacted 90%\n',
    );
  });

  it('puts one part per line, indented by 2, when the split is longer than 100 columns', () => {
    expectFormat(
      'split quarterly_outreach_experiment = accounts_at_risk_of_churning into outreach_holdout 10%, outreach_contacted_by_email 45%, outreach_contacted_by_phone 45%\n',
      [
        'split quarterly_outreach_experiment = accounts_at_risk_of_churning into',
        '  outreach_holdout 10%,',
        '  outreach_contacted_by_email 45%,',
        '  outreach_contacted_by_phone 45%',
        '',
      ].join('\n'),
    );
  });

  it('keeps doc comments, comments between parts and trailing comments', () => {
    // Already canonical: fmt keeps every comment where it is.
    const canonical = [
      '## Holdout for the Q3 outreach.',
      'split q3 = at_risk into',
      '  # never contacted',
      '  holdout 10%,',
      '  contacted 90% # the rest',
      '',
    ].join('\n');
    expectFormat(canonical, canonical);
  });
});
