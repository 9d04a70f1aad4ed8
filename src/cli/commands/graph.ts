/**
 * `roster graph [--project DIR] [--format mermaid|dot] [--custom-traits]`: the
 * dependency graph of the project's traits, audiences and syncs, as Mermaid
 * (renders in GitHub markdown) or Graphviz DOT. Output is deterministic so it
 * can be committed and diffed.
 */
import { resolve } from 'node:path';
import {
  checkProject,
  dependencyGraph,
  type DependencyGraph,
  type GraphNodeInfo,
} from '../../check/index.js';
import {
  hasErrors,
  sortDiagnostics,
  renderDiagnostics,
  shouldUseColor,
  type SourceFile,
} from '../../diagnostics/index.js';
import { loadProject } from '../../project/index.js';
import type { CliIo } from '../io.js';
import { GRAPH_FORMATS } from './formats.js';

export interface GraphOptions {
  project?: string;
  format?: string;
  customTraits?: boolean;
}

export async function runGraph(options: GraphOptions, io: CliIo): Promise<number> {
  const format = options.format ?? 'mermaid';
  if (!(GRAPH_FORMATS as readonly string[]).includes(format)) {
    io.stderr(`error: unknown format \`${format}\`: use one of ${GRAPH_FORMATS.join(', ')}`);
    return 2;
  }
  const loaded = await loadProject(resolve(io.cwd, options.project ?? '.'));
  const result = loaded.project ? checkProject(loaded.project) : undefined;
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...(result?.diagnostics ?? [])]);
  if (!result?.ir || hasErrors(diagnostics)) {
    const sources = new Map<string, SourceFile>(loaded.configFiles.map((f) => [f.path, f]));
    const p = loaded.project;
    if (p)
      for (const f of [...p.configFiles, ...p.rosterFiles, ...p.testFiles]) sources.set(f.path, f);
    const color = shouldUseColor({ isTTY: io.isTTY }, io.env);
    io.stderr(
      renderDiagnostics(
        diagnostics.filter((d) => d.severity === 'error'),
        { sources, color, cwd: io.cwd },
      ),
    );
    io.stderr('the graph needs a project without errors: run `roster check`');
    return 1;
  }
  const graph = dependencyGraph(result.ir, { customTraits: options.customTraits === true });
  io.stdout(format === 'dot' ? toDot(graph) : toMermaid(graph));
  return 0;
}

const KIND_LABEL: Record<GraphNodeInfo['kind'], string> = {
  'computed-trait': 'trait',
  'sql-trait': 'SQL trait',
  audience: 'audience',
  sync: 'sync',
  'custom-trait': 'schema trait',
};

const label = (n: GraphNodeInfo): string =>
  n.kind === 'sync'
    ? `sync ${n.name.replace('->', ' → ')}`
    : `${n.name} (${n.entity} ${KIND_LABEL[n.kind]})`;

/** Mermaid ids must be plain words: keep [A-Za-z0-9_], hex-escape the rest. */
const mermaidId = (id: string): string =>
  id.replace(/[^A-Za-z0-9_]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`);

const mermaidText = (s: string): string => s.replace(/"/g, '#quot;');

export function toMermaid(g: DependencyGraph): string {
  const shape = (n: GraphNodeInfo): string => {
    const text = `"${mermaidText(label(n))}"`;
    switch (n.kind) {
      case 'audience':
        return `[${text}]`;
      case 'sync':
        return `[/${text}/]`;
      case 'custom-trait':
        return `{{${text}}}`;
      default:
        return `([${text}])`;
    }
  };
  const lines = ['flowchart LR'];
  for (const n of g.nodes) lines.push(`  ${mermaidId(n.id)}${shape(n)}`);
  for (const e of g.edges) lines.push(`  ${mermaidId(e.from)} --> ${mermaidId(e.to)}`);
  return lines.join('\n') + '\n';
}

const dotString = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function toDot(g: DependencyGraph): string {
  const shapes: Record<GraphNodeInfo['kind'], string> = {
    'computed-trait': 'ellipse',
    'sql-trait': 'ellipse',
    audience: 'box',
    sync: 'parallelogram',
    'custom-trait': 'hexagon',
  };
  const lines = ['digraph roster {', '  rankdir=LR;'];
  for (const n of g.nodes)
    lines.push(`  ${dotString(n.id)} [label=${dotString(label(n))}, shape=${shapes[n.kind]}];`);
  for (const e of g.edges) lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)};`);
  lines.push('}');
  return lines.join('\n') + '\n';
}
