/**
 * BigQuery runs a text of several statements as a script and has no read-only
 * transaction (issue 11.2 on BigQuery): a statement embedding an SQL trait is
 * first dry-run, and runs only when BigQuery calls it one SELECT or INSERT.
 * There is no BigQuery project in CI: the driver is a recording fake that
 * answers dry runs the way BigQuery's jobs API does (`statementType`).
 */
import { describe, expect, it } from 'vitest';
import { runUntrusted } from '../../src/runtime/warehouse.js';
import { openBigQuery } from '../../src/runtime/warehouses/bigquery.js';

interface Sent {
  query: string;
  dryRun: boolean;
}

/** A fake `@google-cloud/bigquery`: a script is any text with a `;` between statements. */
function fakeDriver(sent: Sent[]) {
  const statementType = (sql: string): string =>
    /;\s*\S/.test(sql)
      ? 'SCRIPT'
      : /^\s*insert/i.test(sql)
        ? 'INSERT'
        : /^\s*set/i.test(sql)
          ? 'SET'
          : 'SELECT';
  class BigQuery {
    createQueryJob(options: { query: string; dryRun?: boolean }) {
      sent.push({ query: options.query, dryRun: options.dryRun === true });
      return Promise.resolve([
        {
          metadata: {
            statistics: {
              sessionInfo: { sessionId: 's1' },
              query: { statementType: statementType(options.query) },
            },
          },
          getQueryResults: () => Promise.resolve([[], undefined, { schema: { fields: [] } }]),
        },
      ]);
    }
  }
  return () => Promise.resolve({ BigQuery });
}

describe('BigQuery runs an SQL trait only as one statement', () => {
  const SCRIPT = `insert into t select id, 1 as value from (select 1 as id) as q;
delete from roster_state.delivered where true;
select 1`;

  it('refuses a statement BigQuery would run as a script, without running it', async () => {
    const sent: Sent[] = [];
    const warehouse = await openBigQuery({}, fakeDriver(sent));
    await expect(runUntrusted(() => warehouse.execute(SCRIPT))).rejects.toThrow(
      'BigQuery would run this SQL trait as a script of several statements; roster runs a trait only as one SELECT',
    );
    expect(sent.filter((s) => s.query === SCRIPT)).toEqual([{ query: SCRIPT, dryRun: true }]);
  });

  it('runs one INSERT or SELECT after its dry run', async () => {
    const sent: Sent[] = [];
    const warehouse = await openBigQuery({}, fakeDriver(sent));
    const fill = 'insert into t select id, 1 as value from (select 1 as id) as q';
    await runUntrusted(() => warehouse.execute(fill));
    await runUntrusted(() => warehouse.query('select 1 as id'));
    expect(sent.filter((s) => !s.query.startsWith('SET'))).toEqual([
      { query: fill, dryRun: true },
      { query: fill, dryRun: false },
      { query: 'select 1 as id', dryRun: true },
      { query: 'select 1 as id', dryRun: false },
    ]);
  });

  it('refuses a script read in pages (stream, as the SQL trait check reads), without running it', async () => {
    const sent: Sent[] = [];
    const warehouse = await openBigQuery({}, fakeDriver(sent));
    const read = runUntrusted(async () => {
      for await (const rows of warehouse.stream(SCRIPT)) void rows;
    });
    await expect(read).rejects.toThrow(
      'BigQuery would run this SQL trait as a script of several statements; roster runs a trait only as one SELECT',
    );
    expect(sent.filter((s) => s.query === SCRIPT)).toEqual([{ query: SCRIPT, dryRun: true }]);
  });

  it("runs roster's own statements without a dry run", async () => {
    const sent: Sent[] = [];
    const warehouse = await openBigQuery({}, fakeDriver(sent));
    await warehouse.execute('create temp table a (x int64); create temp table b (x int64)');
    expect(sent.every((s) => !s.dryRun)).toBe(true);
    expect(sent).toHaveLength(2);
  });
});
