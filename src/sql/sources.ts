/**
 * From configured physical sources (roster.yaml `sources`, LANGUAGE.md §6) to
 * SQL: the staging scans of `setup` and the logical relations `{{ … }}`
 * placeholders expand to. Every physical column is read through the mapping
 * (`columns[logical]`, else the layout's default name) and cast to its logical
 * type, so the rest of the compiler sees one fixed shape whatever the
 * warehouse holds. What differs per layout lives in `layouts/`: Segment's
 * warehouse tables (`segment.ts`) and its raw NDJSON archive (`segment-archive.ts`).
 */
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { IrAggregation, IrEntity, IrProject, IrSchema, IrValueType } from '../ir/ir.js';
import type { LogicalSource, SourceMapping, SourcesConfig } from '../project/types.js';
import type { Dialect, ScalarType } from './dialect.js';
import { archiveRelation } from './layouts/segment-archive.js';
import {
  latestRows,
  segmentPropertiesObject,
  segmentTracksRelation,
  segmentTrackUnion,
  trackPropertyColumn,
} from './layouts/segment.js';
import { segmentSnakeCase } from '../project/snake-case.js';
import { identifier } from './names.js';

export type EventSourceName = 'tracks' | 'pages' | 'screens';

/** Fields of page/screen calls: columns of the logical relation (LANGUAGE.md §6). */
export const PAGE_FIELDS: Record<'pages' | 'screens', readonly string[]> = {
  pages: ['name', 'url', 'path', 'referrer', 'title'],
  screens: ['name'],
};

export const STAGE = {
  users: 'roster_stage_users',
  accounts: 'roster_stage_accounts',
  memberships: 'roster_stage_memberships',
  event: (source: EventSourceName) => `roster_stage_${source}`,
} as const;

/**
 * Why `sources` cannot be compiled for `dialect` (empty when it can): the raw
 * archive is read in place, which only a dialect reading files can do.
 */
export function layoutProblems(dialect: Dialect, sources: SourcesConfig): Diagnostic[] {
  if (sources.layout !== 'segment_archive' || dialect.readJsonLines) return [];
  return [
    error(
      'sql-layout-unsupported',
      `\`layout: segment_archive\` reads Segment's raw JSON files in place, which ${dialect.name} cannot do`,
      undefined,
      [
        'use a duckdb target for the archive, or `layout: segment` for the tables Segment writes to your warehouse',
      ],
    ),
  ];
}

export class SourceReader {
  constructor(
    readonly dialect: Dialect,
    readonly sources: SourcesConfig,
    /** The project: the segment layouts read declared properties and traits by its schema. */
    readonly ir?: Pick<IrProject, 'schema' | 'scope'>,
  ) {}

  get schema(): IrSchema | undefined {
    return this.ir?.schema;
  }

  mapping(source: LogicalSource): SourceMapping {
    const mapping = this.sources.mappings[source];
    // The checker reports definitions that need an unconfigured source; reaching here is a bug.
    if (!mapping) throw new Error(`internal: source ${source} is not configured`);
    return mapping;
  }

  has(source: LogicalSource): boolean {
    return this.sources.mappings[source] !== undefined;
  }

  /** The physical column of a logical column, property or trait the mapping does not name. */
  defaultColumn(logical: string): string {
    // Segment's connector snake_cases property and trait names into column names.
    return this.sources.layout === 'segment' ? segmentSnakeCase(logical) : logical;
  }

  /** `s."<physical column>"` for a logical column of `source`. */
  column(source: LogicalSource, logical: string, alias = 's'): string {
    const physical = this.mapping(source).columns[logical] ?? this.defaultColumn(logical);
    return `${alias}.${this.dialect.quoteIdentifier(physical)}`;
  }

  typed(source: LogicalSource, logical: string, type: IrValueType, alias = 's'): string {
    return this.dialect.cast(this.column(source, logical, alias), type);
  }

  /** `FROM <relation> AS s`: the table, or the calls reduced to one row per entity (Segment's `groups`, the archive). */
  from(source: LogicalSource, alias = 's'): string {
    if (this.sources.layout === 'segment_archive')
      return `${archiveRelation(this, source)} AS ${alias}`;
    const mapping = this.mapping(source);
    if (mapping.reduce?.kind === 'latest')
      return `${latestRows(this, mapping, mapping.reduce)} AS ${alias}`;
    return `${this.dialect.sourceRelation(mapping.table)} AS ${alias}`;
  }

