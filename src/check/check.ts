/**
 * The checker: resolves every name of a project's programs (one namespace over
 * all files, LANGUAGE.md §1), checks entities and types, finds cycles, and
 * lowers to the IR (src/ir/ir.ts). Diagnostics are collected, never thrown; the
 * IR is returned only when there is no error.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import { groupCheckRepeats } from './group.js';
import { spanRanges, type SourceRange } from '../diagnostics/source.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type {
  IrComputedTrait,
  IrDefinition,
  IrProject,
  IrSchema,
  IrSqlTrait,
  IrSync,
  IrSyncCall,
  IrUserCount,
  IrValueType,
} from '../ir/ir.js';
import { LOGICAL_SOURCES } from '../project/sources.js';
import type { Schema } from '../project/types.js';
import type {
  AudienceDefinition,
  Program,
  SplitDefinition,
  SqlTraitDefinition,
  SyncDefinition,
  TraitDefinition,
  UserCount,
} from '../syntax/ast.js';
import { lowerCondition } from './conditions.js';
import {
  audienceNames,
  createContext,
  customTraits,
  needSource,
  newDefinitionState,
  symbolRange,
  type CheckConfig,
  type CheckContext,
  type DefinitionState,
} from './context.js';
import { lowerAggregation } from './events.js';
import { PAGE_PROPERTIES, SCREEN_PROPERTIES } from './events.js';
import { findCycles, topologicalOrder, type GraphNode } from './graph.js';
import { rangeInSql, splitSql, SQL_PLACEHOLDERS } from './sql-placeholders.js';
import { checkSingleSelect, describeSqlStatementProblem } from './sql-statement.js';
import { checkSplit, registerSplit, resolveSplitEntities } from './splits.js';
import { lowerUserCount } from './user-count.js';

export type { CheckConfig } from './context.js';

export interface CheckInput {
  programs: Program[];
  schema: Schema;
  config: CheckConfig;
  options?: CheckOptions;
  /** File path → text, so each IR definition carries its text as written (`IrDefinition.source`). */
  texts?: ReadonlyMap<string, string>;
}

export interface CheckOptions {
  /**
   * Warn about traits nothing uses (default true). Off for test-file programs,
   * whose traits are used by the file's expectations.
   */
  warnUnused?: boolean;
}

export interface CheckResult {
  /** Present only when there are no errors. */
  ir?: IrProject;
  diagnostics: Diagnostic[];
}

type NamedDefinition = TraitDefinition | SqlTraitDefinition | AudienceDefinition;

interface Checked {
  name: string;
  def: NamedDefinition | SyncDefinition | SplitDefinition;
  st: DefinitionState;
  ir?: IrDefinition;
}

const byPosition = (a: { range: SourceRange }, b: { range: SourceRange }): number =>
  a.range.file === b.range.file
    ? a.range.start.offset - b.range.start.offset
    : a.range.file < b.range.file
      ? -1
      : 1;

