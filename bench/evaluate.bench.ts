/**
 * Evaluating the example project (examples/b2b-saas) on DuckDB over its
 * generated data (3,000 accounts, 30,000 users, ~420,000 events, read in
 * place from Parquet):
 *
 *   - roster: compile + run setup + read every result, from a fresh in-memory
 *     DuckDB each time;
 *   - hand-written: bench/hand-written/b2b-saas.sql, what a good analyst
 *     would write for the same definitions, also from a fresh DuckDB. Before
 *     any timing, every hand-written result must equal roster's (same member
 *     ids; same trait values, numbers to 1e-9), or the benchmark stops;
 *   - scaling: 10, 100 and 300 generated definitions over the same data, to
 *     show that cost grows with the shared scans, not per definition.
 *
 * `npm run bench -- --filter evaluate` runs it through the shared harness;
 * `npx tsx bench/evaluate.bench.ts` runs it alone (median of 3) and writes the
 * numbers into their section of BENCHMARKS.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkProject, checkSource } from '../src/check/index.js';
import type { IrProject } from '../src/ir/ir.js';
import { loadProject } from '../src/project/index.js';
import type { Project, SourcesConfig } from '../src/project/index.js';
import { evaluate } from '../src/runtime/evaluate.js';
import type { EvaluationResult } from '../src/runtime/evaluate.js';
import { coerceValue } from '../src/runtime/values.js';
import type { TraitValue } from '../src/runtime/values.js';
import type { Warehouse } from '../src/runtime/warehouse.js';
import { openDuckDb } from '../src/runtime/warehouses/duckdb.js';
import { compileProject } from '../src/sql/compile-project.js';
import { valuesMatch } from '../src/testing/compare.js';
import {
  EXAMPLE_TABLES,
  REFERENCE_NOW,
  ensureExampleData,
  exampleDataFolder,
} from '../scripts/generate-example-data.js';
import { renderTable, runSuite } from './harness.js';
import type { BenchmarkResult, BenchmarkSuite } from './harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const exampleDir = path.join(repoRoot, 'examples', 'b2b-saas');
export const handWrittenFile = path.join(here, 'hand-written', 'b2b-saas.sql');
const SCALING = [10, 100, 300] as const;

export interface Loaded {
  project: Project;
  ir: IrProject;
  sources: SourcesConfig;
}

let loaded: Loaded | undefined;
const scalingIr = new Map<number, IrProject>();
let eventCount = 0;

function need(): Loaded {
  if (!loaded) throw new Error('the evaluate suite was not set up');
  return loaded;
}

/** Relative Parquet paths in roster.yaml are relative to the project folder, not to the bench's cwd. */
function resolveSources(project: Project): SourcesConfig {
  const sources = structuredClone(project.config.sources);
  for (const mapping of Object.values(sources.mappings)) {
    if (mapping && mapping.table.includes('/') && !path.isAbsolute(mapping.table)) {
      mapping.table = path.resolve(project.config.root, mapping.table);
    }
  }
  return sources;
}

export function loadExample(): Promise<Loaded> {
  return loadChecked(exampleDir);
}

/** The project in `dir`, loaded and checked (a benchmark's program must have no error). */
export async function loadChecked(dir: string): Promise<Loaded> {
  const shown = path.relative(repoRoot, dir);
  const { project, diagnostics } = await loadProject(dir);
  if (!project || diagnostics.some((d) => d.severity === 'error')) {
    throw new Error(`${shown} does not load: ${diagnostics.map((d) => d.message).join('; ')}`);
  }
  const checked = checkProject(project);
  if (!checked.ir) {
    throw new Error(
      `${shown} does not check: ${checked.diagnostics.map((d) => d.message).join('; ')}`,
    );
  }
  return { project, ir: checked.ir, sources: resolveSources(project) };
}

async function withDuckDb<T>(run: (warehouse: Warehouse) => Promise<T>): Promise<T> {
  const warehouse = await openDuckDb();
  try {
    return await run(warehouse);
  } finally {
    await warehouse.close();
  }
}

/** Compile + setup + read every result, as `roster` does for a run. */
async function runRoster(ir: IrProject): Promise<EvaluationResult> {
  const { sources } = need();
  const compiled = compileProject(ir, { dialect: 'duckdb', now: REFERENCE_NOW, sources });
  return withDuckDb(async (warehouse) => {
    const result = await evaluate(warehouse, compiled);
    if (result.diagnostics.length > 0) {
      throw new Error(
        `roster evaluation failed: ${result.diagnostics.map((d) => d.message).join('; ')}`,
      );
    }
    return result;
  });
}

export interface HandWritten {
  setup: string[];
  queries: Array<{ name: string; sql: string }>;
}

