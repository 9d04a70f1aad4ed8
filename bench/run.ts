/**
 * `npm run bench [-- --runs N --warmup N --filter TEXT --calls N[,N…] --sf F --engine E --contenders A,B --json]`:
 * runs every suite in SUITES and prints one table (and each suite's report).
 * `--calls` sets the delivery suite's sizes (default 100000,1000000; also
 * ROSTER_BENCH_CALLS); `--sf` the scale suite's scale factor (default 0.1; SF1 = 20 M
 * tracks, see bench/scale.bench.ts), `--engine` its engine (duckdb, the default, or
 * postgres). To add a benchmark (checker, compiler, runtime), write
 * `bench/<stage>.bench.ts` default-exporting a BenchmarkSuite and add its path here.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { renderTable, runSuite, type BenchmarkResult, type BenchmarkSuite } from './harness.js';

const SUITES: readonly string[] = [
  './front-end.bench.ts',
  './check.bench.ts',
  './evaluate.bench.ts',
  './startup.bench.ts',
  './delivery.bench.ts',
  './scale.bench.ts',
];

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    warmup: { type: 'string' },
    filter: { type: 'string' },
    calls: { type: 'string' },
    sf: { type: 'string' },
    contenders: { type: 'string' },
    engine: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

const options = {
  ...(values.runs !== undefined ? { runs: Number(values.runs) } : {}),
  ...(values.warmup !== undefined ? { warmup: Number(values.warmup) } : {}),
};
// Read by bench/delivery.bench.ts when it loads.
if (values.calls !== undefined) process.env.ROSTER_BENCH_CALLS = values.calls;
// Read by bench/scale.bench.ts (its rounds of interleaved child processes).
if (values.sf !== undefined) process.env.ROSTER_BENCH_SF = values.sf;
if (values.contenders !== undefined) process.env.ROSTER_BENCH_CONTENDERS = values.contenders;
if (values.engine !== undefined) process.env.ROSTER_BENCH_ENGINE = values.engine;
if (values.runs !== undefined) process.env.ROSTER_BENCH_RUNS = values.runs;
const results: BenchmarkResult[] = [];
const reports: string[] = [];
for (const path of SUITES) {
  if (values.filter && !path.includes(values.filter)) continue;
  const suite = ((await import(path)) as { default: BenchmarkSuite }).default;
  process.stderr.write(`running ${suite.name} (${suite.benchmarks.length} benchmarks)…\n`);
  results.push(...(await runSuite(suite, options)));
  if (suite.report) reports.push(suite.report());
}

if (values.json) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(
    `node ${process.version}, ${os.availableParallelism()} cores (${cpu}), ${new Date().toISOString().slice(0, 10)}\n\n`,
  );
  process.stdout.write(`${renderTable(results)}\n`);
  for (const report of reports) process.stdout.write(`\n${report}\n`);
}
