/**
 * Runs one generated case three ways — the reference evaluator, and the
 * compiled SQL on DuckDB or PostgreSQL — and lists every disagreement:
 * definition by definition (audiences as id sets, traits per id with the
 * comparison rules of `roster test`), plus the TLP partition check
 * (SQLancer's ternary logic partitioning): for each generated audience `x`
 * the members of `x` and of `x_not` (= `not (C)`) split the entities exactly.
 *
 * One session per engine is shared across cases (one in-memory DuckDB, one
 * PostgreSQL connection); each case gets a fresh schema for its fixture
 * tables, dropped afterwards. The compiler's setup tables are temporary and
 * dropped by its teardown.
 */
import { checkSource } from '../../src/check/index.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { IrProject } from '../../src/ir/ir.js';
import { loadProject } from '../../src/project/load-project.js';
import { buildSources } from '../../src/project/sources.js';
import type { ExpectedAudience, ExpectedTrait, TestData } from '../../src/project/test-case.js';
import type { EventsScope, Project } from '../../src/project/types.js';
import type { ReferenceResult } from '../../src/reference/data.js';
import { evaluateReference } from '../../src/reference/evaluate.js';
import { referenceDataFromTestData } from '../../src/reference/from-test-data.js';
import { evaluate } from '../../src/runtime/evaluate.js';
import type { EvaluationResult } from '../../src/runtime/evaluate.js';
import { errorMessage } from '../../src/runtime/warehouse.js';
import type { Warehouse } from '../../src/runtime/warehouse.js';
import { openDuckDb } from '../../src/runtime/warehouses/duckdb.js';
import { openPostgres } from '../../src/runtime/warehouses/postgres.js';
import { tryCompileProject } from '../../src/sql/compile-project.js';
import type { Dialect } from '../../src/sql/dialect.js';
import { getDialect } from '../../src/sql/dialects/index.js';
import { compareExpectations } from '../../src/testing/compare.js';
import type { DefinitionInfo, ExpectationFailure } from '../../src/testing/compare.js';
import { showValue } from '../../src/testing/format-report.js';
import { loadFixtures } from '../../src/testing/load-fixtures.js';
import { loadSegmentFixtures } from '../../src/testing/load-segment-fixtures.js';
import { NO_RANGE } from './data-arbitrary.js';
import { NOW } from './pools.js';

export type EngineName = 'duckdb' | 'postgres';
export const ENGINES: readonly EngineName[] = ['duckdb', 'postgres'];
export const PG_URL = process.env.ROSTER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The project holding the differential schema (and the regression cases). */
export const REGRESSIONS_DIR = new URL('../regressions/', import.meta.url).pathname;

export interface DiffCase {
  /** Program text (canonical printer output, or a minimised version of it). */
  program: string;
  data: TestData;
  scope: EventsScope;
  /** Audiences `x` whose negation `x_not` the program defines (TLP). */
  partitions: Array<{ name: string; entity: 'user' | 'account' }>;
  /** How the fixtures are stored (default json). */
  layout?: LayoutName;
  /** Whether the data was drawn around the program's literals and windows (for the campaign's counts). */
  aroundProgram?: boolean;
}

/** How fixtures are stored: roster's JSON tables, or the tables Segment's warehouse connector writes. */
export type LayoutName = 'json' | 'segment';

export interface Session {
  engine: EngineName;
  warehouse: Warehouse;
  dialect: Dialect;
  /** Cases run so far (names the per-case schema). */
  cases: number;
  close(): Promise<void>;
}

export async function openSession(engine: EngineName): Promise<Session> {
  const warehouse = engine === 'duckdb' ? await openDuckDb() : await openPostgres({ url: PG_URL });
  // Temporary tables have no statistics, so PostgreSQL overestimates nested
  // quantifiers and JIT-compiles them: seconds per statement on a few rows.
  if (engine === 'postgres') {
    await warehouse.execute('SET jit = off');
    // Fixture tables are thrown away after each case: no need to wait for the WAL flush.
    await warehouse.execute('SET synchronous_commit = off');
  }
  return {
    engine,
    warehouse,
    dialect: getDialect(engine),
    cases: 0,
    close: () => warehouse.close(),
  };
}

