/**
 * explain under `events.scope: group_context` for an account with more than
 * 20 users and for conditions nested inside a quantifier's body (issue 17.1):
 * the users that satisfied the quantifier (for `all users`, those that did
 * not) with each one's exact value, counted for the quantifier's account.
 *
 * Worked out by hand, now = 2026-06-30, `within 30 days` = after 2026-05-31:
 *
 *   account A: users u01 … u25; account B: u01 only.
 *   u01 admin, 2 logins tagged A               → counts for A: 2, for B: 0
 *   u02 admin, 2 untagged logins               → A: 2
 *   u03 admin, 1 login tagged A, 1 tagged B    → A: 1 (not a member of B: that one counts nowhere)
 *   u04 … u24 members, 1 untagged login each   → A: 1
 *   u25 member, no login                       → A: 0
 *
 *   busy     (at least 2 users (admin and did ≥ 2 times)): A's satisfying users u01, u02 → member
 *   everyone (all users did …): A's only user without a login is u25 → not a member;
 *            B's only user u01 has no login counted for B → not a member
 *   heavy    (any user (admin and not count < 2)): u01, u02 → member
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTestProgram } from '../../src/check/index.js';
import { SourceFile } from '../../src/diagnostics/source.js';
import { explainMember } from '../../src/explain/explain.js';
import type { IrAudience, IrProject } from '../../src/ir/ir.js';
import type { TestCase } from '../../src/project/index.js';
import { loadProject } from '../../src/project/load-project.js';
import { loadTestFile } from '../../src/project/test-file.js';
import { loadFixtures } from '../../src/testing/load-fixtures.js';
import { openTestWarehouse, type TestWarehouse } from '../../src/testing/test-warehouse.js';

const suite = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/conformance',
);

const users = Array.from({ length: 25 }, (_, i) => `u${String(i + 1).padStart(2, '0')}`);
const CASE = `now: "2026-06-30T00:00:00Z"
config: { events: { scope: group_context } }
program: |
  audience busy = account where at least 2 users (role = "admin" and did "Logged In" at least 2 times within 30 days)
  audience everyone = account where all users did "Logged In" within 30 days
  audience heavy = account where any user (role = "admin" and not count "Logged In" within 30 days < 2)
data:
  accounts:
    - { id: A }
    - { id: B }
  users:
${users.map((u, i) => `    - { id: ${u}, role: ${i < 3 ? 'admin' : 'member'} }`).join('\n')}
  memberships:
${users.map((u) => `    - { user: ${u}, account: A }`).join('\n')}
    - { user: u01, account: B }
  tracks:
    - { user: u01, event: Logged In, at: "2026-06-20T10:00:00Z", group_id: A, properties: {} }
    - { user: u01, event: Logged In, at: "2026-06-21T10:00:00Z", group_id: A, properties: {} }
    - { user: u02, event: Logged In, at: "2026-06-22T10:00:00Z", properties: {} }
    - { user: u02, event: Logged In, at: "2026-06-23T10:00:00Z", properties: {} }
    - { user: u03, event: Logged In, at: "2026-06-24T10:00:00Z", group_id: A, properties: {} }
    - { user: u03, event: Logged In, at: "2026-06-25T10:00:00Z", group_id: B, properties: {} }
${users
  .slice(3, 24)
  .map((u) => `    - { user: ${u}, event: Logged In, at: "2026-06-26T10:00:00Z", properties: {} }`)
  .join('\n')}
expect:
  audiences:
    busy: [A]
    everyone: []
    heavy: [A]
`;

let db: TestWarehouse;
let ir: IrProject;
let testCase: TestCase;

beforeAll(async () => {
  const project = (await loadProject(suite)).project!;
  const file = new SourceFile('many-users.test.yml', CASE);
  const loaded = loadTestFile(file, { schema: project.schema });
  if (!loaded.testCase) throw new Error(JSON.stringify(loaded.diagnostics));
  testCase = loaded.testCase;
  const checked = checkTestProgram(file, testCase.program!, project.schema, {
    ...project.config,
    events: { scope: 'group_context' },
  });
  if (!checked.ir) throw new Error(JSON.stringify(checked.diagnostics));
  ir = checked.ir;
  const opened = await openTestWarehouse(project.config.targets.dev!, process.env);
  if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostics));
  db = opened.value;
  await loadFixtures(db.warehouse, db.dialect, project.schema, testCase.data, db.schema);
});
afterAll(async () => db?.dispose());

async function explainOf(audience: string, id: string) {
  const definition = ir.definitions.find((d) => d.name === audience) as IrAudience;
  const outcome = await explainMember(db.warehouse, ir, definition, id, {
    now: testCase.now,
    sources: db.sources,
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.diagnostics));
  return outcome.value;
}

describe('a quantifier over an account of 25 users under group_context', () => {
  it('lists the users that satisfied it, and explains the first with its counts for the account', async () => {
    const busy = await explainOf('busy', 'A');
    expect([busy.member, busy.root.value]).toEqual([true, true]);
    expect(busy.root.users?.total).toBe(25);
    expect(busy.root.users?.satisfied).toEqual({ count: 2, ids: ['u01', 'u02'] });
    expect(busy.root.users?.notSatisfied).toEqual({
      count: 23,
      ids: ['u03', 'u04', 'u05', 'u06', 'u07'],
    });
    const body = busy.root.children[0]!;
    expect([body.kind, body.id, body.value, body.note]).toEqual(['and', 'u01', true, undefined]);
    const [role, did] = body.children;
    expect([role?.value, role?.subject?.value]).toEqual([true, 'admin']);
    expect([did?.value, did?.count, did?.note]).toEqual([true, 2, undefined]);
    expect(did?.events?.events.map((e) => [e.timestamp, e.groupId])).toEqual([
      ['2026-06-20T10:00:00.000Z', 'A'],
      ['2026-06-21T10:00:00.000Z', 'A'],
    ]);
  });

  it('for `all users`, lists the users that did not satisfy it and explains the first', async () => {
    const everyone = await explainOf('everyone', 'A');
    expect([everyone.member, everyone.root.value]).toEqual([false, false]);
    expect(everyone.root.users?.notSatisfied).toEqual({ count: 1, ids: ['u25'] });
    expect(everyone.root.users?.satisfied?.count).toBe(24);
    const did = everyone.root.children[0]!;
    expect([did.id, did.value, did.count]).toEqual(['u25', false, 0]);

    // B's one user logged in twice, but for A: nothing counts for B.
    const b = await explainOf('everyone', 'B');
    expect(b.root.users?.notSatisfied).toEqual({ count: 1, ids: ['u01'] });
    expect([b.root.children[0]?.id, b.root.children[0]?.value, b.root.children[0]?.count]).toEqual([
      'u01',
      false,
      0,
    ]);
  });

  it('gives nested conditions their values per (user, account), with the inline aggregate counted for the account', async () => {
    const heavy = await explainOf('heavy', 'A');
    expect([heavy.member, heavy.root.value]).toEqual([true, true]);
    expect(heavy.root.users?.satisfied).toEqual({ count: 2, ids: ['u01', 'u02'] });
    const body = heavy.root.children[0]!;
    expect([body.id, body.value]).toEqual(['u01', true]);
    const not = body.children[1]!;
    expect([not.kind, not.value]).toEqual(['not', true]);
    const below = not.children[0]!;
    // u01's count for A is 2, so `count … < 2` is false (and its negation true).
    expect([below.kind, below.value, below.note]).toEqual(['test', false, undefined]);
    expect(below.subject?.value).toBe(2);
  });
});
