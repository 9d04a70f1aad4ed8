/**
 * The contenders of the scale benchmark, each on a fresh in-memory DuckDB that
 * attaches the generated file read-only (bench/scale/data.ts):
 *
 *   - roster: compile the benchmark's program (bench/scale/program: the
 *     example project's 32 definitions and 34 more, covering LANGUAGE.md §1–11
 *     and some of §12)
 *     and evaluate it, reading every result, as a run does;
 *   - hand-written, the practical limit: bench/hand-written/b2b-saas.sql then
 *     scale-extra.sql, which read the track rows once and parse each row's
 *     properties once into a typed table, then one query per definition over
 *     it, reading every result;
 *   - naive: b2b-saas-naive.sql then scale-extra-naive.sql, one statement per
 *     definition, correlated subqueries over the raw tables (a naive compile).
 *   - roster-v2: roster on bench/scale/program-v2, the same program plus a
 *     3-step sequence and a `regularly` condition (LANGUAGE.md §12), to
 *     measure what they add to the evaluation (issue 15's target: ≤ 10%).
 *   - roster-plan: what `roster plan` runs on the same program and data, on an
 *     empty state (bench/scale/plan.ts), to measure the plan's own cost
 *     (issue 14.3: at most 1.15× roster's evaluation);
 *   - roster-replan: the same after an apply of that plan (the state holds
 *     every result and call of it), the plan a scheduled run makes; only the
 *     second plan is timed.
 *   - roster-5, roster-50: roster's evaluation of 5 and of 50 of the
 *     program's definitions (`programSubset`: a fixed spread, each compiled
 *     with what it depends on), to see how the time grows with definitions.
 *   - roster-all-events: the fewest of those 50 that read every event source
 *     the 50 read (`allEventsSubset`: 6 definitions, no 5 of them do), so
 *     that 50 ÷ it is the cost of more definitions once every event is read,
 *     apart from the cost of reading more events (roster-5 reads 3 of 9).
 *
 * Every contender's results are compared with roster's (checkScale) before
 * anything is timed; roster-v2 must return roster's results for every
 * definition they share; the plan's results snapshot (on an empty state,
 * every result is a change) and the applied results must hold roster's
 * results, and a plan after applying it must have no calls to make.
 *
 * With ROSTER_BENCH_ENGINE=postgres (`--engine postgres` of bench/run.ts)
 * the contenders that evaluate run on PostgreSQL, over the file's tables
 * copied into a schema of their own (bench/scale/postgres-data.ts), each in a
 * session of its own: roster compiled for PostgreSQL, and the practical limit
 * written for it (bench/hand-written/postgres/). There is no naive baseline
 * there, and the plan contenders keep their state in DuckDB only.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileProject } from '../../src/sql/compile-project.js';
import { evaluate } from '../../src/runtime/evaluate.js';
import type { EvaluationResult } from '../../src/runtime/evaluate.js';
import { decodeValue } from '../../src/runtime/calls/build-call.js';
import { stateTable } from '../../src/runtime/state/location.js';
import type { Row, Warehouse } from '../../src/runtime/warehouse.js';
import { openDuckDb } from '../../src/runtime/warehouses/duckdb.js';
import { openPostgres } from '../../src/runtime/warehouses/postgres.js';
import type { Project, SourcesConfig } from '../../src/project/index.js';
import type { IrEventSource, IrProject } from '../../src/ir/ir.js';
import { closure } from '../../src/sql/relation.js';
import type { TraitValue } from '../../src/runtime/values.js';
import { valuesMatch } from '../../src/testing/compare.js';
import { differences, handWrittenFile, loadChecked, parseHandWritten } from '../evaluate.bench.js';
import type { HandResult } from '../evaluate.bench.js';
import { REFERENCE_NOW, SCALE_TABLES } from './data.js';
import { applyWithoutSending, planContext, runPlan, stateFolder } from './plan.js';
import { SCALE_PG_URL, scaleSchemaName } from './postgres-data.js';
import { watchServerCpu } from './server-cpu.js';

export const CONTENDERS = [
  'roster',
  'roster-v2',
  'roster-plan',
  'roster-replan',
  'roster-5',
  'roster-50',
  'roster-all-events',
  'hand-written',
  'naive',
] as const;
export const ENGINES = ['duckdb', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

/** The engine to run on: ROSTER_BENCH_ENGINE (`--engine` of bench/run.ts), DuckDB by default. */
export function selectedEngine(): Engine {
  const engine = process.env.ROSTER_BENCH_ENGINE ?? 'duckdb';
  if (!(ENGINES as readonly string[]).includes(engine)) {
    throw new Error(`unknown engine ${engine}; known: ${ENGINES.join(', ')}`);
  }
  return engine as Engine;
}

