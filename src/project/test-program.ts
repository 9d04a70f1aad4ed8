/**
 * The `program:` of a test file is roster text embedded in YAML. Its parser
 * diagnostics must point into the .test.yml file, so we record where each line
 * of the program text starts in the file.
 */
import { Scalar } from 'yaml';
import { SourceFile } from '../diagnostics/source.js';
import type { SourceRange } from '../diagnostics/source.js';
import type { TestProgram } from './test-case.js';

/** Builds the program record for a string scalar `node` of `file`. */
export function programFromScalar(file: SourceFile, node: Scalar, text: string): TestProgram {
  const [start = 0, end = start] = node.range ?? [];
  const range = file.range(start, end);
  const lines = text.split('\n');
  if (node.type === Scalar.BLOCK_LITERAL) {
    const mapped = mapBlockLiteral(file, start, lines);
    if (mapped)
      return { text, programOffset: mapped[0] ?? start, lineOffsets: mapped, exact: true, range };
  } else if (lines.length === 1) {
    const quote = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? 1 : 0;
    const offset = start + quote;
    const exact = file.text.slice(offset, offset + text.length) === text;
    return { text, programOffset: offset, lineOffsets: [offset], exact, range };
  }
  // Folded or multi-line flow scalars: lines do not correspond; map everything to the value's start.
  return { text, programOffset: start, lineOffsets: lines.map(() => start), exact: false, range };
}

/**
 * A literal block (`|`) keeps every content line as a source line minus the
 * block's indentation. Returns each line's file offset, or undefined if the
 * text does not match the file line by line (so we never report a wrong place).
 */
function mapBlockLiteral(file: SourceFile, start: number, lines: string[]): number[] | undefined {
  const header = file.position(start).line;
  const firstContent = lines.findIndex((l) => l.trim() !== '');
  if (firstContent < 0) return undefined;
  const sourceFirst = file.line(header + 1 + firstContent);
  const textFirst = lines[firstContent] ?? '';
  const indent = leadingSpaces(sourceFirst) - leadingSpaces(textFirst);
  if (indent < 0) return undefined;
  const offsets: number[] = [];
  for (const [i, line] of lines.entries()) {
    const lineStart = file.lineStarts[header + i];
    if (lineStart === undefined) {
      if (line === '') {
        offsets.push(file.text.length);
        continue;
      }
      return undefined;
    }
    const sourceLine = file.line(header + 1 + i);
    const offset = lineStart + Math.min(indent, sourceLine.length);
    if (line !== '' && file.text.slice(offset, offset + line.length) !== line) return undefined;
    offsets.push(offset);
  }
  return offsets;
}

function leadingSpaces(s: string): number {
  return s.length - s.trimStart().length;
}

/** The .test.yml offset of an offset into `program.text`. */
export function programFileOffset(program: TestProgram, offset: number): number {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < program.text.length; i++) {
    if (program.text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const base = program.lineOffsets[line] ?? program.programOffset;
  return program.exact ? base + (offset - lineStart) : base;
}

/** Maps a range reported on the program text back into the .test.yml file. */
export function mapProgramRange(
  testFile: SourceFile,
  program: TestProgram,
  range: SourceRange,
): SourceRange {
  return testFile.range(
    programFileOffset(program, range.start.offset),
    programFileOffset(program, range.end.offset),
  );
}

/**
 * The program as a SourceFile in the test file's own coordinates: the test
 * file's text with everything but the program replaced by spaces (line breaks
 * kept). Parsing it yields ranges that are already `file:line:col` of the
 * .test.yml, with no mapping. Only for exact programs; the text differs from
 * `program.text` by indentation only.
 */
export function programSource(testFile: SourceFile, program: TestProgram): SourceFile {
  // split('') yields UTF-16 code units, so offsets stay aligned with SourceFile's.
  const units: string[] = testFile.text.split('').map((c) => (c === '\n' || c === '\r' ? c : ' '));
  const lines = program.text.split('\n');
  for (const [i, line] of lines.entries()) {
    const at = program.lineOffsets[i];
    if (at === undefined) continue;
    for (let j = 0; j < line.length; j++) units[at + j] = line[j] ?? ' ';
  }
  return new SourceFile(testFile.path, units.join(''));
}
