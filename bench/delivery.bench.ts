/**
 * Delivery at scale (issue 12, item 8): `roster apply` of a saved plan whose
 * every call is new, to a file and to a Segment-compatible HTTP sink on
 * loopback, with the state on DuckDB and on PostgreSQL.
 *
 * The project: N/2 users, all in one audience synced with identify and track,
 * so the plan has N calls. Source data is generated inside the engine
 * (Parquet files written by DuckDB; a scratch PostgreSQL schema filled by
 * generate_series). Before every run, untimed: the state is emptied, the
 * output removed, and `roster plan --out plan.json` evaluates. The timed run
 * is `roster apply plan.json` only, as users run it (the packed package, no
 * TypeScript loader), in its own process under /usr/bin/time for its peak
 * RSS. The sink runs in another process (bench/delivery-sink.ts), so its CPU
 * is not counted as the apply's (the machine's cores are shared, though).
 *
 * Besides the apply's wall time, the report shows, per case, what the run
 * recorded in its state: the delivery phase's own seconds (reading the
 * transitions, building, sending, checkpoints; apply's `seconds` per
 * destination) as calls per second, the statements the bookkeeping sent, and
 * the apply's peak RSS and CPU time (user + system, its DuckDB threads
 * included; a PostgreSQL server's work is not), and the delivery phase's own
 * memory: its RSS when it began and the most during it (apply's `rssMb` per
 * destination). Each run checks that every call arrived.
 *
 * `npm run bench -- --filter delivery [--calls 100000,1000000] [--runs 3]`;
 * `--calls 20000` for a quick run. Needs PostgreSQL at ROSTER_TEST_PG_URL
 * (default postgres://postgres@127.0.0.1:5432/test); ROSTER_BENCH_ENGINES=duckdb
 * leaves it out.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openDuckDb } from '../src/runtime/warehouses/duckdb.js';
import { openPostgres } from '../src/runtime/warehouses/postgres.js';
import { installOffline, packRoster } from '../test/support/packed-roster.js';
import { median } from './harness.js';
import type { Benchmark, BenchmarkSuite } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const PG_URL = process.env.ROSTER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SIZES = (process.env.ROSTER_BENCH_CALLS ?? '100000,1000000')
  .split(',')
  .map((s) => Number(s.replace(/_/g, '')))
  .filter((n) => Number.isInteger(n) && n >= 2);
const ENGINES = (process.env.ROSTER_BENCH_ENGINES ?? 'duckdb,postgres')
  .split(',')
  .filter((e): e is Engine => e === 'duckdb' || e === 'postgres');
const DESTINATIONS = ['file', 'http'] as const;

type Engine = 'duckdb' | 'postgres';
type Destination = (typeof DESTINATIONS)[number];

interface Scratch {
  engine: Engine;
  calls: number;
  root: string;
  /** PostgreSQL: the sources' and the state's scratch schemas. */
  srcSchema: string;
  stateSchema: string;
}

interface Measurement {
  deliverySeconds: number;
  applySeconds: number;
  planSeconds: number;
  peakRssMb: number;
  /** The delivery phase's RSS at its start and its peak (the run summary's `rssMb`). */
  deliveryRssStartMb: number;
  deliveryRssPeakMb: number;
  cpuSeconds: number;
  statements: number;
  load: number;
}

const SCHEMA_YML = `account:
  traits: { plan: string }
user:
  traits: { role: string }
events:
  Logged In: {}
`;

let installedBin = '';
let packWork = '';
let sink: ChildProcess | undefined;
let sinkPort = 0;
const scratches: Scratch[] = [];
const measured = new Map<string, Measurement[]>();

