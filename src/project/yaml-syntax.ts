/**
 * YAML syntax errors in roster's words (issue 16, item 8). The yaml library
 * says what its parser saw ("Implicit keys need to be on a single line"), often
 * a line away from the mistake; a person needs what they did ("`seats` is
 * indented one space more than `plan`") at the line they did it, and the line
 * rewritten. So the library's errors only tell us *that* and roughly *what
 * kind of* mistake happened; the place and the words come from reading the
 * lines the way a person indents them. One mistake gives one diagnostic: later
 * errors of the same structural mistake are the parser losing its footing.
 */
import { isMap, isScalar, isSeq, visit } from 'yaml';
import type { Document, Node, YAMLError } from 'yaml';
import { error, warning } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../diagnostics/source.js';
import { formatPath } from './yaml-file.js';

/** One line that carries YAML content (not blank, not only a comment, not inside a block scalar). */
interface Line {
  no: number;
  /** Offset of the line's first character. */
  start: number;
  /** Leading whitespace, as written (may contain tabs). */
  lead: string;
  indent: number;
  /** The content without indentation and without a trailing comment. */
  content: string;
  /** The key when the line is `key: ...` or `- key: ...`. */
  key?: string;
  /** The column (0-based) where the key starts. */
  keyColumn?: number;
  /** The value after `key:` (empty when the line opens a block). */
  value?: string;
  isItem: boolean;
}

const KEY_LINE =
  /^(- +)?("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#\-?:,[\]{}][^#]*?|-[^\s#][^#]*?)[ \t]*:(?:[ \t]+(.*))?$/;

/** Calls `visit` with each character outside quoted scalars, until it returns true. */
function scanOutsideQuotes(text: string, visit: (c: string, i: number) => boolean | void): void {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if ((c === '"' || c === "'") && tokenStart(text, i)) quote = c;
    else if (visit(c, i) === true) return;
  }
}

/** Removes a trailing ` # comment` that is outside quotes. */
function stripComment(text: string): string {
  let end = text.length;
  scanOutsideQuotes(text, (c, i) => {
    if (c !== '#' || (i > 0 && !/\s/.test(text[i - 1]!))) return false;
    end = i;
    return true;
  });
  return text.slice(0, end).trimEnd();
}

