/**
 * Ids and names from the warehouse or from files print with their control
 * characters escaped (issue 11.10): a newline in an id cannot start a forged
 * plan line, an escape sequence cannot clear or recolour the terminal. Each
 * output that shows such text is run with hostile ids: plan, apply, preview,
 * explain, and diagnostics (their message and the quoted source line).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { error } from '../../src/diagnostics/diagnostic.js';
import { renderDiagnostic } from '../../src/diagnostics/render.js';
import { SourceFile } from '../../src/diagnostics/source.js';
import { roster } from '../runtime/apply/cli.js';
import { DAY1, NOW1, scratchProject } from '../runtime/apply/project.js';
import type { ScratchProject } from '../runtime/apply/project.js';

/** Every control character but the newlines roster itself prints between lines. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const FORGED = 'u1\nPlan: 0 to enter, 0 to exit, 0 to update.';
const CLEAR = 'u4\u001b[2J\u202e';
/** How the two ids print. */
const FORGED_SHOWN = 'u1\\nPlan: 0 to enter, 0 to exit, 0 to update.';
const CLEAR_SHOWN = 'u4\\u001b[2J\\u202e';

describe('hostile ids in plan, apply and preview (DuckDB)', () => {
  let p: ScratchProject;
  beforeEach(async () => {
    p = await scratchProject('duckdb');
  });
  afterEach(async () => {
    await p.dispose();
  });

  const data = (role: string) => ({
    ...DAY1,
    users: [
      { id: FORGED, role },
      { id: CLEAR, role },
      { id: CLEAR, role },
      { id: 'u2', role: 'Member' },
    ],
    memberships: [
      { user_id: FORGED, account_id: 'a1' },
      { user_id: CLEAR, account_id: 'a3' },
    ],
    tracks: [{ user_id: 'u2', event: 'Logged In', timestamp: '2026-06-29T10:00:00Z' }],
  });

  it('escapes them in every line it prints', async () => {
    await p.setData(data('Admin'));
    const first = await roster(p.root, 'apply', '--now', NOW1, '--auto-approve');
    expect(first.code, first.err).toBe(0);
    expect(first.out).not.toMatch(CONTROL);
    // The duplicated id, in plan's warning.
    expect(first.out).toContain(`\`${CLEAR_SHOWN}\` 2 rows`);

    // Both admins leave: plan shows them as samples of the exits.
    await p.setData(data('Member'));
    const plan = await roster(p.root, 'plan', '--now', NOW1);
    expect(plan.code, plan.err).toBe(0);
    expect(plan.out).not.toMatch(CONTROL);
    expect(plan.out).toContain(`-${FORGED_SHOWN}`);
    expect(plan.out).toContain(`-${CLEAR_SHOWN}`);
    expect(plan.out.split('\n').filter((l) => l.startsWith('Plan: '))).toEqual([
      'Plan: 0 to enter, 2 to exit, 0 to update.',
    ]);
    const markdown = await roster(p.root, 'plan', '--now', NOW1, '--format', 'markdown');
    expect(markdown.out).not.toMatch(CONTROL);

    const preview = await roster(p.root, 'preview', 'admins', '--now', NOW1);
    expect(preview.code, preview.err).toBe(0);
    await p.setData(data('Admin'));
    const members = await roster(p.root, 'preview', 'admins', '--now', NOW1);
    expect(members.out).not.toMatch(CONTROL);
    expect(members.out).toContain(FORGED_SHOWN);
    expect(members.out).toContain(CLEAR_SHOWN);

    const explain = await roster(p.root, 'explain', 'admins', CLEAR, '--now', NOW1);
    expect(explain.code, explain.err).toBe(0);
    expect(explain.out).not.toMatch(CONTROL);
    expect(explain.out).toContain(CLEAR_SHOWN);
  });
});

describe('diagnostics', () => {
  it('escape control characters in the message and hints', () => {
    const text = renderDiagnostic(
      error('x-test', `no user \`${FORGED}\``, undefined, [`try \`${CLEAR}\``]),
      { sources: new Map(), color: false },
    );
    expect(text).not.toMatch(CONTROL);
    // A message keeps its lines (a warehouse's own message may have several), each after the
    // first indented: the id's newline cannot start a line of its own at the left margin.
    expect(text.split('\n')).toEqual([
      'error[x-test]: no user `u1',
      '    Plan: 0 to enter, 0 to exit, 0 to update.`',
      `  = help: try \`${CLEAR_SHOWN}\``,
    ]);
  });

  it('mask control characters in the quoted source line, keeping the caret under its text', () => {
    const line = 'audience x = user where role = "\u001b[2J" and nme = "a"';
    const file = new SourceFile('/p/a.roster', `${line}\n`);
    const start = line.indexOf('nme');
    const text = renderDiagnostic(
      error('name-unknown-trait', 'unknown trait `nme`', {
        file: file.path,
        start: { offset: start, line: 1, column: start + 1 },
        end: { offset: start + 3, line: 1, column: start + 4 },
      }),
      { sources: new Map([[file.path, file]]), color: false },
    );
    expect(text).not.toMatch(CONTROL);
    const lines = text.split('\n');
    expect(lines[2]).toBe('1 | audience x = user where role = "?[2J" and nme = "a"');
    expect(lines[3]!.indexOf('^^^')).toBe(lines[2]!.indexOf('nme'));
  });

  it('show a window of a 5 MB line around the error, with the caret under it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-long-line-'));
    try {
      const init = await roster(dir, 'init', 'p', '--now', '2026-06-30');
      expect(init.code, init.err).toBe(0);
      // A 5 MB line: two long string literals around the mistake.
      writeFileSync(
        join(dir, 'p', 'definitions', 'long.roster'),
        `audience long = user where email = "${'x'.repeat(3_000_000)}" and rol = "z" and email = "${'y'.repeat(2_000_000)}"\n`,
      );
      const check = await roster(dir, 'check', '--project', 'p');
      expect(check.code).toBe(1);
      const output = `${check.out}\n${check.err}`;
      expect(output.length).toBeLessThan(2_000);
      const lines = output.split('\n');
      const at = lines.findIndex((l) => l.includes('error[') && l.includes('`rol`'));
      expect(at, output).toBeGreaterThanOrEqual(0);
      const source = lines[at + 2]!;
      const caret = lines[at + 3]!;
      expect(source).toMatch(/^\d+ \| …/);
      expect(source.endsWith('…')).toBe(true);
      expect(source.slice(caret.indexOf('^'), caret.indexOf('^') + 3)).toBe('rol');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
