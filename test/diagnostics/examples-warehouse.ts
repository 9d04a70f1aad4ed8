/**
 * What another process, a warehouse or a receiver does to a run
 * (code-examples.ts), each made to happen for real: a DuckDB session holding
 * the state file, a schema of the user's own named as the state schema, a
 * call too large for Segment, and PostgreSQL (ROSTER_TEST_PG_URL, else the
 * local `test` database) refusing a value, a role without grants, a view on
 * a snapshot, a locked state table and a connection cut mid-apply. Names
 * that must differ from run to run (roles, schemas, ports, process ids)
 * are masked in what the page shows.
 */
import { spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { connect as connectTcp, createServer as createTcpServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { openPostgres } from '../../src/runtime/warehouses/postgres.js';
import { PG_URL } from '../runtime/apply/project.js';
import type { CodeExample } from './code-examples.js';
import {
  DATA,
  DATA_DEFINITIONS,
  DATA_ROSTER_YAML,
  DATA_SCHEMA_YML,
  dataProject,
  NOW,
  RUN_ID,
} from './example-projects.js';

const APPLY = ['apply', '--now', NOW, '--auto-approve'];
const PLAN = ['plan', '--now', NOW];

/** roster.yaml of the data project with `line` replaced. */
const rosterYaml = (line: string, replacement: string): string => {
  if (!DATA_ROSTER_YAML.includes(line)) throw new Error(`no line ${line}`);
  return DATA_ROSTER_YAML.replace(line, replacement);
};

const DUCKDB_MODULE = pathToFileURL(
  createRequire(import.meta.url).resolve('@duckdb/node-api'),
).href;

/**
 * A DuckDB session in another process with `file` open, as a person looking
 * at roster's tables in a notebook would have: started, and stopped (by its
 * own process id) when the example ends.
 */
async function duckdbSessionOn(file: string): Promise<() => Promise<void>> {
  const script = `const { DuckDBInstance } = await import(${JSON.stringify(DUCKDB_MODULE)});
const db = await DuckDBInstance.create(${JSON.stringify(file)});
const c = await db.connect();
await c.run('select 1');
process.stdout.write('ready\\n');
process.stdin.resume();
// The handler holds db and c: once the module has run, nothing else does, and a
// collected instance closes the file and frees its lock before the plan runs.
process.stdin.on('end', () => { c.closeSync(); db.closeSync(); process.exit(0); });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the DuckDB session exited with ${code}`)));
  });
  return async () => {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.stdin.end();
    await exited;
  };
}

/** The DuckDB session each example project's state file is open in, to close when it ends. */
const sessions = new Map<string, () => Promise<void>>();

/** PG_URL as user `user`. */
function urlAs(user: string): string {
  const url = new URL(PG_URL);
  url.username = user;
  return url.toString();
}

/** The role the PostgreSQL examples connect as, masked: a new one is made for every run. */
const ROLE = 'roster_ci';

/** A PostgreSQL target `pg` of the data project connecting as ROLE, with its own state schema. */
const PG_ROSTER_YAML = `${rosterYaml(
  '  dev: { dialect: duckdb }',
  `  dev: { dialect: duckdb }\n  pg: { dialect: postgres, url: "${urlAs(ROLE)}", connect_timeout: "5" }`,
)}state: { schema: roster_state }\n`;

/**
 * Makes ROLE real for one run: a new login role with no grant (as `CREATE
 * ROLE … LOGIN` leaves it) and a state schema name of its own, written into
 * the project's roster.yaml; dropped when the example ends.
 */
async function freshRole(root: string): Promise<() => Promise<void>> {
  const suffix = randomBytes(4).toString('hex');
  const role = `${ROLE}_${suffix}`;
  const file = join(root, 'roster.yaml');
  writeFileSync(
    file,
    readFileSync(file, 'utf8')
      .replace(`//${ROLE}@`, `//${role}@`)
      .replace('schema: roster_state }', `schema: roster_state_${suffix} }`),
  );
  const admin = await openPostgres({ url: PG_URL });
  await admin.execute(`CREATE ROLE ${role} LOGIN`);
  await admin.close();
  return async () => {
    const db = await openPostgres({ url: PG_URL });
    await db.execute(`DROP OWNED BY ${role}`);
    await db.execute(`DROP ROLE ${role}`);
    await db.close();
  };
}

/** The role and state schema of a run, as roster.yaml names them. */
const ROLE_MASKS: Array<[RegExp, string]> = [
  [new RegExp(`${ROLE}_[0-9a-f]{8}`, 'g'), ROLE],
  [/roster_state_[0-9a-f]{8}/g, 'roster_state'],
];

