/**
 * An SQL trait runs as exactly one read-only statement (issue 11.2): a body
 * that closes the subquery roster wraps it in and appends statements of its
 * own must not write anything — not during `roster plan`, which promises never
 * to touch the applied state, and not during apply either.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/runtime/warehouses/postgres.js';
import { roster } from './apply/cli.js';
import { DAY1, DEFINITIONS, NOW1, PG_URL, scratchProject } from './apply/project.js';
import type { ScratchProject } from './apply/project.js';

/** A trait body that escapes `( … ) AS q` and bumps the state version. */
const escaping = (p: ScratchProject) => `
trait evil = account sql number """
select id, 1 as value from "${p.pgSchema}".accounts) as q;
UPDATE "${p.stateSchema}".meta SET value = '999' WHERE key = 'state_version';
select * from (select 'x' as id, 1 as value
"""
`;

describe('an SQL trait cannot run statements of its own (PostgreSQL)', () => {
  let p: ScratchProject;
  beforeEach(async () => {
    p = await scratchProject('postgres');
    await p.setData(DAY1);
    const first = await roster(p.root, 'apply', '--now', NOW1, '--auto-approve');
    expect(first.code, first.err).toBe(0);
  });
  afterEach(async () => {
    await p.dispose();
  });

  const stateVersion = async (): Promise<string> => {
    const db = await openPostgres({ url: PG_URL });
    try {
      const rows = await db.query(
        `select value from "${p.stateSchema}".meta where key = 'state_version'`,
      );
      return String(rows[0]?.value);
    } finally {
      await db.close();
    }
  };

  it('plan refuses the trait with a located error and the state is untouched', async () => {
    const before = await stateVersion();
    p.setDefinitions(DEFINITIONS + escaping(p));
    const plan = await roster(p.root, 'plan', '--now', NOW1);
    expect(await stateVersion()).toBe(before);
    expect(plan.code).not.toBe(0);
    expect(plan.err).toContain('main.roster:9:');
    expect(plan.err).toMatch(/SQL trait `evil`/);
    expect(plan.err).toMatch(/closes a parenthesis it did not open/);
  });
});
