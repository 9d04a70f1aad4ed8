/**
 * What roster's own state needs from one warehouse, behind one interface
 * (ARCHITECTURE.md, "From IR to SQL": one state adapter per dialect, as
 * Terraform backends are one per store). The state SQL in `src/runtime/state`
 * and the snapshot SQL in `src/runtime/plan/snapshot-sql.ts` are written
 * against this interface and never branch on a dialect's name.
 *
 * The apply lock is one row of `<state>.apply_lock` that always exists
 * (created by a migration). Taking it is a conditional UPDATE of that row
 * ("free, or its lease has expired"), run with the warehouse's own atomic
 * primitive (`takeLockStatements`); the caller then reads the row back, so
 * the winner is whoever the row names. docs/dialects.md cites, per
 * warehouse, the documentation that makes the primitive atomic.
 */
import type { DialectName } from '../../../project/types.js';

/** Column types of roster's own tables. */
export interface StateColumnTypes {
  /** Text of any length roster writes (definition source, IR JSON, summaries). */
  text: string;
  bigint: string;
  integer: string;
  boolean: string;
  /** An instant (UTC). */
  timestamp: string;
}

export interface LockGuarantee {
  /** The primitive, in a sentence, for docs/dialects.md. */
  primitive: string;
  /** The warehouse documentation that makes it atomic. */
  source: string;
}

export interface StateAdapter {
  dialect: DialectName;
  types: StateColumnTypes;
  /** `PRIMARY KEY` where the warehouse enforces it (DuckDB, PostgreSQL), else nothing. */
  enforcedPrimaryKey: string;
  /** The warehouse's clock (one clock for every apply, whatever the client machines say). */
  now: string;
  /** `expr` plus `seconds` (a non-negative integer). */
  addSeconds(expr: string, seconds: number): string;
  /** `expr` as text. */
  castText(expr: string): string;
  /** The JSON text of a scalar value (`'"a"'`, `'1.5'`, `'true'`), as text. */
  jsonText(expr: string): string;
  /**
   * Adds `column` to an existing state table unless it is there (a migration
   * of existing state): `ADD COLUMN IF NOT EXISTS` where the warehouse has
   * it. Where it has not (Redshift), a plain `ADD COLUMN`: a migration runs
   * once, and when the migrations run again to re-create a missing table,
   * its "already exists" failure is expected and passed over.
   */
  addColumn(table: string, column: string, type: string): string;
  /**
   * The lower-case hex SHA-256 of the UTF-8 text `expr`: the change log's
   * message ids are computed in SQL from it (`apply/message-id-sql.ts`), the
   * same ids as `calls/message-id.ts`.
   */
  sha256Hex(expr: string): string;
  /** The one-character text of code point `code` (1–31: the control characters JSON escapes). */
  character(code: number): string;
  /**
   * A test that `expr` holds a character JSON escapes (`"`, `\`, U+0001–U+001F),
   * where it is cheaper than escaping text that holds none (nearly every id):
   * message ids then escape only the rows that need it. Absent where escaping
   * everything costs less than any test. Measured over 200,000 ids: on DuckDB
   * the 33 REPLACEs of the escaping cost ~5× one RE2 match; on PostgreSQL a
   * REPLACE that finds nothing is cheaper than any test (a TRANSLATE deleting
   * the 33 characters made the hash 1.6× slower).
   */
  jsonEscapeTest?(expr: string): string;
  /**
   * The column type of a plan snapshot's text that holds one value per member
   * (member ids, values), where the warehouse can store it uncompressed: the
   * snapshot is written once, read once by apply and dropped, and choosing a
   * compression costs more than the space it saves. DuckDB analyses each
   * compression method for every string segment it writes: the first plan's
   * results change at SF 1 (3.1 M rows) took 1.8–2.0 s into the state file
   * compressed and 1.0–1.2 s so (102 MB instead of 22 MB until it is dropped;
   * BENCHMARKS.md, issue 14). Absent: `types.text`.
   */
  snapshotText?: string;
  /** NULL-safe inequality: true when exactly one side is NULL or both differ. */
  isDistinctFrom(a: string, b: string): string;
  /**
   * Whether CREATE/DROP TABLE may run inside a transaction that a ROLLBACK
   * undoes (DuckDB, PostgreSQL, Redshift). Elsewhere migrations run without
   * one and rely on every statement being idempotent.
   */
  transactionalDdl: boolean;
  /** The statements of an explicit transaction. */
  begin: string;
  commit: string;
  rollback: string;
  /**
   * Runs `update` (a conditional UPDATE of the lock row) so that of two
   * applies running it at once only one can change the row: the statements
   * to execute in order (`lockTable` is the qualified table name).
   */
  takeLockStatements(lockTable: string, update: string): string[];
  /**
   * Whether a failure of `takeLockStatements` means that a concurrent apply
   * wrote the lock row first (then the row names the winner); any other
   * failure is reported as itself.
   */
  isConcurrentWrite(message: string): boolean;
  lockGuarantee: LockGuarantee;
  /**
   * A query listing the tables of the state schema as rows with a `name`
   * column. `schemaName` is the schema as configured, `catalog` the DuckDB
   * catalog the state file is attached as (if any).
   */
  listTables(schemaName: string, catalog?: string): string;
  /**
   * Where a target can open a database that is gone when its session closes
   * (an in-memory DuckDB), roster's state cannot live in it: it lives in a
   * database file of the project attached to the session (location.ts).
   * Absent: the state is always a schema of the target's own database.
   */
  stateFile?: StateFileSql;
  /** Why `schemaName` cannot hold roster's state on this warehouse, if it cannot. */
  schemaProblem?(schemaName: string): string | undefined;
  /**
   * Appended to a subquery whose columns the outer query mentions several
   * times, so that they are computed once: PostgreSQL inlines the subquery
   * and computes a column at every mention (`OFFSET 0` stops it). Absent
   * where the planner shares the expression (DuckDB).
   */
  subqueryFence?: string;
  /**
   * Deletes the rows of `table` (aliased `alias`) whose `keys` match a row
   * of `select` (which yields those columns, in that order). Default: a
   * correlated `WHERE EXISTS`. DuckDB plans that as a "delim join", which
   * first collects the distinct keys of the whole table being deleted from
   * (the state's `delivered`, growing with every call delivered): a row
   * `IN` the uncorrelated subquery is a semi join that holds only its rows.
   */
  deleteMatching?(table: string, alias: string, keys: readonly string[], select: string): string;
  /**
   * Where delivery copies one destination's transitions into a table of its
   * session, with each call's messageId (and a group call's anonymousId)
   * computed once by one set-based statement: the read and the checkpoints
   * take the ids from it instead of hashing every call twice. Absent (the
   * read and the checkpoints then hash on the plan's transitions table)
   * where the warehouse has no session tables roster uses, and on DuckDB,
   * where the table would hold every call of the destination in the apply's
   * own memory.
   */
  deliveryTable?: DeliveryTableSql;
  /**
   * Where delivery reads each destination's transitions as one statement
   * streamed in pages (Warehouse.cursor), so the reads do not grow with the
   * calls. Absent (pages read by one statement each) where the driver has no
   * cursor roster can keep open across a checkpoint's commit.
   */
  deliveryCursor?: DeliveryCursorSql;
}

