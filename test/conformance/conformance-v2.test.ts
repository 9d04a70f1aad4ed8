/**
 * The language-v2 conformance cases (shared/conformance-v2, LANGUAGE.md §12)
 * through the real `roster test` runner on DuckDB and PostgreSQL, like the
 * first suite (conformance.test.ts): every case file of the suite (v2-cases.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/load-project.js';
import type { Project } from '../../src/project/types.js';
import { formatFileResult } from '../../src/testing/format-report.js';
import { runTests } from '../../src/testing/run-tests.js';
import { conformanceV2Dir, V2_CASES } from './v2-cases.js';

const casesDir = path.resolve(conformanceV2Dir, '../conformance/cases-v2');

it('runs every case of the shared suite (33–42 and any added later)', () => {
  expect(V2_CASES.length).toBeGreaterThanOrEqual(10);
  for (const name of V2_CASES)
    expect(existsSync(path.join(casesDir, `${name}.test.yml`)), name).toBe(true);
});

let project: Project;
beforeAll(async () => {
  const loaded = await loadProject(conformanceV2Dir);
  expect(loaded.project, JSON.stringify(loaded.diagnostics, null, 2)).toBeDefined();
  project = loaded.project as Project;
});

// `dev` is DuckDB and `pg` is PostgreSQL in the suite's roster.yaml.
describe.each([
  { engine: 'duckdb', target: 'dev' },
  { engine: 'postgres', target: 'pg' },
])('language-v2 conformance on $engine', ({ target }) => {
  it.each(V2_CASES)('%s', async (name) => {
    const report = await runTests(project, { target, filter: `cases-v2/${name}.test.yml` });
    expect(report.diagnostics).toEqual([]);
    expect(report.files).toHaveLength(1);
    const result = report.files[0]!;
    const details = formatFileResult(result, {
      sources: report.sources,
      color: false,
      cwd: conformanceV2Dir,
    });
    expect(result.status, details).toBe('passed');
  });
});
