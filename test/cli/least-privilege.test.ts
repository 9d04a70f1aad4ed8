/**
 * The least-privilege roles of docs/plan-apply.md ("Security model"), granted
 * on PostgreSQL as written there: `roster plan` runs with the plan role alone
 * (issue 11.2). The grants are read from the docs, so the docs cannot drift
 * from what plan needs.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgres } from '../../src/runtime/warehouses/postgres.js';
import { roster } from '../runtime/apply/cli.js';
import { DAY1, PG_URL, scratchProject } from '../runtime/apply/project.js';
import type { ScratchProject } from '../runtime/apply/project.js';

const NOW = '2026-06-30T00:00:00Z';
let project: ScratchProject;
const role = `roster_plan_${randomBytes(4).toString('hex')}`;

/** The plan role's statements of the docs' grant block, for these schemas and this role. */
function planGrants(stateSchema: string, sourceSchema: string): string[] {
  const docs = readFileSync(new URL('../../docs/plan-apply.md', import.meta.url), 'utf8');
  const block = /```sql\n([\s\S]*?)```/.exec(docs.slice(docs.indexOf('## Security model')))![1]!;
  const planPart = block.slice(0, block.indexOf('-- apply:'));
  return planPart
    .split('\n')
    .map((line) => line.replace(/--.*$/, '').trim())
    .filter((line) => line.length > 0)
    .map((line) =>
      line
        .replace(/;$/, '')
        .replaceAll('roster_plan', role)
        .replaceAll('roster_state', `"${stateSchema}"`)
        .replaceAll('analytics_db', 'test')
        .replaceAll('analytics', `"${sourceSchema}"`),
    );
}

beforeAll(async () => {
  project = await scratchProject('postgres');
  await project.setData(DAY1);
  // The first apply, as an owner, creates the state schema (docs: "Run the first apply … as an owner").
  const first = await roster(project.root, 'apply', '--now', NOW, '--auto-approve');
  expect(first.code, first.err).toBe(0);
  const admin = await openPostgres({ url: PG_URL });
  for (const statement of planGrants(project.stateSchema, project.pgSchema))
    await admin.execute(statement);
  await admin.close();
}, 120_000);

afterAll(async () => {
  await project?.dispose();
  const admin = await openPostgres({ url: PG_URL });
  await admin.execute(`DROP OWNED BY ${role}`).catch(() => undefined);
  await admin.execute(`DROP ROLE IF EXISTS ${role}`);
  await admin.close();
});

it("plans with the documented plan role's grants alone", async () => {
  const file = join(project.root, 'roster.yaml');
  const url = new URL(PG_URL);
  url.username = role;
  writeFileSync(file, readFileSync(file, 'utf8').replace(PG_URL, url.toString()));
  const planned = await roster(project.root, 'plan', '--now', '2026-07-01T00:00:00Z');
  expect(planned.code, planned.err).toBe(0);
  expect(planned.out).toMatch(/^ *active \(account\) +2 members/m);
}, 120_000);

/** Plans as the plan role with one grant of the docs revoked, then grants it again. */
async function planWithout(revoke: string, grant: string) {
  const admin = await openPostgres({ url: PG_URL });
  await admin.execute(revoke);
  try {
    return await roster(project.root, 'plan', '--now', '2026-07-02T00:00:00Z');
  } finally {
    await admin.execute(grant);
    await admin.close();
  }
}

it('names the state table and the missing privilege when the plan role lacks a grant', async () => {
  const table = `"${project.stateSchema}".snapshots`;
  const planned = await planWithout(
    `REVOKE UPDATE ON ${table} FROM ${role}`,
    `GRANT UPDATE ON ${table} TO ${role}`,
  );
  expect(planned.code).toBe(1);
  expect(planned.err).not.toContain('internal-error');
  expect(planned.err).toContain('error[runtime-permission-denied]');
  expect(planned.err).toContain('lacks UPDATE on table snapshots');
  expect(planned.err).toContain('permission denied for table snapshots');
  expect(planned.err).toContain('docs/plan-apply.md');
}, 120_000);

it('names the source table when the plan role may not read it', async () => {
  const table = `"${project.pgSchema}".accounts`;
  const planned = await planWithout(
    `REVOKE SELECT ON ${table} FROM ${role}`,
    `GRANT SELECT ON ${table} TO ${role}`,
  );
  expect(planned.code).toBe(1);
  expect(planned.err).not.toContain('internal-error');
  expect(planned.err).toContain('error[runtime-permission-denied]');
  expect(planned.err).toContain('lacks SELECT on table accounts');
  expect(planned.err).toContain('permission denied for table accounts');
  expect(planned.err).toContain('docs/plan-apply.md');
}, 120_000);

it('names the missing privilege when apply runs with the plan role alone', async () => {
  const applied = await roster(
    project.root,
    'apply',
    '--now',
    '2026-07-02T00:00:00Z',
    '--auto-approve',
  );
  expect(applied.code).toBe(1);
  expect(applied.err).not.toContain('internal-error');
  expect(applied.err).toContain('error[runtime-permission-denied]');
  expect(applied.err).toContain('lacks UPDATE on table apply_lock');
  expect(applied.err).toContain('docs/plan-apply.md');
}, 120_000);
