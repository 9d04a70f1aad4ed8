/** Small throw-away roster projects for runner and CLI tests. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PG_URL } from '../runtime/engines.js';

export const ROSTER_YAML = `name: tiny
schema: schema.yml
paths: [audiences]
target: dev
targets:
  dev: { dialect: duckdb }
  pg: { dialect: postgres, url: "${PG_URL}" }
  sf: { dialect: snowflake }
`;

export const SCHEMA_YML = `account:
  traits: { plan: string, seats: number }
user:
  traits: { role: string }
events:
  Logged In: {}
`;

/** Project definitions: one audience and one computed trait. */
export const DEFINITIONS = `audience pro_accounts = account where plan = "pro"
trait logins = user count "Logged In"
`;

const DATA = `data:
  accounts:
    - { id: a1, plan: pro }
    - { id: a2, plan: free }
    - { id: a3, plan: pro }
  users:
    - { id: u1 }
    - { id: u2 }
  tracks:
    - { user: u1, event: Logged In, at: "2026-06-20T10:00:00Z", properties: {} }
    - { user: u1, event: Logged In, at: "2026-06-21T10:00:00Z", properties: {} }
`;

/** Expectations that hold for DEFINITIONS on DATA (checked by hand: a1/a3 are pro; u1 logged in twice). */
export const PASSING_TEST = `now: "2026-06-30T00:00:00Z"
${DATA}expect:
  audiences:
    pro_accounts: [a3, a1]
  traits:
    logins: { u1: 2, u2: 0 }
`;

/** Wrong on purpose: a2 is not pro, a3 is; u1 has 2 logins, u2 has 0 (so it is not missing). */
export const FAILING_TEST = `now: "2026-06-30T00:00:00Z"
${DATA}expect:
  audiences:
    pro_accounts: [a1, a2]
  traits:
    logins: { u1: 3 }
`;

export function writeProject(files: Record<string, string>): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'roster-test-'));
  const all: Record<string, string> = {
    'roster.yaml': ROSTER_YAML,
    'schema.yml': SCHEMA_YML,
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
