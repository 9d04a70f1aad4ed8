/**
 * A project whose definitions are a chain of audience references (issue
 * 11.9): `a1 = account where plan = "pro"`, `a2 = … in a1 …`, … `aN`.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `a1 = account where plan = "pro"`, then each `aI` reads `aI-1`. */
export function chainDefinitions(n: number): string {
  const lines = ['audience a1 = account where plan = "pro"'];
  for (let i = 2; i <= n; i++)
    lines.push(`audience a${i} = account where in a${i - 1} and plan != "x${i}"`);
  return `${lines.join('\n')}\n`;
}

/** A DuckDB project in a temp folder whose definitions are a chain of `n` audiences. */
export function chainProject(n: number): string {
  const root = mkdtempSync(join(tmpdir(), `roster-chain-${n}-`));
  mkdirSync(join(root, 'definitions'));
  mkdirSync(join(root, 'data'));
  writeFileSync(
    join(root, 'roster.yaml'),
    `name: chain
schema: schema.yml
paths: [definitions]
target: dev
targets:
  dev: { dialect: duckdb }
state: { schema: roster_state }
sources:
  layout: json
  accounts: { table: data/accounts.ndjson }
  users: { table: data/users.ndjson }
  memberships: { table: data/memberships.ndjson }
  tracks: { table: data/tracks.ndjson }
  pages: false
  screens: false
`,
  );
  writeFileSync(
    join(root, 'schema.yml'),
    'account:\n  traits: { plan: string }\nuser:\n  traits: { role: string }\nevents:\n  Logged In: {}\n',
  );
  writeFileSync(join(root, 'definitions', 'chain.roster'), chainDefinitions(n));
  const ndjson = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  // acc1 is on pro and in every audience; acc2 (free) is in none.
  writeFileSync(
    join(root, 'data', 'accounts.ndjson'),
    ndjson([
      { id: 'acc1', plan: 'pro' },
      { id: 'acc2', plan: 'free' },
    ]),
  );
  writeFileSync(join(root, 'data', 'users.ndjson'), ndjson([{ id: 'u1', role: 'Admin' }]));
  writeFileSync(
    join(root, 'data', 'memberships.ndjson'),
    ndjson([{ user_id: 'u1', account_id: 'acc1' }]),
  );
  writeFileSync(
    join(root, 'data', 'tracks.ndjson'),
    ndjson([{ user_id: 'u1', event: 'Logged In', timestamp: '2026-06-01T00:00:00Z' }]),
  );
  return root;
}

/** How often `needle` occurs in `text`. */
export const occurrences = (text: string, needle: string): number => text.split(needle).length - 1;
