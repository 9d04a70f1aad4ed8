/**
 * `roster explain` as a library: why an entity is in or out of an audience
 * (every node of the condition tree with its value for that entity), how an
 * audience's members break down (how many entities pass each node), and which
 * events produced a trait's value. See README.md for how nodes are evaluated.
 */
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { IrAggregation, IrAudience, IrEntity, IrProject, IrTrait } from '../ir/ir.js';
import type { SourcesConfig } from '../project/types.js';
import type { Warehouse } from '../runtime/index.js';
import { atom, testSql } from '../sql/conditions.js';
import type { Dialect } from '../sql/dialect.js';
import { aggregationKey } from '../sql/index.js';
import type { CompiledProject } from '../sql/compiled.js';
import { EntityQueries, type EventOwner, type Rows } from './entity-queries.js';
import type {
  AudienceBreakdown,
  BreakdownNode,
  EntityExplanation,
  EntitySplit,
  Explanation,
  ExplainedNode,
  TraitExplanation,
} from './explanation.js';
import { aggregationText, conditionLabel, subjectName } from './label.js';
import { definitionsRead, probeCondition, type Probe } from './probes.js';
import { printable } from '../diagnostics/printable.js';
import { flatten, resultQuery, withCompiled, type Outcome } from './session.js';

export interface ExplainOptions {
  /** The reference instant, ISO-8601 UTC. */
  now: string;
  sources: SourcesConfig;
  /** How many ids and events to list per node (default 5). */
  sample?: number;
}

const DEFAULT_SAMPLE = 5;

const PER_ACCOUNT_NOTE =
  'counts only events untagged or tagged with the account of the quantifier (events.scope: group_context), so it has a value per (user, account), not per user';

/** What explain needs while walking one tree. */
interface Walk {
  ir: IrProject;
  dialect: Dialect;
  compiled: CompiledProject;
  queries: EntityQueries;
  sample: number;
}

function owner(walk: Walk, entity: IrEntity, id: string, account?: string): EventOwner {
  if (account !== undefined) return { entity, id, taggedFor: account };
  // Account-level aggregates under group_context read untagged events and those tagged for the account (§9).
  if (entity === 'account' && walk.ir.scope === 'group_context')
    return { entity, id, taggedFor: id };
  return { entity, id };
}

/** Which entity of a split to explain the children for: the one that decides the quantifier. */
function focus(split: EntitySplit, decidingSide: 'satisfied' | 'notSatisfied'): string | undefined {
  const other = decidingSide === 'satisfied' ? 'notSatisfied' : 'satisfied';
  return split[decidingSide]?.ids[0] ?? split[other]?.ids[0] ?? split.ids[0];
}

/**
 * One node for one entity. `account` is the account of the enclosing
 * quantifier, which per-account aggregates are read for.
 */
