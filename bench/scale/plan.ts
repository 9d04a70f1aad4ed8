/**
 * `roster plan` on the scale data (issue 14.3: the plan at most 1.15× the
 * evaluation alone), through the library functions the CLI's `roster plan`
 * calls: the state prepared as `prepareRun` prepares it (location,
 * migrations, ownership), then `makePlan` — compile, evaluation into the
 * results snapshot, the desired state of each sync, the transitions against
 * the delivered state, counts, samples, pending retries and guards.
 *
 * The session is the evaluation contender's (an in-memory DuckDB that
 * attaches the generated file read-only), so the two differ only by what the
 * plan does; the state is an in-memory target's, a DuckDB file in
 * `<root>/.roster/state.duckdb` attached next to it, under a fresh folder
 * per run.
 *
 * Two cases: a first plan on an empty state (every member is new), and the
 * realistic one, a plan after an apply: the state holds the previous
 * snapshot's results and every call of it as delivered, so the diff compares
 * every member with its previous value. That state is made without sending
 * anything, by the apply's own statements (`checkpointStatements` with every
 * position acknowledged, then `finalizePlan`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Project } from '../../src/project/index.js';
import { checkpointStatements, finalizePlan } from '../../src/runtime/apply/deliver-plan.js';
import { makePlan } from '../../src/runtime/plan/make-plan.js';
import type { Plan } from '../../src/runtime/plan/plan.js';
import type { RunContext } from '../../src/runtime/plan/prepare-run.js';
import { openStateLocation, stateTable } from '../../src/runtime/state/location.js';
import { migrateState } from '../../src/runtime/state/migrations.js';
import { claimState, refuseForeignSchema } from '../../src/runtime/state/ownership.js';
import type { Warehouse } from '../../src/runtime/warehouse.js';
import { sqlStage } from '../../src/sql/index.js';
import type { Program } from './contenders.js';
import { REFERENCE_NOW } from './data.js';

/** The project as `roster plan` sees it, its folder (where the state file goes) moved to `root`. */
function planProject(program: Program, root: string): Project {
  return {
    ...program.project,
    config: { ...program.project.config, root, sources: program.sources },
  };
}

/** What `prepareRun` does once connected: the state's location, migrations and owner. */
export async function planContext(
  program: Program,
  warehouse: Warehouse,
  root: string,
): Promise<RunContext> {
  const project = planProject(program, root);
  const target = project.config.targets[project.config.defaultTarget];
  if (!target) throw new Error(`the scale program has no target ${project.config.defaultTarget}`);
  const dialect = sqlStage.dialect(target.dialect);
  const location = await openStateLocation(warehouse, project.config, target, dialect);
  await refuseForeignSchema(warehouse, location);
  await migrateState(warehouse, location);
  await claimState(warehouse, location, project.config.name);
  return { project, ir: program.ir, target, warehouse, location, sql: sqlStage };
}

export async function runPlan(context: RunContext): Promise<Plan> {
  const made = await makePlan(context, { now: REFERENCE_NOW });
  if (!made.ok) {
    throw new Error(`roster plan: ${made.diagnostics.map((d) => d.message).join('; ')}`);
  }
  return made.plan;
}

/**
 * The state an apply of `plan` leaves when every call is acknowledged, made
 * by the apply's checkpoint and finalisation statements without delivering.
 */
export async function applyWithoutSending(context: RunContext, plan: Plan): Promise<void> {
  const { warehouse, location } = context;
  const rows = await warehouse.query(
    `SELECT destination, min(pos) AS first, max(pos) AS last FROM ${stateTable(location, plan.tables.transitions)} GROUP BY destination`,
  );
  const runId = `${plan.runId}_apply`;
  for (const row of rows) {
    const statements = checkpointStatements({
      context,
      plan,
      destination: String(row.destination),
      runId,
      gitCommit: undefined,
      ranges: [{ first: Number(row.first), last: Number(row.last), status: 'ack', reason: null }],
    });
    await warehouse.execute(location.adapter.begin);
    for (const statement of statements) await warehouse.execute(statement);
    await warehouse.execute(location.adapter.commit);
  }
  const problems = await finalizePlan(context, plan, runId);
  if (problems.length > 0) throw new Error(problems.map((d) => d.message).join('; '));
}

/** A fresh folder for one run's state file, removed by `done`. */
export function stateFolder(): { root: string; done: () => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'roster-scale-plan-'));
  return { root, done: () => rmSync(root, { recursive: true, force: true }) };
}