export function parseHandWritten(text: string): HandWritten {
  const out: HandWritten = { setup: [], queries: [] };
  let section: 'preamble' | 'setup' | string = 'preamble';
  let buffer: string[] = [];
  const flush = (): void => {
    const statements = buffer
      .join('\n')
      .split(/;\s*$/m)
      .map((s) => s.trim())
      .filter((s) => s.replace(/--.*$/gm, '').trim() !== '');
    if (section === 'setup') out.setup.push(...statements);
    else if (section !== 'preamble') {
      if (statements.length !== 1) throw new Error(`hand-written ${section}: expected one query`);
      out.queries.push({ name: section, sql: statements[0]! });
    }
    buffer = [];
  };
  for (const line of text.split('\n')) {
    const name = /^-- name: ([a-z_][a-z0-9_]*)\s*$/.exec(line);
    if (line.trim() === '-- setup' || name) {
      flush();
      section = name ? name[1]! : 'setup';
    } else buffer.push(line);
  }
  flush();
  return out;
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Hand-written results: audience → ids, trait → raw rows (id, value). */
export interface HandResult {
  rows: Map<string, Array<Record<string, unknown>>>;
}

async function runHandWritten(readResults: boolean): Promise<HandResult> {
  const script = parseHandWritten(readFileSync(handWrittenFile, 'utf8'));
  const folder = exampleDataFolder(exampleDir);
  return withDuckDb(async (warehouse) => {
    for (const table of EXAMPLE_TABLES) {
      const file = path.join(folder, `${table}.parquet`);
      await warehouse.execute(`CREATE VIEW ${table} AS SELECT * FROM read_parquet(${quote(file)})`);
    }
    await warehouse.execute(`SET VARIABLE now = TIMESTAMPTZ ${quote(REFERENCE_NOW)}`);
    for (const statement of script.setup) await warehouse.execute(statement);
    const rows = new Map<string, Array<Record<string, unknown>>>();
    for (const { name, sql } of script.queries) {
      await warehouse.execute(`CREATE TEMP TABLE hw_${name} AS ${sql}`);
      // Reading the rows back is part of the work roster does too.
      const read = await warehouse.query(`SELECT * FROM hw_${name}`);
      if (readResults) rows.set(name, read);
    }
    return { rows };
  });
}

/** Every difference between roster's results and the hand-written ones (empty = identical). */
export function differences(ir: IrProject, roster: EvaluationResult, hand: HandResult): string[] {
  const problems: string[] = [];
  for (const definition of ir.definitions) {
    if (definition.kind === 'sync') continue;
    const rows = hand.rows.get(definition.name);
    if (!rows) {
      problems.push(`${definition.name}: no hand-written query`);
      continue;
    }
    if (definition.kind === 'audience') {
      const want = new Set(rows.map((r) => String(r.id)));
      const got = new Set(roster.audiences[definition.name] ?? []);
      const missing = [...want].filter((id) => !got.has(id));
      const extra = [...got].filter((id) => !want.has(id));
      if (want.size !== rows.length) problems.push(`${definition.name}: hand-written ids repeat`);
      if (missing.length + extra.length > 0) {
        problems.push(
          `${definition.name}: roster lacks ${missing.slice(0, 5).join(', ')} (${missing.length}), ` +
            `has extra ${extra.slice(0, 5).join(', ')} (${extra.length})`,
        );
      }
      continue;
    }
    const got = roster.traits[definition.name] ?? new Map<string, TraitValue>();
    const want = new Map<string, TraitValue>();
    for (const row of rows) {
      if (row.value === null || row.value === undefined) continue;
      const coerced = coerceValue(row.value, definition.type);
      if (!coerced.ok)
        throw new Error(
          `${definition.name}: hand-written value ${String(row.value)}: ${coerced.reason}`,
        );
      want.set(String(row.id), coerced.value);
    }
    const bad: string[] = [];
    for (const [id, value] of want) {
      const actual = got.get(id);
      if (actual === undefined || !valuesMatch(definition.type, value, actual)) {
        bad.push(`${id}: hand ${JSON.stringify(value)}, roster ${JSON.stringify(actual)}`);
      }
    }
    for (const [id, actual] of got) {
      if (!want.has(id)) bad.push(`${id}: hand missing, roster ${JSON.stringify(actual)}`);
    }
    if (bad.length > 0)
      problems.push(
        `${definition.name}: ${bad.length} values differ, e.g. ${bad.slice(0, 3).join('; ')}`,
      );
  }
  return problems;
}

const EVENTS = [
  'Logged In',
  'Feature Used',
  'Report Viewed',
  'Invite Sent',
  'Order Completed',
  'NPS Submitted',
  'Support Ticket Opened',
];
const PLANS = ['free', 'trial', 'pro', 'enterprise'];

/**
 * `count` definitions in the shapes users write (account and user traits,
 * quantified and user-level audiences) with varied events, windows and
 * thresholds, so no two are the same query.
 */
export function generatedDefinitions(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `g${String(i).padStart(4, '0')}`;
    const event = EVENTS[i % EVENTS.length]!;
    const days = 7 + ((i * 13) % 90);
    const n = 1 + (i % 4);
    const plan = PLANS[i % PLANS.length]!;
    switch (i % 6) {
      case 0:
        lines.push(`trait ${name} = account count "${event}" within ${days} days`);
        break;
      case 1:
        lines.push(
          `audience ${name} = account where plan = "${plan}" and at least ${n} users did "${event}" within ${days} days`,
        );
        break;
      case 2:
        lines.push(`trait ${name} = user count_unique "Feature Used".feature within ${days} days`);
        break;
      case 3:
        lines.push(
          `audience ${name} = user where did "${event}" at least ${n} times within ${days} days and account.plan = "${plan}"`,
        );
        break;
      case 4:
        lines.push(
          `trait ${name} = account sum "Order Completed".revenue where currency = "USD" and revenue > ${n * 50} within ${days} days`,
        );
        break;
      default:
        lines.push(
          `audience ${name} = account where no user (role = "Admin" and did "${event}" within ${days} days)`,
        );
    }
  }
  return `${lines.join('\n')}\n`;
}

