/**
 * The relational plan (issue 13.1): every relation setup creates declares its
 * output columns and its inputs, and both are checked against an independent
 * source — the columns against the tables DuckDB actually creates, the inputs
 * against the tables DuckDB's own parser finds in each query
 * (`json_serialize_sql`). Setup order and each definition's standalone query
 * come from the inputs; the standalone queries run on both engines without
 * setup and give the rows the setup tables give.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IrDefinition } from '../../src/ir/ir.js';
import { compileProject, relationPlan } from '../../src/sql/compile-project.js';
import { getDialect } from '../../src/sql/dialects/index.js';
import { fitIdentifier } from '../../src/sql/names.js';
import { closure, dependencyOrder, type Relation } from '../../src/sql/relation.js';
import { ENGINES, openDuckDb, type TestEngine } from './support/engines.js';
import { loadFixture, runCompiled, type Fixture } from './support/fixtures.js';
import {
  agg,
  audience,
  custom,
  defined,
  did,
  eq,
  jsonSources,
  num,
  project,
  prop,
  sqlTrait,
  track,
  trait,
  within,
} from './support/ir.js';

const NOW = '2026-06-30T00:00:00.000Z';

const definitions: IrDefinition[] = [
  trait('logins', 'account', agg('count', track('Logged In'), { window: within(30, 'day') })),
  trait(
    'top_feature',
    'user',
    agg('most_frequent', track('Feature Used'), { property: prop('feature') }),
  ),
  trait('features', 'user', agg('unique', track('Feature Used'), { property: prop('feature') })),
  trait(
    'last_duration',
    'user',
    agg('last', track('Feature Used'), { property: prop('duration', 'number') }),
  ),
  sqlTrait(
    'events_total',
    'user',
    'number',
    'select e.user_id as id, count(*) as value from {{ tracks }} e group by 1',
  ),
  audience('admins', 'user', custom('user', 'role', eq('admin'))),
  audience('active_users', 'user', did(track('Logged In'), { window: within(30, 'day') })),
  // A local quantifier body (the grouped table) with a per-account count.
  audience('busy_accounts', 'account', {
    kind: 'quantified',
    quantifier: 'any',
    body: did(track('Logged In'), { window: within(30, 'day'), perAccount: true }),
  }),
  // A body reaching an audience: a correlated subquery reading it.
  audience(
    'all_active',
    'account',
    {
      kind: 'quantified',
      quantifier: 'all',
      body: { kind: 'in-audience', entity: 'user', audience: 'active_users' },
    },
    ['active_users'],
  ),
  // `some account` with a local body: the per-user grouped table.
  audience('on_pro', 'user', {
    kind: 'some-account',
    condition: custom('account', 'plan', eq('pro')),
  }),
  audience('chatty', 'user', defined('user', 'events_total', 'number', num('>=', 2)), [
    'events_total',
  ]),
  // A sequence over two sources (their event scans in one union) …
  audience('viewed_then_logged_in', 'user', {
    kind: 'sequence',
    steps: [
      { event: { source: 'pages' } },
      { event: track('Logged In'), within: { amount: 30, unit: 'day' } },
    ],
    perAccount: false,
  }),
  // … and one per (user, account), joined to the memberships.
  audience('used_then_logged_in', 'account', {
    kind: 'quantified',
    quantifier: 'any',
    body: {
      kind: 'sequence',
      steps: [{ event: track('Feature Used') }, { event: track('Logged In') }],
      perAccount: true,
    },
  }),
];

const fixture: Fixture = {
  accounts: [
    { id: 'a1', plan: 'pro' },
    { id: 'a2', plan: 'free' },
    { id: 'a3', plan: 'pro' },
  ],
  users: [{ id: 'u1', role: 'admin' }, { id: 'u2', role: 'member' }, { id: 'u3' }],
  memberships: [
    ['u1', 'a1'],
    ['u2', 'a1'],
    ['u2', 'a2'],
    ['u3', 'a3'],
  ],
  tracks: [
    { user: 'u1', event: 'Logged In', at: '2026-06-20T10:00:00Z', group: 'a1' },
    { user: 'u2', event: 'Logged In', at: '2026-06-21T10:00:00Z', group: 'a2' },
    {
      user: 'u2',
      event: 'Feature Used',
      at: '2026-06-01T10:00:00Z',
      properties: { feature: 'export', duration: 3 },
    },
    {
      user: 'u2',
      event: 'Feature Used',
      at: '2026-06-02T10:00:00Z',
      properties: { feature: 'chart', duration: 5 },
    },
    { user: 'u3', event: 'Logged In', at: '2026-04-01T10:00:00Z' },
  ],
  pages: [
    { user: 'u1', at: '2026-06-19T10:00:00Z' },
    { user: 'u3', at: '2026-06-01T10:00:00Z' },
  ],
};

const ir = project(definitions, 'group_context');
const options = { dialect: 'duckdb' as const, now: NOW, sources: jsonSources() };

/** Every `BASE_TABLE` name in DuckDB's parse tree of `sql`. */
function baseTables(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => baseTables(n, out));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record['type'] === 'BASE_TABLE' && typeof record['table_name'] === 'string')
      out.add(record['table_name']);
    Object.values(record).forEach((v) => baseTables(v, out));
  }
  return out;
}

