/**
 * `roster init`: the scaffold passes check, test, plan and apply as written,
 * from a clean folder, and init never overwrites a file. The expected members
 * are worked out by hand from the sample data in src/init/scaffold.ts: with
 * fewer than 5 logins in 30 days, Globex (1 + 1), Umbrella (none: every
 * login is older) and Wayne (4) are at risk; Acme (11) and Stark (9) are not;
 * Hooli is free. Initech is the one trial where two users viewed reports.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { roster } from '../runtime/apply/cli.js';

const NOW = '2026-06-30T12:00:00Z';

describe('roster init', () => {
  it('scaffolds a project that passes check, test, plan and apply at once', async () => {
    const root = mkdtempSync(join(tmpdir(), 'roster-init-'));
    const init = await roster(root, 'init', 'acme-audiences', '--now', NOW);
    expect(init.code, init.err).toBe(0);
    expect(init.out).toContain('Created a roster project in acme-audiences:');
    const dir = join(root, 'acme-audiences');
    expect(readdirSync(dir).sort()).toEqual(
      [
        '.github',
        '.gitignore',
        'README.md',
        'data',
        'definitions',
        'package.json',
        'roster.yaml',
        'schema.yml',
        'tests',
      ].sort(),
    );
    expect(readFileSync(join(dir, 'roster.yaml'), 'utf8')).toContain('name: acme_audiences');
    expect(readFileSync(join(dir, '.github/workflows/roster.yml'), 'utf8')).toBe(
      readFileSync('examples/ci/github/roster.yml', 'utf8'),
    );

    const check = await roster(dir, 'check');
    expect(check.code, check.err).toBe(0);
    expect(check.out).toContain('✓ 4 definitions checked, no problems');

    const test = await roster(dir, 'test');
    expect(test.code, test.out + test.err).toBe(0);
    expect(test.out).toContain('1 passed, 0 failed');

    const preview = await roster(dir, 'preview', 'at_risk', '--now', NOW);
    expect(preview.code, preview.err).toBe(0);
    expect(preview.out).toContain('3 members');
    for (const id of ['acc_globex', 'acc_umbrella', 'acc_wayne']) expect(preview.out).toContain(id);

    const plan = await roster(dir, 'plan', '--now', NOW);
    expect(plan.code, plan.err).toBe(0);
    // 3 accounts (group) + their 5 users (identify, track).
    expect(plan.out).toContain('backfill of 13 call(s)');
    expect(plan.out).toMatch(/engaged_trials \(account\)\s+1 members/);

    const apply = await roster(dir, 'apply', '--now', NOW, '--auto-approve');
    expect(apply.code, apply.err).toBe(0);
    const calls = readFileSync(join(dir, 'out/calls.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; groupId?: string; userId?: string });
    expect(calls.filter((c) => c.type === 'group').map((c) => c.groupId)).toEqual(
      expect.arrayContaining(['acc_globex', 'acc_umbrella', 'acc_wayne']),
    );
    expect(calls).toHaveLength(13);
    const again = await roster(dir, 'plan', '--now', NOW);
    expect(again.out).toContain('No changes.');
  });

  it('refuses to overwrite existing files, lists them and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-init-'));
    writeFileSync(join(dir, 'roster.yaml'), 'name: mine\n');
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'users.csv'), 'id\n');
    const init = await roster(dir, 'init');
    expect(init.code).toBe(1);
    expect(init.err).toBe(
      [
        'error[init-file-exists]: roster init would overwrite 2 file(s) in .:',
        '  roster.yaml',
        '  data/users.csv',
        '  = help: run it in an empty folder (`roster init my-audiences`), or move these files away first; nothing was written',
      ].join('\n'),
    );
    expect(readdirSync(dir).sort()).toEqual(['data', 'roster.yaml']);
    expect(readFileSync(join(dir, 'roster.yaml'), 'utf8')).toBe('name: mine\n');
  });

  it('keeps the package.json roster was installed into, and the repository’s .gitignore and README', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-init-'));
    writeFileSync(join(dir, 'package.json'), '{ "name": "mine" }\n');
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\n');
    const init = await roster(dir, 'init', '--now', NOW);
    expect(init.code, init.err).toBe(0);
    expect(init.out).toContain('  package.json (already there: kept as it is)');
    expect(init.out).toContain('  .gitignore (already there: kept as it is)');
    expect(init.out).toContain('  README.md\n');
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe('{ "name": "mine" }\n');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n');
    expect((await roster(dir, 'check')).code).toBe(0);
  });

  it('rejects a --now that is not an instant', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-init-'));
    const init = await roster(dir, 'init', '--now', 'yesterday');
    expect(init.code).toBe(1);
    expect(init.err).toContain(
      'error[cli-invalid-now]: `--now yesterday` is not an ISO-8601 instant',
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
