/**
 * Codes no command reaches on a small local project, shown through the
 * library (src/index.ts) on the data project (code-examples.ts): the call as
 * a user of the library would write it, run for real, its diagnostics
 * rendered as the command line renders them.
 */
import { checkProject } from '../../src/check/check-project.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { loadProject } from '../../src/project/load-project.js';
import { evaluate } from '../../src/runtime/evaluate.js';
import { openWarehouse } from '../../src/runtime/open-warehouse.js';
import { queryColumns } from '../../src/runtime/warehouse.js';
import { tryCompileProject } from '../../src/sql/compile-project.js';
import type { DialectName } from '../../src/project/types.js';
import type { CodeExample } from './code-examples.js';
import { DATA_DEFINITIONS, dataProject, NOW } from './example-projects.js';

/** The project at `root`, checked: what every call below starts from. */
async function checked(root: string) {
  const { project } = await loadProject(root, { env: {} });
  const ir = project && checkProject(project).ir;
  if (!project || !ir) throw new Error('the example project does not check');
  return { project, ir };
}

async function compile(root: string, dialect: string, now: string): Promise<readonly Diagnostic[]> {
  const { project, ir } = await checked(root);
  const compiled = tryCompileProject(ir, {
    dialect: dialect as DialectName,
    now,
    sources: project.config.sources,
  });
  return compiled.ok ? [] : compiled.diagnostics;
}

/**
 * Evaluates `pro` on the project's DuckDB target, the warehouse failing the
 * statements `fails` picks the way a real one would (a timeout, a lost privilege).
 */
async function evaluatedFailing(
  root: string,
  fails: { query?: string; dropOf?: string },
): Promise<readonly Diagnostic[]> {
  const { project, ir } = await checked(root);
  const compiled = tryCompileProject(ir, {
    dialect: 'duckdb',
    now: NOW,
    sources: project.config.sources,
  });
  if (!compiled.ok) return compiled.diagnostics;
  // The statement dropping a definition's result relation, from the compiled project's metadata.
  const definition = compiled.compiled.definitions.find((d) => d.name === fails.dropOf);
  const drop = definition?.needs.find((n) => n.relation === definition.result.sql)?.drop;
  if (fails.dropOf !== undefined && drop === undefined)
    throw new Error(`no relation holds the result of ${fails.dropOf}`);
  const opened = await openWarehouse(project.config.targets.dev!, {}, { baseDir: root });
  if (!opened.ok) return opened.diagnostics;
  try {
    await opened.warehouse.execute(`SET file_search_path = '${root}'`);
    const real = opened.warehouse;
    const warehouse = Object.assign(Object.create(real) as typeof real, {
      query: (sql: string) =>
        fails.query ? Promise.reject(new Error(fails.query)) : real.query(sql),
      // Evaluation reads results column by column.
      queryColumns: (sql: string) =>
        fails.query ? Promise.reject(new Error(fails.query)) : queryColumns(real, sql),
      execute: (sql: string) =>
        sql === drop ? Promise.reject(new Error('the connection was reset')) : real.execute(sql),
    });
    return (await evaluate(warehouse, compiled.compiled, { only: new Set(['pro']) })).diagnostics;
  } finally {
    await opened.warehouse.close();
  }
}

const COMPILE = (dialect: string, now: string) => `const { project } = await loadProject('.');
const ir = checkProject(project).ir;
tryCompileProject(ir, { dialect: '${dialect}', now: '${now}', sources: project.config.sources });`;

const EVALUATE = (what: string) => `const { project } = await loadProject('.');
const compiled = compileProject(checkProject(project).ir, { dialect: 'duckdb', now: '${NOW}', sources: project.config.sources });
const opened = await openWarehouse(project.config.targets.dev);
// ${what}
await evaluate(opened.warehouse, compiled, { only: new Set(['pro']) });`;

export const apiExamples: CodeExample[] = [
  {
    code: 'sql-dialect-unsupported',
    meant: 'SQL asked for a warehouse roster has no dialect for',
    files: dataProject(),
    show: [],
    api: { call: COMPILE('oracle', NOW), run: (root) => compile(root, 'oracle', NOW) },
  },
  {
    code: 'sql-window-before-year-0',
    meant: 'a 1000-year window evaluated at a `now` in the year 500',
    files: dataProject({
      'audiences/a.roster': `${DATA_DEFINITIONS}trait ever = user count "Logged In" within 52178 weeks\nsync ever to audit with identify\n`,
    }),
    show: ['audiences/a.roster'],
    api: {
      call: COMPILE('duckdb', '0500-01-01T00:00:00Z'),
      run: (root) => compile(root, 'duckdb', '0500-01-01T00:00:00Z'),
    },
  },
  {
    code: 'runtime-query-failed',
    meant: 'a query cancelled by the warehouse’s statement timeout',
    files: dataProject(),
    show: [],
    api: {
      call: EVALUATE('The warehouse cancels the query of `pro`: its statement timeout passed.'),
      run: (root) =>
        evaluatedFailing(root, { query: 'canceling statement due to statement timeout' }),
    },
  },
  {
    code: 'runtime-teardown-failed',
    meant: 'a temporary table the warehouse would not drop',
    files: dataProject(),
    show: [],
    api: {
      call: EVALUATE('The connection is reset while the table of `pro` is being dropped.'),
      run: (root) => evaluatedFailing(root, { dropOf: 'pro' }),
    },
  },
];
