/**
 * The guards of `roster apply` (docs/plan-apply.md, "Guards"): what stops an
 * apply before its first call unless a flag says the change is intended. A
 * broken source table should not empty (or flood) a CRM.
 *
 * Every guard is measured in the warehouse, from the snapshot's transitions
 * and results tables and from the applied state, never from a plan file's
 * fields: `roster plan` measures them to show them, and `roster apply`
 * measures them again before delivering (a plan file edited to drop a
 * violation changes nothing).
 *
 * - mass exit (on, `apply.mass_exit_threshold`): per sync and call, the
 *   share of the members delivered before that would exit, or whose trait
 *   value would be removed; and, for audiences an emptied event source can
 *   fill (`not did …`, `did … 0 times`), the share that would enter;
 * - mass enter (off unless `apply.mass_enter_threshold`): the share that
 *   would enter, against the members delivered before;
 * - size drift (off unless `apply.size_drift_threshold`): each synced
 *   definition's size against the mean of the sizes the last
 *   `apply.size_drift_runs` applies recorded;
 * - source shrink (on, `apply.source_shrink_threshold`): each source table's
 *   row count against the count the last apply recorded.
 *
 * Measured per channel (sync × call) rather than per audience, because that
 * is what is sent: a memberships table that emptied makes every user of an
 * unchanged account audience exit from its identify calls.
 */
import type {
  IrAggregation,
  IrCondition,
  IrProject,
  IrTest,
  IrTraitAggregation,
} from '../../ir/ir.js';
import {
  DEFAULT_MASS_EXIT_THRESHOLD,
  DEFAULT_SIZE_DRIFT_RUNS,
  DEFAULT_SOURCE_SHRINK_THRESHOLD,
} from '../../project/read-config.js';
import type { LogicalSource, ProjectConfig } from '../../project/types.js';
import { stateTable } from '../state/location.js';
import { errorMessage } from '../warehouse.js';
import type { CallKind } from './plan.js';
import type { RunContext } from './prepare-run.js';
import { sizesAfterChangeSql } from './snapshot-sql.js';

export type GuardName = 'mass-exit' | 'mass-enter' | 'size-drift' | 'source-shrink';

/** The flag that lets an apply through each guard. */
export const GUARD_FLAGS: Record<GuardName, string> = {
  'mass-exit': '--allow-mass-exit',
  'mass-enter': '--allow-mass-enter',
  'size-drift': '--allow-size-drift',
  'source-shrink': '--allow-source-shrink',
};

/** The roster.yaml setting of each guard's threshold. */
export const GUARD_SETTINGS: Record<GuardName, string> = {
  'mass-exit': 'apply.mass_exit_threshold',
  'mass-enter': 'apply.mass_enter_threshold',
  'size-drift': 'apply.size_drift_threshold',
  'source-shrink': 'apply.source_shrink_threshold',
};

export interface GuardSettings {
  massExit: number;
  /** Off when absent. */
  massEnter?: number;
  /** Off when absent. */
  sizeDrift?: { threshold: number; runs: number };
  sourceShrink: number;
}

export function guardSettings(config: ProjectConfig): GuardSettings {
  const a = config.apply;
  return {
    massExit: a?.massExitThreshold ?? DEFAULT_MASS_EXIT_THRESHOLD,
    ...(a?.massEnterThreshold !== undefined ? { massEnter: a.massEnterThreshold } : {}),
    ...(a?.sizeDriftThreshold !== undefined
      ? {
          sizeDrift: {
            threshold: a.sizeDriftThreshold,
            runs: a.sizeDriftRuns ?? DEFAULT_SIZE_DRIFT_RUNS,
          },
        }
      : {}),
    sourceShrink: a?.sourceShrinkThreshold ?? DEFAULT_SOURCE_SHRINK_THRESHOLD,
  };
}

