import type { Diagnostic } from './diagnostic.js';
import { printable } from './printable.js';
import type { SourceFile } from './source.js';
import { shownLine } from './source-line.js';

export interface RenderOptions {
  /** Source text per file path, to show the offending line. */
  sources: ReadonlyMap<string, SourceFile>;
  color: boolean;
  /** Paths are shown relative to this folder when given. */
  cwd?: string;
}

const paint = (on: boolean, code: string, text: string): string =>
  on ? `\u001b[${code}m${text}\u001b[0m` : text;

/** Colour only on a terminal and never when NO_COLOR is set (https://no-color.org). */
export function shouldUseColor(stream: { isTTY?: boolean }, env = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function displayPath(file: string, cwd?: string): string {
  if (!cwd) return file;
  const prefix = cwd.endsWith('/') ? cwd : `${cwd}/`;
  return file.startsWith(prefix) ? file.slice(prefix.length) : file;
}

/**
 * A message as printed: a warehouse's own message may span lines (DuckDB's
 * `LINE 8: …` with its caret), so its lines are kept, each escaped and every
 * line after the first indented: text inside it (an id with a newline) can
 * never print as a line of its own at the left margin.
 */
function messageText(message: string): string {
  return message
    .split('\n')
    .map((line, i) => (i === 0 ? printable(line) : `    ${printable(line)}`))
    .join('\n');
}

/**
 * Renders one diagnostic as
 *
 *   cases/a.roster:3:42: error[name-unknown-trait]: unknown trait `logins_30`
 *      3 | audience x = account where logins_30 < 10
 *        |                            ^^^^^^^^^
 *     = help: did you mean `logins_30d`?
 *
 * and each related location (the declaration behind a type error, the first
 * definition of a duplicate) as a secondary label: its own line, underlined
 * with `-`, the note beside it.
 */
export function renderDiagnostic(d: Diagnostic, options: RenderOptions): string {
  const { color } = options;
  const sevColor = d.severity === 'error' ? '31;1' : d.severity === 'warning' ? '33;1' : '36;1';
  const lines: string[] = [];
  const where = d.range
    ? `${displayPath(d.range.file, options.cwd)}:${d.range.start.line}:${d.range.start.column}: `
    : '';
  lines.push(
    `${paint(color, '1', where)}${paint(color, sevColor, `${d.severity}[${d.code}]`)}: ${messageText(d.message)}`,
  );
  const source = d.range ? options.sources.get(d.range.file) : undefined;
  if (d.range && source) {
    const lineNo = d.range.start.line;
    const raw = source.line(lineNo);
    const shown = shownLine(
      raw,
      d.range.start.column,
      d.range.end.line === lineNo
        ? Math.max(d.range.end.column, d.range.start.column + 1)
        : raw.length + 1,
    );
    const { text, startCol, endCol } = shown;
    const gutter = String(lineNo).length;
    const width = Math.max(1, Math.min(endCol, text.length + 2) - startCol);
    lines.push(`${' '.repeat(gutter + 1)}${paint(color, '34;1', '|')}`);
    lines.push(`${paint(color, '34;1', `${lineNo} |`)} ${text}`);
    lines.push(
      `${' '.repeat(gutter + 1)}${paint(color, '34;1', '|')} ${' '.repeat(startCol - 1)}${paint(color, sevColor, '^'.repeat(width))}`,
    );
  }
  for (const hint of d.hints) lines.push(`  ${paint(color, '36;1', '= help:')} ${printable(hint)}`);
  for (const rel of d.related) {
    const at = `${displayPath(rel.range.file, options.cwd)}:${rel.range.start.line}:${rel.range.start.column}`;
    const relSource = options.sources.get(rel.range.file);
    if (!relSource) {
      lines.push(`  ${paint(color, '36;1', '= note:')} ${printable(rel.message)} (${at})`);
      continue;
    }
    // A secondary label: the related line with its own `-` underline and the note beside it.
    const lineNo = rel.range.start.line;
    const raw = relSource.line(lineNo);
    const { text, startCol, endCol } = shownLine(
      raw,
      rel.range.start.column,
      rel.range.end.line === lineNo
        ? Math.max(rel.range.end.column, rel.range.start.column + 1)
        : raw.length + 1,
    );
    const gutter = String(lineNo).length;
    const width = Math.max(1, Math.min(endCol, text.length + 2) - startCol);
    const bar = paint(color, '34;1', '|');
    lines.push(`${' '.repeat(gutter)}${paint(color, '34;1', '-->')} ${at}`);
    lines.push(`${' '.repeat(gutter + 1)}${bar}`);
    lines.push(`${paint(color, '34;1', `${lineNo} |`)} ${text}`);
    lines.push(
      `${' '.repeat(gutter + 1)}${bar} ${' '.repeat(startCol - 1)}${paint(color, '36;1', '-'.repeat(width))} ${printable(rel.message)}`,
    );
  }
  return lines.join('\n');
}

export function renderDiagnostics(ds: readonly Diagnostic[], options: RenderOptions): string {
  return ds.map((d) => renderDiagnostic(d, options)).join('\n\n');
}
