/**
 * Evaluation at scale (issue 14.1): the benchmark program (bench/scale/program:
 * 66 definitions covering LANGUAGE.md §1–11, plus the example project's
 * sequence, lifecycle conditions, `count users` and split of §12) over generated data at scale
 * factor `--sf` (bench/scale/data.ts; SF1 = 20,000 accounts, 200,000 users,
 * 20 M tracks, 2 M pages), roster against two baselines
 * (bench/scale/contenders.ts): the practical limit, hand-written SQL that
 * reads the track rows once and parses each row's properties once
 * (bench/hand-written/b2b-saas.sql + scale-extra.sql), and a naive compile
 * (b2b-saas-naive.sql + scale-extra-naive.sql).
 *
 *   npm run bench -- --filter scale --sf 0.1 [--runs 5] [--contenders roster,hand-written]
 *   npm run bench -- --filter scale --sf 0.1 --runs 5 --contenders roster,roster-v2
 *
 * The second form measures what a 3-step sequence and a `regularly`
 * condition add (roster-v2: bench/scale/program-v2), per round and in medians.
 *
 *   npm run bench -- --filter scale --sf 0.1 --runs 3 --contenders roster,roster-plan,roster-replan
 *
 * measures `roster plan` against the evaluation alone (issue 14.3; bench/scale/plan.ts):
 * on an empty state, and after an apply of the same results.
 *
 *   npm run bench -- --filter scale --sf 0.1 --runs 3 --contenders roster-5,roster-50,roster-all-events
 *
 * measures how the evaluation grows from 5 to 50 of the program's definitions;
 * add roster-all-events (the 6 of the 50 that read every event source the 50
 * read, bench/scale/contenders.ts) to see the growth once every event is read.
 *
 *   npm run bench -- --filter scale --sf 0.1 --engine postgres --contenders roster,hand-written
 *
 * runs on PostgreSQL (ROSTER_BENCH_PG_URL, by default the local server's
 * database `test`): the data is copied there once per scale factor and seed
 * (bench/scale/postgres-data.ts), the limit is bench/hand-written/postgres/,
 * and the CPU that counts is the server's (the sessions' backends and their
 * parallel workers, bench/scale/server-cpu.ts), shown next to the client's.
 *
 * Every contender runs in a child process of its own (bench/scale/child.ts),
 * so its peak RSS is its alone; the runs are interleaved (roster, hand,
 * naive, then naive, hand, roster, …) so a noisy neighbour hurts all alike.
 * Before any timing, a child checks that both baselines' results equal
 * roster's for every definition (and roster-v2's on those it shares with
 * roster), or the benchmark stops. The times are the evaluation alone
 * (process start and module loading excluded), compile included for roster,
 * in wall time and in the child's CPU time (user + system, DuckDB's threads
 * included), which a shared machine disturbs far less than wall time.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './harness.js';
import type { BenchmarkSuite } from './harness.js';
import { ensureScaleData } from './scale/data.js';
import type { ScaleData } from './scale/data.js';
import { selectedContenders, selectedEngine } from './scale/contenders.js';
import { ensureScalePostgres } from './scale/postgres-data.js';
import type { ScalePostgres } from './scale/postgres-data.js';
import type { CheckOutcome, Contender } from './scale/contenders.js';

const PLAN_CASES = {
  'roster-plan': '`roster plan` on an empty state',
  'roster-replan': '`roster plan` after an apply of the same results',
} as const;

const here = path.dirname(fileURLToPath(import.meta.url));
const child = path.join(here, 'scale', 'child.ts');

function runChild(args: string[]): unknown {
  const result = spawnSync(process.execPath, ['--import', 'tsx', child, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`bench/scale/child.ts ${args.join(' ')} failed:\n${result.stderr}`);
  }
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as unknown;
}

interface Timing {
  ms: number;
  /** User + system CPU of the child during the evaluation (DuckDB's threads included). */
  cpuMs: number;
  /** PostgreSQL: the server's CPU for the child's sessions (backends and parallel workers). */
  serverCpuMs?: number;
  maxRssKb: number;
}