/** What tripped a guard: the numbers, the threshold, and whom it is about. */
export type GuardViolation =
  | {
      guard: 'mass-exit' | 'mass-enter';
      /** `exit`: members leaving; `removal`: trait values going missing; `absence-entry`/`entry`: members joining. */
      what: 'exit' | 'removal' | 'absence-entry' | 'entry';
      sync: string;
      call: CallKind;
      source: string;
      count: number;
      /** Members delivered before (the share's denominator). */
      before: number;
      share: number;
      threshold: number;
    }
  | {
      guard: 'size-drift';
      definition: string;
      /** Audiences have members; traits, entities with a value. */
      kind: 'audience' | 'trait';
      size: number;
      /** Mean size over `runs` earlier applies. */
      mean: number;
      runs: number;
      share: number;
      threshold: number;
    }
  | {
      guard: 'source-shrink';
      source: string;
      table: string;
      rows: number;
      before: number;
      share: number;
      threshold: number;
    };

/** One channel's transitions against its delivered state. */
export interface ChannelMeasure {
  sync: string;
  call: CallKind;
  source: string;
  sourceKind: 'audience' | 'trait';
  /** Members present in its delivered state before the run. */
  before: number;
  entered: number;
  exited: number;
  changed: number;
  removed: number;
}

export interface SourceCount {
  source: string;
  table: string;
  rows: number;
}

export interface GuardMeasures {
  channels: ChannelMeasure[];
  /** Members (audiences) or values (traits) of each evaluated definition. */
  sizes: Record<string, number>;
  /** Sizes the last applies recorded, newest first. */
  history: Array<Record<string, number>>;
  /** Source tables' rows now, and as the last apply recorded them. */
  sources: SourceCount[];
  previousSources: SourceCount[];
}

/** The snapshot tables guards read (unqualified names, already validated). */
export interface GuardTables {
  results: string;
  transitions: string;
}

const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;
const limit = (threshold: number): string => `${(threshold * 100).toFixed(0)}%`;
const num = (v: unknown): number => Number(v ?? 0);

