/**
 * What goes wrong where roster meets a warehouse or a destination
 * (code-examples.ts): sources, SQL traits, the state, plans and applies, each
 * shown on a small project with data (an in-memory DuckDB over NDJSON files)
 * through the real command line.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject } from '../../src/project/load-project.js';
import { openWarehouse } from '../../src/runtime/open-warehouse.js';
import { openStateLocation, stateTable } from '../../src/runtime/state/location.js';
import { acquireLock } from '../../src/runtime/state/lock.js';
import type { CodeExample } from './code-examples.js';
import {
  DATA,
  DATA_DEFINITIONS,
  DATA_ROSTER_YAML,
  DATA_SCHEMA_YML,
  dataProject,
  NOW,
} from './example-projects.js';
import { sqlStage } from '../../src/sql/index.js';

const LATER = '2026-07-01T00:00:00Z';
const PLAN = ['plan', '--now', NOW];
const APPLY = ['apply', '--now', NOW, '--auto-approve'];
const APPLY_LATER = ['apply', '--now', LATER, '--auto-approve'];

/** roster.yaml of the data project with `line` replaced, or `extra` appended. */
const rosterYaml = (line: string | undefined, replacement: string): string => {
  if (line === undefined) return `${DATA_ROSTER_YAML}${replacement}`;
  if (!DATA_ROSTER_YAML.includes(line)) throw new Error(`no line ${line}`);
  return DATA_ROSTER_YAML.replace(line, replacement);
};

/** Runs `body` on the project's state, as another process would. */
async function onState(
  root: string,
  body: (
    exec: (sql: string) => Promise<void>,
    location: Awaited<ReturnType<typeof openStateLocation>>,
    warehouse: Parameters<typeof acquireLock>[0],
  ) => Promise<void>,
): Promise<void> {
  const { project } = await loadProject(root, { env: {} });
  const target = project!.config.targets.dev!;
  const opened = await openWarehouse(target, {});
  if (!opened.ok) throw new Error(opened.diagnostics.map((d) => d.message).join('\n'));
  try {
    const location = await openStateLocation(
      opened.warehouse,
      project!.config,
      target,
      sqlStage.dialect(target.dialect),
    );
    await body(
      (sql) =>
        opened.warehouse.execute(
          sql.replace(/\{(\w+)\}/g, (_, t: string) => stateTable(location, t)),
        ),
      location,
      opened.warehouse,
    );
  } finally {
    await opened.warehouse.close();
  }
}

/** Another apply, started by CI, holds the lock. */
const lockedByCi = (root: string) =>
  onState(root, async (_exec, location, warehouse) => {
    const taken = await acquireLock(warehouse, location, {
      runId: 'r20260630t090000_a1b2c3',
      holder: 'ci@build-7',
      host: 'build-7',
      pid: 4242,
      startedAt: '2026-06-30T09:00:00.000Z',
    });
    if (!taken.ok) throw new Error('the lock was taken');
  });

/** The lease's end is the warehouse's clock: masked, as it differs from run to run. */
const LEASE: [RegExp, string] = [/lease until [0-9T:.Z-]+/g, 'lease until <time>'];

const data = (files: Record<string, string>) => (root: string) => {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
};

const example = (
  code: string,
  meant: string,
  replace: Record<string, string>,
  commands: string[][],
  extra: Partial<CodeExample> = {},
): CodeExample => ({
  code,
  meant,
  files: dataProject(replace),
  show: Object.keys(replace).filter((f) => !f.startsWith('data/')),
  commands,
  ...extra,
});

const ndjson = (rows: readonly object[]): string =>
  rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** The definitions of the data project and one that reads the accounts' `seats`. */
const READS_SEATS = `${DATA_DEFINITIONS}audience big = account where seats >= 5\n`;

