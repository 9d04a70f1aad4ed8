/**
 * From configured physical sources (roster.yaml `sources`, LANGUAGE.md §6) to
 * SQL: the staging scans of `setup` and the logical relations `{{ … }}`
 * placeholders expand to. Every physical column is read through the mapping
 * (`columns[logical]`, else the layout's default name) and cast to its logical
 * type, so the rest of the compiler sees one fixed shape whatever the
 * warehouse holds. What differs per layout is the layout's (`layouts/`, one
 * `Layout` each: `json.ts`, Segment's warehouse tables `segment.ts`, its raw
 * NDJSON archive `segment-archive.ts`); this reader never asks which layout it has.
 */
import type { Knex } from 'knex';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { IrAggregation, IrEntity, IrProject, IrSchema, IrValueType } from '../ir/ir.js';
import type { LogicalSource, SourceMapping, SourcesConfig } from '../project/types.js';
import type { Dialect, ScalarType, TwoStepJsonProperty } from './dialect.js';
import { compileOnlyKnex, sqlFragment } from './knex-client.js';
import { LAYOUTS, type Layout } from './layouts/index.js';

/**
 * A layout's rows of a source: a FROM item the dialect wrote (a table, a file
 * reader), or a query assembled with the dialect's Knex builder.
 */
export type FromItem = string | Knex.QueryBuilder;

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

/** Why `sources` cannot be compiled for `dialect` (empty when it can), as its layout says. */
export function layoutProblems(dialect: Dialect, sources: SourcesConfig): Diagnostic[] {
  return LAYOUTS[sources.layout].problems(dialect);
}

/**
 * The newest row per `key` (Segment's `groups`: the latest group call gives an
 * account's traits), newest by `orderBy`, ties broken by the message id `id`
 * in code point order; rows with no time lose.
 */
function latestRows(
  reader: SourceReader,
  mapping: SourceMapping,
  reduce: { key: string; orderBy: string },
): Knex.QueryBuilder {
  const d = reader.dialect;
  const k = reader.knex;
  const col = (name: string) => `g.${d.quoteIdentifier(name)}`;
  const order = [
    `${col(reduce.orderBy)} DESC NULLS LAST`,
    `${d.codePointOrder(d.cast(col('id'), 'string'))} DESC NULLS LAST`,
  ].join(', ');
  const ranked = k
    .select(
      reader.raw('g.*'),
      reader.raw(
        `row_number() OVER (PARTITION BY ${col(reduce.key)} ORDER BY ${order}) AS roster_latest`,
      ),
    )
    .from(reader.raw(`${d.sourceRelation(mapping.table)} AS g`));
  return k.select('*').from(ranked.as('g')).where(reader.raw('g.roster_latest = 1'));
}

export class SourceReader {
  constructor(
    readonly dialect: Dialect,
    readonly sources: SourcesConfig,
    /** The project: the segment layouts read declared properties and traits by its schema. */
    readonly ir?: Pick<IrProject, 'schema' | 'scope'>,
  ) {
    this.layout = LAYOUTS[sources.layout];
  }

  private readonly layout: Layout;

  /** The dialect's compile-only Knex instance, which the layouts assemble their relations with. */
  get knex(): Knex {
    return compileOnlyKnex(this.dialect);
  }

  /** SQL text the dialect's hooks wrote, as a fragment of a Knex builder. */
  raw(sql: string): Knex.Raw {
    return sqlFragment(this.knex, sql);
  }

  /** A FROM item under `alias`, for a Knex builder's `from` or `join`. */
  aliased(item: FromItem, alias: string): Knex.Raw | Knex.QueryBuilder {
    return typeof item === 'string' ? this.raw(`${item} AS ${alias}`) : item.as(alias);
  }