/**
 * The data project on PostgreSQL: the sources as tables of schema
 * `analytics`, the state in `roster_state`, roster connecting as the
 * database's owner (ROSTER_TEST_PG_URL, else the local `test` database).
 */
const PG_DATA_YAML = `name: acme
paths: [audiences]
target: pg
targets:
  pg: { dialect: postgres, url: "${PG_URL}", schema: analytics }
destinations:
  audit: { type: file, path: out/calls.ndjson }
state: { schema: roster_state }
sources:
  layout: json
  schema: analytics
  pages: false
  screens: false
`;

const pgDataProject = (roster = PG_DATA_YAML, definitions = DATA_DEFINITIONS) => ({
  'roster.yaml': roster,
  'schema.yml': DATA_SCHEMA_YML,
  'audiences/a.roster': definitions,
});

/** A PostgreSQL string literal. */
const lit = (v: unknown): string =>
  v === null || v === undefined ? 'null' : `'${String(v).replaceAll("'", "''")}'`;

/** What a PostgreSQL example made for one run, and how to run SQL as the owner meanwhile. */
interface PgRun {
  analytics: string;
  state: string;
  /** Replaces `{analytics}` and `{state}` in `sql` with this run's schemas and runs it as the owner. */
  sql: (sql: string) => Promise<void>;
  /** Another session of the owner, kept open (its locks held) until the example ends. */
  session: () => Promise<(sql: string) => Promise<void>>;
  /** Runs when the example ends, before the schemas are dropped. */
  onStop: Array<() => Promise<void>>;
}

const pgRuns = new Map<string, PgRun>();

/**
 * Makes the schemas of PG_DATA_YAML real for one run (named apart from any
 * other run's, and written so into the project's roster.yaml), fills the
 * sources with DATA, and drops everything when the example ends.
 */
async function pgData(root: string, rewrite: (yaml: string) => string = (y) => y) {
  const suffix = randomBytes(4).toString('hex');
  const analytics = `analytics_${suffix}`;
  const state = `roster_state_${suffix}`;
  const file = join(root, 'roster.yaml');
  writeFileSync(
    file,
    rewrite(
      readFileSync(file, 'utf8')
        .replaceAll('schema: analytics', `schema: ${analytics}`)
        .replace('schema: roster_state }', `schema: ${state} }`),
    ),
  );
  const admin = await openPostgres({ url: PG_URL });
  const sessions: Array<{ close: () => Promise<void> }> = [];
  const run: PgRun = {
    analytics,
    state,
    sql: (sql) =>
      admin.execute(sql.replaceAll('{analytics}', analytics).replaceAll('{state}', state)),
    session: async () => {
      const db = await openPostgres({ url: PG_URL });
      sessions.push(db);
      return (sql) =>
        db.execute(sql.replaceAll('{analytics}', analytics).replaceAll('{state}', state));
    },
    onStop: [],
  };
  const rows = (table: string, columns: string[], values: unknown[][]) =>
    run.sql(
      `INSERT INTO "{analytics}".${table} (${columns.join(', ')}) VALUES ${values.map((r) => `(${r.map(lit).join(', ')})`).join(', ')}`,
    );
  await run.sql(`CREATE SCHEMA "{analytics}"`);
  await run.sql(`CREATE TABLE "{analytics}".accounts (id text, plan text, seats double precision)`);
  await run.sql(`CREATE TABLE "{analytics}".users (id text, role text)`);
  await run.sql(`CREATE TABLE "{analytics}".memberships (user_id text, account_id text)`);
  await run.sql(
    `CREATE TABLE "{analytics}".tracks (message_id text, user_id text, event text, timestamp timestamptz, group_id text, properties jsonb)`,
  );
  await rows(
    'accounts',
    ['id', 'plan', 'seats'],
    DATA.accounts.map((a) => [a.id, a.plan, a.seats]),
  );
  await rows(
    'users',
    ['id', 'role'],
    DATA.users.map((u) => [u.id, u.role]),
  );
  await rows(
    'memberships',
    ['user_id', 'account_id'],
    DATA.memberships.map((m) => [m.user_id, m.account_id]),
  );
  await rows(
    'tracks',
    ['message_id', 'user_id', 'event', 'timestamp', 'group_id', 'properties'],
    DATA.tracks.map((t) => [
      t.message_id,
      t.user_id,
      t.event,
      t.timestamp,
      t.group_id,
      JSON.stringify(t.properties),
    ]),
  );
  pgRuns.set(root, run);
  return async () => {
    pgRuns.delete(root);
    try {
      for (const stop of run.onStop) await stop();
      for (const db of sessions) await db.close();
      await run.sql(`DROP SCHEMA IF EXISTS "{analytics}" CASCADE`);
      await run.sql(`DROP SCHEMA IF EXISTS "{state}" CASCADE`);
    } finally {
      await admin.close();
    }
  };
}