async function explainNode(
  walk: Walk,
  probe: Probe,
  id: string,
  account?: string,
): Promise<ExplainedNode> {
  const { queries, compiled, sample } = walk;
  const node = probe.node;
  const explained: ExplainedNode = {
    kind: node.kind,
    label: conditionLabel(node),
    entity: probe.entity,
    id,
    children: [],
  };
  if (probe.audience !== undefined) {
    explained.value = await queries.inResult(resultQuery(compiled, probe.audience), id);
  } else if (account !== undefined) {
    // Per (user, account): whether this user is among the account's users the node holds for.
    explained.value = await queries.inResult(pairMembers(walk, probe, account), id);
  } else {
    explained.note = PER_ACCOUNT_NOTE;
  }
  const child = probe.children[0];

  switch (node.kind) {
    case 'test': {
      const s = node.subject;
      let value = null;
      if (s.kind === 'custom-trait') {
        value = await queries.customTrait(s.entity, id, s.name, s.type);
      } else if (s.kind === 'defined-trait') {
        value = await queries.valueIn(resultQuery(compiled, s.name), id, s.type);
        const trait = walk.ir.definitions.find((d) => d.name === s.name);
        // A computed trait's events, as for an inline aggregate (SQL traits have none to show;
        // a `count users` trait shows its users, below).
        if (trait?.kind === 'computed-trait' && trait.aggregation.fn !== 'count-users')
          explained.events = await queries.events(
            trait.aggregation,
            owner(walk, trait.entity, id),
            sample,
          );
      } else if (probe.aggregate !== undefined) {
        value = await queries.valueIn(resultQuery(compiled, probe.aggregate), id, s.type);
      } else if (s.perAccount && s.aggregation.fn !== 'count-users' && account !== undefined) {
        // The value the compiled condition compared: the (user, account) feature.
        const pairs = pairFeatures(walk);
        value = await queries.pairValue(
          pairs.sql,
          pairColumn(walk, s.aggregation),
          id,
          account,
          s.type,
        );
      }
      if (probe.aggregation && (!probe.aggregation.perAccount || account !== undefined)) {
        explained.events = await queries.events(
          probe.aggregation.aggregation,
          owner(walk, probe.entity, id, probe.aggregation.perAccount ? account : undefined),
          sample,
        );
      }
      if (s.kind !== 'aggregate' || probe.aggregate !== undefined || account !== undefined)
        explained.subject = { name: subjectName(s), type: s.type, value };
      // `count users C` (inline or a trait's): which of the account's users C holds for, as a quantifier.
      if (child) await countedUsers(walk, explained, child, id);
      break;
    }
    case 'did': {
      const perAccount = node.perAccount;
      if (!perAccount || account !== undefined) {
        explained.events = await queries.events(
          node.aggregation,
          owner(walk, probe.entity, id, perAccount ? account : undefined),
          sample,
        );
      }
      if (probe.aggregate !== undefined) {
        const count = await queries.valueIn(resultQuery(compiled, probe.aggregate), id, 'number');
        explained.count = typeof count === 'number' ? count : 0;
      } else if (perAccount && account !== undefined) {
        // Per (user, account): the count the compiled conditions compared, from the (user,
        // account) features; the listed events are read independently, so they check it.
        const pairs = pairFeatures(walk);
        const column = pairColumn(walk, node.aggregation);
        const count = await queries.pairValue(pairs.sql, column, id, account, 'number');
        explained.count = typeof count === 'number' ? count : 0;
      }
      break;
    }
    case 'and':
    case 'or':
    case 'at-least-of':
    case 'not':
      for (const c of probe.children)
        explained.children.push(await explainNode(walk, c, id, account));
      break;
    case 'quantified': {
      if (!child) break;
      await countedUsers(
        walk,
        explained,
        child,
        id,
        node.quantifier === 'all' ? 'notSatisfied' : 'satisfied',
      );
      break;
    }
    case 'some-account': {
      if (!child) break;
      const condition =
        child.audience === undefined ? undefined : resultQuery(compiled, child.audience);
      const split = await queries.split('user', id, condition, sample);
      explained.accounts = split;
      const chosen = focus(split, 'satisfied');
      if (chosen !== undefined) explained.children.push(await explainNode(walk, child, chosen));
      break;
    }
    case 'in-audience':
    case 'constant':
      break;
  }
  return explained;
}

/**
 * The users of `account` a quantifier's (or `count users`') body `child` holds
 * for, and the body explained for one of them, from the deciding side.
 */
async function countedUsers(
  walk: Walk,
  explained: ExplainedNode,
  child: Probe,
  account: string,
  deciding: 'satisfied' | 'notSatisfied' = 'satisfied',
): Promise<void> {
  explained.users = await usersSplit(walk, child, account);
  const user = focus(explained.users, deciding);
  if (user !== undefined) explained.children.push(await explainNode(walk, child, user, account));
}

/** The account's users, split by whether the body `child` holds for them. */
function usersSplit(walk: Walk, child: Probe, account: string): Promise<EntitySplit> {
  // A body counting events per (user, account) is read for this account, whatever its size.
  const body =
    child.audience === undefined
      ? pairMembers(walk, child, account)
      : resultQuery(walk.compiled, child.audience);
  return walk.queries.split('account', account, body, walk.sample);
}

/** The compiled (user, account) features: a body without a value per user reads them. */
function pairFeatures(
  walk: Walk,
): NonNullable<CompiledProject['relations']['features']['user_account']> {
  const pairs = walk.compiled.relations.features.user_account;
  if (!pairs)
    throw new Error('internal: a per-account body was compiled without (user, account) features');
  return pairs;
}