/** What runs only on DuckDB: the plan's state is a DuckDB file next to the data. */
const DUCKDB_ONLY: ReadonlySet<Contender> = new Set(['roster-plan', 'roster-replan']);

/**
 * The contenders to run on `engine`: all it has, or the comma-separated
 * ROSTER_BENCH_CONTENDERS (`--contenders` of bench/run.ts; the naive compile
 * is too slow for SF ≥ 0.1).
 */
export function selectedContenders(engine: Engine = selectedEngine()): Contender[] {
  const available = CONTENDERS.filter((c) =>
    engine === 'duckdb'
      ? true
      : !DUCKDB_ONLY.has(c) && (!isSqlContender(c) || SQL_FILES[engine][c] !== undefined),
  );
  const wanted = process.env.ROSTER_BENCH_CONTENDERS?.split(',').map((c) => c.trim());
  if (!wanted) return available;
  const unknown = wanted.filter((c) => !(available as readonly string[]).includes(c));
  if (unknown.length > 0) {
    throw new Error(
      `no contender ${unknown.join(', ')} on ${engine}; there are: ${available.join(', ')}`,
    );
  }
  return available.filter((c) => wanted.includes(c));
}

const handWritten = (file: string): string => path.join(path.dirname(handWrittenFile), file);
/** Each baseline's files, run in order in one session (the second reads the first's tables). */
type SqlContender = Exclude<Contender, RosterContender>;
type RosterContender =
  'roster' | 'roster-v2' | 'roster-plan' | 'roster-replan' | SubsetContender | 'roster-all-events';
/** Subsets of the program, to see how the evaluation grows with definitions (issue 14: 5 → 50 at most 1.3×). */
export const SUBSETS = { 'roster-5': 5, 'roster-50': 50 } as const;
type SubsetContender = keyof typeof SUBSETS;
const isSubset = (c: Contender): c is SubsetContender | 'roster-all-events' =>
  c === 'roster-5' || c === 'roster-50' || c === 'roster-all-events';
const isSqlContender = (c: Contender): c is SqlContender => c === 'hand-written' || c === 'naive';
/** Each engine's baselines. */
const SQL_FILES: Record<Engine, Partial<Record<SqlContender, string[]>>> = {
  duckdb: {
    'hand-written': [handWrittenFile, handWritten('scale-extra.sql')],
    naive: [handWritten('b2b-saas-naive.sql'), handWritten('scale-extra-naive.sql')],
  },
  postgres: {
    'hand-written': [handWritten('postgres/b2b-saas.sql'), handWritten('postgres/scale-extra.sql')],
  },
};
const here = path.dirname(fileURLToPath(import.meta.url));
const programDir = path.join(here, 'program');
/** The program plus a 3-step sequence and a `regularly` condition (bench/scale/program-v2). */
export const programV2Dir = path.join(here, 'program-v2');
export type Contender = (typeof CONTENDERS)[number];

export interface Program {
  project: Project;
  ir: IrProject;
  sources: SourcesConfig;
}

