/**
 * Refuses a stale saved plan (Terraform's "Saved plan is stale"): the
 * definitions must hash as they did, the applied state must be at the
 * version the plan was computed against, and its snapshot must still exist.
 */
import { error } from '../../diagnostics/diagnostic.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { definitionHashes } from '../plan/definition-hash.js';
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
