/**
 * A PostgreSQL connection that stalls mid-apply (issue 11.6): through a
 * loopback TCP proxy that stops forwarding on the connections open at that
 * moment, without closing them. The apply ends with an error that says what
 * happened, and its lock is released (over a new connection), so the next
 * apply proceeds at once. The stall starts at the approval prompt, while the
 * lock is held: no timing decides what is tested.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApply } from '../../../src/runtime/apply/run-apply.js';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { roster } from '../apply/cli.js';
import { faultyProxy, routeThroughProxy } from '../apply/faulty-proxy.js';
import type { FaultyProxy } from '../apply/faulty-proxy.js';
import { openStateForTest } from '../apply/state-access.js';
import { DAY1, NOW1, PG_URL, scratchProject } from '../apply/project.js';
import type { ScratchProject } from '../apply/project.js';
import { sqlStage } from '../../../src/sql/index.js';

function messages(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n');
}

describe('a stalled PostgreSQL connection', () => {
  let p: ScratchProject;
  let proxy: FaultyProxy;
  beforeEach(async () => {
    p = await scratchProject('postgres');
    await p.setData(DAY1);
    proxy = await faultyProxy(Number(new URL(PG_URL).port || 5432));
    routeThroughProxy(p, proxy, 'statement_timeout: 8, connect_timeout: 10');
  });
  afterEach(async () => {
    await proxy.close();
    await p.dispose();
  });

  it('ends the apply with a clear error and releases its lock', async () => {
    const result = await runApply({
      projectDir: p.root,
      sql: sqlStage,
      env: process.env,
      now: NOW1,
      autoApprove: false,
      allowMassExit: false,
      interactive: true,
      confirm: async () => {
        proxy.stallNow();
        return true;
      },
      out: () => undefined,
      progress: () => undefined,
    });
    expect(result.exitCode).toBe(1);
    expect(messages(result.diagnostics)).toMatch(
      /apply-failed: the apply on target `dev` \(postgres\) stopped while recording the run in the state: no answer from the database within 8 s \(the target's statement_timeout\): the connection stalled or the statement ran too long$/m,
    );
    // The stall came before any call was sent.
    expect(result.diagnostics.find((d) => d.code === 'apply-failed')?.hints).toEqual([
      'nothing was sent: run `roster apply` again once the target answers',
    ]);
    expect(messages(result.diagnostics)).not.toContain('apply-unlock-failed');
    // Released: nobody holds the lock, and the next apply runs now.
    await openStateForTest(p.root, async (_exec, query) => {
      expect(await query('SELECT run_id FROM {apply_lock}')).toEqual([{ run_id: null }]);
    });
    const next = await roster(p.root, 'apply', '--now', NOW1, '--auto-approve');
    expect(next.code, next.err).toBe(0);
    expect(p.calls()).toHaveLength(13);
  });

  it('rejects a timeout that is not a number of seconds, naming the setting', async () => {
    const file = join(p.root, 'roster.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('statement_timeout: 8', 'statement_timeout: soon'),
    );
    const plan = await roster(p.root, 'plan', '--now', NOW1);
    expect(plan.code).toBe(1);
    expect(plan.err).toContain(
      'error[runtime-bad-setting]: target `dev`: `statement_timeout` must be a number of seconds above 0, not `soon`',
    );
  });
});