function checkGenerated(count: number): IrProject {
  const { project } = need();
  const config = project.config;
  const checked = checkSource(
    generatedDefinitions(count),
    'generated.roster',
    project.schema,
    config,
    {
      warnUnused: false,
    },
  );
  if (!checked.ir) {
    throw new Error(
      `generated definitions do not check: ${checked.diagnostics.map((d) => d.message).join('; ')}`,
    );
  }
  return checked.ir;
}

async function setup(): Promise<void> {
  const data = await ensureExampleData(exampleDir);
  eventCount = data.rows.tracks + data.rows.pages + data.rows.screens;
  loaded = await loadExample();
  for (const count of SCALING) scalingIr.set(count, checkGenerated(count));
  const problems = differences(loaded.ir, await runRoster(loaded.ir), await runHandWritten(true));
  if (problems.length > 0) {
    throw new Error(`hand-written SQL and roster disagree:\n  ${problems.join('\n  ')}`);
  }
}

function exampleSize(): string {
  const count = need().ir.definitions.filter((d) => d.kind !== 'sync').length;
  return `${count} definitions, ${Math.round(eventCount / 1000)}k events`;
}

const suite: BenchmarkSuite = {
  name: 'evaluate',
  setup,
  benchmarks: [
    {
      name: 'example project: roster (compile + evaluate)',
      get size() {
        return loaded ? exampleSize() : '';
      },
      run: () => runRoster(need().ir),
    },
    {
      name: 'example project: hand-written SQL',
      get size() {
        return loaded ? exampleSize() : '';
      },
      run: () => runHandWritten(false),
    },
    ...SCALING.map((count) => ({
      name: `roster: ${count} generated definitions`,
      size: `${count} definitions`,
      run: () => runRoster(scalingIr.get(count) as IrProject),
    })),
  ],
};

export default suite;

const START = '<!-- evaluate-bench:start -->';
const END = '<!-- evaluate-bench:end -->';

/** Replaces (or appends) this benchmark's own section of BENCHMARKS.md, leaving the others alone. */
function writeSection(results: readonly BenchmarkResult[]): void {
  const file = path.join(repoRoot, 'BENCHMARKS.md');
  const byName = new Map(results.map((r) => [r.name, r]));
  const roster = byName.get('example project: roster (compile + evaluate)');
  const hand = byName.get('example project: hand-written SQL');
  const ratio = roster && hand ? (roster.medianMs / hand.medianMs).toFixed(2) : '?';
  const perDefinition = SCALING.map((count) => {
    const r = byName.get(`roster: ${count} generated definitions`);
    return r ? `${count}: ${(r.medianMs / count).toFixed(1)} ms` : '';
  }).join(', ');
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const section = [
    START,
    '## Evaluation on DuckDB (example project)',
    '',
    'Written by `npx tsx bench/evaluate.bench.ts` (median of 3 runs, each on a fresh in-memory DuckDB',
    'reading the generated Parquet files of `examples/b2b-saas` in place: 3,000 accounts, 30,000 users,',
    `${eventCount.toLocaleString('en-US')} events; \`--now ${REFERENCE_NOW}\`).`,
    `Machine: node ${process.version}, ${os.availableParallelism()} cores (${cpu}), ` +
      `load average ${os.loadavg()[0]!.toFixed(1)} at the end, ${new Date().toISOString().slice(0, 10)}.`,
    '',
    renderTable(results),
    '',
    `- roster vs hand-written SQL for the same definitions: **${ratio}×** the time (compile included).`,
    '  The hand-written queries (`bench/hand-written/b2b-saas.sql`) were checked to return exactly',
    "  roster's results before timing.",
    `- Time per definition as the project grows (10, 100, 300 generated definitions over the same data): ${perDefinition}.`,
    END,
  ].join('\n');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${current.slice(0, start)}${section}${current.slice(end + END.length)}`
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const results = await runSuite(suite, { warmup: 0, runs: 3 });
  process.stdout.write(`${renderTable(results)}\n`);
  writeSection(results);
  process.stderr.write('Wrote the evaluation section of BENCHMARKS.md.\n');
}
