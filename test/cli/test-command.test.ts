import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { registerTest } from '../../src/cli/commands/index.js';
import { memoryIo } from '../../src/cli/io.js';
import { DEFINITIONS, FAILING_TEST, PASSING_TEST, writeProject } from '../testing/temp-project.js';

const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((c) => c()));

async function roster(args: string[], cwd: string) {
  const io = memoryIo(cwd, { NO_COLOR: '1' });
  const program = new Command('roster').exitOverride();
  registerTest(program, io);
  await program.parseAsync(['node', 'roster', ...args]);
  return {
    out: io.out.join('\n'),
    err: io.err.join('\n'),
    lines: io.out.join('\n').split('\n'),
    exitCode: io.exitCode,
  };
}

function project(files: Record<string, string>): string {
  const { root, cleanup } = writeProject(files);
  cleanups.push(cleanup);
  return root;
}

describe('roster test', () => {
  it('prints a line per passing file and the summary, and exits 0', async () => {
    const root = project({
      'audiences/defs.roster': DEFINITIONS,
      'audiences/a-pass.test.yml': PASSING_TEST,
    });
    const result = await roster(['test', '--project', root], '/');
    expect(result.exitCode).toBe(0);
    expect(result.lines).toEqual(['✓ a-pass (1 audience, 1 trait)', '1 passed, 0 failed']);
    expect(result.err).toBe('');
  });

  it('shows what failed (missing/unexpected ids, trait values) and exits 1', async () => {
    const root = project({
      'audiences/defs.roster': DEFINITIONS,
      'audiences/a-pass.test.yml': PASSING_TEST,
      'audiences/b-fail.test.yml': FAILING_TEST,
    });
    const result = await roster(['test', '--project', '.'], root);
    expect(result.exitCode).toBe(1);
    expect(result.lines).toEqual([
      '✓ a-pass (1 audience, 1 trait)',
      '✗ b-fail (1 audience, 1 trait)',
      '    audience `pro_accounts` (expected at audiences/b-fail.test.yml:15:5)',
      '      defined at audiences/defs.roster:1:1: audience pro_accounts = account where plan = "pro"',
      '      missing:    a2',
      '      unexpected: a3',
      '      expected:   a1, a2',
      '      actual:     a1, a3',
      '    trait `logins` (expected at audiences/b-fail.test.yml:17:5)',
      '      defined at audiences/defs.roster:2:1: trait logins = user count "Logged In"',
      '      u1: expected 3 → actual 2',
      '      u2: expected missing → actual 0',
      '1 passed, 1 failed',
    ]);
  });

  it('runs on PostgreSQL with --target and only matching files with --filter', async () => {
    const root = project({
      'audiences/defs.roster': DEFINITIONS,
      'audiences/a-pass.test.yml': PASSING_TEST,
      'audiences/b-fail.test.yml': FAILING_TEST,
    });
    const result = await roster(
      ['test', '--project', root, '--target', 'pg', '--filter', 'a-pass'],
      '/',
    );
    expect(result.exitCode).toBe(0);
    expect(result.lines).toEqual(['✓ a-pass (1 audience, 1 trait)', '1 passed, 0 failed']);
  });

  it('renders a test program error at its place in the .test.yml and exits 1', async () => {
    const root = project({
      'audiences/bad.test.yml': `now: "2026-06-30T00:00:00Z"
program: |
  audience x = account where plna = "pro"
expect:
  audiences:
    x: []
`,
    });
    const result = await roster(['test', '--project', root], root);
    expect(result.exitCode).toBe(1);
    expect(result.lines[0]).toBe('✗ bad (error)');
    expect(result.out).toContain(
      '    audiences/bad.test.yml:3:30: error[name-unknown-trait]: unknown trait `plna`',
    );
    expect(result.out).toContain('audience x = account where plna = "pro"');
    expect(result.lines.at(-1)).toBe('0 passed, 1 failed');
  });

  it('reports an unknown target on stderr and exits 1', async () => {
    const root = project({
      'audiences/a.test.yml': PASSING_TEST,
      'audiences/defs.roster': DEFINITIONS,
    });
    const result = await roster(['test', '--project', root, '--target', 'nope'], root);
    expect(result.exitCode).toBe(1);
    expect(result.err).toMatch(/error\[config-unknown-target\]: there is no target `nope`/);
    expect(result.lines.at(-1)).toBe('0 passed, 0 failed');
  });

  it('reports a missing project folder and exits 1', async () => {
    const result = await roster(['test', '--project', '/no/such/folder'], '/');
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain('error[config-missing-project]');
  });

  it('says so when there are no test files', async () => {
    const root = project({ 'audiences/defs.roster': DEFINITIONS });
    const result = await roster(['test', '--project', root], root);
    expect(result.exitCode).toBe(0);
    expect(result.lines).toEqual([
      'no *.test.yml files under the project paths',
      '0 passed, 0 failed',
    ]);
  });
});
