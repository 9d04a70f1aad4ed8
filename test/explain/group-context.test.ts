/**
 * explain under `events.scope: group_context`, on the data of conformance
 * case 29 (values worked out by hand from it): a `did` inside a quantifier
 * counts only events untagged or tagged with the quantifier's account, so it
 * is evaluated per (user, account).
 *
 *   a1: u1 (events 06-20, 06-22 tagged a1)            → u1 satisfies it for a1
 *   a2: u1 (tagged a1: not for a2), u3 (05-01 tagged a2, older than 30 days)
 *                                                      → nobody, a2 is out
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkTestProgram } from '../../src/check/index.js';
import { explainMember } from '../../src/explain/explain.js';
import type { IrAudience, IrProject } from '../../src/ir/ir.js';
import { loadProject } from '../../src/project/load-project.js';
import { loadTestFile } from '../../src/project/test-file.js';
import type { TestCase } from '../../src/project/index.js';
import { aggregationKey, tryCompileProject } from '../../src/sql/index.js';
import { loadFixtures } from '../../src/testing/load-fixtures.js';
import { openTestWarehouse, type TestWarehouse } from '../../src/testing/test-warehouse.js';

const suite = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/conformance',
);
let db: TestWarehouse;
let ir: IrProject;
let testCase: TestCase;

beforeAll(async () => {
  const project = (await loadProject(suite)).project!;
  const file = project.testFiles.find((f) => f.path.endsWith('29-group-context.test.yml'))!;
  testCase = loadTestFile(file, { schema: project.schema }).testCase!;
  const checked = checkTestProgram(file, testCase.program!, project.schema, {
    ...project.config,
    events: { scope: 'group_context' },
  });
  ir = checked.ir!;
  const opened = await openTestWarehouse(project.config.targets.dev!, process.env);
  if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostics));
  db = opened.value;
  await loadFixtures(db.warehouse, db.dialect, project.schema, testCase.data, db.schema);
});
afterAll(async () => db?.dispose());

async function explainActive(id: string) {
  const active = ir.definitions.find((d) => d.name === 'active') as IrAudience;
  const outcome = await explainMember(db.warehouse, ir, active, id, {
    now: testCase.now,
    sources: db.sources,
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.diagnostics));
  return outcome.value;
}

it('splits the users of an account by the did counted for that account', async () => {
  const a2 = await explainActive('a2');
  expect(a2.member).toBe(false);
  expect(a2.root.value).toBe(false);
  expect(a2.root.users?.satisfied).toEqual({ count: 0, ids: [] });
  expect(a2.root.users?.notSatisfied).toEqual({ count: 2, ids: ['u1', 'u3'] });
  // u1 is shown (no user satisfies it): its two logins are tagged a1, so none counts for a2.
  const did = a2.root.children[0]!;
  expect([did.entity, did.id, did.value, did.count]).toEqual(['user', 'u1', false, 0]);
  expect(did.note).toBeUndefined();

  const a1 = await explainActive('a1');
  expect(a1.member).toBe(true);
  expect(a1.root.users?.satisfied).toEqual({ count: 1, ids: ['u1'] });
  const counted = a1.root.children[0]!;
  expect([counted.id, counted.value, counted.count]).toEqual(['u1', true, 2]);
  expect(counted.events?.events.map((e) => [e.timestamp, e.groupId])).toEqual([
    ['2026-06-20T10:00:00.000Z', 'a1'],
    ['2026-06-22T10:00:00.000Z', 'a1'],
  ]);
});

it('the compiled project publishes the column of each per-(user, account) count, which explain reads', async () => {
  const active = ir.definitions.find((d) => d.name === 'active') as IrAudience;
  const quantifier = active.condition;
  if (quantifier.kind !== 'quantified' || quantifier.body.kind !== 'did')
    throw new Error('case 29 changed: `active` is no longer a quantifier over a did');
  const compiled = tryCompileProject(ir, {
    dialect: db.warehouse.dialect,
    now: testCase.now,
    sources: db.sources,
    select: ['active'],
  });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  const pairs = compiled.compiled.relations.features.user_account!;
  expect(pairs.columns[aggregationKey(quantifier.body.aggregation)]).toBeDefined();
  // By hand (header): u1 has 2 counted logins for a1, none for a2 (they are tagged a1).
  const a1 = await explainActive('a1');
  const a2 = await explainActive('a2');
  expect([a1.root.children[0]!.id, a1.root.children[0]!.count]).toEqual(['u1', 2]);
  expect([a2.root.children[0]!.id, a2.root.children[0]!.count]).toEqual(['u1', 0]);
});
