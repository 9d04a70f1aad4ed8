import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/load-project.js';
import type { Project } from '../../src/project/types.js';
import { runTests } from '../../src/testing/run-tests.js';
import type { TestFileResult } from '../../src/testing/run-tests.js';
import { DEFINITIONS, FAILING_TEST, PASSING_TEST, writeProject } from './temp-project.js';

async function load(files: Record<string, string>): Promise<Project> {
  const { root, cleanup } = writeProject(files);
  cleanups.push(cleanup);
  const loaded = await loadProject(root);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.project as Project;
}
const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((c) => c()));

const byName = (files: TestFileResult[], name: string): TestFileResult => {
  const found = files.find((f) => f.name === name);
  if (!found) throw new Error(`no result for ${name}`);
  return found;
};

describe.each(['dev', 'pg'])('runTests on target %s', (target) => {
  it('passes a file whose expectations hold and fails one whose do not, with the details', async () => {
    const project = await load({
      'audiences/defs.roster': DEFINITIONS,
      'audiences/a-pass.test.yml': PASSING_TEST,
      'audiences/b-fail.test.yml': FAILING_TEST,
    });
    const seen: string[] = [];
    const report = await runTests(project, { target, onProgress: (r) => seen.push(r.name) });
    expect(seen).toEqual(['a-pass', 'b-fail']);
    expect(report.passed).toBe(1);
    expect(report.failed).toBe(1);
    expect(report.diagnostics).toEqual([]);
    const pass = byName(report.files, 'a-pass');
    expect(pass).toMatchObject({ status: 'passed', audiences: 1, traits: 1, failures: [] });

    const fail = byName(report.files, 'b-fail');
    expect(fail.status).toBe('failed');
    expect(fail.failures).toHaveLength(2);
    const [audience, trait] = fail.failures;
    expect(audience).toMatchObject({
      kind: 'audience',
      name: 'pro_accounts',
      expected: ['a1', 'a2'],
      actual: ['a1', 'a3'],
      missing: ['a2'],
      unexpected: ['a3'],
    });
    // The expectation `pro_accounts:` is line 15 of the test file; the definition is line 1 of defs.roster.
    expect(audience?.range.start.line).toBe(15);
    expect(audience?.kind === 'audience' && audience.definition?.file).toMatch(/defs\.roster$/);
    expect(audience?.kind === 'audience' && audience.definition?.start.line).toBe(1);
    expect(trait).toMatchObject({
      kind: 'trait',
      name: 'logins',
      mismatches: [
        { id: 'u1', expected: 3, actual: 2 },
        { id: 'u2', expected: undefined, actual: 0 },
      ],
    });
  });
});

describe('runTests errors', () => {
  it('reports check errors of a test program at their line and column in the .test.yml', async () => {
    const project = await load({
      'audiences/bad.test.yml': `now: "2026-06-30T00:00:00Z"
program: |
  audience x = account where plna = "pro"
expect:
  audiences:
    x: []
`,
    });
    const report = await runTests(project);
    const result = byName(report.files, 'bad');
    expect(result.status).toBe('error');
    const d = result.diagnostics.find((x) => x.severity === 'error');
    expect(d?.code).toBe('name-unknown-trait');
    expect(d?.range?.file).toMatch(/bad\.test\.yml$/);
    // `plna` starts at line 3, column 30 of the file (2 spaces of block indentation + 27).
    expect(d?.range?.start).toMatchObject({ line: 3, column: 30 });
    expect(report.failed).toBe(1);
  });

  it('reports an SQL trait of the wrong shape naming the trait, at its definition', async () => {
    const project = await load({
      'audiences/sql.test.yml': `now: "2026-06-30T00:00:00Z"
program: |
  trait seats_sql = account sql number """
    select id, seats as amount from {{ accounts }}
  """
data:
  accounts:
    - { id: a1, seats: 3 }
expect:
  traits:
    seats_sql: { a1: 3 }
`,
    });
    const report = await runTests(project);
    const result = byName(report.files, 'sql');
    expect(result.status).toBe('error');
    const d = result.diagnostics.find((x) => x.code === 'sql-trait-shape');
    expect(d?.message).toBe(
      'SQL trait `seats_sql` must return the column `value`, but its query returns `id`, `amount`',
    );
    expect(d?.range?.start).toMatchObject({ line: 3, column: 3 });
  });

  it('reports expectations about undefined names with a suggestion', async () => {
    const project = await load({
      'audiences/defs.roster': DEFINITIONS,
      'audiences/typo.test.yml': `now: "2026-06-30T00:00:00Z"
expect:
  audiences:
    pro_acounts: []
`,
    });
    const report = await runTests(project);
    expect(byName(report.files, 'typo').failures).toMatchObject([
      {
        kind: 'unknown-definition',
        name: 'pro_acounts',
        suggestions: ['did you mean `pro_accounts`?'],
      },
    ]);
  });

  it('reports errors in the project definitions once, and errors the files that use them', async () => {
    const project = await load({
      'audiences/defs.roster': 'audience broken = account where nope = 1\n',
      'audiences/one.test.yml': PASSING_TEST,
      'audiences/two.test.yml': PASSING_TEST,
    });
    const report = await runTests(project);
    expect(report.diagnostics.map((d) => d.code)).toEqual(['name-unknown-trait']);
    expect(report.files.map((f) => f.status)).toEqual(['error', 'error']);
    expect(report.files[0]?.diagnostics.map((d) => d.code)).toEqual(['test-project-errors']);
  });

  it('reports an unknown target with the closest name', async () => {
    const project = await load({ 'audiences/defs.roster': DEFINITIONS });
    const report = await runTests(project, { target: 'pgg' });
    expect(report.files).toEqual([]);
    expect(report.diagnostics[0]).toMatchObject({
      code: 'config-unknown-target',
      hints: ['did you mean `pg`?'],
    });
    expect(report.diagnostics[0]?.message).toMatch(/^there is no target `pgg` in .*roster\.yaml$/);
  });

  it('errors every file on a target roster cannot run tests on', async () => {
    const project = await load({
      'audiences/defs.roster': DEFINITIONS,
      'audiences/a.test.yml': PASSING_TEST,
    });
    const report = await runTests(project, { target: 'sf' });
    expect(report.files[0]?.status).toBe('error');
    expect(report.files[0]?.diagnostics.map((d) => d.code)).toContain(
      'runtime-unsupported-dialect',
    );
  });

  it('runs only the files whose path contains the filter', async () => {
    const project = await load({
      'audiences/defs.roster': DEFINITIONS,
      'audiences/a-pass.test.yml': PASSING_TEST,
      'audiences/b-fail.test.yml': FAILING_TEST,
    });
    const report = await runTests(project, { filter: 'a-pass' });
    expect(report.files.map((f) => f.name)).toEqual(['a-pass']);
    expect(report.passed).toBe(1);
    expect(report.failed).toBe(0);
  });
});
