/**
 * explain of `count users` (LANGUAGE.md §12.4) on the data of conformance-v2
 * case 41, values worked out by hand from it (now 2026-06-30, so `within 30
 * days` is after 2026-05-31):
 *
 *   c1: k1 Admin (logins 06-20, 06-25), k2 Member (06-10), k3 Admin (05-01, too old)
 *       → 2 active users (k1, k2), 1 active admin (k1)
 *   c4: no users → 0
 *
 * As for a quantifier, explain shows the count and which of the account's
 * users satisfy the body, and explains the body for the first that does.
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkTestProgram } from '../../src/check/index.js';
import { explainMember, explainTrait } from '../../src/explain/explain.js';
import { renderExplanation } from '../../src/explain/render-text.js';
import type { IrAudience, IrProject, IrTrait } from '../../src/ir/ir.js';
import type { TestCase } from '../../src/project/index.js';
import { loadProject } from '../../src/project/load-project.js';
import { loadTestFile } from '../../src/project/test-file.js';
import { loadFixtures } from '../../src/testing/load-fixtures.js';
import { openTestWarehouse, type TestWarehouse } from '../../src/testing/test-warehouse.js';
import { conformanceV2Dir } from '../conformance/v2-cases.js';

let db: TestWarehouse;
let ir: IrProject;
let testCase: TestCase;

beforeAll(async () => {
  const project = (await loadProject(conformanceV2Dir)).project!;
  const file = project.testFiles.find((f) => path.basename(f.path) === '41-count-users.test.yml')!;
  testCase = loadTestFile(file, { schema: project.schema }).testCase!;
  const checked = checkTestProgram(file, testCase.program!, project.schema, project.config);
  ir = checked.ir!;
  const opened = await openTestWarehouse(project.config.targets.dev!, process.env);
  if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostics));
  db = opened.value;
  await loadFixtures(db.warehouse, db.dialect, project.schema, testCase.data, db.schema);
});
afterAll(async () => db?.dispose());

const options = () => ({ now: testCase.now, sources: db.sources });

it("an inline count shows its value and splits the account's users by its body", async () => {
  const audience = ir.definitions.find((d) => d.name === 'two_active') as IrAudience;
  const outcome = await explainMember(db.warehouse, ir, audience, 'c1', options());
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.diagnostics));
  const root = outcome.value.root;
  expect(outcome.value.member).toBe(true);
  expect(root.value).toBe(true);
  expect(root.subject?.value).toBe(2);
  expect(root.users).toMatchObject({
    total: 3,
    satisfied: { count: 2, ids: ['k1', 'k2'] },
    notSatisfied: { count: 1, ids: ['k3'] },
  });
  // The body explained for the first user that satisfies it, with the events it counted.
  expect(root.children).toHaveLength(1);
  expect(root.children[0]).toMatchObject({ entity: 'user', id: 'k1', value: true, count: 2 });
});

it('a count users trait shows its value and the users its body holds for', async () => {
  const trait = ir.definitions.find((d) => d.name === 'active_admins') as IrTrait;
  const outcome = await explainTrait(db.warehouse, ir, trait, 'c1', options());
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.diagnostics));
  expect(outcome.value.value).toBe(1);
  expect(outcome.value.definition).toBe(
    'account count users (role = "Admin" and did "Logged In" within 30 days)',
  );
  expect(outcome.value.users).toMatchObject({
    total: 3,
    satisfied: { count: 1, ids: ['k1'] },
    notSatisfied: { count: 2, ids: ['k2', 'k3'] },
  });
  expect(renderExplanation(outcome.value)).toContain(
    'users: 1 of 3 users satisfy it: k1; not: k2, k3',
  );

  const empty = await explainTrait(db.warehouse, ir, trait, 'c4', options());
  if (!empty.ok) throw new Error(JSON.stringify(empty.diagnostics));
  expect(empty.value.value).toBe(0);
  expect(empty.value.users?.total).toBe(0);
});
