/**
 * How explain evaluates every node of a condition tree with the real compiler:
 * each node becomes a *probe*, an extra audience of the project whose
 * condition is that subtree (on the node's context entity), and each `did` or
 * inline aggregate an extra computed trait with the same aggregation. The
 * project plus its probes is compiled by `compileProject` like any project, so
 * a node's value is computed by exactly the SQL that computes membership, on
 * any target (README.md, "Why probes").
 *
 * A node that reads a per-account aggregate outside its quantifier
 * (`events.scope: group_context`, LANGUAGE.md §9) has no value of its own for
 * a user: it depends on the account the quantifier is over. Such nodes get no
 * probe; explain evaluates them per (user, account) over the compiled (user,
 * account) features (explain.ts `pairCondition`).
 */
import type {
  IrAggregation,
  IrAudience,
  IrComputedTrait,
  IrCondition,
  IrDefinition,
  IrEntity,
  IrEntitySubject,
  IrProject,
  IrTraitAggregation,
} from '../ir/ir.js';

export interface Probe {
  node: IrCondition;
  /** The node's context entity. */
  entity: IrEntity;
  /** The extra audience computing this node, when it has a value of its own. */
  audience?: string;
  /** The extra computed trait holding a `did` count or an inline aggregate's value. */
  aggregate?: string;
  /** The aggregation of a `did` or an inline aggregate (with `perAccount` when it is per account). */
  aggregation?: { aggregation: IrAggregation; perAccount: boolean };
  children: Probe[];
}

export interface Probed {
  /** The project with every probe definition appended (after the definitions they read). */
  ir: IrProject;
  root: Probe;
  /** Every probe definition's name, for `select`. */
  names: string[];
}

/** True when the node reads a per-account aggregate that no quantifier inside it binds. */
export function readsAccountOfQuantifier(node: IrCondition): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
    case 'at-least-of':
      return node.operands.some(readsAccountOfQuantifier);
    case 'not':
      return readsAccountOfQuantifier(node.operand);
    case 'test':
      return node.subject.kind === 'aggregate' && node.subject.perAccount;
    case 'did':
    case 'sequence':
      return node.perAccount;
    case 'constant':
    case 'in-audience':
    case 'split-bucket':
    case 'some-account':
    case 'quantified':
      return false;
  }
}

/** Names of the project definitions a condition reads (audiences and defined traits). */
export function definitionsRead(node: IrCondition, out = new Set<string>()): Set<string> {
  const subject = (s: IrEntitySubject): void => {
    if (s.kind === 'defined-trait') out.add(s.name);
  };
  switch (node.kind) {
    case 'and':
    case 'or':
    case 'at-least-of':
      node.operands.forEach((o) => definitionsRead(o, out));
      break;
    case 'not':
      definitionsRead(node.operand, out);
      break;
    case 'test':
      subject(node.subject);
      if (node.subject.kind === 'aggregate' && node.subject.aggregation.fn === 'count-users')
        definitionsRead(node.subject.aggregation.body, out);
      break;
    case 'in-audience':
      out.add(node.audience);
      break;
    case 'some-account':
      definitionsRead(node.condition, out);
      break;
    case 'quantified':
      definitionsRead(node.body, out);
      break;
    case 'did':
    case 'sequence':
    case 'constant':
    case 'split-bucket':
      break;
  }
  return out;
}

/** A name prefix no definition of the project starts with (names are `[a-z_][a-z0-9_]*`). */
function freshPrefix(ir: IrProject): string {
  let prefix = 'explain_';
  while (ir.definitions.some((d) => d.name.startsWith(prefix))) prefix += '_';
  return prefix;
}

/** Adds probes for `condition` (in context `entity`) to `ir`. */
export function probeCondition(ir: IrProject, condition: IrCondition, entity: IrEntity): Probed {
  const prefix = freshPrefix(ir);
  const extra: IrDefinition[] = [];
  let counter = 0;
  const aggregateProbe = (aggregation: IrTraitAggregation, on: IrEntity): string => {
    const trait: IrComputedTrait = {
      kind: 'computed-trait',
      name: `${prefix}${++counter}`,
      entity: on,
      type: aggregation.type,
      aggregation,
      dependsOn: aggregation.fn === 'count-users' ? [...definitionsRead(aggregation.body)] : [],
    };
    extra.push(trait);
    return trait.name;
  };

  const visit = (node: IrCondition, on: IrEntity): Probe => {
    const probe: Probe = { node, entity: on, children: [] };
    if (!readsAccountOfQuantifier(node)) {
      const audience: IrAudience = {
        kind: 'audience',
        name: `${prefix}${++counter}`,
        entity: on,
        condition: node,
        dependsOn: [...definitionsRead(node)],
      };
      extra.push(audience);
      probe.audience = audience.name;
    }
    if (node.kind === 'did') {
      probe.aggregation = { aggregation: node.aggregation, perAccount: node.perAccount };
      if (!node.perAccount) probe.aggregate = aggregateProbe(node.aggregation, on);
    }
    if (node.kind === 'test' && node.subject.kind === 'aggregate') {
      const { aggregation, perAccount } = node.subject;
      if (aggregation.fn === 'count-users') {
        // Like a quantifier: the count's value, and its body per user of the account (§12.4).
        probe.aggregate = aggregateProbe(aggregation, on);
        probe.children = [visit(aggregation.body, 'user')];
        return probe;
      }
      probe.aggregation = { aggregation, perAccount };
      if (!perAccount) probe.aggregate = aggregateProbe(aggregation, on);
    }
    const counted = countedBody(node);
    if (counted) {
      // A `count users` trait: its body per user of the account, as for an inline count.
      probe.children = [visit(counted, 'user')];
      return probe;
    }
    switch (node.kind) {
      case 'and':
      case 'or':
      case 'at-least-of':
        probe.children = node.operands.map((o) => visit(o, on));
        break;
      case 'not':
        probe.children = [visit(node.operand, on)];
        break;
      case 'some-account':
        probe.children = [visit(node.condition, 'account')];
        break;
      case 'quantified':
        probe.children = [visit(node.body, 'user')];
        break;
      default:
        break;
    }
    return probe;
  };

  /** The body of the `count users` trait a test reads, if it reads one. */
  const countedBody = (node: IrCondition): IrCondition | undefined => {
    if (node.kind !== 'test' || node.subject.kind !== 'defined-trait') return undefined;
    const name = node.subject.name;
    const trait = ir.definitions.find((d) => d.name === name);
    return trait?.kind === 'computed-trait' && trait.aggregation.fn === 'count-users'
      ? trait.aggregation.body
      : undefined;
  };

  const root = visit(condition, entity);
  return {
    ir: { ...ir, definitions: [...ir.definitions, ...extra] },
    root,
    names: extra.map((d) => d.name),
  };
}