/** A violation in one sentence; `code` quotes user-made names (backticks by default). */
export function describeViolation(
  v: GuardViolation,
  code: (name: string) => string = (name) => `\`${name}\``,
): string {
  const setting = `${GUARD_SETTINGS[v.guard]}: ${limit(v.threshold)}`;
  switch (v.guard) {
    case 'mass-exit':
    case 'mass-enter': {
      const where = `${code(v.sync)} (${v.call})`;
      if (v.what === 'exit')
        return `${where}: ${v.count} of ${v.before} members would exit (${pct(v.share)}; ${setting})`;
      if (v.what === 'removal')
        return `${where}: the ${code(v.source)} values of ${v.count} of ${v.before} members would be removed (${pct(v.share)}; ${setting})`;
      if (v.what === 'absence-entry')
        return `${where}: ${v.count} members would enter, ${pct(v.share)} of the ${v.before} before, and ${code(v.source)} is defined by the absence of events (an event source that stopped filling makes everyone enter; ${setting})`;
      return `${where}: ${v.count} members would enter, ${pct(v.share)} of the ${v.before} before (${setting})`;
    }
    case 'size-drift':
      return `${code(v.definition)}: ${v.size} ${v.kind === 'trait' ? 'values' : 'members'}, ${pct(v.share)} ${v.size < v.mean ? 'below' : 'above'} the mean of the last ${v.runs} apply(s) (${round(v.mean)}; ${setting})`;
    case 'source-shrink':
      return `source table ${code(v.table)} (${v.source}): ${v.rows} rows, ${pct(v.share)} fewer than the ${v.before} of the last apply (${setting})`;
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

// ---------------------------------------------------------------- checking

/** The violations of `measures` under `settings`, source tables first (they explain the rest). */
export function checkGuards(
  measures: GuardMeasures,
  settings: GuardSettings,
  ir: IrProject,
): GuardViolation[] {
  const out: GuardViolation[] = [];
  const previous = new Map(measures.previousSources.map((s) => [`${s.source}\0${s.table}`, s]));
  for (const now of measures.sources) {
    const before = previous.get(`${now.source}\0${now.table}`);
    if (!before || before.rows <= 0) continue;
    const share = (before.rows - now.rows) / before.rows;
    if (share > settings.sourceShrink)
      out.push({
        guard: 'source-shrink',
        source: now.source,
        table: now.table,
        rows: now.rows,
        before: before.rows,
        share,
        threshold: settings.sourceShrink,
      });
  }

  const absence = absenceAudiences(ir);
  /** The worst channel of each (guard, what, sync). */
  const worst = new Map<string, Extract<GuardViolation, { guard: 'mass-exit' | 'mass-enter' }>>();
  const consider = (
    guard: 'mass-exit' | 'mass-enter',
    what: 'exit' | 'removal' | 'absence-entry' | 'entry',
    c: ChannelMeasure,
    count: number,
    threshold: number,
  ): void => {
    if (c.before <= 0) return;
    const share = count / c.before;
    if (share <= threshold) return;
    const key = `${guard}\0${what}\0${c.sync}`;
    const seen = worst.get(key);
    if (seen && seen.share >= share) return;
    worst.set(key, {
      guard,
      what,
      sync: c.sync,
      call: c.call,
      source: c.source,
      count,
      before: c.before,
      share,
      threshold,
    });
  };
  for (const c of measures.channels) {
    if (c.sourceKind === 'audience') {
      consider('mass-exit', 'exit', c, c.exited, settings.massExit);
      if (absence.has(c.source))
        consider('mass-exit', 'absence-entry', c, c.entered, settings.massExit);
      if (settings.massEnter !== undefined)
        consider('mass-enter', 'entry', c, c.entered, settings.massEnter);
    } else {
      consider('mass-exit', 'removal', c, c.removed, settings.massExit);
    }
  }
  out.push(...worst.values());

  if (settings.sizeDrift) {
    const { threshold, runs } = settings.sizeDrift;
    const synced = new Map(measures.channels.map((c) => [c.source, c.sourceKind]));
    for (const [name, kind] of [...synced].sort(([a], [b]) => compareText(a, b))) {
      const past = measures.history
        .slice(0, runs)
        .map((sizes) => sizes[name])
        .filter((n): n is number => n !== undefined);
      if (past.length === 0) continue;
      const mean = past.reduce((a, b) => a + b, 0) / past.length;
      if (mean <= 0) continue;
      const size = measures.sizes[name] ?? 0;
      const share = Math.abs(size - mean) / mean;
      if (share > threshold)
        out.push({
          guard: 'size-drift',
          definition: name,
          kind,
          size,
          mean,
          runs: past.length,
          share,
          threshold,
        });
    }
  }
  return out;
}

// ---------------------------------------------------------------- absence

/**
 * Audiences an event source that stopped filling (or emptied) can make
 * members join: some event atom of the condition is satisfied at zero events
 * where it counts positively (`did … < 3`, `did … 0 times`, `count … <= 2`),
 * or unsatisfied at zero events where it counts negatively (`not did …`,
 * `no user did …`). Audiences read through `in` count with their polarity.
 */
export function absenceAudiences(ir: IrProject): Set<string> {
  const byName = new Map(ir.definitions.map((d) => [d.name, d]));
  const memo = new Map<string, [boolean, boolean]>();
  /** [absence-sensitive when the condition counts positively, … negatively]. */
  const audience = (name: string): [boolean, boolean] => {
    const cached = memo.get(name);
    if (cached) return cached;
    memo.set(name, [false, false]); // a cycle is a check error; never loop
    const def = byName.get(name);
    const result: [boolean, boolean] =
      def?.kind === 'audience'
        ? [walk(def.condition, true), walk(def.condition, false)]
        : [false, false];
    memo.set(name, result);
    return result;
  };
  const aggregateAtZero = (
    aggregation: IrTraitAggregation,
    test: IrTest,
    positive: boolean,
  ): boolean =>
    aggregation.fn === 'count-users'
      ? // How many users satisfy the body may move either way when its events stop (§12.4).
        walk(aggregation.body, true) || walk(aggregation.body, false)
      : testAtNoEvents(aggregation, test) === positive;
  const walk = (c: IrCondition, positive: boolean): boolean => {
    switch (c.kind) {
      case 'and':
      case 'or':
      case 'at-least-of':
        return c.operands.some((o) => walk(o, positive));
      case 'not':
        return walk(c.operand, !positive);
      case 'constant':
      case 'split-bucket':
        return false;
      case 'did':
        return compareNumbers(0, c.op, c.n) === positive;
      case 'sequence':
        // No events: a sequence is false, so only its negation holds for an absent entity.
        return !positive;
      case 'in-audience':
        return audience(c.audience)[positive ? 0 : 1];
      case 'some-account':
        return walk(c.condition, positive);
      case 'quantified':
        if (c.quantifier === 'no' || c.quantifier === 'at-most') return walk(c.body, !positive);
        if (c.quantifier === 'exactly') return walk(c.body, true) || walk(c.body, false);
        return walk(c.body, positive);
      case 'test': {
        const s = c.subject;
        if (s.kind === 'aggregate') return aggregateAtZero(s.aggregation, c.test, positive);
        if (s.kind === 'defined-trait') {
          const trait = byName.get(s.name);
          return trait?.kind === 'computed-trait'
            ? aggregateAtZero(trait.aggregation, c.test, positive)
            : false;
        }
        return false;
      }
    }
  };
  const out = new Set<string>();
  for (const d of ir.definitions) if (d.kind === 'audience' && audience(d.name)[0]) out.add(d.name);
  return out;
}

function compareNumbers(a: number, op: string, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '=':
      return a === b;
    case '>=':
      return a >= b;
    default:
      return a > b;
  }
}

/** An aggregation's test on the value it has without events (LANGUAGE.md §5: count 0, unique [], the rest missing). */
function testAtNoEvents(aggregation: IrAggregation, test: IrTest): boolean {
  const fn = aggregation.fn;
  if (fn === 'count' || fn === 'sum' || fn === 'count_unique') {
    switch (test.kind) {
      case 'is-set':
        return true;
      case 'compare':
        return test.value.type === 'number' && compareNumbers(0, test.op, test.value.value);
      case 'in-list':
        return test.values.some((v) => v.type === 'number' && v.value === 0);
      case 'number-between':
        return test.from <= 0 && 0 <= test.to;
      default:
        return false;
    }
  }
  // `unique` is an empty list (set, containing nothing); every other result is missing.
  return fn === 'unique' && test.kind === 'is-set';
}

// ---------------------------------------------------------------- measuring

/** Counts each configured source table (not Segment's raw archive, which only a full read could count). */
export async function countSources(context: RunContext): Promise<SourceCount[]> {
  const { project, warehouse, location } = context;
  const sources = project.config.sources;
  if (sources.layout === 'segment_archive') return [];
  const out: SourceCount[] = [];
  const disabled = new Set(sources.disabled ?? []);
  for (const [source, mapping] of Object.entries(sources.mappings)) {
    if (!mapping || disabled.has(source as LogicalSource)) continue;
    try {
      const rows = await warehouse.query(
        `SELECT COUNT(*) AS n FROM ${location.dialect.sourceRelation(mapping.table)} AS s`,
      );
      out.push({ source, table: mapping.table, rows: num(rows[0]?.n) });
    } catch (caught) {
      // A configured table the project never reads may not exist: nothing to guard.
      void errorMessage(caught);
    }
  }
  return out;
}

interface RecordedRun {
  sizes: Record<string, number>;
  sources: SourceCount[];
}

function parseSummary(summary: unknown): RecordedRun | undefined {
  if (typeof summary !== 'string' || summary === '') return undefined;
  try {
    const parsed = JSON.parse(summary) as Record<string, unknown>;
    const sizes: Record<string, number> = {};
    for (const key of ['audiences', 'traits']) {
      const list = parsed[key];
      if (!Array.isArray(list)) continue;
      for (const a of list as Array<{ name?: unknown; size?: unknown }>)
        if (typeof a.name === 'string' && typeof a.size === 'number') sizes[a.name] = a.size;
    }
    const sources: SourceCount[] = [];
    if (Array.isArray(parsed.sources))
      for (const s of parsed.sources as Array<Partial<SourceCount>>)
        if (
          typeof s.source === 'string' &&
          typeof s.table === 'string' &&
          typeof s.rows === 'number'
        )
          sources.push({ source: s.source, table: s.table, rows: s.rows });
    return { sizes, sources };
  } catch {
    return undefined;
  }
}

/** Everything the guards look at, read from the warehouse. */
export async function measureGuards(
  context: RunContext,
  tables: GuardTables,
  definitions: readonly string[],
  historyRuns = DEFAULT_SIZE_DRIFT_RUNS,
): Promise<GuardMeasures> {
  const { warehouse, location } = context;
  const t = (name: string): string => stateTable(location, name);
  const moves = await warehouse.query(
    `SELECT sync, call, source, source_kind, transition, COUNT(*) AS n FROM ${t(tables.transitions)} GROUP BY sync, call, source, source_kind, transition`,
  );
  const present = await warehouse.query(
    `SELECT sync, call, COUNT(*) AS n FROM ${t('delivered')} WHERE present GROUP BY sync, call`,
  );
  const channels = new Map<string, ChannelMeasure>();
  for (const r of moves) {
    const key = `${String(r.sync)}\0${String(r.call)}`;
    let c = channels.get(key);
    if (!c) {
      c = {
        sync: String(r.sync),
        call: String(r.call) as CallKind,
        source: String(r.source),
        sourceKind: r.source_kind === 'trait' ? 'trait' : 'audience',
        before: num(present.find((p) => p.sync === r.sync && p.call === r.call)?.n),
        entered: 0,
        exited: 0,
        changed: 0,
        removed: 0,
      };
      channels.set(key, c);
    }
    const transition = String(r.transition);
    if (
      transition === 'entered' ||
      transition === 'exited' ||
      transition === 'changed' ||
      transition === 'removed'
    )
      c[transition] += num(r.n);
  }
  // The results snapshot holds only what changes (snapshot-sql.ts, createResultsChangeSql).
  const sizeRows = await warehouse.query(
    sizesAfterChangeSql(location.dialect, t(tables.results), t('results'), definitions),
  );
  const runs = await warehouse.query(
    `SELECT summary FROM ${t('runs')} WHERE status IN ('applied', 'partial') AND summary IS NOT NULL ORDER BY started_at DESC LIMIT ${Math.max(1, Math.trunc(historyRuns))}`,
  );
  const recorded = runs.map((r) => parseSummary(r.summary)).filter((r) => r !== undefined);
  return {
    channels: [...channels.values()].sort(
      (a, b) => compareText(a.sync, b.sync) || compareText(a.call, b.call),
    ),
    sizes: Object.fromEntries(sizeRows.map((r) => [String(r.definition), num(r.n)])),
    history: recorded.map((r) => r.sizes),
    sources: await countSources(context),
    previousSources: recorded.find((r) => r.sources.length > 0)?.sources ?? [],
  };
}

/** Measures and checks: what `roster plan` shows and `roster apply` refuses. */
export async function evaluateGuards(
  context: RunContext,
  tables: GuardTables,
  definitions: readonly string[],
): Promise<{ violations: GuardViolation[]; measures: GuardMeasures }> {
  const settings = guardSettings(context.project.config);
  const measures = await measureGuards(context, tables, definitions, settings.sizeDrift?.runs);
  return { violations: checkGuards(measures, settings, context.ir), measures };
}