/** The benchmark's program (or the one in `dir`), reading the tables of the attached file. */
export async function loadProgram(dir: string = programDir): Promise<Program> {
  const { project, ir } = await loadChecked(dir);
  const sources = structuredClone(project.config.sources);
  for (const [name, mapping] of Object.entries(sources.mappings)) {
    if (mapping && SCALE_TABLES.includes(name)) mapping.table = name;
  }
  return { project, ir, sources };
}

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** A session on the data of `file`, and how much server CPU it has used since it opened. */
interface Session {
  warehouse: Warehouse;
  /** Stops watching: the server CPU milliseconds of the session (PostgreSQL; DuckDB works in the client). */
  serverCpu?: () => Promise<number>;
}

async function openSession(file: string, engine: Engine): Promise<Session> {
  if (engine === 'duckdb') {
    const warehouse = await openDuckDb();
    await warehouse.execute(`ATTACH ${quote(file)} AS scale_data (READ_ONLY)`);
    await warehouse.execute('USE scale_data');
    return { warehouse };
  }
  // The copy's tables first on the search_path; roster and the baseline create only temporary tables.
  const warehouse = await openPostgres({ url: SCALE_PG_URL, schema: scaleSchemaName(file) });
  const [row] = await warehouse.query('select pg_backend_pid() as pid');
  const watch = await watchServerCpu(SCALE_PG_URL, Number(row?.pid));
  return { warehouse, serverCpu: () => watch.stop() };
}

/** Server CPU milliseconds of the sessions closed since measure() last started (PostgreSQL). */
let serverCpuMs: number | undefined;

async function withData<T>(file: string, run: (warehouse: Warehouse) => Promise<T>): Promise<T> {
  const session = await openSession(file, selectedEngine());
  try {
    return await run(session.warehouse);
  } finally {
    // Stopped whether the run failed or not: the watch holds a connection of its own.
    const cpu = await session.serverCpu?.();
    if (cpu !== undefined) serverCpuMs = (serverCpuMs ?? 0) + cpu;
    await session.warehouse.close();
  }
}

/**
 * roster's evaluation of the program, or (`only`) of those definitions:
 * compiled with what they depend on, and only theirs read back.
 */
export async function runRoster(
  program: Program,
  file: string,
  only?: readonly string[],
): Promise<EvaluationResult> {
  const compiled = compileProject(program.ir, {
    dialect: selectedEngine(),
    now: REFERENCE_NOW,
    sources: program.sources,
    ...(only ? { select: [...only] } : {}),
  });
  return withData(file, async (warehouse) => {
    const result = await evaluate(warehouse, compiled, only ? { only: new Set(only) } : {});
    if (result.diagnostics.length > 0) {
      throw new Error(`roster: ${result.diagnostics.map((d) => d.message).join('; ')}`);
    }
    return result;
  });
}

/**
 * The reference instant as each engine's baseline reads it: a DuckDB variable
 * (getvariable('now')); on PostgreSQL the literal written in for `:now`, as
 * psql's `-v now=…` would, so the planner sees a constant.
 */
const NOW: Record<Engine, { setup: string[]; bind: (sql: string) => string }> = {
  duckdb: { setup: [`SET VARIABLE now = TIMESTAMPTZ ${quote(REFERENCE_NOW)}`], bind: (sql) => sql },
  postgres: {
    setup: [],
    bind: (sql) => sql.replaceAll(/:now\b/g, `TIMESTAMPTZ ${quote(REFERENCE_NOW)}`),
  },
};

