/**
 * `layout: segment` on the warehouses roster only compiles for (no live
 * Snowflake/BigQuery/Redshift here): every conformance program compiles, reads
 * track properties from the per-event tables and `groups` for accounts, and
 * every statement parses with sqlglot in that warehouse's dialect.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkTestProgram } from '../../../src/check/check-project.js';
import { loadProject } from '../../../src/project/load-project.js';
import { buildSources } from '../../../src/project/sources.js';
import { loadTestFile } from '../../../src/project/test-file.js';
import { compileProject } from '../../../src/sql/compile-project.js';
import { conformanceDir, statementsOf, WAREHOUSES } from '../dialects/conformance-programs.js';
import { sqlglotAvailable, sqlglotParse } from '../sqlglot/sqlglot.js';

const compiled: Array<{
  name: string;
  dialect: (typeof WAREHOUSES)[number];
  statements: string[];
}> = [];

beforeAll(async () => {
  const project = (await loadProject(conformanceDir)).project!;
  for (const file of project.testFiles) {
    const testCase = loadTestFile(file, { schema: project.schema }).testCase!;
    const scope = testCase.config.events?.scope ?? project.config.events.scope;
    const ir = checkTestProgram(file, testCase.program!, project.schema, {
      ...project.config,
      events: { scope },
    }).ir!;
    for (const dialect of WAREHOUSES) {
      const result = compileProject(ir, {
        dialect,
        now: testCase.now,
        sources: buildSources('segment', {}, 'prod'),
      });
      compiled.push({ name: path.basename(file.path), dialect, statements: statementsOf(result) });
    }
  }
});

describe.each(WAREHOUSES)('layout: segment on %s', (dialect) => {
  const mine = () => compiled.filter((c) => c.dialect === dialect);

  it('compiles every conformance program, reading per-event tables and groups', () => {
    expect(mine().length).toBeGreaterThanOrEqual(30);
    const all = mine()
      .flatMap((c) => c.statements)
      .join('\n');
    expect(all).toMatch(/FROM [`"]prod[`"]\.[`"]order_completed[`"] AS e/i);
    expect(all).toMatch(/FROM [`"]prod[`"]\.[`"]groups[`"] AS g/i);
    expect(all).not.toMatch(/[`"]tracks[`"]\.[`"]properties[`"]/i);
  });

  it('every statement parses with sqlglot', () => {
    expect(sqlglotAvailable()).toBe(true);
    const statements = mine().flatMap((c) => c.statements.map((sql) => ({ name: c.name, sql })));
    const answer = sqlglotParse(
      dialect,
      statements.map((s) => s.sql),
    );
    const report = answer.problems.map(
      (p) => `${statements[p.index]?.name}: ${p.error}\n${statements[p.index]?.sql}`,
    );
    expect(report, `sqlglot ${answer.version}`).toEqual([]);
  });
});
