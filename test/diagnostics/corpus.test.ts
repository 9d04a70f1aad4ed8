/**
 * The mistakes corpus (corpus-harness.ts): every case through `roster check`
 * in text and JSON, asserting exactly one diagnostic (no follow-on noise), its
 * code, primary range, message, help lines and related locations.
 */
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCheck } from '../../src/cli/commands/check.js';
import { place, projectFiles, writeProject, type Mistake } from './corpus-harness.js';
import { allMistakes } from './all-mistakes.js';

const corpus: Mistake[] = allMistakes;

interface SarifRelated {
  message: { text: string };
  physicalLocation: {
    artifactLocation: { uri: string };
    region: { startLine: number; startColumn: number };
  };
}

interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  file: string | null;
  range: unknown;
  hints: string[];
  related: Array<{ message: string; file: string; range: unknown }>;
}

async function check(root: string, format: 'json' | 'text' | 'sarif'): Promise<string> {
  const io = memoryIo(root);
  await runCheck({ format }, io);
  return io.out.join('\n');
}

describe('the mistakes corpus', () => {
  // Issue 16 asks for 150; the corpus grows with each slice.
  // A long name stopped being a mistake (issue 13.1: the compiler fits names to the warehouse).
  it('holds at least 151 mistakes', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(151);
  });

  it.each(corpus.map((m) => [`${m.who}: ${m.meant}`, m] as const))('%s', async (_name, m) => {
    const files = projectFiles(m);
    const root = writeProject(files);
    const file = m.file ?? 'audiences/a.roster';
    const primary = place(files[file]!, m.at, m.nth);
    const related = (m.related ?? []).map((r) => ({
      message: r.message,
      file: r.file,
      range: place(files[r.file]!, r.at, r.nth),
    }));

    const json = JSON.parse(await check(root, 'json')) as { diagnostics: JsonDiagnostic[] };
    expect(json.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([
      `${m.code}: ${m.message}`,
    ]);
    expect(json.diagnostics[0]).toEqual({
      code: m.code,
      severity: m.severity ?? 'error',
      message: m.message,
      file,
      range: primary,
      hints: m.help,
      related,
    });

    const text = await check(root, 'text');
    const lines = text.split('\n');
    const header = `${file}:${primary.start.line}:${primary.start.column}: ${m.severity ?? 'error'}[${m.code}]: ${m.message}`;
    expect(lines).toContain(header);
    // The renderer shows a tab as one space, so the caret lines up.
    const sourceLine = files[file]!.split('\n')[primary.start.line - 1]!.replace(/\t/g, ' ');
    const gutter = String(primary.start.line).length;
    const width =
      primary.end.line === primary.start.line
        ? Math.max(1, primary.end.column - primary.start.column)
        : sourceLine.length + 1 - primary.start.column;
    const at = lines.indexOf(header);
    expect(lines[at + 2]).toBe(`${primary.start.line} | ${sourceLine}`);
    expect(lines[at + 3]).toBe(
      `${' '.repeat(gutter + 1)}| ${' '.repeat(primary.start.column - 1)}${'^'.repeat(width)}`,
    );
    expect(m.help.length, 'every mistake has a fix').toBeGreaterThan(0);
    for (const help of m.help) expect(lines).toContain(`  = help: ${help}`);
    for (const r of related) {
      expect(lines).toContain(
        `${' '.repeat(String(r.range.start.line).length)}--> ${r.file}:${r.range.start.line}:${r.range.start.column}`,
      );
      const underline = lines.find((l) => l.endsWith(` ${r.message}`) && l.includes('-'));
      expect(underline, `a secondary label for: ${r.message}`).toBeDefined();
    }
    if (related.length > 0) {
      // SARIF carries the same related locations (issue 16, item 5).
      const sarif = JSON.parse(await check(root, 'sarif')) as {
        runs: Array<{ results: Array<{ relatedLocations?: SarifRelated[] }> }>;
      };
      expect(
        (sarif.runs[0]!.results[0]!.relatedLocations ?? []).map((l) => ({
          message: l.message.text,
          file: l.physicalLocation.artifactLocation.uri,
          line: l.physicalLocation.region.startLine,
          column: l.physicalLocation.region.startColumn,
        })),
      ).toEqual(
        related.map((r) => ({
          message: r.message,
          file: r.file,
          line: r.range.start.line,
          column: r.range.start.column,
        })),
      );
    }
  });
});
