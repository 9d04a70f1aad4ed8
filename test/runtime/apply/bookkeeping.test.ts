/**
 * Delivery bookkeeping (issue 12.8, 12.6, 11.4): acknowledged positions are
 * merged into the state by set-based statements whose number does not grow
 * with the number of calls; the change log's message ids (computed in SQL)
 * are the ids that were sent; every change row carries the Git commit; a
 * sync removed and added again never reuses a messageId.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { messageId } from '../../../src/runtime/calls/message-id.js';
import { runApply } from '../../../src/runtime/apply/run-apply.js';
import { getDialect } from '../../../src/sql/dialects/index.js';
import { stateAdapter } from '../../../src/runtime/state/adapters/index.js';
import { openDuckDb } from '../../../src/runtime/warehouses/duckdb.js';
import { openPostgres } from '../../../src/runtime/warehouses/postgres.js';
import { roster } from './cli.js';
import { awkwardId, compareMessageIds } from './message-id-cases.js';
import { seededRandom } from '../../support/seeded-random.js';
import {
  applyOptions,
  bigDay,
  DAY1,
  DEFINITIONS,
  NOW1,
  PG_URL,
  scratchProject,
} from './project.js';
import type { ScratchProject } from './project.js';
import { openStateForTest } from './state-access.js';

describe.each(['duckdb', 'postgres'] as const)('message ids in SQL on %s', (engine) => {
  it('equal the JavaScript message ids, for awkward member ids and values and every generation', async () => {
    const warehouse =
      engine === 'duckdb' ? await openDuckDb() : await openPostgres({ url: PG_URL });
    const d = getDialect(engine);
    try {
      const compared = await compareMessageIds(
        warehouse,
        { dialect: d, adapter: stateAdapter(d) },
        300,
      );
      console.log(`message ids compared on ${engine}: ${compared}`);
      expect(compared).toBe(3 * 300);
    } finally {
      await warehouse.close();
    }
  }, 180_000);
});

async function changeRows(root: string): Promise<Array<Record<string, unknown>>> {
  let rows: Array<Record<string, unknown>> = [];
  await openStateForTest(root, async (_exec, query) => {
    rows = await query('SELECT message_id, git_commit, member_id, sync, call, seq FROM {changes}');
  });
  return rows;
}

/**
 * The statements of a destination's session table with its calls' ids
 * (StateAdapter.deliveryTable), made and dropped: DuckDB none (its one read
 * streams the plan's table, hashing as it goes); PostgreSQL the CREATE, an
 * index on the position, an ANALYZE and the DROP.
 */
const SESSION_TABLE = { duckdb: 0, postgres: 4 } as const;