function rosterYaml(s: Scratch): string {
  const target =
    s.engine === 'duckdb'
      ? '{ dialect: duckdb }'
      : `{ dialect: postgres, url: "${PG_URL}", schema: ${s.srcSchema} }`;
  const sources =
    s.engine === 'duckdb'
      ? ['accounts', 'users', 'memberships', 'tracks']
          .map((t) => `  ${t}: { table: data/${t}.parquet }`)
          .join('\n')
      : `  schema: ${s.srcSchema}`;
  return `name: delivery-bench
schema: schema.yml
paths: [definitions]
target: dev
targets:
  dev: ${target}
destinations:
  file: { type: file, path: out/calls.ndjson }
  http: { type: segment, url: "http://127.0.0.1:${sinkPort}", write_key: bench }
state: { schema: ${s.stateSchema} }
sources:
  layout: json
${sources}
  pages: false
  screens: false
`;
}

/** N/2 users with role Admin, nothing else: every user enters, identify + track each. */
async function generate(s: Scratch): Promise<void> {
  const users = s.calls / 2;
  if (s.engine === 'duckdb') {
    const data = join(s.root, 'data');
    mkdirSync(data, { recursive: true });
    const db = await openDuckDb();
    const copy = (name: string, select: string): Promise<void> =>
      db.execute(`COPY (${select}) TO '${join(data, `${name}.parquet`)}' (FORMAT parquet)`);
    try {
      await copy('accounts', `SELECT 'a' AS id, 'pro' AS plan WHERE false`);
      await copy(
        'users',
        `SELECT 'user-' || lpad(i::VARCHAR, 8, '0') AS id, 'Admin' AS role FROM range(${users}) t(i)`,
      );
      await copy('memberships', `SELECT 'u' AS user_id, 'a' AS account_id WHERE false`);
      await copy(
        'tracks',
        `SELECT 'm' AS message_id, 'u' AS user_id, 'Logged In' AS event, TIMESTAMPTZ '2026-01-01' AS timestamp, ` +
          `NULL::VARCHAR AS group_id, '{}'::JSON AS properties WHERE false`,
      );
    } finally {
      await db.close();
    }
    return;
  }
  const pg = await openPostgres({ url: PG_URL });
  const q = `"${s.srcSchema}"`;
  try {
    await pg.execute(`CREATE SCHEMA ${q}`);
    await pg.execute(`CREATE TABLE ${q}.accounts (id text, plan text)`);
    await pg.execute(`CREATE TABLE ${q}.memberships (user_id text, account_id text)`);
    await pg.execute(
      `CREATE TABLE ${q}.tracks (message_id text, user_id text, event text, timestamp timestamptz, group_id text, properties jsonb)`,
    );
    await pg.execute(
      `CREATE TABLE ${q}.users AS SELECT 'user-' || lpad(i::text, 8, '0') AS id, 'Admin'::text AS role ` +
        `FROM generate_series(0, ${users - 1}) AS i`,
    );
  } finally {
    await pg.close();
  }
}

async function resetState(s: Scratch): Promise<void> {
  rmSync(join(s.root, 'out'), { recursive: true, force: true });
  rmSync(join(s.root, 'plan.json'), { force: true });
  if (s.engine === 'duckdb') {
    rmSync(join(s.root, '.roster'), { recursive: true, force: true });
    return;
  }
  const pg = await openPostgres({ url: PG_URL });
  try {
    await pg.execute(`DROP SCHEMA IF EXISTS "${s.stateSchema}" CASCADE`);
  } finally {
    await pg.close();
  }
}

/** The summary the apply recorded in its state's `runs` row. */
async function appliedSummary(s: Scratch): Promise<Record<string, unknown>> {
  const sql = `SELECT summary FROM "${s.stateSchema}".runs WHERE summary IS NOT NULL`;
  const db =
    s.engine === 'duckdb'
      ? await openDuckDb({ path: join(s.root, '.roster', 'state.duckdb') })
      : await openPostgres({ url: PG_URL });
  try {
    const rows = await db.query(sql);
    if (rows.length !== 1) throw new Error(`expected one applied run, found ${rows.length}`);
    return JSON.parse(String(rows[0]?.summary)) as Record<string, unknown>;
  } finally {
    await db.close();
  }
}

function countLines(file: string): number {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(1 << 20);
  let lines = 0;
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      for (let at = buffer.indexOf(10, 0); at >= 0 && at < read; at = buffer.indexOf(10, at + 1))
        lines++;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}

