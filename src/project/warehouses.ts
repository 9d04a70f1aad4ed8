/**
 * The one list of warehouses roster targets, and what the stages up to
 * config validation know of each: the target settings its connector reads
 * and the optional npm driver it loads. `DialectName`, the `dialect` enum of
 * schemas/roster.schema.json (with each warehouse's settings, target-schema.ts),
 * the drivers table of docs/dialects.md and the install hint of
 * `runtime-driver-missing` all derive from it. The later stages hold one
 * implementation per name, each in a `Record<DialectName, …>` that TypeScript
 * refuses while it misses a name: the SQL dialect (src/sql/dialects/index.ts),
 * each connector file with its state adapter (src/runtime/warehouses/connectors.ts).
 * docs/dialects.md, "Adding a warehouse", has the steps.
 */

/** The JSON Schema of one target setting, as in schemas/roster.schema.json. */
export type SettingSchema = Readonly<Record<string, unknown>>;

export interface WarehouseEntry {
  /** The npm package its connector imports lazily, and the version tested; absent when nothing needs installing. */
  driver?: { readonly package: string; readonly version: string };
  /**
   * The keys a target of this dialect may set beside `dialect`, each with its
   * JSON Schema. Warehouses sharing one settings object share one `if` of the
   * schema (PostgreSQL and Redshift).
   */
  settings: Readonly<Record<string, SettingSchema>>;
}

const setting = (description?: string): SettingSchema =>
  description === undefined
    ? { $ref: '#/definitions/setting' }
    : { $ref: '#/definitions/setting', description };
const numberSetting = (description: string): SettingSchema => ({
  $ref: '#/definitions/numberSetting',
  description,
});

const connectTimeout = numberSetting(
  'Seconds to wait for a connection before giving up; default 30.',
);
const statementTimeout = numberSetting(
  'Seconds one statement may run (or a stalled connection may stay silent) before the run stops with an error; default 3600.',
);

const duckdbSettings = {
  path: setting('Database file; in memory when absent.'),
  allowed_directories: {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    description:
      'Directories outside the project that source files and SQL traits may read (relative to roster.yaml); everything else outside the project is refused.',
  },
  memory_limit: setting(
    'Memory DuckDB may use, as a size ("4GB", "512MB", "2GiB") or a share of this machine\'s memory ("50%"); default 50%. Beyond it DuckDB spills to temp_directory instead of failing.',
  ),
  threads: numberSetting(
    'DuckDB worker threads, a whole number from 1; default one per core. Fewer threads also need less memory.',
  ),
  temp_directory: setting(
    'Where DuckDB spills when memory_limit is reached (relative to roster.yaml); default a fresh folder under the OS temp folder, removed when roster ends.',
  ),
};

/** PostgreSQL's, and Redshift's: it speaks the PostgreSQL protocol through the same driver. */
const postgresSettings = {
  url: setting('A postgres:// connection URL (instead of host, port, ...).'),
  host: setting(),
  port: { $ref: '#/definitions/port' },
  user: setting(),
  password: setting(),
  database: setting(),
  schema: setting(),
  connect_timeout: connectTimeout,
  statement_timeout: statementTimeout,
};

const snowflakeSettings = {
  account: setting(),
  user: setting(),
  password: setting(),
  warehouse: setting(),
  database: setting(),
  schema: setting(),
  role: setting(),
  connect_timeout: connectTimeout,
  statement_timeout: statementTimeout,
};

const bigquerySettings = {
  project: setting(),
  dataset: setting(),
  keyFilename: setting(),
  location: setting(),
  statement_timeout: statementTimeout,
};

/** The registry: adding a warehouse starts with its line here. */
export const WAREHOUSES = {
  duckdb: { settings: duckdbSettings },
  postgres: { settings: postgresSettings },
  snowflake: {
    driver: { package: 'snowflake-sdk', version: '3.3.0' },
    settings: snowflakeSettings,
  },
  bigquery: {
    driver: { package: '@google-cloud/bigquery', version: '9.3.0' },
    settings: bigquerySettings,
  },
  redshift: { settings: postgresSettings },
} as const satisfies Record<string, WarehouseEntry>;

export type DialectName = keyof typeof WAREHOUSES;

/** Every dialect name, in the registry's order (the order of the schema's enum and of the docs). */
export const DIALECT_NAMES = Object.keys(WAREHOUSES) as DialectName[];

/** The registry entry of `name`, typed as the interface (no literal types). */
export function warehouse(name: DialectName): WarehouseEntry {
  return WAREHOUSES[name];
}
