/**
 * One evaluation path (issue 13.7): `plan`, `test`/`preview` (evaluate) and
 * `explain` run a user's SQL trait once per evaluation, and cleanup that
 * fails (teardown, a snapshot's tables) is said, not swallowed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkProject } from '../../src/check/index.js';
import { explain } from '../../src/explain/explain.js';
import { loadProject } from '../../src/project/load-project.js';
import { evaluate } from '../../src/runtime/evaluate.js';
import { previewDefinition } from '../../src/runtime/preview.js';
import { dropSnapshot, makePlan } from '../../src/runtime/plan/make-plan.js';
import { prepareRun } from '../../src/runtime/plan/prepare-run.js';
import type { RunContext } from '../../src/runtime/plan/prepare-run.js';
import { stateTable } from '../../src/runtime/state/location.js';
import { WarehouseError } from '../../src/runtime/warehouse.js';
import { openPostgres } from '../../src/runtime/warehouses/postgres.js';
import type { Warehouse } from '../../src/runtime/warehouse.js';
import { relationPlan } from '../../src/sql/compile-project.js';
import { tryCompileProject } from '../../src/sql/index.js';
import { roster } from './apply/cli.js';
import { DAY1, DEFINITIONS, NOW1, PG_URL, scratchProject } from './apply/project.js';
import type { ScratchProject } from './apply/project.js';
import { sqlStage } from '../../src/sql/index.js';

/** Text only the SQL trait's query holds, so the statements that embed it can be told apart. */
const MARKER = 'roster-count-me';

const SQL_TRAIT = `
trait seats = account sql number """
select id, 3 as value from {{ accounts }} as a where '${MARKER}' <> ''
"""
audience big = account where seats >= 3
sync big to audit with group
`;

interface Spy {
  warehouse: Warehouse;
  /** Every statement that embedded the SQL trait's query, in order. */
  ran: string[];
}

/** Wraps a session: records what embeds the marker; statements matching `fail` throw instead of running. */
/** Records the statements that run the SQL trait's query; `fail` (a statement, or a pattern of statements) fails when run. */
function spy(inner: Warehouse, fail?: string | RegExp): Spy {
  const ran: string[] = [];
  const note = (sql: string): void => {
    if (sql.includes(MARKER)) ran.push(sql);
    if (typeof fail === 'string' ? sql === fail : fail?.test(sql))
      throw new WarehouseError('forced failure for the test', sql);
  };
  const warehouse: Warehouse = {
    dialect: inner.dialect,
    query: async (sql) => {
      note(sql);
      return inner.query(sql);
    },
    stream: (sql, batchSize) => {
      note(sql);
      return inner.stream(sql, batchSize);
    },
    columns: async (sql) => {
      note(sql);
      return inner.columns(sql);
    },
    execute: async (sql) => {
      note(sql);
      return inner.execute(sql);
    },
    close: () => inner.close(),
  };
  return { warehouse, ran };
}

