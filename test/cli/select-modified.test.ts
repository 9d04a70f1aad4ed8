/**
 * `--select state:modified` selects every definition whose meaning changed,
 * transitively (issue 10.1): a new window or filter on a trait, or a new query
 * in a SQL trait, changes the audiences built on it and their syncs, though
 * their own text is the same. Plus dbt's graph operators `NAME+` / `+NAME`.
 * Expected members and calls worked out by hand from LANGUAGE.md §3–§7 on the
 * data below; run on DuckDB and PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { roster } from '../runtime/apply/cli.js';
import { DAY1, scratchProject } from '../runtime/apply/project.js';
import type { Data, ScratchProject } from '../runtime/apply/project.js';

const NOW = '2026-06-30T00:00:00Z';

const SCHEMA = `account:
  traits: { plan: string }
user:
  traits: { role: string }
events:
  Logged In:
    properties: { method: string }
`;

const LOGINS_7 = 'trait logins = account count "Logged In" within 7 days';
const LOGINS_14 = 'trait logins = account count "Logged In" within 14 days';
const SSO = 'trait sso = user count "Logged In" where method = "sso"';
const PASSWORD = 'trait sso = user count "Logged In" where method = "password"';
const MEMBERS = 'select m.account_id as id, count(*) as value from {{ memberships }} m group by 1';
const MEMBERS_PLUS_ONE =
  'select m.account_id as id, count(*) + 1 as value from {{ memberships }} m group by 1';

function definitions(logins: string, sso: string, members: string): string {
  return `${logins}
${sso}
trait members = account sql number """${members}"""
audience busy = account where logins >= 1
audience sso_users = user where sso >= 1
audience big = account where members >= 2
sync busy to audit with group
sync sso_users to audit with identify
sync big to audit with group
`;
}

/**
 * On 2026-06-30: a1 has logins on 06-29 (u1, sso) and 06-25 (u2, password),
 * a2 one on 06-20 (u3, sso: 10 days before now), a3 one on 06-29 (u4, password).
 * Members: a1 2, a2 1, a3 1.
 */
const DATA: Data = {
  // DAY1's accounts, users and memberships; only the logins differ.
  accounts: DAY1.accounts,
  users: DAY1.users,
  memberships: DAY1.memberships,
  tracks: [
    {
      user_id: 'u1',
      event: 'Logged In',
      timestamp: '2026-06-29T10:00:00Z',
      properties: { method: 'sso' },
    },
    {
      user_id: 'u2',
      event: 'Logged In',
      timestamp: '2026-06-25T10:00:00Z',
      properties: { method: 'password' },
    },
    {
      user_id: 'u3',
      event: 'Logged In',
      timestamp: '2026-06-20T10:00:00Z',
      properties: { method: 'sso' },
    },
    {
      user_id: 'u4',
      event: 'Logged In',
      timestamp: '2026-06-29T10:00:00Z',
      properties: { method: 'password' },
    },
  ],
};

interface JsonPlan {
  changes: Array<{ name: string; action: string; because?: string[] }>;
  definitions: Array<{ name: string }>;
  audiences: Array<{ name: string; entered: number; exited: number }>;
}

/** A call as `type id traits`, for comparison as a set. */
const summary = (call: Record<string, unknown>): string =>
  `${String(call.type)} ${String(call.groupId ?? call.userId)} ${JSON.stringify(call.traits)}`;

// Each test runs several real plans and applies: generous limits for shared CI machines.
const SLOW = { timeout: 300_000 };

