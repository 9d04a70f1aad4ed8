/**
 * `roster fmt`: prints a program in the one canonical style (docs/formatting.md).
 *
 * The style, in short:
 * - one definition per block, one blank line between definitions, a final newline;
 * - comments kept in source order: own-line comments on their own line before what
 *   follows them, trailing comments at the end of their line; `##` doc comments
 *   directly above their definition; a blank line between comment blocks is kept
 *   (at most one), so a comment that was not documentation does not become one;
 * - keywords lower-case, one space around operators and after commas, lists
 *   `["a", "b"]`, strings re-escaped canonically (only `"` and `\` are escaped),
 *   numbers as written, unit words singular for exactly 1 (`1 day`, `2 days`);
 * - a definition longer than 100 columns breaks before `and`/`or` of its
 *   outermost chain first, continuation lines indented 2 more spaces than the
 *   line holding the chain; a chain that contains a comment is always broken;
 * - SQL trait bodies byte-for-byte: `sql TYPE """` on the header line, the body as
 *   written, then `"""`;
 * - syncs on one line: `sync x to dest with group, identify, track (entered = "…", exited = "…")`;
 * - parentheses only where precedence or the grammar needs them (LANGUAGE.md §4):
 *   `or` inside `and`, `and`/`or` under `not`, a quantifier body that is not one
 *   atom, a `did … where FILTER` with nothing after the filter that is followed by
 *   more of the condition (the filter would swallow it, §4.2), an inline aggregate
 *   whose test is a window word (§4.6) or whose text ends in `)` (`( … ) TEST`
 *   reads as a test of the parenthesised part), a `count users` body that starts
 *   with `(` (parentheses right after `count users` hold the whole body, §12.4).
 *   Nested chains of the same operator are flattened (`(a and b) and c` is
 *   `a and b and c`: same meaning, and the parser builds it either way).
 *
 * Files with syntax errors are left alone: `format` returns their diagnostics and
 * the text unchanged.
 */
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatProgram } from './format-program.js';
import { parse } from './parse.js';

export { FORMAT_WIDTH, formatProgram, quoteString } from './format-program.js';

export interface FormatResult {
  text: string;
  diagnostics: Diagnostic[];
  /** Whether `text` differs from the input. */
  changed: boolean;
}

/** Formats one file's text; a file with syntax errors comes back unchanged with its diagnostics. */
export function format(text: string, file: string): FormatResult {
  const { program, diagnostics } = parse(text, file);
  if (hasErrors(diagnostics)) return { text, diagnostics, changed: false };
  const formatted = formatProgram(program, text);
  return { text: formatted, diagnostics, changed: formatted !== text };
}
