/**
 * CLI start-up: `roster --help` as users run it — the packed package installed
 * into a clean folder (compiled JavaScript, no TypeScript loader) — next to
 * the repository's own `npx roster` (tsx) and a bare `node -e 0`. Each run is
 * a new process, timed from spawn to exit. The setup packs and installs once
 * (offline, from the npm cache: test/support/packed-roster.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installOffline, packRoster } from '../test/support/packed-roster.js';
import type { BenchmarkSuite } from './harness.js';

let installedBin = '';

function run(args: string[]): void {
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} failed: ${String(result.stderr)}`);
}

const suite: BenchmarkSuite = {
  name: 'startup',
  setup: () => {
    const work = mkdtempSync(join(tmpdir(), 'roster-startup-'));
    const app = join(work, 'app');
    installOffline(packRoster(join(work, 'pack')), app);
    installedBin = join(app, 'node_modules', 'roster', 'bin', 'roster.js');
  },
  benchmarks: [
    { name: 'node -e 0 (baseline)', size: 'process start', run: () => run(['-e', '0']) },
    {
      name: 'installed package: roster --help',
      size: 'new process',
      run: () => run([installedBin, '--help']),
    },
    {
      name: 'installed package: roster plan --help',
      size: 'new process',
      run: () => run([installedBin, 'plan', '--help']),
    },
    {
      name: 'repository (tsx): roster --help',
      size: 'new process',
      run: () => run(['bin/roster.js', '--help']),
    },
  ],
};

export default suite;