export async function runSqlBaseline(contender: SqlContender, file: string): Promise<HandResult> {
  const engine = selectedEngine();
  const files = SQL_FILES[engine][contender];
  if (!files) throw new Error(`no ${contender} baseline on ${engine}`);
  const scripts = files.map((file) => parseHandWritten(readFileSync(file, 'utf8')));
  const { bind } = NOW[engine];
  const script = {
    setup: [...NOW[engine].setup, ...scripts.flatMap((s) => s.setup).map(bind)],
    queries: scripts.flatMap((s) => s.queries).map(({ name, sql }) => ({ name, sql: bind(sql) })),
  };
  return withData(file, async (warehouse) => {
    for (const statement of script.setup) await warehouse.execute(statement);
    const rows = new Map<string, Array<Record<string, unknown>>>();
    for (const { name, sql } of script.queries) {
      await warehouse.execute(`CREATE TEMP TABLE hw_${name} AS ${sql}`);
      rows.set(name, await warehouse.query(`SELECT * FROM hw_${name}`));
    }
    return { rows };
  });
}

export interface CheckOutcome {
  /** Definitions whose results were compared. */
  compared: number;
  /** Members and trait values compared, over all definitions. */
  values: number;
  problems: string[];
  /** The definitions of roster-all-events (`allEventsSubset`). */
  allEvents: string[];
}

/**
 * The first `n` definitions of the program (syncs aside) in a fixed order
 * that spreads them over the program's files and kinds (by a hash of the
 * name), so a smaller subset is part of every larger one.
 */
export function programSubset(ir: IrProject, n: number): string[] {
  const key = (name: string): string => createHash('sha256').update(name).digest('hex');
  return ir.definitions
    .filter((d) => d.kind !== 'sync')
    .map((d) => d.name)
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .slice(0, n);
}

/**
 * The event sources (`tracks:<event>`, `pages`, `screens`) the aggregations
 * and sequences of definition `name` read, with those of the definitions it
 * depends on (what a compile selecting it scans). SQL traits' own queries
 * are not looked into.
 */
export function eventSourcesRead(ir: IrProject, name: string): Set<string> {
  const read = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const event = (node as { event?: unknown }).event;
    if (event !== null && typeof event === 'object' && 'source' in event) {
      const source = event as IrEventSource;
      read.add(source.source === 'tracks' ? `tracks:${source.event}` : source.source);
    }
    Object.values(node).forEach(visit);
  };
  closure(ir.definitions, [name], (d) => d.dependsOn).forEach(visit);
  return read;
}

/**
 * The fewest of the `of` definitions of `programSubset` that together read
 * every event source those `of` read, chosen greedily (each step the
 * definition adding the most sources not yet read, the earliest in
 * `programSubset`'s order on a tie): a small program that pays for reading
 * every event the large one reads, so the two differ only in definitions.
 */
export function allEventsSubset(ir: IrProject, of = SUBSETS['roster-50']): string[] {
  const candidates = programSubset(ir, of).map((name) => ({
    name,
    reads: eventSourcesRead(ir, name),
  }));
  const missing = new Set(candidates.flatMap((c) => [...c.reads]));
  const picked: string[] = [];
  while (missing.size > 0) {
    let best = candidates[0]!;
    let gain = 0;
    for (const candidate of candidates) {
      const adds = [...candidate.reads].filter((source) => missing.has(source)).length;
      if (adds > gain) [best, gain] = [candidate, adds];
    }
    picked.push(best.name);
    best.reads.forEach((source) => missing.delete(source));
  }
  return picked;
}

/** The definitions a subset contender evaluates. */
function subsetOf(ir: IrProject, contender: SubsetContender | 'roster-all-events'): string[] {
  return contender === 'roster-all-events'
    ? allEventsSubset(ir)
    : programSubset(ir, SUBSETS[contender]);
}

/** Differences between two roster runs on the definitions of `ir` (syncs aside; `only` those named). */
function sameResults(
  ir: IrProject,
  a: EvaluationResult,
  b: EvaluationResult,
  only?: readonly string[],
): string[] {
  const problems: string[] = [];
  for (const definition of ir.definitions) {
    if (definition.kind === 'sync' || (only && !only.includes(definition.name))) continue;
    if (definition.kind === 'audience') {
      const left = [...(a.audiences[definition.name] ?? [])].sort().join(',');
      const right = [...(b.audiences[definition.name] ?? [])].sort().join(',');
      if (left !== right) problems.push(`${definition.name}: members differ`);
      continue;
    }
    const left = a.traits[definition.name] ?? new Map<string, TraitValue>();
    const right = b.traits[definition.name] ?? new Map<string, TraitValue>();
    const same =
      left.size === right.size &&
      [...left].every(([id, value]) => {
        const other = right.get(id);
        return other !== undefined && valuesMatch(definition.type, value, other);
      });
    if (!same) problems.push(`${definition.name}: values differ`);
  }
  return problems;
}