describe.each(['duckdb', 'postgres'] as const)('state:modified on %s', SLOW, (engine) => {
  let p: ScratchProject;
  beforeEach(async () => {
    p = await scratchProject(engine, definitions(LOGINS_7, SSO, MEMBERS), SCHEMA);
    await p.setData(DATA);
    const first = await roster(p.root, 'apply', '--now', NOW, '--auto-approve');
    expect(first.code, first.err).toBe(0);
  }, 300_000);
  afterEach(async () => {
    await p.dispose();
  });

  const plan = async (...select: string[]): Promise<JsonPlan> => {
    const run = await roster(
      p.root,
      'plan',
      '--now',
      NOW,
      '--format',
      'json',
      ...select.flatMap((s) => ['--select', s]),
    );
    expect(run.code, run.err).toBe(0);
    return JSON.parse(run.out) as JsonPlan;
  };

  /** Applies `state:modified`; returns the calls it sent. */
  const applyModified = async (): Promise<string[]> => {
    const before = p.calls().length;
    const run = await roster(
      p.root,
      'apply',
      '--now',
      NOW,
      '--auto-approve',
      '--allow-mass-exit',
      '--select',
      'state:modified',
    );
    expect(run.code, run.err).toBe(0);
    return p.calls().slice(before).map(summary).sort();
  };

  /** After the narrow apply nothing is left: neither for state:modified nor for a full plan. */
  const expectNothingLeft = async (): Promise<void> => {
    expect((await plan('state:modified')).definitions).toEqual([]);
    const full = await roster(p.root, 'plan', '--now', NOW, '--detailed-exitcode');
    expect(full.code, full.out).toBe(0);
  };

  it('a trait with a new window: its audience and sync are planned and synced', async () => {
    p.setDefinitions(definitions(LOGINS_14, SSO, MEMBERS));
    const planned = await plan('state:modified');
    expect(planned.definitions.map((d) => d.name).sort()).toEqual(
      ['busy', 'busy->audit', 'logins'].sort(),
    );
    expect(planned.changes.map((c) => [c.name, c.action, c.because ?? []])).toEqual(
      expect.arrayContaining([
        ['logins', 'change', []],
        ['busy', 'change', ['logins']],
        ['busy->audit', 'change', ['busy']],
      ]),
    );
    // a2's login on 06-20 is inside 14 days: a2 enters.
    expect(planned.audiences).toEqual([expect.objectContaining({ name: 'busy', entered: 1 })]);
    expect(await applyModified()).toEqual(['group a2 {"busy":true}']);
    await expectNothingLeft();
  });

  it('a trait with a new filter: its audience and sync are planned and synced', async () => {
    p.setDefinitions(definitions(LOGINS_7, PASSWORD, MEMBERS));
    const planned = await plan('state:modified');
    expect(planned.definitions.map((d) => d.name).sort()).toEqual(
      ['sso', 'sso_users', 'sso_users->audit'].sort(),
    );
    // sso logins were u1 and u3; password logins are u2 and u4.
    expect(planned.audiences).toEqual([
      expect.objectContaining({ name: 'sso_users', entered: 2, exited: 2 }),
    ]);
    expect(await applyModified()).toEqual(
      [
        'identify u1 {"sso_users":false}',
        'identify u2 {"sso_users":true}',
        'identify u3 {"sso_users":false}',
        'identify u4 {"sso_users":true}',
      ].sort(),
    );
    await expectNothingLeft();
  });

  it('a SQL trait with a new query: its audience and sync are planned and synced', async () => {
    p.setDefinitions(definitions(LOGINS_7, SSO, MEMBERS_PLUS_ONE));
    const planned = await plan('state:modified');
    expect(planned.definitions.map((d) => d.name).sort()).toEqual(
      ['big', 'big->audit', 'members'].sort(),
    );
    // Members + 1: a1 3, a2 2, a3 2 — a2 and a3 reach 2.
    expect(await applyModified()).toEqual(['group a2 {"big":true}', 'group a3 {"big":true}']);
    await expectNothingLeft();
  });

  it('a trait applied on its own still leaves its readers modified', async () => {
    p.setDefinitions(definitions(LOGINS_14, SSO, MEMBERS));
    const narrow = await roster(
      p.root,
      'apply',
      '--now',
      NOW,
      '--auto-approve',
      '--select',
      'logins',
    );
    expect(narrow.code, narrow.err).toBe(0);
    const planned = await plan('state:modified');
    expect(planned.definitions.map((d) => d.name).sort()).toEqual(['busy', 'busy->audit']);
    const busy = await roster(p.root, 'plan', '--now', NOW, '--select', 'state:modified');
    expect(busy.out).toContain('~ audience busy (what it reads changed since it was applied)');
    expect(await applyModified()).toEqual(['group a2 {"busy":true}']);
    await expectNothingLeft();
  });

  it('graph operators: NAME+ adds what reads NAME, +NAME what NAME reads', async () => {
    const names = async (select: string): Promise<string[]> =>
      (await plan(select)).definitions.map((d) => d.name).sort();
    expect(await names('logins')).toEqual(['logins']);
    expect(await names('logins+')).toEqual(['busy', 'busy->audit', 'logins']);
    expect(await names('logins+1')).toEqual(['busy', 'busy->audit', 'logins']);
    expect(await names('+busy')).toEqual(['busy', 'busy->audit', 'logins']);
    expect(await names('+busy->audit')).toEqual(['busy', 'busy->audit', 'logins']);
    expect(await names('1+busy->audit')).toEqual(['busy', 'busy->audit']);
    const unknown = await roster(p.root, 'plan', '--now', NOW, '--select', 'logns+');
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('`--select logns+` matches no audience, trait or sync');
    expect(unknown.err).toContain('logins');
  });
});
