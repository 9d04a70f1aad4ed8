/**
 * Sequences (LANGUAGE.md §12.2) through the compiled SQL on DuckDB and
 * PostgreSQL against the reference evaluator, on seeded random cases the
 * differential generator does not make yet: 2 to 4 steps over three events,
 * every kind of first-step window (whose lower bound also prunes the later
 * steps' events), gaps in minutes and hours, filters, ties on timestamp
 * broken by message ids (and events without one), events after now, and
 * quantified sequences under `group_context`. Each audience comes with its
 * negation (TLP), and most cases must split their users, or they test little.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../src/project/types.js';
import { loadDifferentialProject, openSession, runCase } from '../differential/harness.js';
import type { EngineName, Session } from '../differential/harness.js';
import { sequenceCase } from './sequence-cases.js';

const CASES = 40;

function sequenceSuite(engine: EngineName): void {
  let project: Project;
  let session: Session;
  beforeAll(async () => {
    project = await loadDifferentialProject();
    session = await openSession(engine);
  });
  afterAll(async () => {
    await session?.close();
  });

  it(`${CASES} random sequence programs agree with the reference evaluator on ${engine}`, async () => {
    let partitions = 0;
    let splits = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const c = sequenceCase(seed);
      const outcome = await runCase(project, session, c);
      if (outcome.status === 'rejected') {
        throw new Error(
          `seed ${seed}: the checker refused\n${c.program}\n${outcome.diagnostics.map((d) => d.message).join('\n')}`,
        );
      }
      expect(
        outcome.status === 'failed' ? outcome.problems : [],
        `seed ${seed}\n${c.program}`,
      ).toEqual([]);
      if (outcome.status === 'passed') {
        partitions += outcome.partitions;
        splits += outcome.splits;
      }
    }
    expect(partitions).toBe(CASES * 4);
    // Most audiences hold some users and not others: their conditions were exercised.
    expect(splits / partitions).toBeGreaterThan(0.4);
  }, 300_000);
}

describe('sequences, compiled, against the reference evaluator', () => {
  describe('DuckDB', () => sequenceSuite('duckdb'));
  describe('PostgreSQL', () => sequenceSuite('postgres'));
});
