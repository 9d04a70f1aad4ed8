/**
 * Long differential campaigns (docs/differential-testing.md):
 *
 *   npm run fuzz:diff -- --runs 20000 --seed 1 --engine both
 *
 * Generated programs and data run through the compiled SQL on DuckDB and/or
 * PostgreSQL and the reference evaluator; every disagreement is shrunk and
 * written as a candidate `*.test.yml` under test/regressions/candidates/.
 * Exit code 1 when anything failed.
 */
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { CANDIDATES, runCampaign } from '../test/differential/campaign.js';
import type { CampaignStats } from '../test/differential/campaign.js';
import { ENGINES, loadDifferentialProject, openSession } from '../test/differential/harness.js';
import type { EngineName } from '../test/differential/harness.js';

const candidatesDir = fileURLToPath(new URL('../test/regressions/candidates/', import.meta.url));

const program = new Command('fuzz:diff')
  .option('--runs <n>', 'cases per engine', '1000')
  .option(
    '--seed <n>',
    'first seed (each chunk of cases uses the next one)',
    String(Date.now() % 1_000_000),
  )
  .option('--engine <name>', 'duckdb, postgres or both', 'both')
  .option('--layout <name>', 'source layout of the fixtures: json, segment or both', 'both')
  .option('--around-program', "build every data set around its program's literals and windows")
  .option('--no-around-program', 'draw every data set independently of its program')
  .option('--missing-ids', 'give some events of every case no message id (LANGUAGE.md §5)')
  .option('--no-missing-ids', 'give every event a message id')
  .option(
    '--candidates <n>',
    'data sets drawn per program; the one on which the reference splits most audiences is run',
    String(CANDIDATES),
  )
  .option('--chunk <n>', 'cases per fast-check run (a failure ends only its chunk)', '500')
  .option('--max-failures <n>', 'stop an engine after this many failures', '20')
  .parse();
const opts = program.opts<{
  runs: string;
  seed: string;
  engine: string;
  layout: string;
  aroundProgram?: boolean;
  missingIds?: boolean;
  candidates: string;
  chunk: string;
  maxFailures: string;
}>();
const engines: EngineName[] =
  opts.engine === 'both' ? [...ENGINES] : ENGINES.filter((e) => e === opts.engine);
if (opts.layout !== 'json' && opts.layout !== 'segment' && opts.layout !== 'both') {
  console.error(`unknown layout ${opts.layout}: use json, segment or both`);
  process.exit(2);
}
if (engines.length === 0) {
  console.error(`unknown engine ${opts.engine}: use duckdb, postgres or both`);
  process.exit(2);
}

const line = (s: CampaignStats): string => {
  const secs = s.elapsedMs / 1000;
  const rate = s.runs > 0 ? ((s.rejected / s.runs) * 100).toFixed(1) : '0';
  const constructs = Object.entries(s.constructs)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const mix = `${s.mix.aroundProgram} around the program, ${s.mix.missingIds} with id-less events, ${s.mix.segment} in the segment layout; v2: ${constructs}`;
  const split = s.partitions > 0 ? ((s.splits / s.partitions) * 100).toFixed(1) : '0';
  return `[${s.engine}] ${s.runs} cases (${mix}), ${s.failures.length} failing, ${rate}% rejected by the checker, ${split}% of ${s.partitions} audiences split their entities, ${secs.toFixed(0)} s (${(s.runs / Math.max(secs, 0.001)).toFixed(1)}/s)`;
};

const project = await loadDifferentialProject();
const seed = Number(opts.seed);
console.log(
  `differential campaign: ${opts.runs} cases per engine on ${engines.join(', ')} (layout: ${opts.layout}), seed ${seed}`,
);
console.log(`failing cases are written to ${candidatesDir}`);
let failed = 0;
// Engines run side by side: each has its own connection.
const results = await Promise.all(
  engines.map(async (engine) => {
    const session = await openSession(engine);
    try {
      return await runCampaign(project, session, {
        engine,
        runs: Number(opts.runs),
        seed,
        chunk: Number(opts.chunk),
        candidatesDir,
        maxFailures: Number(opts.maxFailures),
        cases: {
          candidates: Number(opts.candidates),
          ...(opts.aroundProgram !== undefined ? { aroundProgram: opts.aroundProgram } : {}),
          ...(opts.missingIds !== undefined ? { missingMessageIds: opts.missingIds } : {}),
          ...(opts.layout === 'json' || opts.layout === 'segment' ? { layout: opts.layout } : {}),
        },
        onProgress: (s) => console.log(line(s)),
      });
    } finally {
      await session.close();
    }
  }),
);
for (const stats of results) {
  console.log(`done: ${line(stats)}`);
  for (const f of stats.failures) {
    failed++;
    console.log(`  ✗ seed ${f.seed}: ${f.file ?? '(not written)'}`);
    for (const p of f.problems) console.log(`      ${p}`);
  }
  // A program the checker refuses is a generator or printer bug, and a case not compared.
  const rejection = stats.firstRejection;
  if (rejection) {
    failed++;
    console.log(
      `  ✗ ${stats.rejected} programs rejected by the checker; the first (seed ${rejection.seed}):`,
    );
    console.log(rejection.program.replace(/^/gm, '      '));
    for (const d of rejection.diagnostics) console.log(`      ${d}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