/** A quote starts a quoted scalar only at the start of a token, not inside a plain word (`don't`). */
function tokenStart(text: string, i: number): boolean {
  const before = text.slice(0, i).trimEnd();
  return before === '' || /[:[{,-]$/.test(before);
}

function contentLines(source: SourceFile): Line[] {
  const lines: Line[] = [];
  let blockScalarIndent: number | undefined;
  for (let no = 1; no <= source.lineStarts.length; no++) {
    const raw = source.line(no);
    const lead = /^[ \t]*/.exec(raw)![0];
    const indent = lead.length;
    const rest = raw.slice(indent);
    if (blockScalarIndent !== undefined) {
      if (rest === '' || indent > blockScalarIndent) continue;
      blockScalarIndent = undefined;
    }
    // Blank lines, comments and document markers carry no key or value.
    if (rest === '' || rest.startsWith('#') || /^(---|\.\.\.)(\s|$)/.test(rest)) continue;
    const content = stripComment(rest);
    const line: Line = {
      no,
      start: source.lineStarts[no - 1]!,
      lead,
      indent,
      content,
      isItem: content === '-' || content.startsWith('- '),
    };
    const m = KEY_LINE.exec(content);
    if (m) {
      line.key = m[2]!.replace(/^["']|["']$/g, '');
      line.keyColumn = indent + (m[1]?.length ?? 0);
      line.value = (m[3] ?? '').trim();
    }
    if (/^[|>][-+0-9]*$/.test(line.value ?? '')) blockScalarIndent = indent;
    lines.push(line);
  }
  return lines;
}

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four'];
const spaces = (n: number): string => `${NUMBER_WORDS[n] ?? String(n)} space${n === 1 ? '' : 's'}`;

export interface YamlSyntaxOptions {
  /** Code prefix: `config`, `schema`, `test`. */
  prefix: string;
  /** How the file is named in messages about its top level ("roster.yaml"). */
  fileLabel: string;
}

/**
 * Diagnostics for a document the yaml library could not read. Duplicate keys
 * are independent mistakes and are all reported; of the structural mistakes
 * (tabs, quotes, brackets, indentation, colons) only the first, since what
 * follows it is read from a wrong structure.
 */
export function yamlSyntaxDiagnostics(
  source: SourceFile,
  doc: Document.Parsed,
  options: YamlSyntaxOptions,
): Diagnostic[] {
  const { prefix } = options;
  const errors = doc.errors;
  const duplicates = errors.some((e) => e.code === 'DUPLICATE_KEY')
    ? duplicateKeys(source, doc, options)
    : [];
  const structural = errors.filter((e) => e.code !== 'DUPLICATE_KEY');
  if (structural.length === 0) return duplicates;
  const lines = contentLines(source);
  const first = structural[0]!;
  const says = (pattern: RegExp): boolean => structural.some((e) => pattern.test(e.message));
  const found =
    (structural.some((e) => e.code === 'TAB_AS_INDENT')
      ? tabIndent(source, lines, prefix)
      : undefined) ??
    (says(/closing ["']?quote/i) ? unclosedQuote(source, lines, prefix) : undefined) ??
    (says(/[\]}]|flow/i) ? unclosedFlow(source, lines, prefix) : undefined) ??
    colonInValue(source, lines, prefix) ??
    indentation(source, lines, prefix) ??
    libraryError(source, first, prefix);
  return [...duplicates, found];
}

/** The yaml library's warnings (an unknown `!tag`), in roster's words. */
export function yamlWarningDiagnostic(
  source: SourceFile,
  w: YAMLError,
  prefix: string,
): Diagnostic {
  const text = source.text.slice(w.pos[0], w.pos[1]);
  if (w.code === 'TAG_RESOLVE_FAILED') {
    return warning(
      `${prefix}-yaml-warning`,
      `\`${text}\` is a YAML tag roster does not know: the value is read as plain text`,
      source.range(w.pos[0], w.pos[1]),
      [`remove \`${text}\`; roster needs no tags`],
    );
  }
  return warning(
    `${prefix}-yaml-warning`,
    'roster reads this YAML, but not the way it may look',
    source.range(w.pos[0], w.pos[1]),
    ['write plain `key: value` pairs, one per line'],
  );
}

function tabIndent(source: SourceFile, lines: Line[], prefix: string): Diagnostic | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.lead.includes('\t')) continue;
    const prev = lines[i - 1];
    const width = prev ? prev.indent + (prev.value === '' ? 2 : 0) : 0;
    return error(
      `${prefix}-yaml-tab`,
      'this line is indented with a tab: YAML indents with spaces only',
      source.range(line.start, line.start + line.lead.length),
      [`indent with ${spaces(width)} instead: \`${' '.repeat(width)}${line.content}\``],
    );
  }
  return undefined;
}

function unclosedQuote(source: SourceFile, lines: Line[], prefix: string): Diagnostic | undefined {
  for (const line of lines) {
    const text = line.content;
    for (let i = 0; i < text.length; i++) {
      const q = text[i]!;
      if (q === '#' && i > 0 && /\s/.test(text[i - 1]!)) break;
      if ((q !== '"' && q !== "'") || !tokenStart(text, i)) continue;
      let close = -1;
      for (let j = i + 1; j < text.length; j++) {
        if (q === '"' && text[j] === '\\') j++;
        else if (text[j] === q) {
          if (q === "'" && text[j + 1] === "'") j++;
          else {
            close = j;
            break;
          }
        }
      }
      if (close >= 0) {
        i = close;
        continue;
      }
      // Inside `{ .. }` or `[ .. ]` the string most likely ends before the closing brackets.
      const open = text.slice(i).replace(/[\s\]}]*$/, '');
      const from = line.start + line.indent + i;
      const end = from + open.length;
      const fixed = `${text.slice(0, i)}${open}${q}${text.slice(i + open.length)}`;
      return error(
        `${prefix}-yaml-unclosed-quote`,
        `the string \`${open}\` is never closed: its closing \`${q}\` is missing`,
        source.range(from, end),
        [`close it: \`${line.lead}${fixed}\``],
      );
    }
  }
  return undefined;
}

