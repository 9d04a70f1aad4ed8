/**
 * `npm run fuzz -- [--runs N] [--seed S] [--kind mutated|soup|all]`: a longer
 * front-end fuzzing campaign than CI's (test/syntax/fuzz.test.ts), with the same
 * generators and invariants. Prints progress, and on failure the seed, the
 * shrunk input and a one-line reproducer; exits 1.
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { fuzzInputArb, mutatedProgramArb, tokenSoupArb } from '../test/syntax/arbitraries.js';
import { frontEndViolations } from '../test/syntax/front-end-invariants.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '100000' },
    seed: { type: 'string' },
    kind: { type: 'string', default: 'all' },
  },
});

const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const arbitrary =
  values.kind === 'mutated'
    ? mutatedProgramArb
    : values.kind === 'soup'
      ? tokenSoupArb
      : fuzzInputArb;
if (!Number.isInteger(runs) || runs <= 0 || !Number.isInteger(seed)) {
  process.stderr.write('usage: npm run fuzz -- [--runs N] [--seed S] [--kind mutated|soup|all]\n');
  process.exit(2);
}

process.stdout.write(`fuzzing the front end: ${runs} inputs, seed ${seed}, kind ${values.kind}\n`);
const started = Date.now();
let done = 0;
const step = Math.max(1, Math.floor(runs / 20));
const result = fc.check(
  fc.property(arbitrary, (text) => {
    done++;
    if (done % step === 0) {
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(`  ${done}/${runs} (${Math.round(done / seconds)}/s)\n`);
    }
    return frontEndViolations(text).length === 0;
  }),
  { numRuns: runs, seed },
);

if (result.failed && result.counterexample) {
  const [text] = result.counterexample;
  process.stdout.write(
    `\nFAILED after ${result.numRuns} inputs (seed ${seed}, path ${result.counterexamplePath}).\n`,
  );
  process.stdout.write(`\nshrunk input:\n${JSON.stringify(text)}\n\nviolations:\n`);
  for (const v of frontEndViolations(text)) process.stdout.write(`  - ${v}\n`);
  process.stdout.write(
    `\nreproduce:\n  npx tsx -e 'import("./test/syntax/front-end-invariants.ts").then(m => console.log(m.frontEndViolations(${JSON.stringify(text).replace(/'/g, '\\u0027')})))'\n` +
      `  npm run fuzz -- --runs ${runs} --seed ${seed} --kind ${values.kind}\n`,
  );
  process.exitCode = 1;
} else {
  process.stdout.write(
    `ok: ${runs} inputs in ${((Date.now() - started) / 1000).toFixed(1)} s, no violations\n`,
  );
}
