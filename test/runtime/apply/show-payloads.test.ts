/** `roster plan --show-payloads DEST [--limit N]`: the calls exactly as apply then sends them. */
import { afterAll, describe, expect, it } from 'vitest';
import { roster } from './cli.js';
import { DAY1, NOW1, scratchProject } from './project.js';
import type { ScratchProject } from './project.js';

const projects: ScratchProject[] = [];
afterAll(async () => {
  for (const p of projects) await p.dispose();
});

describe('plan --show-payloads', () => {
  it('prints the first N calls to a destination, identical to what apply writes', async () => {
    const project = await scratchProject('duckdb');
    projects.push(project);
    await project.setData(DAY1);
    const shown = await roster(
      project.root,
      'plan',
      '--now',
      NOW1,
      '--show-payloads',
      'audit',
      '--limit',
      '4',
    );
    expect(shown.code, shown.err).toBe(0);
    const lines = shown.out.split('\n');
    expect(lines).toHaveLength(4);
    expect(shown.err).toMatch(/^4 of \d+ call\(s\) to `audit`, as apply would send them:$/m);
    const total = Number(/4 of (\d+)/.exec(shown.err)?.[1]);

    const applied = await roster(project.root, 'apply', '--now', NOW1, '--auto-approve');
    expect(applied.code, applied.err).toBe(0);
    const written = project.calls().map((c) => JSON.stringify(c));
    expect(written).toHaveLength(total);
    // The same calls, byte for byte, in the order apply sent them.
    expect(lines).toEqual(written.slice(0, 4));
  }, 60_000);

  it('explains an unknown destination and a bad --limit', async () => {
    const project = await scratchProject('duckdb');
    projects.push(project);
    await project.setData(DAY1);
    const unknown = await roster(project.root, 'plan', '--now', NOW1, '--show-payloads', 'audt');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain(
      'error[cli-unknown-destination]: `--show-payloads audt`: there is no such destination in roster.yaml',
    );
    expect(unknown.err).toContain('did you mean `audit`?');
    const limit = await roster(project.root, 'plan', '--show-payloads', 'audit', '--limit', 'ten');
    expect(limit.code).toBe(1);
    expect(limit.err).toContain(
      'error[cli-invalid-limit]: --limit must be a whole number, not `ten`',
    );
  }, 60_000);
});
