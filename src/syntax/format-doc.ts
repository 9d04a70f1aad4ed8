/**
 * A tiny Wadler/Prettier-style layout algebra for the formatter.
 *
 * The formatter describes *where* a line may break (`line`), which breaks go
 * together (`group`: all of its lines break, or none), and how far broken lines
 * are indented (`nest`); `layout` then picks, outermost group first, the flat
 * form whenever it fits in the width. Comments are part of the document so that
 * a group holding one always breaks: a `#` comment runs to the end of its line,
 * so nothing may be printed after it on the same line.
 */

export type Doc = string | readonly Doc[] | LineDoc | HardLineDoc | GroupDoc | NestDoc | CommentDoc;

/** A space when its group is flat, a line break (plus indentation) when it is broken. */
export interface LineDoc {
  kind: 'line';
}

/** Always a line break. */
export interface HardLineDoc {
  kind: 'hardline';
}

export interface GroupDoc {
  kind: 'group';
  contents: Doc;
  /** True when the contents hold a hard line or a comment: such a group can never be flat. */
  mustBreak: boolean;
}

export interface NestDoc {
  kind: 'nest';
  indent: number;
  contents: Doc;
}

/**
 * A `#` comment. A trailing comment stays at the end of the line printed so far;
 * an own-line comment starts a line of its own. Either way the next output starts
 * on a new line.
 */
export interface CommentDoc {
  kind: 'comment';
  text: string;
  trailing: boolean;
}

export const line: LineDoc = { kind: 'line' };
export const hardline: HardLineDoc = { kind: 'hardline' };

export function nest(indent: number, contents: Doc): NestDoc {
  return { kind: 'nest', indent, contents };
}

export function comment(text: string, trailing: boolean): CommentDoc {
  return { kind: 'comment', text, trailing };
}

export function group(contents: Doc): GroupDoc {
  return { kind: 'group', contents, mustBreak: hasHardBreak(contents) };
}

/** Nested groups already know their answer, so this walks each group's own level only. */
function hasHardBreak(doc: Doc): boolean {
  if (typeof doc === 'string') return false;
  if (Array.isArray(doc)) return doc.some(hasHardBreak);
  const d = doc as Exclude<Doc, string | readonly Doc[]>;
  switch (d.kind) {
    case 'hardline':
    case 'comment':
      return true;
    case 'group':
      return d.mustBreak;
    case 'nest':
      return hasHardBreak(d.contents);
    case 'line':
      return false;
  }
}

type Mode = 'flat' | 'break';
interface Command {
  indent: number;
  mode: Mode;
  doc: Doc;
}

/** Width of the text up to its first line break (SQL bodies are multi-line strings). */
function firstLineWidth(text: string): number {
  const nl = text.indexOf('\n');
  return nl < 0 ? text.length : nl;
}

/**
 * Whether `next` printed flat, followed by the rest of the document up to its
 * next possible line break, fits in `width` columns.
 */
function fits(next: Command, rest: readonly Command[], width: number): boolean {
  const stack: Command[] = [next];
  let restIndex = rest.length;
  let remaining = width;
  while (remaining >= 0) {
    let cmd = stack.pop();
    if (cmd === undefined) {
      if (restIndex === 0) return true;
      cmd = rest[--restIndex]!;
    }
    const { mode, doc } = cmd;
    if (typeof doc === 'string') {
      remaining -= firstLineWidth(doc);
      if (doc.includes('\n')) return remaining >= 0;
      continue;
    }
    if (Array.isArray(doc)) {
      for (let i = doc.length - 1; i >= 0; i--)
        stack.push({ indent: cmd.indent, mode, doc: doc[i]! });
      continue;
    }
    const d = doc as Exclude<Doc, string | readonly Doc[]>;
    switch (d.kind) {
      case 'line':
        if (mode === 'break') return true;
        remaining -= 1;
        break;
      case 'hardline':
        return true;
      case 'comment':
        // Measuring stops at a comment in the rest: the line ends there.
        return mode === 'break';
      case 'group':
        stack.push({ indent: cmd.indent, mode: d.mustBreak ? 'break' : mode, doc: d.contents });
        break;
      case 'nest':
        stack.push({ indent: cmd.indent + d.indent, mode, doc: d.contents });
        break;
    }
  }
  return false;
}

/** Lays the document out in `width` columns. Lines never end in spaces. */
export function layout(doc: Doc, width: number): string {
  const out: string[] = [];
  let column = 0;
  // After a comment, the next output must start on a new line.
  let pendingNewline = false;
  const newline = (indent: number): void => {
    const last = out.length - 1;
    if (last >= 0) out[last] = out[last]!.replace(/[ ]+$/, '');
    out.push('\n' + ' '.repeat(indent));
    column = indent;
    pendingNewline = false;
  };
  const emit = (text: string): void => {
    out.push(text);
    const nl = text.lastIndexOf('\n');
    column = nl < 0 ? column + text.length : text.length - nl - 1;
  };
  /** Indexes in `out` of the line breaks (with indentation) before own-line comments. */
  const ownLine: number[] = [];
  const atLineStart = (): boolean => out.length === 0 || /\n[ ]*$/.test(out[out.length - 1]!);

  const stack: Command[] = [{ indent: 0, mode: 'break', doc }];
  while (stack.length > 0) {
    const cmd = stack.pop()!;
    const { indent, mode, doc: d } = cmd;
    if (typeof d === 'string') {
      if (d === '') continue;
      if (pendingNewline) newline(indent);
      emit(d);
      continue;
    }
    if (Array.isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) stack.push({ indent, mode, doc: d[i]! });
      continue;
    }
    const node = d as Exclude<Doc, string | readonly Doc[]>;
    switch (node.kind) {
      case 'line':
        if (mode === 'break' || pendingNewline) newline(indent);
        else emit(' ');
        break;
      case 'hardline':
        newline(indent);
        break;
      case 'comment':
        if (pendingNewline || (!node.trailing && !atLineStart())) {
          newline(indent);
          ownLine.push(out.length - 1);
        } else if (atLineStart() && out.length > 0) {
          ownLine.push(out.length - 1);
        } else if (!atLineStart()) {
          const last = out.length - 1;
          out[last] = out[last]!.replace(/[ ]+$/, '');
          emit(' ');
        }
        emit(node.text);
        pendingNewline = true;
        break;
      case 'group': {
        const flat =
          mode === 'flat' ||
          (!node.mustBreak &&
            fits({ indent, mode: 'flat', doc: node.contents }, stack, width - column));
        stack.push({ indent, mode: flat ? 'flat' : 'break', doc: node.contents });
        break;
      }
      case 'nest':
        stack.push({ indent: indent + node.indent, mode, doc: node.contents });
        break;
    }
  }
  // An own-line comment is indented like the line after it: where it was taken from
  // the queue (and so how deep it was nested) must not matter, or a second run of fmt,
  // which may take it at another node, would indent it differently.
  for (let k = ownLine.length - 1; k >= 0; k--) {
    const before = ownLine[k]!;
    for (let j = before + 2; j < out.length; j++) {
      if (out[j]!.startsWith('\n') && out[j + 1] !== undefined && !out[j + 1]!.startsWith('\n')) {
        out[before] = out[j]!;
        break;
      }
    }
  }
  return out.join('');
}
