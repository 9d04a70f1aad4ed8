/**
 * A differential campaign on one engine: fast-check runs generated cases in
 * chunks (seed, seed+1, ...), so one failure does not end a long campaign;
 * each failure is shrunk by fast-check, then by `minimizeCase`, and printed
 * as a `*.test.yml` whose `expect` is the reference result.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Project } from '../../src/project/types.js';
import { caseArb } from './case-arbitrary.js';
import type { CaseOptions } from './case-arbitrary.js';
import type { DiffCase, EngineName, Session } from './harness.js';
import { mostSplitting, runCase } from './harness.js';
import { minimizeCase } from './minimize.js';
import { toTestYaml } from './to-test-yaml.js';

export interface CampaignOptions {
  engine: EngineName;
  runs: number;
  seed: number;
  /** Cases per fast-check run; a failure ends only its chunk. */
  chunk?: number;
  /** Write each failure's .test.yml here. */
  candidatesDir?: string;
  /** Called with the number of cases run so far (not counting shrinking). */
  onProgress?: (stats: CampaignStats) => void;
  /** Stop after this many failures (default: never). */
  maxFailures?: number;
  /**
   * Generator options: fix a part of the mix (data around each program, events
   * without ids, layout), or how many data sets are drawn per program
   * (`candidates`, default CANDIDATES; the one splitting most audiences is run).
   */
  cases?: CaseOptions;
}

export interface CampaignFailure {
  /** The seed of the chunk it came from (`fc.check` with this seed reproduces it). */
  seed: number;
  problems: string[];
  yaml: string;
  file?: string;
}

export interface CampaignStats {
  engine: EngineName;
  /** Generated cases run (shrinking runs not counted). */
  runs: number;
  /** Cases whose program the checker rejected (skipped): a generator or printer bug. */
  rejected: number;
  /** The first rejected program and the checker's messages, to reproduce it. */
  firstRejection?: { seed: number; program: string; diagnostics: string[] };
  /** TLP partitions (`x` / `x_not`) compared in passing cases. */
  partitions: number;
  /** Of those, audiences whose reference result split their entities (some members, some not). */
  splits: number;
  /** Compared cases (not rejected) per part of the generation mix. */
  mix: { aroundProgram: number; missingIds: number; segment: number };
  /** Compared cases (not rejected) whose program has each language-v2 construct (LANGUAGE.md §12). */
  constructs: Record<V2Construct, number>;
  failures: CampaignFailure[];
  elapsedMs: number;
}

/** Whether some event property has another JSON type than its declaration (test files reject that). */
function hasWrongTypedProperty(project: Project, c: DiffCase): boolean {
  const expected = (type: string, v: unknown): boolean =>
    v === null ||
    (type === 'timestamp'
      ? typeof v === 'string' && !Number.isNaN(Date.parse(v))
      : typeof v === type);
  const check = (props: Record<string, unknown>, types: Record<string, string>): boolean =>
    Object.entries(props).some(([k, v]) => types[k] !== undefined && !expected(types[k]!, v));
  const declared = (event: string): Record<string, string> =>
    Object.fromEntries(
      Object.values(project.schema.events[event]?.properties ?? {}).map((p) => [p.name, p.type]),
    );
  const strings = (props: Record<string, unknown>) =>
    check(props, Object.fromEntries(Object.keys(props).map((k) => [k, 'string'])));
  return (
    c.data.tracks.some((e) => check(e.properties, declared(e.event))) ||
    [...c.data.pages, ...c.data.screens].some((e) => strings(e.properties))
  );
}

async function describeFailure(
  project: Project,
  session: Session,
  shrunk: DiffCase,
  seed: number,
): Promise<CampaignFailure> {
  const small = await minimizeCase(project, session, shrunk);
  const outcome = await runCase(project, session, small);
  const problems =
    outcome.status === 'failed' ? outcome.problems : ['(no longer fails after minimising)'];
  const reference = outcome.status === 'rejected' ? undefined : outcome.reference;
  const wrongTyped = hasWrongTypedProperty(project, small);
  const idless = hasIdlessEvent(small);
  const header = [
    `Found by differential testing on ${session.engine} with ${small.layout ?? 'json'} fixtures (chunk seed ${seed}).`,
    ...problems.map((p) => `  ${p}`),
    'CHECK THE EXPECTATION BY HAND (LANGUAGE.md) before committing: it is the reference result.',
    ...(wrongTyped
      ? ['(properties of the wrong JSON type are rejected by the test-file loader)']
      : []),
    ...(idless
      ? [
          '(events printed with message_id "" had none: the test-file loader gives them ids in file order)',
        ]
      : []),
  ];
  const yaml = reference
    ? toTestYaml(small.program, small.data, small.scope, reference, { header })
    : `${header.map((h) => `# ${h}`).join('\n')}\n# the reference evaluator refused the case; program:\n${small.program}`;
  return { seed, problems, yaml };
}

