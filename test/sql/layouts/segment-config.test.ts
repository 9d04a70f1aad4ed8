/**
 * Configuring the Segment layouts in roster.yaml: overrides of per-event
 * tables and columns (run for real on DuckDB), and every mistake a user can
 * make there, with its code, place and message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProject } from '../../../src/check/index.js';
import { loadProject } from '../../../src/project/load-project.js';
import { buildSources, isFilePath } from '../../../src/project/sources.js';
import type { Project } from '../../../src/project/types.js';
import { evaluate } from '../../../src/runtime/evaluate.js';
import { openWarehouse } from '../../../src/runtime/open-warehouse.js';
import { tryCompileProject } from '../../../src/sql/compile-project.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'roster-segment-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCHEMA = [
  'account:',
  '  traits: { plan: string }',
  'user:',
  '  traits: { email: string, signed_up_at: timestamp }',
  'events:',
  '  Order Completed: { properties: { revenue: number, payment_method: string } }',
  '  Logged In: {}',
].join('\n');

async function load(
  sources: string,
  program = '',
): Promise<Awaited<ReturnType<typeof loadProject>>> {
  const root = mkdtempSync(path.join(dir, 'p-'));
  writeFileSync(
    path.join(root, 'roster.yaml'),
    `name: x\ntarget: dev\ntargets:\n  dev: { dialect: duckdb }\n  pg: { dialect: postgres, url: "postgres://postgres@127.0.0.1:5432/test" }\n${sources}`,
  );
  writeFileSync(path.join(root, 'schema.yml'), SCHEMA);
  if (program) writeFileSync(path.join(root, 'defs.roster'), program);
  return loadProject(root);
}

/** Checks and compiles `project` at 2026-06-30 for DuckDB and opens its `dev` target. */
async function compileAndOpen(project: Project) {
  const checked = checkProject(project);
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const compiled = tryCompileProject(checked.ir!, {
    dialect: 'duckdb',
    now: '2026-06-30T00:00:00Z',
    sources: project.config.sources,
  });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  const opened = await openWarehouse(project.config.targets.dev!, process.env);
  if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostics));
  return { compiled: compiled.compiled, w: opened.warehouse };
}

describe('layout: segment overrides', () => {
  it('reads an overridden per-event table and columns, snake_cased defaults elsewhere, in sources.schema', async () => {
    const loaded = await load(
      [
        'sources:',
        '  layout: segment',
        '  schema: prod',
        '  tracks:',
        '    events:',
        '      Order Completed: { table: shop.orders, columns: { revenue: total, user_id: customer_id } }',
        '',
      ].join('\n'),
      [
        'audience card_buyers = user where did "Order Completed" where payment_method = "card" and revenue > 10',
        'audience active = user where did "Logged In"',
        'audience early = user where signed_up_at before "2026-01-01"',
        'audience pro_accounts = account where plan = "pro"',
      ].join('\n'),
    );
    expect(loaded.diagnostics).toEqual([]);
    const { compiled, w } = await compileAndOpen(loaded.project as Project);
    try {
      for (const sql of [
        'CREATE SCHEMA prod',
        'CREATE SCHEMA shop',
        // Columns Segment writes: snake_case property and trait names.
        'CREATE TABLE prod.users (id VARCHAR, email VARCHAR, signed_up_at TIMESTAMPTZ)',
        "INSERT INTO prod.users VALUES ('u1', 'a@x.io', '2025-05-01T00:00:00Z'), ('u2', NULL, '2026-02-01T00:00:00Z'), ('u3', NULL, NULL)",
        'CREATE TABLE prod.groups (id VARCHAR, group_id VARCHAR, user_id VARCHAR, "timestamp" TIMESTAMPTZ, plan VARCHAR)',
        // acct_1: the newest call says pro; acct_2: two calls at the same instant, the larger message id (g4) wins.
        `INSERT INTO prod.groups VALUES
           ('g1', 'acct_1', 'u1', '2026-06-01T00:00:00Z', 'free'),
           ('g2', 'acct_1', 'u2', '2026-06-02T00:00:00Z', 'pro'),
           ('g3', 'acct_2', 'u3', '2026-06-01T00:00:00Z', 'pro'),
           ('g4', 'acct_2', NULL, '2026-06-01T00:00:00Z', 'free')`,
        'CREATE TABLE shop.orders (id VARCHAR, customer_id VARCHAR, "timestamp" TIMESTAMPTZ, total DOUBLE, payment_method VARCHAR)',
        `INSERT INTO shop.orders VALUES
           ('o1', 'u1', '2026-06-01T00:00:00Z', 20, 'card'),
           ('o2', 'u2', '2026-06-01T00:00:00Z', 5, 'card'),
           ('o3', 'u3', '2026-06-01T00:00:00Z', 50, NULL)`,
        'CREATE TABLE prod.logged_in (id VARCHAR, user_id VARCHAR, "timestamp" TIMESTAMPTZ)',
        "INSERT INTO prod.logged_in VALUES ('l1', 'u3', '2026-06-01T00:00:00Z')",
      ])
        await w.execute(sql);
      const result = await evaluate(w, compiled);
      expect(result.diagnostics).toEqual([]);
      const members = (name: string) => [...(result.audiences[name] ?? [])].sort();
      expect(members('card_buyers')).toEqual(['u1']); // u2 spent 5; u3 paid with a NULL (missing) method
      expect(members('active')).toEqual(['u3']);
      expect(members('early')).toEqual(['u1']);
      expect(members('pro_accounts')).toEqual(['acct_1']);
    } finally {
      await w.close();
    }
  });
});