/** The results a plan's snapshot holds (value text decoded by each trait's type), as an evaluation's. */
function snapshotResults(ir: IrProject, rows: readonly Row[]): EvaluationResult {
  const types = new Map(
    ir.definitions.map((d) => [
      d.name,
      d.kind === 'audience' || d.kind === 'sync' ? undefined : d.type,
    ]),
  );
  const result: EvaluationResult = { audiences: {}, traits: {}, diagnostics: [] };
  for (const row of rows) {
    const name = String(row.definition);
    const definition = ir.definitions.find((d) => d.name === name);
    if (definition?.kind === 'audience') {
      (result.audiences[name] ??= []).push(String(row.member_id));
      continue;
    }
    const value = decodeValue(row.value === null ? null : String(row.value), types.get(name));
    (result.traits[name] ??= new Map()).set(String(row.member_id), value as TraitValue);
  }
  return result;
}

/**
 * `roster plan` on an empty state must snapshot exactly roster's results (the
 * change from no results) and have calls to make; applying it must leave
 * them as the applied results; a plan after that, at the same instant, has
 * no calls, and its snapshot moves nobody.
 */
async function checkPlan(
  program: Program,
  file: string,
  roster: EvaluationResult,
): Promise<string[]> {
  const folder = stateFolder();
  const problems: string[] = [];
  try {
    await withData(file, async (warehouse) => {
      const context = await planContext(program, warehouse, folder.root);
      const plan = await runPlan(context);
      const rows = await warehouse.query(
        `SELECT definition, member_id, value FROM ${stateTable(context.location, plan.tables.results)}`,
      );
      const snapshot = snapshotResults(program.ir, rows);
      problems.push(...sameResults(program.ir, roster, snapshot).map((p) => `roster-plan: ${p}`));
      if (plan.totals.calls === 0) problems.push('roster-plan: the first plan has no calls');
      await applyWithoutSending(context, plan);
      const applied = snapshotResults(
        program.ir,
        await warehouse.query(
          `SELECT definition, member_id, value FROM ${stateTable(context.location, 'results')}`,
        ),
      );
      problems.push(...sameResults(program.ir, roster, applied).map((p) => `applied: ${p}`));
    });
    await withData(file, async (warehouse) => {
      const context = await planContext(program, warehouse, folder.root);
      const plan = await runPlan(context);
      // Sums of doubles may differ in their last bits from one run to the next: such values
      // are stored again, but nobody enters or leaves, no number moves beyond the tolerance,
      // and nothing unchanged is in the snapshot.
      const change = await warehouse.query(
        `SELECT definition, member_id, value, previous FROM ${stateTable(context.location, plan.tables.results)}`,
      );
      const moves = change.filter((r) => {
        const [now, before] = [Number(r.value), Number(r.previous)];
        return (
          r.value === null ||
          r.previous === null ||
          r.value === r.previous ||
          !(Math.abs(now - before) <= 1e-9 * Math.max(Math.abs(now), Math.abs(before)))
        );
      });
      if (moves.length > 0)
        problems.push(
          `roster-replan: the results snapshot of a plan after applying the same results holds ${moves.length} member(s) that did not change, e.g. ${JSON.stringify(moves[0])}`,
        );
      const moved = [
        ...plan.audiences.filter((a) => a.entered + a.exited > 0),
        ...plan.traits.filter((t) => t.changed + t.removed > 0),
      ].map((d) => d.name);
      if (plan.totals.calls > 0 || moved.length > 0)
        problems.push(
          `roster-replan: a plan after applying the same results has ${plan.totals.calls} calls and changes in ${moved.join(', ')}`,
        );
    });
  } finally {
    folder.done();
  }
  return problems;
}