describe.each(['duckdb', 'postgres'] as const)('delivery bookkeeping on %s', (engine) => {
  const projects: ScratchProject[] = [];
  afterEach(async () => {
    for (const p of projects.splice(0)) await p.dispose();
  });

  it('sends a number of statements that does not grow with the number of calls', async () => {
    const counts: Array<{ calls: number; statements: number }> = [];
    for (const n of [5, 60]) {
      const p = await scratchProject(engine);
      projects.push(p);
      await p.setData(bigDay(n));
      // One call per batch: the old bookkeeping ran a transaction per batch.
      const result = await runApply(applyOptions(p.root, { ROSTER_BATCH_SIZE: '1' }));
      expect(result.exitCode, result.diagnostics.map((x) => x.message).join('\n')).toBe(0);
      const calls = p.calls().length;
      counts.push({ calls, statements: result.bookkeepingStatements ?? -1 });
      // The change log holds exactly the calls sent, with the ids that were sent.
      const logged = (await changeRows(p.root)).map((r) => String(r.message_id)).sort();
      expect(logged).toEqual(
        p
          .calls()
          .map((c) => String(c.messageId))
          .sort(),
      );
    }
    const [small, big] = counts;
    expect(big?.calls).toBeGreaterThan(10 * (small?.calls ?? 0));
    expect(big?.statements).toBe(small?.statements);
    // One count query; per destination: its session table (PostgreSQL), one read (a cursor),
    // one checkpoint of BEGIN + 8 statements + COMMIT.
    expect(small?.statements).toBe(1 + SESSION_TABLE[engine] + 1 + 10);
  }, 120_000);

  it('reads a plan of more than one page (10,000 transitions) whole, each call once, in order', async () => {
    const p = await scratchProject(engine);
    projects.push(p);
    await p.setData(bigDay(2_500));
    // Batches that do not divide a page: each page ends with a shorter batch.
    const result = await runApply(applyOptions(p.root, { ROSTER_BATCH_SIZE: '3001' }));
    expect(result.exitCode, result.diagnostics.map((x) => x.message).join('\n')).toBe(0);
    const sent = p.calls().map((c) => String(c.messageId));
    expect(sent.length).toBeGreaterThan(10_000);
    expect(sent.length).toBeLessThan(20_000);
    expect(new Set(sent).size).toBe(sent.length);
    const logged = (await changeRows(p.root)).map((r) => String(r.message_id));
    expect([...logged].sort()).toEqual([...sent].sort());
    expect(result.outcomes.reduce((n, o) => n + o.planned, 0)).toBe(sent.length);
    // The file is in plan order: sync (each sync here is named as its source), call, member.
    const order = p.calls().map((c) => {
      const values = (c.traits ?? c.properties) as Record<string, unknown>;
      const source = Object.keys(values).find((k) => k !== 'audience_key' && k !== 'trait_key');
      return [String(source), String(c.type), String(c.userId ?? c.groupId)];
    });
    let inOrder = 0;
    for (let i = 1; i < order.length; i++) {
      const [a, b] = [order[i - 1]!.join('\u0000'), order[i]!.join('\u0000')];
      expect(a < b, `${a} before ${b}`).toBe(true);
      inOrder++;
    }
    expect(inOrder).toBe(sent.length - 1);
    // A count, the session table, one read for both pages (a cursor), one checkpoint of BEGIN + 8 + COMMIT.
    expect(result.bookkeepingStatements).toBe(1 + SESSION_TABLE[engine] + 1 + 10);
    // Applied again, nothing is left to send.
    expect((await roster(p.root, 'plan', '--now', NOW1, '--detailed-exitcode')).code).toBe(0);
  }, 600_000);

  it('sends, for awkward member ids, exactly the calls plan --show-payloads builds in JavaScript', async () => {
    // Delivery reads its pages as JSON text made by the warehouse, with ids hashed in SQL;
    // --show-payloads reads rows and builds each call and its ids in JavaScript.
    const p = await scratchProject(engine);
    projects.push(p);
    const r = seededRandom(7);
    const ids = new Set<string>();
    while (ids.size < 24) ids.add(awkwardId(r));
    const accounts = [...ids].slice(0, 12).map((id) => ({ id, plan: 'pro' }));
    const users = [...ids].slice(12).map((id, i) => ({ id, role: i % 2 === 0 ? 'Admin' : 'x' }));
    await p.setData({
      accounts,
      users,
      memberships: users.map((u, i) => ({ user_id: u.id, account_id: accounts[i]!.id })),
      tracks: users.map((u) => ({
        user_id: u.id,
        event: 'Logged In',
        timestamp: '2026-06-29T10:00:00Z',
      })),
    });
    const payloads = ['--show-payloads', 'audit', '--limit', '1000'];
    const shown = await roster(p.root, 'plan', '--now', NOW1, ...payloads);
    expect(shown.code, shown.err).toBe(0);
    const built = shown.out.split('\n');
    // group (active, logins) per account, identify + track (active) per user, identify (admins) for 6.
    expect(built).toHaveLength(12 * 2 + 12 * 2 + 6);
    const applied = await roster(p.root, 'apply', '--now', NOW1, '--auto-approve');
    expect(applied.code, applied.err).toBe(0);
    expect(p.calls().map((c) => JSON.stringify(c))).toEqual(built);
    const members = p.calls().map((c) => String(c.userId ?? c.groupId));
    expect(new Set(members)).toEqual(ids);
  }, 120_000);

  it('takes apply.checkpoint_seconds from roster.yaml, and ROSTER_CHECKPOINT_SECONDS over it', async () => {
    const counts: number[] = [];
    for (const env of [{}, { ROSTER_CHECKPOINT_SECONDS: '3600' }]) {
      const p = await scratchProject(engine);
      projects.push(p);
      appendFileSync(join(p.root, 'roster.yaml'), 'apply:\n  checkpoint_seconds: 0\n');
      await p.setData(bigDay(12));
      const result = await runApply(applyOptions(p.root, { ROSTER_BATCH_SIZE: '3', ...env }));
      expect(result.exitCode, result.diagnostics.map((x) => x.message).join('\n')).toBe(0);
      counts.push(result.bookkeepingStatements ?? -1);
    }
    // 0 from roster.yaml: a checkpoint (BEGIN + 8 + COMMIT) after every batch of 3 calls.
    expect(counts[0]).toBeGreaterThan(1 + SESSION_TABLE[engine] + 1 + 2 * 10);
    // The environment's hour wins: one count, the session table, one read, one checkpoint at the end.
    expect(counts[1]).toBe(1 + SESSION_TABLE[engine] + 1 + 10);
  }, 120_000);

  it('refuses a malformed ROSTER_CHECKPOINT_SECONDS before sending anything', async () => {
    const p = await scratchProject(engine);
    projects.push(p);
    await p.setData(bigDay(4));
    for (const bad of ['30s', '-1', 'NaN', 'Infinity']) {
      const result = await runApply(applyOptions(p.root, { ROSTER_CHECKPOINT_SECONDS: bad }));
      expect(result.exitCode).toBe(1);
      expect(result.diagnostics.map((x) => [x.code, x.message])).toEqual([
        [
          'apply-bad-checkpoint-seconds',
          `ROSTER_CHECKPOINT_SECONDS must be a number of seconds, 0 or more, not \`${bad}\``,
        ],
      ]);
      expect(p.calls()).toEqual([]);
    }
    // Blank counts as unset, and a well-formed value (spaces around it allowed) is taken.
    for (const good of ['', ' 5 ']) {
      await p.setData(bigDay(good === '' ? 4 : 6));
      const result = await runApply(applyOptions(p.root, { ROSTER_CHECKPOINT_SECONDS: good }));
      expect(result.exitCode, result.diagnostics.map((x) => x.message).join('\n')).toBe(0);
      expect(result.outcomes.reduce((n, o) => n + o.delivered, 0)).toBeGreaterThan(0);
    }
  }, 120_000);

  it('refuses a malformed ROSTER_BATCH_SIZE before sending anything', async () => {
    const p = await scratchProject(engine);
    projects.push(p);
    await p.setData(bigDay(4));
    // Each of these was once ignored silently, so the destination's default batch was used.
    for (const bad of ['0', '-5', '2.5', '10k', 'NaN']) {
      const result = await runApply(applyOptions(p.root, { ROSTER_BATCH_SIZE: bad }));
      expect(result.exitCode).toBe(1);
      expect(result.diagnostics.map((x) => [x.code, x.message])).toEqual([
        [
          'apply-bad-batch-size',
          `ROSTER_BATCH_SIZE must be a whole number of calls, 1 or more, not \`${bad}\``,
        ],
      ]);
      expect(p.calls()).toEqual([]);
    }
  }, 120_000);

  it('checkpointing after every batch records the same state and log as one checkpoint', async () => {
    const once = await scratchProject(engine);
    const often = await scratchProject(engine);
    projects.push(once, often);
    for (const p of [once, often]) await p.setData(bigDay(12));
    expect((await runApply(applyOptions(once.root))).exitCode).toBe(0);
    const result = await runApply(
      applyOptions(often.root, { ROSTER_BATCH_SIZE: '3', ROSTER_CHECKPOINT_SECONDS: '0' }),
    );
    expect(result.exitCode).toBe(0);
    const ids = (p: ScratchProject): string[] =>
      p
        .calls()
        .map((c) => String(c.messageId))
        .sort();
    expect(ids(often)).toEqual(ids(once));
    const log = async (p: ScratchProject): Promise<string[]> =>
      (await changeRows(p.root))
        .map(
          (r) =>
            `${String(r.message_id)} ${String(r.sync)} ${String(r.member_id)} ${Number(r.seq)}`,
        )
        .sort();
    expect(await log(often)).toEqual(await log(once));
    expect((await roster(often.root, 'plan', '--now', NOW1, '--detailed-exitcode')).code).toBe(0);
    // Many checkpoints: more statements, in proportion to checkpoints, not calls.
    expect(result.bookkeepingStatements).toBeGreaterThan(12);
  }, 120_000);

  it('records the Git commit of the definitions on every change row', async () => {
    const p = await scratchProject(engine);
    projects.push(p);
    await p.setData(DAY1);
    const git = (...args: string[]): string =>
      execFileSync('git', args, { cwd: p.root, encoding: 'utf8' }).trim();
    git('init', '-q');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'defs');
    const head = git('rev-parse', 'HEAD');
    // The calls file and the state are written inside the project: keep the checkout clean.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${p.root}/.gitignore`, 'out/\n.roster/\n.gitignore\n');
    expect((await roster(p.root, 'apply', '--now', NOW1, '--auto-approve')).code).toBe(0);
    const rows = await changeRows(p.root);
    expect(rows.length).toBe(13);
    expect(new Set(rows.map((r) => r.git_commit))).toEqual(new Set([head]));
  }, 60_000);

  it('never reuses a messageId when a sync is removed and added again', async () => {
    const p = await scratchProject(engine);
    projects.push(p);
    await p.setData(DAY1);
    expect((await roster(p.root, 'apply', '--now', NOW1, '--auto-approve')).code).toBe(0);
    const first = p.calls().filter((c) => c.type === 'group' && 'logins' in (c.traits as object));
    expect(first).toHaveLength(3);
    p.setDefinitions(DEFINITIONS.replace('sync logins to audit with group\n', ''));
    expect((await roster(p.root, 'apply', '--now', NOW1, '--auto-approve')).code).toBe(0);
    p.setDefinitions(DEFINITIONS);
    const again = await roster(p.root, 'apply', '--now', NOW1, '--auto-approve');
    expect(again.code, again.err).toBe(0);
    const second = p
      .calls()
      .slice(13)
      .filter((c) => c.type === 'group' && 'logins' in (c.traits as object));
    // The same three backfill transitions (entered at seq 1), in a new generation: new ids.
    expect(second.map((c) => c.groupId).sort()).toEqual(['a1', 'a2', 'a3']);
    const old = new Set(first.map((c) => c.messageId));
    for (const c of second) expect(old.has(c.messageId)).toBe(false);
    expect(second.find((c) => c.groupId === 'a1')?.messageId).toBe(
      messageId({
        project: 'scratch',
        destination: 'audit',
        sync: 'logins->audit',
        call: 'group',
        member: 'a1',
        transition: 'changed',
        seq: 1,
        generation: 2,
        // a1's one login in the window, as the state stores it: each engine's JSON text of a DOUBLE.
        value: engine === 'duckdb' ? '1.0' : '1',
      }),
    );
    const logged = new Set((await changeRows(p.root)).map((r) => String(r.message_id)));
    for (const c of second) expect(logged.has(String(c.messageId))).toBe(true);
  }, 60_000);
});