describe('the relation plan on DuckDB', () => {
  let engine: TestEngine;
  let plan: Relation[];
  beforeAll(async () => {
    engine = await openDuckDb();
    await loadFixture(engine, getDialect('duckdb'), ir.schema, fixture);
    plan = relationPlan(ir, options);
    for (const statement of compileProject(ir, options).setup) await engine.run(statement);
  });
  afterAll(async () => {
    await engine.close();
  });

  it('has every kind of relation this project needs', () => {
    expect(new Set(plan.map((r) => r.kind))).toEqual(
      new Set([
        'entity-stage',
        'memberships-stage',
        'event-scan',
        'partials',
        'values',
        'features',
        'grouped',
        'sql-trait',
        'audience',
      ]),
    );
  });

  it('declares exactly the columns of each table setup creates, in order', async () => {
    let compared = 0;
    for (const relation of plan) {
      const rows = await engine.query(
        `DESCRIBE ${getDialect('duckdb').quoteIdentifier(relation.name)}`,
      );
      expect(
        rows.map((r) => r['column_name']),
        relation.name,
      ).toEqual(relation.columns.map((c) => fitIdentifier(c, undefined)));
      compared++;
    }
    expect(compared).toBe(plan.length);
    expect(compared).toBeGreaterThan(10);
  });

  it("declares as inputs exactly the plan's relations DuckDB's parser finds in each query", async () => {
    const names = new Set(plan.map((r) => r.name));
    const sources = new Set(['tracks', 'pages', 'screens', 'users', 'accounts', 'memberships']);
    let compared = 0;
    for (const relation of plan) {
      const [row] = await engine.query(
        `SELECT json_serialize_sql(${getDialect('duckdb').stringLiteral(relation.query)}) AS tree`,
      );
      const tree = JSON.parse(String(row!['tree'])) as { error: boolean };
      expect(tree.error, relation.name).toBe(false);
      const read = [...baseTables(tree)];
      expect(read.filter((t) => names.has(t)).sort(), relation.name).toEqual(
        [...relation.inputs].sort(),
      );
      // Everything else a query reads is a configured source.
      expect(
        read.filter((t) => !names.has(t) && !sources.has(t)),
        relation.name,
      ).toEqual([]);
      compared++;
    }
    expect(compared).toBe(plan.length);
  });

  it('reads no more than it needs: a custom-trait audience reads only the users and their features', () => {
    const admins = plan.find((r) => r.name === 'roster_audience_admins');
    expect(admins?.inputs.sort()).toEqual(['roster_features_user', 'roster_stage_users']);
  });

  it('orders setup so that every relation comes after its inputs', () => {
    const seen = new Set<string>();
    for (const relation of plan) {
      for (const input of relation.inputs)
        expect(seen.has(input), `${relation.name} after ${input}`).toBe(true);
      seen.add(relation.name);
    }
  });
});

describe.each(ENGINES)('standalone queries on $name', ({ name, open }) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await open('relation_plan');
    await loadFixture(engine, getDialect(name), ir.schema, fixture);
  });
  afterAll(async () => {
    await engine.close();
  });

  it("run without setup (their CTEs are the inputs, transitively) and give the setup tables' rows", async () => {
    const compiled = compileProject(ir, { ...options, dialect: name });
    const standalone: Record<string, unknown[]> = {};
    for (const definition of compiled.definitions)
      standalone[definition.name] = (await engine.query(definition.standaloneSql))
        .map((r) => JSON.stringify([r['id'], r['value'] ?? null]))
        .sort();
    const results = await runCompiled(engine, compiled);
    let compared = 0;
    for (const definition of compiled.definitions) {
      const viaSetup =
        definition.kind === 'audience'
          ? (results.audiences[definition.name] ?? []).map((id) => JSON.stringify([id, null]))
          : Object.entries(results.traits[definition.name] ?? {}).map(([id, value]) =>
              JSON.stringify([id, value]),
            );
      expect(standalone[definition.name], definition.name).toEqual(viaSetup.sort());
      compared++;
    }
    expect(compared).toBe(definitions.length);
    // Hand-worked: u1 (admin) logged in 10 days ago in a1, u2 9 days ago in a2, u3 90 days ago;
    // a1 = {u1, u2} and a2 = {u2} have only active users, a3 = {u3} none.
    // u1 viewed a page a day before logging in; u3's page came after its login.
    // u2 used a feature (untagged) before its login tagged a2: a sequence for a2 alone (§9).
    expect(results.audiences).toMatchObject({
      admins: ['u1'],
      active_users: ['u1', 'u2'],
      busy_accounts: ['a1', 'a2'],
      all_active: ['a1', 'a2'],
      on_pro: ['u1', 'u2', 'u3'],
      chatty: ['u2'],
      viewed_then_logged_in: ['u1'],
      used_then_logged_in: ['a2'],
    });
  });
});

