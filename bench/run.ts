/**
 * `npm run bench [-- --runs N --warmup N --filter TEXT --json]`: runs every
 * suite in SUITES and prints one table. To add a benchmark (checker, compiler,
 * runtime), write `bench/<stage>.bench.ts` default-exporting a BenchmarkSuite and
 * add its path here.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { renderTable, runSuite, type BenchmarkResult, type BenchmarkSuite } from './harness.js';

const SUITES: readonly string[] = [
  './front-end.bench.ts',
  './check.bench.ts',
  './evaluate.bench.ts',
  './startup.bench.ts',
];

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    warmup: { type: 'string', default: '3' },
    filter: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

const options = { runs: Number(values.runs), warmup: Number(values.warmup) };
const results: BenchmarkResult[] = [];
for (const path of SUITES) {
  if (values.filter && !path.includes(values.filter)) continue;
  const suite = ((await import(path)) as { default: BenchmarkSuite }).default;
  process.stderr.write(`running ${suite.name} (${suite.benchmarks.length} benchmarks)…\n`);
  results.push(...(await runSuite(suite, options)));
}

if (values.json) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(
    `node ${process.version}, ${os.availableParallelism()} cores (${cpu}), ${new Date().toISOString().slice(0, 10)}\n\n`,
  );
  process.stdout.write(`${renderTable(results)}\n`);
}
