/**
 * A scratch project for plan/apply tests: roster.yaml, schema.yml and
 * definitions in a temp folder, with source data either as NDJSON files read
 * by an in-memory DuckDB target (state then lives in .roster/state.duckdb)
 * or as tables in a scratch PostgreSQL schema (state in its own scratch schema).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunApplyOptions } from '../../../src/runtime/apply/run-apply.js';
import { openPostgres } from '../../../src/runtime/warehouses/postgres.js';
import { sqlStage } from '../../../src/sql/index.js';

export const PG_URL = process.env.ROSTER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Data {
  accounts: Array<{ id: string; plan: string }>;
  users: Array<{ id: string; role: string }>;
  memberships: Array<{ user_id: string; account_id: string }>;
  tracks: Array<{
    user_id: string;
    event: string;
    timestamp: string;
    properties?: Record<string, unknown>;
  }>;
}

export const SCHEMA_YML = `account:
  traits: { plan: string }
user:
  traits: { role: string }
events:
  Logged In: {}
`;

export const DEFINITIONS = `audience active = account where any user did "Logged In" within 7 days
trait logins = account count "Logged In" within 7 days
audience admins = user where role = "Admin"
sync active to audit with group, identify, track
sync logins to audit with group
sync admins to audit with identify
`;

export interface ScratchProject {
  engine: 'duckdb' | 'postgres';
  root: string;
  /** PostgreSQL only: the scratch schemas of the sources and of roster's state. */
  pgSchema: string;
  stateSchema: string;
  setData(data: Data): Promise<void>;
  setDefinitions(text: string): void;
  /** Calls in the audit file, parsed (skipping lines a killed process left half-written). */
  calls(): Array<Record<string, unknown>>;
  dispose(): Promise<void>;
}

function roster(engine: 'duckdb' | 'postgres', pgSchema: string, stateSchema: string): string {
  const target =
    engine === 'duckdb'
      ? '{ dialect: duckdb }'
      : `{ dialect: postgres, url: "${PG_URL}", schema: ${pgSchema} }`;
  const sources =
    engine === 'duckdb'
      ? `sources:
  layout: json
  accounts: { table: data/accounts.ndjson }
  users: { table: data/users.ndjson }
  memberships: { table: data/memberships.ndjson }
  tracks: { table: data/tracks.ndjson }
  pages: false
  screens: false
`
      : `sources:
  layout: json
  schema: ${pgSchema}
  pages: false
  screens: false
`;
  return `name: scratch
schema: schema.yml
paths: [definitions]
target: dev
targets:
  dev: ${target}
destinations:
  audit: { type: file, path: out/calls.ndjson }
state: { schema: ${stateSchema} }
${sources}`;
}

/** Adds destinations (YAML lines under `destinations:`) to a scratch project's roster.yaml. */
export function addDestinations(project: ScratchProject, lines: string): void {
  const file = join(project.root, 'roster.yaml');
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace('destinations:\n', `destinations:\n${lines}`));
}

