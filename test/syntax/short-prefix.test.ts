/**
 * The error path's shortcut (diagnose.ts, `shortPrefix`): asking the grammar
 * what may follow a long prefix with its complete top-level conditions left
 * out gives the same answer as asking with the whole prefix. Compared at every
 * token of long definitions built from conditions that use `and` in other
 * roles (`between A and B`, `did … where` filters, parentheses, lists).
 */
import { describe, expect, it } from 'vitest';
import { RosterParser } from '../../grammar/parser.js';
import { SourceFile } from '../../src/diagnostics/source.js';
import { errorMessageProvider, shortPrefix } from '../../src/syntax/diagnose.js';
import { lex } from '../../src/syntax/lex.js';

const conditions = [
  'seats > 5',
  'seats between 1 and 10',
  'mrr between -5 and 5.5',
  'plan in ["pro", "enterprise"]',
  '(plan = "pro" or seats >= 3)',
  'did "Order Completed" where revenue > 10 and currency = "USD" within 30 days',
  'not did "Logged In" within 7 days',
  'any user (role = "Admin" and beta is true)',
  'created_at within 30 days',
  'tags contains "vip"',
];

function definition(seed: number): string {
  const parts: string[] = [];
  for (let i = 0; i < 24; i++) parts.push(conditions[(seed * 7 + i * 3) % conditions.length]!);
  return `audience a = account where ${parts.join(seed % 2 === 0 ? ' and ' : ' or ')}`;
}

describe('the short prefix of a long definition', () => {
  const parser = new RosterParser({ errorMessageProvider });
  const expected = (tokens: Parameters<typeof shortPrefix>[0]) =>
    parser
      .computeContentAssist('definition', tokens as never)
      .map((p) => p.nextTokenType.name)
      .sort()
      .join(',');

  it('accepts what the whole prefix accepts, at every token', () => {
    let compared = 0;
    let shortened = 0;
    for (let seed = 0; seed < 4; seed++) {
      const text = definition(seed);
      const { tokens } = lex(new SourceFile('a.roster', text));
      for (let end = 64; end <= tokens.length; end += 3) {
        const short = shortPrefix(tokens, end);
        if (short.length < end) shortened++;
        expect(expected(short), `${text}\nprefix of ${end} tokens`).toBe(
          expected(tokens.slice(0, end)),
        );
        compared++;
      }
    }
    console.log(`short prefixes compared: ${compared} (${shortened} shortened)`);
    expect(compared).toBeGreaterThan(50);
    expect(shortened).toBeGreaterThan(compared / 2);
  });
});
