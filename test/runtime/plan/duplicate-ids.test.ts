/**
 * Ids with several rows in `users` or `accounts` (issue 11.11): staging keeps
 * one row per id and which one is arbitrary, so plan names the table, the
 * ids and their row counts. Counts below are read off the data by hand.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { roster } from '../apply/cli.js';
import { DAY1, NOW1, scratchProject } from '../apply/project.js';
import type { ScratchProject } from '../apply/project.js';

describe.each(['duckdb', 'postgres'] as const)('duplicate ids on %s', (engine) => {
  let p: ScratchProject;
  beforeEach(async () => {
    p = await scratchProject(engine);
  });
  afterEach(async () => {
    await p.dispose();
  });

  /** The table as resolved from roster.yaml: the file's path, or the schema-qualified name. */
  const table = (name: string): string =>
    engine === 'duckdb' ? join(p.root, 'data', `${name}.ndjson`) : `${p.pgSchema}.${name}`;

  it('plan warns, naming the table, each id and its row count', async () => {
    await p.setData({
      ...DAY1,
      accounts: [
        ...DAY1.accounts,
        { id: 'a1', plan: 'free' },
        { id: 'a1', plan: 'pro' },
        { id: 'a3', plan: 'free' },
      ],
      users: [...DAY1.users, { id: 'u4', role: 'Member' }],
    });
    const plan = await roster(p.root, 'plan', '--now', NOW1);
    expect(plan.code, plan.err).toBe(0);
    expect(plan.out).toContain(
      `warning: source \`users\` (table \`${table('users')}\`) has 1 id(s) with more than one row: \`u4\` 2 rows; one row per id is used, and which one is arbitrary`,
    );
    expect(plan.out).toContain(
      `warning: source \`accounts\` (table \`${table('accounts')}\`) has 2 id(s) with more than one row: \`a1\` 3 rows, \`a3\` 2 rows; one row per id is used, and which one is arbitrary`,
    );
    const json = await roster(p.root, 'plan', '--now', NOW1, '--format', 'json');
    const warnings = (JSON.parse(json.out) as { warnings: string[] }).warnings;
    expect(warnings.filter((w) => w.includes('more than one row'))).toHaveLength(2);
  });

  it('names the five ids with the most rows and counts the rest', async () => {
    const ids = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'];
    await p.setData({
      ...DAY1,
      // a7 three times, the others twice.
      accounts: [...ids, ...ids, 'a7'].map((id) => ({ id, plan: 'pro' })),
    });
    const plan = await roster(p.root, 'plan', '--now', NOW1);
    expect(plan.code, plan.err).toBe(0);
    expect(plan.out).toContain(
      'has 7 id(s) with more than one row: `a7` 3 rows, `a1` 2 rows, `a2` 2 rows, `a3` 2 rows, `a4` 2 rows and 2 more id(s);',
    );
  });

  it('says nothing when every id is unique', async () => {
    await p.setData(DAY1);
    const plan = await roster(p.root, 'plan', '--now', NOW1);
    expect(plan.code, plan.err).toBe(0);
    expect(plan.out).not.toContain('more than one row');
  });
});
