/**
 * docs/diagnostics.md below its marker is generated (scripts/diagnostics-page.ts):
 * this test regenerates it in memory and fails when the committed page is
 * stale, when a code of the tables is missing from it, or when an example's
 * output differs from what `roster check` prints for that program.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/commands/check.js';
import { memoryIo } from '../../src/cli/io.js';
import { CHECK_MESSAGES } from '../../src/check/messages.js';
import { DEFAULT_HELP } from '../../src/diagnostics/help.js';
import { SYNTAX_HELP } from '../../src/syntax/messages.js';
import { diagnosticsPage, GENERATED_MARKER } from '../../scripts/diagnostics-page.js';
import { allMistakes } from '../diagnostics/all-mistakes.js';
import { projectFiles, writeProject } from '../diagnostics/corpus-harness.js';

const file = 'docs/diagnostics.md';
const committed = readFileSync(file, 'utf8');

describe('docs/diagnostics.md', () => {
  it('matches what `npm run docs` writes', () => {
    expect(committed, `${file} is stale: run \`npm run docs\``).toBe(diagnosticsPage(committed));
  });

  it('keeps the hand-written part above the marker', () => {
    expect(committed.indexOf(GENERATED_MARKER)).toBeGreaterThan(0);
    expect(committed.slice(0, committed.indexOf(GENERATED_MARKER))).toContain(
      '## Habits from other languages',
    );
  });

  it('has a section with the fix for every code of the tables', () => {
    const codes = [
      ...Object.keys(SYNTAX_HELP),
      ...Object.keys(CHECK_MESSAGES),
      ...Object.keys(DEFAULT_HELP),
    ];
    expect(codes.length).toBeGreaterThan(200);
    expect(codes.filter((code) => !committed.includes(`\n#### \`${code}\`\n`))).toEqual([]);
    expect(committed).toContain('#### `syntax-unclosed-paren`\n\nFix: add the missing `)`\n');
  });

  // The page shows the first corpus mistake of each code; what it says must be roster's output.
  const shown = new Map<string, (typeof allMistakes)[number]>();
  for (const m of allMistakes) if (!shown.has(m.code)) shown.set(m.code, m);
  it.each([...shown.entries()])('shows what roster check says for %s', async (_code, m) => {
    const io = memoryIo(writeProject(projectFiles(m)));
    await runCheck({ format: 'text' }, io);
    const header = io.out.join('\n').split('\n\n')[0]!;
    expect(header).toMatch(/^\S+:\d+:\d+: (error|warning)\[/);
    // Inside a fence of three or more backticks, marked as text.
    expect(committed).toContain(`\`text\n${header}\n\``);
  });
});