function pairColumn(walk: Walk, aggregation: IrAggregation): string {
  const column = pairFeatures(walk).columns[aggregationKey(aggregation)];
  if (column === undefined)
    throw new Error(
      'internal: a per-account aggregate was compiled without its (user, account) column',
    );
  return column;
}

/**
 * The condition of a body node over one membership `m` and its (user, account)
 * features `fp`: nodes with a probe read its result, per-account `did`s and
 * inline aggregates compare the compiled (user, account) feature with the
 * compiler's own hooks (`atom`, `testSql`), and `and`/`or`/`not` combine them
 * as the compiler does (atoms are two-valued).
 */
function pairCondition(walk: Walk, probe: Probe): string {
  const { compiled, dialect } = walk;
  if (probe.audience !== undefined)
    return `m.user_id IN (SELECT p.id FROM (${resultQuery(compiled, probe.audience)}) AS p)`;
  const node = probe.node;
  switch (node.kind) {
    case 'and':
    case 'or':
      return `(${probe.children.map((c) => pairCondition(walk, c)).join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
    case 'not':
      return `(NOT ${pairCondition(walk, probe.children[0]!)})`;
    case 'did':
      return atom(
        `fp.${pairColumn(walk, node.aggregation)} ${node.op} ${dialect.numberLiteral(node.n)}`,
      );
    case 'test':
      if (node.subject.kind === 'aggregate' && node.subject.aggregation.fn !== 'count-users')
        return atom(
          testSql(
            dialect,
            compiled.now,
            `fp.${pairColumn(walk, node.subject.aggregation)}`,
            node.test,
          ),
        );
      break;
    default:
      break;
  }
  throw new Error(`internal: no (user, account) condition for a ${node.kind} without a probe`);
}

/**
 * The users of `account` for whom a quantifier body node holds, counted for that
 * account (events untagged or tagged with it, LANGUAGE.md §9): a query of `id`s.
 */
function pairMembers(walk: Walk, probe: Probe, account: string): Rows {
  const memberships = walk.compiled.relations.memberships;
  if (!memberships) throw new Error('internal: a quantifier was compiled without memberships');
  return walk.queries.pairMembers(
    memberships,
    pairFeatures(walk),
    account,
    pairCondition(walk, probe),
  );
}

type Definition = IrAudience | IrTrait;

function findDefinition(ir: IrProject, name: string): Outcome<Definition> {
  const definitions = ir.definitions.filter((d): d is Definition => d.kind !== 'sync');
  const found = definitions.find((d) => d.name === name);
  if (found) return { ok: true, value: found };
  const hints = didYouMean(
    name,
    definitions.map((d) => d.name),
  );
  return {
    ok: false,
    diagnostics: [
      error(
        'explain-unknown-definition',
        `the project defines no audience or trait \`${name}\``,
        undefined,
        hints.length > 0 ? hints : ['`roster graph` lists every definition'],
      ),
    ],
  };
}

function unknownId(entity: IrEntity, id: string, name: string): Diagnostic {
  return error(
    'explain-unknown-id',
    `there is no ${entity} \`${printable(id)}\` in the ${entity === 'user' ? 'users' : 'accounts'} source`,
    undefined,
    [`ids are case-sensitive and compared exactly; \`roster preview ${name}\` shows sample ids`],
  );
}

/** `roster explain AUDIENCE ID`: membership and every node's value for one entity. */
export async function explainMember(
  warehouse: Warehouse,
  ir: IrProject,
  audience: IrAudience,
  id: string,
  options: ExplainOptions,
): Promise<Outcome<EntityExplanation>> {
  const outcome = await explainMembers(warehouse, ir, audience, [id], options);
  if (!outcome.ok) return outcome;
  const [explanation] = outcome.value;
  if (!explanation) throw new Error('internal: no explanation for the one id asked');
  return { ...outcome, value: explanation };
}

/**
 * `explainMember` for several ids of one audience in one evaluation (one
 * compile, one setup); each probe's result is read once and kept in memory.
 */