/** Runs every contender once and compares its results with roster's. */
export async function checkScale(file: string): Promise<CheckOutcome> {
  const program = await loadProgram();
  const roster = await runRoster(program, file);
  const problems: string[] = [];
  let planChecked = false;
  for (const contender of selectedContenders()) {
    if (contender === 'roster') continue;
    if (isSubset(contender)) {
      const only = subsetOf(program.ir, contender);
      const subset = await runRoster(program, file, only);
      problems.push(
        ...sameResults(program.ir, roster, subset, only).map((p) => `${contender}: ${p}`),
      );
      continue;
    }
    if (contender === 'roster-plan' || contender === 'roster-replan') {
      if (!planChecked) problems.push(...(await checkPlan(program, file, roster)));
      planChecked = true;
      continue;
    }
    if (contender === 'roster-v2') {
      // The variant must leave every definition of the program unchanged; what
      // it adds is checked against the reference evaluator (test/bench/scale.test.ts).
      const variant = await runRoster(await loadProgram(programV2Dir), file);
      problems.push(...sameResults(program.ir, roster, variant).map((p) => `${contender}: ${p}`));
      continue;
    }
    const rows = await runSqlBaseline(contender, file);
    problems.push(...differences(program.ir, roster, rows).map((p) => `${contender}: ${p}`));
  }
  const compared = program.ir.definitions.filter((d) => d.kind !== 'sync').length;
  let values = 0;
  for (const ids of Object.values(roster.audiences)) values += ids.length;
  for (const traits of Object.values(roster.traits)) values += traits.size;
  return { compared, values, problems, allEvents: allEventsSubset(program.ir) };
}

/** One timed run of `contender`: wall and CPU milliseconds of the evaluation alone. */
export interface RunTime {
  ms: number;
  /** User + system CPU of the whole process (DuckDB's threads included) during the run. */
  cpuMs: number;
  /** PostgreSQL: user + system CPU of the sessions' backends and their parallel workers. */
  serverCpuMs?: number;
}

async function measure(run: () => Promise<unknown>): Promise<RunTime> {
  serverCpuMs = undefined;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return {
    ms,
    cpuMs: (used.user + used.system) / 1000,
    ...(serverCpuMs !== undefined ? { serverCpuMs } : {}),
  };
}

/**
 * One `roster plan` from connecting on (state preparation included), with a
 * state of its own; for roster-replan, after an untimed plan and its apply.
 */
async function timePlan(
  contender: 'roster-plan' | 'roster-replan',
  file: string,
): Promise<RunTime> {
  const program = await loadProgram();
  const folder = stateFolder();
  try {
    if (contender === 'roster-replan') {
      await withData(file, async (warehouse) => {
        const context = await planContext(program, warehouse, folder.root);
        await applyWithoutSending(context, await runPlan(context));
      });
    }
    return await measure(() =>
      withData(file, async (warehouse) =>
        runPlan(await planContext(program, warehouse, folder.root)),
      ),
    );
  } finally {
    folder.done();
  }
}

export async function timeContender(contender: Contender, file: string): Promise<RunTime> {
  if (contender === 'roster-plan' || contender === 'roster-replan')
    return timePlan(contender, file);
  if (isSubset(contender)) {
    const program = await loadProgram();
    const only = subsetOf(program.ir, contender);
    return measure(() => runRoster(program, file, only));
  }
  if (contender === 'roster' || contender === 'roster-v2') {
    const program = await loadProgram(contender === 'roster' ? programDir : programV2Dir);
    return measure(() => runRoster(program, file));
  }
  return measure(() => runSqlBaseline(contender, file));
}
