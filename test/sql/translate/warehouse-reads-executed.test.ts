/**
 * Delivery on the warehouses reads each destination's transitions with one
 * statement, however many calls (issue 12.8): whole applies of 20,000 and
 * 60,000 calls on Snowflake, BigQuery and Redshift SQL, translated to DuckDB
 * and run (translated-run.ts), send the same statements at both sizes, and
 * every call once, in order. There is no Snowflake account or BigQuery
 * project here, so the real connectors (snowflake.ts, bigquery.ts) run over
 * stand-in drivers that implement the documented paging API over the rows
 * DuckDB returns: snowflake-sdk's `streamRows({ start, end })` and
 * @google-cloud/bigquery's `getQueryResults({ maxResults, pageToken,
 * autoPaginate: false })`. Redshift's connector pages a cursor on a session
 * of its own, which redshift-read-in-pages.test.ts runs on PostgreSQL; here
 * its SQL is translated and the one read paged by the test. Bugs planted in
 * the paging (a driver read against its documentation, a page skipped, a
 * page read twice, a page skipped when an interrupted apply is resumed) must
 * be caught.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runApply, type RunApplyOptions } from '../../../src/runtime/apply/run-apply.js';
import { FileDestination } from '../../../src/runtime/destinations/file-destination.js';
import type { CallRef, DeliveryResult } from '../../../src/runtime/destinations/destination.js';
import type { Row, Warehouse } from '../../../src/runtime/warehouse.js';
import { connectors } from '../../../src/runtime/warehouses/connectors.js';
import { openBigQuery } from '../../../src/runtime/warehouses/bigquery.js';
import { openDuckDb } from '../../../src/runtime/warehouses/duckdb.js';
import { openSnowflake } from '../../../src/runtime/warehouses/snowflake.js';
import { applyOptions } from '../../runtime/apply/project.js';
import { deepTranslator } from './deep-translator.js';
import {
  SHIMS,
  STATE_NOT_EXECUTABLE,
  translatingWarehouse,
  type WarehouseDialect,
} from './translated-run.js';

const NOW = '2026-06-30T00:00:00Z';

/** Mistakes in the paging the checks must catch (each planted in one run). */
type Plant =
  | 'snowflake end read as exclusive'
  | 'bigquery page served twice'
  | 'second page skipped'
  | 'first page skipped when resumed';

interface Run {
  /** Statements the warehouse received during the applies (the lock's timed renewals left out). */
  statements: string[];
  /** Delivery's reads of the transitions among them. */
  reads: number;
  /** The calls the file destination received, in order. */
  calls: Array<{ messageId: string; userId: string }>;
  exitCodes: number[];
  errors: string[];
  /** Whether a planted bug skipped a page (else the plant was never reached: a vacuous run). */
  pageSkipped: boolean;
}

/** Statements that read a destination's transitions (deliver-plan.ts withIdsSql). */
const TRANSITIONS_READ = /AS anonymous_id FROM \(SELECT t\.\*/;

/** A Snowflake result's column names: unquoted identifiers folded to upper case. */
function upperFolded(row: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row))
    out[/^[a-z_][a-z0-9_$]*$/.test(key) ? key.toUpperCase() : key] = value;
  return out;
}

/**
 * A stand-in `snowflake-sdk` running each statement on `session`. With
 * `streamResult: true` the rows are not handed to `complete`, and
 * `streamRows({ start, end })` streams rows `start` to `end`, both included,
 * zero-based, as the driver's documentation shows
 * (https://docs.snowflake.com/en/developer-guide/node-js/nodejs-driver-consume#batch-processing-results:
 * the last 5 rows are `start: getNumRows() - 5, end: getNumRows() - 1`).
 */
function standInSnowflake(session: Warehouse, sent: string[], plant?: Plant): unknown {
  return {
    createConnection: () => ({
      connect: (done: (error?: Error) => void) => done(),
      destroy: (done: (error?: Error) => void) => done(),
      execute(options: {
        sqlText: string;
        streamResult?: boolean;
        complete: (error: Error | undefined, statement: unknown, rows?: Row[]) => void;
      }) {
        const sql = options.sqlText;
        sent.push(sql);
        const work = async (): Promise<{ rows: Row[]; names: string[] }> => {
          // The session's time zone: DuckDB's translated session reads UTC already.
          if (/^ALTER SESSION SET /i.test(sql)) return { rows: [], names: [] };
          const rows = (await session.query(sql)).map(upperFolded);
          const names = /\bLIMIT 0\s*$/i.test(sql)
            ? (await session.columns(sql)).map((n) => Object.keys(upperFolded({ [n]: 0 }))[0]!)
            : Object.keys(rows[0] ?? {});
          return { rows, names };
        };
        work().then(
          ({ rows, names }) => {
            const statement = {
              getColumns: () => names.map((name) => ({ getName: () => name })),
              getNumRows: () => rows.length,
              streamRows: (range?: { start: number; end: number }) => {
                const start = range?.start ?? 0;
                const end = range?.end ?? rows.length - 1;
                const last = plant === 'snowflake end read as exclusive' ? end : end + 1;
                return Readable.from(rows.slice(start, last));
              },
            };
            options.complete(undefined, statement, options.streamResult ? undefined : rows);
          },
          (error: Error) => options.complete(error, undefined, undefined),
        );
      },
    }),
  };
}

