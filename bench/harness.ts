/**
 * The benchmark harness behind `npm run bench`: each `*.bench.ts` file listed in
 * bench/run.ts default-exports a suite; every benchmark is warmed up, then timed
 * several times, and the runner prints the median (robust to a GC pause or a
 * noisy neighbour) next to the fastest run.
 */
import { performance } from 'node:perf_hooks';

export interface Benchmark {
  name: string;
  /** What one run processes, for the table ("1000 definitions, 120 KB"). */
  size?: string;
  /** Runs untimed before every warm-up and timed run (reset state, prepare input). */
  before?: () => Promise<void> | void;
  run: () => unknown;
}

export interface BenchmarkSuite {
  name: string;
  /** Runs once before the suite's benchmarks (build inputs, open a warehouse). */
  setup?: () => Promise<void> | void;
  teardown?: () => Promise<void> | void;
  /** Runs and warm-ups when the command line does not say (slow suites ask for fewer). */
  runs?: number;
  warmup?: number;
  /**
   * Text printed after the table, for what a wall time does not show
   * (throughput of one phase, peak memory, statement counts).
   */
  report?: () => string;
  benchmarks: Benchmark[];
}

export interface BenchmarkOptions {
  /** Undefined: the suite's own default, else 3 warm-ups and 7 runs. */
  warmup?: number;
  runs?: number;
}

export interface BenchmarkResult {
  suite: string;
  name: string;
  size: string;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function runSuite(
  suite: BenchmarkSuite,
  options: BenchmarkOptions,
): Promise<BenchmarkResult[]> {
  const warmup = options.warmup ?? suite.warmup ?? 3;
  const runs = options.runs ?? suite.runs ?? 7;
  await suite.setup?.();
  const results: BenchmarkResult[] = [];
  try {
    for (const bench of suite.benchmarks) {
      for (let i = 0; i < warmup; i++) {
        await bench.before?.();
        await bench.run();
      }
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        await bench.before?.();
        const start = performance.now();
        await bench.run();
        times.push(performance.now() - start);
      }
      results.push({
        suite: suite.name,
        name: bench.name,
        size: bench.size ?? '',
        runs,
        medianMs: median(times),
        minMs: Math.min(...times),
        maxMs: Math.max(...times),
      });
    }
  } finally {
    await suite.teardown?.();
  }
  return results;
}

/** A plain-text table (also valid Markdown, so it can be pasted into BENCHMARKS.md). */
export function renderTable(results: readonly BenchmarkResult[]): string {
  const header = ['suite', 'benchmark', 'input', 'runs', 'median ms', 'min ms', 'max ms'];
  const rows = results.map((r) => [
    r.suite,
    r.name,
    r.size,
    String(r.runs),
    r.medianMs.toFixed(2),
    r.minMs.toFixed(2),
    r.maxMs.toFixed(2),
  ]);
  const numeric = new Set([3, 4, 5, 6]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
