/**
 * Splits an SQL trait's query into text and `{{ name }}` placeholders
 * (LANGUAGE.md §6) and reports, with offsets inside the SQL, every placeholder
 * roster does not define and every `{{` left open.
 */
import type { IrSqlPart } from '../ir/ir.js';
import { LOGICAL_SOURCES } from '../project/sources.js';
import type { LogicalSource } from '../project/types.js';
import type { Position, SourceRange } from '../diagnostics/source.js';

export type SqlPlaceholder = LogicalSource | 'now';
export const SQL_PLACEHOLDERS: readonly SqlPlaceholder[] = [...LOGICAL_SOURCES, 'now'];

export interface SqlPlaceholderProblem {
  kind: 'unknown' | 'unclosed';
  /** The name as written, trimmed (unknown only). */
  name: string;
  /** Offsets inside the SQL text, end exclusive. */
  start: number;
  end: number;
}

export interface SplitSql {
  parts: IrSqlPart[];
  problems: SqlPlaceholderProblem[];
  /** Every valid placeholder with its offsets, for source checks. */
  used: Array<{ name: SqlPlaceholder; start: number; end: number }>;
}

const isPlaceholder = (name: string): name is SqlPlaceholder =>
  (SQL_PLACEHOLDERS as readonly string[]).includes(name);

export function splitSql(sql: string): SplitSql {
  const parts: IrSqlPart[] = [];
  const problems: SqlPlaceholderProblem[] = [];
  const used: SplitSql['used'] = [];
  let text = '';
  let i = 0;
  while (i < sql.length) {
    const open = sql.indexOf('{{', i);
    if (open < 0) break;
    const close = sql.indexOf('}}', open + 2);
    const nextOpen = sql.indexOf('{{', open + 2);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      problems.push({ kind: 'unclosed', name: '', start: open, end: open + 2 });
      text += sql.slice(i, open + 2);
      i = open + 2;
      continue;
    }
    text += sql.slice(i, open);
    const name = sql.slice(open + 2, close).trim();
    if (isPlaceholder(name)) {
      if (text) parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: 'placeholder', name });
      used.push({ name, start: open, end: close + 2 });
    } else {
      problems.push({ kind: 'unknown', name, start: open, end: close + 2 });
      text += sql.slice(open, close + 2);
    }
    i = close + 2;
  }
  text += sql.slice(i);
  if (text) parts.push({ kind: 'text', text });
  return { parts, problems, used };
}

/** The source range of `sql[start, end)` given where the SQL text starts in its file. */
export function rangeInSql(
  sqlRange: SourceRange,
  sql: string,
  start: number,
  end: number,
): SourceRange {
  const at = (offset: number): Position => {
    const before = sql.slice(0, offset);
    const lastBreak = before.lastIndexOf('\n');
    const breaks = before.split('\n').length - 1;
    return {
      offset: sqlRange.start.offset + offset,
      line: sqlRange.start.line + breaks,
      column: lastBreak < 0 ? sqlRange.start.column + offset : offset - lastBreak,
    };
  };
  return { file: sqlRange.file, start: at(start), end: at(end) };
}