/** A relation of the plan by its name and inputs alone. */
const r = (name: string, inputs: string[]): Relation => ({
  name,
  kind: 'audience',
  comment: [],
  columns: ['id'],
  query: '',
  inputs,
});

describe('dependencyOrder', () => {
  it('keeps the given order where the inputs allow, and moves a relation after what it reads', () => {
    expect(
      dependencyOrder([r('a', []), r('c', ['d']), r('b', []), r('d', ['a'])]).map((x) => x.name),
    ).toEqual(['a', 'b', 'd', 'c']);
  });

  it('refuses a read of a relation the plan lacks, and a cycle', () => {
    expect(() => dependencyOrder([r('a', ['x'])])).toThrow(
      'internal: relation a reads x, which the plan lacks',
    );
    expect(() => dependencyOrder([r('a', ['b']), r('b', ['a'])])).toThrow(
      'internal: the relations read each other in a cycle',
    );
  });
});

describe('closure', () => {
  it('collects what the names read, transitively, in the given order, ignoring unknown names', () => {
    const all = [r('a', []), r('b', ['a']), r('x', []), r('c', ['b', 'y']), r('d', ['c', 'a'])];
    expect(closure(all, ['d'], (x) => x.inputs).map((x) => x.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(closure(all, ['b', 'x', 'nowhere'], (x) => x.inputs).map((x) => x.name)).toEqual([
      'a',
      'b',
      'x',
    ]);
  });

  it('walks a chain deeper than the call stack would allow', () => {
    const chain = Array.from({ length: 50_000 }, (_, i) =>
      r(`a${i}`, i === 0 ? [] : [`a${i - 1}`]),
    );
    expect(closure(chain, ['a49999'], (x) => x.inputs)).toHaveLength(50_000);
    expect(dependencyOrder([...chain].reverse()).map((x) => x.name)).toEqual(
      chain.map((x) => x.name),
    );
  });
});

describe('the steps of setup (what a failing statement was doing, in the project’s words)', () => {
  const compiled = compileProject(ir, {
    ...options,
    sources: jsonSources({
      accounts: { table: 'crm.accounts', columns: { id: 'account_id', plan: 'tier' } },
    }),
  });

  it('describe each statement, in order', () => {
    expect(compiled.steps).toHaveLength(compiled.setup.length);
    const labels = compiled.steps.map((s) => s.label);
    expect(labels).toContain('reading source `users`');
    expect(labels).toContain('reading source `memberships`');
    expect(labels).toContain('computing audience `admins`');
    // The SQL trait's table is made empty, then filled: two statements, one step.
    expect(labels.filter((l) => l === 'filling SQL trait `events_total`')).toHaveLength(2);
    // Each step's statement is the one that makes its relation: one of the statements the
    // compiled project lists for the relation holding the audience (by structure, not by
    // searching the SQL for its name).
    const at = labels.indexOf('computing audience `admins`');
    const admins = compiled.definitions.find((d) => d.name === 'admins');
    const own = admins?.needs.find((n) => n.relation === admins.result.sql);
    expect(own?.statements).toContain(compiled.setup[at]);
  });

  it('name the source a staging statement reads and the columns it casts, as mapped', () => {
    const accounts = compiled.steps.find((s) => s.label === 'reading source `accounts`');
    expect(accounts?.source).toEqual({
      name: 'accounts',
      table: 'crm.accounts',
      columns: [
        { column: 'account_id', name: 'id', type: 'string' },
        { column: 'tier', name: 'plan', type: 'string' },
      ],
    });
    const tracks = compiled.steps.find((s) => s.label === 'reading source `tracks`');
    expect(tracks?.source?.columns).toEqual([
      { column: 'user_id', name: 'user_id', type: 'string' },
      { column: 'timestamp', name: 'timestamp', type: 'timestamp' },
    ]);
  });
});
