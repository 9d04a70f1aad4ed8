/**
 * `layout: segment_archive` on DuckDB: Segment's raw calls (NDJSON, one file
 * gzipped, one plain) read in place through a real project (roster.yaml,
 * schema.yml, a .roster file), compiled and evaluated. Expectations are
 * worked out by hand from the calls below (see the comments).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProject } from '../../../src/check/index.js';
import { loadProject } from '../../../src/project/load-project.js';
import type { Project } from '../../../src/project/types.js';
import { evaluate, type EvaluationResult } from '../../../src/runtime/evaluate.js';
import { openWarehouse } from '../../../src/runtime/open-warehouse.js';
import { tryCompileProject } from '../../../src/sql/compile-project.js';

const NOW = '2026-06-30T00:00:00Z';

const calls = [
  // identify: traits merge per trait, newest non-missing value wins.
  {
    type: 'identify',
    messageId: 'i1',
    userId: 'u1',
    timestamp: '2026-06-01T00:00:00Z',
    traits: { email: 'a@x.io', plan: 'free' },
  },
  {
    type: 'identify',
    messageId: 'i2',
    userId: 'u1',
    timestamp: '2026-06-10T00:00:00Z',
    traits: { plan: 'pro' },
  },
  {
    type: 'identify',
    messageId: 'i3',
    userId: 'u2',
    timestamp: '2026-06-05T00:00:00Z',
    traits: { email: 'b@x.io', plan: 5 },
  }, // plan of the wrong type: missing
  {
    type: 'identify',
    messageId: 'i4',
    anonymousId: 'anon',
    timestamp: '2026-06-05T00:00:00Z',
    traits: { email: 'anon@x.io' },
  }, // no user id: no user
  // group: g1 = newest name/seats/tags over two calls; g2 has u2 only.
  {
    type: 'group',
    messageId: 'g1',
    userId: 'u1',
    groupId: 'acct_1',
    timestamp: '2026-06-01T00:00:00Z',
    traits: { name: 'Acme', seats: 10, tags: ['a', 'b'] },
  },
  {
    type: 'group',
    messageId: 'g2',
    userId: 'u2',
    groupId: 'acct_1',
    timestamp: '2026-06-15T00:00:00Z',
    traits: { seats: 12 },
  },
  {
    type: 'group',
    messageId: 'g3',
    userId: 'u2',
    groupId: 'acct_2',
    timestamp: '2026-06-02T00:00:00Z',
    traits: { name: 'Globex' },
  },
];
const moreCalls = [
  {
    type: 'track',
    messageId: 't1',
    userId: 'u1',
    event: 'Order Completed',
    timestamp: '2026-06-20T00:00:00Z',
    context: { groupId: 'acct_1' },
    properties: { revenue: 100, currency: 'USD' },
  },
  {
    type: 'track',
    messageId: 't2',
    userId: 'u1',
    event: 'Order Completed',
    timestamp: '2026-06-21T00:00:00Z',
    properties: { revenue: '50' },
  }, // revenue of the wrong type: missing
  {
    type: 'track',
    messageId: 't3',
    userId: 'u2',
    event: 'Order Completed',
    timestamp: '2026-07-05T00:00:00Z',
    properties: { revenue: 500 },
  }, // after now
  {
    type: 'track',
    messageId: 't4',
    userId: 'u2',
    event: 'Logged In',
    timestamp: '2026-06-25T00:00:00Z',
  }, // no properties key
  {
    type: 'page',
    messageId: 'p1',
    userId: 'u1',
    name: 'Pricing',
    timestamp: '2026-06-22T00:00:00Z',
    properties: { path: '/pricing', url: 'https://x.io/pricing' },
  },
  {
    type: 'page',
    messageId: 'p2',
    userId: 'u2',
    timestamp: '2026-06-23T00:00:00Z',
    properties: { name: 'Docs', path: '/docs' },
  }, // name only in properties
  {
    type: 'screen',
    messageId: 's1',
    userId: 'u2',
    name: 'Home',
    timestamp: '2026-06-24T00:00:00Z',
  },
  {
    type: 'alias',
    messageId: 'x1',
    userId: 'u3',
    previousId: 'anon',
    timestamp: '2026-06-24T00:00:00Z',
  }, // ignored
];

const ndjson = (lines: object[]) => `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;

const program = `
trait revenue_total = user sum "Order Completed".revenue
trait orders = user count "Order Completed"
audience usd_buyers = user where did "Order Completed" where currency = "USD"
audience pro = user where plan = "pro"
audience no_plan = user where plan is not set
audience big_accounts = account where seats >= 12
audience tagged_b = account where tags contains "b"
audience named_acme = account where name = "Acme"
audience pricing = user where did page where path = "/pricing" and name = "Pricing"
audience docs = user where did page where name = "Docs"
audience home = user where did screen where name = "Home"
audience logged_in_accounts = account where any user did "Logged In"
trait email_sql = user sql string """select id, email as value from {{ users }}"""
trait calls_sql = user sql number """select user_id as id, count(*) as value from {{ tracks }} group by 1"""
trait members_sql = account sql number """select account_id as id, count(*) as value from {{ memberships }} group by 1"""
`;

let dir: string;
let project: Project;
let result: EvaluationResult;

function writeProject(sources: string): string {
  const root = mkdtempSync(path.join(dir, 'p-'));
  writeFileSync(
    path.join(root, 'roster.yaml'),
    `name: archive\ntarget: dev\ntargets:\n  dev: { dialect: duckdb }\n  pg: { dialect: postgres, url: "postgres://postgres@127.0.0.1:5432/test" }\n${sources}`,
  );
  writeFileSync(
    path.join(root, 'schema.yml'),
    [
      'account:',
      '  traits: { name: string, seats: number, tags: list }',
      'user:',
      '  traits: { email: string, plan: string }',
      'events:',
      '  Order Completed: { properties: { revenue: number, currency: string } }',
      '  Logged In: {}',
    ].join('\n'),
  );
  return root;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'roster-archive-'));
  const root = writeProject('sources:\n  layout: segment_archive\n  files: "archive/*"\n');
  mkdirSync(path.join(root, 'archive'));
  writeFileSync(path.join(root, 'archive', 'part-1.json.gz'), gzipSync(ndjson(calls)));
  writeFileSync(path.join(root, 'archive', 'part-2.json'), ndjson(moreCalls));
  writeFileSync(path.join(root, 'defs.roster'), program);
  const loaded = await loadProject(root);
  expect(loaded.diagnostics).toEqual([]);
  project = loaded.project as Project;
  const checked = checkProject(project);
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const compiled = tryCompileProject(checked.ir!, {
    dialect: 'duckdb',
    now: NOW,
    sources: project.config.sources,
  });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  const opened = await openWarehouse(project.config.targets.dev!, process.env);
  if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostics));
  try {
    result = await evaluate(opened.warehouse, compiled.compiled);
  } finally {
    await opened.warehouse.close();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const members = (name: string) => [...(result.audiences[name] ?? [])].sort();
const values = (name: string) => Object.fromEntries([...(result.traits[name] ?? new Map())].sort());

describe('layout: segment_archive on DuckDB', () => {
  it('resolves the files against the project folder for every source', () => {
    for (const mapping of Object.values(project.config.sources.mappings)) {
      expect(mapping.table).toBe(path.join(project.config.root, 'archive/*'));
    }
    expect(result.diagnostics).toEqual([]);
  });

  it('reads track calls: properties of the declared type, up to now', () => {
    expect(values('revenue_total')).toEqual({ u1: 100, u2: 0 });
    expect(values('orders')).toEqual({ u1: 2, u2: 0 });
    expect(members('usd_buyers')).toEqual(['u1']);
  });

  it('reads users from identify calls, each trait the newest value of its type', () => {
    expect(members('pro')).toEqual(['u1']);
    expect(members('no_plan')).toEqual(['u2']);
    expect(values('email_sql')).toEqual({ u1: 'a@x.io', u2: 'b@x.io' });
  });

  it('reads accounts and memberships from group calls', () => {
    expect(members('big_accounts')).toEqual(['acct_1']);
    expect(members('tagged_b')).toEqual(['acct_1']);
    expect(members('named_acme')).toEqual(['acct_1']);
    expect(members('logged_in_accounts')).toEqual(['acct_1', 'acct_2']);
    expect(values('members_sql')).toEqual({ acct_1: 2, acct_2: 1 });
  });

  it('reads page and screen calls, the name from the call or else from its properties', () => {
    expect(members('pricing')).toEqual(['u1']);
    expect(members('docs')).toEqual(['u2']);
    expect(members('home')).toEqual(['u2']);
  });

  it('presents {{ tracks }} over every track call, after now included', () => {
    expect(values('calls_sql')).toEqual({ u1: 2, u2: 2 });
  });
});
