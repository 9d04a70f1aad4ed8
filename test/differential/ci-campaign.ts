/**
 * The CI differential run on one engine: a fixed seed, at least 300 cases,
 * one shared session. Failures are printed as ready-to-commit `*.test.yml`.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Project } from '../../src/project/types.js';
import { runCampaign } from './campaign.js';
import type { EngineName, Session } from './harness.js';
import { loadDifferentialProject, openSession } from './harness.js';

/** Fixed so CI is reproducible; `npm run fuzz:diff` explores other seeds. */
export const CI_SEED = 20260630;
export const CI_RUNS = 300;
/** The least share of generated audiences whose reference result splits their entities. */
export const SPLIT_FLOOR = 0.45;
/** The least number of compared cases with each language-v2 construct (out of CI_RUNS). */
export const CONSTRUCT_FLOOR = 10;

export function differentialSuite(engine: EngineName): void {
  let project: Project;
  let session: Session;
  beforeAll(async () => {
    project = await loadDifferentialProject();
    session = await openSession(engine);
  });
  afterAll(async () => {
    await session?.close();
  });

  it(`compiled SQL on ${engine} agrees with the reference evaluator (${CI_RUNS} cases, TLP included)`, async () => {
    const stats = await runCampaign(project, session, {
      engine,
      runs: CI_RUNS,
      seed: CI_SEED,
      chunk: CI_RUNS,
      maxFailures: 1,
    });
    const report = stats.failures
      .map(
        (f) =>
          `${f.problems.join('\n')}\n\n--- minimal case (test/regressions/cases/*.test.yml) ---\n${f.yaml}`,
      )
      .join('\n\n');
    expect(stats.failures, report).toEqual([]);
    expect(stats.runs).toBeGreaterThanOrEqual(CI_RUNS);
    // Every program defines at least one audience with its negation, and each was compared.
    expect(stats.partitions).toBeGreaterThanOrEqual(stats.runs - stats.rejected);
    // The generator writes well-typed programs through the canonical printer:
    // a program the checker refuses is a generator or printer bug.
    const rejection = stats.firstRejection;
    expect(
      stats.rejected,
      rejection &&
        `seed ${rejection.seed}:\n${rejection.program}\n${rejection.diagnostics.join('\n')}`,
    ).toBe(0);
    // Each part of the default mix (issue 10.8) was compared in a fair share of the cases.
    const compared = stats.runs - stats.rejected;
    console.log(
      `differential on ${engine}: ${compared} cases compared, ${stats.mix.aroundProgram} with data around the program, ${stats.mix.missingIds} with id-less events, ${stats.mix.segment} in the segment layout`,
    );
    for (const count of Object.values(stats.mix)) expect(count).toBeGreaterThan(compared / 5);
    // Each language-v2 construct (LANGUAGE.md §12) was compared in some cases.
    console.log(
      `differential on ${engine}: language v2 in compared cases: ${Object.entries(stats.constructs)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}`,
    );
    for (const [construct, count] of Object.entries(stats.constructs))
      expect(count, `compared cases with ${construct}`).toBeGreaterThanOrEqual(CONSTRUCT_FLOOR);
    // Most generated audiences must split their entities (some members, some
    // not), or their conditions go untested (issue 10.8): about a quarter did
    // with one data set per program; the CI seed gives 46.8% with language v2.
    const share = stats.splits / stats.partitions;
    console.log(
      `differential on ${engine}: ${stats.splits} of ${stats.partitions} audiences split their entities (${(share * 100).toFixed(1)}%)`,
    );
    expect(share).toBeGreaterThanOrEqual(SPLIT_FLOOR);
    // 300 cases on PostgreSQL took 592 s at a load average of 30 on 2 cores (2026-12-05).
  }, 900_000);
}
