/**
 * Text output of `roster test`: one line per file, failure details under a
 * failing file, and the closing `N passed, M failed` line.
 */
import { displayPath, renderDiagnostics } from '../diagnostics/render.js';
import type { RenderOptions } from '../diagnostics/render.js';
import type { SourceRange } from '../diagnostics/source.js';
import type { ExpectationFailure } from './compare.js';
import type { TestFileResult, TestReport } from './run-tests.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function counts(result: TestFileResult): string {
  const parts: string[] = [];
  if (result.audiences > 0) parts.push(plural(result.audiences, 'audience'));
  if (result.traits > 0) parts.push(plural(result.traits, 'trait'));
  return parts.length > 0 ? parts.join(', ') : 'no expectations';
}

/** A value as it would be written in the test file; undefined is a missing value. */
export function showValue(value: unknown): string {
  if (value === undefined || value === null) return 'missing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(showValue).join(', ')}]`;
  return String(value);
}

const idList = (ids: readonly string[]): string => (ids.length === 0 ? '(none)' : ids.join(', '));

function where(range: SourceRange, cwd?: string): string {
  return `${displayPath(range.file, cwd)}:${range.start.line}:${range.start.column}`;
}

/** The definition's source text, first line only (with `…` when it goes on). */
function definitionText(
  range: SourceRange | undefined,
  options: RenderOptions,
): string | undefined {
  if (!range) return undefined;
  const source = options.sources.get(range.file);
  if (!source) return undefined;
  const first = source.line(range.start.line).trim();
  return range.end.line > range.start.line ? `${first} …` : first;
}

function failureLines(failure: ExpectationFailure, options: RenderOptions): string[] {
  const lines: string[] = [];
  if (failure.kind === 'unknown-definition') {
    const what =
      failure.actualKind !== undefined
        ? `\`${failure.name}\` is ${failure.actualKind === 'audience' ? 'an audience' : 'a trait'}, not ${failure.expectedKind === 'audience' ? 'an audience' : 'a trait'} (move it to \`expect.${failure.actualKind}s\`)`
        : `the program defines no ${failure.expectedKind} \`${failure.name}\``;
    lines.push(
      `${failure.expectedKind} \`${failure.name}\`: ${what} (${where(failure.range, options.cwd)})`,
    );
    for (const s of failure.suggestions) lines.push(`  ${s}`);
    return lines;
  }
  lines.push(
    `${failure.kind} \`${failure.name}\` (expected at ${where(failure.range, options.cwd)})`,
  );
  const text = definitionText(failure.definition, options);
  if (text && failure.definition) {
    lines.push(`  defined at ${where(failure.definition, options.cwd)}: ${text}`);
  }
  if (failure.kind === 'audience') {
    if (failure.missing.length > 0) lines.push(`  missing:    ${idList(failure.missing)}`);
    if (failure.unexpected.length > 0) lines.push(`  unexpected: ${idList(failure.unexpected)}`);
    lines.push(`  expected:   ${idList(failure.expected)}`);
    lines.push(`  actual:     ${idList(failure.actual)}`);
  } else {
    for (const m of failure.mismatches) {
      lines.push(`  ${m.id}: expected ${showValue(m.expected)} → actual ${showValue(m.actual)}`);
    }
  }
  return lines;
}

const indent = (text: string, by: string): string =>
  text
    .split('\n')
    .map((l) => (l === '' ? l : `${by}${l}`))
    .join('\n');

/** `✓ name (2 audiences)`, or `✗ name …` followed by what went wrong. */
export function formatFileResult(result: TestFileResult, options: RenderOptions): string {
  const mark = result.status === 'passed' ? '✓' : '✗';
  const status = result.status === 'error' ? 'error' : counts(result);
  const lines = [`${mark} ${result.name} (${status})`];
  for (const failure of result.failures) {
    lines.push(...failureLines(failure, options).map((l) => `    ${l}`));
  }
  // Warnings may explain a failure; on a passing file they would only be noise (`roster check` shows them).
  const shown = result.status === 'passed' ? [] : result.diagnostics;
  if (shown.length > 0) lines.push(indent(renderDiagnostics(shown, options), '    '));
  return lines.join('\n');
}

/** The closing line, alone on its line: `31 passed, 1 failed`. */
export function formatSummary(report: Pick<TestReport, 'passed' | 'failed'>): string {
  return `${report.passed} passed, ${report.failed} failed`;
}