export async function explainMembers(
  warehouse: Warehouse,
  ir: IrProject,
  audience: IrAudience,
  ids: readonly string[],
  options: ExplainOptions,
): Promise<Outcome<EntityExplanation[]>> {
  const probed = probeCondition(ir, audience.condition, audience.entity);
  const outcome = await withCompiled(
    warehouse,
    probed.ir,
    { now: options.now, sources: options.sources, select: [audience.name, ...probed.names] },
    async (compiled, dialect): Promise<Outcome<EntityExplanation[]>> => {
      const queries = new EntityQueries(warehouse, dialect, compiled.now, options.sources, ir);
      queries.batch = ids.length > 1;
      const walk: Walk = {
        ir,
        dialect,
        compiled,
        queries,
        sample: options.sample ?? DEFAULT_SAMPLE,
      };
      const explanations: EntityExplanation[] = [];
      for (const id of ids) {
        if (!(await queries.exists(audience.entity, id)))
          return { ok: false, diagnostics: [unknownId(audience.entity, id, audience.name)] };
        const member = await queries.inResult(resultQuery(compiled, audience.name), id);
        const root = await explainNode(walk, probed.root, id);
        explanations.push({
          kind: 'audience-member',
          audience: audience.name,
          entity: audience.entity,
          id,
          now: compiled.now,
          ...(audience.doc !== undefined ? { doc: audience.doc } : {}),
          member,
          root,
        });
      }
      return { ok: true, value: explanations };
    },
  );
  return flatten(outcome);
}

const SIZE_BUCKETS: Array<[string, number, number]> = [
  ['0', 0, 0],
  ['1', 1, 1],
  ['2-5', 2, 5],
  ['6-20', 6, 20],
  ['21-100', 21, 100],
  ['101+', 101, Number.MAX_SAFE_INTEGER],
];

async function breakdownNode(
  walk: Walk,
  probe: Probe,
  totals: Record<IrEntity, number>,
): Promise<BreakdownNode> {
  const node: BreakdownNode = {
    kind: probe.node.kind,
    label: conditionLabel(probe.node),
    entity: probe.entity,
    of: totals[probe.entity],
    children: [],
  };
  if (probe.audience !== undefined) {
    node.passing = await walk.queries.count(resultQuery(walk.compiled, probe.audience));
  } else {
    node.note = PER_ACCOUNT_NOTE;
  }
  for (const child of probe.children) node.children.push(await breakdownNode(walk, child, totals));
  return node;
}

/** `roster explain AUDIENCE`: how many entities pass each node, members by account size, overlaps. */
export async function explainAudience(
  warehouse: Warehouse,
  ir: IrProject,
  audience: IrAudience,
  options: ExplainOptions,
): Promise<Outcome<AudienceBreakdown>> {
  const probed = probeCondition(ir, audience.condition, audience.entity);
  const referenced = [...definitionsRead(audience.condition)].filter((name) =>
    ir.definitions.some((d) => d.name === name && d.kind === 'audience'),
  );
  const outcome = await withCompiled(
    warehouse,
    probed.ir,
    { now: options.now, sources: options.sources, select: [audience.name, ...probed.names] },
    async (compiled, dialect): Promise<AudienceBreakdown> => {
      const queries = new EntityQueries(warehouse, dialect, compiled.now, options.sources, ir);
      const walk: Walk = {
        ir,
        dialect,
        compiled,
        queries,
        sample: options.sample ?? DEFAULT_SAMPLE,
      };
      const totals: Record<IrEntity, number> = { user: 0, account: 0 };
      for (const entity of ['user', 'account'] as const) {
        const source = entity === 'user' ? 'users' : 'accounts';
        if (options.sources.mappings[source])
          totals[entity] = await queries.count(queries.idsOf(entity));
      }
      const members = resultQuery(compiled, audience.name);
      const breakdown: AudienceBreakdown = {
        kind: 'audience-breakdown',
        audience: audience.name,
        entity: audience.entity,
        now: compiled.now,
        ...(audience.doc !== undefined ? { doc: audience.doc } : {}),
        members: await queries.count(members),
        entities: totals[audience.entity],
        root: await breakdownNode(walk, probed.root, totals),
        overlaps: [],
      };
      if (audience.entity === 'account' && queries.hasMemberships()) {
        breakdown.bySize = [];
        for (const [size, low, high] of SIZE_BUCKETS) {
          const accounts = await queries.count(queries.accountsSized(low, high));
          if (accounts === 0) continue;
          const inside = await queries.count(queries.accountsSized(low, high, members));
          breakdown.bySize.push({ size, accounts, members: inside });
        }
      }
      for (const name of referenced) {
        const other = ir.definitions.find((d) => d.name === name);
        if (other?.kind !== 'audience') continue;
        const theirs = resultQuery(compiled, name);
        breakdown.overlaps.push({
          audience: name,
          entity: other.entity,
          members: await queries.count(theirs),
          both: await queries.count(
            queries.overlap(members, audience.entity, theirs, other.entity),
          ),
        });
      }
      return breakdown;
    },
  );
  return outcome;
}

