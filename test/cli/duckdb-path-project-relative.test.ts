/**
 * A DuckDB target's `path` is relative to roster.yaml (docs/config.md), for
 * plan and apply as for preview: `roster plan --project acme` run from
 * another folder must open acme/warehouse.duckdb, not a new file in the
 * folder it was run from (it once did, so plan and apply worked on an empty
 * database while preview read the real one).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { writeFiles } from '../diagnostics/code-examples.js';
import { DATA_ROSTER_YAML, dataProject, NOW } from '../diagnostics/example-projects.js';

const root = writeFiles(
  dataProject({
    'roster.yaml': DATA_ROSTER_YAML.replace(
      '  dev: { dialect: duckdb }',
      '  dev: { dialect: duckdb, path: warehouse.duckdb }',
    ),
  }),
);
const elsewhere = mkdtempSync(join(tmpdir(), 'roster-elsewhere-'));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

it('opens the DuckDB file next to roster.yaml when plan and apply run from another folder', async () => {
  for (const command of [
    ['plan', '--now', NOW],
    ['apply', '--now', NOW, '--auto-approve'],
  ]) {
    const io = memoryIo(elsewhere, { NO_COLOR: '1' });
    const code = await runCli(['node', 'roster', ...command, '--project', root], io);
    expect(code, [...io.out, ...io.err].join('\n')).toBe(0);
  }
  expect(existsSync(join(root, 'warehouse.duckdb'))).toBe(true);
  expect(existsSync(join(elsewhere, 'warehouse.duckdb'))).toBe(false);
  expect(existsSync(join(process.cwd(), 'warehouse.duckdb'))).toBe(false);
}, 60_000);
