/**
 * Refuses a stale saved plan (Terraform's "Saved plan is stale"): the
 * definitions must hash as they did, the applied state must be at the
 * version the plan was computed against, and its snapshot must still exist.
 *
 * And a forged one (issue 11.8): a plan file's hash only proves that the
 * file is whole, since anyone can recompute it. So every name an apply will
 * touch is checked against the state before anything else: the snapshot
 * tables must be the ones `roster plan` recorded for that run in the state's
 * `snapshots` table (never `delivered` or `results`), and a removal must name
 * a definition the state holds and the project no longer defines. And
 * every field must be what `roster plan` made: plan records a digest per
 * field with its snapshot (`planFieldDigests`), so a plan widened by
 * dropping `--select`, moved to another `now` or showing other counts than
 * it computed is refused, naming the fields. The guards are measured again
 * by apply (plan/guards.ts), never read from the file.
 */
import { error } from '../../diagnostics/diagnostic.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { definitionHashes } from '../plan/definition-hash.js';
import { planFieldDigests } from '../plan/plan-file.js';
import { RUN_ID_PATTERN, snapshotTables } from '../plan/plan.js';
import type { Plan } from '../plan/plan.js';
import type { RunContext } from '../plan/prepare-run.js';
import { stateTable } from '../state/location.js';
import { lastApply, readStateVersion } from '../state/meta.js';

const RERUN = 'run `roster plan --out <file>` again and apply the new plan';

export async function verifyPlan(context: RunContext, plan: Plan): Promise<Diagnostic[]> {
  const { ir, project, target, warehouse, location } = context;
  const problems: Diagnostic[] = [];
  if (plan.project !== project.config.name || plan.target !== target.name) {
    problems.push(
      error(
        'apply-plan-mismatch',
        `the plan was made for project \`${plan.project}\` on target \`${plan.target}\`, not \`${project.config.name}\` on \`${target.name}\``,
        undefined,
        ['pass the same `--target` as the plan, or plan again'],
      ),
    );
    return problems;
  }
  const { forged, unrecorded } = await forgedNames(context, plan);
  if (unrecorded) {
    problems.push(
      error(
        'apply-plan-stale',
        `the saved plan's snapshot (run ${plan.runId}) was made by an earlier roster, which did not record the plan in the state, so the file cannot be checked`,
        undefined,
        [RERUN],
      ),
    );
    return problems;
  }
  if (forged.length > 0) {
    problems.push(
      error(
        'apply-plan-forged',
        `refusing the saved plan: it names what \`roster plan\` did not record in the state: ${forged.join('; ')}`,
        undefined,
        [
          'a plan file is checked against the state, not trusted; run `roster plan --out <file>` again and apply that file unedited',
        ],
      ),
    );
    return problems;
  }
  const current = definitionHashes(ir);
  const planned = new Map(plan.definitions.map((d) => [d.name, d.hash]));
  // A plan of everything must cover every definition; a --select plan only its own.
  const expected = plan.select ? new Set(planned.keys()) : new Set(current.keys());
  const changed: string[] = [];
  for (const [name, hash] of planned) {
    const now = current.get(name);
    if (now === undefined) changed.push(`\`${name}\` was removed`);
    else if (now !== hash) changed.push(`\`${name}\` changed`);
  }
  for (const name of expected) if (!planned.has(name)) changed.push(`\`${name}\` was added`);
  if (changed.length > 0) {
    problems.push(
      error(
        'apply-plan-stale',
        `the saved plan is stale: definitions changed since it was made: ${changed.join(', ')}`,
        undefined,
        [RERUN],
      ),
    );
  }
  const version = await readStateVersion(warehouse, location);
  if (version !== plan.state.version) {
    const last = await lastApply(warehouse, location);
    problems.push(
      error(
        'apply-plan-stale',
        `the saved plan is stale: the applied state changed since it was made (state version ${plan.state.version} → ${version}` +
          `${last ? `; last apply: run ${last.runId} by ${last.holder} at ${last.startedAt}, ${last.status}` : ''})`,
        undefined,
        [RERUN],
      ),
    );
  }
  const snapshot = await warehouse.query(
    `SELECT run_id FROM ${stateTable(location, 'snapshots')} WHERE run_id = ${location.dialect.stringLiteral(plan.runId)}`,
  );
  if (snapshot.length === 0) {
    problems.push(
      error(
        'apply-plan-stale',
        `the saved plan's snapshot (run ${plan.runId}) is no longer in the state schema: it was applied already or expired`,
        undefined,
        [RERUN],
      ),
    );
  }
  return problems;
}

