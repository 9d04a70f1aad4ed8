/**
 * The dependency graph between definitions: cycles (reported with the whole
 * cycle), a stable topological order, and the names nothing uses.
 */
import type { SourceRange } from '../diagnostics/source.js';

export interface GraphNode {
  name: string;
  /** Referenced definition → the first place it is referenced. */
  deps: Map<string, SourceRange>;
}

export interface Cycle {
  /** Names along the cycle, first repeated at the end: `a → b → a`. */
  path: string[];
  /** The reference range of each edge of the cycle, in path order. */
  edges: Array<{ from: string; to: string; range: SourceRange }>;
}

/**
 * Every cycle, one per strongly connected component (Tarjan), starting at the
 * component's first node in the given order so the report is deterministic.
 */
export function findCycles(nodes: GraphNode[]): Cycle[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of byName.get(v)?.deps.keys() ?? []) {
      if (!byName.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      components.push(component);
    }
  };
  for (const n of nodes) if (!index.has(n.name)) connect(n.name);

  const order = new Map(nodes.map((n, i) => [n.name, i]));
  const cycles: Cycle[] = [];
  for (const component of components) {
    const members = new Set(component);
    const start = [...component].sort((a, b) => order.get(a)! - order.get(b)!)[0]!;
    const selfLoop = byName.get(start)!.deps.has(start);
    if (component.length === 1 && !selfLoop) continue;
    cycles.push(cycleThrough(start, members, byName));
  }
  return cycles.sort((a, b) => order.get(a.path[0]!)! - order.get(b.path[0]!)!);
}

/** A shortest path from `start` back to itself inside one component (BFS). */
function cycleThrough(start: string, members: Set<string>, byName: Map<string, GraphNode>): Cycle {
  const previous = new Map<string, string>();
  const queue: string[] = [start];
  let last: string | undefined;
  while (queue.length > 0 && last === undefined) {
    const v = queue.shift()!;
    for (const w of byName.get(v)!.deps.keys()) {
      if (!members.has(w)) continue;
      if (w === start) {
        last = v;
        break;
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  const path = [start];
  for (let v = last!; v !== start; v = previous.get(v)!) path.splice(1, 0, v);
  path.push(start);
  const edges = path.slice(0, -1).map((from, i) => {
    const to = path[i + 1]!;
    return { from, to, range: byName.get(from)!.deps.get(to)! };
  });
  return { path, edges };
}

/** Dependencies before dependents; ties keep the given order (depth-first, post-order). */
export function topologicalOrder(nodes: GraphNode[]): string[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const order = new Map(nodes.map((n, i) => [n.name, i]));
  const done = new Set<string>();
  const out: string[] = [];
  const visit = (name: string): void => {
    if (done.has(name)) return;
    done.add(name);
    const deps = [...(byName.get(name)?.deps.keys() ?? [])].filter((d) => order.has(d));
    deps.sort((a, b) => order.get(a)! - order.get(b)!);
    for (const d of deps) visit(d);
    out.push(name);
  };
  for (const n of nodes) visit(n.name);
  return out;
}
