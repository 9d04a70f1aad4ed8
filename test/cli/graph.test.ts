import { describe, expect, it } from 'vitest';
import { makeProject, run } from './check-fixture.js';

const PROJECT = {
  'audiences/a.roster': [
    'trait logins = account count "Logged In"',
    'audience busy = account where logins > 3 and plan = "pro"',
    'audience busy_users = user where account in busy',
    'sync busy to zendesk with group',
  ].join('\n'),
};

describe('roster graph', () => {
  it('prints a deterministic Mermaid flowchart from dependencies to dependents', async () => {
    const root = makeProject(PROJECT);
    const r = await run(root, 'graph');
    expect(r.exitCode).toBe(0);
    expect(r.out).toBe(
      [
        'flowchart LR',
        '  trait_3a_logins(["logins (account trait)"])',
        '  audience_3a_busy["busy (account audience)"]',
        '  audience_3a_busy_users["busy_users (user audience)"]',
        '  sync_3a_busy_2d__3e_zendesk[/"sync busy → zendesk"/]',
        '  audience_3a_busy --> audience_3a_busy_users',
        '  audience_3a_busy --> sync_3a_busy_2d__3e_zendesk',
        '  trait_3a_logins --> audience_3a_busy',
        '',
      ].join('\n'),
    );
    expect((await run(root, 'graph')).out).toBe(r.out);
  });

  it('prints DOT, optionally with the schema traits audiences read', async () => {
    const r = await run(makeProject(PROJECT), 'graph', '--format', 'dot', '--custom-traits');
    expect(r.exitCode).toBe(0);
    const lines = r.out.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'digraph roster {',
      '  rankdir=LR;',
      '  "custom:account.plan" [label="plan (account schema trait)", shape=hexagon];',
    ]);
    expect(lines).toContain('  "custom:account.plan" -> "audience:busy";');
    expect(lines).toContain('  "trait:logins" -> "audience:busy";');
    expect(lines).toContain('  "audience:busy" -> "sync:busy->zendesk";');
    expect(lines.at(-2)).toBe('}');
  });

  it('refuses a project with errors and exits 1', async () => {
    const r = await run(
      makeProject({ 'audiences/a.roster': 'audience a = user where in nope' }),
      'graph',
    );
    expect(r.exitCode).toBe(1);
    expect(r.err).toContain('error[name-unknown-audience]');
  });
});
