/**
 * The npm package: `npm pack` builds compiled JavaScript into the tarball, and
 * the tarball installed in a clean folder (offline, from the npm cache; see
 * test/support/packed-roster.ts) runs as `npx roster` with no TypeScript
 * loader: `init`, then `check`, `test`, `plan`, `apply` and `docs` in the new
 * project.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { installOffline, packRoster } from '../support/packed-roster.js';

function files(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name), root) : [relative(root, join(dir, e.name))],
  );
}

describe('the npm package', () => {
  let app: string;
  let installed: string;

  beforeAll(() => {
    const work = mkdtempSync(join(tmpdir(), 'roster-package-'));
    const tarball = packRoster(join(work, 'pack'));
    app = join(work, 'app');
    installOffline(tarball, app);
    installed = join(app, 'node_modules', 'roster');
  }, 240_000);

  it('holds compiled JavaScript, the JSON Schemas and the grammar artefacts, and no sources', () => {
    const all = files(installed);
    expect(all).toContain('bin/roster.js');
    expect(all).toContain('dist/src/cli/main.js');
    expect(all).toContain('dist/src/index.js');
    expect(all).toContain('dist/src/index.d.ts');
    for (const f of [
      'schemas/roster.schema.json',
      'schemas/schema.schema.json',
      'schemas/test.schema.json',
    ])
      expect(all).toContain(f);
    expect(all).toContain('grammar/generated/syntax-diagrams.html');
    expect(all).toContain('grammar/roster.tmLanguage.json');
    expect(all).toContain('site/roster-docs.js');
    expect(all).toContain('examples/ci/github/roster.yml');
    expect(all.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(all.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
    // No TypeScript loader is installed with it.
    expect(existsSync(join(app, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'typescript'))).toBe(false);
  });

  it('runs as `npx roster`: init, check, test, plan, apply and docs in a new project', () => {
    const run = (command: string, prefix: string[], cwd: string, args: string[]) =>
      execFileSync(command, [...prefix, ...args], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', npm_config_offline: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    // `npx roster` runs the package's bin; the other commands call that bin directly,
    // which is what npx does after its own start-up (seconds of npm per call).
    const npx = (cwd: string, ...args: string[]) => run('npx', ['--offline', 'roster'], cwd, args);
    const bin = join(app, 'node_modules', '.bin', 'roster');
    const roster = (cwd: string, ...args: string[]) => run(bin, [], cwd, args);
    expect(npx(app, '--help')).toContain('Usage: roster [options] [command]');
    expect(roster(app, '--version').trim()).toBe(
      (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version,
    );
    expect(roster(app, 'init', 'audiences', '--now', '2026-06-30T12:00:00Z')).toContain(
      'Created a roster project in audiences:',
    );
    const project = join(app, 'audiences');
    expect(roster(project, 'check')).toContain('✓ 4 definitions checked, no problems');
    expect(roster(project, 'test')).toContain('1 passed, 0 failed');
    const now = ['--now', '2026-06-30T12:00:00Z'];
    expect(roster(project, 'plan', ...now)).toContain('Plan: 13 to enter, 0 to exit, 0 to update.');
    expect(roster(project, 'apply', ...now, '--auto-approve')).toContain('13 call(s) delivered');
    expect(readFileSync(join(project, 'out/calls.ndjson'), 'utf8').trim().split('\n')).toHaveLength(
      13,
    );
    expect(roster(project, 'docs', ...now)).toContain('(4 definitions, 1 run(s) of history)');
    expect(existsSync(join(project, 'target/docs/assets/vendor/cytoscape.min.js'))).toBe(true);
  }, 120_000);
});
