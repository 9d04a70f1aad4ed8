/** A position in a source file: a 0-based UTF-16 offset and 1-based line and column. */
export interface Position {
  offset: number;
  line: number;
  column: number;
}

/** A span of one file; `end` is exclusive. */
export interface SourceRange {
  file: string;
  start: Position;
  end: Position;
}

/** The text of one file with a line index, so offsets map to line/column in O(log n). */
export class SourceFile {
  readonly lineStarts: number[];

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { offset: clamped, line: lo + 1, column: clamped - (this.lineStarts[lo] ?? 0) + 1 };
  }

  range(startOffset: number, endOffset: number): SourceRange {
    return { file: this.path, start: this.position(startOffset), end: this.position(endOffset) };
  }

  /** The text of a 1-based line, without its line break. */
  line(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    const next = this.lineStarts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, '');
  }
}

/** A range covering from the start of `a` to the end of `b` (same file). */
export function spanRanges(a: SourceRange, b: SourceRange): SourceRange {
  return { file: a.file, start: a.start, end: b.end };
}
