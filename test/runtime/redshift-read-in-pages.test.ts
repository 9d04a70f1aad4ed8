/**
 * Redshift's delivery read (Warehouse.readInPages, issue 12.8): one
 * statement, a cursor in a read-only transaction of a session of its own,
 * paged while the apply's session commits checkpoints. Redshift speaks
 * PostgreSQL's protocol through `pg`, and the cursor's SQL is the form both
 * document (DECLARE … CURSOR FOR inside BEGIN … COMMIT, no WITH HOLD), so the
 * connector itself runs here against the PostgreSQL server of the tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row, Warehouse } from '../../src/runtime/warehouse.js';
import { openRedshift } from '../../src/runtime/warehouses/redshift.js';
import { PG_URL } from './apply/project.js';

const SCHEMA = 'whreads_redshift_pages';
const ROWS = 25_001;

describe("Redshift's paged read on a session of its own", () => {
  let session: Warehouse;
  beforeAll(async () => {
    session = await openRedshift({ url: PG_URL });
    await session.execute(`drop schema if exists ${SCHEMA} cascade`);
    await session.execute(`create schema ${SCHEMA}`);
    await session.execute(
      `create table ${SCHEMA}.t as select g as pos, 'v' || g as v from generate_series(1, ${ROWS}) as g`,
    );
    await session.execute(`create table ${SCHEMA}.log (page int)`);
  });
  afterAll(async () => {
    await session.execute(`drop schema if exists ${SCHEMA} cascade`);
    await session.close();
  });

  const read = `select pos, v, pg_backend_pid() as pid, current_setting('transaction_read_only') as ro from ${SCHEMA}.t order by pos`;

  it('reads every row once, in order, in pages, while the session commits between pages', async () => {
    const [{ pid: own }] = (await session.query('select pg_backend_pid() as pid')) as [Row];
    const sizes: number[] = [];
    const rows: Row[] = [];
    for await (const page of session.readInPages!(read, 10_000)) {
      sizes.push(page.length);
      rows.push(...page);
      // A checkpoint's transaction on the apply's session, and a row added to the table read:
      // the commits go through, and the read keeps what its statement saw.
      await session.execute('begin');
      await session.execute(`insert into ${SCHEMA}.log values (${sizes.length})`);
      await session.execute(`insert into ${SCHEMA}.t values (${ROWS + sizes.length}, 'late')`);
      await session.execute('commit');
    }
    expect(sizes).toEqual([10_000, 10_000, 5_001]);
    expect(rows.map((r) => Number(r.pos))).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1));
    expect(rows.every((r) => r.v === `v${String(r.pos)}`)).toBe(true);
    // Another session, read-only.
    expect(new Set(rows.map((r) => r.pid))).toEqual(new Set([rows[0]!.pid]));
    expect(rows[0]!.pid).not.toBe(own);
    expect(new Set(rows.map((r) => r.ro))).toEqual(new Set(['on']));
    const logged = await session.query(`select count(*)::int as n from ${SCHEMA}.log`);
    expect(logged[0]!.n).toBe(3);
  });

  it('ends its transaction when the iteration stops early', async () => {
    await session.execute(`create table ${SCHEMA}.early as select * from ${SCHEMA}.t`);
    let read = 0;
    for await (const page of session.readInPages!(`select pos from ${SCHEMA}.early`, 1_000)) {
      read += page.length;
      break;
    }
    expect(read).toBe(1_000);
    // A transaction left open would hold its lock on the table, and the DROP would wait forever.
    await session.execute(`drop table ${SCHEMA}.early`);
  });

  it('refuses a statement Redshift would refuse with the driver’s message', async () => {
    const pages = session.readInPages!(`select nope from ${SCHEMA}.t`, 10);
    await expect(
      (async () => {
        for await (const page of pages) void page;
      })(),
    ).rejects.toThrow('column "nope" does not exist');
  });
});
