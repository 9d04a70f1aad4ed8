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
import type { CompiledProject } from '../../src/sql/index.js';
import { roster } from '../runtime/apply/cli.js';
import { chainProject } from '../cli/chain-project.js';
import {
  compiledProjectAt,
  creatingStatements,
  resultRelation,
} from '../support/compiled-relations.js';

const NOW = '2026-06-30T00:00:00Z';
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

async function site(
  n: number,
): Promise<{ text: string; data: DocsSite; compiled: CompiledProject }> {
  const root = chainProject(n);
  roots.push(root);
  // Which relation holds what, and the statements creating it: the compiled project's metadata.
  const compiled = await compiledProjectAt(root, NOW);
  const run = await roster(root, 'docs', '--out', 'site', '--now', NOW);
  expect(run.code, run.err).toBe(0);
  const text = readFileSync(join(root, 'site', 'data.js'), 'utf8');
  const data = JSON.parse(
    text
      .slice(text.indexOf('=') + 1)
      .trim()
      .replace(/;$/, ''),
  ) as DocsSite;
  return { text, data, compiled };
}

/** The definitions whose page shows `statement`. */
function pagesShowing(data: DocsSite, statement: string): string[] {
  return data.definitions
    .filter((d) => d.sql.some((s) => s.sql?.includes(statement)))
    .map((d) => d.name);
}

describe('the docs site of a chain of audience references', () => {
  it('grows linearly with the chain', async () => {
    const sizes: number[] = [];
    for (const n of [100, 200, 400]) {
      const { text, data, compiled } = await site(n);
      sizes.push(text.length);
      // Each audience's relation is created on one page only: its own.
      for (const name of ['a1', `a${n}`]) {
        for (const statement of creatingStatements(compiled, resultRelation(compiled, name))) {
          expect(pagesShowing(data, statement)).toEqual([name]);
        }
      }
    }
    const [s100, s200, s400] = sizes as [number, number, number];
    // Linear: each doubling adds about as much as the one before (quadratic output quadruples).
    expect((s400 - s200) / (s200 - s100)).toBeGreaterThan(1.8);
    expect((s400 - s200) / (s200 - s100)).toBeLessThan(2.2);
  }, 300_000);

  it("shows a definition's own SQL and links to the definitions creating what it reads", async () => {
    const { data, compiled } = await site(3);
    const creates = (relation: string): string[] => [...creatingStatements(compiled, relation)];
    const stageAccounts = compiled.relations.accounts!.sql;
    const [r1, r2, r3] = ['a1', 'a2', 'a3'].map((name) => resultRelation(compiled, name));
    const sqlOf = (name: string): DocsSql => {
      const sql = data.definitions.find((x) => x.name === name)?.sql[0];
      if (!sql) throw new Error(`no SQL for ${name}`);
      return sql;
    };
    const [a1, a2, a3] = [sqlOf('a1'), sqlOf('a2'), sqlOf('a3')];
    // a1 is first: it creates the staging and feature tables it reads, then its own audience.
    for (const statement of [...creates(stageAccounts), ...creates(r1!)]) {
      expect(a1.sql).toContain(statement);
    }
    expect(a1.reads).toEqual([]);
    // a3 creates only its own audience and reads a2's (and what a1 created).
    for (const statement of creates(r3!)) expect(a3.sql).toContain(statement);
    for (const statement of [...creates(r2!), ...creates(stageAccounts)]) {
      expect(a3.sql).not.toContain(statement);
    }
    expect(a3.reads).toContainEqual({ relation: r2, by: 'audience:a2' });
    expect(a3.reads).toContainEqual({ relation: stageAccounts, by: 'audience:a1' });
    expect(a3.reads?.some((r) => r.by === 'audience:a3')).toBe(false);
    expect(a2.reads).toContainEqual({ relation: r1, by: 'audience:a1' });
  });
});