export async function loadDifferentialProject(): Promise<Project> {
  const loaded = await loadProject(REGRESSIONS_DIR);
  if (!loaded.project) {
    throw new Error(
      `cannot load ${REGRESSIONS_DIR}: ${loaded.diagnostics.map((d) => d.message).join('; ')}`,
    );
  }
  return loaded.project;
}

export type CaseOutcome =
  | { status: 'rejected'; diagnostics: Diagnostic[] }
  | {
      status: 'passed';
      ir: IrProject;
      reference: ReferenceResult;
      /** TLP partitions compared, on the reference and on the engine each. */
      partitions: number;
      /** Of those, how many split their entities (some members, some not). */
      splits: number;
    }
  | { status: 'failed'; problems: string[]; ir: IrProject; reference?: ReferenceResult };

/** The checker's IR for a case's program, or its errors. */
export function checkCase(project: Project, c: Pick<DiffCase, 'program' | 'scope'>) {
  return checkSource(
    c.program,
    'differential.roster',
    project.schema,
    { ...project.config, events: { scope: c.scope } },
    { warnUnused: false },
  );
}

function expectationsFrom(reference: ReferenceResult): {
  audiences: ExpectedAudience[];
  traits: ExpectedTrait[];
} {
  return {
    audiences: Object.entries(reference.audiences).map(([name, ids]) => ({
      name,
      ids,
      range: NO_RANGE,
    })),
    traits: Object.entries(reference.traits).map(([name, values]) => ({
      name,
      values: Object.fromEntries(values),
      range: NO_RANGE,
    })),
  };
}

function describeFailure(f: ExpectationFailure): string {
  switch (f.kind) {
    case 'unknown-definition':
      return `${f.expectedKind} ${f.name}: no result from the warehouse`;
    case 'audience':
      return `audience ${f.name}: reference [${f.expected.join(', ')}], warehouse [${f.actual.join(', ')}] (missing [${f.missing.join(', ')}], unexpected [${f.unexpected.join(', ')}])`;
    case 'trait':
      return `trait ${f.name}: ${f.mismatches
        .map(
          (m) => `${m.id}: reference ${showValue(m.expected)} ≠ warehouse ${showValue(m.actual)}`,
        )
        .join('; ')}`;
  }
}

/**
 * Members of `x` and `x_not` must split `entities` exactly (nothing in both,
 * nothing in neither). A partition whose `x` or `x_not` has no result is a
 * problem too: the check must never pass by comparing nothing.
 */
export function partitionProblems(
  who: string,
  audiences: Record<string, string[]>,
  partitions: DiffCase['partitions'],
  data: TestData,
): string[] {
  const problems: string[] = [];
  for (const { name, entity } of partitions) {
    const yes = audiences[name];
    const no = audiences[`${name}_not`];
    if (!yes || !no) {
      problems.push(
        `TLP on ${who}: ${name} / ${name}_not — no result for ${[yes ? [] : [name], no ? [] : [`${name}_not`]].flat().join(' and ')}`,
      );
      continue;
    }
    const all = new Set((entity === 'user' ? data.users : data.accounts).map((r) => r.id));
    const inYes = new Set(yes);
    const both = no.filter((id) => inYes.has(id));
    const covered = new Set([...yes, ...no]);
    const neither = [...all].filter((id) => !covered.has(id));
    const strangers = [...covered].filter((id) => !all.has(id));
    if (both.length + neither.length + strangers.length > 0) {
      problems.push(
        `TLP on ${who}: ${name} / ${name}_not — in both [${both.join(', ')}], in neither [${neither.join(', ')}], not ${entity}s [${strangers.join(', ')}]`,
      );
    }
  }
  return problems;
}

/**
 * Splits (LANGUAGE.md §12.5), read from the IR: each part is `in S and
 * split-bucket(NAME, from, to)`. The parts' buckets must tile 0…10000 in the
 * written order, and on every result the parts must divide the members of S
 * exactly: nothing in two parts, no member of S in none, nobody else in any.
 */
