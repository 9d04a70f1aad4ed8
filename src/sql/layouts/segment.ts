/**
 * `layout: segment`: the tables Segment's warehouse connector writes (Segment
 * docs, "Warehouse Schemas"). Track properties are not in `tracks` but in one
 * table per event, named after the snake_cased event (`Order Completed` →
 * `order_completed`) with one snake_cased column per property; these tables
 * also hold the common columns (`id`, `user_id`, `timestamp`, `context_*`,
 * `event_text`). Account traits and memberships both come from `groups`, one
 * row per group call. Names are derived in `snake-case.ts`; every one can be
 * overridden in roster.yaml (`sources.tracks.events`, `columns`, `table`).
 *
 * Missing values are the json layout's: a NULL column is a missing property.
 */
import type { Knex } from 'knex';
import type { IrAggregation, IrEventFilter, IrProperty, IrSchema } from '../../ir/ir.js';
import type { JsonObjectEntry, ScalarType } from '../dialect.js';
import type { SourceReader } from '../sources.js';
import { identifier } from '../names.js';
import { segmentSnakeCase } from '../../project/snake-case.js';
import type { Layout } from './layout.js';

/** The column of the stage's per-event union holding property `name` read as `type`. */
export function trackPropertyColumn(name: string, type: ScalarType): string {
  return `roster_p_${type}_${name}`;
}

function filterProperties(filter: IrEventFilter | undefined, out: IrProperty[]): void {
  if (!filter || filter.kind === 'constant') return;
  if (filter.kind === 'test') out.push(filter.subject.property);
  else if (filter.kind === 'not') filterProperties(filter.operand, out);
  else filter.operands.forEach((o) => filterProperties(o, out));
}

/** Every track event the aggregations read, with the (property, type) pairs read from it. */
export function trackReads(
  aggregations: readonly IrAggregation[],
): Map<string, Map<string, IrProperty>> {
  const reads = new Map<string, Map<string, IrProperty>>();
  for (const aggregation of aggregations) {
    if (aggregation.event.source !== 'tracks') continue;
    const event = aggregation.event.event;
    let properties = reads.get(event);
    if (!properties) reads.set(event, (properties = new Map()));
    const used: IrProperty[] = aggregation.property ? [aggregation.property] : [];
    filterProperties(aggregation.filter, used);
    for (const p of used) properties.set(trackPropertyColumn(p.name, p.type), p);
  }
  return reads;
}

/** A per-event table: its name and the physical column of a logical column or property. */
export interface EventTable {
  table: string;
  column(logical: string): string;
}

/**
 * The table of event `event`: `sources.tracks.events[event]` when given, else
 * the snake_cased event name in the schema of the tracks table (so
 * `sources.schema` and a qualified `tracks.table` both apply).
 */
export function eventTable(reader: SourceReader, event: string): EventTable {
  const tracks = reader.mapping('tracks');
  const override = tracks.events?.[event];
  const dot = tracks.table.lastIndexOf('.');
  const schema = dot > 0 ? tracks.table.slice(0, dot) : reader.sources.schema;
  const name = override?.table ?? segmentSnakeCase(event);
  return {
    table: schema && !name.includes('.') ? `${schema}.${name}` : name,
    column: (logical) =>
      override?.columns?.[logical] ?? tracks.columns[logical] ?? reader.defaultColumn(logical),
  };
}

const COMMON = [
  ['message_id', 'string'],
  ['user_id', 'string'],
  ['timestamp', 'timestamp'],
  ['group_id', 'string'],
] as const;

/**
 * A common column of a branch. `context_group_id` exists only once some call
 * carried `context.groupId` (Segment creates a column on its first non-null
 * value), so it is read only under `events.scope: group_context`; elsewhere
 * group tags are never used and the branch gives NULL.
 */
function commonValue(
  reader: SourceReader,
  table: EventTable,
  logical: (typeof COMMON)[number][0],
): string {
  const type = COMMON.find(([name]) => name === logical)?.[1] ?? 'string';
  if (logical === 'group_id' && reader.ir?.scope === 'all_accounts')
    return reader.dialect.nullLiteral(type);
  return reader.dialect.cast(`e.${reader.dialect.quoteIdentifier(table.column(logical))}`, type);
}

/**
 * `(SELECT … UNION ALL SELECT …)`: one scan per per-event table the project
 * reads, each giving the common columns under the tracks mapping's physical
 * names (so the stage reads it like the tracks table), the event name as a
 * literal, and one typed column per property read anywhere (NULL where this
 * event's property is not read).
 */