/** Rows the stand-in BigQuery puts in one page at most, whatever `maxResults` asks (its 20 MB limit). */
const BIGQUERY_PAGE_LIMIT = 4_093;

/**
 * A stand-in `@google-cloud/bigquery` running each query job on `session`.
 * `getQueryResults` follows the client's manual paging
 * (https://github.com/googleapis/nodejs-bigquery/blob/main/src/job.ts): with
 * `autoPaginate: false` one page and the options of the next (with its
 * `pageToken`), or null after the last; while the job still runs
 * (`jobComplete: false`) no rows and the same options again; a page may hold
 * fewer rows than `maxResults` (https://cloud.google.com/bigquery/docs/paging-results).
 */
function standInBigQuery(session: Warehouse, sent: string[], plant?: Plant): unknown {
  class BigQuery {
    async createQueryJob(options: { query: string; dryRun?: boolean }): Promise<unknown[]> {
      const sql = options.query;
      if (options.dryRun)
        return [{ metadata: { statistics: { query: { statementType: 'SELECT' } } } }];
      sent.push(sql);
      const rows = /^(SET @@time_zone|CALL BQ\.ABORT_SESSION)/.test(sql)
        ? []
        : await session.query(sql);
      const names = /\bLIMIT 0\s*$/i.test(sql)
        ? await session.columns(sql)
        : Object.keys(rows[0] ?? {});
      const response = { schema: { fields: names.map((name) => ({ name })) } };
      let running = true;
      let served = 0;
      return [
        {
          metadata: { statistics: { sessionInfo: { sessionId: 'stand-in' } } },
          getQueryResults: (asked: Record<string, unknown> = {}) => {
            if (asked.autoPaginate !== false) return Promise.resolve([rows, null, response]);
            if (running) {
              running = false;
              return Promise.resolve([[], { ...asked }, { jobComplete: false }]);
            }
            // Planted: the second page asked for is the first again, once.
            const token =
              plant === 'bigquery page served twice' && ++served === 2
                ? undefined
                : asked.pageToken;
            const start = token === undefined ? 0 : Number(token);
            const end = start + Math.min(Number(asked.maxResults), BIGQUERY_PAGE_LIMIT);
            const next = end < rows.length ? { ...asked, pageToken: String(end) } : null;
            return Promise.resolve([rows.slice(start, end), next, response]);
          },
        },
      ];
    }
  }
  return { BigQuery };
}

/**
 * Redshift's one read, translated and paged by the test: its connector's
 * cursor on a session of its own is run on PostgreSQL by
 * redshift-read-in-pages.test.ts.
 */
function pagedRedshift(session: Warehouse): Warehouse {
  return {
    ...session,
    async *readInPages(sql: string, pageRows: number) {
      const rows = await session.query(sql);
      for (let i = 0; i < rows.length; i += pageRows) yield rows.slice(i, i + pageRows);
    },
  };
}

/** `inner` with its paged reads changed as `plant` says (the planted bugs above the driver). */
function planted(
  inner: Warehouse,
  plant: Plant | undefined,
  resumed: () => boolean,
  skipped: () => void,
): Warehouse {
  const pages = inner.readInPages?.bind(inner);
  if (!pages || (plant !== 'second page skipped' && plant !== 'first page skipped when resumed'))
    return inner;
  return Object.assign(Object.create(inner) as Warehouse, {
    async *readInPages(sql: string, pageRows: number) {
      let k = 0;
      for await (const page of pages(sql, pageRows)) {
        k++;
        if (
          (plant === 'second page skipped' && k === 2) ||
          (plant === 'first page skipped when resumed' && resumed() && k === 1)
        ) {
          skipped();
          continue;
        }
        yield page;
      }
    },
  });
}