/** The first line that opens a `[` list or `{` mapping it does not close (roster's files keep them on one line). */
function unclosedFlow(source: SourceFile, lines: Line[], prefix: string): Diagnostic | undefined {
  for (const line of lines) {
    const text = line.content;
    const open: number[] = [];
    let wrongCloser = -1;
    scanOutsideQuotes(text, (c, i) => {
      if (c === '[' || c === '{') open.push(i);
      else if ((c === ']' || c === '}') && open.length > 0) {
        const top = text[open[open.length - 1]!];
        if ((top === '[') !== (c === ']')) {
          // `[a, b }`: the `}` closes the `{` outside, so the `[` is the one left open.
          wrongCloser = i;
          return true;
        }
        open.pop();
      }
    });
    if (wrongCloser >= 0) {
      const at = open[open.length - 1]!;
      const closer = text[at] === '[' ? ']' : '}';
      const before = text.slice(0, wrongCloser).trimEnd();
      const from = line.start + line.indent + at;
      return error(
        `${prefix}-yaml-unclosed-bracket`,
        `the ${closer === ']' ? 'list' : 'mapping'} opened with \`${text[at]}\` is never closed: \`${closer}\` is missing before \`${text[wrongCloser]}\``,
        source.range(from, from + 1),
        [
          `close it: \`${line.lead}${before}${text[at + 1] === ' ' ? ' ' : ''}${closer}${text.slice(before.length)}\``,
        ],
      );
    }
    if (open.length === 0) continue;
    const at = open[0]!;
    // Close the innermost first, spaced the way each was opened (`{ a: 1 }`, `[a]`).
    const closers = [...open]
      .reverse()
      .map((i) => `${text[i + 1] === ' ' ? ' ' : ''}${text[i] === '[' ? ']' : '}'}`)
      .join('');
    const what = text[at] === '[' ? 'list' : 'mapping';
    const from = line.start + line.indent + at;
    return error(
      `${prefix}-yaml-unclosed-bracket`,
      `the ${what} opened with \`${text[at]}\` is never closed: \`${closers.trim()}\` is missing`,
      source.range(from, from + 1),
      [`close it on the same line: \`${line.lead}${text}${closers}\``],
    );
  }
  return undefined;
}

