/**
 * explain on the hand-checked data set of fixture.ts: every value asserted
 * here is worked out in that file's comment, not copied from output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProject } from '../../src/check/index.js';
import { explain } from '../../src/explain/explain.js';
import type {
  AudienceBreakdown,
  EntityExplanation,
  Explanation,
  ExplainedNode,
  TraitExplanation,
} from '../../src/explain/explanation.js';
import type { IrProject } from '../../src/ir/ir.js';
import { loadProject } from '../../src/project/load-project.js';
import type { Project } from '../../src/project/types.js';
import { openWarehouse } from '../../src/runtime/open-warehouse.js';
import type { Warehouse } from '../../src/runtime/warehouse.js';
import { ENGINES, NOW, writeExplainProject } from './fixture.js';

let cleanup = async () => {};
let project: Project;
let ir: IrProject;
let warehouse: Warehouse;

beforeAll(async () => {
  const written = await writeExplainProject();
  cleanup = written.cleanup;
  project = (await loadProject(written.root)).project!;
  const checked = checkProject(project);
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  ir = checked.ir!;
});

afterAll(async () => cleanup());

async function run(name: string, id?: string): Promise<Explanation> {
  const outcome = await explain(warehouse, ir, name, id, {
    now: NOW,
    sources: project.config.sources,
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.diagnostics));
  return outcome.value;
}

const member = async (name: string, id: string) => (await run(name, id)) as EntityExplanation;

/** The tree as `label=value` lines, indented by depth, for readable assertions. */
function shape(node: ExplainedNode, depth = 0): string[] {
  const value = node.value === undefined ? '?' : String(node.value);
  return [
    `${'  '.repeat(depth)}${node.label} @${node.entity} ${node.id} = ${value}`,
    ...node.children.flatMap((c) => shape(c, depth + 1)),
  ];
}