export function checkProgram(input: CheckInput): CheckResult {
  const ctx = createContext(input.schema, input.config);
  const programs = [...input.programs].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : 0,
  );
  const all = programs.flatMap((p) => [...p.definitions].sort(byPosition));

  // 1. Names: one namespace over every file; the first definition (by file, position) wins.
  const named: NamedDefinition[] = [];
  const duplicates: NamedDefinition[] = [];
  const syncs: SyncDefinition[] = [];
  const splits: Array<{ def: SplitDefinition; registered: boolean }> = [];
  for (const d of all) {
    if (d.kind === 'sync') {
      syncs.push(d);
      continue;
    }
    if (d.kind === 'broken') {
      ctx.incomplete = true;
      for (const name of d.mentions ?? []) ctx.mentioned.add(name);
      if (d.name && !ctx.symbols.has(d.name.name))
        ctx.symbols.set(d.name.name, { kind: 'broken', def: d });
      continue;
    }
    if (d.kind === 'split') {
      splits.push({ def: d, registered: registerSplit(ctx, d) });
      continue;
    }
    if (registerName(ctx, d)) named.push(d);
    else duplicates.push(d);
  }
  resolveSplitEntities(ctx);

  // 2. Traits first: their types depend only on the schema, and audiences need them.
  const checked: Checked[] = [];
  // `count users C` traits last: C may test other traits, whose types are known by then.
  const countsUsers = (d: NamedDefinition): boolean =>
    d.kind === 'trait' && d.aggregation.kind === 'user-count';
  for (const d of named)
    if (d.kind !== 'audience' && !countsUsers(d)) checked.push(checkTrait(ctx, d));
  for (const d of named) if (countsUsers(d)) checked.push(checkTrait(ctx, d as TraitDefinition));
  for (const d of named) if (d.kind === 'audience') checked.push(checkAudience(ctx, d));
  for (const { def, registered } of splits)
    for (const part of checkSplit(ctx, def, registered)) checked.push({ ...part, def });
  // A duplicate's body may hold other mistakes: check it, keep nothing.
  for (const d of duplicates) {
    if (d.kind === 'audience') checkAudience(ctx, d);
    else checkTrait(ctx, d);
  }
  const syncNames = new Map<string, SyncDefinition>();
  for (const s of syncs) {
    const c = checkSync(ctx, s);
    const first = syncNames.get(c.name);
    if (first) {
      ctx.report(
        'name-duplicate',
        { name: c.name.replace('->', ' to ') },
        syncRange(s),
        [],
        [{ message: 'first synced here', range: syncRange(first) }],
      );
      continue;
    }
    syncNames.set(c.name, s);
    checked.push(c);
  }
  checked.sort((a, b) => byPosition(a.def, b.def));

  // 3. Cycles, reported once each with the whole cycle.
  const nodes: GraphNode[] = checked.map((c) => ({
    name: c.def.kind === 'sync' ? `sync:${c.name}` : c.name,
    deps: c.st.deps,
  }));
  for (const cycle of findCycles(nodes.filter((n) => !n.name.startsWith('sync:')))) {
    const start = ctx.symbols.get(cycle.path[0]!);
    const range = start && start.kind !== 'broken' ? start.def.name.range : cycle.edges[0]!.range;
    ctx.report(
      'name-cycle',
      { cycle: cycle.path },
      range,
      ['a definition cannot depend on itself: remove one of these references'],
      cycle.edges.map((e) => ({
        message: `\`${e.from}\` refers to \`${e.to}\` here`,
        range: e.range,
      })),
    );
  }

  // 4. Unused traits.
  if (input.options?.warnUnused !== false) {
    const used = new Set(checked.flatMap((c) => [...c.st.deps.keys()].filter((d) => d !== c.name)));
    for (const c of checked) {
      if (c.def.kind !== 'trait' && c.def.kind !== 'sql-trait') continue;
      // No follow-on noise: a trait with its own error, or one a failing definition mentions.
      if (used.has(c.name) || !c.ir || ctx.mentioned.has(c.name)) continue;
      ctx.report('check-unused-definition', { name: c.name }, c.def.name.range, [
        'use it in an audience or sync, or remove it',
      ]);
    }
  }

  // One diagnostic per mistake: a name misspelt twice in a definition is reported once.
  const diagnostics = sortDiagnostics(
    groupCheckRepeats(
      sortDiagnostics(ctx.diagnostics),
      programs.flatMap((p) => p.definitions.map((d) => d.range)),
    ),
  );
  if (hasErrors(diagnostics) || ctx.incomplete || checked.some((c) => !c.ir))
    return { diagnostics };

  const byName = new Map(checked.map((c, i) => [nodes[i]!.name, c.ir!]));
  const checkedByNode = new Map(checked.map((c, i) => [nodes[i]!.name, c]));
  const order = topologicalOrder(nodes);
  const ir: IrProject = {
    version: 1,
    name: input.config.name,
    scope: input.config.events.scope,
    schema: irSchema(input.schema),
    sources: LOGICAL_SOURCES.filter((s) => ctx.isConfigured(s)),
    definitions: order.map((name) =>
      withSource(byName.get(name)!, checkedByNode.get(name)!, input.texts),
    ),
  };
  return { ir, diagnostics };
}

/** The definition with its text as written, when the file's text is known. */
function withSource(
  ir: IrDefinition,
  checked: Checked,
  texts: ReadonlyMap<string, string> | undefined,
): IrDefinition {
  const range = checked.def.range;
  const text = texts?.get(range.file);
  if (text === undefined) return ir;
  return {
    ...ir,
    origin: { text: text.slice(range.start.offset, range.end.offset).trim(), range },
  };
}

function registerName(ctx: CheckContext, d: NamedDefinition): boolean {
  const name = d.name.name;
  const existing = ctx.symbols.get(name);
  if (existing && existing.kind !== 'broken') {
    ctx.report(
      'name-duplicate',
      { name },
      d.name.range,
      ['rename one of them: names are unique across all files of a project'],
      [
        {
          message: `\`${name}\` is first defined here`,
          range: symbolRange(existing),
        },
      ],
    );
    return false;
  }
  if (d.kind !== 'audience') {
    const custom = customTraits(ctx.schema, d.entity)[name];
    if (custom) {
      ctx.report(
        'name-duplicate',
        {
          name,
          elsewhere: `${d.entity === 'account' ? 'an' : 'a'} ${d.entity} trait in ${ctx.schema.file ? 'schema.yml' : 'the schema'}`,
        },
        d.name.range,
        ['rename the computed trait: a trait name means one value'],
        custom.range ? [{ message: `\`${name}\` is declared here`, range: custom.range }] : [],
      );
      return false;
    }
  }
  if (d.kind === 'audience') ctx.symbols.set(name, { kind: 'audience', def: d, entity: d.entity });
  else
    ctx.symbols.set(name, {
      kind: 'trait',
      def: d,
      entity: d.entity,
      ...(d.kind === 'sql-trait'
        ? { type: d.valueType }
        : d.aggregation.kind === 'user-count'
          ? { type: 'number' as const }
          : {}),
    });
  return true;
}

