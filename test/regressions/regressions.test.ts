/**
 * Regression cases found by differential testing (test/regressions/cases,
 * docs/differential-testing.md) through the real `roster test` runner, on
 * DuckDB and PostgreSQL: one vitest test per case per engine.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/load-project.js';
import type { Project } from '../../src/project/types.js';
import { formatFileResult } from '../../src/testing/format-report.js';
import { runTests } from '../../src/testing/run-tests.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const cases = readdirSync(new URL('cases/', import.meta.url))
  .filter((f) => f.endsWith('.test.yml'))
  .sort();

let project: Project;
beforeAll(async () => {
  const loaded = await loadProject(root);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  expect(errors, JSON.stringify(errors, null, 2)).toEqual([]);
  project = loaded.project as Project;
});

it('has regression cases', () => {
  expect(cases.length).toBeGreaterThan(0);
});

// `dev` is DuckDB and `pg` is PostgreSQL in roster.yaml beside this file.
describe.each([
  { engine: 'duckdb', target: 'dev' },
  { engine: 'postgres', target: 'pg' },
])('regressions on $engine', ({ target }) => {
  it.each(cases)('%s', async (file) => {
    const report = await runTests(project, { target, filter: `cases/${file}` });
    expect(report.diagnostics).toEqual([]);
    expect(report.files).toHaveLength(1);
    const result = report.files[0]!;
    const details = formatFileResult(result, { sources: report.sources, color: false, cwd: root });
    expect(result.status, details).toBe('passed');
  });
});
