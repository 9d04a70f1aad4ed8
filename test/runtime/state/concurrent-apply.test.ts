/**
 * Two applies started at once against the same state: exactly one proceeds,
 * the other fails fast naming the holder. The winner waits at the approval
 * prompt until the loser has finished, so the two surely overlap (no timing);
 * if both ever got the lock, both would reach the prompt and the test fails.
 * Then the lock primitive itself: rounds of two sessions racing for it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import type { ProjectConfig } from '../../../src/project/types.js';
import { runApply } from '../../../src/runtime/apply/run-apply.js';
import type { RunApplyResult } from '../../../src/runtime/apply/run-apply.js';
import { openStateLocation } from '../../../src/runtime/state/location.js';
import { acquireLock, currentHolder, releaseLock } from '../../../src/runtime/state/lock.js';
import { migrateState } from '../../../src/runtime/state/migrations.js';
import { openPostgres } from '../../../src/runtime/warehouses/postgres.js';
import { DAY1, NOW1, PG_URL, scratchProject } from '../apply/project.js';
import type { ScratchProject } from '../apply/project.js';
import { sqlStage } from '../../../src/sql/index.js';

function messages(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n');
}

describe.each(['duckdb', 'postgres'] as const)('two applies at once on %s', (engine) => {
  let p: ScratchProject;
  beforeEach(async () => {
    p = await scratchProject(engine);
    await p.setData(DAY1);
  });
  afterEach(async () => {
    await p.dispose();
  });

  it('lets exactly one proceed; the other names the holder', async () => {
    let atPrompt = 0;
    let releaseWinner: () => void = () => undefined;
    const loserDone = new Promise<void>((resolve) => {
      releaseWinner = resolve;
    });
    const outs: string[][] = [[], []];
    const start = (i: 0 | 1): Promise<RunApplyResult> =>
      runApply({
        projectDir: p.root,
        sql: sqlStage,
        env: process.env,
        now: NOW1,
        autoApprove: false,
        allowMassExit: false,
        interactive: true,
        confirm: async () => {
          atPrompt += 1;
          if (atPrompt > 1) throw new Error('both applies hold the lock');
          await loserDone;
          return true;
        },
        out: (text) => outs[i]?.push(text),
        progress: () => undefined,
      }).then((result) => {
        if (result.exitCode !== 0) releaseWinner();
        return result;
      });
    const results = await Promise.all([start(0), start(1)]);
    const winners = results.filter((r) => r.exitCode === 0);
    const losers = results.filter((r) => r.exitCode !== 0);
    expect(winners, results.map((r) => messages(r.diagnostics)).join('\n')).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const winnerOut = outs[results.indexOf(winners[0] as RunApplyResult)]?.join('\n') ?? '';
    const winnerRun = /Apply complete \(run (\S+)\)/.exec(winnerOut)?.[1];
    expect(winnerRun, winnerOut).toBeDefined();
    const loser = messages(losers[0]?.diagnostics ?? []);
    // PostgreSQL: the lock row names the winning run. DuckDB: one session at a
    // time may use the state file (in this process; the file lock across processes).
    expect(loser).toMatch(
      engine === 'postgres'
        ? new RegExp(`apply-locked: the state is locked by another apply: run ${winnerRun} by `)
        : new RegExp(
            `state-busy: the state file .* is in use by another roster session in this process \\(PID ${process.pid}\\)`,
          ),
    );
    expect(p.calls()).toHaveLength(13);
  });
});

describe('the lock primitive on postgres under races', () => {
  const schema = `roster_state_${randomBytes(5).toString('hex')}`;
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'roster-race-'));
  });
  afterEach(async () => {
    const admin = await openPostgres({ url: PG_URL });
    await admin.execute(`drop schema if exists "${schema}" cascade`);
    await admin.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('gives the lock to exactly one of two sessions, every round', async () => {
    const config = {
      root,
      file: join(root, 'roster.yaml'),
      name: 'race',
      schemaPath: join(root, 'schema.yml'),
      paths: [root],
      defaultTarget: 'dev',
      targets: {},
      destinations: {},
      events: { scope: 'all_accounts' },
      sources: { layout: 'json', mappings: {} },
      state: { schema },
    } as ProjectConfig;
    const target = { name: 'dev', dialect: 'postgres' as const, settings: {} };
    const sessions = [await openPostgres({ url: PG_URL }), await openPostgres({ url: PG_URL })];
    try {
      const locations = await Promise.all(
        sessions.map((s) => openStateLocation(s, config, target, sqlStage.dialect('postgres'))),
      );
      await Promise.all(sessions.map((s, i) => migrateState(s, locations[i]!)));
      const rounds = 25;
      let compared = 0;
      for (let round = 0; round < rounds; round++) {
        const results = await Promise.all(
          sessions.map((s, i) => acquireLock(s, locations[i]!, currentHolder(`r-${round}-${i}`))),
        );
        const won = results.flatMap((r, i) => (r.ok ? [i] : []));
        expect(won, `round ${round}`).toHaveLength(1);
        const winner = `r-${round}-${won[0]}`;
        for (const r of results) if (!r.ok) expect(r.holder.runId).toBe(winner);
        expect(await releaseLock(sessions[won[0]!]!, locations[won[0]!]!, winner)).toBe(true);
        compared++;
      }
      expect(compared).toBe(rounds);
    } finally {
      await Promise.all(sessions.map((s) => s.close()));
    }
  });
});