/** The state file of a target whose database forgets (see StateAdapter.stateFile). */
export interface StateFileSql {
  /** Whether a target's settings open a database that is gone when the session closes. */
  needed(settings: Readonly<Record<string, unknown>>): boolean;
  /**
   * The statement attaching database file `file` to the session as catalog
   * `catalog` (created when missing, unless `readOnly`); nothing when the
   * session has it attached already.
   */
  attach(file: string, catalog: string, readOnly: boolean): string;
}

/** The SQL of delivery's streamed read (see StateAdapter.deliveryCursor). */
export interface DeliveryCursorSql {
  /** The JSON array of `columns`, as text (one value per row is cheaper to read than a value per cell). */
  rowText(columns: readonly string[]): string;
  /**
   * Whether the cursor reads the plan's transitions table (with the ids
   * hashed as it goes) rather than delivery's session table, which it cannot
   * see (DuckDB: it runs on its own connection). The plan then stores that
   * table in `pos` order, and the read takes the rows in the order stored,
   * since a sort of the whole destination would hold it all in memory.
   */
  readsPlanTable: boolean;
  /**
   * Whether the open read holds a transaction of the database the
   * checkpoints write to (DuckDB: a second connection of the same database).
   * Behind an open snapshot DuckDB keeps every row a checkpoint commits in
   * memory until the read ends, so a long delivery's memory grew with each
   * checkpoint; delivery then closes the read before a checkpoint it runs
   * during the read and resumes it after, at the next position (one more
   * read per such checkpoint). PostgreSQL's cursor WITH HOLD holds none.
   */
  holdsTransaction?: boolean;
}

/** The SQL of delivery's session table (see StateAdapter.deliveryTable). */
export interface DeliveryTableSql {
  /** `name` (bare) as the table of this session it is made in. */
  ref(name: string): string;
  /** The statements making session table `name` (bare) from `select` (which has a `pos` column). */
  create(name: string, select: string): string[];
}
