/**
 * The projects the diagnostics examples (code-examples.ts) run in: the
 * checker's (the schema test/check/fixtures.ts declares by hand, here as
 * schema.yml for the real loader) and a small one with data, for the
 * commands that read a warehouse (an in-memory DuckDB reading NDJSON files).
 */

export const CHECKER_SCHEMA_YML = `account:
  traits:
    name: string
    industry: { type: string, enum: [Software, Retail, Finance, Healthcare] }
    plan: string
    seats: number
    mrr: number
    created_at: timestamp
    tags: list
    is_trial: boolean
user:
  traits:
    email: string
    role: string
    title: string
    signed_up_at: timestamp
    beta: boolean
events:
  Logged In: {}
  Feature Used:
    properties: { feature: string, duration: number }
  NPS Submitted:
    properties: { score: number, comment: string }
  Order Completed:
    properties: { revenue: number, currency: string }
  Invite Sent:
    properties: { role: string }
`;

/** roster.yaml of the checker's project; `disabled` sources are turned off (`pages: false`). */
export function checkerRosterYaml(disabled: readonly string[] = []): string {
  const sources = disabled.length
    ? `sources:\n${disabled.map((s) => `  ${s}: false\n`).join('')}`
    : '';
  return `name: acme
paths: [audiences]
target: dev
targets:
  dev: { dialect: duckdb }
destinations:
  zendesk: { type: segment, write_key: abc123 }
  audit: { type: file, path: out/calls.ndjson }
${sources}`;
}

export function CHECKER_PROJECT(disabled: readonly string[] = []): Record<string, string> {
  return { 'roster.yaml': checkerRosterYaml(disabled), 'schema.yml': CHECKER_SCHEMA_YML };
}

/** The checker's project with `program` in audiences/a.roster. */
export function program(text: string): Record<string, string> {
  return { ...CHECKER_PROJECT(), 'audiences/a.roster': text.endsWith('\n') ? text : `${text}\n` };
}

const ndjson = (rows: readonly object[]): string =>
  rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

export const DATA_ROSTER_YAML = `name: acme
paths: [audiences]
target: dev
targets:
  dev: { dialect: duckdb }
destinations:
  audit: { type: file, path: out/calls.ndjson }
sources:
  layout: json
  accounts: { table: data/accounts.ndjson }
  users: { table: data/users.ndjson }
  memberships: { table: data/memberships.ndjson }
  tracks: { table: data/tracks.ndjson }
  pages: false
  screens: false
`;

export const DATA_SCHEMA_YML = `account:
  traits: { plan: string, seats: number }
user:
  traits: { role: string }
events:
  Logged In: {}
`;

export const DATA_DEFINITIONS = `audience pro = account where plan = "pro"
audience admins = user where role = "Admin"
trait logins = user count "Logged In" within 7 days
sync pro to audit with group
sync admins to audit with identify
sync logins to audit with identify
`;

export const NOW = '2026-06-30T00:00:00Z';

export const DATA = {
  accounts: [
    { id: 'a1', plan: 'pro', seats: 10 },
    { id: 'a2', plan: 'pro', seats: 3 },
    { id: 'a3', plan: 'free', seats: 1 },
  ],
  users: [
    { id: 'u1', role: 'Admin' },
    { id: 'u2', role: 'Admin' },
    { id: 'u3', role: 'Member' },
  ],
  memberships: [
    { user_id: 'u1', account_id: 'a1' },
    { user_id: 'u2', account_id: 'a2' },
    { user_id: 'u3', account_id: 'a3' },
  ],
  tracks: [
    {
      message_id: 'm1',
      user_id: 'u1',
      event: 'Logged In',
      timestamp: '2026-06-29T10:00:00Z',
      group_id: null,
      properties: {},
    },
  ],
};

/** The data files of a project with DATA_ROSTER_YAML's sources. */
export function dataFiles(data: typeof DATA = DATA): Record<string, string> {
  return {
    'data/accounts.ndjson': ndjson(data.accounts),
    'data/users.ndjson': ndjson(data.users),
    'data/memberships.ndjson': ndjson(data.memberships),
    'data/tracks.ndjson': ndjson(data.tracks),
  };
}

/** A project with data that plans and applies cleanly; `replace` overrides any of its files. */
export function dataProject(replace: Record<string, string> = {}): Record<string, string> {
  return {
    'roster.yaml': DATA_ROSTER_YAML,
    'schema.yml': DATA_SCHEMA_YML,
    'audiences/a.roster': DATA_DEFINITIONS,
    ...dataFiles(),
    ...replace,
  };
}

/** The id of a run roster started: new on every run, so masked where an example shows it. */
export const RUN_ID: [RegExp, string] = [/r\d{8}t\d{6}_[0-9a-f]{6}/g, 'r20260630t120000_0f1e2d'];