describe.each(['duckdb', 'postgres'] as const)('one evaluation path on %s', (engine) => {
  let p: ScratchProject;
  let context: RunContext;
  beforeEach(async () => {
    p = await scratchProject(engine, DEFINITIONS + SQL_TRAIT);
    await p.setData(DAY1);
    const prepared = await prepareRun({ projectDir: p.root, env: process.env, sql: sqlStage });
    if (!prepared.ok) throw new Error(prepared.diagnostics.map((d) => d.message).join('\n'));
    context = prepared.context;
  });
  afterEach(async () => {
    await context.warehouse.close();
    await p.dispose();
  });

  const compiled = () => {
    const result = tryCompileProject(context.ir, {
      dialect: engine,
      now: NOW1,
      sources: context.project.config.sources,
    });
    if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
    return result.compiled;
  };

  /** The SQL trait's table in the plan, and the teardown statement dropping it (teardown is setup reversed). */
  const traitTable = () => {
    const plan = relationPlan(context.ir, {
      dialect: engine,
      now: NOW1,
      sources: context.project.config.sources,
    });
    const reversed = [...plan].reverse();
    const index = reversed.findIndex((r) => r.kind === 'sql-trait');
    const drop = compiled().teardown[index];
    if (index < 0 || drop === undefined) throw new Error('the plan has no SQL trait table');
    return { name: reversed[index]!.name, drop };
  };

  it('plan runs the SQL trait query once', async () => {
    const { warehouse, ran } = spy(context.warehouse);
    const made = await makePlan({ ...context, warehouse }, { now: NOW1 });
    expect(made.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(made.ok && made.plan.audiences.find((a) => a.name === 'big')?.size).toBe(3);
    expect(ran).toHaveLength(1);
    expect(ran[0]).toMatch(/^INSERT INTO/i);
  });

  it("keeps only the results and the transitions: the desired state was the plan session's and is gone", async () => {
    const made = await makePlan(context, { now: NOW1 });
    if (!made.ok) throw new Error(made.diagnostics.map((d) => d.message).join('\n'));
    expect(made.plan.totals.calls).toBeGreaterThan(0);
    // information_schema lists the session's temporary tables too, on both engines.
    const tables = await context.warehouse.query(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_name LIKE '%${made.plan.runId}%' ORDER BY table_name`,
    );
    expect(tables.map((r) => String(r.name))).toEqual([
      made.plan.tables.results,
      made.plan.tables.transitions,
    ]);
  });

  it('evaluate (roster test, preview) runs the SQL trait query once', async () => {
    const { warehouse, ran } = spy(context.warehouse);
    const result = await evaluate(warehouse, compiled());
    expect(result.diagnostics).toEqual([]);
    expect(result.audiences.big).toEqual(['a1', 'a2', 'a3']);
    expect(ran).toHaveLength(1);
  });

  it('explain runs the SQL trait query once', async () => {
    const { warehouse, ran } = spy(context.warehouse);
    const outcome = await explain(warehouse, context.ir, 'seats', 'a1', {
      now: NOW1,
      sources: context.project.config.sources,
    });
    expect(outcome.ok).toBe(true);
    expect(ran).toHaveLength(1);
  });

  it('a repeated id is found in the rows the query wrote, without running it again', async () => {
    p.setDefinitions(
      DEFINITIONS +
        `
trait seats = account sql number """
select id, 1 as value from {{ accounts }} as a union all select 'a1', 2 where '${MARKER}' <> ''
"""
`,
    );
    const loaded = await loadProject(p.root, { env: process.env });
    const ir = loaded.project && checkProject(loaded.project).ir;
    if (!ir) throw new Error('the project does not check');
    const { warehouse, ran } = spy(context.warehouse);
    const made = await makePlan({ ...context, ir, warehouse }, { now: NOW1 });
    expect(made.ok).toBe(false);
    expect(made.diagnostics.map((d) => d.message)).toEqual([
      'SQL trait `seats` must return one row per id, but returned several for `a1` (2 rows)',
    ]);
    expect(ran).toHaveLength(1);
  });

  it("plan reports a teardown statement that fails, as a warning in the plan's warnings", async () => {
    const trait = traitTable();
    const { warehouse } = spy(context.warehouse, trait.drop);
    const made = await makePlan({ ...context, warehouse }, { now: NOW1 });
    expect(made.ok).toBe(true);
    const warning = made.diagnostics.find((d) => d.code === 'runtime-teardown-failed');
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toBe(
      `cleaning up after the evaluation failed on ${engine} (statement \`${trait.drop}\`): forced failure for the test`,
    );
    expect(made.ok && made.plan.warnings).toContain(warning?.message);
    // The other teardown statements still ran: no other roster table is left in the session.
    const left = await context.warehouse.query(
      engine === 'duckdb'
        ? `select table_name from duckdb_tables() where temporary and table_name like 'roster_%'`
        : // This session's temporary schema only: other sessions on the shared server have their own.
          `select tablename as table_name from pg_tables where schemaname = (select nspname from pg_namespace where oid = pg_my_temp_schema()) and tablename like 'roster_%'`,
    );
    expect(left.map((r) => r.table_name)).toEqual([trait.name]);
  });

  it('explain and preview keep their result and return a failed teardown as a warning', async () => {
    const trait = traitTable();
    const failing = trait.drop;
    const teardownWarning = {
      code: 'runtime-teardown-failed',
      severity: 'warning',
      message: expect.stringMatching(/forced failure for the test$/),
    };
    const explained = await explain(
      spy(context.warehouse, failing).warehouse,
      context.ir,
      'seats',
      'a1',
      {
        now: NOW1,
        sources: context.project.config.sources,
      },
    );
    expect(explained.ok).toBe(true);
    expect(explained.ok && explained.warnings).toMatchObject([teardownWarning]);
    // The table the failed drop left behind would stop the next evaluation of this session.
    await context.warehouse.execute(trait.drop);

    const previewed = await previewDefinition(
      spy(context.warehouse, failing).warehouse,
      compiled(),
      'big',
      {
        limit: 5,
        schema: context.project.schema,
        sources: context.project.config.sources,
        sql: sqlStage,
      },
    );
    expect(previewed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(previewed.preview).toMatchObject({ kind: 'audience', size: 3 });
    expect(previewed.diagnostics).toMatchObject([teardownWarning]);
  });

  it("the retention sweep's failures are warnings of a plan that still succeeds", async () => {
    const d = context.location.dialect;
    await context.warehouse.execute(
      `INSERT INTO ${stateTable(context.location, 'snapshots')} (run_id, created_at, tables) VALUES ('r_old', ${d.timestampLiteral('2026-01-01T00:00:00Z')}, ${d.stringLiteral(JSON.stringify(['snap_r_old_results']))})`,
    );
    const dropFails = await makePlan(
      { ...context, warehouse: spy(context.warehouse, /^DROP TABLE.*snap_r_old/).warehouse },
      { now: NOW1 },
    );
    expect(dropFails.ok).toBe(true);
    expect(
      dropFails.diagnostics.filter((x) => x.code === 'plan-snapshot-drop-failed'),
    ).toMatchObject([
      {
        severity: 'warning',
        message: `dropping the snapshot table \`snap_r_old_results\` of run r_old failed on ${engine}: forced failure for the test`,
      },
    ]);

    const sweepFails = await makePlan(
      { ...context, warehouse: spy(context.warehouse, /^SELECT run_id, tables FROM/).warehouse },
      { now: NOW1 },
    );
    expect(sweepFails.ok).toBe(true);
    expect(
      sweepFails.diagnostics.filter((x) => x.code === 'plan-snapshot-drop-failed'),
    ).toMatchObject([
      {
        severity: 'warning',
        message: `dropping the snapshots of plans older than 7 days failed on ${engine}: forced failure for the test`,
      },
    ]);
  });

  it('a snapshot table that cannot be dropped is a warning, and the snapshot stays recorded for a later sweep', async () => {
    const made = await makePlan(context, { now: NOW1 });
    if (!made.ok) throw new Error('plan failed');
    const tables = Object.values(made.plan.tables);
    const recorded = async (): Promise<number> =>
      (
        await context.warehouse.query(
          `SELECT run_id FROM ${stateTable(context.location, 'snapshots')} WHERE run_id = '${made.plan.runId}'`,
        )
      ).length;

    const { warehouse } = spy(context.warehouse, /^DROP TABLE.*_results/);
    const problems = await dropSnapshot({ ...context, warehouse }, made.plan.runId, tables);
    expect(problems.map((d) => [d.code, d.severity, d.message])).toEqual([
      [
        'plan-snapshot-drop-failed',
        'warning',
        `dropping the snapshot table \`${made.plan.tables.results}\` of run ${made.plan.runId} failed on ${engine}: forced failure for the test`,
      ],
    ]);
    expect(await recorded()).toBe(1);

    expect(await dropSnapshot(context, made.plan.runId, tables)).toEqual([]);
    expect(await recorded()).toBe(0);
  });
});

describe('apply says when it cannot drop the applied snapshot (PostgreSQL)', () => {
  let p: ScratchProject;
  beforeEach(async () => {
    p = await scratchProject('postgres');
    await p.setData(DAY1);
  });
  afterEach(async () => {
    await p.dispose();
  });

  it('a view left on a snapshot table makes its drop fail: apply succeeds and warns', async () => {
    const planned = await roster(p.root, 'plan', '--now', NOW1, '--out', 'plan.json');
    expect(planned.code, planned.err).toBe(0);
    const plan = JSON.parse(readFileSync(join(p.root, 'plan.json'), 'utf8')) as {
      runId: string;
      tables: { results: string };
    };
    // Something of the user's reads the snapshot: PostgreSQL refuses to drop it under the view.
    const admin = await openPostgres({ url: PG_URL });
    await admin.execute(
      `create view "${p.pgSchema}".peek as select * from "${p.stateSchema}"."${plan.tables.results}"`,
    );
    await admin.close();
    const applied = await roster(p.root, 'apply', 'plan.json');
    expect(applied.code, applied.err).toBe(0);
    expect(p.calls().length).toBeGreaterThan(0);
    expect(applied.err).toContain('warning[plan-snapshot-drop-failed]');
    expect(applied.err).toContain(
      `dropping the snapshot table \`${plan.tables.results}\` of run ${plan.runId} failed on postgres: cannot drop table`,
    );
  });
});
