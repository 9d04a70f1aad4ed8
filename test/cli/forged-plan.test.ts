/**
 * Plans cannot be forged into destruction (issue 11.8), on DuckDB and
 * PostgreSQL: a saved plan edited by someone who recomputes its hash (so the
 * file reads as whole) to skip the mass-exit guard, to drop roster's own
 * state tables, to remove definitions that still exist, or to plan more (or
 * other) than `roster plan` did — dropping `--select`, moving `now` — is
 * refused, and nothing is sent or lost.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkProject } from '../../src/check/check-project.js';
import { loadProject } from '../../src/project/load-project.js';
import { definitionHashes } from '../../src/runtime/plan/definition-hash.js';
import type { Plan } from '../../src/runtime/plan/plan.js';
import { planFieldDigests, serializePlan } from '../../src/runtime/plan/plan-file.js';
import { roster } from '../runtime/apply/cli.js';
import { DAY1, DAY2, NOW1, NOW2, scratchProject } from '../runtime/apply/project.js';
import type { ScratchProject } from '../runtime/apply/project.js';
import { openStateForTest } from '../runtime/apply/state-access.js';

describe.each(['duckdb', 'postgres'] as const)('a forged saved plan on %s', (engine) => {
  let p: ScratchProject;
  let file: string;
  /** Rewrites the saved plan as an attacker would, hash and all. */
  const forge = (edit: (plan: Plan & Record<string, unknown>) => void): void => {
    const plan = JSON.parse(readFileSync(file, 'utf8')) as Plan & Record<string, unknown>;
    delete plan.hash;
    edit(plan);
    writeFileSync(file, serializePlan(plan));
  };
  const stateCounts = async (): Promise<Record<string, number>> => {
    const counts: Record<string, number> = {};
    await openStateForTest(p.root, async (_exec, query) => {
      for (const table of ['delivered', 'results', 'definitions', 'changes'])
        counts[table] = Number((await query(`SELECT COUNT(*) AS n FROM {${table}}`))[0]?.n);
    });
    return counts;
  };

  beforeEach(async () => {
    p = await scratchProject(engine);
    file = join(p.root, 'plan.json');
    await p.setData(DAY1);
    expect((await roster(p.root, 'apply', '--now', NOW1, '--auto-approve')).code).toBe(0);
    // Day 2 makes half the admins exit: the plan trips the mass-exit guard.
    await p.setData(DAY2);
    const planned = await roster(p.root, 'plan', '--now', NOW2, '--out', 'plan.json');
    expect(planned.code, planned.err).toBe(0);
    expect(planned.out).toContain('apply needs --allow-mass-exit');
  });
  afterEach(async () => {
    await p.dispose();
  });

  it('measures the guards again instead of reading them from the file', async () => {
    const run = (JSON.parse(readFileSync(file, 'utf8')) as Plan).runId;
    forge((plan) => {
      plan.guards = [];
      // What plans of earlier versions carried: the guard's verdict, as data.
      plan.massExit = { threshold: 1, violations: [] };
    });
    // The edit itself is refused: the state records what the plan said.
    const forged = await roster(p.root, 'apply', 'plan.json');
    expect(forged.code).toBe(1);
    expect(forged.err).toContain(
      `\`guards\` is not what \`roster plan\` recorded for run ${run}; \`massExit\` is not what \`roster plan\` recorded for run ${run}`,
    );
    // Even with the state's record rewritten to match (write access to the state), the guard
    // is measured again, not read from the file.
    const edited = JSON.parse(readFileSync(file, 'utf8')) as Plan;
    await openStateForTest(p.root, async (exec) => {
      await exec(
        `UPDATE {snapshots} SET plan_fields = '${JSON.stringify(planFieldDigests(edited))}' WHERE run_id = '${run}'`,
      );
    });
    const refused = await roster(p.root, 'apply', 'plan.json');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      'error[apply-mass-exit]: refusing to apply (mass-exit guard): `admins->audit` (identify): 1 of 2 members would exit (50.0%; apply.mass_exit_threshold: 20%)',
    );
    expect(p.calls()).toHaveLength(13);
    // The same file with the flag applies: the refusal was the guard, not the edit.
    const applied = await roster(p.root, 'apply', 'plan.json', '--allow-mass-exit');
    expect(applied.code, applied.err).toBe(0);
    expect(p.calls()).toHaveLength(22);
  });

  it('refuses snapshot table names that point at the state, and drops nothing', async () => {
    const before = await stateCounts();
    const run = (JSON.parse(readFileSync(file, 'utf8')) as Plan).runId;
    forge((plan) => {
      plan.tables = { results: 'results', transitions: 'delivered' };
    });
    const refused = await roster(p.root, 'apply', 'plan.json', '--allow-mass-exit');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      'error[apply-plan-forged]: refusing the saved plan: it names what `roster plan` did not record in the state: ' +
        `\`tables.results\` names "results", not the run's snapshot table \`snap_${run}_results\`; ` +
        `\`tables.transitions\` names "delivered", not the run's snapshot table \`snap_${run}_transitions\``,
    );
    expect(refused.err).toContain('a plan file is checked against the state, not trusted');

    // Another run id, whose names are well formed but were never recorded by a plan.
    forge((plan) => {
      plan.runId = 'r20260101t000000_abcdef';
      plan.tables = {
        results: 'snap_r20260101t000000_abcdef_results',
        transitions: 'snap_r20260101t000000_abcdef_transitions',
      };
    });
    const unknown = await roster(p.root, 'apply', 'plan.json', '--allow-mass-exit');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain(
      "error[apply-plan-stale]: the saved plan's snapshot (run r20260101t000000_abcdef) is no longer in the state schema",
    );

    // A run id crafted to make the table names something else.
    forge((plan) => {
      plan.runId = 'x"; DROP TABLE delivered; --';
    });
    const crafted = await roster(p.root, 'apply', 'plan.json', '--allow-mass-exit');
    expect(crafted.code).toBe(1);
    expect(crafted.err).toContain(
      'error[apply-plan-forged]: refusing the saved plan: it names what `roster plan` did not record in the state: `runId` "x\\"; DROP TABLE delivered; --" is not a run id roster makes',
    );
    expect(await stateCounts()).toEqual(before);
    expect(p.calls()).toHaveLength(13);
  });

  it('refuses removals of definitions the project still defines', async () => {
    const before = await stateCounts();
    forge((plan) => {
      plan.changes.push(
        { name: 'admins', kind: 'audience', action: 'remove', before: 'audience admins' },
        { name: 'ghost', kind: 'audience', action: 'remove', before: 'audience ghost' },
      );
    });
    const refused = await roster(p.root, 'apply', 'plan.json', '--allow-mass-exit');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      'error[apply-plan-forged]: refusing the saved plan: it names what `roster plan` did not record in the state: ' +
        '`changes` removes `admins`, which the project still defines; `changes` removes `ghost`, which the applied state does not hold',
    );
    expect(await stateCounts()).toEqual(before);
    expect(p.calls()).toHaveLength(13);
  });
  /** Every definition of the scratch project with its hash, computed as `roster plan` does. */
  const allDefinitions = async (): Promise<Plan['definitions']> => {
    const loaded = await loadProject(p.root, { env: process.env });
    const ir = loaded.project && checkProject(loaded.project).ir;
    if (!ir) throw new Error('the scratch project does not check');
    const hashes = definitionHashes(ir);
    return ir.definitions.map((d) => ({
      name: d.name,
      kind: d.kind,
      hash: hashes.get(d.name) ?? '',
    }));
  };

  it('refuses a --select plan widened to everything (select dropped, every definition listed)', async () => {
    const planned = await roster(
      p.root,
      'plan',
      '--now',
      NOW2,
      '--select',
      'admins',
      '--out',
      'plan.json',
    );
    expect(planned.code, planned.err).toBe(0);
    const run = (JSON.parse(readFileSync(file, 'utf8')) as Plan).runId;
    const before = await stateCounts();
    const definitions = await allDefinitions();
    forge((plan) => {
      // What a plan of everything says: no select, every definition (and so every result) covered.
      delete plan.select;
      plan.definitions = definitions;
    });
    const refused = await roster(p.root, 'apply', 'plan.json', '--allow-mass-exit');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      'error[apply-plan-forged]: refusing the saved plan: it names what `roster plan` did not record in the state: ' +
        `\`definitions\` is not what \`roster plan\` recorded for run ${run}; ` +
        `\`select\` is not what \`roster plan\` recorded for run ${run}`,
    );
    expect(await stateCounts()).toEqual(before);
    expect(p.calls()).toHaveLength(13);
  });

  it('refuses a plan whose evaluation instant or counts were edited', async () => {
    const run = (JSON.parse(readFileSync(file, 'utf8')) as Plan).runId;
    const before = await stateCounts();
    forge((plan) => {
      plan.now = '2030-01-01T00:00:00.000Z';
      plan.totals = { enter: 0, exit: 0, update: 0, calls: 0 };
    });
    const refused = await roster(p.root, 'apply', 'plan.json', '--allow-mass-exit');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      `\`now\` is not what \`roster plan\` recorded for run ${run}; \`totals\` is not what \`roster plan\` recorded for run ${run}`,
    );
    expect(await stateCounts()).toEqual(before);
    expect(p.calls()).toHaveLength(13);
    // The unedited plan applies: only the edit was refused.
    const planned = await roster(p.root, 'plan', '--now', NOW2, '--out', 'plan.json');
    expect(planned.code, planned.err).toBe(0);
    const applied = await roster(p.root, 'apply', 'plan.json', '--allow-mass-exit');
    expect(applied.code, applied.err).toBe(0);
    expect(p.calls()).toHaveLength(22);
  });

  it('refuses a saved plan whose snapshot records no fields (made by an earlier roster)', async () => {
    const run = (JSON.parse(readFileSync(file, 'utf8')) as Plan).runId;
    await openStateForTest(p.root, async (exec) => {
      await exec(`UPDATE {snapshots} SET plan_fields = NULL`);
    });
    const refused = await roster(p.root, 'apply', 'plan.json', '--allow-mass-exit');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      `error[apply-plan-stale]: the saved plan's snapshot (run ${run}) was made by an earlier roster, which did not record the plan in the state`,
    );
    expect(p.calls()).toHaveLength(13);
  });

  it('says how to make a plan file again when the file given is not one', async () => {
    writeFileSync(file, '# the plan, reviewed on Monday\n');
    const refused = await roster(p.root, 'apply', 'plan.json');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      `error[apply-plan-unreadable]: ${file} is not a roster plan (not JSON)`,
    );
    expect(refused.err).toContain(
      '= help: make the plan again with `roster plan --out plan.json` and apply that file unchanged',
    );
  });
});
