/**
 * Where the logical relations of LANGUAGE.md §6 (tracks, pages, screens, users,
 * accounts, memberships) live in the warehouse. Data only: the compiler turns a
 * mapping into SQL.
 */
import type { LogicalSource, SourceMapping, SourcesConfig } from './types.js';

export type SourcesLayout = SourcesConfig['layout'];

export const LOGICAL_SOURCES: readonly LogicalSource[] = [
  'tracks',
  'pages',
  'screens',
  'users',
  'accounts',
  'memberships',
];

const identity = (...names: string[]): Record<string, string> =>
  Object.fromEntries(names.map((n) => [n, n]));

/**
 * `json`: one table per logical relation with the logical column names; page
 * fields live inside `properties`. Trait columns of `users`/`accounts` are named
 * after the traits, so only `id` is listed.
 */
function jsonLayout(): Record<LogicalSource, SourceMapping> {
  return {
    tracks: {
      table: 'tracks',
      columns: identity('message_id', 'user_id', 'event', 'timestamp', 'group_id', 'properties'),
    },
    pages: {
      table: 'pages',
      columns: identity('message_id', 'user_id', 'timestamp', 'group_id', 'properties'),
    },
    screens: {
      table: 'screens',
      columns: identity('message_id', 'user_id', 'timestamp', 'group_id', 'properties'),
    },
    users: { table: 'users', columns: identity('id') },
    accounts: { table: 'accounts', columns: identity('id') },
    memberships: { table: 'memberships', columns: identity('user_id', 'account_id') },
  };
}

/**
 * The tables Segment's warehouse connector writes. `tracks.event` is the slug;
 * `event_text` holds the name as sent, which is what programs use. Track
 * properties are not in `tracks` but in one table per event (named after the
 * slugged event, one column per property), so no `properties` column is mapped;
 * page fields are columns of `pages`. Account traits and memberships both come
 * from `groups`, one row per group call: the newest call per group gives the
 * traits, the distinct (user, group) pairs give the memberships.
 */
function segmentLayout(): Record<LogicalSource, SourceMapping> {
  const event = {
    message_id: 'id',
    user_id: 'user_id',
    timestamp: 'timestamp',
    group_id: 'context_group_id',
  };
  return {
    tracks: { table: 'tracks', columns: { ...event, event: 'event_text' } },
    pages: {
      table: 'pages',
      columns: { ...event, ...identity('name', 'url', 'path', 'referrer', 'title') },
    },
    screens: { table: 'screens', columns: { ...event, name: 'name' } },
    users: { table: 'users', columns: identity('id') },
    accounts: {
      table: 'groups',
      columns: { id: 'group_id' },
      reduce: { kind: 'latest', key: 'group_id', orderBy: 'timestamp' },
    },
    memberships: {
      table: 'groups',
      columns: { user_id: 'user_id', account_id: 'group_id' },
      reduce: { kind: 'distinct' },
    },
  };
}

/**
 * `segment_archive`: Segment's raw calls (NDJSON, one call a line, `.gz` read
 * as gzip), read in place on DuckDB. Every source reads the same files
 * (`sources.files`) and keeps the calls of its type; the compiler presents
 * them under the logical column names (src/sql/layouts/segment-archive.ts), so
 * the mapping is the identity. A page's or screen's `name` is a top-level
 * field of the call, not a property.
 */
function segmentArchiveLayout(files: string): Record<LogicalSource, SourceMapping> {
  const json = jsonLayout();
  for (const mapping of Object.values(json)) mapping.table = files;
  json.pages.columns.name = 'name';
  json.screens.columns.name = 'name';
  return json;
}

/** Each layout's default mappings (how src/sql reads them: src/sql/layouts/, one file per layout). */
const DEFAULT_MAPPINGS: Record<
  SourcesLayout,
  (files: string) => Record<LogicalSource, SourceMapping>
> = {
  json: () => jsonLayout(),
  segment: () => segmentLayout(),
  segment_archive: segmentArchiveLayout,
};

/** The mapping of every logical source for a layout, before the user's overrides. */
export function defaultSourceMappings(
  layout: SourcesLayout,
  files = '',
): Record<LogicalSource, SourceMapping> {
  return DEFAULT_MAPPINGS[layout](files);
}

/** What a user writes for one source in roster.yaml: overrides, or `false` for "not configured". */
export type SourceOverride =
  | false
  | {
      table?: string;
      columns?: Record<string, string>;
      /** `layout: segment`, tracks: per-event table and column overrides (SourceMapping.events). */
      events?: SourceMapping['events'];
    };

/**
 * Applies the user's `sources:` section to the layout's defaults; `columns`
 * override per column. A table given
 * without a schema (no `.`) and not a file path (no `/`) is qualified with
 * `schema` when one is set.
 */
export function buildSources(
  layout: SourcesLayout,
  overrides: Partial<Record<LogicalSource, SourceOverride>>,
  schema?: string,
  /** `layout: segment_archive`: the raw files every source reads unless it names its own `table`. */
  files?: string,
): SourcesConfig {
  const defaults = defaultSourceMappings(layout, files);
  const mappings: Partial<Record<LogicalSource, SourceMapping>> = {};
  const disabled: LogicalSource[] = [];
  for (const name of LOGICAL_SOURCES) {
    const override = overrides[name];
    if (override === false) {
      disabled.push(name);
      continue;
    }
    // A table of the user's own is taken as one row per entity: the layout's `reduce` no longer applies.
    const { reduce, ...base } = defaults[name];
    const table = override?.table ?? base.table;
    const mapping: SourceMapping = {
      ...base,
      ...(reduce && override?.table === undefined ? { reduce } : {}),
      table: schema && !/[./]/.test(table) ? `${schema}.${table}` : table,
      columns: { ...base.columns, ...(override?.columns ?? {}) },
      ...(override?.events ? { events: override.events } : {}),
    };
    mappings[name] = mapping;
  }
  return {
    layout,
    ...(schema ? { schema } : {}),
    mappings,
    ...(disabled.length > 0 ? { disabled } : {}),
  };
}

/** A source `table` that names a file or glob read in place (DuckDB), rather than a warehouse table. */
export function isFilePath(table: string): boolean {
  return /[/\\*]/.test(table) || /\.(parquet|csv|json|ndjson|jsonl)(\.gz)?$/i.test(table);
}
