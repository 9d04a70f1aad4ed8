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

describe('sequence: parsing', () => {
  it('reads each step with its filter and window; a filter ends at `then` and at `within`', () => {
    const { program, diagnostics } = parse(
      'audience f = user where did "Feature Used" where feature = "import" within 7 days then "Feature Used" where feature = "export" within 1 hour then "Logged In"',
      'a.roster',
    );
    expect(diagnostics).toEqual([]);
    const d = program.definitions[0];
    if (d?.kind !== 'audience') throw new Error('not an audience');
    const c = d.condition;
    if (c.kind !== 'sequence') throw new Error(`not a sequence: ${c.kind}`);
    expect(
      c.steps.map((s) => [
        s.event.kind === 'track-event' ? s.event.name.value : s.event.kind,
        s.filter?.kind,
        s.window?.kind,
      ]),
    ).toEqual([
      ['Feature Used', 'trait-test', 'within'],
      ['Feature Used', 'trait-test', 'within'],
      ['Logged In', undefined, undefined],
    ]);
    const text =
      'audience f = user where did "Feature Used" where feature = "import" within 7 days';
    expect(c.steps[0]!.range.start.offset).toBe(text.indexOf('"Feature Used"'));
    expect(c.steps[0]!.range.end.offset).toBe(text.length);
  });

  it('is one atom after a quantifier, and `then` stays usable as a name', () => {
    const { program, diagnostics } = parse(
      'audience a = account where any user did "A" then "B" and seats > 3\naudience b = user where then = "x"',
      'a.roster',
    );
    expect(diagnostics).toEqual([]);
    const a = program.definitions[0];
    if (a?.kind !== 'audience' || a.condition.kind !== 'and') throw new Error('not an and');
    expect(a.condition.operands.map((o) => o.kind)).toEqual(['quantified', 'trait-test']);
    expect(program.definitions[1]?.kind).toBe('audience');
  });

  // §12.2 and §12.3 give no meaning to a sequence with a lifecycle tail, so the
  // parser takes one or the other and stops at the word that would join them.
  it.each([
    ['did "X" for the first time within 7 days then "Y"', 'then'],
    ['did "X" then "Y" for the first time within 7 days', 'for'],
    ['did "X" then "Y" in at least 1 of the last 2 weeks', 'in'],
  ])('does not join a sequence and a lifecycle tail: %s', (text, at) => {
    const source = `audience x = user where ${text}`;
    const { diagnostics } = parse(source, 'a.roster');
    expect(diagnostics.map((d) => d.code)).toEqual(['syntax-unexpected-token']);
    expect(diagnostics[0]!.message).toContain(`unexpected \`${at}\``);
    const range = diagnostics[0]!.range!;
    expect(source.slice(range.start.offset, range.end.offset)).toBe(at);
  });
});

describe('sequence: fmt', () => {
  it('prints `did A then B within N units`, spaced, plural only when N is not 1', () => {
    expectFormat(
      'audience a = user where did "A"   then   "B" within 1 days then "C"\n',
      'audience a = user where did "A" then "B" within 1 day then "C"\n',
    );
  });

  it('breaks before each `then`, indented, when longer than 100 columns', () => {
    expectFormat(
      'audience onboarding_funnel = user where did "Trial Started" within 30 days then "Invite Sent" within 7 days then "Report Viewed"\n',
      [
        'audience onboarding_funnel = user where did "Trial Started" within 30 days',
        '    then "Invite Sent" within 7 days',
        '    then "Report Viewed"',
        '',
      ].join('\n'),
    );
  });

  it('closes an open filter of the last step when more of the condition follows (§4.2)', () => {
    expectFormat(
      'audience a = user where (did "A" then "B" where plan = "pro") and beta is true\n',
      'audience a = user where (did "A" then "B" where plan = "pro") and beta is true\n',
    );
  });

  it('keeps a comment before a step', () => {
    const canonical = [
      'audience a = user where did "A"',
      '    # the invite',
      '    then "B" within 2 days',
      '',
    ].join('\n');
    expectFormat(canonical, canonical);
  });
});
