import { describe, expect, it } from 'vitest';
import type { SourceRange } from '../../src/diagnostics/source.js';
import type { TestData } from '../../src/project/test-case.js';
import type { Schema, TargetConfig } from '../../src/project/types.js';
import { loadFixtures } from '../../src/testing/load-fixtures.js';
import { openTestWarehouse } from '../../src/testing/test-warehouse.js';
import { PG_URL } from '../runtime/engines.js';

const range: SourceRange = {
  file: 'x.test.yml',
  start: { offset: 0, line: 1, column: 1 },
  end: { offset: 0, line: 1, column: 1 },
};

const schema: Schema = {
  file: 'schema.yml',
  account: {
    plan: { name: 'plan', type: 'string' },
    seats: { name: 'seats', type: 'number' },
    created_at: { name: 'created_at', type: 'timestamp' },
    tags: { name: 'tags', type: 'list' },
    is_trial: { name: 'is_trial', type: 'boolean' },
  },
  user: { 'Title "x"': { name: 'Title "x"', type: 'string' } },
  events: {},
};

// Strings that break naive quoting: every one must come back exactly.
const tricky = [`it's`, `a"b`, `back\\slash`, `'); drop table accounts; --`, `東京 führer`, `%_`];

const data: TestData = {
  accounts: [
    {
      id: 'a1',
      traits: {
        plan: 'pro',
        seats: 12.5,
        created_at: '2026-06-20T00:00:00.000Z',
        tags: ['b', 'a'],
        is_trial: false,
      },
      range,
    },
    { id: `a'2`, traits: { plan: null, seats: -3, tags: [] }, range },
  ],
  users: tricky.map((t, i) => ({ id: `u${i}`, traits: { 'Title "x"': t }, range })),
  memberships: [{ user: 'u0', account: 'a1', range }],
  tracks: [
    {
      kind: 'track',
      event: 'Logged In',
      user: 'u0',
      at: '2026-06-20T10:00:00.000Z',
      properties: { note: tricky[3], n: 2 },
      messageId: 'm000001',
      groupId: 'a1',
      range,
    },
  ],
  pages: [
    {
      kind: 'page',
      user: 'u1',
      at: '2026-06-21T10:00:00.123Z',
      properties: { path: '/pricing' },
      messageId: 'm000002',
      range,
    },
  ],
  screens: [],
};

const targets: TargetConfig[] = [
  { name: 'dev', dialect: 'duckdb', settings: {} },
  { name: 'pg', dialect: 'postgres', settings: { url: PG_URL } },
];

describe.each(targets)('fixtures on $dialect', (target) => {
  it('creates the json-layout tables and reads every value back exactly', async () => {
    const opened = await openTestWarehouse(target, {});
    if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostics));
    const db = opened.value;
    try {
      await loadFixtures(db.warehouse, db.dialect, schema, data, db.schema);
      const q = (table: 'accounts' | 'users' | 'memberships' | 'tracks' | 'pages' | 'screens') =>
        db.dialect.quoteQualified(db.sources.mappings[table]!.table.split('.'));

      expect(
        await db.warehouse.query(`select * from ${q('accounts')} order by id collate "C"`),
      ).toEqual([
        // `'` (U+0027) sorts before `1` (U+0031).
        { id: `a'2`, plan: null, seats: -3, created_at: null, tags: [], is_trial: null },
        {
          id: 'a1',
          plan: 'pro',
          seats: 12.5,
          created_at: '2026-06-20T00:00:00.000Z',
          tags: ['b', 'a'],
          is_trial: false,
        },
      ]);
      const users = await db.warehouse.query(
        `select id, "Title ""x""" as t from ${q('users')} order by id`,
      );
      expect(users.map((r) => r.t)).toEqual(tricky);
      expect(await db.warehouse.query(`select * from ${q('memberships')}`)).toEqual([
        { user_id: 'u0', account_id: 'a1' },
      ]);
      const tracks = await db.warehouse.query(
        `select message_id, user_id, event, "timestamp", group_id, cast(properties as varchar) as p from ${q('tracks')}`,
      );
      expect(tracks).toHaveLength(1);
      expect(tracks[0]).toMatchObject({
        message_id: 'm000001',
        user_id: 'u0',
        event: 'Logged In',
        timestamp: '2026-06-20T10:00:00.000Z',
        group_id: 'a1',
      });
      expect(JSON.parse(String(tracks[0]?.p))).toEqual({ note: tricky[3], n: 2 });
      expect(
        await db.warehouse.query(`select user_id, "timestamp", group_id from ${q('pages')}`),
      ).toEqual([{ user_id: 'u1', timestamp: '2026-06-21T10:00:00.123Z', group_id: null }]);
      expect(await db.warehouse.query(`select count(*) as n from ${q('screens')}`)).toEqual([
        { n: 0 },
      ]);
    } finally {
      await db.dispose();
    }
  });
});

describe('scratch schema on PostgreSQL', () => {
  it('qualifies the source mapping with the scratch schema and drops it on dispose', async () => {
    const opened = await openTestWarehouse(targets[1]!, {});
    if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostics));
    const db = opened.value;
    expect(db.schema).toMatch(/^roster_test_[0-9a-f]{12}$/);
    expect(db.sources.layout).toBe('json');
    expect(db.sources.mappings.tracks?.table).toBe(`${db.schema}.tracks`);
    expect(db.sources.mappings.memberships?.columns).toEqual({
      user_id: 'user_id',
      account_id: 'account_id',
    });
    await db.dispose();
    const check = await openTestWarehouse({ ...targets[0]!, name: 'dev' }, {});
    if (!check.ok) throw new Error('duckdb');
    await check.value.dispose();
    const { openPostgres } = await import('../../src/runtime/warehouses/postgres.js');
    const admin = await openPostgres({ url: PG_URL });
    const left = await admin.query(
      `select count(*) as n from pg_namespace where nspname = '${db.schema ?? ''}'`,
    );
    await admin.close();
    expect(left).toEqual([{ n: 0 }]);
  });

  it("keeps the project's disabled sources out of the mapping", async () => {
    const opened = await openTestWarehouse(targets[0]!, {}, ['screens']);
    if (!opened.ok) throw new Error('duckdb');
    expect(opened.value.sources.mappings.screens).toBeUndefined();
    expect(opened.value.sources.disabled).toEqual(['screens']);
    await opened.value.dispose();
  });
});

describe('unsupported targets', () => {
  it('reports a dialect roster test cannot run on', async () => {
    const opened = await openTestWarehouse({ name: 'sf', dialect: 'snowflake', settings: {} }, {});
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    // Compiling for snowflake may be possible; connecting is not (yet): either way one clear diagnostic.
    expect(opened.diagnostics).toHaveLength(1);
    expect(opened.diagnostics[0]?.code).toBe('runtime-unsupported-dialect');
    expect(opened.diagnostics[0]?.message).toMatch(
      /^target `sf` uses the snowflake dialect, which (roster cannot connect to|`roster test` cannot run on) yet$/,
    );
    // The engines named are the connectors that declare where a test file's data goes.
    expect(opened.diagnostics[0]?.hints).toEqual([
      'run the tests on a duckdb or postgres target (`--target NAME`)',
    ]);
  });
});
