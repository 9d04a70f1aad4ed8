/**
 * The typed, validated project: what `loadProject` returns after reading
 * roster.yaml, schema.yml and discovering *.roster / *.test.yml files.
 */
import type { SourceFile, SourceRange } from '../diagnostics/source.js';
import type { DialectName } from './warehouses.js';

export type ValueType = 'string' | 'number' | 'boolean' | 'timestamp' | 'list';
/** The warehouses roster targets: one registry, warehouses.ts. */
export type { DialectName } from './warehouses.js';
export type EventsScope = 'all_accounts' | 'group_context';
export type LogicalSource = 'tracks' | 'pages' | 'screens' | 'users' | 'accounts' | 'memberships';

export interface TraitDeclaration {
  name: string;
  type: ValueType;
  enum?: Array<string | number>;
  description?: string;
  /** Where the declaration is in schema.yml (for diagnostics). */
  range?: SourceRange;
}

export interface EventDeclaration {
  name: string;
  properties: Record<string, TraitDeclaration>;
  description?: string;
  range?: SourceRange;
}

export interface Schema {
  file: string;
  account: Record<string, TraitDeclaration>;
  user: Record<string, TraitDeclaration>;
  events: Record<string, EventDeclaration>;
  /**
   * Set when the schema file is not readable YAML: its declarations are
   * unknown, so checking names against it would only repeat that one mistake.
   */
  unreadable?: boolean;
  /**
   * Traits written in the schema whose declaration has an error (reported
   * there): a use of one is not also an "unknown trait".
   */
  rejected?: { account: string[]; user: string[] };
}

/**
 * Where one logical relation lives. `table` is a (possibly schema-qualified,
 * dot-separated) table name, or on DuckDB a file path/glob (Parquet, CSV, NDJSON).
 * `columns` maps logical column names (LANGUAGE.md §6) to physical ones.
 */
export interface SourceMapping {
  table: string;
  columns: Record<string, string>;
  range?: SourceRange;
  /**
   * Set when the table holds calls rather than one row per entity (Segment's
   * `groups`): `latest` keeps the newest row per `key` ordered by `orderBy`;
   * `distinct` keeps distinct rows of the mapped columns. Column names are physical.
   */
  reduce?: { kind: 'latest'; key: string; orderBy: string } | { kind: 'distinct' };
  /**
   * `layout: segment`, tracks only: per-event table overrides keyed by the event
   * name as sent (`Order Completed`). `table` replaces the default
   * `<tracks schema>.<snake_case event>`; `columns` maps property names and the
   * logical columns `message_id`, `user_id`, `timestamp`, `group_id` to the
   * table's columns (default: the tracks mapping's, and snake_case property names).
   */
  events?: Record<string, { table?: string; columns?: Record<string, string> }>;
}

export interface SourcesConfig {
  /**
   * `json`: one table per event kind with a JSON `properties` column; users and
   * accounts tables with one column per trait. `segment`: the tables Segment's
   * warehouse connector writes (per-event tables, `groups` for accounts and
   * memberships). `segment_archive`: Segment's raw NDJSON calls (optionally
   * gzipped) read in place, DuckDB only. See docs/config.md.
   */
  layout: 'json' | 'segment' | 'segment_archive';
  /** `sources.schema` as written: already applied to `table`s given without a schema. */
  schema?: string;
  /** Every configured source (the loader fills in the layout's defaults); `false` in YAML leaves it out and lists it in `disabled`. */
  mappings: Partial<Record<LogicalSource, SourceMapping>>;
  /**
   * Sources the project explicitly does not have (`screens: false` in roster.yaml).
   * Absent or empty = every source is configured. A definition needing one of
   * these is a check error (LANGUAGE.md §1).
   */
  disabled?: LogicalSource[];
}

/** A target's settings as written; `${VAR}` references are resolved only when a command connects. */
export interface TargetConfig {
  name: string;
  dialect: DialectName;
  settings: Record<string, unknown>;
  range?: SourceRange;
  /** The range of each setting's value (keys as in `settings`), for `resolveSettings` messages. */
  settingRanges?: Record<string, SourceRange>;
}

export interface DestinationConfig {
  name: string;
  type: string;
  settings: Record<string, unknown>;
  range?: SourceRange;
  /** The range of each setting's value (keys as in `settings`), for `resolveSettings` messages. */
  settingRanges?: Record<string, SourceRange>;
}

export interface ProjectConfig {
  /** Absolute folder of the project. */
  root: string;
  /** Absolute path of roster.yaml. */
  file: string;
  name: string;
  schemaPath: string;
  /** Absolute folders searched for *.roster and *.test.yml. */
  paths: string[];
  defaultTarget: string;
  targets: Record<string, TargetConfig>;
  destinations: Record<string, DestinationConfig>;
  events: { scope: EventsScope };
  sources: SourcesConfig;
  /**
   * Schema (or DuckDB file) where roster keeps its own state; `range` is the
   * value of `state.schema` in roster.yaml (absent when defaulted).
   */
  state: { schema: string; range?: SourceRange };
  /** `apply:` options (optional so hand-built configs stay valid; read-config always sets it). */
  apply?: {
    massExitThreshold: number;
    /** Off when absent. */
    massEnterThreshold?: number;
    /** Off when absent. */
    sizeDriftThreshold?: number;
    sizeDriftRuns?: number;
    sourceShrinkThreshold?: number;
    /** Seconds between delivery checkpoints; the delivery's default when absent. */
    checkpointSeconds?: number;
  };
}

export interface Project {
  config: ProjectConfig;
  schema: Schema;
  /** Every *.roster file under `paths`, sorted by path. */
  rosterFiles: SourceFile[];
  /** Every *.test.yml file under `paths`, sorted by path. */
  testFiles: SourceFile[];
  /** roster.yaml and schema.yml themselves, for rendering diagnostics on them. */
  configFiles: SourceFile[];
}