describe('layout: segment, two event names for one table (issue 11.11)', () => {
  /** A project whose schema declares both spellings Segment snake_cases to `order_completed`. */
  async function twoSpellings(sources: string, program: string) {
    const root = mkdtempSync(path.join(dir, 'p-'));
    writeFileSync(
      path.join(root, 'roster.yaml'),
      `name: x\ntarget: dev\ntargets:\n  dev: { dialect: duckdb }\n${sources}`,
    );
    writeFileSync(
      path.join(root, 'schema.yml'),
      [
        'user:',
        '  traits: {}',
        'events:',
        '  Order Completed: {}',
        '  order completed: {}',
        '  Logged In: {}',
      ].join('\n'),
    );
    writeFileSync(path.join(root, 'defs.roster'), program);
    return loadProject(root);
  }

  it('is an error at the second declaration when the table is derived from both names', async () => {
    const loaded = await twoSpellings('sources: { layout: segment }\n', '');
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'schema-segment-event-collision',
      message:
        'events "Order Completed" and "order completed" both read the table `order_completed` in the segment layout, so each would count the other\'s events',
      range: { start: { line: 5, column: 3 } },
    });
    expect(errors[0]!.hints[0]).toContain('`event_text`');
  });

  it('mapped to one table explicitly, event_text decides which rows are which event', async () => {
    const loaded = await twoSpellings(
      [
        'sources:',
        '  layout: segment',
        '  tracks:',
        '    events:',
        '      Order Completed: { table: order_completed }',
        '      order completed: { table: order_completed }',
        '',
      ].join('\n'),
      [
        'trait upper = user count "Order Completed"',
        'trait lower = user count "order completed"',
        'audience both = user where upper > 0 and lower > 0',
      ].join('\n'),
    );
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { compiled, w } = await compileAndOpen(loaded.project as Project);
    try {
      for (const sql of [
        'CREATE TABLE users (id VARCHAR)',
        "INSERT INTO users VALUES ('u1'), ('u2')",
        'CREATE TABLE groups (id VARCHAR, group_id VARCHAR, user_id VARCHAR, "timestamp" TIMESTAMPTZ)',
        'CREATE TABLE order_completed (id VARCHAR, user_id VARCHAR, "timestamp" TIMESTAMPTZ, event_text VARCHAR)',
        // u1: two orders sent as "Order Completed", one as "order completed"; u2: one of each.
        `INSERT INTO order_completed VALUES
           ('o1', 'u1', '2026-06-01T00:00:00Z', 'Order Completed'),
           ('o2', 'u1', '2026-06-02T00:00:00Z', 'Order Completed'),
           ('o3', 'u1', '2026-06-03T00:00:00Z', 'order completed'),
           ('o4', 'u2', '2026-06-01T00:00:00Z', 'Order Completed')`,
      ])
        await w.execute(sql);
      const result = await evaluate(w, compiled);
      expect(result.diagnostics).toEqual([]);
      const values = (name: string) =>
        Object.fromEntries([...(result.traits[name] ?? new Map())].sort());
      expect(values('upper')).toEqual({ u1: 2, u2: 1 });
      expect(values('lower')).toEqual({ u1: 1, u2: 0 });
      expect([...(result.audiences['both'] ?? [])]).toEqual(['u1']);
    } finally {
      await w.close();
    }
  });
});

