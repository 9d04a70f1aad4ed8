/**
 * The state SQL of every warehouse — migrations, the lock, ownership, the
 * snapshot and diff — parses with sqlglot (Debian's python3-sqlglot) in that
 * warehouse's dialect, and uses only the types that warehouse has. DuckDB and
 * PostgreSQL run it for real in the other tests; for Snowflake, BigQuery and
 * Redshift this is the check available here (docs/dialects.md says what it
 * cannot prove). The statements are captured from the real functions through
 * a session that records SQL instead of running it.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '../../../src/project/types.js';
import { DIALECT_NAMES } from '../../../src/project/warehouses.js';
import type { CompiledDefinition } from '../../../src/sql/compiled.js';
import type { Channel } from '../../../src/runtime/plan/channels.js';
import { measureGuards } from '../../../src/runtime/plan/guards.js';
import type { RunContext } from '../../../src/runtime/plan/prepare-run.js';
import {
  createDesiredSql,
  createResultsChangeSql,
  createTransitionsSql,
  desiredSelect,
  pendingRetriesSql,
} from '../../../src/runtime/plan/snapshot-sql.js';
import { stateAdapter } from '../../../src/runtime/state/adapters/index.js';
import {
  acquireLock,
  currentHolder,
  readLock,
  releaseLock,
  renewLock,
} from '../../../src/runtime/state/lock.js';
import { bumpStateVersionSql } from '../../../src/runtime/state/meta.js';
import { migrationStatements } from '../../../src/runtime/state/migrations.js';
import { claimState, refuseForeignSchema } from '../../../src/runtime/state/ownership.js';
import type { Row, Warehouse } from '../../../src/runtime/warehouse.js';
import { sqlglotAvailable, sqlglotParse } from '../../sql/sqlglot/sqlglot.js';
import { getDialect } from '../../../src/sql/dialects/index.js';
import { locationFor } from './location-for.js';

/** Records every statement; answers queries with one row that satisfies the callers. */
function recorder(dialect: DialectName, rows: Row[]): { warehouse: Warehouse; sql: string[] } {
  const sql: string[] = [];
  const warehouse: Warehouse = {
    dialect,
    query: async (s) => {
      sql.push(s);
      return rows;
    },
    async *stream(s) {
      sql.push(s);
      yield rows;
    },
    columns: async (s) => {
      sql.push(s);
      return [];
    },
    execute: async (s) => {
      sql.push(s);
    },
    close: async () => undefined,
  };
  return { warehouse, sql };
}

const AUDIENCE = {
  name: 'active',
  kind: 'audience',
  resultQuery: 'SELECT 1 AS id',
} as unknown as CompiledDefinition;
const TRAIT = {
  name: 'logins',
  kind: 'trait',
  resultQuery: 'SELECT 1 AS id, 2.5 AS value',
} as unknown as CompiledDefinition;
const CHANNEL = {
  sync: 'active->crm',
  destination: 'crm',
  call: 'identify',
  source: 'active',
  sourceKind: 'audience',
  level: 'user',
  entity: 'account',
} as unknown as Channel;

/** Every statement of roster's state SQL for `dialect`; `guards` are those the plan's guards measure with. */
async function stateStatements(
  dialect: DialectName,
): Promise<{ statements: string[]; guards: string[] }> {
  const location = locationFor(dialect);
  const d = location.dialect;
  const holderRow: Row = {
    run_id: 'r-me',
    holder: 'me@host',
    host: 'host',
    pid: 1,
    started_at: '2026-01-01T00:00:00.000Z',
    expires_at: '2026-01-01T00:05:00.000Z',
    expired: false,
    value: 'scratch',
    name: 'schema_migrations',
    id: 1,
  };
  const { warehouse, sql } = recorder(dialect, [holderRow]);
  await acquireLock(warehouse, location, currentHolder('r-me'));
  await renewLock(warehouse, location, 'r-me');
  await readLock(warehouse, location);
  await releaseLock(warehouse, location, 'r-me');
  await refuseForeignSchema(warehouse, location);
  await claimState(warehouse, location, 'scratch');
  // The guards' measures: transitions and delivered counts, recorded runs, a source table's rows.
  const guardContext = {
    project: {
      config: {
        sources: {
          layout: 'json',
          mappings: { tracks: { table: 'analytics.tracks', columns: {} } },
        },
      },
    },
    warehouse,
    location,
  } as unknown as RunContext;
  const beforeGuards = sql.length;
  await measureGuards(
    guardContext,
    { results: 'snap_r_results', transitions: 'snap_r_transitions' },
    ['active', 'logins'],
  );
  const guards = sql.slice(beforeGuards);
  const t = (name: string): string => d.quoteQualified(['roster_state', name]);
  // The memberships relation as a compiled project publishes it.
  const memberships = {
    sql: d.quoteIdentifier('roster_stage_memberships'),
    columns: { user_id: d.quoteIdentifier('user_id'), account_id: d.quoteIdentifier('account_id') },
  };
  const statements = [
    ...migrationStatements(location),
    ...sql,
    bumpStateVersionSql(location),
    ...createResultsChangeSql(d, t('snap_r_results'), [AUDIENCE, TRAIT], t('results')),
    ...createResultsChangeSql(d, t('snap_r_results'), [], t('results')),
    // Past the chunk size: a first chunk, then INSERTs (issue 11.9).
    ...createResultsChangeSql(d, t('snap_r_results'), [AUDIENCE, TRAIT], t('results'), 1),
    ...createDesiredSql(d, d.quoteIdentifier('snap_r_desired'), [
      desiredSelect(d, t('results'), { ...CHANNEL, level: 'account' } as Channel, memberships) ??
        '',
      desiredSelect(d, t('results'), CHANNEL, memberships) ?? '',
      desiredSelect(
        d,
        t('results'),
        { ...CHANNEL, source: 'logins', sourceKind: 'trait' } as Channel,
        memberships,
      ) ?? '',
    ]),
    ...createDesiredSql(d, d.quoteIdentifier('snap_r_desired'), []),
    ...createDesiredSql(
      d,
      d.quoteIdentifier('snap_r_desired'),
      [desiredSelect(d, t('results'), CHANNEL, memberships) ?? ''],
      1,
    ),
    createTransitionsSql(
      d,
      t('snap_r_transitions'),
      d.quoteIdentifier('snap_r_desired'),
      t('delivered'),
      t('generations'),
      [CHANNEL],
      ['logins'],
    ),
    ...Object.values(
      pendingRetriesSql(d, t('failures'), t('snap_r_transitions'), ['active->crm', 'x'], 5),
    ),
  ];
  return { statements, guards };
}

