/**
 * Everything the docs site shows, as one plain JSON value (the page reads it
 * from `data.js`): each definition with its doc comment, source and place,
 * the SQL it compiles to on every target, the dependency graph, and — when
 * the target has an applied state — member counts and moves per run.
 */
import { relative } from 'node:path';
import { dependencyGraph, nodeId } from '../check/dependency-graph.js';
import type { DependencyGraph } from '../check/dependency-graph.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { IrDefinition, IrProject } from '../ir/ir.js';
import type { Project } from '../project/types.js';
import type { StateHistory } from '../runtime/index.js';
import { definitionParts, tryCompileProject } from '../sql/index.js';

export const SITE_DATA_VERSION = 1;

export interface DocsSql {
  target: string;
  dialect: string;
  /**
   * The definition's own SQL, as `roster compile` prints it: the relations it is
   * the first to need, then its result query (absent for syncs and when the
   * target cannot compile). What earlier definitions create is read by name
   * (`reads`), not inlined: inlining grows with N² along chains of references.
   */
  sql?: string;
  /** Relations `sql` reads that an earlier definition's SQL creates, with that definition's node id. */
  reads?: Array<{ relation: string; by: string }>;
  /** Why this target has no SQL (a layout it cannot read, say). */
  error?: string;
}

/** One point of a definition's history: one apply that moved it, or recorded its size. */
export interface DocsRunPoint {
  runId: string;
  now: string;
  /** Members after the run: recorded by the apply, else counted from the change log. */
  members: number | null;
  entered: number;
  exited: number;
  /** Which sync's call the moves were counted on (the change log records calls). */
  counted?: string;
}

export interface DocsDefinition {
  /** The graph node id (`audience:at_risk`, `sync:at_risk->crm`). */
  id: string;
  name: string;
  kind: IrDefinition['kind'];
  entity: IrDefinition['entity'];
  type?: string;
  doc?: string;
  source: string;
  /** Path relative to the project folder, and 1-based line. */
  file?: string;
  line?: number;
  dependsOn: string[];
  dependents: string[];
  sql: DocsSql[];
  sync?: { source: string; destination: string; calls: string[] };
  history?: DocsRunPoint[];
  /**
   * Reserved for `roster explain` (LANGUAGE.md §9): per-condition counts of
   * the audience. Null until explain exists; the page shows the section
   * only when it is filled.
   */
  explain: null;
}

export interface DocsSite {
  version: typeof SITE_DATA_VERSION;
  rosterVersion: string;
  generatedAt: string;
  /** The instant the SQL was compiled for. */
  compiledAt: string;
  project: {
    name: string;
    defaultTarget: string;
    targets: Array<{ name: string; dialect: string }>;
    scope: IrProject['scope'];
  };
  definitions: DocsDefinition[];
  graph: DependencyGraph;
  /** Null when the target has no applied state (never applied, or not reachable). */
  history: {
    target: string;
    location: string;
    runs: Array<{ runId: string; now: string; status: string; entered: number; exited: number }>;
  } | null;
  /** Things the reader should know (a target that could not be read). */
  notes: string[];
}

export interface SiteDataInput {
  project: Project;
  ir: IrProject;
  rosterVersion: string;
  now: string;
  generatedAt: string;
  history?: { target: string; state: StateHistory };
  notes?: string[];
}

/** Compiles for every target; a target that cannot compile gets its reason instead. */
function sqlPerTarget(
  project: Project,
  ir: IrProject,
  now: string,
): { byName: Map<string, DocsSql[]>; diagnostics: Diagnostic[] } {
  const ids = new Map(ir.definitions.map((d) => [d.name, nodeId(d)]));
  const byName = new Map<string, DocsSql[]>();
  const diagnostics: Diagnostic[] = [];
  for (const target of Object.values(project.config.targets)) {
    const result = tryCompileProject(ir, {
      dialect: target.dialect,
      now,
      sources: project.config.sources,
    });
    const sqlTraits = result.ok
      ? new Map(result.compiled.sqlTraits.map((t) => [t.name, t.query]))
      : undefined;
    const compiled = result.ok
      ? new Map(definitionParts(result.compiled).map((p) => [p.name, p]))
      : undefined;
    if (!result.ok) diagnostics.push(...result.diagnostics);
    for (const d of ir.definitions) {
      if (d.kind === 'sync') continue;
      const entry: DocsSql = { target: target.name, dialect: target.dialect };
      const part = compiled?.get(d.name);
      const sql = part?.script ?? sqlTraits?.get(d.name);
      if (sql !== undefined) entry.sql = sql;
      if (part)
        entry.reads = part.reads.map((r) => ({
          relation: r.relation,
          by: ids.get(r.by) ?? r.by,
        }));
      if (sql === undefined)
        entry.error = result.ok
          ? 'no SQL of its own on this target'
          : result.diagnostics.map((x) => x.message).join('; ');
      const list = byName.get(d.name);
      if (list) list.push(entry);
      else byName.set(d.name, [entry]);
    }
  }
  return { byName, diagnostics };
}

