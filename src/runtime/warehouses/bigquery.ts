/**
 * BigQuery through the official `@google-cloud/bigquery`, imported lazily
 * (see load-driver.ts). Temporary tables need a session: the first statement
 * creates one and every later statement joins it (`session_id`), so a run's
 * `setup` tables are visible to its result queries. Authentication is the
 * library's (application default credentials or `keyFilename`). Not
 * exercised against a live project here: there is none in CI.
 */
import { optionalString, type Connect } from './connector.js';
import { WarehouseError, errorMessage, isUntrusted } from '../warehouse.js';
import type { Row, Warehouse } from '../warehouse.js';
import { normalizeRaw } from '../values.js';
import { loadDriver } from './load-driver.js';
import { withArticle } from '../../diagnostics/article.js';
import type { Dialect } from '../../sql/index.js';
import type { StateAdapter } from '../state/adapters/state-adapter.js';

export interface BigQuerySettings {
  projectId?: string;
  keyFilename?: string;
  location?: string;
  /** Default dataset for unqualified source tables. */
  dataset?: string;
  /** Each query job is cancelled after this long (`jobTimeoutMs`). */
  statementTimeoutMs?: number;
}

interface BqJob {
  metadata: {
    statistics?: { sessionInfo?: { sessionId?: string }; query?: { statementType?: string } };
  };
  /**
   * With `autoPaginate: false`, one page of at most `maxResults` rows and the
   * options asking for the next (its `pageToken`), or null after the last.
   */
  getQueryResults(
    options?: Record<string, unknown>,
  ): Promise<
    [
      Row[],
      Record<string, unknown> | null | undefined,
      { schema?: { fields?: Array<{ name: string }> } }?,
    ]
  >;
}
interface BqClient {
  createQueryJob(options: Record<string, unknown>): Promise<[BqJob]>;
}
type BigQueryModule = { BigQuery: new (options: Record<string, unknown>) => BqClient };

function plain(value: unknown): unknown {
  // BigQueryTimestamp & co carry their text in `value`.
  if (value !== null && typeof value === 'object' && 'value' in value && !Array.isArray(value)) {
    return normalizeRaw((value as { value: unknown }).value);
  }
  return normalizeRaw(value);
}

function plainRow(row: Row): Row {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)]));
}

/** Kinds of statement that embed an SQL trait: its query, its shape checks, the INSERT filling its table. */
const UNTRUSTED_STATEMENT_TYPES = new Set(['SELECT', 'INSERT']);

class BigQueryWarehouse implements Warehouse {
  readonly dialect = 'bigquery' as const;
  private sessionId: string | undefined;

  constructor(
    private readonly client: BqClient,
    private readonly settings: BigQuerySettings,
  ) {}

  private jobOptions(sql: string): Record<string, unknown> {
    const options: Record<string, unknown> = { query: sql, location: this.settings.location };
    if (this.settings.dataset) options['defaultDataset'] = { datasetId: this.settings.dataset };
    if (this.settings.statementTimeoutMs !== undefined)
      options['jobTimeoutMs'] = this.settings.statementTimeoutMs;
    if (this.sessionId)
      options['connectionProperties'] = [{ key: 'session_id', value: this.sessionId }];
    else options['createSession'] = true;
    return options;
  }

  /**
   * A statement embedding a user's SQL trait runs only when a dry run (free,
   * nothing executed) says it is one statement of an expected kind: BigQuery
   * runs a text of several statements as a script (`statementType` SCRIPT),
   * and has no read-only transaction to stop what such a script writes.
   */
  private async checkOneStatement(sql: string): Promise<void> {
    const [dry] = await this.client.createQueryJob({ ...this.jobOptions(sql), dryRun: true });
    const type = dry.metadata.statistics?.query?.statementType;
    if (type === undefined || !UNTRUSTED_STATEMENT_TYPES.has(type)) {
      throw new Error(
        `BigQuery would run this SQL trait as ${type === 'SCRIPT' ? 'a script of several statements' : withArticle(type ?? 'statement of unknown kind')}; roster runs a trait only as one SELECT`,
      );
    }
  }

  /** The query job of `sql`, in this session (dry-run first when it embeds an SQL trait). */
  private async job(sql: string): Promise<BqJob> {
    if (isUntrusted()) await this.checkOneStatement(sql);
    const [job] = await this.client.createQueryJob(this.jobOptions(sql));
    this.sessionId ??= job.metadata.statistics?.sessionInfo?.sessionId;
    return job;
  }

  private async run(sql: string): Promise<{ rows: Row[]; fields: string[] }> {
    try {
      const [rows, , response] = await (await this.job(sql)).getQueryResults();
      const fields = response?.schema?.fields?.map((f) => f.name) ?? [];
      return { rows: rows.map(plainRow), fields };
    } catch (caught) {
      throw new WarehouseError(errorMessage(caught), sql);
    }
  }

  async query(sql: string): Promise<Row[]> {
    return (await this.run(sql)).rows;
  }

  stream(sql: string, batchSize = 1000): AsyncIterable<Row[]> {
    return this.readInPages(sql, batchSize);
  }