  /**
   * The FROM item of an event source's one staging scan. `layout: segment`
   * reads track properties from one table per event, so it needs the
   * aggregations to know which events and properties are read.
   */
  eventFrom(source: EventSourceName, aggregations: readonly IrAggregation[], alias = 's'): string {
    if (source !== 'tracks' || this.sources.layout !== 'segment') return this.from(source, alias);
    return `${segmentTrackUnion(this, aggregations)} AS ${alias}`;
  }

  properties(source: EventSourceName, alias = 's'): string {
    const column = this.column(source, 'properties', alias);
    return this.dialect.jsonValue
      ? this.dialect.jsonValue(column)
      : `CAST(${column} AS ${this.dialect.jsonColumnType})`;
  }

  /**
   * A property of an event, typed. Page/screen fields come from their own
   * column when the mapping names one, else (json layout) from `properties`;
   * in `layout: segment` every property is a column (of the per-event table
   * for tracks, read through `eventFrom`).
   */
  property(source: EventSourceName, name: string, type: ScalarType, alias = 's'): string {
    if (this.sources.layout === 'segment') {
      if (source === 'tracks')
        return `${alias}.${identifier(this.dialect, trackPropertyColumn(name, type))}`;
      return this.typed(source, name, type, alias);
    }
    const mapped = this.mapping(source).columns[name];
    if (source !== 'tracks' && PAGE_FIELDS[source].includes(name) && mapped !== undefined) {
      return this.typed(source, name, type, alias);
    }
    return this.dialect.jsonProperty(this.properties(source, alias), name, type);
  }

  /** The fixed leading columns of an event relation, as `expr AS name` lines. */
  eventColumns(source: EventSourceName, alias = 's'): Array<[string, string]> {
    const columns: Array<[string, string]> = [
      ['message_id', this.typed(source, 'message_id', 'string', alias)],
      ['user_id', this.typed(source, 'user_id', 'string', alias)],
    ];
    if (source === 'tracks') columns.push(['event', this.typed(source, 'event', 'string', alias)]);
    columns.push(
      ['timestamp', this.typed(source, 'timestamp', 'timestamp', alias)],
      ['group_id', this.typed(source, 'group_id', 'string', alias)],
    );
    return columns;
  }

  /** `(SELECT …)` presenting the logical relation of §6 over all rows (for SQL traits). */
  logicalRelation(source: LogicalSource, schema: IrSchema): string {
    const q = (name: string) => this.dialect.quoteIdentifier(name);
    const segment = this.sources.layout === 'segment';
    if (segment && source === 'tracks') return segmentTracksRelation(this, schema);
    let columns: Array<[string, string]>;
    const where: string[] = [];
    let distinct = false;
    if (source === 'users' || source === 'accounts') {
      const entity: IrEntity = source === 'users' ? 'user' : 'account';
      columns = [
        ['id', this.typed(source, 'id', 'string')],
        ...Object.entries(schema[entity]).map(([name, type]): [string, string] => [
          name,
          this.typed(source, name, type),
        ]),
      ];
    } else if (source === 'memberships') {
      columns = [
        ['user_id', this.typed(source, 'user_id', 'string')],
        ['account_id', this.typed(source, 'account_id', 'string')],
      ];
      // Segment's `groups` has a row per group call: memberships are its distinct (user, group) pairs with a user.
      if (this.mapping(source).reduce?.kind === 'distinct') {
        distinct = true;
        where.push(...columns.map(([, expr]) => `${expr} IS NOT NULL`));
      }
    } else {
      columns = this.eventColumns(source);
      const fields = source === 'tracks' ? [] : PAGE_FIELDS[source];
      for (const field of fields) columns.push([field, this.property(source, field, 'string')]);
      columns.push([
        'properties',
        segment
          ? segmentPropertiesObject(
              this,
              fields.map((name) => ({
                key: name,
                value: this.property(source, name, 'string'),
                type: 'string',
              })),
            )
          : this.properties(source),
      ]);
    }
    const select = columns.map(([name, expr]) => `${expr} AS ${q(name)}`).join(', ');
    const filter = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    return `(SELECT ${distinct ? 'DISTINCT ' : ''}${select} FROM ${this.from(source)}${filter})`;
  }
}
