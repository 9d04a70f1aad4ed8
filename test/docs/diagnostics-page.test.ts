/**
 * docs/diagnostics.md below its marker is generated (scripts/diagnostics-page.ts):
 * this test regenerates it in memory, running every code's example through
 * roster, and fails when the committed page is stale (so when an example's
 * output changed) or when a code of the tables is missing from it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECK_MESSAGES } from '../../src/check/messages.js';
import { DEFAULT_HELP } from '../../src/diagnostics/help.js';
import { SYNTAX_HELP } from '../../src/syntax/messages.js';
import { diagnosticsPage, GENERATED_MARKER } from '../../scripts/diagnostics-page.js';
import { INTERNAL_CODES, NO_EXAMPLE_YET } from '../diagnostics/code-examples.js';

const file = 'docs/diagnostics.md';
const committed = readFileSync(file, 'utf8');

describe('docs/diagnostics.md', () => {
  it('matches what `npm run docs` writes', async () => {
    expect(committed, `${file} is stale: run \`npm run docs\``).toBe(
      await diagnosticsPage(committed),
    );
    // Every example runs, PostgreSQL's too (a role, a lock held for a 5 s timeout, a cut connection).
  }, 600_000);

  it('keeps the hand-written part above the marker', () => {
    expect(committed.indexOf(GENERATED_MARKER)).toBeGreaterThan(0);
    expect(committed.slice(0, committed.indexOf(GENERATED_MARKER))).toContain(
      '## Habits from other languages',
    );
  });

  it('has a section with the fix and an example (or why there is none) for every code', () => {
    const codes = [
      ...Object.keys(SYNTAX_HELP),
      ...Object.keys(CHECK_MESSAGES),
      ...Object.keys(DEFAULT_HELP),
    ];
    expect(codes.length).toBeGreaterThan(200);
    const section = (code: string): string => {
      const at = committed.indexOf(`\n#### \`${code}\`\n`);
      if (at < 0) return '';
      const next = /\n###?# `/.exec(committed.slice(at + 1));
      return committed.slice(at, next ? at + 1 + next.index : undefined);
    };
    expect(codes.filter((code) => section(code) === '')).toEqual([]);
    expect(committed).toContain('#### `syntax-unclosed-paren`\n\nFix: add the missing `)`\n');
    const withoutExample = codes.filter(
      (code) =>
        !section(code).includes(`[${code}]`) &&
        !Object.hasOwn(INTERNAL_CODES, code) &&
        !Object.hasOwn(NO_EXAMPLE_YET, code),
    );
    expect(withoutExample).toEqual([]);
  });
});