describe('buildSources for the Segment layouts', () => {
  it('segment_archive: every source reads `files` under the logical names, page/screen names as columns', () => {
    const s = buildSources(
      'segment_archive',
      { memberships: { table: 'groups/*.ndjson' } },
      'ignored',
      'calls/*.json.gz',
    );
    expect(s.mappings.tracks).toEqual({
      table: 'calls/*.json.gz',
      columns: {
        message_id: 'message_id',
        user_id: 'user_id',
        event: 'event',
        timestamp: 'timestamp',
        group_id: 'group_id',
        properties: 'properties',
      },
    });
    expect(s.mappings.pages!.columns.name).toBe('name');
    expect(s.mappings.screens!.columns.name).toBe('name');
    expect(s.mappings.users!.table).toBe('calls/*.json.gz');
    expect(s.mappings.memberships!.table).toBe('groups/*.ndjson');
  });

  it('segment: keeps per-event overrides on tracks', () => {
    const events = { 'Order Completed': { table: 'orders', columns: { revenue: 'total' } } };
    expect(buildSources('segment', { tracks: { events } }).mappings.tracks!.events).toEqual(events);
  });

  it('takes gzipped NDJSON names for files', () => {
    expect(isFilePath('calls.json.gz')).toBe(true);
    expect(isFilePath('analytics.tracks')).toBe(false);
  });
});

describe('configuration mistakes', () => {
  it('segment_archive without files', async () => {
    const { diagnostics } = await load('sources:\n  layout: segment_archive\n');
    expect(
      diagnostics.map((d) => [d.code, d.range?.start.line, d.range?.start.column, d.message]),
    ).toEqual([['config-missing-key', 6, 1, 'missing key `files` in `sources`']]);
  });

  it('files with another layout', async () => {
    const { diagnostics } = await load('sources:\n  layout: segment\n  files: "a/*.json"\n');
    expect(
      diagnostics.map((d) => [
        d.code,
        d.range?.start.line,
        d.range?.start.column,
        d.message,
        d.hints,
      ]),
    ).toEqual([
      [
        'config-files-without-archive',
        8,
        10,
        '`sources.files` is read only by `layout: segment_archive` (raw Segment NDJSON files)',
        ['add `layout: segment_archive` to `sources`, or remove `files`'],
      ],
    ]);
  });

  it('a misspelt layout', async () => {
    const { diagnostics } = await load('sources:\n  layout: segmnt\n');
    expect(
      diagnostics.map((d) => [
        d.code,
        d.range?.start.line,
        d.range?.start.column,
        d.message,
        d.hints,
      ]),
    ).toEqual([
      [
        'config-invalid-value',
        7,
        11,
        'unknown source layout `segmnt`',
        ['did you mean `segment`?'],
      ],
    ]);
  });

  it('a misspelt key of a per-event override', async () => {
    const { diagnostics } = await load(
      'sources:\n  layout: segment\n  tracks:\n    events:\n      Order Completed: { tabel: orders }\n',
    );
    expect(
      diagnostics.map((d) => [
        d.code,
        d.range?.start.line,
        d.range?.start.column,
        d.message,
        d.hints,
      ]),
    ).toEqual([
      [
        'config-unknown-key',
        10,
        26,
        'unknown key `tabel` in `sources.tracks.events."Order Completed"`',
        ['did you mean `table`?'],
      ],
    ]);
  });

  it('the archive on a dialect that cannot read files', async () => {
    const loaded = await load(
      'sources:\n  layout: segment_archive\n  files: archive/*.json.gz\n',
      'audience a = user where did "Logged In"',
    );
    const project = loaded.project as Project;
    const ir = checkProject(project).ir!;
    const compiled = tryCompileProject(ir, {
      dialect: 'postgres',
      now: '2026-06-30T00:00:00Z',
      sources: project.config.sources,
    });
    expect(compiled.ok).toBe(false);
    if (compiled.ok) return;
    expect(compiled.diagnostics.map((d) => [d.code, d.message, d.hints])).toEqual([
      [
        'sql-layout-unsupported',
        "`layout: segment_archive` reads Segment's raw JSON files in place, which postgres cannot do",
        [
          'use a duckdb target for the archive, or `layout: segment` for the tables Segment writes to your warehouse',
        ],
      ],
    ]);
  });
});
