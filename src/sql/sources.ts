/**
 * From configured physical sources (roster.yaml `sources`, LANGUAGE.md §6) to
 * SQL: the staging scans of `setup` and the logical relations `{{ … }}`
 * placeholders expand to. Every physical column is read through the mapping
 * (`columns[logical] ?? logical`) and cast to its logical type, so the rest
 * of the compiler sees one fixed shape whatever the warehouse holds.
 */
import type { IrEntity, IrSchema, IrValueType } from '../ir/ir.js';
import type { LogicalSource, SourceMapping, SourcesConfig } from '../project/types.js';
import type { Dialect, ScalarType } from './dialect.js';

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

export class SourceReader {
  constructor(
    readonly dialect: Dialect,
    readonly sources: SourcesConfig,
  ) {}

  mapping(source: LogicalSource): SourceMapping {
    const mapping = this.sources.mappings[source];
    // The checker reports definitions that need an unconfigured source; reaching here is a bug.
    if (!mapping) throw new Error(`internal: source ${source} is not configured`);
    return mapping;
  }

  has(source: LogicalSource): boolean {
    return this.sources.mappings[source] !== undefined;
  }

  /** `s."<physical column>"` for a logical column of `source`. */
  column(source: LogicalSource, logical: string, alias = 's'): string {
    const physical = this.mapping(source).columns[logical] ?? logical;
    return `${alias}.${this.dialect.quoteIdentifier(physical)}`;
  }

  typed(source: LogicalSource, logical: string, type: IrValueType, alias = 's'): string {
    return this.dialect.cast(this.column(source, logical, alias), type);
  }

  /** `FROM <relation> AS s`. */
  from(source: LogicalSource, alias = 's'): string {
    return `${this.dialect.sourceRelation(this.mapping(source).table)} AS ${alias}`;
  }

  properties(source: EventSourceName, alias = 's'): string {
    const column = this.column(source, 'properties', alias);
    return this.dialect.jsonValue ? this.dialect.jsonValue(column) : `CAST(${column} AS ${this.dialect.jsonColumnType})`;
  }

  /**
   * A property of an event, typed. Page/screen fields come from their own
   * column when the mapping names one, else (json layout) from `properties`.
   */
  property(source: EventSourceName, name: string, type: ScalarType, alias = 's'): string {
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
    let columns: Array<[string, string]>;
    if (source === 'users' || source === 'accounts') {
      const entity: IrEntity = source === 'users' ? 'user' : 'account';
      columns = [
        ['id', this.typed(source, 'id', 'string')],
        ...Object.entries(schema[entity]).map(([name, type]): [string, string] => [name, this.typed(source, name, type)]),
      ];
    } else if (source === 'memberships') {
      columns = [
        ['user_id', this.typed(source, 'user_id', 'string')],
        ['account_id', this.typed(source, 'account_id', 'string')],
      ];
    } else {
      columns = this.eventColumns(source);
      if (source !== 'tracks') {
        for (const field of PAGE_FIELDS[source]) columns.push([field, this.property(source, field, 'string')]);
      }
      columns.push(['properties', this.properties(source)]);
    }
    const select = columns.map(([name, expr]) => `${expr} AS ${q(name)}`).join(', ');
    return `(SELECT ${select} FROM ${this.from(source)})`;
  }
}
