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
 *
 * Every contender's results are compared with roster's (checkScale) before
 * anything is timed; roster-v2 must return roster's results for every
 * definition they share.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileProject } from '../../src/sql/compile-project.js';
import { evaluate } from '../../src/runtime/evaluate.js';
import type { EvaluationResult } from '../../src/runtime/evaluate.js';
import type { Warehouse } from '../../src/runtime/warehouse.js';
import { openDuckDb } from '../../src/runtime/warehouses/duckdb.js';
import type { SourcesConfig } from '../../src/project/index.js';
import type { IrProject } from '../../src/ir/ir.js';
import type { TraitValue } from '../../src/runtime/values.js';
import { valuesMatch } from '../../src/testing/compare.js';
import { differences, handWrittenFile, loadChecked, parseHandWritten } from '../evaluate.bench.js';
import type { HandResult } from '../evaluate.bench.js';
import { REFERENCE_NOW, SCALE_TABLES } from './data.js';

export const CONTENDERS = ['roster', 'roster-v2', 'hand-written', 'naive'] as const;
/**
 * The contenders to run: all, or the comma-separated ROSTER_BENCH_CONTENDERS
 * (`--contenders` of bench/run.ts; the naive compile is too slow for SF ≥ 0.1).
 */
export function selectedContenders(): Contender[] {
  const wanted = process.env.ROSTER_BENCH_CONTENDERS?.split(',').map((c) => c.trim());
  if (!wanted) return [...CONTENDERS];
  const unknown = wanted.filter((c) => !(CONTENDERS as readonly string[]).includes(c));
  if (unknown.length > 0) {
    throw new Error(`unknown contender ${unknown.join(', ')}; known: ${CONTENDERS.join(', ')}`);
  }
  return CONTENDERS.filter((c) => wanted.includes(c));
}

const handWritten = (file: string): string => path.join(path.dirname(handWrittenFile), file);
/** Each baseline's files, run in order in one session (the second reads the first's tables). */
type SqlContender = Exclude<Contender, 'roster' | 'roster-v2'>;
const SQL_FILES: Record<SqlContender, string[]> = {
  'hand-written': [handWrittenFile, handWritten('scale-extra.sql')],
  naive: [handWritten('b2b-saas-naive.sql'), handWritten('scale-extra-naive.sql')],
};
const here = path.dirname(fileURLToPath(import.meta.url));
const programDir = path.join(here, 'program');
/** The program plus a 3-step sequence and a `regularly` condition (bench/scale/program-v2). */
export const programV2Dir = path.join(here, 'program-v2');
export type Contender = (typeof CONTENDERS)[number];

interface Program {
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
  return { ir, sources };
}

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

async function withData<T>(file: string, run: (warehouse: Warehouse) => Promise<T>): Promise<T> {
  const warehouse = await openDuckDb();
  try {
    await warehouse.execute(`ATTACH ${quote(file)} AS scale_data (READ_ONLY)`);
    await warehouse.execute('USE scale_data');
    return await run(warehouse);
  } finally {
    await warehouse.close();
  }
}

export async function runRoster(program: Program, file: string): Promise<EvaluationResult> {
  const compiled = compileProject(program.ir, {
    dialect: 'duckdb',
    now: REFERENCE_NOW,
    sources: program.sources,
  });
  return withData(file, async (warehouse) => {
    const result = await evaluate(warehouse, compiled);
    if (result.diagnostics.length > 0) {
      throw new Error(`roster: ${result.diagnostics.map((d) => d.message).join('; ')}`);
    }
    return result;
  });
}

export async function runSqlBaseline(contender: SqlContender, file: string): Promise<HandResult> {
  const scripts = SQL_FILES[contender].map((file) => parseHandWritten(readFileSync(file, 'utf8')));
  const script = {
    setup: scripts.flatMap((s) => s.setup),
    queries: scripts.flatMap((s) => s.queries),
  };
  return withData(file, async (warehouse) => {
    await warehouse.execute(`SET VARIABLE now = TIMESTAMPTZ ${quote(REFERENCE_NOW)}`);
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
}

/** Differences between two roster runs on the definitions of `ir` (syncs aside). */
function sameResults(ir: IrProject, a: EvaluationResult, b: EvaluationResult): string[] {
  const problems: string[] = [];
  for (const definition of ir.definitions) {
    if (definition.kind === 'sync') continue;
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

/** Runs every contender once and compares its results with roster's. */
export async function checkScale(file: string): Promise<CheckOutcome> {
  const program = await loadProgram();
  const roster = await runRoster(program, file);
  const problems: string[] = [];
  for (const contender of selectedContenders()) {
    if (contender === 'roster') continue;
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
  return { compared, values, problems };
}

/** One timed run of `contender`: wall and CPU milliseconds of the evaluation alone. */
export interface RunTime {
  ms: number;
  /** User + system CPU of the whole process (DuckDB's threads included) during the run. */
  cpuMs: number;
}

export async function timeContender(contender: Contender, file: string): Promise<RunTime> {
  const roster = contender === 'roster' || contender === 'roster-v2';
  const program = roster
    ? await loadProgram(contender === 'roster' ? programDir : programV2Dir)
    : undefined;
  const cpu = process.cpuUsage();
  const start = performance.now();
  if (program) await runRoster(program, file);
  else await runSqlBaseline(contender as SqlContender, file);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}
