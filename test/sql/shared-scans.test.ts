/**
 * Shared scans (the issue's structure requirement): however many definitions
 * read the same events of `tracks`, the compiled script scans the tracks
 * source the same number of times — once for one definition; on DuckDB, whose
 * partials are one relation per event name (`partialsPerEvent`), once per
 * event (plus the per-value relations whose counts are not folded into them). Counted from DuckDB's EXPLAIN of
 * every setup statement and result query, run on a real in-memory DuckDB
 * holding events of every name read (DuckDB prunes a scan its statistics
 * prove empty, which would hide the others).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IrDefinition } from '../../src/ir/ir.js';
import type { CompiledProject } from '../../src/sql/compiled.js';
import { compileProject } from '../../src/sql/compile-project.js';
import { duckdb } from '../../src/sql/dialects/duckdb.js';
import { openDuckDb, type TestEngine } from './support/engines.js';
import { loadFixture } from './support/fixtures.js';
import {
  agg,
  audience,
  did,
  eq,
  inline,
  jsonSources,
  num,
  project,
  prop,
  propTest,
  SCHEMA,
  track,
  trait,
  within,
} from './support/ir.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await openDuckDb();
  await loadFixture(engine, duckdb, SCHEMA, {
    accounts: [{ id: 'a1' }],
    users: [{ id: 'u1' }],
    memberships: [['u1', 'a1']],
    tracks: ['Logged In', 'Feature Used', 'NPS Submitted', 'Order Completed', 'Invite Sent'].map(
      (event) => ({ user: 'u1', event, at: '2026-06-01T00:00:00Z' }),
    ),
  });
});
afterAll(async () => {
  await engine.close();
});

/** Scans of the physical `tracks` table (staging tables are `temp.main.roster_stage_…`). */
async function tracksScans(compiled: CompiledProject): Promise<number> {
  let scans = 0;
  const count = async (sql: string) => {
    const rows = await engine.query(`EXPLAIN ${sql}`);
    const text = rows.map((r) => String(r['explain_value'])).join('\n');
    scans += (text.match(/\bmain\.tracks\b/g) ?? []).length;
  };
  for (const statement of compiled.teardown) await engine.run(statement);
  for (const statement of compiled.setup) {
    await count(statement);
    await engine.run(statement);
  }
  for (const definition of compiled.definitions) await count(definition.resultQuery);
  return scans;
}

function thirtyDefinitions(): IrDefinition[] {
  const events = ['Logged In', 'Feature Used', 'NPS Submitted', 'Order Completed', 'Invite Sent'];
  const definitions: IrDefinition[] = [];
  events.forEach((event, i) => {
    definitions.push(
      trait(
        `count_${i}`,
        'account',
        agg('count', track(event), { window: within(7 * (i + 1), 'day') }),
      ),
    );
    definitions.push(trait(`last_${i}`, 'user', agg('last', track(event))));
    definitions.push(
      audience(`did_${i}`, 'user', did(track(event), { window: within(i + 1, 'week') })),
    );
    definitions.push(
      audience(`any_${i}`, 'account', {
        kind: 'quantified',
        quantifier: 'at-least',
        n: i + 1,
        body: did(track(event), { n: 2 }),
      }),
    );
  });
  definitions.push(
    trait(
      'top_feature',
      'account',
      agg('most_frequent', track('Feature Used'), { property: prop('feature') }),
    ),
    trait('features', 'user', agg('unique', track('Feature Used'), { property: prop('feature') })),
    trait(
      'revenue',
      'account',
      agg('sum', track('Order Completed'), { property: prop('revenue', 'number') }),
    ),
    trait('nps', 'user', agg('avg', track('NPS Submitted'), { property: prop('score', 'number') })),
    audience(
      'usd_buyers',
      'user',
      did(track('Order Completed'), {
        filter: propTest(prop('currency'), eq('USD')),
        window: within(30, 'day'),
      }),
    ),
    audience(
      'low_logins',
      'account',
      inline(
        'account',
        agg('count', track('Logged In'), { window: within(30, 'day') }),
        num('<', 10),
      ),
    ),
    audience(
      'admins_invited',
      'user',
      did(track('Invite Sent'), { filter: propTest(prop('role'), eq('Admin')) }),
    ),
    audience(
      'heavy',
      'user',
      did(track('Feature Used'), { op: '>', n: 100, window: within(24, 'hour') }),
    ),
    audience('recent', 'user', did(track('Logged In'), { window: within(90, 'minute') })),
    audience(
      'nps_low',
      'user',
      inline(
        'user',
        agg('min', track('NPS Submitted'), { property: prop('score', 'number') }),
        num('<=', 6),
      ),
    ),
  );
  return definitions;
}

/** Thirty more scalar features over the events the thirty definitions read. */
function thirtyMore(): IrDefinition[] {
  const events = ['Logged In', 'Feature Used', 'NPS Submitted', 'Order Completed', 'Invite Sent'];
  return Array.from({ length: 30 }, (_, i) =>
    trait(
      `more_${i}`,
      'user',
      agg('count', track(events[i % events.length] ?? 'Logged In'), {
        window: within(i + 2, 'day'),
      }),
    ),
  );
}

it('scans tracks as often for 60 definitions as for 30 over the same events, once for 1', async () => {
  const options = {
    dialect: 'duckdb' as const,
    now: '2026-06-30T00:00:00Z',
    sources: jsonSources(),
  };
  const many = thirtyDefinitions();
  expect(many).toHaveLength(30);
  const one = compileProject(
    project([audience('active', 'user', did(track('Logged In'), { window: within(30, 'day') }))]),
    options,
  );
  const thirty = compileProject(project(many), options);
  const sixty = compileProject(project([...many, ...thirtyMore()]), options);
  expect(await tracksScans(one)).toBe(1);
  const scansThirty = await tracksScans(thirty);
  // 5 event names (per-event partials); the per-value counts (`most_frequent`
  // and `unique` of `feature` over all Feature Used events share them) are an
  // aggregate of Feature Used's partials (`Dialect.valueHistogram`), no scan of their own.
  expect(scansThirty).toBe(5);
  expect(await tracksScans(sixty)).toBe(scansThirty);
});

it('parses the document once for a string property in the staging scan, again only for a text another JSON type could have', () => {
  const compiled = compileProject(
    project([
      audience(
        'usd_buyers',
        'user',
        did(track('Order Completed'), { filter: propTest(prop('currency'), eq('USD')) }),
      ),
    ]),
    { dialect: 'duckdb', now: '2026-06-30T00:00:00Z', sources: jsonSources() },
  );
  const stage = compiled.setup.find((s) => s.includes('"roster_stage_tracks" AS')) ?? '';
  // The text is a column of the inner query; json_type reads the document only behind the guard.
  expect(stage.match(/json_extract_string\(/g)).toHaveLength(1);
  expect(stage.match(/json_type\(/g)).toHaveLength(1);
  expect(stage).toMatch(
    /CASE WHEN regexp_matches\(s\."p_currency", '[^']*'\) THEN CASE WHEN json_type\(s\.roster_json, '\$\."currency"'\) = 'VARCHAR' THEN s\."p_currency" END ELSE s\."p_currency" END AS "p_currency"/,
  );
});