/**
 * A definition's moves per run: the change log records calls, so they are
 * counted on one call of one of its syncs — the call at the definition's own
 * level when there is one (`group` for an account audience), in sync order.
 */
function historyOf(
  d: IrDefinition,
  ir: IrProject,
  state: StateHistory,
): DocsRunPoint[] | undefined {
  if (d.kind === 'sync') return undefined;
  const syncs = ir.definitions.filter(
    (s): s is Extract<IrDefinition, { kind: 'sync' }> => s.kind === 'sync' && s.source === d.name,
  );
  const preferred = d.entity === 'account' ? ['group', 'identify', 'track'] : ['identify', 'track'];
  let channel: { sync: string; call: string } | undefined;
  for (const call of preferred) {
    const sync = syncs.find((s) => s.calls.some((c) => c.call === call));
    if (sync) {
      channel = { sync: sync.name, call };
      break;
    }
  }
  const recorded = state.runs.some((r) => r.audiences?.[d.name] !== undefined);
  if (!channel && !recorded) return undefined;
  const points: DocsRunPoint[] = [];
  let members = 0;
  for (const run of state.runs) {
    const moves = channel
      ? state.moves.find(
          (m) => m.runId === run.runId && m.sync === channel.sync && m.call === channel.call,
        )
      : undefined;
    const entered = moves ? moves.entered + moves.changed : 0;
    const exited = moves ? moves.exited + moves.removed : 0;
    members += entered - exited;
    const size = run.audiences?.[d.name];
    points.push({
      runId: run.runId,
      now: run.now,
      members: size ?? (channel && d.kind === 'audience' ? members : null),
      entered,
      exited,
      ...(channel ? { counted: `${channel.sync.replace('->', ' → ')} (${channel.call})` } : {}),
    });
  }
  return points;
}

export function buildSiteData(input: SiteDataInput): { site: DocsSite; diagnostics: Diagnostic[] } {
  const { project, ir } = input;
  const graph = dependencyGraph(ir);
  const ids = new Map(ir.definitions.map((d) => [d.name, nodeId(d)]));
  const dependents = new Map<string, string[]>();
  for (const e of graph.edges) {
    const list = dependents.get(e.from);
    if (list) list.push(e.to);
    else dependents.set(e.from, [e.to]);
  }
  const { byName, diagnostics } = sqlPerTarget(project, ir, input.now);
  const state = input.history?.state;

  const definitions = ir.definitions.map((d): DocsDefinition => {
    const id = nodeId(d);
    const where = d.origin;
    const history = state ? historyOf(d, ir, state) : undefined;
    return {
      id,
      name: d.name,
      kind: d.kind,
      entity: d.entity,
      ...(d.kind === 'computed-trait' || d.kind === 'sql-trait' ? { type: d.type } : {}),
      ...(d.doc !== undefined ? { doc: d.doc } : {}),
      source: where?.text ?? '',
      ...(where
        ? {
            file: relative(project.config.root, where.range.file).split('\\').join('/'),
            line: where.range.start.line,
          }
        : {}),
      dependsOn: d.dependsOn.flatMap((n) => (ids.has(n) ? [ids.get(n)!] : [])),
      dependents: dependents.get(id) ?? [],
      sql: byName.get(d.name) ?? [],
      ...(d.kind === 'sync'
        ? {
            sync: {
              source: d.source,
              destination: d.destination,
              calls: d.calls.map((c) =>
                Object.keys(c.options).length === 0
                  ? c.call
                  : `${c.call} (${Object.entries(c.options)
                      .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
                      .join(', ')})`,
              ),
            },
          }
        : {}),
      ...(history ? { history } : {}),
      explain: null,
    };
  });

  const site: DocsSite = {
    version: SITE_DATA_VERSION,
    rosterVersion: input.rosterVersion,
    generatedAt: input.generatedAt,
    compiledAt: input.now,
    project: {
      name: project.config.name,
      defaultTarget: project.config.defaultTarget,
      targets: Object.values(project.config.targets).map((t) => ({
        name: t.name,
        dialect: t.dialect,
      })),
      scope: ir.scope,
    },
    definitions,
    graph,
    history:
      input.history && state
        ? {
            target: input.history.target,
            location: state.location,
            runs: state.runs.map((r) => {
              const moves = state.moves.filter((m) => m.runId === r.runId);
              return {
                runId: r.runId,
                now: r.now,
                status: r.status,
                entered: moves.reduce((s, m) => s + m.entered, 0),
                exited: moves.reduce((s, m) => s + m.exited, 0),
              };
            }),
          }
        : null,
    notes: input.notes ?? [],
  };
  return { site, diagnostics };
}