/** `roster explain TRAIT ID`: the value, and for a computed trait the events that produced it. */
export async function explainTrait(
  warehouse: Warehouse,
  ir: IrProject,
  trait: IrTrait,
  id: string,
  options: ExplainOptions,
): Promise<Outcome<TraitExplanation>> {
  // A `count users` trait's body gets probes, as a quantifier's body does.
  const counted =
    trait.kind === 'computed-trait' && trait.aggregation.fn === 'count-users'
      ? probeCondition(ir, trait.aggregation.body, 'user')
      : undefined;
  const outcome = await withCompiled(
    warehouse,
    counted?.ir ?? ir,
    {
      now: options.now,
      sources: options.sources,
      select: [trait.name, ...(counted?.names ?? [])],
    },
    async (compiled, dialect): Promise<Outcome<TraitExplanation>> => {
      const queries = new EntityQueries(warehouse, dialect, compiled.now, options.sources, ir);
      if (!(await queries.exists(trait.entity, id)))
        return { ok: false, diagnostics: [unknownId(trait.entity, id, trait.name)] };
      const walk: Walk = {
        ir,
        dialect,
        compiled,
        queries,
        sample: options.sample ?? DEFAULT_SAMPLE,
      };
      const value = await queries.valueIn(resultQuery(compiled, trait.name), id, trait.type);
      const explanation: TraitExplanation = {
        kind: 'trait-value',
        trait: trait.name,
        entity: trait.entity,
        type: trait.type,
        id,
        now: compiled.now,
        ...(trait.doc !== undefined ? { doc: trait.doc } : {}),
        value,
        definition:
          trait.kind === 'computed-trait'
            ? `${trait.entity} ${aggregationText(trait.aggregation)}`
            : `${trait.entity} sql ${trait.type}`,
      };
      if (counted) {
        // `count users C` (§12.4): the account's users, split by C.
        explanation.users = await usersSplit(walk, counted.root, id);
      } else if (trait.kind === 'computed-trait' && trait.aggregation.fn !== 'count-users') {
        explanation.events = await queries.events(
          trait.aggregation,
          owner(walk, trait.entity, id),
          walk.sample,
        );
      } else {
        explanation.note = 'an SQL trait: its value comes from its query, not from events';
      }
      return { ok: true, value: explanation };
    },
  );
  return flatten(outcome);
}

/**
 * `roster explain NAME [ID]`: an audience with an id (why in or out), an
 * audience without (the breakdown), or a trait with an id (its events).
 */
export async function explain(
  warehouse: Warehouse,
  ir: IrProject,
  name: string,
  id: string | undefined,
  options: ExplainOptions,
): Promise<Outcome<Explanation>> {
  const found = findDefinition(ir, name);
  if (!found.ok) return found;
  const definition = found.value;
  if (definition.kind === 'audience') {
    return id === undefined
      ? explainAudience(warehouse, ir, definition, options)
      : explainMember(warehouse, ir, definition, id, options);
  }
  if (id === undefined) {
    return {
      ok: false,
      diagnostics: [
        error(
          'explain-trait-needs-id',
          `\`${name}\` is a trait: explain shows the events behind one ${definition.entity}'s value, so it needs the ${definition.entity}'s id`,
          undefined,
          [
            `run \`roster explain ${name} ID\``,
            `\`roster preview ${name}\` shows how its values are distributed`,
          ],
        ),
      ],
    };
  }
  return explainTrait(warehouse, ir, definition, id, options);
}