function ndjson(rows: readonly object[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

export async function scratchProject(
  engine: 'duckdb' | 'postgres',
  definitions = DEFINITIONS,
  schemaYml = SCHEMA_YML,
): Promise<ScratchProject> {
  const root = mkdtempSync(join(tmpdir(), 'roster-apply-'));
  const suffix = randomBytes(5).toString('hex');
  const pgSchema = `roster_src_${suffix}`;
  const stateSchema = `roster_state_${suffix}`;
  mkdirSync(join(root, 'definitions'));
  mkdirSync(join(root, 'data'));
  writeFileSync(join(root, 'roster.yaml'), roster(engine, pgSchema, stateSchema));
  writeFileSync(join(root, 'schema.yml'), schemaYml);
  writeFileSync(join(root, 'definitions', 'main.roster'), definitions);
  if (engine === 'postgres') {
    const admin = await openPostgres({ url: PG_URL });
    await admin.execute(`create schema "${pgSchema}"`);
    await admin.execute(`create table "${pgSchema}".accounts (id text, plan text)`);
    await admin.execute(`create table "${pgSchema}".users (id text, role text)`);
    await admin.execute(`create table "${pgSchema}".memberships (user_id text, account_id text)`);
    await admin.execute(
      `create table "${pgSchema}".tracks (message_id text, user_id text, event text, timestamp timestamptz, group_id text, properties jsonb)`,
    );
    await admin.close();
  }
  const file = join(root, 'out', 'calls.ndjson');
  return {
    engine,
    root,
    pgSchema,
    stateSchema,
    async setData(data) {
      const tracks = data.tracks.map((t, i) => ({
        message_id: `m${i}`,
        group_id: null,
        properties: {},
        ...t,
      }));
      if (engine === 'duckdb') {
        writeFileSync(join(root, 'data', 'accounts.ndjson'), ndjson(data.accounts));
        writeFileSync(join(root, 'data', 'users.ndjson'), ndjson(data.users));
        writeFileSync(join(root, 'data', 'memberships.ndjson'), ndjson(data.memberships));
        writeFileSync(join(root, 'data', 'tracks.ndjson'), ndjson(tracks));
        return;
      }
      const db = await openPostgres({ url: PG_URL });
      const q = (s: string | null): string =>
        s === null ? 'null' : `'${s.replaceAll("'", "''")}'`;
      const fill = async (
        table: string,
        columns: string[],
        rows: Array<Array<string | null>>,
      ): Promise<void> => {
        await db.execute(`delete from "${pgSchema}".${table}`);
        if (rows.length === 0) return;
        await db.execute(
          `insert into "${pgSchema}".${table} (${columns.join(', ')}) values ${rows.map((r) => `(${r.map(q).join(', ')})`).join(', ')}`,
        );
      };
      await fill(
        'accounts',
        ['id', 'plan'],
        data.accounts.map((a) => [a.id, a.plan]),
      );
      await fill(
        'users',
        ['id', 'role'],
        data.users.map((u) => [u.id, u.role]),
      );
      await fill(
        'memberships',
        ['user_id', 'account_id'],
        data.memberships.map((m) => [m.user_id, m.account_id]),
      );
      await fill(
        'tracks',
        ['message_id', 'user_id', 'event', 'timestamp', 'group_id', 'properties'],
        tracks.map((t) => [
          t.message_id,
          t.user_id,
          t.event,
          t.timestamp,
          null,
          JSON.stringify(t.properties),
        ]),
      );
      await db.close();
    },
    setDefinitions(text) {
      writeFileSync(join(root, 'definitions', 'main.roster'), text);
    },
    calls() {
      if (!existsSync(file)) return [];
      const out: Array<Record<string, unknown>> = [];
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        try {
          out.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // A line cut short by a SIGKILL: its call is resent whole later.
        }
      }
      return out;
    },
    async dispose() {
      if (engine === 'postgres') {
        const admin = await openPostgres({ url: PG_URL });
        await admin.execute(`drop schema if exists "${pgSchema}" cascade`);
        await admin.execute(`drop schema if exists "${stateSchema}" cascade`);
        await admin.close();
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Day 1 (now 2026-06-30): a1 and a2 active, a3's only login is too old; u1 and u4 are admins. */
export const DAY1: Data = {
  accounts: [
    { id: 'a1', plan: 'pro' },
    { id: 'a2', plan: 'free' },
    { id: 'a3', plan: 'pro' },
  ],
  users: [
    { id: 'u1', role: 'Admin' },
    { id: 'u2', role: 'Member' },
    { id: 'u3', role: 'Member' },
    { id: 'u4', role: 'Admin' },
  ],
  memberships: [
    { user_id: 'u1', account_id: 'a1' },
    { user_id: 'u2', account_id: 'a1' },
    { user_id: 'u3', account_id: 'a2' },
    { user_id: 'u4', account_id: 'a3' },
  ],
  tracks: [
    { user_id: 'u1', event: 'Logged In', timestamp: '2026-06-29T10:00:00Z' },
    { user_id: 'u3', event: 'Logged In', timestamp: '2026-06-28T10:00:00Z' },
    { user_id: 'u4', event: 'Logged In', timestamp: '2026-06-10T10:00:00Z' },
  ],
};
export const NOW1 = '2026-06-30T00:00:00Z';

/**
 * Day 2 (now 2026-07-03): u5 joins a1 (already active), u2 leaves a1, u4
 * logs in (a3 enters), u1 is no longer an admin.
 */
export const DAY2: Data = {
  accounts: DAY1.accounts,
  users: [
    { id: 'u1', role: 'Member' },
    { id: 'u2', role: 'Member' },
    { id: 'u3', role: 'Member' },
    { id: 'u4', role: 'Admin' },
    { id: 'u5', role: 'Member' },
  ],
  memberships: [
    { user_id: 'u1', account_id: 'a1' },
    { user_id: 'u5', account_id: 'a1' },
    { user_id: 'u3', account_id: 'a2' },
    { user_id: 'u4', account_id: 'a3' },
  ],
  tracks: [
    ...DAY1.tracks,
    { user_id: 'u4', event: 'Logged In', timestamp: '2026-07-02T10:00:00Z' },
  ],
};
export const NOW2 = '2026-07-03T00:00:00Z';

/** `n` accounts, all active and all with a logins value, and their users: about 4 calls per account. */
export function bigDay(n: number): Data {
  const accounts = Array.from({ length: n }, (_, i) => ({ id: `a${i}`, plan: 'pro' }));
  const users = accounts.map((a, i) => ({ id: `u${i}`, role: i % 2 === 0 ? 'Admin' : 'Member' }));
  return {
    accounts,
    users,
    memberships: users.map((u, i) => ({ user_id: u.id, account_id: `a${i}` })),
    tracks: users.map((u) => ({
      user_id: u.id,
      event: 'Logged In',
      timestamp: '2026-06-29T10:00:00Z',
    })),
  };
}

/** `runApply` options for an unattended apply of `root` at NOW1 that prints nothing. */
export function applyOptions(root: string, env: NodeJS.ProcessEnv = {}): RunApplyOptions {
  return {
    projectDir: root,
    sql: sqlStage,
    env: { ...process.env, NO_COLOR: '1', ...env },
    now: NOW1,
    autoApprove: true,
    allowMassExit: true,
    interactive: false,
    confirm: () => Promise.resolve(false),
    out: () => undefined,
    progress: () => undefined,
  };
}
