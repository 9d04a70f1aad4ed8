/**
 * The README's quick start: generates the example project's data on first use,
 * then runs the daily loop on the embedded DuckDB warehouse —
 * check, test, plan, apply (to the `file` destination), preview.
 *
 *   npm run example            # the whole loop
 *   npm run example -- --fresh # forget the applied state first (a new backfill)
 *
 * Every command runs at the data's reference instant, so the output is the same
 * on every machine.
 */
import { rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processIo } from '../src/cli/io.js';
import { runCli } from '../src/cli/program.js';
import { ensureExampleData, REFERENCE_NOW } from './generate-example-data.js';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const project = join(root, 'examples', 'b2b-saas');
const shown = relative(process.cwd(), project) || '.';

if (process.argv.includes('--fresh')) {
  rmSync(join(project, '.roster'), { recursive: true, force: true });
  rmSync(join(project, 'out'), { recursive: true, force: true });
}

await ensureExampleData(project, { log: (line: string) => console.log(line) });

const steps: string[][] = [
  ['check', '--project', shown],
  ['test', '--project', shown],
  ['plan', '--project', shown, '--now', REFERENCE_NOW],
  ['apply', '--project', shown, '--now', REFERENCE_NOW, '--auto-approve'],
  ['preview', 'at_risk', '--project', shown, '--now', REFERENCE_NOW],
];

for (const args of steps) {
  console.log(`\n$ roster ${args.join(' ')}`);
  const code = await runCli(['node', 'roster', ...args], processIo());
  if (code !== 0) {
    console.error(`\nroster ${args[0]} exited with ${code}; stopping here.`);
    process.exit(code);
  }
}
console.log(
  `\nDone. The calls sent are in ${join(shown, 'out', 'calls.ndjson')}; run \`npm run example\` again and apply has nothing to send.`,
);