/**
 * Names and fields in `plan` that the state does not vouch for (`forged`, empty: none);
 * `unrecorded` when its snapshot carries no field digests (recorded before roster made them).
 */
async function forgedNames(
  context: RunContext,
  plan: Plan,
): Promise<{ forged: string[]; unrecorded: boolean }> {
  const { ir, warehouse, location } = context;
  const s = (text: string): string => location.dialect.stringLiteral(text);
  const out: string[] = [];
  const runId: unknown = plan.runId;
  if (typeof runId !== 'string' || !RUN_ID_PATTERN.test(runId))
    return {
      forged: [`\`runId\` ${JSON.stringify(runId)} is not a run id roster makes`],
      unrecorded: false,
    };
  const expected = snapshotTables(runId);
  const given = (plan.tables ?? {}) as Record<string, unknown>;
  for (const key of new Set([...Object.keys(expected), ...Object.keys(given)])) {
    const want = (expected as Record<string, string | undefined>)[key];
    if (given[key] !== want)
      out.push(
        want === undefined
          ? `\`tables.${key}\` is not a snapshot table`
          : `\`tables.${key}\` names ${JSON.stringify(given[key])}, not the run's snapshot table \`${want}\``,
      );
  }
  if (out.length > 0) return { forged: out, unrecorded: false };
  const recorded = await warehouse.query(
    `SELECT tables, plan_fields FROM ${stateTable(location, 'snapshots')} WHERE run_id = ${s(runId)}`,
  );
  const want = JSON.stringify(Object.values(expected).sort());
  for (const row of recorded) {
    let names: unknown;
    try {
      names = JSON.parse(String(row.tables));
    } catch {
      names = row.tables;
    }
    const got = Array.isArray(names) ? JSON.stringify([...(names as unknown[])].sort()) : '';
    if (got !== want)
      out.push(`the state records other snapshot tables for run ${runId}: ${String(row.tables)}`);
  }
  const removes = (Array.isArray(plan.changes) ? plan.changes : []).filter(
    (c) => c.action === 'remove',
  );
  if (removes.length > 0) {
    const defined = new Set(ir.definitions.map((d) => d.name));
    const held = new Set(
      (
        await warehouse.query(
          `SELECT name FROM ${stateTable(location, 'definitions')} WHERE name IN (${removes.map((c) => s(String(c.name))).join(', ')})`,
        )
      ).map((r) => String(r.name)),
    );
    for (const c of removes) {
      if (defined.has(c.name))
        out.push(`\`changes\` removes \`${c.name}\`, which the project still defines`);
      else if (!held.has(c.name))
        out.push(`\`changes\` removes \`${c.name}\`, which the applied state does not hold`);
    }
  }
  // No row: the snapshot is gone, which verifyPlan reports as stale.
  const row = recorded[0];
  if (!row) return { forged: out, unrecorded: false };
  if (row.plan_fields === null || row.plan_fields === undefined)
    return { forged: out, unrecorded: out.length === 0 };
  const made = JSON.parse(String(row.plan_fields)) as Record<string, string>;
  const fields = planFieldDigests(plan);
  for (const field of [...new Set([...Object.keys(made), ...Object.keys(fields)])].sort())
    if (made[field] !== fields[field])
      out.push(`\`${field}\` is not what \`roster plan\` recorded for run ${runId}`);
  return { forged: out, unrecorded: false };
}
