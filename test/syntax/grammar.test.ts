import { describe, expect, it } from 'vitest';
import { RosterParser } from '../../grammar/parser.js';
import { rosterLexer, keywordWords } from '../../grammar/tokens.js';

const parser = new RosterParser();

function tokenNames(text: string): string[] {
  return rosterLexer.tokenize(text).tokens.map((token) => token.tokenType.name);
}

function parsesCleanly(text: string): boolean {
  parser.input = rosterLexer.tokenize(text).tokens;
  parser.program();
  return parser.errors.length === 0;
}

describe('lexer', () => {
  it('keeps names that merely start with a keyword as names', () => {
    expect(tokenNames('count_x first_login industry notes inbox')).toEqual([
      'Identifier',
      'Identifier',
      'Identifier',
      'Identifier',
      'Identifier',
    ]);
  });

  it('prefers the longer keyword', () => {
    expect(tokenNames('not no count_unique count most_frequent most')).toEqual([
      'Not',
      'No',
      'CountUnique',
      'Count',
      'MostFrequent',
      'Most',
    ]);
  });

  it('lexes a triple-quoted SQL block spanning lines with single quotes as one token', () => {
    const tokens = rosterLexer.tokenize(`sql number """\n select 'a' as id\n"""`).tokens;
    expect(tokens.map((token) => token.tokenType.name)).toEqual(['Sql', 'Identifier', 'SqlBlock']);
  });

  it('turns unterminated strings and SQL blocks into error tokens of their own', () => {
    const result = rosterLexer.tokenize('"abc\n\'x\' """ open');
    expect(result.errors).toEqual([]);
    expect(result.tokens.map((token) => token.tokenType.name)).toEqual([
      'UnterminatedString',
      'SingleQuotedString',
      'UnterminatedSqlBlock',
    ]);
  });

  it('lists the keywords in their spelling', () => {
    expect(keywordWords).toContain('within');
    expect(keywordWords).toContain('count_unique');
    expect(keywordWords).not.toContain('days');
  });
});

describe('grammar', () => {
  it.each([
    'audience x = account where (last "Logged In") before "2026-01-01"',
    'audience x = account where count "Logged In" within 30 days < 10',
    'audience x = user where did "X" within 7 days at least 3 times',
    'audience x = account where at least 2 users (role = "Admin" and did "Logged In" within 7 days)',
    'trait x = account most_frequent "F".count where min > 3 within 3 days min 3',
    'audience x = user where count = 3 and first > 2 and page = "x" and not in y and account.first is not set',
    'sync x to zendesk with group, identify,\n  track (entered = "A", exited = "B")',
  ])('accepts %s', (text) => {
    expect(parsesCleanly(text)).toBe(true);
  });
});