beforeAll(() => {
  if (!sqlglotAvailable())
    throw new Error(
      'sqlglot is missing: apt-get install -y python3-sqlglot (see .ci/run); /usr/bin/python3 must import it',
    );
});

/** Statements the warehouse documents but sqlglot 10.6 cannot parse; each must still fail (so the list cannot go stale). */
const KNOWN_PARSER_GAPS: Partial<Record<DialectName, Array<{ doc: string; matches: RegExp }>>> = {
  redshift: [
    { doc: 'https://docs.aws.amazon.com/redshift/latest/dg/r_LOCK.html', matches: /^LOCK / },
  ],
  // Run on DuckDB itself by test/runtime/apply/results-change.test.ts.
  duckdb: [
    {
      doc: 'https://github.com/duckdb/duckdb/blob/main/test/sql/create/create_table_compression.test',
      matches: /USING COMPRESSION uncompressed/,
    },
  ],
};

describe.each(DIALECT_NAMES)('state SQL on %s', (dialect) => {
  it('parses with sqlglot in the warehouse dialect', async () => {
    const { statements, guards } = await stateStatements(dialect);
    expect(statements.length).toBeGreaterThanOrEqual(25);
    // The guards measure with these (plan/guards.ts): at least the source's rows and recorded runs.
    expect(guards.length).toBeGreaterThanOrEqual(2);
    const answer = sqlglotParse(dialect, statements);
    const gaps = KNOWN_PARSER_GAPS[dialect] ?? [];
    const report = answer.problems
      .filter((p) => !gaps.some((g) => g.matches.test(statements[p.index] ?? '')))
      .map((p) => `${p.error}\n${statements[p.index]}`);
    expect(report, `sqlglot ${answer.version}, ${statements.length} statements`).toEqual([]);
    for (const gap of gaps)
      expect(
        answer.problems.some((p) => gap.matches.test(statements[p.index] ?? '')),
        `${gap.doc} now parses: drop it from KNOWN_PARSER_GAPS`,
      ).toBe(true);
  });

  it('has the documentation behind its lock cited in docs/dialects.md', () => {
    const docs = readFileSync(new URL('../../../docs/dialects.md', import.meta.url), 'utf8');
    expect(docs).toContain(`(${stateAdapter(getDialect(dialect)).lockGuarantee.source})`);
  });

  it('uses only types and functions the warehouse has', async () => {
    const text = (await stateStatements(dialect)).statements.join('\n');
    if (dialect === 'bigquery') {
      expect(text).not.toMatch(/\bTEXT\b|TIMESTAMPTZ|PRIMARY KEY|\bINTEGER\b|\bBIGINT\b/);
      // A WHERE needs a FROM on BigQuery.
      expect(text).not.toMatch(/SELECT [^()]*? WHERE 1 = 0/);
    }
    if (dialect === 'redshift') {
      expect(text).not.toMatch(/\bTEXT\b|to_json|IS DISTINCT FROM|PRIMARY KEY/i);
      // https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_TABLE.html: ADD [ COLUMN ] column_name, no IF NOT EXISTS.
      expect(text).not.toMatch(/ADD COLUMN IF NOT EXISTS/i);
      expect(text).toMatch(
        /ALTER TABLE "roster_state"\."changes" ADD COLUMN git_commit VARCHAR\(65535\)/,
      );
    }
    if (dialect === 'snowflake') expect(text).not.toMatch(/\bTEXT\b|PRIMARY KEY/);
  });
});