/** The PostgreSQL run of the example project at `root`. */
function pgRun(root: string): PgRun {
  const run = pgRuns.get(root);
  if (!run) throw new Error('no PostgreSQL run for this example');
  return run;
}

/** The schemas of a run, as roster.yaml names them. */
const PG_MASKS: Array<[RegExp, string]> = [
  [/analytics_[0-9a-f]{8}/g, 'analytics'],
  [/roster_state_[0-9a-f]{8}/g, 'roster_state'],
];

/**
 * The data project on PostgreSQL reached through a local TCP proxy, with a
 * webhook destination: when the webhook receives the first call, the proxy
 * cuts every connection and stops listening, as a network that drops the
 * database mid-apply does (a failover, a VPN dropping). The webhook answers
 * 200, so roster goes on, and finds the database gone.
 */
async function connectionLostMidApply(root: string): Promise<() => Promise<void>> {
  const upstream = new URL(PG_URL);
  const sockets = new Set<Socket>();
  const proxy = createTcpServer((client) => {
    const server = connectTcp(Number(upstream.port || 5432), upstream.hostname);
    for (const socket of [client, server]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(server).pipe(client);
  });
  const cut = () => {
    proxy.close();
    for (const socket of sockets) socket.destroy();
  };
  const webhook = createHttpServer((request, response) => {
    request.resume();
    request.on('end', () => {
      cut();
      response.end('{}');
    });
  });
  const listen = (server: typeof proxy | typeof webhook) =>
    new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    );
  const proxyPort = await listen(proxy);
  const webhookPort = await listen(webhook);
  const stopData = await pgData(root, (yaml) =>
    yaml
      .replace(`@${upstream.host}/`, `@127.0.0.1:${proxyPort}/`)
      .replace('127.0.0.1:8080', `127.0.0.1:${webhookPort}`),
  );
  return async () => {
    cut();
    webhook.close();
    await stopData();
  };
}

/** The data project on PostgreSQL at port 5432, with a webhook destination at port 8080. */
const LOST_YAML = PG_DATA_YAML.replace(
  'audit: { type: file, path: out/calls.ndjson }',
  'audit: { type: webhook, url: "http://127.0.0.1:8080/calls", max_retries: "0" }',
).replace(`@${new URL(PG_URL).host}/`, '@127.0.0.1:5432/');

/** The ports of a run's proxy and webhook, as roster.yaml names them. */
const PORT_MASKS: Array<[RegExp, string]> = [[/127\.0\.0\.1:\d+/g, '127.0.0.1:5432']];

/** A process id, different on every run. */
const PID: [RegExp, string] = [/PID \d+/g, 'PID 48213'];