export function splitProblems(
  who: string,
  audiences: Record<string, string[]>,
  ir: IrProject,
): string[] {
  const splits = new Map<
    string,
    { source: string; parts: Array<{ name: string; from: number; to: number }> }
  >();
  for (const d of ir.definitions) {
    if (d.kind !== 'audience' || d.condition.kind !== 'and') continue;
    const [source, bucket] = d.condition.operands;
    if (source?.kind !== 'in-audience' || bucket?.kind !== 'split-bucket') continue;
    const split = splits.get(bucket.split) ?? { source: source.audience, parts: [] };
    split.parts.push({ name: d.name, from: bucket.from, to: bucket.to });
    splits.set(bucket.split, split);
  }
  const problems: string[] = [];
  for (const [name, { source, parts }] of splits) {
    const bounds = parts.map((p) => `${p.from}–${p.to}`).join(', ');
    const tiled = parts.every(
      (p, i) => p.from === (i === 0 ? 0 : parts[i - 1]!.to) && p.from < p.to,
    );
    if (!tiled || parts.at(-1)?.to !== 10000)
      problems.push(`split ${name}: buckets ${bounds} do not tile 0–10000`);
    const members = audiences[source];
    const inParts = parts.map((p) => audiences[p.name]);
    if (!members || inParts.some((m) => !m)) {
      problems.push(`split ${name} on ${who}: no result for ${source} or a part`);
      continue;
    }
    const seen = new Map<string, string>();
    const twice: string[] = [];
    parts.forEach((p, i) => {
      for (const id of inParts[i]!) {
        if (seen.has(id)) twice.push(`${id} (${seen.get(id)}, ${p.name})`);
        seen.set(id, p.name);
      }
    });
    const all = new Set(members);
    const none = members.filter((id) => !seen.has(id));
    const outside = [...seen.keys()].filter((id) => !all.has(id));
    if (twice.length + none.length + outside.length > 0) {
      problems.push(
        `split ${name} of ${source} on ${who}: in two parts [${twice.join(', ')}], in no part [${none.join(', ')}], in a part but not in ${source} [${outside.join(', ')}]`,
      );
    }
  }
  return problems;
}

/**
 * How many of the case's TLP audiences have some members and some entities
 * outside them on `audiences` (the reference's result): an audience that
 * holds nobody, or everybody, says little about its condition.
 */
export function splitCount(
  audiences: Record<string, string[]>,
  c: Pick<DiffCase, 'partitions' | 'data'>,
): number {
  return c.partitions.filter(({ name, entity }) => {
    const all = new Set((entity === 'user' ? c.data.users : c.data.accounts).map((r) => r.id));
    const members = (audiences[name] ?? []).filter((id) => all.has(id)).length;
    return members > 0 && members < all.size;
  }).length;
}

/**
 * Of data sets drawn for one program, the one on which the reference splits
 * the most audiences (the first on a tie, the first that splits them all). The program is checked once; a
 * program the checker rejects, or data the reference refuses, keeps the first
 * draw, so the harness reports it as it would have.
 */
export function mostSplitting(project: Project, candidates: DiffCase[]): DiffCase {
  const ir = checkCase(project, candidates[0]!).ir;
  if (!ir) return candidates[0]!;
  let best = candidates[0]!;
  let bestScore = -1;
  for (const c of candidates) {
    const { reference } = runReference(ir, c.data);
    if (!reference) return candidates[0]!;
    const score = splitCount(reference.audiences, c);
    if (score > bestScore) [best, bestScore] = [c, score];
    // Nothing can beat a draw that splits every audience.
    if (score === c.partitions.length) break;
  }
  return best;
}

/** Generated events with `messageId: ''` have none: loaded as NULL (see DataOptions.missingMessageIds). */
function withNullMessageIds(data: TestData): TestData {
  const strip = <T extends { messageId: string }>(e: T): T =>
    e.messageId === '' ? ({ ...e, messageId: undefined } as unknown as T) : e;
  return {
    ...data,
    tracks: data.tracks.map(strip),
    pages: data.pages.map(strip),
    screens: data.screens.map(strip),
  };
}

