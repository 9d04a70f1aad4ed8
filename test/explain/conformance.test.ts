/**
 * Explain agrees with membership on every conformance case: for every
 * audience a case expects, every account or user of its data set (members and
 * non-members alike) is explained, and both the reported membership and the
 * root node's value must equal the case's expectation. `did` nodes are also
 * checked against themselves: the events listed for a node must number exactly
 * the count the compiled SQL computed. Besides DuckDB and PostgreSQL, explain's
 * Snowflake, BigQuery and Redshift SQL runs through the executed check (issue
 * 13.6: each statement translated to DuckDB by sqlglot's port,
 * test/sql/translate/translated-run.ts), so the per-(user, account) and
 * per-node queries explain builds are run in those dialects too.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTestProgram } from '../../src/check/index.js';
import { explainMembers } from '../../src/explain/explain.js';
import type { ExplainedNode } from '../../src/explain/explanation.js';
import { loadProject } from '../../src/project/load-project.js';
import { loadTestFile } from '../../src/project/test-file.js';
import type { Project } from '../../src/project/types.js';
import { buildSources } from '../../src/project/sources.js';
import type { TestCase } from '../../src/project/index.js';
import type { SourcesConfig } from '../../src/project/types.js';
import type { Warehouse } from '../../src/runtime/warehouse.js';
import { loadFixtures } from '../../src/testing/load-fixtures.js';
import { openTestWarehouse } from '../../src/testing/test-warehouse.js';
import {
  caseDatabase,
  translatingWarehouse,
  type WarehouseDialect,
} from '../sql/translate/translated-run.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const suite = path.resolve(repoRoot, '../shared/conformance');
const casesDir = path.join(suite, 'cases');
const cases = existsSync(casesDir)
  ? readdirSync(casesDir)
      .filter((f) => f.endsWith('.test.yml'))
      .sort()
  : [];

let project: Project;
beforeAll(async () => {
  const loaded = await loadProject(suite);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  project = loaded.project as Project;
});

/** Whether a quantifier's value follows from its split of the account's users (LANGUAGE.md §4.4). */
function quantifierHolds(node: ExplainedNode): boolean | undefined {
  const yes = node.users?.satisfied?.count;
  const no = node.users?.notSatisfied?.count;
  if (node.kind !== 'quantified' || yes === undefined || no === undefined) return undefined;
  const label = node.label;
  const n = Number(/\d+/.exec(label)?.[0] ?? 1);
  if (label === 'any user') return yes > 0;
  if (label === 'all users') return yes > 0 && no === 0;
  if (label === 'no user') return yes === 0;
  if (label.startsWith('at least')) return yes >= n;
  if (label.startsWith('at most')) return yes <= n;
  if (label.startsWith('exactly')) return yes === n;
  throw new Error(`unexpected quantifier ${label}`);
}

function allNodes(node: ExplainedNode, out: ExplainedNode[] = []): ExplainedNode[] {
  out.push(node);
  node.children.forEach((c) => allNodes(c, out));
  return out;
}

function didNodes(node: ExplainedNode, out: ExplainedNode[] = []): ExplainedNode[] {
  if (node.kind === 'did') out.push(node);
  node.children.forEach((c) => didNodes(c, out));
  return out;
}

/** A session holding the case's data: a test warehouse, or DuckDB speaking a warehouse's SQL. */
async function openCase(
  engine: { target?: string; translated?: WarehouseDialect },
  testCase: TestCase,
): Promise<{ warehouse: Warehouse; sources: SourcesConfig; dispose: () => Promise<void> }> {
  if (engine.translated) {
    const db = await caseDatabase(project.schema, testCase.data, engine.translated);
    return {
      warehouse: translatingWarehouse(db, engine.translated),
      sources: buildSources('json', {}),
      dispose: () => db.close(),
    };
  }
  const opened = await openTestWarehouse(project.config.targets[engine.target!]!, process.env);
  if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostics, null, 2));
  const db = opened.value;
  try {
    await loadFixtures(db.warehouse, db.dialect, project.schema, testCase.data, db.schema);
  } catch (caught) {
    await db.dispose();
    throw caught;
  }
  return { warehouse: db.warehouse, sources: db.sources, dispose: () => db.dispose() };
}

describe.each([
  { engine: 'duckdb', target: 'dev' },
  { engine: 'postgres', target: 'pg' },
  { engine: 'snowflake (translated)', translated: 'snowflake' as const },
  { engine: 'bigquery (translated)', translated: 'bigquery' as const },
  { engine: 'redshift (translated)', translated: 'redshift' as const },
])('explain agrees with every conformance case on $engine', ({ engine, ...where }) => {
  const compared = { roots: 0, counts: 0, quantifiers: 0 };
  afterAll(() => {
    console.log(
      `explain on ${engine}: compared ${compared.roots} roots, ${compared.quantifiers} quantifiers with their users and ${compared.counts} did counts over ${cases.length} cases`,
    );
  });

  it.each(cases)('%s', async (name) => {
    const file = project.testFiles.find((f) => path.basename(f.path) === name);
    if (!file) throw new Error(`${name} is not a test file of the suite`);
    const testCase = loadTestFile(file, { schema: project.schema }).testCase;
    if (!testCase?.program) throw new Error(`${name}: every conformance case has its own program`);
    const config = project.config;
    const checked = checkTestProgram(file, testCase.program, project.schema, {
      ...config,
      events: { scope: testCase.config.events?.scope ?? config.events.scope },
    });
    if (!checked.ir) throw new Error(JSON.stringify(checked.diagnostics, null, 2));
    const ir = checked.ir;

    const db = await openCase(where, testCase);
    try {
      for (const expected of testCase.expect.audiences) {
        const audience = ir.definitions.find((d) => d.name === expected.name);
        if (audience?.kind !== 'audience') throw new Error(`${expected.name} is not an audience`);
        const rows = audience.entity === 'account' ? testCase.data.accounts : testCase.data.users;
        const ids = [...new Set(rows.map((r) => r.id))];
        const outcome = await explainMembers(db.warehouse, ir, audience, ids, {
          now: testCase.now,
          sources: db.sources,
        });
        if (!outcome.ok) throw new Error(JSON.stringify(outcome.diagnostics, null, 2));
        const members = new Set(expected.ids);
        for (const explanation of outcome.value) {
          const want = members.has(explanation.id);
          const where = `${name}: ${expected.name} ${explanation.id}`;
          expect(explanation.member, where).toBe(want);
          expect(explanation.root.value, where).toBe(want);
          compared.roots++;
          for (const node of allNodes(explanation.root)) {
            const holds = quantifierHolds(node);
            if (holds === undefined) continue;
            expect(node.value, `${where}: ${node.label} and its users`).toBe(holds);
            compared.quantifiers++;
          }
          for (const node of didNodes(explanation.root)) {
            if (node.count === undefined || node.events === undefined) continue;
            expect(node.events.total, `${where}: ${node.label}`).toBe(node.count);
            compared.counts++;
          }
        }
      }
    } finally {
      await db.dispose();
    }
  });

  it('compared something', () => {
    expect(compared.roots).toBeGreaterThan(0);
    expect(compared.quantifiers).toBeGreaterThan(0);
    expect(compared.counts).toBeGreaterThan(0);
  });
});