async function sinkCount(reset = false): Promise<number> {
  const answer = await fetch(`http://127.0.0.1:${sinkPort}/${reset ? 'reset' : 'count'}`, {
    method: reset ? 'POST' : 'GET',
  });
  if (reset) return 0;
  return ((await answer.json()) as { calls: number }).calls;
}

function roster(s: Scratch, args: string[], timeFile?: string): void {
  const command = timeFile
    ? ['/usr/bin/time', '-f', '%M %e %U %S', '-o', timeFile, process.execPath, installedBin]
    : [process.execPath, installedBin];
  const [file, ...rest] = command;
  const result = spawnSync(file!, [...rest, ...args], {
    cwd: s.root,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0)
    throw new Error(`roster ${args.join(' ')} exited ${result.status}: ${String(result.stderr)}`);
}

function caseKey(s: Scratch, destination: Destination): string {
  return `${s.engine} state → ${destination === 'file' ? 'file' : 'HTTP sink'}`;
}

function benchmark(s: Scratch, destination: Destination): Benchmark {
  const timeFile = join(s.root, 'time.txt');
  let planSeconds = 0;
  return {
    name: `apply: ${caseKey(s, destination)}`,
    size: `${s.calls.toLocaleString('en')} calls`,
    before: async () => {
      await resetState(s);
      if (destination === 'http') await sinkCount(true);
      writeFileSync(
        join(s.root, 'definitions', 'main.roster'),
        `audience everyone = user where role = "Admin"\nsync everyone to ${destination} with identify, track\n`,
      );
      const start = performance.now();
      roster(s, ['plan', '--out', 'plan.json']);
      planSeconds = (performance.now() - start) / 1000;
    },
    run: async () => {
      const load = os.loadavg()[0] ?? 0;
      const start = performance.now();
      roster(s, ['apply', 'plan.json'], timeFile);
      const applySeconds = (performance.now() - start) / 1000;
      // Not timed by the harness in spirit: a few ms of reading after the process ended.
      const [rssKb, , user, sys] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
      const summary = await appliedSummary(s);
      const outcome = (summary.outcomes as Array<Record<string, unknown>>)[0] ?? {};
      const arrived =
        destination === 'file'
          ? countLines(join(s.root, 'out', 'calls.ndjson'))
          : await sinkCount();
      if (outcome.delivered !== s.calls || arrived !== s.calls)
        throw new Error(
          `${caseKey(s, destination)}: ${String(outcome.delivered)} calls acknowledged, ${arrived} arrived, ${s.calls} planned`,
        );
      const key = `${caseKey(s, destination)}|${s.calls}`;
      const list = measured.get(key) ?? [];
      list.push({
        deliverySeconds: Number(outcome.seconds),
        applySeconds,
        planSeconds,
        peakRssMb: (rssKb ?? 0) / 1024,
        deliveryRssStartMb: Number((outcome.rssMb as { start?: number } | undefined)?.start),
        deliveryRssPeakMb: Number((outcome.rssMb as { peak?: number } | undefined)?.peak),
        cpuSeconds: (user ?? 0) + (sys ?? 0),
        statements: Number(summary.bookkeepingStatements),
        load,
      });
      measured.set(key, list);
    },
  };
}

/**
 * The delivery phase's own memory (median run): RSS when the destination's
 * delivery began → the most it reached during it, and the difference. The
 * process's peak RSS also holds what came before (reading the plan, checking
 * it against the state).
 */
function deliveryMemory(list: readonly Measurement[]): string {
  const start = median(list.map((m) => m.deliveryRssStartMb));
  const peak = median(list.map((m) => m.deliveryRssPeakMb));
  return `${start.toFixed(0)} → ${peak.toFixed(0)} (+${(peak - start).toFixed(0)})`;
}

function report(): string {
  const header = [
    'case',
    'calls',
    'runs',
    'delivery s (median / min)',
    'calls/s (median / best)',
    'apply s (median)',
    'apply CPU s (median)',
    'calls per apply CPU s',
    'peak RSS MB (median / max)',
    'delivery RSS MB: start → peak (own)',
    'bookkeeping statements',
    'plan s (median)',
    'load avg (1 min)',
  ];
  const rows = [...measured.entries()].map(([key, list]) => {
    const [name, calls] = key.split('|');
    const n = Number(calls);
    const delivery = list.map((m) => m.deliverySeconds);
    const statements = [...new Set(list.map((m) => m.statements))].join(', ');
    const loads = list.map((m) => m.load);
    return [
      name ?? '',
      n.toLocaleString('en'),
      String(list.length),
      `${median(delivery).toFixed(2)} / ${Math.min(...delivery).toFixed(2)}`,
      `${Math.round(n / median(delivery)).toLocaleString('en')} / ${Math.round(n / Math.min(...delivery)).toLocaleString('en')}`,
      median(list.map((m) => m.applySeconds)).toFixed(2),
      median(list.map((m) => m.cpuSeconds)).toFixed(2),
      Math.round(n / median(list.map((m) => m.cpuSeconds))).toLocaleString('en'),
      `${median(list.map((m) => m.peakRssMb)).toFixed(0)} / ${Math.max(...list.map((m) => m.peakRssMb)).toFixed(0)}`,
      deliveryMemory(list),
      statements,
      median(list.map((m) => m.planSeconds)).toFixed(2),
      `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
    ];
  });
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [
    'Delivery (from each run’s state and /usr/bin/time):',
    '',
    line(header),
    line(header.map((_, i) => (i === 0 ? '---' : '---:'))),
    ...rows.map(line),
  ].join('\n');
}

async function startSink(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'delivery-sink.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  sink = child;
  sinkPort = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (part: Buffer) => {
      text += part.toString('utf8');
      const line = text.split('\n')[0];
      if (text.includes('\n') && line) resolve(Number(line));
    });
    child.on('exit', (code) => reject(new Error(`the HTTP sink exited (${code})`)));
  });
}

const suite: BenchmarkSuite = {
  name: 'delivery',
  runs: 3,
  warmup: 0,
  setup: async () => {
    packWork = mkdtempSync(join(tmpdir(), 'roster-delivery-'));
    const app = join(packWork, 'app');
    installOffline(packRoster(join(packWork, 'pack')), app);
    installedBin = join(app, 'node_modules', 'roster', 'bin', 'roster.js');
    await startSink();
    for (const scratch of scratches) {
      mkdirSync(join(scratch.root, 'definitions'), { recursive: true });
      writeFileSync(join(scratch.root, 'schema.yml'), SCHEMA_YML);
      writeFileSync(join(scratch.root, 'roster.yaml'), rosterYaml(scratch));
      await generate(scratch);
    }
  },
  teardown: async () => {
    sink?.kill('SIGTERM');
    if (packWork) rmSync(packWork, { recursive: true, force: true });
    for (const scratch of scratches) {
      if (scratch.engine === 'postgres') {
        const pg = await openPostgres({ url: PG_URL });
        try {
          await pg.execute(`DROP SCHEMA IF EXISTS "${scratch.srcSchema}" CASCADE`);
          await pg.execute(`DROP SCHEMA IF EXISTS "${scratch.stateSchema}" CASCADE`);
        } finally {
          await pg.close();
        }
      }
      if (existsSync(scratch.root)) rmSync(scratch.root, { recursive: true, force: true });
    }
  },
  report,
  benchmarks: [],
};

for (const calls of SIZES) {
  for (const engine of ENGINES) {
    const suffix = randomBytes(4).toString('hex');
    const scratch: Scratch = {
      engine,
      calls: calls - (calls % 2),
      root: mkdtempSync(join(tmpdir(), `roster-delivery-${engine}-`)),
      srcSchema: `roster_bench_src_${suffix}`,
      stateSchema: engine === 'postgres' ? `roster_bench_state_${suffix}` : 'roster_state',
    };
    scratches.push(scratch);
    for (const destination of DESTINATIONS) suite.benchmarks.push(benchmark(scratch, destination));
  }
}

export default suite;
