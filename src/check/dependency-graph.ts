/**
 * The dependency graph of a checked project (`roster graph`): traits,
 * audiences and syncs, and optionally the schema's custom traits they read.
 * Edges point from what is read to what reads it. Deterministic: nodes in the
 * IR's topological order (custom traits first, by entity and name), edges
 * sorted.
 */
import type { IrCondition, IrDefinition, IrEntity, IrProject } from '../ir/ir.js';

export interface GraphNodeInfo {
  /** Unique id: `trait:x`, `audience:x`, `sync:x->d`, `custom:account.plan`. */
  id: string;
  kind: 'computed-trait' | 'sql-trait' | 'audience' | 'sync' | 'custom-trait';
  name: string;
  entity: IrEntity;
}

export interface DependencyGraph {
  nodes: GraphNodeInfo[];
  edges: Array<{ from: string; to: string }>;
}

/** The graph id of a definition: `trait:x`, `audience:x`, `sync:x->d`. */
export function nodeId(d: IrDefinition): string {
  return d.kind === 'audience'
    ? `audience:${d.name}`
    : d.kind === 'sync'
      ? `sync:${d.name}`
      : `trait:${d.name}`;
}

function customTraitsOf(c: IrCondition, out: Set<string>): void {
  switch (c.kind) {
    case 'and':
    case 'or':
    case 'at-least-of':
      for (const o of c.operands) customTraitsOf(o, out);
      return;
    case 'not':
      customTraitsOf(c.operand, out);
      return;
    case 'some-account':
      customTraitsOf(c.condition, out);
      return;
    case 'quantified':
      customTraitsOf(c.body, out);
      return;
    case 'test':
      if (c.subject.kind === 'custom-trait') out.add(`${c.subject.entity}.${c.subject.name}`);
      return;
    default:
      return;
  }
}

export function dependencyGraph(
  ir: IrProject,
  options: { customTraits?: boolean } = {},
): DependencyGraph {
  const ids = new Map<string, string>();
  for (const d of ir.definitions) if (d.kind !== 'sync') ids.set(d.name, nodeId(d));
  const nodes: GraphNodeInfo[] = [];
  const edges: DependencyGraph['edges'] = [];
  const custom = new Set<string>();
  for (const d of ir.definitions) {
    nodes.push({ id: nodeId(d), kind: d.kind, name: d.name, entity: d.entity });
    for (const dep of d.dependsOn) {
      const from = ids.get(dep);
      if (from) edges.push({ from, to: nodeId(d) });
    }
    if (options.customTraits && d.kind === 'audience') {
      const used = new Set<string>();
      customTraitsOf(d.condition, used);
      for (const u of used) {
        custom.add(u);
        edges.push({ from: `custom:${u}`, to: nodeId(d) });
      }
    }
  }
  const customNodes = [...custom].sort().map((u): GraphNodeInfo => {
    const [entity, name] = u.split('.') as [IrEntity, string];
    return { id: `custom:${u}`, kind: 'custom-trait', name, entity };
  });
  edges.sort((a, b) => (a.from + '\u0000' + a.to < b.from + '\u0000' + b.to ? -1 : 1));
  return { nodes: [...customNodes, ...nodes], edges };
}
