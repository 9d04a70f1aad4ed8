/**
 * Writes a test file's data set as the tables Segment's warehouse connector
 * would hold for it (`layout: segment`, src/sql/layouts/segment.ts), so every
 * conformance case can run against that layout with the same expectations:
 *
 * - `tracks` (`id`, `user_id`, `event` = snake_cased name, `event_text`,
 *   `timestamp`, `context_group_id`) and one table per event (named
 *   `segmentSnakeCase(event)`) with the same columns plus one typed column per
 *   property the schema declares. A value of another JSON type than declared
 *   is written as NULL: the json layout reads it as missing, and so does a
 *   NULL column.
 * - `pages` (`name`, `url`, `path`, `referrer`, `title`) and `screens` (`name`),
 *   the page fields as columns.
 * - `users`: `id` and a column per declared user trait.
 * - `groups`: one group call per membership (of an account the data set has),
 *   carrying the account's traits, and one call with a NULL `user_id` for an
 *   account without users: an account exists in Segment only through a group
 *   call, and memberships ignore rows without a user.
 */
import type { FixtureValue, PageFixture, TestData, TrackFixture } from '../project/test-case.js';
import type { Schema, TraitDeclaration, ValueType } from '../project/types.js';
import type { Warehouse } from '../runtime/index.js';
import type { Dialect } from '../sql/index.js';
import { segmentSnakeCase } from '../project/snake-case.js';
import { createAndFill, valueLiteral, type Column, type SqlRow } from './load-fixtures.js';

/** The instant of the generated group calls (any instant: every call of an account carries the same traits). */
const GROUP_CALL_AT = '2000-01-01T00:00:00.000Z';

/** The instants `Dialect.timestampLiteral` accepts. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A JSON property value as a column of `type`, NULL when its JSON type is not that type (read as missing). */
function propertyLiteral(dialect: Dialect, type: ValueType, value: unknown): string {
  const matches =
    (type === 'string' && typeof value === 'string') ||
    (type === 'number' && typeof value === 'number' && Number.isFinite(value)) ||
    (type === 'boolean' && typeof value === 'boolean') ||
    (type === 'timestamp' &&
      typeof value === 'string' &&
      ISO_INSTANT.test(value) &&
      !Number.isNaN(Date.parse(value)));
  return matches ? valueLiteral(dialect, type, value as FixtureValue) : dialect.nullLiteral(type);
}

function commonColumns(dialect: Dialect, track: boolean): Column[] {
  const text = dialect.columnType('string');
  return [
    { name: 'id', sqlType: text },
    { name: 'user_id', sqlType: text },
    ...(track
      ? [
          { name: 'event', sqlType: text },
          { name: 'event_text', sqlType: text },
        ]
      : []),
    { name: 'timestamp', sqlType: dialect.columnType('timestamp') },
    { name: 'context_group_id', sqlType: text },
  ];
}

function commonRow(dialect: Dialect, e: TrackFixture | PageFixture): SqlRow {
  const text = (s: string | undefined) =>
    s === undefined ? dialect.nullLiteral('string') : dialect.stringLiteral(s);
  return [
    text(e.messageId),
    text(e.user),
    ...(e.kind === 'track' ? [text(segmentSnakeCase(e.event)), text(e.event)] : []),
    dialect.timestampLiteral(e.at),
    text(e.groupId),
  ];
}

/** Declared traits/properties that become columns (lists only for traits: event properties are never lists). */
function typedColumns(dialect: Dialect, declared: Record<string, TraitDeclaration>): Column[] {
  return Object.values(declared).map((d) => ({
    name: segmentSnakeCase(d.name),
    sqlType: dialect.columnType(d.type),
  }));
}

const PAGE_COLUMNS: Record<'pages' | 'screens', readonly string[]> = {
  pages: ['name', 'url', 'path', 'referrer', 'title'],
  screens: ['name'],
};

/**
 * Creates Segment's tables for `data` (in `schema` when given) and fills them.
 * Table names are the layout's defaults, so `buildSources('segment', {}, schema)`
 * reads them.
 */
export async function loadSegmentFixtures(
  warehouse: Warehouse,
  dialect: Dialect,
  projectSchema: Schema,
  data: TestData,
  schema?: string,
): Promise<void> {
  const table = (name: string) => (schema ? `${schema}.${name}` : name);
  const fill = (name: string, columns: Column[], rows: SqlRow[]) =>
    createAndFill(warehouse, dialect, table(name), columns, rows);

  await fill(
    'tracks',
    commonColumns(dialect, true),
    data.tracks.map((e) => commonRow(dialect, e)),
  );
  const events = new Set([
    ...Object.keys(projectSchema.events),
    ...data.tracks.map((e) => e.event),
  ]);
  for (const event of [...events].sort()) {
    const declared = Object.fromEntries(
      Object.entries(projectSchema.events[event]?.properties ?? {}).filter(
        ([, d]) => d.type !== 'list',
      ),
    );
    const rows = data.tracks
      .filter((e) => e.event === event)
      .map((e) => [
        ...commonRow(dialect, e),
        ...Object.values(declared).map((d) =>
          propertyLiteral(dialect, d.type, e.properties[d.name]),
        ),
      ]);
    await fill(
      segmentSnakeCase(event),
      [...commonColumns(dialect, true), ...typedColumns(dialect, declared)],
      rows,
    );
  }

  for (const source of ['pages', 'screens'] as const) {
    const fields = PAGE_COLUMNS[source];
    await fill(
      source,
      [
        ...commonColumns(dialect, false),
        ...fields.map((name) => ({ name, sqlType: dialect.columnType('string') })),
      ],
      data[source].map((e) => [
        ...commonRow(dialect, e),
        ...fields.map((f) => propertyLiteral(dialect, 'string', e.properties[f])),
      ]),
    );
  }

  const traitValues = (
    declared: Record<string, TraitDeclaration>,
    traits: Record<string, FixtureValue>,
  ) => Object.values(declared).map((d) => valueLiteral(dialect, d.type, traits[d.name]));
  await fill(
    'users',
    [
      { name: 'id', sqlType: dialect.columnType('string') },
      ...typedColumns(dialect, projectSchema.user),
    ],
    data.users.map((u) => [
      dialect.stringLiteral(u.id),
      ...traitValues(projectSchema.user, u.traits),
    ]),
  );

  const text = dialect.columnType('string');
  let calls = 0;
  const groupRows: SqlRow[] = [];
  for (const account of data.accounts) {
    const members = data.memberships.filter((m) => m.account === account.id).map((m) => m.user);
    for (const user of members.length > 0 ? members : [undefined]) {
      groupRows.push([
        dialect.stringLiteral(`g${String(++calls).padStart(6, '0')}`),
        dialect.stringLiteral(account.id),
        user === undefined ? dialect.nullLiteral('string') : dialect.stringLiteral(user),
        dialect.timestampLiteral(GROUP_CALL_AT),
        ...traitValues(projectSchema.account, account.traits),
      ]);
    }
  }
  await fill(
    'groups',
    [
      { name: 'id', sqlType: text },
      { name: 'group_id', sqlType: text },
      { name: 'user_id', sqlType: text },
      { name: 'timestamp', sqlType: dialect.columnType('timestamp') },
      ...typedColumns(dialect, projectSchema.account),
    ],
    groupRows,
  );
}
