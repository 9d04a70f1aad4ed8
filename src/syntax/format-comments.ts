/**
 * Hands out a file's comments to the formatter in source order.
 *
 * The formatter prints nodes in source order and, before each node, asks for the
 * comments that start before it. So every comment comes out in the same order
 * relative to the program's nodes as it was written, and formatting the output
 * again attaches each comment to the same node: that is what keeps `fmt`
 * idempotent without a comment-attachment heuristic.
 */
import type { Comment } from './ast.js';
import { comment, type Doc } from './format-doc.js';

export class CommentQueue {
  private next = 0;
  private readonly comments: readonly Comment[];

  constructor(
    comments: readonly Comment[],
    private readonly source: string,
  ) {
    this.comments = [...comments].sort((a, b) => a.range.start.offset - b.range.start.offset);
  }

  /** Whether some code precedes the comment on its line (`x = 1 # why`). */
  isTrailing(c: Comment): boolean {
    const start = c.range.start.offset;
    const lineStart = this.source.lastIndexOf('\n', start - 1) + 1;
    return this.source.slice(lineStart, start).trim() !== '';
  }

  peek(): Comment | undefined {
    return this.comments[this.next];
  }

  /** Removes and returns the comments that start before `offset`. */
  takeBefore(offset: number): Comment[] {
    const taken: Comment[] = [];
    while (
      this.next < this.comments.length &&
      this.comments[this.next]!.range.start.offset < offset
    ) {
      taken.push(this.comments[this.next++]!);
    }
    return taken;
  }

  /** Removes and returns the next comment if it starts before `offset`. */
  takeFirstBefore(offset: number): Comment | undefined {
    const c = this.peek();
    if (c === undefined || c.range.start.offset >= offset) return undefined;
    this.next++;
    return c;
  }

  /** The comments before `offset`, as documents, each ending its line. */
  flushBefore(offset: number): Doc[] {
    return this.takeBefore(offset).map((c) => comment(clean(c.text), this.isTrailing(c)));
  }

  /** Removes and returns the trailing comment on the line where `offset` is, if any. */
  takeTrailingOnLineOf(offset: number): Comment | undefined {
    const c = this.peek();
    if (c === undefined) return undefined;
    const between = this.source.slice(offset, c.range.start.offset);
    if (between.includes('\n')) return undefined;
    this.next++;
    return c;
  }

  /** Whether the source has a blank line between two offsets. */
  blankLineBetween(from: number, to: number): boolean {
    return /\n[ \t\r]*\n/.test(this.source.slice(from, to));
  }
}

/** A comment's text as printed: as written, without trailing whitespace (or a stray CR). */
export function clean(text: string): string {
  return text.replace(/\s+$/, '');
}