function writeProject(root: string, engine: WarehouseDialect): void {
  mkdirSync(join(root, 'definitions'), { recursive: true });
  writeFileSync(
    join(root, 'roster.yaml'),
    `name: reads
schema: schema.yml
paths: [definitions]
target: dev
targets:
  dev: { dialect: ${engine} }
destinations:
  audit: { type: file, path: out/calls.ndjson }
state: { schema: roster_state }
apply:
  checkpoint_seconds: 3600
sources:
  layout: json
  pages: false
  screens: false
`,
  );
  writeFileSync(
    join(root, 'schema.yml'),
    'account:\n  traits: { plan: string }\nuser:\n  traits: { role: string }\nevents:\n  Logged In: {}\n',
  );
  writeFileSync(
    join(root, 'definitions', 'main.roster'),
    'audience admins = user where role = "Admin"\nsync admins to audit with identify\n',
  );
}

/** An unattended apply at NOW in batches of 500, every guard allowed (they are not what is tested). */
function options(root: string): RunApplyOptions {
  return {
    ...applyOptions(root, { ROSTER_BATCH_SIZE: '500' }),
    now: NOW,
    allowMassEnter: true,
    allowSizeDrift: true,
  };
}

// Delivery's message-id hashing nests deeper than a test worker's stack lets polyglot parse.
const translator = deepTranslator();
afterAll(() => translator.close());

const roots: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/**
 * `calls` admins applied on `engine`; with `interruptAt`, the destination
 * throws on that batch of the first apply, and a second apply resumes.
 */
async function applies(
  engine: WarehouseDialect,
  calls: number,
  plant?: Plant,
  interruptAt?: number,
): Promise<Run> {
  const root = mkdtempSync(join(tmpdir(), `roster-reads-${engine}-`));
  roots.push(root);
  writeProject(root, engine);
  const db = await openDuckDb();
  const sent: string[] = [];
  let applied = 0;
  try {
    for (const shim of SHIMS[engine]) for (const sql of shim.sql) await db.execute(sql);
    const ids = `SELECT 'u' || lpad(CAST(i AS VARCHAR), 7, '0') AS id FROM range(${calls}) AS r(i)`;
    await db.execute(`CREATE TABLE users AS SELECT id, 'Admin' AS role FROM (${ids})`);
    await db.execute('CREATE TABLE accounts (id VARCHAR, plan VARCHAR)');
    await db.execute('CREATE TABLE memberships (user_id VARCHAR, account_id VARCHAR)');
    const properties = engine === 'bigquery' ? 'JSON' : 'VARIANT';
    await db.execute(
      `CREATE TABLE tracks (message_id VARCHAR, user_id VARCHAR, event VARCHAR, timestamp TIMESTAMPTZ, group_id VARCHAR, properties ${properties})`,
    );
    const kept: Warehouse = Object.assign(Object.create(db) as Warehouse, {
      close: () => Promise.resolve(),
    });
    const session = (): Warehouse =>
      translatingWarehouse(
        kept,
        engine,
        { matches: STATE_NOT_EXECUTABLE[engine].map((g) => g.matches), skipped: [] },
        (sql, d) => translator.translate(sql, d),
      );
    const resumed = (): boolean => applied > 0;
    let pageSkipped = false;
    const skipped = (): void => {
      pageSkipped = true;
    };
    vi.spyOn(connectors[engine], 'connect').mockImplementation(async () => {
      if (engine === 'snowflake')
        return planted(
          await openSnowflake({ account: 'stand-in' }, () =>
            Promise.resolve(standInSnowflake(session(), sent, plant)),
          ),
          plant,
          resumed,
          skipped,
        );
      if (engine === 'bigquery')
        return planted(
          await openBigQuery({}, () => Promise.resolve(standInBigQuery(session(), sent, plant))),
          plant,
          resumed,
          skipped,
        );
      const counted = session();
      const query = counted.query.bind(counted);
      const execute = counted.execute.bind(counted);
      return planted(
        pagedRedshift({
          ...counted,
          query: (sql) => (sent.push(sql), query(sql)),
          execute: (sql) => (sent.push(sql), execute(sql)),
        }),
        plant,
        resumed,
        skipped,
      );
    });
    const exitCodes: number[] = [];
    const errors: string[] = [];
    const original = FileDestination.prototype.deliver;
    let batches = 0;
    if (interruptAt !== undefined)
      vi.spyOn(FileDestination.prototype, 'deliver').mockImplementation(async function (
        this: FileDestination,
        batch: readonly CallRef[],
        json?: readonly string[],
      ): Promise<DeliveryResult> {
        batches++;
        if (applied === 0 && batches === interruptAt) throw new Error('the destination broke');
        return original.call(this, batch, json);
      });
    for (let k = 0; k < (interruptAt === undefined ? 1 : 2); k++) {
      const result = await runApply(options(root));
      applied++;
      exitCodes.push(result.exitCode);
      errors.push(...result.diagnostics.map((d) => `${d.code}: ${d.message}`));
      errors.push(...result.outcomes.flatMap((o) => (o.error ? [o.error] : [])));
    }
    const file = join(root, 'out', 'calls.ndjson');
    const lines = existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter((l) => l !== '')
      : [];
    const statements = sent.filter((sql) => !/SET renewed_at/.test(sql));
    return {
      statements,
      reads: statements.filter((sql) => TRANSITIONS_READ.test(sql)).length,
      calls: lines.map((l) => {
        const call = JSON.parse(l) as { messageId: string; userId: string };
        return { messageId: call.messageId, userId: call.userId };
      }),
      exitCodes,
      errors,
      pageSkipped,
    };
  } finally {
    await db.close();
  }
}

