/**
 * grammar/roster.tmLanguage.json (editor highlighting) is valid JSON, its
 * regexes compile, and a small TextMate-style highlighter run over a sample
 * gives each kind of token the intended scope.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keywordWords } from '../../src/syntax/index.js';
import { repoRoot } from './support.js';

interface Rule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  include?: string;
  captures?: Record<string, { name: string }>;
  patterns?: Rule[];
}

interface Grammar {
  scopeName: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

const grammar = JSON.parse(
  readFileSync(join(repoRoot, 'grammar', 'roster.tmLanguage.json'), 'utf8'),
) as Grammar;

/** Resolves `#name` includes; other grammars (`source.sql`) are outside this test. */
function expand(rules: readonly Rule[]): Rule[] {
  return rules.flatMap((rule) => {
    if (rule.include === undefined) return [rule];
    if (!rule.include.startsWith('#')) return [];
    const target = grammar.repository[rule.include.slice(1)];
    if (!target) throw new Error(`unknown include ${rule.include}`);
    return target.match || target.begin ? [target] : expand(target.patterns ?? []);
  });
}

function firstMatch(rules: readonly Rule[], line: string, from: number) {
  let best: { rule: Rule; match: RegExpExecArray } | undefined;
  for (const rule of rules) {
    const re = new RegExp((rule.match ?? rule.begin)!, 'gd');
    re.lastIndex = from;
    const match = re.exec(line);
    if (match && (!best || match.index < best.match.index)) best = { rule, match };
  }
  return best;
}

/** The innermost scope of every character of `text` (undefined where no rule applies). */
function highlight(text: string): (string | undefined)[] {
  const scopes: (string | undefined)[] = [];
  const top = expand(grammar.patterns);
  let open: Rule | undefined;
  for (const line of text.split('\n')) {
    const lineScopes = new Array<string | undefined>(line.length).fill(undefined);
    const paint = (from: number, to: number, scope: string | undefined) => {
      for (let i = from; i < to; i++) lineScopes[i] = scope ?? lineScopes[i];
    };
    let pos = 0;
    while (pos <= line.length) {
      if (open) {
        const endRe = new RegExp(open.end!, 'g');
        endRe.lastIndex = pos;
        const end = endRe.exec(line);
        const inner = firstMatch(expand(open.patterns ?? []), line, pos);
        if (inner && (!end || inner.match.index < end.index)) {
          paint(pos, inner.match.index, open.name);
          paint(inner.match.index, inner.match.index + inner.match[0].length, inner.rule.name);
          pos = inner.match.index + Math.max(1, inner.match[0].length);
          continue;
        }
        const stop = end ? end.index + end[0].length : line.length;
        paint(pos, stop, open.name);
        if (end) open = undefined;
        pos = Math.max(stop, pos + 1);
        if (!end) break;
        continue;
      }
      const found = firstMatch(top, line, pos);
      if (!found) break;
      const { rule, match } = found;
      paint(match.index, match.index + match[0].length, rule.name);
      for (const [group, capture] of Object.entries(rule.captures ?? {})) {
        const span = match.indices?.[Number(group)];
        if (span) paint(span[0], span[1], capture.name);
      }
      if (rule.begin) open = rule;
      pos = match.index + Math.max(1, match[0].length);
    }
    scopes.push(...lineScopes, undefined);
  }
  return scopes;
}

function scopeOf(text: string, needle: string, occurrence = 0): string | undefined {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) index = text.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`${needle} not in sample`);
  return highlight(text)[index];
}

function regexesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(regexesOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    (key === 'match' || key === 'begin' || key === 'end') && typeof v === 'string'
      ? [v]
      : regexesOf(v),
  );
}

describe('TextMate grammar', () => {
  it('is a grammar for source.roster whose regexes all compile', () => {
    expect(grammar.scopeName).toBe('source.roster');
    const regexes = regexesOf(grammar);
    expect(regexes.length).toBeGreaterThan(10);
    for (const re of regexes) expect(() => new RegExp(re)).not.toThrow();
  });

  const sample = [
    '## Logins in the account.',
    'trait logins = account count "Logged In" within 30 days  # a note',
    'trait n = account sql number """',
    `  select 'a' as id, "quoted" from {{ tracks }}`,
    '"""',
    'audience x = user where title = "a\\"b\\q" and did page at least -2.5 times',
  ].join('\n');

  it.each([
    ['## Logins', 'comment.line.documentation.roster'],
    ['# a note', 'comment.line.number-sign.roster'],
    ['trait', 'keyword.other.definition.roster'],
    ['logins', 'entity.name.definition.roster'],
    ['account count', 'storage.type.entity.roster'],
    ['count "Logged', 'support.function.aggregation.roster'],
    ['"Logged In"', 'string.quoted.double.roster'],
    ['within', 'keyword.control.roster'],
    ['30', 'constant.numeric.roster'],
    ['days', 'keyword.other.unit.roster'],
    ['number', 'support.type.roster'],
    ['select', 'string.quoted.triple.roster'],
    ['"quoted"', 'string.quoted.triple.roster'],
    ['{{ tracks }}', 'variable.other.placeholder.roster'],
    ['\\"', 'constant.character.escape.roster'],
    ['\\q', 'invalid.illegal.escape.roster'],
    [' and ', undefined],
    ['and', 'keyword.operator.logical.roster'],
    ['-2.5', 'constant.numeric.roster'],
    ['=', 'keyword.operator.comparison.roster'],
  ])('highlights %s as %s', (needle, scope) => {
    expect(scopeOf(sample, needle)).toBe(scope);
  });

  it('highlights a rolling window (§12.1): its unit and `ago` as unit words', () => {
    const text = 'audience x = user where did "X" between 7 and 14 days ago';
    expect(scopeOf(text, 'between')).toBe('keyword.control.roster');
    expect(scopeOf(text, '14')).toBe('constant.numeric.roster');
    expect(scopeOf(text, 'days')).toBe('keyword.other.unit.roster');
    expect(scopeOf(text, 'ago')).toBe('keyword.other.unit.roster');
  });

  it('highlights every keyword of the lexer', () => {
    for (const word of keywordWords) expect(highlight(`x ${word} y`)[2], word).toBeDefined();
  });
});
