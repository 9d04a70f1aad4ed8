/**
 * The source line a diagnostic shows, made safe and short: tabs print as one
 * space and control characters as `?` (one column each, so the caret stays
 * under its text; an escape sequence in a file must not reach the terminal),
 * and a line longer than WINDOW columns is cut to a window around the span,
 * with `…` where text was left out (an error on a 5 MB minified line prints
 * one screen line, not 5 MB).
 */
import { masked } from './printable.js';

const WINDOW = 120;
/** Columns shown before the span when the line is cut. */
const LEAD = 40;

export interface ShownLine {
  text: string;
  /** 1-based column of the span's start in `text`. */
  startCol: number;
  /** 1-based column just past the span's end in `text`. */
  endCol: number;
}

export function shownLine(line: string, startCol: number, endCol: number): ShownLine {
  const clean = masked(line.replace(/\t/g, ' '));
  if (clean.length <= WINDOW) return { text: clean, startCol, endCol };
  const from = Math.max(0, Math.min(startCol - 1 - LEAD, clean.length - WINDOW));
  const to = Math.min(clean.length, from + WINDOW);
  const head = from > 0 ? '…' : '';
  const tail = to < clean.length ? '…' : '';
  const shift = from - head.length;
  return {
    text: `${head}${clean.slice(from, to)}${tail}`,
    startCol: Math.max(1 + head.length, startCol - shift),
    endCol: Math.min(to - shift + 1, endCol - shift),
  };
}