export function segmentTrackUnion(
  reader: SourceReader,
  aggregations: readonly IrAggregation[],
): Knex.QueryBuilder {
  const d = reader.dialect;
  const q = (name: string) => d.quoteIdentifier(name);
  const tracks = reader.mapping('tracks');
  const physical = (logical: string) => tracks.columns[logical] ?? logical;
  const reads = trackReads(aggregations);
  const all = new Map<string, IrProperty>();
  for (const properties of reads.values()) for (const [column, p] of properties) all.set(column, p);
  const columns = [...all.keys()].sort();
  const events = [...reads.keys()].sort();
  // Two events mapped to one table (roster.yaml's explicit overrides; the checker refuses it
  // otherwise): each reads only its own rows, told apart by the name as sent (`event_text`).
  const tableOf = (event: string) => eventTable(reader, event).table.toLowerCase();
  const shared = (event: string) =>
    events.some((other) => other !== event && tableOf(other) === tableOf(event));
  const branches = events.map((event) => {
    const table = eventTable(reader, event);
    const read = reads.get(event) ?? new Map<string, IrProperty>();
    const select = [
      ...COMMON.map(
        ([logical]) => `${commonValue(reader, table, logical)} AS ${q(physical(logical))}`,
      ),
      `${d.stringLiteral(event)} AS ${q(physical('event'))}`,
      ...columns.map((column) => {
        const p = read.get(column);
        const value = p
          ? d.cast(`e.${q(table.column(p.name))}`, p.type)
          : d.nullLiteral(all.get(column)?.type ?? 'string');
        return `${value} AS ${identifier(d, column)}`;
      }),
    ];
    const branch = reader.knex
      .select(select.map((c) => reader.raw(c)))
      .from(reader.raw(`${d.sourceRelation(table.table)} AS e`));
    return shared(event)
      ? branch.where(reader.raw(`e.${q(table.column('event'))} = ${d.stringLiteral(event)}`))
      : branch;
  });
  const [first, ...rest] = branches;
  if (!first) throw new Error('internal: the segment tracks stage reads no event');
  return rest.length > 0 ? first.unionAll(rest) : first;
}

/** A JSON object of the non-NULL entries (the dialect's `jsonObject`). */
export function segmentPropertiesObject(reader: SourceReader, entries: JsonObjectEntry[]): string {
  const build = reader.dialect.jsonObject;
  if (!build)
    throw new Error(
      `internal: ${reader.dialect.name} cannot build JSON objects (Dialect.jsonObject)`,
    );
  return build(entries);
}

/**
 * `{{ tracks }}`: every row of the `tracks` table under the logical columns,
 * `event` = `event_text` (the name as sent); `properties` is built from the
 * declared property columns of each declared event's table (joined by message
 * id and event), `{}` for events the schema declares no properties for or
 * does not declare at all.
 */
export function segmentTracksRelation(reader: SourceReader, schema: IrSchema): Knex.QueryBuilder {
  const d = reader.dialect;
  const k = reader.knex;
  const raw = (sql: string) => reader.raw(sql);
  const q = (name: string) => d.quoteIdentifier(name);
  const columns = reader.eventColumns('tracks', 't').map(([name, expr]) => `${expr} AS ${q(name)}`);
  const empty = segmentPropertiesObject(reader, []);
  const declared = Object.entries(schema.events)
    // `page`/`screen` carry the page fields in the IR schema; they are not track events.
    .filter(
      ([event, properties]) =>
        event !== 'page' && event !== 'screen' && Object.keys(properties).length > 0,
    )
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const from = raw(`${d.sourceRelation(reader.mapping('tracks').table)} AS t`);
  if (declared.length === 0)
    return k.select([...columns, `${empty} AS ${q('properties')}`].map(raw)).from(from);
  const branches = declared.map(([event, properties]) => {
    const table = eventTable(reader, event);
    const entries = Object.entries(properties)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, type]) => ({ key, type, value: d.cast(`e.${q(table.column(key))}`, type) }));
    return k
      .select(
        raw(`${d.cast(`e.${q(table.column('message_id'))}`, 'string')} AS roster_message_id`),
        raw(`${d.stringLiteral(event)} AS roster_event`),
        raw(`${segmentPropertiesObject(reader, entries)} AS ${q('properties')}`),
      )
      .from(raw(`${d.sourceRelation(table.table)} AS e`));
  });
  const [first, ...rest] = branches as [Knex.QueryBuilder, ...Knex.QueryBuilder[]];
  const declaredProperties = rest.length > 0 ? first.unionAll(rest) : first;
  const on = `p.roster_message_id = ${reader.typed('tracks', 'message_id', 'string', 't')} AND p.roster_event = ${reader.typed('tracks', 'event', 'string', 't')}`;
  return k
    .select([...columns, `COALESCE(p.${q('properties')}, ${empty}) AS ${q('properties')}`].map(raw))
    .from(from)
    .leftJoin(declaredProperties.as('p'), (join) => {
      join.on(raw(on));
    });
}

export const segmentLayout: Layout = {
  problems: () => [],
  // Segment's connector snake_cases property and trait names into column names.
  defaultColumn: segmentSnakeCase,
  relation: (reader, source) => reader.tableRelation(source),
  eventRelation: (reader, source, aggregations) =>
    source === 'tracks' ? segmentTrackUnion(reader, aggregations) : reader.tableRelation(source),
  // Every property is a column: of the per-event union for tracks, of the table for pages/screens.
  property: (reader, source, name, type, alias) =>
    source === 'tracks'
      ? `${alias}.${identifier(reader.dialect, trackPropertyColumn(name, type))}`
      : reader.typed(source, name, type, alias),
  logicalProperties: (reader, source, fields) =>
    segmentPropertiesObject(
      reader,
      fields.map((name) => ({
        key: name,
        value: reader.property(source, name, 'string'),
        type: 'string',
      })),
    ),
  logicalRelation: (reader, source, schema) =>
    source === 'tracks' ? segmentTracksRelation(reader, schema) : undefined,
};
