import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPreview } from '../../src/cli/commands/index.js';
import { memoryIo } from '../../src/cli/io.js';
import { SourceFile } from '../../src/diagnostics/source.js';
import { loadProject } from '../../src/project/load-project.js';
import { loadTestFile } from '../../src/project/test-file.js';
import { openDuckDb } from '../../src/runtime/warehouses/duckdb.js';
import { duckdb } from '../../src/sql/dialects/duckdb.js';
import { loadFixtures } from '../../src/testing/load-fixtures.js';
import { DEFINITIONS, SCHEMA_YML, writeProject } from '../testing/temp-project.js';

const DATA = `now: "2026-06-30T00:00:00Z"
data:
  accounts:
    - { id: a1, plan: pro, seats: 10 }
    - { id: a2, plan: free, seats: 3 }
    - { id: a3, plan: pro }
  users:
    - { id: u1 }
    - { id: u2 }
    - { id: u3 }
  tracks:
    - { user: u1, event: Logged In, at: "2026-06-20T10:00:00Z", properties: {} }
    - { user: u1, event: Logged In, at: "2026-06-21T10:00:00Z", properties: {} }
    - { user: u2, event: Logged In, at: "2026-06-22T10:00:00Z", properties: {} }
    - { user: u2, event: Logged In, at: "2026-07-22T10:00:00Z", properties: {} }
expect:
  audiences: { pro_accounts: [a1, a3] }
`;

const PLAN_SQL = `trait plan_sql = account sql string """
  select id, plan as value from {{ accounts }} where plan is not null
"""
`;

let root = '';
let cleanup = () => {};

beforeAll(async () => {
  ({ root, cleanup } = writeProject({
    'roster.yaml': `name: tiny
schema: schema.yml
paths: [audiences]
target: file
targets:
  file: { dialect: duckdb, path: warehouse.duckdb }
`,
    'schema.yml': SCHEMA_YML,
    'audiences/defs.roster': DEFINITIONS + PLAN_SQL,
  }));
  // The target's database: the json-layout tables filled from a test-file-shaped data set.
  const loaded = await loadProject(root);
  const schema = loaded.project!.schema;
  const testCase = loadTestFile(new SourceFile('data.test.yml', DATA), { schema }).testCase!;
  const warehouse = await openDuckDb({ path: join(root, 'warehouse.duckdb') });
  await loadFixtures(warehouse, duckdb, schema, testCase.data);
  await warehouse.close();
});
afterAll(() => cleanup());

async function roster(args: string[]) {
  const io = memoryIo(root, { NO_COLOR: '1' });
  const program = new Command('roster').exitOverride();
  registerPreview(program, io);
  await program.parseAsync(['node', 'roster', 'preview', ...args]);
  return { lines: io.out.join('\n').split('\n'), err: io.err.join('\n'), exitCode: io.exitCode };
}

const NOW = ['--now', '2026-06-30T00:00:00Z'];

describe('roster preview', () => {
  it("shows an audience's size and members with their custom traits", async () => {
    const result = await roster(['pro_accounts', ...NOW]);
    expect(result.err).toBe('');
    expect(result.exitCode).toBe(0);
    // a1 and a3 have plan "pro"; a3 has no seats, so none is shown.
    expect(result.lines).toEqual([
      'audience `pro_accounts` (account) on target file at 2026-06-30T00:00:00.000Z',
      '2 members',
      'members:',
      '  a1  plan="pro" seats=10',
      '  a3  plan="pro"',
    ]);
  });

  it('limits the sample with --limit', async () => {
    const result = await roster(['pro_accounts', ...NOW, '--limit', '1']);
    expect(result.lines.slice(1)).toEqual([
      '2 members',
      'sample (1 of 2):',
      '  a1  plan="pro" seats=10',
    ]);
  });

  it("shows a number trait's min/median/max and values; events after --now are ignored", async () => {
    const result = await roster(['logins', ...NOW]);
    expect(result.exitCode).toBe(0);
    // u1: 2 logins; u2: 1 (its second login is after now); u3: 0 (count has a value for everyone).
    expect(result.lines).toEqual([
      'trait `logins` (user number) on target file at 2026-06-30T00:00:00.000Z',
      '3 users with a value',
      'min 0, median 1, max 2',
      'values:',
      '  u1  2',
      '  u2  1',
      '  u3  0',
    ]);
  });

  it("shows a string trait's top values", async () => {
    const result = await roster(['plan_sql', ...NOW, '--limit', '2']);
    expect(result.lines).toEqual([
      'trait `plan_sql` (account string) on target file at 2026-06-30T00:00:00.000Z',
      '3 accounts with a value',
      'top values:',
      '  "pro"  × 2',
      '  "free"  × 1',
      'sample (2 of 3):',
      '  a1  "pro"',
      '  a2  "free"',
    ]);
  });

  it('reports an unknown name with the closest definition and exits 1', async () => {
    const result = await roster(['pro_acounts', ...NOW]);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain(
      'error[cli-unknown-definition]: the project defines no audience or trait `pro_acounts`',
    );
    expect(result.err).toContain('did you mean `pro_accounts`?');
  });

  it('rejects a --now that is not a timestamp', async () => {
    const result = await roster(['logins', '--now', 'yesterday']);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain(
      'error[cli-invalid-now]: `--now yesterday` is not an ISO-8601 instant',
    );
  });
});
