/**
 * `roster explain` through the CLI on the hand-checked data set of
 * test/explain/fixture.ts: the text and JSON renderings, escaping of control
 * characters in ids and values, and the errors users meet.
 */
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerExplain } from '../../src/cli/commands/index.js';
import { memoryIo } from '../../src/cli/io.js';
import { openPostgres } from '../../src/runtime/warehouses/postgres.js';
import { NOW, PG_URL, writeExplainProject } from '../explain/fixture.js';

let root = '';
let pgSchema = '';
let cleanup = async () => {};

beforeAll(async () => {
  ({ root, pgSchema, cleanup } = await writeExplainProject());
});
afterAll(() => cleanup());

async function explain(...args: string[]) {
  const io = memoryIo(root);
  const program = new Command().exitOverride();
  registerExplain(program, io);
  await program.parseAsync(['explain', ...args, '--now', NOW], { from: 'user' });
  return { out: io.out.join('\n'), err: io.err.join('\n'), code: io.exitCode };
}

describe('roster explain', () => {
  it('prints why an account is in, node by node, with the events behind a did', async () => {
    const { out, code } = await explain('engaged', 'a1');
    expect(code).toBe(0);
    expect(out.split('\n')).toEqual([
      'account a1 is IN audience `engaged` (now 2026-06-30T00:00:00.000Z)',
      '## Pro accounts with an admin who logs in.',
      '',
      '✓ all of',
      '  ✓ plan = "pro"  — plan is "pro"',
      '  ✓ any user  — 1 of 2 users satisfy it: u1; not: u2',
      '    for user u1:',
      '    ✓ all of',
      '      ✓ role = "Admin"  — role is "Admin"',
      '      ✓ did "Logged In" at least 2 times within 30 days  — 2 matching events',
      '          2026-06-20T10:00:00.000Z  message m1  user u1  "Logged In"',
      '          2026-06-25T10:00:00.000Z  message m2  user u1  "Logged In"',
    ]);
  });

  it('--target runs on another target of the project: the same hand-checked answer from PostgreSQL', async () => {
    const { out, code } = await explain('engaged', 'a1', '--target', 'pg', '--format', 'json');
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as {
      member: boolean;
      root: { children: Array<{ users?: { satisfied?: { ids: string[] } } }> };
    };
    expect(parsed.member).toBe(true);
    expect(parsed.root.children[1]?.users?.satisfied?.ids).toEqual(['u1']);
    const text = await explain('engaged', 'a2', '--target', 'pg');
    expect(text.code).toBe(0);
    expect(text.out.split('\n')[0]).toBe(
      'account a2 is NOT in audience `engaged` (now 2026-06-30T00:00:00.000Z)',
    );
  });

  it('--target reads that target, not the default one', async () => {
    // An account only PostgreSQL holds: explained with --target pg, unknown on the default DuckDB target.
    const pg = await openPostgres({ url: PG_URL });
    try {
      await pg.execute(`INSERT INTO "${pgSchema}".accounts (id) VALUES ('a_pg_only')`);
    } finally {
      await pg.close();
    }
    const onPg = await explain('engaged', 'a_pg_only', '--target', 'pg');
    expect(onPg.code).toBe(0);
    expect(onPg.out.split('\n')[0]).toBe(
      'account a_pg_only is NOT in audience `engaged` (now 2026-06-30T00:00:00.000Z)',
    );
    const onDefault = await explain('engaged', 'a_pg_only');
    expect(onDefault.code).toBe(1);
    expect(onDefault.err).toContain('there is no account `a_pg_only` in the accounts source');
  });

  it('--target naming no target of the project is an error', async () => {
    const { err, code } = await explain('engaged', 'a1', '--target', 'nope');
    expect(code).toBe(1);
    expect(err).toContain('error[config-unknown-target]: there is no target `nope` in ');
    expect(err).toContain('= help: defined targets: dev, pg');
  });

  it('prints the breakdown of an audience without an id', async () => {
    const { out, code } = await explain('reach');
    expect(code).toBe(0);
    expect(out).toContain('audience `reach` (account): 2 of 4 accounts');
    expect(out).toContain('  admins (user, 2 members): 2 of the 2 members have a user in it');
    expect(out).toContain('  engaged (account, 1 member): 1 of the 2 members are in it too');
  });

  it('--format json prints the explanation as data', async () => {
    const { out, code } = await explain('logins', 'u1', '--format', 'json');
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { kind: string; value: number; events: { total: number } };
    expect(parsed.kind).toBe('trait-value');
    expect(parsed.value).toBe(2);
    expect(parsed.events.total).toBe(2);
  });

  it('escapes control characters in ids instead of printing them', async () => {
    const { out, code } = await explain('engaged', 'a\u001b[2Jz');
    expect(code).toBe(0);
    expect(out).not.toContain('\u001b');
    expect(out.split('\n')[0]).toBe(
      'account a\\u001b[2Jz is NOT in audience `engaged` (now 2026-06-30T00:00:00.000Z)',
    );
    const missing = await explain('engaged', 'b\nforged line');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('there is no account `b\\nforged line` in the accounts source');
    expect(missing.err).not.toContain('b\nforged');
  });

  it('reports an unknown name with a suggestion, a bad --format and a bad --limit', async () => {
    const unknown = await explain('engagd', 'a1');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain(
      'error[explain-unknown-definition]: the project defines no audience or trait `engagd`',
    );
    expect(unknown.err).toContain('did you mean `engaged`?');
    const format = await explain('engaged', 'a1', '--format', 'yaml');
    expect(format.code).toBe(1);
    expect(format.err).toContain('--format must be one of text, json, not `yaml`');
    const limit = await explain('engaged', 'a1', '--limit', '0');
    expect(limit.code).toBe(1);
    expect(limit.err).toContain('--limit must be a whole number of at least 1, not `0`');
  });
});