function entitySource(ctx: CheckContext, st: DefinitionState, d: NamedDefinition): boolean {
  return needSource(
    ctx,
    st,
    d.entity === 'user' ? 'users' : 'accounts',
    `${d.entity === 'user' ? 'a user' : 'an account'} ${d.kind === 'audience' ? 'audience' : 'trait'}`,
    d.entityRange,
  );
}

const doc = (d: { doc?: { text: string } }): { doc?: string } => (d.doc ? { doc: d.doc.text } : {});

function checkTrait(ctx: CheckContext, d: TraitDefinition | SqlTraitDefinition): Checked {
  const st = newDefinitionState();
  const name = d.name.name;
  const entityOk = entitySource(ctx, st, d);
  const sym = ctx.symbols.get(name);
  const setType = (type: IrValueType | undefined): void => {
    if (sym?.kind === 'trait' && sym.def === d) {
      if (type) sym.type = type;
      else delete sym.type;
    }
  };
  if (d.kind === 'sql-trait') {
    const ir = checkSqlTrait(ctx, st, d);
    return { name, def: d, st, ...(ir && entityOk ? { ir } : {}) };
  }
  const { aggregation, type } =
    d.aggregation.kind === 'user-count'
      ? { aggregation: checkUserCount(ctx, st, d, d.aggregation), type: 'number' as const }
      : lowerAggregation(ctx, st, d.aggregation, d.entity);
  setType(type);
  if (!aggregation || !entityOk) return { name, def: d, st };
  const ir: IrComputedTrait = {
    kind: 'computed-trait',
    name,
    entity: d.entity,
    type: aggregation.type,
    aggregation,
    ...doc(d),
    // Only `count users C` reads other definitions (C's audiences and traits).
    dependsOn: [...st.deps.keys()].sort(),
  };
  return { name, def: d, st, ir };
}

function checkUserCount(
  ctx: CheckContext,
  st: DefinitionState,
  d: TraitDefinition,
  count: UserCount,
): IrUserCount | undefined {
  return lowerUserCount(
    ctx,
    st,
    count,
    d.entity,
    { kind: 'trait', name: d.name.name },
    (body, scope) => lowerCondition(ctx, st, body, scope),
  );
}

function checkSqlTrait(
  ctx: CheckContext,
  st: DefinitionState,
  d: SqlTraitDefinition,
): IrSqlTrait | undefined {
  const { parts, problems, used } = splitSql(d.sql);
  for (const p of problems) {
    const range = rangeInSql(d.sqlRange, d.sql, p.start, p.end);
    if (p.kind === 'unclosed')
      ctx.report('sql-unclosed-placeholder', {}, range, ['close it with `}}`']);
    else
      ctx.report('sql-unknown-placeholder', { name: p.name }, range, [
        ...didYouMean(p.name, SQL_PLACEHOLDERS),
        `the placeholders are ${SQL_PLACEHOLDERS.map((n) => `\`{{ ${n} }}\``).join(', ')}`,
      ]);
  }
  const statement = problems.length === 0 ? checkSingleSelect(d.sql) : undefined;
  if (statement) {
    const { message, hints } = describeSqlStatementProblem(d.name.name, statement);
    ctx.report(
      'sql-not-one-select',
      { message },
      rangeInSql(d.sqlRange, d.sql, statement.start, Math.max(statement.end, statement.start + 1)),
      hints,
    );
  }
  let sourcesOk = true;
  for (const u of used) {
    if (u.name === 'now') continue;
    if (
      !needSource(
        ctx,
        st,
        u.name,
        `\`{{ ${u.name} }}\``,
        rangeInSql(d.sqlRange, d.sql, u.start, u.end),
      )
    )
      sourcesOk = false;
  }
  if (problems.length > 0 || !sourcesOk || statement) return undefined;
  return {
    kind: 'sql-trait',
    name: d.name.name,
    entity: d.entity,
    type: d.valueType,
    sql: parts,
    ...doc(d),
    dependsOn: [],
  };
}

