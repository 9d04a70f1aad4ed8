import { describe, expect, it } from 'vitest';
import { escapeGithubData, escapeGithubProperty } from '../../src/cli/commands/check.js';
import { makeProject, run } from './check-fixture.js';

const CLEAN = {
  'audiences/a.roster':
    'trait logins = account count "Logged In"\naudience busy = account where logins > 3\n',
};
const BROKEN = {
  'audiences/a.roster':
    'audience pro = account where plam = "pro"\naudience big = account where seats > "10"\n',
  'audiences/b.roster': 'trait unused = user count "Logged In"\n',
};
const WARN_ONLY = { 'audiences/a.roster': 'trait unused = user count "Logged In"\n' };

describe('roster check', () => {
  it('exits 0 on a clean project with a summary line', async () => {
    const r = await run(makeProject(CLEAN), 'check');
    expect(r.exitCode).toBe(0);
    expect(r.out).toBe('✓ 2 definitions checked, no problems');
  });

  it('--project is resolved against the working directory', async () => {
    const root = makeProject(CLEAN);
    const r = await run('/', 'check', '--project', root);
    expect(r.exitCode).toBe(0);
  });

  it('renders errors with file:line:col, source line and help, and exits 1', async () => {
    const root = makeProject(BROKEN);
    const r = await run(root, 'check');
    expect(r.exitCode).toBe(1);
    expect(r.out).toContain(
      'audiences/a.roster:1:30: error[name-unknown-trait]: unknown trait `plam`: no account trait has this name',
    );
    expect(r.out).toContain('1 | audience pro = account where plam = "pro"');
    expect(r.out).toContain('= help: did you mean `plan`?');
    expect(r.out).toContain('audiences/a.roster:2:38: error[type-literal-mismatch]');
    expect(r.out).toContain('audiences/b.roster:1:7: warning[check-unused-definition]');
    expect(r.out.split('\n').at(-1)).toBe('2 errors, 1 warning in 2 files');
  });

  it('fails on warnings only with --strict', async () => {
    const root = makeProject(WARN_ONLY);
    expect((await run(root, 'check')).exitCode).toBe(0);
    const strict = await run(root, 'check', '--strict');
    expect(strict.exitCode).toBe(1);
    expect(strict.out.split('\n').at(-1)).toBe('0 errors, 1 warning in 1 file');
  });

  it('includes errors in test-file programs, at their place in the .test.yml', async () => {
    const root = makeProject({
      ...CLEAN,
      'audiences/x.test.yml':
        'now: "2026-06-30T00:00:00Z"\nprogram: |\n  audience x = account where sets > 1\nexpect:\n  audiences: { x: [] }\n',
    });
    const r = await run(root, 'check', '--format', 'json');
    expect(r.exitCode).toBe(1);
    const json = JSON.parse(r.out);
    expect(json.diagnostics).toHaveLength(1);
    expect(json.diagnostics[0]).toMatchObject({
      code: 'name-unknown-trait',
      file: 'audiences/x.test.yml',
      range: { start: { line: 3, column: 30 }, end: { line: 3, column: 34 } },
      hints: ['did you mean `seats`?'],
    });
  });

  it('includes roster.yaml problems from the loader', async () => {
    const root = makeProject({
      ...CLEAN,
      'roster.yaml':
        'name: demo\nschema: schema.yml\npaths: [audiences]\ntarget: nope\ntargets: {}\n',
    });
    const r = await run(root, 'check', '--format', 'json');
    expect(r.exitCode).toBe(1);
    const json = JSON.parse(r.out);
    expect(json.diagnostics.length).toBeGreaterThan(0);
    expect(
      json.diagnostics.every(
        (d: { file: string | null }) => d.file === 'roster.yaml' || d.file === null,
      ),
    ).toBe(true);
  });

  it('--format json is versioned with diagnostics and a summary (docs/check-json-format.md)', async () => {
    const root = makeProject(BROKEN);
    const r = await run(root, 'check', '--format', 'json');
    expect(r.exitCode).toBe(1);
    const json = JSON.parse(r.out);
    expect(json.version).toBe(1);
    expect(json.summary).toEqual({
      errors: 2,
      warnings: 1,
      infos: 0,
      files: 4,
      filesWithProblems: 2,
      definitions: 3,
    });
    expect(json.diagnostics[0]).toEqual({
      code: 'name-unknown-trait',
      severity: 'error',
      message: 'unknown trait `plam`: no account trait has this name',
      file: 'audiences/a.roster',
      range: {
        start: { line: 1, column: 30, offset: 29 },
        end: { line: 1, column: 34, offset: 33 },
      },
      hints: ['did you mean `plan`?'],
      related: [],
    });
  });

  it('--format github emits workflow commands with escaping', async () => {
    const root = makeProject(BROKEN);
    const r = await run(root, 'check', '--format', 'github');
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(
      '::error file=audiences/a.roster,line=1,col=30,endLine=1,endColumn=34,title=roster name-unknown-trait::unknown trait `plam`: no account trait has this name%0Ahelp: did you mean `plan`?',
    );
    expect(lines[2]).toMatch(/^::warning file=audiences\/b.roster,line=1,col=7,/);
    expect(r.exitCode).toBe(1);
  });

  it('escapes GitHub data and properties as GitHub documents', () => {
    expect(escapeGithubData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeGithubProperty('dir,x/a:b.roster\n%')).toBe('dir%2Cx/a%3Ab.roster%0A%25');
  });

  it('--format sarif is SARIF 2.1.0 with rules from the code table', async () => {
    const root = makeProject(BROKEN);
    const r = await run(root, 'check', '--format', 'sarif');
    const sarif = JSON.parse(r.out);
    expect(sarif.version).toBe('2.1.0');
    const run0 = sarif.runs[0];
    expect(run0.tool.driver.name).toBe('roster');
    expect(run0.tool.driver.version).toBe('9.9.9');
    const ids = run0.tool.driver.rules.map((x: { id: string }) => x.id);
    expect(ids).toContain('name-unknown-trait');
    expect(ids).toContain('check-never-matches');
    expect(run0.results).toHaveLength(3);
    const first = run0.results[0];
    expect(first).toMatchObject({
      ruleId: 'name-unknown-trait',
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'audiences/a.roster' },
            region: { startLine: 1, startColumn: 30, endLine: 1, endColumn: 34 },
          },
        },
      ],
    });
    expect(run0.tool.driver.rules[first.ruleIndex].id).toBe('name-unknown-trait');
    expect(run0.results[2]).toMatchObject({ ruleId: 'check-unused-definition', level: 'warning' });
  });

  it('rejects an unknown format with exit 2', async () => {
    const r = await run(makeProject(CLEAN), 'check', '--format', 'xml');
    expect(r.exitCode).toBe(2);
    expect(r.err).toContain('unknown format `xml`');
  });
});
