/**
 * Creates the `json`-layout source tables (LANGUAGE.md §6) and fills them with
 * a test file's data. Every identifier and value reaches SQL only through the
 * dialect's escaping hooks (ARCHITECTURE.md, "Escaping is a contract").
 */
import type { Dialect } from '../sql/index.js';
import type { FixtureValue, PageFixture, TestData, TrackFixture } from '../project/test-case.js';
import type { LogicalSource, Schema, TraitDeclaration, ValueType } from '../project/types.js';
import type { Warehouse } from '../runtime/index.js';
import type { SourceRange } from '../diagnostics/source.js';

/** Rows per INSERT: big enough to be fast, small enough for any statement size limit. */
const BATCH = 500;

export interface Column {
  name: string;
  /** A dialect type name (already SQL). */
  sqlType: string;
}

export type SqlRow = string[];

function eventColumns(dialect: Dialect, withEvent: boolean): Column[] {
  const text = dialect.columnType('string');
  return [
    { name: 'message_id', sqlType: text },
    { name: 'user_id', sqlType: text },
    ...(withEvent ? [{ name: 'event', sqlType: text }] : []),
    { name: 'timestamp', sqlType: dialect.columnType('timestamp') },
    { name: 'group_id', sqlType: text },
    { name: 'properties', sqlType: dialect.jsonColumnType },
  ];
}

function traitColumns(dialect: Dialect, traits: Record<string, TraitDeclaration>): Column[] {
  return [
    { name: 'id', sqlType: dialect.columnType('string') },
    ...Object.values(traits).map((t) => ({ name: t.name, sqlType: dialect.columnType(t.type) })),
  ];
}

/** A fixture value as a typed SQL literal of the declared type; null (missing) as a typed NULL. */
export function valueLiteral(
  dialect: Dialect,
  type: ValueType,
  value: FixtureValue | undefined,
): string {
  if (value === null || value === undefined) return dialect.nullLiteral(type);
  switch (type) {
    case 'string':
      return dialect.stringLiteral(String(value));
    case 'number':
      return dialect.numberLiteral(Number(value));
    case 'boolean':
      return dialect.booleanLiteral(value === true);
    case 'timestamp':
      return dialect.timestampLiteral(String(value));
    case 'list':
      return dialect.listLiteral(Array.isArray(value) ? value.map(String) : [String(value)]);
  }
}

function jsonLiteral(dialect: Dialect, value: unknown): string {
  return `CAST(${dialect.stringLiteral(JSON.stringify(value ?? {}))} AS ${dialect.jsonColumnType})`;
}

function eventRow(dialect: Dialect, e: TrackFixture | PageFixture): SqlRow {
  const text = (s: string | undefined): string =>
    s === undefined ? dialect.nullLiteral('string') : dialect.stringLiteral(s);
  return [
    text(e.messageId),
    text(e.user),
    ...(e.kind === 'track' ? [text(e.event)] : []),
    dialect.timestampLiteral(e.at),
    text(e.groupId),
    jsonLiteral(dialect, e.properties),
  ];
}

/** The physical table for a logical source: `schema.table` when a scratch schema is used. */
export function fixtureTable(source: LogicalSource, schema?: string): string {
  return schema ? `${schema}.${source}` : source;
}

/** Creates `table` (dot-qualified) with `columns` and inserts `rows` (SQL literals) in batches. */
export async function createAndFill(
  warehouse: Warehouse,
  dialect: Dialect,
  table: string,
  columns: Column[],
  rows: SqlRow[],
): Promise<void> {
  const qualified = dialect.quoteQualified(table.split('.'));
  const defs = columns.map((c) => `${dialect.quoteIdentifier(c.name)} ${c.sqlType}`).join(', ');
  await warehouse.execute(`CREATE TABLE ${qualified} (${defs})`);
  const names = columns.map((c) => dialect.quoteIdentifier(c.name)).join(', ');
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows
      .slice(i, i + BATCH)
      .map((row) => `(${row.join(', ')})`)
      .join(',\n  ');
    await warehouse.execute(`INSERT INTO ${qualified} (${names}) VALUES\n  ${values}`);
  }
}

/**
 * Creates tracks/pages/screens/users/accounts/memberships (in `schema` when
 * given, else the session's default schema) and inserts `data`. Users and
 * accounts get one typed column per trait the project's schema declares.
 */
export async function loadFixtures(
  warehouse: Warehouse,
  dialect: Dialect,
  projectSchema: Schema,
  data: TestData,
  schema?: string,
): Promise<void> {
  const table = (source: LogicalSource): string => fixtureTable(source, schema);
  for (const entity of ['account', 'user'] as const) {
    const traits = projectSchema[entity];
    const rows = (entity === 'account' ? data.accounts : data.users).map((row) => [
      dialect.stringLiteral(row.id),
      ...Object.values(traits).map((t) => valueLiteral(dialect, t.type, row.traits[t.name])),
    ]);
    await createAndFill(
      warehouse,
      dialect,
      table(entity === 'account' ? 'accounts' : 'users'),
      traitColumns(dialect, traits),
      rows,
    );
  }
  const text = dialect.columnType('string');
  await createAndFill(
    warehouse,
    dialect,
    table('memberships'),
    [
      { name: 'user_id', sqlType: text },
      { name: 'account_id', sqlType: text },
    ],
    data.memberships.map((m) => [dialect.stringLiteral(m.user), dialect.stringLiteral(m.account)]),
  );
  const events: Array<['tracks' | 'pages' | 'screens', Array<TrackFixture | PageFixture>]> = [
    ['tracks', data.tracks],
    ['pages', data.pages],
    ['screens', data.screens],
  ];
  for (const [source, rows] of events) {
    await createAndFill(
      warehouse,
      dialect,
      table(source),
      eventColumns(dialect, source === 'tracks'),
      rows.map((e) => eventRow(dialect, e)),
    );
  }
}

/**
 * The row of the test data a warehouse's refusal quotes (PostgreSQL quotes
 * the value it could not take: `date/time field value out of range:
 * "0000-01-01T00:00:00.000Z"`), so the diagnostic can point at it; undefined
 * when the message quotes no value of the data.
 */
export function rowQuotedBy(data: TestData, message: string): SourceRange | undefined {
  const quoted = (value: unknown): boolean =>
    (typeof value === 'string' || typeof value === 'number') &&
    String(value) !== '' &&
    (message.includes(`"${String(value)}"`) || message.includes(`'${String(value)}'`));
  for (const row of [...data.accounts, ...data.users])
    if (quoted(row.id) || Object.values(row.traits).flat().some(quoted)) return row.range;
  for (const event of [...data.tracks, ...data.pages, ...data.screens])
    if ([event.at, event.user, event.messageId, ...Object.values(event.properties)].some(quoted))
      return event.range;
  return undefined;
}
