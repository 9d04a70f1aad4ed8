/**
 * `roster plan --format markdown|github` through the CLI, on the project
 * `roster init` writes: the comment on stdout, the full plan appended to the
 * job summary, and in GitHub Actions progress as a collapsed log group and
 * errors as annotations on the lines at fault.
 */
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';

const NOW = '2026-06-30T12:00:00Z';
const GITHUB = {
  GITHUB_ACTIONS: 'true',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/audiences',
  GITHUB_RUN_ID: '4242',
};

async function roster(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]) {
  const io = memoryIo(cwd, { NO_COLOR: '1', ...env });
  const code = await runCli(['node', 'roster', ...args], io);
  return { code, out: io.out.join('\n'), err: io.err.join('\n') };
}

describe('roster plan for pull requests', () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'roster-plan-md-')), 'p');
    expect((await roster(tmpdir(), {}, 'init', dir, '--now', NOW)).code).toBe(0);
  });

  it('prints the comment, appends the full plan to the summary and groups progress in GitHub Actions', async () => {
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const r = await roster(
      dir,
      GITHUB,
      'plan',
      '--now',
      NOW,
      '--format',
      'markdown',
      '--summary-file',
      summary,
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\n').slice(0, 2)).toEqual([
      '<!-- roster-plan:p:dev -->',
      '### roster plan · `p` on `dev` (duckdb)',
    ]);
    expect(r.out).toContain('| `at_risk` | account | 3 | first evaluation |  |  |');
    expect(r.out).toContain('| `at_risk` → `audit` (new: backfill) | group | 3 | +3 | 0 | 0 |  |');
    expect(r.out).toContain('[the full plan](https://github.com/acme/audiences/actions/runs/4242)');
    const err = r.err.split('\n');
    expect(err[0]).toBe('::group::roster plan: progress');
    expect(err.at(-1)).toBe('::endgroup::');
    const written = readFileSync(summary, 'utf8');
    expect(written.startsWith('# earlier step\n<!-- roster-plan:p:dev -->')).toBe(true);
    expect(written).toContain('#### Calls per sync');
  });

  it('reports errors as annotations on the line at fault under --format github', async () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'roster-plan-md-')), 'q');
    expect((await roster(tmpdir(), {}, 'init', broken, '--now', NOW)).code).toBe(0);
    appendFileSync(
      join(broken, 'definitions/accounts.roster'),
      'audience oops = account where logins_03d > 1\n',
    );
    const r = await roster(broken, {}, 'plan', '--format', 'github');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    // The definitions file has 14 lines; `logins_03d` is columns 31-40 of the 15th.
    expect(r.err).toBe(
      '::error file=definitions/accounts.roster,line=15,col=31,endLine=15,endColumn=41,title=roster name-unknown-trait::' +
        'unknown trait `logins_03d`: no account trait has this name%0Ahelp: did you mean `logins_30d`?',
    );
  });

  it('rejects an unknown format', async () => {
    const r = await roster(dir, {}, 'plan', '--format', 'html');
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'error[cli-invalid-format]: `--format html`: use text, json, markdown, github',
    );
    expect(r.err).toContain(
      '= help: write `--format text`, `--format json`, `--format markdown`, `--format github`',
    );
    // A misspelt format gets the one it most likely meant.
    const typo = await roster(dir, {}, 'plan', '--format', 'jsno');
    expect(typo.err).toContain('= help: did you mean `json`?');
  });
});
