/**
 * Comparing ASTs "modulo layout": what formatting may change and meaning may
 * not. Ranges go; `(a and b) and c` equals `a and b and c` (the formatter
 * flattens chains of one operator); trailing whitespace of comments goes.
 */
import type { Program } from '../../src/syntax/ast.js';

function normalize(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalize);
  if (node === null || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'range' || key.endsWith('Range')) continue;
    out[key] = normalize(value);
  }
  if ((out.kind === 'and' || out.kind === 'or') && Array.isArray(out.operands)) {
    out.operands = (out.operands as Record<string, unknown>[]).flatMap((o) =>
      o.kind === out.kind ? (o.operands as unknown[]) : [o],
    );
  }
  if (out.kind === 'comment' && typeof out.text === 'string') out.text = out.text.trimEnd();
  if (typeof out.text === 'string' && out.kind === undefined)
    out.text = out.text.replace(/[ \t\r]+$/gm, '');
  return out;
}

/** The program with ranges removed and and/or chains flattened, for `toEqual`. */
export function withoutLayout(program: Program): unknown {
  const { file: _file, ...rest } = program;
  return normalize(rest);
}