// The same hand-checked values on every target of the fixture: DuckDB and PostgreSQL.
describe.each(ENGINES)('on target %s', (target) => {
  beforeAll(async () => {
    const opened = await openWarehouse(
      project.config.targets[target]!,
      {},
      {
        baseDir: project.config.root,
      },
    );
    if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostics));
    warehouse = opened.warehouse;
  });
  afterAll(async () => warehouse?.close());

  describe('explain AUDIENCE ID', () => {
    it('a1 is in engaged: pro, and its Admin u1 logged in twice in 30 days (m3 is older, m9 after now)', async () => {
      const e = await member('engaged', 'a1');
      expect(e.member).toBe(true);
      expect(shape(e.root)).toEqual([
        'all of @account a1 = true',
        '  plan = "pro" @account a1 = true',
        '  any user @account a1 = true',
        '    all of @user u1 = true',
        '      role = "Admin" @user u1 = true',
        '      did "Logged In" at least 2 times within 30 days @user u1 = true',
      ]);
      const [plan, any] = e.root.children;
      expect(plan!.subject).toEqual({ name: 'plan', type: 'string', value: 'pro' });
      expect(any!.users).toEqual({
        entity: 'user',
        total: 2,
        ids: ['u1', 'u2'],
        satisfied: { count: 1, ids: ['u1'] },
        notSatisfied: { count: 1, ids: ['u2'] },
      });
      const did = any!.children[0]!.children[1]!;
      expect(did.count).toBe(2);
      expect(did.events).toEqual({
        total: 2,
        events: [
          {
            timestamp: '2026-06-20T10:00:00.000Z',
            messageId: 'm1',
            userId: 'u1',
            event: 'Logged In',
          },
          {
            timestamp: '2026-06-25T10:00:00.000Z',
            messageId: 'm2',
            userId: 'u1',
            event: 'Logged In',
          },
        ],
      });
    });

    it('a2 is out only because it is on the free plan; a3 is pro but has no users', async () => {
      const a2 = await member('engaged', 'a2');
      expect(a2.member).toBe(false);
      expect(a2.root.value).toBe(false);
      expect(a2.root.children.map((c) => [c.label, c.value])).toEqual([
        ['plan = "pro"', false],
        ['any user', true],
      ]);
      expect(a2.root.children[0]!.subject?.value).toBe('free');
      expect(a2.root.children[1]!.users?.satisfied).toEqual({ count: 1, ids: ['u3'] });

      const a3 = await member('engaged', 'a3');
      expect(a3.member).toBe(false);
      expect(a3.root.children.map((c) => [c.label, c.value])).toEqual([
        ['plan = "pro"', true],
        ['any user', false],
      ]);
      expect(a3.root.children[1]!.users?.total).toBe(0);
      expect(a3.root.children[1]!.children).toEqual([]);
    });

    it('under `all users` the children are shown for a user that fails, when there is one', async () => {
      // a1's users u1 (06-20, 06-25) and u2 (06-29) both logged in within 30 days: all pass, u1 shown.
      const a1 = await member('all_active', 'a1');
      expect(a1.member).toBe(true);
      expect(a1.root.users?.notSatisfied).toEqual({ count: 0, ids: [] });
      expect(a1.root.children[0]!.id).toBe('u1');
      // all_admins: a1's u2 is a Member, so a1 is out and u2 is the user shown.
      const admins = await member('all_admins', 'a1');
      expect(admins.member).toBe(false);
      expect(admins.root.users?.notSatisfied).toEqual({ count: 1, ids: ['u2'] });
      expect(shape(admins.root)).toEqual([
        'all users @account a1 = false',
        '  role = "Admin" @user u2 = false',
      ]);
      expect(admins.root.children[0]!.subject?.value).toBe('Member');
      // reach: `in engaged or seats > 5 or any user in admins` — a2 is in through u3 (an Admin).
      const a2 = await member('reach', 'a2');
      expect(shape(a2.root)).toEqual([
        'any of @account a2 = true',
        '  in engaged @account a2 = false',
        '  seats > 5 @account a2 = false',
        '  any user @account a2 = true',
        '    in admins @user u3 = true',
      ]);
      expect(a2.root.children[1]!.subject?.value).toBe(3);
    });

    it('a computed trait in a condition shows its value and the events behind it', async () => {
      const u1 = await member('frequent', 'u1');
      expect(u1.member).toBe(true);
      expect(u1.root.subject).toEqual({ name: 'logins', type: 'number', value: 2 });
      expect(u1.root.events?.events.map((e) => e.messageId)).toEqual(['m1', 'm2']);
      const u2 = await member('frequent', 'u2');
      expect(u2.member).toBe(false);
      expect(u2.root.subject?.value).toBe(1);
    });

    it('account.plan in a user audience lists the accounts that satisfy it', async () => {
      const u2 = await member('from_pro', 'u2');
      expect(u2.member).toBe(true);
      expect(u2.root.accounts).toEqual({
        entity: 'account',
        total: 1,
        ids: ['a1'],
        satisfied: { count: 1, ids: ['a1'] },
        notSatisfied: { count: 0, ids: [] },
      });
      expect(shape(u2.root)).toEqual([
        'some account of the user @user u2 = true',
        '  plan = "pro" @account a1 = true',
      ]);
      const u4 = await member('from_pro', 'u4');
      expect(u4.member).toBe(false);
      expect(u4.root.accounts?.total).toBe(0);
    });
  });

  describe('explain AUDIENCE (the breakdown)', () => {
    it('counts the entities passing each node, members by account size, and overlaps', async () => {
      const b = (await run('engaged')) as AudienceBreakdown;
      expect(b.members).toBe(1);
      expect(b.entities).toBe(4);
      const counts = (n: AudienceBreakdown['root'], depth = 0): string[] => [
        `${'  '.repeat(depth)}${n.label}: ${n.passing} of ${n.of} ${n.entity}s`,
        ...n.children.flatMap((c) => counts(c, depth + 1)),
      ];
      // plan pro: a1, a3. any user: a1 (u1), a2 (u3). Users: Admins u1, u3 both logged in twice.
      expect(counts(b.root)).toEqual([
        'all of: 1 of 4 accounts',
        '  plan = "pro": 2 of 4 accounts',
        '  any user: 2 of 4 accounts',
        '    all of: 2 of 4 users',
        '      role = "Admin": 2 of 4 users',
        '      did "Logged In" at least 2 times within 30 days: 2 of 4 users',
      ]);
      // a3 and the control-character account have no users, a2 has one, a1 two.
      expect(b.bySize).toEqual([
        { size: '0', accounts: 2, members: 0 },
        { size: '1', accounts: 1, members: 0 },
        { size: '2-5', accounts: 1, members: 1 },
      ]);
      expect(b.overlaps).toEqual([]);

      const reach = (await run('reach')) as AudienceBreakdown;
      // reach = {a1 (engaged, 10 seats, Admin u1), a2 (Admin u3)}; admins = {u1, u3}.
      expect(reach.members).toBe(2);
      expect(reach.overlaps).toEqual([
        { audience: 'engaged', entity: 'account', members: 1, both: 1 },
        { audience: 'admins', entity: 'user', members: 2, both: 2 },
      ]);
    });
  });

  describe('explain TRAIT ID', () => {
    it('lists the events that produced a count, a last value and an account count', async () => {
      const logins = (await run('logins', 'u1')) as TraitExplanation;
      expect(logins.value).toBe(2);
      expect(logins.events?.events.map((e) => e.messageId)).toEqual(['m1', 'm2']);

      const last = (await run('last_feature', 'u1')) as TraitExplanation;
      expect(last.value).toBe('import');
      // `last` lists the newest first: the event that produced the value leads.
      expect(last.events?.events.map((e) => [e.messageId, e.value])).toEqual([
        ['m8', 'import'],
        ['m7', 'export'],
      ]);

      const account = (await run('account_logins', 'a1')) as TraitExplanation;
      // u1: m1, m2, m3 (m9 is after now); u2: m4.
      expect(account.value).toBe(4);
      expect(account.events?.total).toBe(4);
      expect(account.events?.events.map((e) => e.messageId)).toEqual(['m3', 'm1', 'm2', 'm4']);
    });
  });

  describe('errors', () => {
    const fails = async (name: string, id?: string) => {
      const outcome = await explain(warehouse, ir, name, id, {
        now: NOW,
        sources: project.config.sources,
      });
      if (outcome.ok) throw new Error(`explain ${name} ${id} succeeded`);
      return outcome.diagnostics.map((d) => ({ code: d.code, message: d.message, hints: d.hints }));
    };

    it('an unknown name suggests the closest definition', async () => {
      expect(await fails('engagd', 'a1')).toEqual([
        {
          code: 'explain-unknown-definition',
          message: 'the project defines no audience or trait `engagd`',
          hints: ['did you mean `engaged`?'],
        },
      ]);
    });

    it('an id that is no entity of the audience is an error naming the source', async () => {
      expect(await fails('engaged', 'u1')).toEqual([
        {
          code: 'explain-unknown-id',
          message: 'there is no account `u1` in the accounts source',
          hints: [
            'ids are case-sensitive and compared exactly; `roster preview engaged` shows sample ids',
          ],
        },
      ]);
    });

    it('a trait needs an id', async () => {
      expect(await fails('logins')).toEqual([
        {
          code: 'explain-trait-needs-id',
          message:
            "`logins` is a trait: explain shows the events behind one user's value, so it needs the user's id",
          hints: [
            'run `roster explain logins ID`',
            '`roster preview logins` shows how its values are distributed',
          ],
        },
      ]);
    });
  });
});
