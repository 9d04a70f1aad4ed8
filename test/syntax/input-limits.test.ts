/**
 * Input limits (issue 11.9): generated or hostile files that nest thousands
 * of levels deep used to exhaust the stack (the parser at about 450 `(`, the
 * compiler with 5,000 `not`s) and surface as internal errors. Past 100 levels
 * a definition is a located `syntax-too-deep` error, and its neighbours still
 * parse; up to 100 levels everything checks, compiles and plans. A YAML file
 * whose aliases expand without bound ("billion laughs") is a located error.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/syntax/index.js';
import { roster } from '../runtime/apply/cli.js';

const nested = (depth: number): string =>
  `audience deep = user where ${'('.repeat(depth)}role = "Admin"${')'.repeat(depth)}`;
const nots = (count: number): string =>
  `audience nots = user where ${'not '.repeat(count)}role = "Admin"`;

describe('nesting limits', () => {
  it.each([
    ['10,000 parentheses', nested(10_000), 'audience deep = user where '.length + 100],
    ['5,000 `not`s', nots(5_000), 'audience nots = user where '.length + 4 * 100],
    [
      'a list inside 100 parentheses',
      nested(100).replace('"Admin"', '["Admin"]').replace('role =', 'role in'),
      'audience deep = user where '.length + 100 + 'role in '.length,
    ],
  ])('%s: a located error, the next definition still parses', (_, text, offset) => {
    const { program, diagnostics } = parse(
      `${text}\naudience ok = user where role = "Admin"\n`,
      'f.roster',
    );
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'syntax-too-deep',
      message: 'this definition nests more than 100 levels deep (parentheses, lists and `not`s)',
      range: { start: { offset, line: 1 } },
    });
    expect(program.definitions.map((d) => d.kind)).toEqual(['broken', 'audience']);
  });

  it('100 levels check, compile and plan', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-deep-'));
    try {
      expect((await roster(dir, 'init', 'p', '--now', '2026-06-30')).code).toBe(0);
      writeFileSync(
        join(dir, 'p', 'definitions', 'deep.roster'),
        `${nested(100)}\n${nots(100)}\nsync deep to audit with identify\nsync nots to audit with identify\n`,
      );
      for (const command of ['check', 'compile', 'plan']) {
        const now = command === 'check' ? [] : ['--now', '2026-06-30'];
        const run = await roster(dir, command, '--project', 'p', ...now);
        expect(run.code, `${command}: ${run.err}`).toBe(0);
      }
      writeFileSync(join(dir, 'p', 'definitions', 'deep.roster'), `${nots(5_000)}\n`);
      const refused = await roster(dir, 'plan', '--project', 'p', '--now', '2026-06-30');
      expect(refused.code).toBe(1);
      expect(refused.out + refused.err).toContain('error[syntax-too-deep]');
      expect(refused.out + refused.err).not.toContain('internal-error');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('YAML alias bombs', () => {
  /** Eleven levels of ten aliases each: 10^11 nodes if expanded. */
  const bomb = [
    'bomb:',
    '  a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
    ...Array.from(
      { length: 11 },
      (_, i) => `  a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`,
    ),
  ].join('\n');

  it.each([
    ['schema.yml', 'schema'],
    ['roster.yaml', 'config'],
    ['tests/bomb.test.yml', 'test'],
  ])('in %s: a located error, not internal-error', async (file, prefix) => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-aliases-'));
    try {
      expect((await roster(dir, 'init', 'p', '--now', '2026-06-30')).code).toBe(0);
      const path = join(dir, 'p', file);
      const before = file.endsWith('test.yml') ? 'now: "2026-06-30"\n' : readFileSync(path, 'utf8');
      writeFileSync(path, `${before}\n${bomb}\n`);
      const check = await roster(dir, 'check', '--project', 'p');
      const output = check.out + check.err;
      expect(check.code).toBe(1);
      expect(output).not.toContain('internal-error');
      // At the first alias: the line of `a1`, after the anchor `&a1 [`.
      const line = `${before}\n${bomb}`.split('\n').indexOf(bomb.split('\n')[2]!) + 1;
      expect(output).toContain(
        `${file.split('/').pop()}:${line}:12: error[${prefix}-yaml-aliases]: ${file.split('/').pop()} repeats its anchors through aliases (\`*name\`) into more than 1000 copies`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a .roster file that is not UTF-8', () => {
  it('is reported at its first bad byte, and fmt leaves its bytes alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-utf8-'));
    try {
      expect((await roster(dir, 'init', 'p', '--now', '2026-06-30')).code).toBe(0);
      const file = join(dir, 'p', 'definitions', 'latin1.roster');
      // Latin-1 "é" (0xe9) where UTF-8 needs two bytes; the double space would be formatted away.
      const bytes = Buffer.concat([
        Buffer.from('audience  caf = user where email = "caf'),
        Buffer.from([0xe9]),
        Buffer.from('"\n'),
      ]);
      writeFileSync(file, bytes);
      const message =
        'latin1.roster:1:40: error[config-invalid-utf8]: this file is not UTF-8: byte 0xe9 at byte offset 39 does not belong to a UTF-8 character';
      const check = await roster(dir, 'check', '--project', 'p');
      expect(check.code).toBe(1);
      expect(check.out + check.err).toContain(message);
      const fmt = await roster(dir, 'fmt', '--project', 'p');
      expect(fmt.code).toBe(1);
      expect(fmt.err).toContain(message);
      expect(readFileSync(file)).toEqual(bytes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('NUL characters in strings', () => {
  it.each([
    ['written raw', 'audience n = user where email = "a\u0000b"'],
    ['written as \\u0000', 'audience n = user where email = "a\\u0000b"'],
  ])('%s: a located error at the NUL', (_, text) => {
    const { diagnostics } = parse(`${text}\n`, 'f.roster');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'syntax-nul-in-string',
      message: 'this string holds a NUL character (code 0), which no warehouse stores in text',
      // Just after `"a`: where the NUL (or its escape) starts.
      range: { start: { offset: text.indexOf('"a') + 2 } },
    });
  });
});
