/**
 * Options that used to fail open (issue 11.11): a `--now` in a year before
 * 1000 evaluated in another century (`0026-…` as 1926) or crashed compiling a
 * 1000-year window, and `--select ""` planned every definition.
 */
import { mkdtempSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roster } from '../runtime/apply/cli.js';

let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roster-fail-open-'));
  const init = await roster(dir, 'init', 'p', '--now', '2026-06-30');
  expect(init.code, init.err).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--now before the year 1000', () => {
  it.each([
    ['plan', '--project', 'p'],
    ['apply', '--project', 'p', '--auto-approve'],
    ['compile', '--project', 'p'],
    ['preview', 'logins_30d', '--project', 'p'],
    ['explain', 'at_risk', '--project', 'p'],
    ['init', 'q'],
  ])('%s refuses it', async (...args) => {
    for (const now of ['0026-06-30', '0999-12-31T23:59:59Z']) {
      const run = await roster(dir, ...args, '--now', now);
      expect(run.code).toBe(1);
      expect(run.err).toContain(`error[cli-invalid-now]: \`--now ${now}\` is before the year 1000`);
      expect(run.out).toBe('');
    }
  });

  it('plan accepts the year 1000', async () => {
    const run = await roster(dir, 'plan', '--project', 'p', '--now', '1000-06-01');
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('now 1000-06-01T00:00:00.000Z');
  });
});

describe('a window reaching back before the year 0', () => {
  it('is a located error, not internal-error', async () => {
    const project = join(dir, 'long');
    expect((await roster(dir, 'init', 'long', '--now', '2026-06-30')).code).toBe(0);
    appendFileSync(
      join(project, 'definitions', 'accounts.roster'),
      '\naudience old = account where count "Logged In" within 365250 days > 0\n',
    );
    for (const command of ['compile', 'plan']) {
      const run = await roster(dir, command, '--project', 'long', '--now', '1000-01-01');
      expect(run.code, run.err).toBe(1);
      expect(run.err).toContain(
        'error[sql-window-before-year-0]: `within 365250 days` before `--now 1000-01-01T00:00:00.000Z` reaches back before the year 0',
      );
      expect(run.err).toContain('accounts.roster:');
      expect(run.err).not.toContain('internal-error');
    }
    // A later --now leaves the same window in range.
    const later = await roster(dir, 'compile', '--project', 'long', '--now', '1001-01-01');
    expect(later.code, later.err).toBe(0);
  });
});

describe('--select with no name', () => {
  it.each(['', ',', ' '])('`--select %j` is an error, not a plan of everything', async (value) => {
    for (const command of ['plan', 'apply']) {
      const run = await roster(dir, command, '--project', 'p', '--select', value);
      expect(run.code).toBe(2);
      expect(run.err).toContain(`--select needs at least one name`);
      expect(run.out).toBe('');
    }
  });
});