/** Whether some event of the case has no message id (`messageId: ''`, see DataOptions). */
export function hasIdlessEvent(c: DiffCase): boolean {
  return [...c.data.tracks, ...c.data.pages, ...c.data.screens].some((e) => e.messageId === '');
}

/**
 * The language-v2 constructs (LANGUAGE.md §12) as the canonical printer
 * writes them. No string literal of the generator's pools holds these words.
 */
export const V2_CONSTRUCTS = {
  sequence: /\bthen\b/,
  firstTime: /\bfor the first time\b/,
  stoppedDoing: /\bstopped doing\b/,
  regularly: /\bin at least \d+ of the last\b/,
  split: /^split /m,
  countUsers: /\bcount users\b/,
} as const;
export type V2Construct = keyof typeof V2_CONSTRUCTS;

/** The v2 constructs a program's text uses. */
export function v2Constructs(program: string): V2Construct[] {
  return (Object.keys(V2_CONSTRUCTS) as V2Construct[]).filter((k) =>
    V2_CONSTRUCTS[k].test(program),
  );
}

function countMix(stats: CampaignStats, c: DiffCase): void {
  if (c.aroundProgram) stats.mix.aroundProgram++;
  if (hasIdlessEvent(c)) stats.mix.missingIds++;
  if (c.layout === 'segment') stats.mix.segment++;
  for (const k of v2Constructs(c.program)) stats.constructs[k]++;
}

/**
 * Data sets drawn per program by default: with one, about a quarter of the
 * generated audiences split their entities (some members, some not); keeping
 * the best of twelve, about 54% on the CI seed (1: 27%, 4: 45%, 8: 50%), for
 * drawing and evaluating them on the reference, ~0.1 s a case on a loaded machine.
 */
export const CANDIDATES = 12;

export async function runCampaign(
  project: Project,
  session: Session,
  options: CampaignOptions,
): Promise<CampaignStats> {
  const started = performance.now();
  const stats: CampaignStats = {
    engine: options.engine,
    runs: 0,
    rejected: 0,
    partitions: 0,
    splits: 0,
    mix: { aroundProgram: 0, missingIds: 0, segment: 0 },
    constructs: Object.fromEntries(Object.keys(V2_CONSTRUCTS).map((k) => [k, 0])) as Record<
      V2Construct,
      number
    >,
    failures: [],
    elapsedMs: 0,
  };
  const chunk = options.chunk ?? 500;
  const arb = caseArb(project.schema, {
    candidates: CANDIDATES,
    pick: (candidates) => mostSplitting(project, candidates),
    ...options.cases,
  });
  let seed = options.seed;
  while (stats.runs < options.runs && stats.failures.length < (options.maxFailures ?? Infinity)) {
    const numRuns = Math.min(chunk, options.runs - stats.runs);
    let shrinking = false;
    const details = await fc.check(
      fc.asyncProperty(arb, async (c) => {
        const outcome = await runCase(project, session, c);
        if (!shrinking) {
          stats.runs++;
          if (outcome.status === 'rejected') {
            stats.rejected++;
            stats.firstRejection ??= {
              seed,
              program: c.program,
              diagnostics: outcome.diagnostics.map((d) => `${d.code}: ${d.message}`),
            };
          }
          if (outcome.status === 'passed') {
            stats.partitions += outcome.partitions;
            stats.splits += outcome.splits;
          }
          if (outcome.status !== 'rejected') countMix(stats, c);
          if (stats.runs % 100 === 0) {
            stats.elapsedMs = performance.now() - started;
            options.onProgress?.(stats);
          }
        }
        if (outcome.status === 'failed') shrinking = true;
        return outcome.status !== 'failed';
      }),
      { seed, numRuns },
    );
    if (details.failed && details.counterexample) {
      const failure = await describeFailure(project, session, details.counterexample[0], seed);
      if (options.candidatesDir) {
        mkdirSync(options.candidatesDir, { recursive: true });
        failure.file = join(
          options.candidatesDir,
          `${options.engine}-seed${seed}-${stats.failures.length + 1}.test.yml`,
        );
        writeFileSync(failure.file, failure.yaml);
      }
      stats.failures.push(failure);
    } else if (details.failed) {
      stats.failures.push({
        seed,
        problems: [`fast-check: ${String(details.errorInstance)}`],
        yaml: '',
      });
    }
    // A chunk that failed ran fewer cases than asked; the next chunk goes on from a new seed.
    seed++;
  }
  stats.elapsedMs = performance.now() - started;
  return stats;
}
