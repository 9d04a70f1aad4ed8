/**
 * The shared conformance suite (shared/conformance, LANGUAGE.md §10) through
 * the real `roster test` runner, on every engine: one vitest test per case per
 * engine, so a failure names the case and the engine.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/load-project.js';
import type { Project } from '../../src/project/types.js';
import { formatFileResult } from '../../src/testing/format-report.js';
import { runTests } from '../../src/testing/run-tests.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const suite = path.resolve(repoRoot, '../shared/conformance');
const casesDir = path.join(suite, 'cases');
const cases = existsSync(casesDir)
  ? readdirSync(casesDir)
      .filter((f) => f.endsWith('.test.yml'))
      .sort()
  : [];

it('finds the shared conformance suite', () => {
  expect(
    existsSync(casesDir),
    `the conformance suite is missing: expected ${casesDir} (shared/ beside the repository)`,
  ).toBe(true);
  expect(cases.length).toBeGreaterThan(0);
});

let project: Project;
beforeAll(async () => {
  if (cases.length === 0) return;
  const loaded = await loadProject(suite);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  expect(errors, JSON.stringify(errors, null, 2)).toEqual([]);
  project = loaded.project as Project;
});

// `dev` is DuckDB and `pg` is PostgreSQL in the suite's roster.yaml.
describe.each([
  { engine: 'duckdb', target: 'dev' },
  { engine: 'postgres', target: 'pg' },
])('conformance on $engine', ({ target }) => {
  it.each(cases)('%s', async (file) => {
    const report = await runTests(project, { target, filter: `cases/${file}` });
    expect(report.diagnostics).toEqual([]);
    expect(report.files).toHaveLength(1);
    const result = report.files[0]!;
    const details = formatFileResult(result, { sources: report.sources, color: false, cwd: suite });
    expect(result.status, details).toBe('passed');
  });
});