let data: ScaleData | undefined;
let postgres: ScalePostgres | undefined;
let check: CheckOutcome | undefined;
const timings = new Map<Contender, Timing[]>();
const loads: number[] = [];

async function setup(): Promise<void> {
  const sf = Number(process.env.ROSTER_BENCH_SF ?? '0.1');
  const runs = Number(process.env.ROSTER_BENCH_RUNS ?? '3');
  data = await ensureScaleData(sf);
  if (selectedEngine() === 'postgres') postgres = await ensureScalePostgres(data);
  loads.push(os.loadavg()[0]!);
  check = runChild(['check', data.file]) as CheckOutcome;
  if (check.compared === 0) throw new Error('the scale check compared no definitions');
  if (check.problems.length > 0) {
    throw new Error(`the baselines disagree with roster:\n  ${check.problems.join('\n  ')}`);
  }
  for (let round = 0; round < runs; round++) {
    // Every other round in reverse order, so no contender always runs first.
    const contenders = selectedContenders();
    for (const contender of round % 2 === 0 ? contenders : contenders.reverse()) {
      process.stderr.write(`  scale round ${round + 1}/${runs}: ${contender}…\n`);
      const timing = runChild(['time', contender, data.file]) as Timing;
      timings.set(contender, [...(timings.get(contender) ?? []), timing]);
      loads.push(os.loadavg()[0]!);
    }
  }
}

/** The CPU that does the work: the server's on PostgreSQL, the child's (DuckDB in process) otherwise. */
const workCpu = (t: Timing): number => t.serverCpuMs ?? t.cpuMs;