  /**
   * One query job; its result (kept in a temporary table for about 24 hours)
   * is read a page at a time through jobs.getQueryResults with a `pageToken`
   * (https://cloud.google.com/bigquery/docs/paging-results; the client's
   * manual paging: `autoPaginate: false`, the next page's options returned,
   * null after the last, https://github.com/googleapis/nodejs-bigquery/blob/main/src/job.ts).
   * A page read is an API call, not a query job: no job, no slot time.
   * A page may hold fewer rows than asked (at most 20 MB), or none while
   * the job still runs.
   */
  async *readInPages(sql: string, pageRows: number): AsyncIterable<Row[]> {
    let job: BqJob;
    try {
      job = await this.job(sql);
    } catch (caught) {
      throw new WarehouseError(errorMessage(caught), sql);
    }
    let options: Record<string, unknown> | null | undefined = {
      maxResults: Math.max(1, Math.trunc(pageRows)),
      autoPaginate: false,
    };
    while (options) {
      let rows: Row[];
      try {
        [rows, options] = await job.getQueryResults(options);
      } catch (caught) {
        throw new WarehouseError(errorMessage(caught), sql);
      }
      if (rows.length > 0) yield rows.map(plainRow);
    }
  }

  async columns(sql: string): Promise<string[]> {
    return (await this.run(`SELECT * FROM (${sql}\n) AS roster_probe LIMIT 0`)).fields;
  }

  // SQL traits (runUntrusted): checked by a dry run first (checkOneStatement); BigQuery has no
  // read-only transaction, so the role's grants bound what one statement can read (docs/plan-apply.md).
  async execute(sql: string): Promise<void> {
    await this.run(sql);
  }

  async close(): Promise<void> {
    if (this.sessionId) await this.run('CALL BQ.ABORT_SESSION()').catch(() => undefined);
  }
}

export async function openBigQuery(
  settings: BigQuerySettings,
  importer?: (specifier: string) => Promise<unknown>,
): Promise<Warehouse> {
  const module = await loadDriver<BigQueryModule>('bigquery', importer);
  const BigQuery =
    module.BigQuery ?? (module as unknown as { default: BigQueryModule }).default.BigQuery;
  const client = new BigQuery({
    projectId: settings.projectId,
    keyFilename: settings.keyFilename,
    location: settings.location,
  });
  const warehouse = new BigQueryWarehouse(client, settings);
  await warehouse.execute("SET @@time_zone = 'UTC'");
  return warehouse;
}

/** The connector (connectors.ts). */
export const connect: Connect = (settings, options) => {
  const text = (key: string) => optionalString(settings, key);
  return openBigQuery({
    projectId: text('project') ?? text('projectId'),
    keyFilename: text('keyfile') ?? text('keyFilename'),
    location: text('location'),
    dataset: options.schema ?? text('dataset'),
    statementTimeoutMs: options.statementTimeoutMs,
  });
};

/**
 * The state adapter (connectors.ts): roster's state on BigQuery (the state
 * schema is a dataset). `dialect` is the bigquery dialect (the caller's registry, as src/runtime imports no values of src/sql).
 */
export const state = (dialect: Dialect): StateAdapter => ({
  dialect: 'bigquery',
  // BigQuery has no TEXT, TIMESTAMPTZ or enforced PRIMARY KEY.
  types: {
    text: 'STRING',
    bigint: 'INT64',
    integer: 'INT64',
    boolean: 'BOOL',
    timestamp: 'TIMESTAMP',
  },
  enforcedPrimaryKey: '',
  now: 'CURRENT_TIMESTAMP()',
  addSeconds: (expr, seconds) => `TIMESTAMP_ADD(${expr}, INTERVAL ${Math.trunc(seconds)} SECOND)`,
  castText: (expr) => `CAST(${expr} AS STRING)`,
  jsonText: (expr) => `TO_JSON_STRING(${expr})`,
  addColumn: (table, column, type) =>
    `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} ${type}`,
  isDistinctFrom: (a, b) => `(${a} IS DISTINCT FROM ${b})`,
  // SHA256 returns BYTES, TO_HEX writes them in lower case
  // (https://cloud.google.com/bigquery/docs/reference/standard-sql/hash_functions#sha256).
  sha256Hex: (expr) => `TO_HEX(SHA256(${expr}))`,
  // No CHR: https://cloud.google.com/bigquery/docs/reference/standard-sql/string_functions#code_points_to_string
  character: (code) => `CODE_POINTS_TO_STRING([${code}])`,
  transactionalDdl: false,
  begin: 'BEGIN TRANSACTION',
  commit: 'COMMIT TRANSACTION',
  rollback: 'ROLLBACK TRANSACTION',
  takeLockStatements: (_table, update) => [`BEGIN TRANSACTION;\n${update};\nCOMMIT TRANSACTION`],
  isConcurrentWrite: (message) => /concurrent update|aborted due to concurrent/i.test(message),
  lockGuarantee: {
    primitive:
      'the conditional UPDATE of the lock row inside a multi-statement transaction: a transaction that mutates rows of a table cannot run concurrently with other transactions or DML statements mutating that table, and the conflicting one is cancelled',
    source: 'https://cloud.google.com/bigquery/docs/transactions#transaction_concurrency',
  },
  listTables: (schemaName) =>
    `SELECT table_name AS name FROM ${dialect.quoteIdentifier(schemaName)}.INFORMATION_SCHEMA.TABLES`,
  schemaProblem: (schemaName) =>
    /^[A-Za-z0-9_]+$/.test(schemaName)
      ? undefined
      : `a BigQuery dataset name may contain only letters, digits and underscores`,
});
