/**
 * Each IR definition carries its text as written and its range, so plan,
 * apply and docs never re-parse .roster files; the definition's hash (its
 * meaning) does not depend on where it is written.
 */
import { describe, expect, it } from 'vitest';
import { checkProgram } from '../../src/check/check.js';
import { definitionHash } from '../../src/runtime/plan/definition-hash.js';
import { parse } from '../../src/syntax/parse.js';
import { config, schema } from './fixtures.js';

const FILE = '/p/a.roster';
const TEXT = [
  '# Paying accounts.',
  'audience paying = account where plan = "pro"',
  '',
  'trait logins = user count "Logged In"',
  '',
  'sync paying to audit with group',
  '',
].join('\n');

function irOf(text: string) {
  const program = parse(text, FILE).program;
  const result = checkProgram({
    programs: [program],
    schema,
    config: config(),
    texts: new Map([[FILE, text]]),
  });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.ir!;
}

describe('definition origin in the IR', () => {
  it('holds the text as written (no doc comment) and where it starts', () => {
    const byName = new Map(irOf(TEXT).definitions.map((d) => [d.name, d.origin]));
    expect(byName.get('paying')?.text).toBe('audience paying = account where plan = "pro"');
    expect(byName.get('paying')?.range.start.line).toBe(2);
    expect(byName.get('paying')?.range.file).toBe(FILE);
    expect(byName.get('logins')?.text).toBe('trait logins = user count "Logged In"');
    expect(byName.get('logins')?.range.start.line).toBe(4);
    expect(byName.get('paying->audit')?.text).toBe('sync paying to audit with group');
    expect(byName.get('paying->audit')?.range.start.line).toBe(6);
  });

  it('is not part of the meaning: moving a definition keeps its hash', () => {
    const moved = irOf(`\n\n${TEXT}`);
    const before = new Map(irOf(TEXT).definitions.map((d) => [d.name, definitionHash(d)]));
    for (const d of moved.definitions) {
      expect(d.origin?.range.start.line).toBeGreaterThan(2);
      expect(definitionHash(d)).toBe(before.get(d.name));
    }
  });
});