  /** A FROM item as text: a query in parentheses. */
  text(item: FromItem): string {
    return typeof item === 'string' ? item : `(${item.toQuery()})`;
  }

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
    return this.layout.defaultColumn(logical);
  }

  /** The column of `source` that holds a logical column, property or trait, unquoted. */
  physicalColumn(source: LogicalSource, logical: string): string {
    return this.mapping(source).columns[logical] ?? this.defaultColumn(logical);
  }

  /** `s."<physical column>"` for a logical column of `source`. */
  column(source: LogicalSource, logical: string, alias = 's'): string {
    return `${alias}.${this.dialect.quoteIdentifier(this.physicalColumn(source, logical))}`;
  }

  typed(source: LogicalSource, logical: string, type: IrValueType, alias = 's'): string {
    return this.dialect.cast(this.column(source, logical, alias), type);
  }

  /** `<relation> AS s`: the table, or the calls reduced to one row per entity (Segment's `groups`, the archive). */
  from(source: LogicalSource, alias = 's'): string {
    return `${this.text(this.layout.relation(this, source))} AS ${alias}`;
  }

  /** `from` for a Knex builder. */
  fromItem(source: LogicalSource, alias = 's'): Knex.Raw | Knex.QueryBuilder {
    return this.aliased(this.layout.relation(this, source), alias);
  }

  /** The source's table, or its newest row per entity when the mapping says so (Segment's `groups`). */
  tableRelation(source: LogicalSource): FromItem {
    const mapping = this.mapping(source);
    if (mapping.reduce?.kind === 'latest') return latestRows(this, mapping, mapping.reduce);
    return this.dialect.sourceRelation(mapping.table);
  }

  /**
   * The FROM item of an event source's one staging scan. `layout: segment`
   * reads track properties from one table per event, so it needs the
   * aggregations to know which events and properties are read.
   */
  eventFrom(source: EventSourceName, aggregations: readonly IrAggregation[], alias = 's'): string {
    return `${this.text(this.layout.eventRelation(this, source, aggregations))} AS ${alias}`;
  }

  /** `eventFrom` for a Knex builder. */
  eventFromItem(
    source: EventSourceName,
    aggregations: readonly IrAggregation[],
    alias = 's',
  ): Knex.Raw | Knex.QueryBuilder {
    return this.aliased(this.layout.eventRelation(this, source, aggregations), alias);
  }

  properties(source: EventSourceName, alias = 's'): string {
    const column = this.column(source, 'properties', alias);
    return this.dialect.jsonValue
      ? this.dialect.jsonValue(column)
      : `CAST(${column} AS ${this.dialect.jsonColumnType})`;
  }

  /** A property of an event, typed, as the layout stores it (read through `eventFrom`). */
  property(source: EventSourceName, name: string, type: ScalarType, alias = 's'): string {
    return this.layout.property(this, source, name, type, alias);
  }

  /**
   * A property kept in the JSON `properties` column; a page/screen field comes
   * from its own column instead when the mapping names one.
   */
  jsonProperty(source: EventSourceName, name: string, type: ScalarType, alias = 's'): string {
    if (this.isMappedPageField(source, name)) return this.typed(source, name, type, alias);
    return this.dialect.jsonProperty(this.properties(source, alias), name, type);
  }

  /** `property` in two steps, where the layout and the dialect have them (`Layout.propertyInTwoSteps`). */
  propertyInTwoSteps(
    source: EventSourceName,
    name: string,
    type: ScalarType,
    alias = 's',
  ): TwoStepJsonProperty | undefined {
    return this.layout.propertyInTwoSteps?.(this, source, name, type, alias);
  }

  /** `jsonProperty` in two steps (`Dialect.jsonPropertyInTwoSteps`); undefined for a page field read from its own column. */
  jsonPropertyInTwoSteps(
    source: EventSourceName,
    name: string,
    type: ScalarType,
    alias = 's',
  ): TwoStepJsonProperty | undefined {
    if (this.isMappedPageField(source, name)) return undefined;
    return this.dialect.jsonPropertyInTwoSteps?.(this.properties(source, alias), name, type);
  }

  /** A page/screen field the mapping names a column for (read from it, not from `properties`). */
  private isMappedPageField(source: EventSourceName, name: string): boolean {
    return (
      source !== 'tracks' &&
      PAGE_FIELDS[source].includes(name) &&
      this.mapping(source).columns[name] !== undefined
    );
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
    const own = this.layout.logicalRelation?.(this, source, schema);
    if (own !== undefined) return this.text(own);
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
      columns.push(['properties', this.layout.logicalProperties(this, source, fields)]);
    }
    const select = columns.map(([name, expr]) => this.raw(`${expr} AS ${q(name)}`));
    const query = where.reduce(
      (query, condition) => query.where(this.raw(condition)),
      (distinct ? this.knex.distinct(select) : this.knex.select(select)).from(
        this.fromItem(source),
      ),
    );
    return this.text(query);
  }
}