function report(): string {
  if (!data || !check) return 'scale: not run';
  const roster = median((timings.get('roster') ?? []).map((t) => t.ms));
  const rosterCpu = median((timings.get('roster') ?? []).map(workCpu));
  const seconds = (ms: number): string => (ms / 1000).toFixed(2);
  const rows = selectedContenders().map((contender) => {
    const runs = timings.get(contender) ?? [];
    const ms = median(runs.map((t) => t.ms));
    const cpuMs = median(runs.map(workCpu));
    const clientCpu = postgres ? ` ${seconds(median(runs.map((t) => t.cpuMs)))} s |` : '';
    const rss = Math.max(...runs.map((t) => t.maxRssKb)) / 1024;
    // Without roster among the contenders (e.g. roster-5,roster-50) there is nothing to divide.
    const versus = (a: number, b: number): string =>
      contender === 'roster' ? '1.00' : Number.isFinite(a) ? (a / b).toFixed(2) : '—';
    const ratio = versus(roster, ms);
    const cpuRatio = versus(rosterCpu, cpuMs);
    return `| ${contender} | ${runs.length} | ${seconds(ms)} s | ${runs
      .map((t) => (t.ms / 1000).toFixed(1))
      .join(', ')} | ${ratio} | ${seconds(cpuMs)} s | ${runs
      .map((t) => (workCpu(t) / 1000).toFixed(1))
      .join(', ')} | ${cpuRatio} |${clientCpu} ${rss.toFixed(0)} MB |`;
  });
  const r = data.rows;
  const base = timings.get('roster') ?? [];
  const variant = timings.get('roster-v2') ?? [];
  const paired = base
    .slice(0, variant.length)
    .map((t, i) => ((variant[i]!.ms - t.ms) / t.ms) * 100);
  const extra =
    base.length > 0 && variant.length > 0
      ? [
          '',
          `roster-v2 (bench/scale/program-v2: the program plus a 3-step sequence and a \`regularly\` condition) ` +
            `takes ${((median(variant.map((t) => t.ms)) / roster - 1) * 100).toFixed(1)}% more than roster (medians); ` +
            `per round: ${paired.map((p) => `${p >= 0 ? '+' : ''}${p.toFixed(1)}%`).join(', ')} ` +
            `(median ${median(paired).toFixed(1)}%).`,
        ]
      : [];
  // issue 14.3: the plan's own cost, per round (paired with roster's run of the same round) and in medians.
  const planLines = (['roster-plan', 'roster-replan'] as const).flatMap((contender) => {
    const runs = timings.get(contender) ?? [];
    if (base.length === 0 || runs.length === 0) return [];
    const ratio = (pick: (t: Timing) => number): string =>
      (median(runs.map(pick)) / median(base.map(pick))).toFixed(2);
    const rounds = runs
      .slice(0, base.length)
      .map((t, i) => `${(t.ms / base[i]!.ms).toFixed(2)}/${(t.cpuMs / base[i]!.cpuMs).toFixed(2)}`);
    return [
      '',
      `${contender} ÷ roster (${PLAN_CASES[contender]}): **${ratio((t) => t.ms)}× wall, ${ratio((t) => t.cpuMs)}× CPU** (medians); ` +
        `per round (wall/CPU): ${rounds.join(', ')}.`,
    ];
  });
  // issue 14: 5 → 50 definitions at most 1.3×, same data.
  const five = timings.get('roster-5') ?? [];
  const fifty = timings.get('roster-50') ?? [];
  const allEvents = timings.get('roster-all-events') ?? [];
  const growth = (small: Timing[]): string =>
    `**${(median(fifty.map((t) => t.ms)) / median(small.map((t) => t.ms))).toFixed(2)}× wall, ` +
    `${(median(fifty.map(workCpu)) / median(small.map(workCpu))).toFixed(2)}× CPU** (medians)`;
  const subsetLines = [
    ...(five.length > 0 && fifty.length > 0
      ? [
          '',
          `roster-50 ÷ roster-5 (50 vs 5 of the program's definitions, each with what it reads): ${growth(five)}.`,
        ]
      : []),
    ...(allEvents.length > 0 && fifty.length > 0
      ? [
          '',
          `roster-50 ÷ roster-all-events (50 definitions vs the ${check.allEvents.length} of them that read every event source the 50 read: ${check.allEvents.join(', ')}): ${growth(allEvents)}.`,
        ]
      : []),
  ];
  return [
    `scale: SF ${data.sf} (seed ${data.seed}): ${r.accounts} accounts, ${r.users} users, ` +
      `${r.memberships} memberships, ${r.tracks} tracks, ${r.pages} pages, ${r.screens} screens; ` +
      `${check.compared} definitions, results equal for all (${check.values} members and values compared).`,
    `node ${process.version}, ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? '?'}), ` +
      `${new Date().toISOString().slice(0, 16)}Z, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (1 min) during the runs`,
    ...(postgres
      ? [
          `PostgreSQL (schema ${postgres.schema}${postgres.loadedSeconds !== undefined ? `, loaded in ${postgres.loadedSeconds.toFixed(1)} s` : ', loaded before'}): ` +
            `CPU is the server's (the sessions' backends and their parallel workers); client CPU and peak RSS are the child's.`,
        ]
      : []),
    '',
    postgres
      ? '| contender | runs | median wall | each run | roster ÷ contender | median server CPU | each run (server CPU) | roster ÷ contender (CPU) | median client CPU | client peak RSS |'
      : '| contender | runs | median wall | each run | roster ÷ contender | median CPU | each run (CPU) | roster ÷ contender (CPU) | peak RSS |',
    postgres
      ? '| --- | ---: | ---: | --- | ---: | ---: | --- | ---: | ---: | ---: |'
      : '| --- | ---: | ---: | --- | ---: | ---: | --- | ---: | ---: |',
    ...rows,
    ...extra,
    ...planLines,
    ...subsetLines,
  ].join('\n');
}

const suite: BenchmarkSuite = { name: 'scale', setup, report, benchmarks: [] };
export default suite;