export const warehouseExamples: CodeExample[] = [
  {
    code: 'state-busy',
    meant: 'a plan while the state file is open in a DuckDB session, to look at roster’s tables',
    files: dataProject(),
    show: [],
    commands: [APPLY, PLAN],
    between: {
      1: async (root) => {
        sessions.set(root, await duckdbSessionOn(join(root, '.roster', 'state.duckdb')));
      },
    },
    around: (root) =>
      Promise.resolve(async () => {
        await sessions.get(root)?.();
        sessions.delete(root);
      }),
    mask: [PID],
  },
  {
    code: 'state-foreign-schema',
    meant: 'the state kept in the DuckDB file’s `main` schema, next to the user’s own tables',
    files: dataProject({
      'roster.yaml': `${rosterYaml(
        '  dev: { dialect: duckdb }',
        '  dev: { dialect: duckdb, path: warehouse.duckdb }',
      )}state: { schema: main }\n`,
    }),
    show: ['roster.yaml'],
    commands: [PLAN],
    around: async (root) => {
      const db = await DuckDBInstance.create(join(root, 'warehouse.duckdb'));
      const c = await db.connect();
      await c.run('create table orders (id varchar, total double)');
      c.closeSync();
      db.closeSync();
      return async () => {};
    },
  },
  {
    code: 'apply-calls-quarantined',
    meant: 'a trait whose value is larger than Segment takes in one call',
    files: dataProject({
      'audiences/a.roster': `${DATA_DEFINITIONS}trait notes = user sql string """select id, repeat('x', 40000) as value from {{ users }}"""\nsync notes to audit with identify\n`,
    }),
    show: ['audiences/a.roster'],
    commands: [APPLY],
    mask: [RUN_ID, [/\([0-9a-f-]{36}\)/g, '(6b1f3c2e-0d4a-8e5b-9c7d-1a2b3c4d5e6f)']],
  },
  {
    code: 'runtime-fixtures-failed',
    meant: 'a test row with the date `0000-01-01` for “never”, run on PostgreSQL',
    files: {
      ...dataProject({
        'roster.yaml': rosterYaml(
          '  dev: { dialect: duckdb }',
          `  dev: { dialect: duckdb }\n  pg: { dialect: postgres, url: "${PG_URL}" }`,
        ),
        'schema.yml':
          'account:\n  traits: { plan: string, seats: number }\nuser:\n  traits: { role: string, signed_up_at: timestamp }\nevents:\n  Logged In: {}\n',
      }),
      'audiences/admins.test.yml':
        'now: "2026-06-30"\ndata:\n  users:\n    - { id: u1, role: Admin, signed_up_at: "2026-03-02" }\n    - { id: u2, role: Admin, signed_up_at: "0000-01-01" }\nexpect:\n  audiences:\n    admins: [u1, u2]\n',
    },
    show: ['audiences/admins.test.yml'],
    commands: [['test', '--target', 'pg']],
  },
  {
    code: 'runtime-permission-denied',
    meant: 'a plan as a new PostgreSQL role given no grant',
    files: dataProject({ 'roster.yaml': PG_ROSTER_YAML }),
    show: ['roster.yaml'],
    commands: [['plan', '--now', NOW, '--target', 'pg']],
    around: freshRole,
    mask: ROLE_MASKS,
  },
  {
    code: 'runtime-scratch-schema',
    meant: 'tests run on PostgreSQL as a role that may not create schemas',
    files: {
      ...dataProject({ 'roster.yaml': PG_ROSTER_YAML }),
      'audiences/admins.test.yml':
        'now: "2026-06-30"\ndata:\n  users: [{ id: u1, role: Admin }]\nexpect:\n  audiences:\n    admins: [u1]\n',
    },
    show: [],
    commands: [['test', '--target', 'pg']],
    around: freshRole,
    mask: ROLE_MASKS,
  },
  {
    code: 'plan-snapshot-drop-failed',
    meant: 'a view made on a saved plan’s snapshot table, to review it before the apply',
    files: pgDataProject(),
    show: [],
    commands: [
      ['plan', '--now', NOW, '--out', 'plan.json'],
      ['apply', 'plan.json'],
    ],
    between: {
      1: async (root) => {
        const plan = JSON.parse(readFileSync(join(root, 'plan.json'), 'utf8')) as {
          tables: { results: string };
        };
        await pgRun(root).sql(
          `CREATE VIEW "{analytics}".pro_review AS SELECT * FROM "{state}"."${plan.tables.results}"`,
        );
      },
    },
    around: (root) => pgData(root),
    mask: [...PG_MASKS, RUN_ID],
  },
  {
    code: 'plan-evaluation-failed',
    meant: 'a plan while a maintenance job holds a lock on roster’s `snapshots` table',
    files: pgDataProject(
      PG_DATA_YAML.replace(
        ', schema: analytics }',
        ', schema: analytics, statement_timeout: "5" }',
      ),
    ),
    show: ['roster.yaml'],
    commands: [APPLY, PLAN],
    between: {
      1: async (root) => {
        const maintenance = await pgRun(root).session();
        await maintenance('BEGIN');
        await maintenance('LOCK TABLE "{state}".snapshots IN EXCLUSIVE MODE');
      },
    },
    around: (root) => pgData(root),
    mask: PG_MASKS,
  },
  {
    code: 'apply-failed',
    meant: 'the connection to PostgreSQL lost in the middle of an apply',
    files: pgDataProject(LOST_YAML),
    show: ['roster.yaml'],
    commands: [APPLY],
    around: connectionLostMidApply,
    mask: [...PG_MASKS, ...PORT_MASKS, RUN_ID],
  },
  {
    code: 'apply-unlock-failed',
    meant: 'the connection to PostgreSQL lost in the middle of an apply, and not back by its end',
    files: pgDataProject(LOST_YAML),
    show: ['roster.yaml'],
    commands: [APPLY],
    around: connectionLostMidApply,
    mask: [...PG_MASKS, ...PORT_MASKS, RUN_ID],
  },
];
