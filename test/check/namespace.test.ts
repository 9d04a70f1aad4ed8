/** One namespace over all files (§1), related places, and one report per mistake. */
import { describe, expect, it } from 'vitest';
import { checkProgram } from '../../src/check/check.js';
import { parse } from '../../src/syntax/parse.js';
import { check, config, schema } from './fixtures.js';

const programs = (files: Record<string, string>) =>
  Object.entries(files).map(([file, text]) => {
    const parsed = parse(text, file);
    expect(parsed.diagnostics).toEqual([]);
    return parsed.program;
  });

describe('one namespace over all files', () => {
  const files = {
    '/p/b.roster':
      'audience target = account where in engaged\ntrait logins = account count "Logged In"',
    '/p/a.roster': 'audience engaged = account where logins > 2',
  };

  it('resolves across files in any order and gives the same IR', () => {
    const forward = checkProgram({ programs: programs(files), schema, config: config() });
    const backward = checkProgram({
      programs: programs(files).reverse(),
      schema,
      config: config(),
    });
    expect(forward.diagnostics).toEqual([]);
    expect(forward.ir).toEqual(backward.ir);
    expect(forward.ir!.definitions.map((d) => d.name)).toEqual(['logins', 'engaged', 'target']);
  });

  it('reports a duplicate across files once, at the later file, with the first place related', () => {
    const dup = { ...files, '/p/c.roster': 'audience engaged = user where beta is true' };
    for (const order of [programs(dup), programs(dup).reverse()]) {
      const { diagnostics, ir } = checkProgram({ programs: order, schema, config: config() });
      expect(ir).toBeUndefined();
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]).toMatchObject({
        code: 'name-duplicate',
        range: { file: '/p/c.roster', start: { line: 1, column: 10 } },
        related: [
          {
            message: '`engaged` is first defined here',
            range: { file: '/p/a.roster', start: { line: 1, column: 10 } },
          },
        ],
      });
    }
  });

  it('sets no length limit on names (LANGUAGE.md): two 60-character names sharing 50 are two definitions', () => {
    const prefix = 'enterprise_accounts_with_declining_usage_in_the_la'; // 50 characters
    const { diagnostics, ir } = check(
      `audience ${prefix}st_quarter = account where seats > 100\n` +
        `audience ${prefix}st_month_x = account where in ${prefix}st_quarter`,
    );
    expect(diagnostics).toEqual([]);
    expect(ir!.definitions.map((d) => [d.name.length, d.name.slice(50)])).toEqual([
      [60, 'st_quarter'],
      [60, 'st_month_x'],
    ]);
  });

  it('shows every edge of a cycle as related information', () => {
    const { diagnostics } = check(
      'audience a = user where in b\naudience b = user where beta is true and in a',
    );
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.related).toEqual([
      {
        message: '`a` refers to `b` here',
        range: expect.objectContaining({ start: expect.objectContaining({ line: 1, column: 28 }) }),
      },
      {
        message: '`b` refers to `a` here',
        range: expect.objectContaining({ start: expect.objectContaining({ line: 2, column: 45 }) }),
      },
    ]);
  });
});

describe('one mistake reports once', () => {
  it('does not re-report uses of a trait whose body has an error', () => {
    const { diagnostics } = check(
      'trait t = user first "Nope".x\naudience a = user where t = 5 and t contains "x"',
    );
    expect(diagnostics.map((d) => d.code)).toEqual(['name-unknown-event']);
  });

  it('still checks a comparison whose type is known despite an error in the aggregation', () => {
    const { diagnostics } = check('audience a = user where sum "Nope".x > "ten"');
    expect(diagnostics.map((d) => d.code)).toEqual(['name-unknown-event', 'type-literal-mismatch']);
  });

  it('reports every independent mistake of one run (§8)', () => {
    const { diagnostics } = check(
      'audience a = account where seets > 1 or plan < 3\naudience b = user where in nope',
    );
    expect(diagnostics.map((d) => d.code)).toEqual([
      'name-unknown-trait',
      'type-operator-mismatch',
      'name-unknown-audience',
    ]);
  });

  it('silently accepts references to definitions the parser could not read', () => {
    const result = check(
      'audience broken = user where (((\naudience a = user where in broken and broken > 2',
    );
    const codes = result.diagnostics.map((d) => d.code);
    expect(codes.every((c) => c.startsWith('syntax-'))).toBe(true);
    expect(codes.length).toBeGreaterThan(0);
    expect(result.ir).toBeUndefined();
  });

  it('reports no warnings on a clean program and a warning does not withhold the IR', () => {
    const clean = check('trait t = user count "Logged In"\naudience a = user where t > 1', {
      warnUnused: true,
    });
    expect(clean.diagnostics).toEqual([]);
    const warned = check('trait t = user count "Logged In"', { warnUnused: true });
    expect(warned.diagnostics.map((d) => d.severity)).toEqual(['warning']);
    expect(warned.ir).toBeDefined();
  });
});