/** What is wrong with a run of `calls` admins: every call once, in member order. */
function problems(run: Run, calls: number): string[] {
  const out: string[] = [];
  if (run.exitCodes.at(-1) !== 0)
    out.push(`exit codes ${run.exitCodes.join(', ')}: ${run.errors.join('; ')}`);
  if (run.calls.length !== calls) out.push(`${run.calls.length} calls sent, ${calls} planned`);
  if (new Set(run.calls.map((c) => c.messageId)).size !== run.calls.length)
    out.push('a messageId was sent twice');
  const expected = Array.from({ length: calls }, (_, i) => `u${String(i).padStart(7, '0')}`);
  const users = run.calls.map((c) => c.userId);
  if (users.some((u, i) => u !== expected[i])) out.push('the calls were not sent in order');
  return out;
}

const SMALL = 20_000;
const LARGE = 60_000;
/** Two pages of 10,000: enough for the planted bugs and the resumed apply. */
const TWO_PAGES = 12_000;

describe.each(['snowflake', 'bigquery', 'redshift'] as const)("delivery's read on %s", (engine) => {
  it(`sends the same statements for ${SMALL} and ${LARGE} calls, and every call once, in order`, async () => {
    const small = await applies(engine, SMALL);
    expect(problems(small, SMALL)).toEqual([]);
    const large = await applies(engine, LARGE);
    expect(problems(large, LARGE)).toEqual([]);
    // One read of the transitions; the whole apply's statements the same at both sizes
    // (with one statement per 10,000 calls, 2 reads against 6).
    expect(small.reads).toBe(1);
    expect(large.reads).toBe(1);
    expect(large.statements.length).toBe(small.statements.length);
    console.log(
      `${engine}: ${small.statements.length} statements for ${SMALL} calls, ${large.statements.length} for ${LARGE}; ${large.reads} read of the transitions`,
    );
  }, 900_000);

  it('resumes an interrupted apply: the rest sent, each call once', async () => {
    // Batches of 500 and pages of 10,000: the 21st, the second page's first, throws (the first
    // apply had read the second page ahead).
    const run = await applies(engine, TWO_PAGES, undefined, 21);
    expect(run.exitCodes).toEqual([1, 0]);
    // The second apply sent only what the first had not recorded: every call once, in order.
    expect(problems(run, TWO_PAGES)).toEqual([]);
    expect(run.reads).toBe(2);
  }, 900_000);

  const plants: Array<[Plant, number | undefined]> = [
    ['second page skipped', undefined],
    ['first page skipped when resumed', 21],
    ...(engine === 'snowflake'
      ? ([['snowflake end read as exclusive', undefined]] as Array<[Plant, undefined]>)
      : []),
    ...(engine === 'bigquery'
      ? ([['bigquery page served twice', undefined]] as Array<[Plant, undefined]>)
      : []),
  ];
  it.each(plants)(
    'catches a planted bug: %s',
    async (plant, interruptAt) => {
      const run = await applies(engine, TWO_PAGES, plant, interruptAt);
      const found = problems(run, TWO_PAGES);
      console.log(`${engine}, ${plant}: ${found.join('; ')}`);
      expect(found.length).toBeGreaterThan(0);
      if (plant === 'second page skipped' || plant === 'first page skipped when resumed')
        expect(run.pageSkipped).toBe(true);
    },
    900_000,
  );
});