function checkAudience(ctx: CheckContext, d: AudienceDefinition): Checked {
  const st = newDefinitionState();
  const entityOk = entitySource(ctx, st, d);
  const condition = lowerCondition(ctx, st, d.condition, { entity: d.entity, inQuantifier: false });
  const name = d.name.name;
  if (!condition || !entityOk) return { name, def: d, st };
  return {
    name,
    def: d,
    st,
    ir: {
      kind: 'audience',
      name,
      entity: d.entity,
      condition,
      ...doc(d),
      dependsOn: [...st.deps.keys()].sort(),
    },
  };
}

const syncRange = (s: SyncDefinition): SourceRange =>
  spanRanges(s.source.range, s.destination.range);

function checkSync(ctx: CheckContext, s: SyncDefinition): Checked {
  const st = newDefinitionState();
  const sourceName = s.source.name;
  const destination = s.destination.name;
  const name = `${sourceName}->${destination}`;
  let ok = true;
  const sym = ctx.symbols.get(sourceName);
  if (sym?.kind === 'broken') ok = false;
  else if (sym?.kind === 'split') {
    ctx.report('name-split-not-audience', { name: sourceName }, s.source.range, [
      `sync one of its parts: ${sym.def.parts.map((p) => `\`${p.name.name}\``).join(', ')}`,
    ]);
    ok = false;
  } else if (!sym) {
    const candidates = [
      ...audienceNames(ctx),
      ...[...ctx.symbols].filter(([, v]) => v.kind === 'trait').map(([k]) => k),
    ];
    const custom = ctx.schema.account[sourceName] ?? ctx.schema.user[sourceName];
    ctx.report(
      'name-unknown-definition',
      { name: sourceName },
      s.source.range,
      custom
        ? [
            'custom traits from schema.yml already live in Segment: sync a computed trait or an audience',
          ]
        : didYouMean(sourceName, candidates),
    );
    ok = false;
  } else {
    st.deps.set(sourceName, s.source.range);
  }
  if (!ctx.config.destinations[destination]) {
    ctx.report(
      'name-unknown-destination',
      { name: destination },
      s.destination.range,
      didYouMean(destination, Object.keys(ctx.config.destinations)),
    );
    ok = false;
  }
  const known = sym && sym.kind !== 'broken' && sym.kind !== 'split' ? sym : undefined;
  const sourceKind = known?.kind === 'audience' ? 'audience' : 'trait';
  const seen = new Set<string>();
  const calls: IrSyncCall[] = [];
  for (const call of s.calls) {
    if (seen.has(call.call)) {
      ctx.report('sync-duplicate-call', { call: call.call }, call.range, ['list each call once']);
      ok = false;
      continue;
    }
    seen.add(call.call);
    if (call.call === 'group' && known?.entity === 'user') {
      ctx.report('sync-group-on-user', { name: sourceName, kind: sourceKind }, call.range, [
        'sync a user audience or trait with `identify` or `track`',
      ]);
      ok = false;
    }
    const allowed =
      call.call !== 'track' ? [] : sourceKind === 'audience' ? ['entered', 'exited'] : ['name'];
    const options: Record<string, string> = {};
    for (const o of call.options) {
      if (!known) break;
      if (!allowed.includes(o.name.name)) {
        ctx.report(
          'sync-unknown-option',
          { call: call.call, option: o.name.name, allowed },
          o.name.range,
          didYouMean(o.name.name, allowed),
        );
        ok = false;
        continue;
      }
      options[o.name.name] = o.value.value;
    }
    calls.push({ call: call.call, options });
  }
  if (!ok || !known) return { name, def: s, st };
  const ir: IrSync = {
    kind: 'sync',
    name,
    source: sourceName,
    sourceKind,
    entity: known.entity,
    destination,
    calls,
    ...doc(s),
    dependsOn: [sourceName],
  };
  return { name, def: s, st, ir };
}

/** The schema as the IR carries it; page/screen fields under `page` and `screen`. */
export function irSchema(schema: Schema): IrSchema {
  const types = (r: Schema['account']): Record<string, IrValueType> =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.type]));
  const events: IrSchema['events'] = {};
  for (const [name, e] of Object.entries(schema.events)) {
    const props: IrSchema['events'][string] = {};
    for (const [p, decl] of Object.entries(e.properties))
      if (decl.type !== 'list') props[p] = decl.type;
    events[name] = props;
  }
  const fields = (r: typeof PAGE_PROPERTIES): Record<string, 'string'> =>
    Object.fromEntries(Object.keys(r).map((k) => [k, 'string' as const]));
  events.page ??= fields(PAGE_PROPERTIES);
  events.screen ??= fields(SCREEN_PROPERTIES);
  return { account: types(schema.account), user: types(schema.user), events };
}