export const runtimeExamples: CodeExample[] = [
  // ------------------------------------------------------------ sources and SQL traits
  example(
    'runtime-source-value',
    'a seat count typed as a word in the accounts data',
    {
      'data/accounts.ndjson': ndjson([
        { id: 'a1', plan: 'pro', seats: 10 },
        { id: 'a2', plan: 'pro', seats: 'ten' },
      ]),
      'schema.yml': DATA_SCHEMA_YML,
      'audiences/a.roster': READS_SEATS,
    },
    [PLAN],
    { show: ['data/accounts.ndjson', 'schema.yml'] },
  ),
  example(
    'runtime-source-column',
    'an accounts table whose seat count column is named otherwise than the trait',
    {
      'data/accounts.ndjson': ndjson([{ id: 'a1', plan: 'pro', n_seats: 10 }]),
      'roster.yaml': DATA_ROSTER_YAML,
      'audiences/a.roster': READS_SEATS,
    },
    [PLAN],
    { show: ['data/accounts.ndjson', 'roster.yaml'] },
  ),
  example(
    'runtime-setup-failed',
    'an accounts file with a line that is not JSON (a key without quotes)',
    {
      'data/accounts.ndjson': '{"id":"a1","plan":"pro","seats":10}\n{"id":"a2",plan:"pro"}\n',
      'roster.yaml': DATA_ROSTER_YAML,
    },
    [PLAN],
    { show: ['data/accounts.ndjson'] },
  ),
  example(
    'runtime-source-missing',
    'a source file named otherwise than the file on disk',
    {
      'roster.yaml': rosterYaml(
        '  tracks: { table: data/tracks.ndjson }',
        '  tracks: { table: data/events.ndjson }',
      ),
    },
    [PLAN],
  ),
  example(
    'runtime-bad-setting',
    'a DuckDB memory limit in words',
    {
      'roster.yaml': rosterYaml(
        '  dev: { dialect: duckdb }',
        '  dev: { dialect: duckdb, memory_limit: lots }',
      ),
    },
    [PLAN],
  ),
  example(
    'plan-duplicate-ids',
    'an accounts table with one row per plan change',
    { 'data/accounts.ndjson': ndjson([...DATA.accounts, { id: 'a1', plan: 'free', seats: 10 }]) },
    [PLAN],
  ),
  example(
    'plan-no-memberships',
    'a group sync of users’ accounts without a memberships source',
    {
      'roster.yaml': rosterYaml(
        '  memberships: { table: data/memberships.ndjson }',
        '  memberships: false',
      ),
      'audiences/a.roster': DATA_DEFINITIONS.replace(
        'sync pro to audit with group',
        'sync pro to audit with identify',
      ),
    },
    [PLAN],
  ),
  example(
    'sql-trait-error',
    'an SQL trait reading a column the table does not have',
    {
      'audiences/a.roster': `${DATA_DEFINITIONS}trait arr = account sql number """select id, arr_usd as value from {{ accounts }}"""\nsync arr to audit with group\n`,
    },
    [PLAN],
  ),
  example(
    'sql-trait-shape',
    'an SQL trait whose value column is not called `value`',
    {
      'audiences/a.roster': `${DATA_DEFINITIONS}trait size = account sql number """select id, seats from {{ accounts }}"""\nsync size to audit with group\n`,
    },
    [PLAN],
  ),
  // ------------------------------------------------------------ the state
  example('state-other-project', 'two projects given the same state schema', {}, [PLAN, PLAN], {
    between: {
      1: data({ 'roster.yaml': DATA_ROSTER_YAML.replace('name: acme', 'name: acme_eu') }),
    },
  }),
  example('state-recreated', 'a state table dropped by hand', {}, [APPLY, PLAN], {
    between: { 1: (root) => onState(root, (exec) => exec('DROP TABLE {delivered}')) },
  }),
  example('apply-locked', 'an apply while another is running', {}, [PLAN, APPLY], {
    between: { 1: lockedByCi },
    mask: [LEASE],
  }),
  example(
    'apply-unlock-mismatch',
    'force-unlock with another run’s id',
    {},
    [PLAN, ['force-unlock', 'r20260629t080000_ffffff']],
    { between: { 1: lockedByCi }, mask: [LEASE] },
  ),
  // ------------------------------------------------------------ guards
  example(
    'apply-mass-exit',
    'the accounts source emptied of pro accounts by a broken load',
    {},
    [APPLY, APPLY_LATER],
    {
      between: {
        1: data({
          'data/accounts.ndjson': ndjson(DATA.accounts.map((a) => ({ ...a, plan: 'free' }))),
        }),
      },
    },
  ),
  example(
    'apply-mass-enter',
    'every user made an admin by a bad backfill',
    { 'roster.yaml': rosterYaml(undefined, 'apply: { mass_enter_threshold: 0.5 }\n') },
    [APPLY, APPLY_LATER],
    {
      between: {
        1: data({
          'data/users.ndjson': ndjson([
            ...DATA.users.map((u) => ({ ...u, role: 'Admin' })),
            { id: 'u4', role: 'Admin' },
            { id: 'u5', role: 'Admin' },
          ]),
        }),
      },
    },
  ),
  example(
    'apply-size-drift',
    'an audience that doubled since the last applies',
    {
      'roster.yaml': rosterYaml(
        undefined,
        'apply: { size_drift_threshold: 0.3, size_drift_runs: 1 }\n',
      ),
    },
    [APPLY, APPLY_LATER],
    {
      between: {
        1: data({
          'data/accounts.ndjson': ndjson([
            ...DATA.accounts,
            { id: 'a4', plan: 'pro', seats: 2 },
            { id: 'a5', plan: 'pro', seats: 2 },
          ]),
        }),
      },
    },
  ),
  example('apply-source-shrink', 'a users table loaded half-way', {}, [APPLY, APPLY_LATER], {
    between: {
      1: data({ 'data/users.ndjson': ndjson(DATA.users.slice(0, 1)) }),
    },
  }),
  // ------------------------------------------------------------ destinations
  example(
    'runtime-connection-failed',
    'a PostgreSQL target whose server is not running',
    {
      'roster.yaml': rosterYaml(
        '  dev: { dialect: duckdb }',
        '  dev: { dialect: duckdb }\n  pg: { dialect: postgres, url: "postgres://roster@127.0.0.1:9/analytics", connect_timeout: "2" }',
      ),
    },
    [['plan', '--now', NOW, '--target', 'pg']],
  ),
  example(
    'runtime-driver-missing',
    'a Snowflake target on a machine without its driver',
    {
      'roster.yaml': rosterYaml(
        '  dev: { dialect: duckdb }',
        '  dev: { dialect: duckdb }\n  sf: { dialect: snowflake, account: acme-eu, user: roster, password: secret }',
      ),
    },
    [['plan', '--now', NOW, '--target', 'sf']],
  ),
  example(
    'runtime-unsupported-dialect',
    'tests run on a Snowflake target',
    {
      'roster.yaml': rosterYaml(
        '  dev: { dialect: duckdb }',
        '  dev: { dialect: duckdb }\n  sf: { dialect: snowflake, account: acme-eu, user: roster, password: secret }',
      ),
      'audiences/admins.test.yml':
        'now: "2026-06-30"\ndata:\n  users: [{ id: u1, role: Admin }]\nexpect:\n  audiences:\n    admins: [u1]\n',
    },
    [['test', '--target', 'sf']],
  ),
  example(
    'sql-layout-unsupported',
    'Segment’s raw archive files read from a PostgreSQL target',
    {
      'roster.yaml': rosterYaml(
        '  dev: { dialect: duckdb }',
        '  dev: { dialect: duckdb }\n  pg: { dialect: postgres, url: "postgres://roster@127.0.0.1:9/analytics" }',
      ).replace(
        /sources:[\s\S]*$/,
        'sources:\n  layout: segment_archive\n  files: archive/*.json.gz\n',
      ),
    },
    [['compile', '--target', 'pg']],
  ),
  example('state-unavailable', 'the state folder `.roster` taken by a file', {}, [PLAN], {
    around: async (root) => {
      writeFileSync(join(root, '.roster'), 'notes\n');
      return async () => {};
    },
  }),
  example(
    'apply-destination-failed',
    'a webhook whose server is not running',
    {
      'roster.yaml': rosterYaml(
        '  audit: { type: file, path: out/calls.ndjson }',
        '  audit: { type: webhook, url: "http://127.0.0.1:9/calls", max_retries: "0", timeout: "2" }',
      ),
    },
    [APPLY],
  ),
];

/** Values the warehouse computes that roster cannot take. */
export const valueExamples: CodeExample[] = [
  example(
    'runtime-trait-value',
    'a sum too large for a number',
    {
      'schema.yml':
        'account:\n  traits: { plan: string, seats: number }\nuser:\n  traits: { role: string }\nevents:\n  Logged In:\n    properties: { revenue: number }\n',
      'audiences/a.roster': `${DATA_DEFINITIONS}trait total = user sum "Logged In".revenue\nsync total to audit with identify\n`,
      'data/tracks.ndjson': ndjson([
        { ...DATA.tracks[0]!, properties: { revenue: 1e308 } },
        { ...DATA.tracks[0]!, message_id: 'm2', properties: { revenue: 1e308 } },
      ]),
    },
    [['preview', 'total', '--now', NOW]],
  ),
];
