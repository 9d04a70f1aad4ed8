/**
 * Chains of audience references (issue 11.9): `a1 = …`, `a2 = in a1 and …`,
 * … `aN`. Each audience reads every one before it, so output that inlines a
 * definition's inputs grows with N², and 2,000 of them crashed `roster
 * compile` with "Invalid string length". The compile output prints each
 * relation once and references it by name; check, compile, plan and apply
 * handle the chain on DuckDB and PostgreSQL.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roster } from '../runtime/apply/cli.js';
import { chainDefinitions, chainProject, occurrences } from './chain-project.js';
import { scratchProject } from '../runtime/apply/project.js';
import type { ScratchProject } from '../runtime/apply/project.js';

const NOW = '2026-06-30T00:00:00Z';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});
const project = (n: number): string => {
  const root = chainProject(n);
  roots.push(root);
  return root;
};

describe('a chain of audience references', () => {
  it('compiles to output that grows linearly with the chain', async () => {
    const sizes: number[] = [];
    const others: number[] = [];
    for (const n of [100, 200, 400]) {
      const run = await roster(project(n), 'compile', '--now', NOW);
      expect(run.code, run.err).toBe(0);
      sizes.push(run.out.length);
      // Every relation is created once: one statement per audience, plus the same few others.
      others.push(occurrences(run.out, 'TEMPORARY TABLE') - n);
      if (n === 100) {
        // --out writes the same text per definition: each file creates its own audience only.
        const out = await roster(roots.at(-1) ?? '', 'compile', '--now', NOW, '--out', 'sql');
        expect(out.code, out.err).toBe(0);
        expect(readdirSync(join(roots.at(-1) ?? '', 'sql'))).toHaveLength(101);
        const last = readFileSync(join(roots.at(-1) ?? '', 'sql', 'a100.sql'), 'utf8');
        expect(last).toContain('-- reads what earlier definitions create: ');
        expect(occurrences(last, 'TEMPORARY TABLE')).toBe(1);
      }
    }
    expect(new Set(others).size, `relations besides the audiences: ${others.join(', ')}`).toBe(1);
    expect(others[0]).toBeLessThan(10);
    const [s100, s200, s400] = sizes as [number, number, number];
    // Linear: each doubling adds about as much as the one before (quadratic output quadruples).
    expect((s400 - s200) / (s200 - s100)).toBeGreaterThan(1.8);
    expect((s400 - s200) / (s200 - s100)).toBeLessThan(2.2);
  });

  describe('of 2,000 audiences', () => {
    let root: string;
    beforeAll(() => {
      root = project(2000);
    });

    it('compiles', async () => {
      const run = await roster(root, 'compile', '--now', NOW);
      expect(run.code, run.err).toBe(0);
      // One statement per audience, plus the few staging and feature relations.
      expect(occurrences(run.out, 'TEMPORARY TABLE') - 2000).toBeGreaterThanOrEqual(0);
      expect(occurrences(run.out, 'TEMPORARY TABLE') - 2000).toBeLessThan(10);
      expect(run.out).toContain('-- audience a2000 (account)');
      // About a kilobyte per audience, not the hundreds of megabytes of every chain inlined.
      expect(run.out.length).toBeLessThan(2000 * 2000);
    }, 300_000);

    it('checks and plans on DuckDB', async () => {
      const checked = await roster(root, 'check');
      expect(checked.code, checked.err).toBe(0);
      expect(checked.out).toContain('2000 definitions checked, no problems');
      const planned = await roster(root, 'plan', '--now', NOW);
      expect(planned.code, planned.err).toBe(0);
      // acc1 is in a1 (plan "pro") and so in every link of the chain; acc2 in none.
      expect(planned.out).toMatch(/^ *a1 \(account\) +1 members +first evaluation$/m);
      expect(planned.out).toMatch(/^ *a2000 \(account\) +1 members +first evaluation$/m);
    }, 600_000);
  });

  describe('of 2,000 audiences on PostgreSQL', () => {
    let project: ScratchProject;
    beforeAll(async () => {
      project = await scratchProject('postgres', chainDefinitions(2000));
      // acc1 is on pro and in every audience; acc2 (free) is in none.
      await project.setData({
        accounts: [
          { id: 'acc1', plan: 'pro' },
          { id: 'acc2', plan: 'free' },
        ],
        users: [{ id: 'u1', role: 'Admin' }],
        memberships: [{ user_id: 'u1', account_id: 'acc1' }],
        tracks: [{ user_id: 'u1', event: 'Logged In', timestamp: '2026-06-01T00:00:00Z' }],
      });
    }, 120_000);
    afterAll(async () => {
      await project.dispose();
    });

    it('checks, compiles, plans and applies', async () => {
      const checked = await roster(project.root, 'check');
      expect(checked.code, checked.err).toBe(0);
      expect(checked.out).toContain('2000 definitions checked, no problems');
      const compiled = await roster(project.root, 'compile', '--now', NOW);
      expect(compiled.code, compiled.err).toBe(0);
      // One statement per audience, plus the few staging and feature relations.
      expect(occurrences(compiled.out, 'TEMPORARY TABLE') - 2000).toBeGreaterThanOrEqual(0);
      expect(occurrences(compiled.out, 'TEMPORARY TABLE') - 2000).toBeLessThan(10);
      expect(compiled.out.length).toBeLessThan(2000 * 2000);
      const planned = await roster(project.root, 'plan', '--now', NOW, '--out', 'chain.plan');
      expect(planned.code, planned.err).toBe(0);
      expect(planned.out).toMatch(/^ *a1 \(account\) +1 members +first evaluation$/m);
      expect(planned.out).toMatch(/^ *a2000 \(account\) +1 members +first evaluation$/m);
      // Past 100 definitions the results snapshot is filled by several INSERTs: all 2,000 arrive.
      const applied = await roster(project.root, 'apply', 'chain.plan');
      expect(applied.code, applied.err).toBe(0);
      const again = await roster(project.root, 'plan', '--now', NOW);
      expect(again.code, again.err).toBe(0);
      expect(again.out).toMatch(/^ *a2000 \(account\) +1 members +\+0 entered +-0 exited$/m);
      expect(again.out).not.toMatch(/first evaluation/);
    }, 900_000);
  });
});
