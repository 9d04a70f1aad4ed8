/**
 * A small project and data set for explain, with every value the tests
 * assert worked out by hand in the comments below (now = 2026-06-30T00:00:00Z,
 * so `within 30 days` is 2026-05-31T00:00:00Z < t <= now).
 *
 *   accounts: a1 (pro, 10 seats; users u1 Admin, u2 Member)
 *             a2 (free, 3 seats; user u3 Admin)
 *             a3 (pro; no users)
 *             "a<ESC>[2Jz" (no traits, no users: an id with a control character)
 *   users:    u4 (no role, no account)
 *   Logged In: u1 m1 06-20, m2 06-25, m3 05-01 (outside 30 days), m9 07-01 (after now)
 *              u2 m4 06-29; u3 m5 06-10, m6 06-11
 *   Feature Used: u1 m7 06-01 "export", m8 06-02 "import"
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SourceFile } from '../../src/diagnostics/source.js';
import { loadProject } from '../../src/project/load-project.js';
import { loadTestFile } from '../../src/project/test-file.js';
import { openDuckDb } from '../../src/runtime/warehouses/duckdb.js';
import { openPostgres } from '../../src/runtime/warehouses/postgres.js';
import { duckdb } from '../../src/sql/dialects/duckdb.js';
import { postgres } from '../../src/sql/dialects/postgres.js';
import { loadFixtures } from '../../src/testing/load-fixtures.js';
import { writeProject } from '../testing/temp-project.js';

export const NOW = '2026-06-30T00:00:00Z';

export const SCHEMA = `account:
  traits: { plan: string, seats: number }
user:
  traits: { role: string }
events:
  Logged In: {}
  Feature Used: { properties: { feature: string } }
`;

export const DEFINITIONS = `audience admins = user where role = "Admin"
## Pro accounts with an admin who logs in.
audience engaged = account where plan = "pro" and any user (role = "Admin" and did "Logged In" at least 2 times within 30 days)
audience all_active = account where all users did "Logged In" within 30 days
audience all_admins = account where all users role = "Admin"
audience reach = account where in engaged or seats > 5 or any user in admins
audience from_pro = user where account.plan = "pro"
trait logins = user count "Logged In" within 30 days
audience frequent = user where logins >= 2
trait last_feature = user last "Feature Used".feature
trait account_logins = account count "Logged In"
`;

const DATA = `now: "${NOW}"
data:
  accounts:
    - { id: a1, plan: pro, seats: 10 }
    - { id: a2, plan: free, seats: 3 }
    - { id: a3, plan: pro }
    - { id: "a\\e[2Jz" }
  users:
    - { id: u1, role: Admin }
    - { id: u2, role: Member }
    - { id: u3, role: Admin }
    - { id: u4 }
  memberships:
    - { user: u1, account: a1 }
    - { user: u2, account: a1 }
    - { user: u3, account: a2 }
  tracks:
    - { user: u1, event: Logged In, at: "2026-06-20T10:00:00Z", message_id: m1, properties: {} }
    - { user: u1, event: Logged In, at: "2026-06-25T10:00:00Z", message_id: m2, properties: {} }
    - { user: u1, event: Logged In, at: "2026-05-01T10:00:00Z", message_id: m3, properties: {} }
    - { user: u2, event: Logged In, at: "2026-06-29T00:00:00Z", message_id: m4, properties: {} }
    - { user: u3, event: Logged In, at: "2026-06-10T00:00:00Z", message_id: m5, properties: {} }
    - { user: u3, event: Logged In, at: "2026-06-11T00:00:00Z", message_id: m6, properties: {} }
    - { user: u1, event: Feature Used, at: "2026-06-01T00:00:00Z", message_id: m7, properties: { feature: export } }
    - { user: u1, event: Feature Used, at: "2026-06-02T00:00:00Z", message_id: m8, properties: { feature: import } }
    - { user: u1, event: Logged In, at: "2026-07-01T00:00:00Z", message_id: m9, properties: {} }
expect:
  audiences: { engaged: [a1] }
`;

export const PG_URL = process.env.ROSTER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The targets of the fixture project, each holding the same data set. */
export const ENGINES = ['dev', 'pg'] as const;

/**
 * Writes the project with two targets holding the data set: `dev`, a DuckDB
 * file (the default), and `pg`, a scratch schema on PostgreSQL (first on the
 * search_path) that `cleanup` drops.
 */
export async function writeExplainProject(): Promise<{
  root: string;
  /** The scratch schema of the `pg` target. */
  pgSchema: string;
  cleanup: () => Promise<void>;
}> {
  const pgSchema = `roster_explain_${randomBytes(5).toString('hex')}`;
  const project = writeProject({
    'roster.yaml': `name: explained
schema: schema.yml
paths: [audiences]
target: dev
targets:
  dev: { dialect: duckdb, path: warehouse.duckdb }
  pg: { dialect: postgres, url: "${PG_URL}", schema: ${pgSchema} }
`,
    'schema.yml': SCHEMA,
    'audiences/defs.roster': DEFINITIONS,
  });
  const loaded = await loadProject(project.root);
  const schema = loaded.project!.schema;
  const loaded2 = loadTestFile(new SourceFile('data.test.yml', DATA), { schema });
  const testCase = loaded2.testCase;
  if (!testCase)
    throw new Error(
      `the explain fixture data does not load: ${JSON.stringify(loaded2.diagnostics)}`,
    );
  const warehouse = await openDuckDb({ path: join(project.root, 'warehouse.duckdb') });
  try {
    await loadFixtures(warehouse, duckdb, schema, testCase.data);
  } finally {
    await warehouse.close();
  }
  const pg = await openPostgres({ url: PG_URL });
  try {
    await pg.execute(`CREATE SCHEMA ${postgres.quoteIdentifier(pgSchema)}`);
    await loadFixtures(pg, postgres, schema, testCase.data, pgSchema);
  } finally {
    await pg.close();
  }
  return {
    root: project.root,
    pgSchema,
    async cleanup() {
      project.cleanup();
      const admin = await openPostgres({ url: PG_URL });
      try {
        await admin.execute(`DROP SCHEMA IF EXISTS ${postgres.quoteIdentifier(pgSchema)} CASCADE`);
      } finally {
        await admin.close();
      }
    },
  };
}