/** `description: Note: read this` — a plain value with `: ` in it reads as a second key. */
function colonInValue(source: SourceFile, lines: Line[], prefix: string): Diagnostic | undefined {
  for (const line of lines) {
    const value = line.value;
    if (!value || /^["'[{|>&*!]/.test(value) || !/:(\s|$)/.test(value)) continue;
    const from =
      line.start + line.content.indexOf(value, line.content.indexOf(':') + 1) + line.indent;
    return error(
      `${prefix}-yaml-colon-in-value`,
      `the value of \`${line.key}\` contains \`: \`, which YAML reads as the start of another key`,
      source.range(from, from + value.length),
      [
        `quote the value: \`${line.lead}${line.content.slice(0, line.content.length - value.length)}"${value.replace(/["\\]/g, '\\$&')}"\``,
      ],
    );
  }
  return undefined;
}

/**
 * Reads the indentation the way a person lays it out: a line after `key:` may
 * go deeper (it starts the block), any other line must line up with one of
 * the open levels above it. The first line that does neither is the mistake.
 */
function indentation(source: SourceFile, lines: Line[], prefix: string): Diagnostic | undefined {
  // Open levels: the column of each open mapping or sequence, with the last line seen at it.
  const levels: Array<{ column: number; line: Line }> = [];
  let prev: Line | undefined;
  for (const [index, line] of lines.entries()) {
    const column = line.indent;
    // `- id u1` with `role: Admin` under it: the item's first key lost its `:` (the keys
    // below line up with it), not a wrongly indented `role`.
    const item = line.isItem && line.keyColumn === undefined ? /^-\s+/.exec(line.content) : null;
    const next = lines[index + 1];
    if (
      item &&
      next?.key !== undefined &&
      next.indent === line.indent + item[0].length &&
      /^[A-Za-z_][\w-]*\s+\S/.test(line.content.slice(item[0].length))
    ) {
      return missingColon(
        source,
        {
          ...line,
          indent: line.indent + item[0].length,
          lead: line.lead + item[0],
          content: line.content.slice(item[0].length),
        },
        prefix,
      );
    }
    const opensBlock = prev !== undefined && prev.key !== undefined && prev.value === '';
    if (
      prev === undefined ||
      (opensBlock && (column > prev.indent || (line.isItem && column === prev.indent)))
    ) {
      // The first line, or the first line of a block (`key:` then `- item` at the key's column is valid too).
      levels.push({ column, line });
    } else {
      // The levels this line closes are still candidates for where it belongs (`badIndent`).
      const open = [...levels];
      while (levels.length > 0 && levels[levels.length - 1]!.column > column) levels.pop();
      const top = levels[levels.length - 1];
      if (!top || top.column !== column) {
        if (line.key === undefined && !line.isItem && column > prev.indent) {
          prev = line;
          continue; // a plain value folded over lines
        }
        return badIndent(source, line, prev, open, prefix);
      }
      top.line = line;
    }
    if (line.key === undefined && !line.isItem) {
      // A bare word among keys: `plan string` for `plan: string`.
      // The keys of a list item's mapping line up under the first (`- id: u1`), not under its `-`.
      const keyed = lines.some(
        (l) =>
          l !== line &&
          (l.isItem ? l.keyColumn : l.indent) === column &&
          l.key !== undefined &&
          Math.abs(l.no - line.no) <= 3,
      );
      if (keyed) return missingColon(source, line, prefix);
    }
    if (line.isItem && line.keyColumn !== undefined) {
      // `- key: v` opens a mapping whose further keys line up under `key`.
      levels.push({ column: line.keyColumn, line });
    }
    prev = line;
  }
  return undefined;
}

function badIndent(
  source: SourceFile,
  line: Line,
  prev: Line,
  levels: Array<{ column: number; line: Line }>,
  prefix: string,
): Diagnostic {
  const name = line.key ?? line.content;
  const from = line.start + (line.keyColumn ?? line.indent);
  const range = source.range(from, from + (line.key ? line.key.length : line.content.length));
  let other: Line;
  let column: number;
  let how: string;
  if (line.indent > prev.indent) {
    other = prev;
    column = prev.keyColumn !== undefined && prev.isItem ? prev.keyColumn : prev.indent;
    how = `${spaces(line.indent - column)} more than`;
  } else {
    // Between two open levels: it most likely belongs with the nearer one (the deeper on a tie).
    const deeper = [...levels, { column: prev.indent, line: prev }]
      .filter((l) => l.column > line.indent)
      .sort((a, b) => a.column - b.column)[0];
    const shallower = levels.filter((l) => l.column < line.indent).pop();
    const pick =
      deeper && (!shallower || deeper.column - line.indent <= line.indent - shallower.column)
        ? deeper
        : (shallower ?? deeper!);
    other = pick.line;
    column = pick.column;
    how =
      column > line.indent
        ? `${spaces(column - line.indent)} less than`
        : `${spaces(line.indent - column)} more than`;
  }
  const otherName = other.keyColumn === column && other.key ? other.key : other.content;
  return error(
    `${prefix}-yaml-indent`,
    `\`${name}\` is indented ${how} \`${otherName}\`: keys of one mapping start in the same column`,
    range,
    [`line it up with \`${otherName}\`: \`${' '.repeat(column)}${line.content}\``],
  );
}

function missingColon(source: SourceFile, line: Line, prefix: string): Diagnostic {
  const from = line.start + line.indent;
  const glued = /^([^\s:]+):(\S.*)$/.exec(line.content);
  if (glued) {
    return error(
      `${prefix}-yaml-missing-space`,
      `\`${line.content}\` is one word to YAML: a key needs a space after its \`:\``,
      source.range(from, from + line.content.length),
      [`write \`${line.lead}${glued[1]}: ${glued[2]}\``],
    );
  }
  const m = /^(\S+)\s+(.*)$/.exec(line.content);
  const fixed = m ? `${m[1]}: ${m[2]}` : `${line.content}:`;
  return error(
    `${prefix}-yaml-missing-colon`,
    `\`${line.content}\` is not \`key: value\`: the \`:\` after the key is missing`,
    source.range(from, from + line.content.length),
    [`write \`${line.lead}${fixed}\``],
  );
}

/** Errors the line reading did not explain, by kind, in plain words (never the library's text). */
function libraryError(source: SourceFile, e: YAMLError, prefix: string): Diagnostic {
  const range = source.range(e.pos[0], Math.max(e.pos[1], e.pos[0] + 1));
  const at = source.text.slice(e.pos[0], e.pos[1]);
  const code = `${prefix}-yaml-syntax`;
  switch (e.code) {
    case 'BAD_SCALAR_START': {
      const line = source.line(range.start.line);
      const value = line.slice(range.start.column - 1).trim();
      return error(code, `a YAML value cannot start with \`${at}\` unless it is quoted`, range, [
        `quote it: \`${line.slice(0, range.start.column - 1)}"${value.replace(/["\\]/g, '\\$&')}"\``,
      ]);
    }
    case 'MULTIPLE_DOCS':
      return error(
        code,
        '`---` starts a second YAML document, and roster reads one document per file',
        source.range(e.pos[0], e.pos[0] + 3),
        ['remove the `---` line, or move what follows it into its own file'],
      );
    case 'BAD_DQ_ESCAPE':
      return error(code, `\`${at}\` is not an escape a double-quoted string knows`, range, [
        'write `\\\\` for a backslash, or use single quotes, which have no escapes',
      ]);
    case 'BAD_ALIAS':
    case 'ALIAS_PROPS':
    case 'MULTIPLE_ANCHORS':
      return error(code, 'this YAML anchor or alias (`&name`, `*name`) is not well formed', range, [
        'write the value out in full instead of an alias',
      ]);
    case 'KEY_OVER_1024_CHARS':
      return error(code, 'this key is longer than YAML allows (1024 characters)', range, [
        'shorten the key, or quote a long value after `key: `',
      ]);
    default:
      return error(code, 'roster cannot read this line as YAML', range, [
        'write `key: value` pairs and `- item` lists, one per line, indented with spaces under their parent',
      ]);
  }
}

/** Every key that repeats one earlier in the same mapping, with the first one as a related location. */
function duplicateKeys(
  source: SourceFile,
  doc: Document.Parsed,
  options: YamlSyntaxOptions,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(doc, {
    Map(_key, map, path) {
      const seen = new Map<string, Node>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const name = String(pair.key.value);
        const first = seen.get(name);
        if (!first) {
          seen.set(name, pair.key);
          continue;
        }
        const r = pair.key.range!;
        const f = first.range!;
        // The map itself ends the path, so a row of a list is named by its index (`data.users[0]`).
        const where = keysPath([...path, map]);
        out.push(
          error(
            `${options.prefix}-yaml-duplicate-key`,
            `\`${name}\` appears twice in ${where.length === 0 ? options.fileLabel : `\`${formatPath(where)}\``}: a key can be given once`,
            source.range(r[0], r[1]),
            [`keep one \`${name}\`: remove this one, or merge it into the first`],
            [{ message: `the first \`${name}\``, range: source.range(f[0], f[1]) }],
          ),
        );
      }
    },
  });
  return out;
}

/** The keys leading to a node, from the ancestors `visit` passes (pairs and collections). */
function keysPath(ancestors: readonly unknown[]): Array<string | number> {
  const out: Array<string | number> = [];
  for (let i = 0; i < ancestors.length; i++) {
    const a = ancestors[i];
    const next = ancestors[i + 1];
    if (isSeq(a) && next !== undefined) out.push(a.items.indexOf(next as never));
    else if (isMap(a)) continue;
    else if (a && typeof a === 'object' && 'key' in a && isScalar((a as { key: unknown }).key))
      out.push(String((a as { key: { value: unknown } }).key.value));
  }
  return out;
}
