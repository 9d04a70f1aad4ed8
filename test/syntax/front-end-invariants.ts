/**
 * What must hold for *any* input to the front end, however broken: the fuzz
 * test and `npm run fuzz` both check it. Returns a list of violations (empty when
 * all is well) instead of throwing, so the fuzzer can print a reproducer.
 */
import { SourceFile, type SourceRange } from '../../src/diagnostics/source.js';
import { format } from '../../src/syntax/format.js';
import { formatProgram } from '../../src/syntax/format-program.js';
import { parse } from '../../src/syntax/parse.js';

export const FUZZ_FILE = 'fuzz.roster';

function rangeProblems(where: string, range: SourceRange, source: SourceFile): string[] {
  const problems: string[] = [];
  if (range.file !== source.path) problems.push(`${where}: file is ${JSON.stringify(range.file)}`);
  for (const [name, p] of [
    ['start', range.start],
    ['end', range.end],
  ] as const) {
    if (![p.offset, p.line, p.column].every(Number.isInteger)) {
      problems.push(`${where}: ${name} is not integral: ${JSON.stringify(p)}`);
      continue;
    }
    if (p.offset < 0 || p.offset > source.text.length) {
      problems.push(`${where}: ${name} offset ${p.offset} outside 0..${source.text.length}`);
      continue;
    }
    const expected = source.position(p.offset);
    if (expected.line !== p.line || expected.column !== p.column) {
      problems.push(
        `${where}: ${name} offset ${p.offset} is ${expected.line}:${expected.column}, range says ${p.line}:${p.column}`,
      );
    }
  }
  if (range.start.offset > range.end.offset) problems.push(`${where}: start after end`);
  return problems;
}

/** Every `range` / `*Range` in an AST, with a path for messages. */
function* astRanges(node: unknown, path: string): Generator<[string, SourceRange]> {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) yield* astRanges(node[i], `${path}[${i}]`);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'range' || key.endsWith('Range')) && value && typeof value === 'object') {
      yield [`${path}.${key}`, value as SourceRange];
    } else {
      yield* astRanges(value, `${path}.${key}`);
    }
  }
}

/**
 * parse and format never throw; diagnostics are well-formed with ranges inside
 * the file; AST ranges are real positions; and a file without errors formats to
 * text that parses without errors and is a fixed point of the formatter.
 */
export function frontEndViolations(
  text: string,
  options: { formatBroken?: boolean } = {},
): string[] {
  const source = new SourceFile(FUZZ_FILE, text);
  const problems: string[] = [];
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(text, FUZZ_FILE);
  } catch (e) {
    return [`parse threw: ${describe(e)}`];
  }
  parsed.diagnostics.forEach((d, i) => {
    const where = `diagnostic ${i} [${d.code}]`;
    if (!/^[a-z]+(-[a-z0-9]+)+$/.test(d.code)) problems.push(`${where}: code is not kebab-case`);
    if (d.message.trim() === '') problems.push(`${where}: empty message`);
    if (d.range === undefined) problems.push(`${where}: no range`);
    else problems.push(...rangeProblems(where, d.range, source));
  });
  for (const [path, range] of astRanges(parsed.program, 'program')) {
    problems.push(...rangeProblems(path, range, source));
    if (problems.length > 20) break;
  }

  // `format` is `parse` + `formatProgram`; calling the printer on the parse above
  // checks the same code at half the cost (the fuzzer runs this 10,000 times).
  const hasErrors = parsed.diagnostics.some((d) => d.severity === 'error');
  if (hasErrors) {
    // `format` on a broken file is `parse` and an early return; it doubles the cost of
    // the most common fuzz input, so the bulk of the campaign leaves it out.
    if (options.formatBroken === false) return problems;
    try {
      const result = format(text, FUZZ_FILE);
      if (result.changed || result.text !== text)
        problems.push('format changed a file with syntax errors');
    } catch (e) {
      problems.push(`format threw: ${describe(e)}`);
    }
    return problems;
  }
  let formatted: string;
  try {
    formatted = formatProgram(parsed.program, text);
  } catch (e) {
    problems.push(`format threw: ${describe(e)}`);
    return problems;
  }
  const again = parse(formatted, FUZZ_FILE);
  const errors = again.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    problems.push(
      `formatted text does not parse: ${errors[0]!.code} ${errors[0]!.message} at ${errors[0]!.range?.start.line}:${errors[0]!.range?.start.column}\n--- formatted ---\n${formatted}`,
    );
  } else if (formatProgram(again.program, formatted) !== formatted) {
    problems.push(`format is not idempotent\n--- formatted once ---\n${formatted}`);
  }
  return problems;
}

const describe = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));
