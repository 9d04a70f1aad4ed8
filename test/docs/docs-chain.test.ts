/**
 * The docs site of a chain of audience references (issue 11.9): each page
 * shows the SQL of its own definition — the relations it is the first to
 * create and its result query, as `roster compile` prints it — and links to
 * the definitions whose SQL creates what it reads. Inlining every input per
 * definition (the standalone SQL) grew with N² along the chain.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DocsSite, DocsSql } from '../../src/docs/site-data.js';
import { roster } from '../runtime/apply/cli.js';
import { chainProject, occurrences } from '../cli/chain-project.js';

const NOW = '2026-06-30T00:00:00Z';
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

async function site(n: number): Promise<{ text: string; data: DocsSite }> {
  const root = chainProject(n);
  roots.push(root);
  const run = await roster(root, 'docs', '--out', 'site', '--now', NOW);
  expect(run.code, run.err).toBe(0);
  const text = readFileSync(join(root, 'site', 'data.js'), 'utf8');
  const data = JSON.parse(
    text
      .slice(text.indexOf('=') + 1)
      .trim()
      .replace(/;$/, ''),
  ) as DocsSite;
  return { text, data };
}

describe('the docs site of a chain of audience references', () => {
  it('grows linearly with the chain', async () => {
    const sizes: number[] = [];
    for (const n of [100, 200, 400]) {
      const { text } = await site(n);
      sizes.push(text.length);
      // Each audience's relation is created on one page only.
      expect(occurrences(text, `TABLE \\"roster_audience_a1\\" AS`)).toBe(1);
      expect(occurrences(text, `TABLE \\"roster_audience_a${n}\\" AS`)).toBe(1);
    }
    const [s100, s200, s400] = sizes as [number, number, number];
    // Linear: each doubling adds about as much as the one before (quadratic output quadruples).
    expect((s400 - s200) / (s200 - s100)).toBeGreaterThan(1.8);
    expect((s400 - s200) / (s200 - s100)).toBeLessThan(2.2);
  }, 300_000);

  it("shows a definition's own SQL and links to the definitions creating what it reads", async () => {
    const { data } = await site(3);
    const sqlOf = (name: string): DocsSql => {
      const sql = data.definitions.find((x) => x.name === name)?.sql[0];
      if (!sql) throw new Error(`no SQL for ${name}`);
      return sql;
    };
    const [a1, a2, a3] = [sqlOf('a1'), sqlOf('a2'), sqlOf('a3')];
    // a1 is first: it creates the staging and feature tables it reads, then its own audience.
    expect(a1.sql).toContain('CREATE OR REPLACE TEMPORARY TABLE "roster_stage_accounts" AS');
    expect(a1.sql).toContain('CREATE OR REPLACE TEMPORARY TABLE "roster_audience_a1" AS');
    expect(a1.reads).toEqual([]);
    // a3 creates only its own audience and reads a2's (and what a1 created).
    expect(a3.sql).toContain('CREATE OR REPLACE TEMPORARY TABLE "roster_audience_a3" AS');
    expect(a3.sql).not.toContain('TABLE "roster_audience_a2" AS');
    expect(a3.sql).not.toContain('TABLE "roster_stage_accounts" AS');
    expect(a3.reads).toContainEqual({ relation: '"roster_audience_a2"', by: 'audience:a2' });
    expect(a3.reads).toContainEqual({ relation: '"roster_stage_accounts"', by: 'audience:a1' });
    expect(a3.reads?.some((r) => r.by === 'audience:a3')).toBe(false);
    expect(a2.reads).toContainEqual({ relation: '"roster_audience_a1"', by: 'audience:a1' });
  });
});