/** Loads the fixtures into a fresh schema in `layout`, compiles for the session's dialect and evaluates. */
export async function runOnEngine(
  session: Session,
  project: Project,
  ir: IrProject,
  data: TestData,
  layout: LayoutName = 'json',
): Promise<{ result?: EvaluationResult; problems: string[] }> {
  const schema = `roster_diff_${process.pid}_${session.cases++}`;
  const quoted = session.dialect.quoteIdentifier(schema);
  const { warehouse, dialect } = session;
  await warehouse.execute(`CREATE SCHEMA ${quoted}`);
  try {
    const compiled = tryCompileProject(ir, {
      dialect: session.engine,
      now: NOW,
      sources: buildSources(layout, {}, schema),
    });
    if (!compiled.ok) {
      return {
        problems: compiled.diagnostics.map((d) => `compile (${session.engine}): ${d.message}`),
      };
    }
    try {
      const load = layout === 'segment' ? loadSegmentFixtures : loadFixtures;
      await load(warehouse, dialect, project.schema, withNullMessageIds(data), schema);
    } catch (caught) {
      return {
        problems: [`loading ${layout} fixtures on ${session.engine}: ${errorMessage(caught)}`],
      };
    }
    const result = await evaluate(warehouse, compiled.compiled);
    return {
      result,
      problems: result.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => `${session.engine}: ${d.code}: ${d.message}`),
    };
  } finally {
    await warehouse.execute(`DROP SCHEMA IF EXISTS ${quoted} CASCADE`).catch(() => undefined);
  }
}

/** The reference evaluator's answer, or why it refused. */
export function runReference(
  ir: IrProject,
  data: TestData,
): { reference?: ReferenceResult; problem?: string } {
  try {
    return { reference: evaluateReference(ir, referenceDataFromTestData(data), NOW) };
  } catch (caught) {
    return { problem: `reference evaluator threw: ${errorMessage(caught)}` };
  }
}

/** Every disagreement between the reference and `session`'s engine on `c`. */
export async function runCase(
  project: Project,
  session: Session,
  c: DiffCase,
): Promise<CaseOutcome> {
  const checked = checkCase(project, c);
  if (!checked.ir) return { status: 'rejected', diagnostics: checked.diagnostics };
  const ir = checked.ir;
  const { reference, problem } = runReference(ir, c.data);
  const problems: string[] = problem ? [problem] : [];
  const engine = await runOnEngine(session, project, ir, c.data, c.layout);
  problems.push(...engine.problems);
  if (reference) {
    problems.push(...partitionProblems('reference', reference.audiences, c.partitions, c.data));
    problems.push(...splitProblems('reference', reference.audiences, ir));
  }
  if (engine.result) {
    problems.push(
      ...partitionProblems(session.engine, engine.result.audiences, c.partitions, c.data),
    );
    problems.push(...splitProblems(session.engine, engine.result.audiences, ir));
  }
  if (reference && engine.result && engine.problems.length === 0) {
    const known = new Map<string, DefinitionInfo>(
      ir.definitions.flatMap((d): Array<[string, DefinitionInfo]> =>
        d.kind === 'audience'
          ? [[d.name, { kind: 'audience' }]]
          : d.kind === 'sync'
            ? []
            : [[d.name, { kind: 'trait', type: d.type }]],
      ),
    );
    const failures = compareExpectations(expectationsFrom(reference), engine.result, known);
    problems.push(...failures.map((f) => `${session.engine} vs reference: ${describeFailure(f)}`));
  }
  if (problems.length === 0 && reference) {
    // A partition without results is a problem above, so reaching here means each was compared.
    return {
      status: 'passed',
      ir,
      reference,
      partitions: c.partitions.length,
      splits: splitCount(reference.audiences, c),
    };
  }
  return { status: 'failed', problems, ir, ...(reference ? { reference } : {}) };
}
