/**
 * Smoke test of the scale benchmark (issue 14.1) at a tiny scale factor:
 * the generated data has what the benchmark claims (skew aside: sizes,
 * wrong-typed properties, timestamp ties, users in several accounts), and the
 * hand-written and naive baselines return exactly roster's results for
 * every definition, and the roster-v2 variant's added sequence and
 * `regularly` audiences agree with the reference evaluator. Correctness
 * only: no timings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureScaleData, scaleSizes } from '../../bench/scale/data.js';
import type { ScaleData } from '../../bench/scale/data.js';
import {
  allEventsSubset,
  checkScale,
  eventSourcesRead,
  loadProgram,
  programSubset,
  programV2Dir,
  runRoster,
} from '../../bench/scale/contenders.js';
import { evaluateReference } from '../../src/reference/evaluate.js';
import type { ReferenceData } from '../../src/reference/data.js';
import { openDuckDb } from '../../src/runtime/warehouses/duckdb.js';

const SF = 0.002;
let dir: string;
let data: ScaleData;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roster-scale-'));
  data = await ensureScaleData(SF, { dir, log: () => {} });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rows(sql: string): Promise<Array<Record<string, unknown>>> {
  const warehouse = await openDuckDb();
  try {
    await warehouse.execute(`ATTACH '${data.file.replaceAll("'", "''")}' AS d (READ_ONLY)`);
    await warehouse.execute('USE d');
    return await warehouse.query(sql);
  } finally {
    await warehouse.close();
  }
}

async function one(sql: string): Promise<Record<string, unknown>> {
  return (await rows(sql))[0]!;
}

describe('scale benchmark data', () => {
  it('has the sizes of its scale factor (SF1 = 20,000 accounts, 200,000 users, 20 M tracks)', () => {
    expect(scaleSizes(1)).toMatchObject({ accounts: 20_000, users: 200_000, tracks: 20_000_000 });
    expect(data.rows).toMatchObject({ accounts: 40, users: 400, tracks: 40_000, pages: 4_000 });
  });

  it('holds wrong-typed properties, timestamp ties and users in several accounts', async () => {
    const row = await one(`select
      (select count(*) from tracks where event = 'Feature Used' and json_type(properties, '$.duration') = 'VARCHAR') as string_durations,
      (select count(*) from tracks where event = 'Feature Used' and json_type(properties, '$.feature') = 'UBIGINT') as number_features,
      (select count(*) from (select user_id, timestamp from tracks group by all having count(*) > 1)) as ties,
      (select count(*) from (select user_id from memberships group by user_id having count(*) > 1)) as multi`);
    for (const [key, value] of Object.entries(row)) {
      expect(Number(value), key).toBeGreaterThan(0);
    }
  });

  it('reuses the file made for the same scale factor and seed', async () => {
    const again = await ensureScaleData(SF, { dir, log: () => {} });
    expect(again.file).toBe(data.file);
    expect(again.generatedSeconds).toBeUndefined();
  });
});

describe('scale benchmark baselines', () => {
  it("the practical limit and the naive compile return exactly roster's results for all 66 definitions of the program (roster-v2, the 5- and 50-definition subsets and roster-all-events roster's for theirs; roster plan snapshots them, and a plan after applying it has no calls)", async () => {
    const outcome = await checkScale(data.file);
    expect(outcome.compared).toBe(66);
    expect(outcome.values).toBeGreaterThan(0);
    expect(outcome.problems).toEqual([]);
  }, 240_000);
});

describe('scale benchmark subsets (5 → 50 definitions)', () => {
  it('are nested, leave syncs out and spread over audiences and traits', async () => {
    const { ir } = await loadProgram();
    const five = programSubset(ir, 5);
    const fifty = programSubset(ir, 50);
    expect(five).toHaveLength(5);
    expect(fifty).toHaveLength(50);
    expect(fifty.slice(0, 5)).toEqual(five);
    const kinds = new Set(five.map((name) => ir.definitions.find((d) => d.name === name)?.kind));
    expect(kinds).toEqual(new Set(['audience', 'computed-trait']));
  });

  it('roster-all-events: 6 of the 50 read every event source the 50 read, where roster-5 reads 3 of 9', async () => {
    const { ir } = await loadProgram();
    const fifty = programSubset(ir, 50);
    const sources = (names: readonly string[]) =>
      [...new Set(names.flatMap((name) => [...eventSourcesRead(ir, name)]))].sort();
    const all = allEventsSubset(ir);
    expect(all).toHaveLength(6);
    expect(fifty).toEqual(expect.arrayContaining(all));
    expect(sources(fifty)).toHaveLength(9);
    expect(sources(all)).toEqual(sources(fifty));
    expect(sources(programSubset(ir, 5))).toEqual([
      'tracks:Logged In',
      'tracks:NPS Submitted',
      'tracks:Support Ticket Opened',
    ]);
    // Three sources are each read only by definitions reading nothing else,
    // so 5 definitions covering all 9 would need 2 of the others to cover the
    // remaining 6: no pair does.
    const only = ['screens', 'tracks:Invite Sent', 'tracks:Report Viewed'];
    const reads = fifty.map((name) => [...eventSourcesRead(ir, name)]);
    for (const r of reads.filter((r) => r.some((source) => only.includes(source))))
      expect(r).toHaveLength(1);
    const others = sources(fifty).filter((source) => !only.includes(source));
    const pairs = reads.flatMap((a) => reads.map((b) => new Set([...a, ...b])));
    expect(pairs.filter((pair) => others.every((source) => pair.has(source)))).toEqual([]);
  });
});

describe('scale benchmark variant with language-v2 time patterns (roster-v2)', () => {
  it('adds a 3-step sequence and a regularly audience whose members the reference evaluator confirms', async () => {
    const added = ['activation_funnel', 'steady_feature_users'];
    const variant = await loadProgram(programV2Dir);
    const definitions = variant.ir.definitions.filter((d) => added.includes(d.name));
    expect(definitions.map((d) => d.name)).toEqual(added);
    const roster = await runRoster(variant, data.file);
    // Both audiences are user audiences over track events: users and tracks are all they read.
    const users = await rows('select id from users');
    const tracks = await rows(`select message_id, user_id, event, epoch_ms(timestamp) as ms,
      cast(properties as varchar) as properties from tracks`);
    const reference: ReferenceData = {
      accounts: [],
      users: users.map((u) => ({ id: String(u.id), traits: {} })),
      memberships: [],
      events: tracks.map((t) => ({
        source: 'tracks',
        user: t.user_id === null ? null : String(t.user_id),
        event: String(t.event),
        at: new Date(Number(t.ms)),
        messageId: String(t.message_id),
        properties: JSON.parse(String(t.properties)) as Record<string, unknown>,
      })),
    };
    const expected = evaluateReference(
      { ...variant.ir, definitions },
      reference,
      '2026-06-30T00:00:00Z',
    );
    for (const name of added) {
      const want = expected.audiences[name] ?? [];
      // Both split the users, so the comparison says something.
      expect(want.length, name).toBeGreaterThan(0);
      expect(want.length, name).toBeLessThan(users.length);
      expect([...(roster.audiences[name] ?? [])].sort(), name).toEqual([...want].sort());
    }
  }, 120_000);
});
