/**
 * `layout: segment_archive`: Segment's raw calls as archived (one JSON call a
 * line, optionally gzipped: Segment's S3/GCS destinations, a replay export),
 * read in place. Every source reads the same files and keeps the calls of its
 * type, presenting them under the mapping's column names:
 *
 * - tracks: `type = 'track'`: `messageId`, `userId`, `event`, `timestamp`,
 *   `context.groupId`, `properties` (`{}` when absent);
 * - pages/screens: `type = 'page'`/`'screen'`: `name` (the call's, else
 *   `properties.name`), the other fields (`url`, `path`, …) from `properties`;
 * - users: identify calls with a `userId`, accounts: group calls with a
 *   `groupId`; each trait is the newest non-missing value of that trait over
 *   the entity's calls (by `timestamp`, then `messageId`), as Segment's `users`
 *   table upserts the traits each call carries;
 * - memberships: the distinct (`userId`, `groupId`) pairs of group calls.
 *
 * Needs `Dialect.readJsonLines` (DuckDB).
 */
import { error } from '../../diagnostics/diagnostic.js';
import type { IrValueType } from '../../ir/ir.js';
import type { LogicalSource } from '../../project/types.js';
import type { Knex } from 'knex';
import type { SourceReader } from '../sources.js';
import type { Layout } from './layout.js';

/** The fields of a raw call roster reads (`json`: read as the dialect's JSON type). */
const CALL_FIELDS: ReadonlyArray<readonly [string, IrValueType | 'json']> = [
  ['type', 'string'],
  ['messageId', 'string'],
  ['userId', 'string'],
  ['event', 'string'],
  ['name', 'string'],
  ['timestamp', 'timestamp'],
  ['groupId', 'string'],
  ['context', 'json'],
  ['properties', 'json'],
  ['traits', 'json'],
];

const CALL_TYPE: Partial<Record<LogicalSource, string>> = {
  tracks: 'track',
  pages: 'page',
  screens: 'screen',
  users: 'identify',
  accounts: 'group',
  memberships: 'group',
};

/** A query over the raw files of `source`, one row per call or per entity. */
export function archiveRelation(reader: SourceReader, source: LogicalSource): Knex.QueryBuilder {
  const d = reader.dialect;
  if (!d.readJsonLines)
    throw new Error(`internal: ${d.name} cannot read files (see segmentArchiveLayout.problems)`);
  const q = (name: string) => d.quoteIdentifier(name);
  const r = (field: string) => `r.${q(field)}`;
  const mapping = reader.mapping(source);
  const as = (logical: string) => q(mapping.columns[logical] ?? logical);
  const files = d.readJsonLines(
    mapping.table,
    CALL_FIELDS.map(
      ([name, type]) => [name, type === 'json' ? d.jsonColumnType : d.columnType(type)] as const,
    ),
  );
  const where = [`${r('type')} = ${d.stringLiteral(CALL_TYPE[source] ?? '')}`];
  const k = reader.knex;
  const raw = (sql: string) => reader.raw(sql);
  const select = (columns: string[], extra: string[] = [], distinct = false) =>
    [...where, ...extra].reduce(
      (query, condition) => query.where(raw(condition)),
      (distinct ? k.distinct(columns.map(raw)) : k.select(columns.map(raw))).from(
        raw(`${files} AS r`),
      ),
    );

  if (source === 'tracks' || source === 'pages' || source === 'screens') {
    const properties = `COALESCE(${r('properties')}, ${d.jsonObject ? d.jsonObject([]) : `CAST('{}' AS ${d.jsonColumnType})`})`;
    const columns = [
      `${r('messageId')} AS ${as('message_id')}`,
      `${r('userId')} AS ${as('user_id')}`,
      source === 'tracks'
        ? `${r('event')} AS ${as('event')}`
        : `COALESCE(${r('name')}, ${d.jsonProperty(r('properties'), 'name', 'string')}) AS ${as('name')}`,
      `${r('timestamp')} AS ${as('timestamp')}`,
      `${d.jsonProperty(r('context'), 'groupId', 'string')} AS ${as('group_id')}`,
      `${properties} AS ${as('properties')}`,
    ];
    return select(columns);
  }
  if (source === 'memberships') {
    return select(
      [`${r('userId')} AS ${as('user_id')}`, `${r('groupId')} AS ${as('account_id')}`],
      [`${r('userId')} IS NOT NULL`, `${r('groupId')} IS NOT NULL`],
      true,
    );
  }
  const schema = reader.schema;
  if (!schema) throw new Error('internal: the archive layout needs the schema to read traits');
  const key = source === 'users' ? 'userId' : 'groupId';
  const traits = schema[source === 'users' ? 'user' : 'account'];
  const columns = [`${r(key)} AS ${as('id')}`];
  for (const [name, type] of Object.entries(traits).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    const value =
      type === 'list'
        ? d.jsonStringList
          ? d.jsonStringList(r('traits'), name)
          : d.nullLiteral('list')
        : d.jsonProperty(r('traits'), name, type);
    const newest = d.argByTime(
      'max',
      value,
      r('timestamp'),
      r('messageId'),
      `${value} IS NOT NULL`,
      type,
    );
    columns.push(`${newest} AS ${as(name)}`);
  }
  return select(columns, [`${r(key)} IS NOT NULL`]).groupBy(raw(r(key)));
}

/** The calls present the logical columns themselves, so properties read as in the json layout. */
export const segmentArchiveLayout: Layout = {
  problems: (dialect) =>
    dialect.readJsonLines
      ? []
      : [
          error(
            'sql-layout-unsupported',
            `\`layout: segment_archive\` reads Segment's raw JSON files in place, which ${dialect.name} cannot do`,
            undefined,
            [
              'use a duckdb target for the archive, or `layout: segment` for the tables Segment writes to your warehouse',
            ],
          ),
        ],
  defaultColumn: (logical) => logical,
  relation: archiveRelation,
  eventRelation: archiveRelation,
  property: (reader, source, name, type, alias) => reader.jsonProperty(source, name, type, alias),
  propertyInTwoSteps: (reader, source, name, type, alias) =>
    reader.jsonPropertyInTwoSteps(source, name, type, alias),
  logicalProperties: (reader, source) => reader.properties(source),
};
