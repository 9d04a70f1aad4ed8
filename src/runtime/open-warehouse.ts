/**
 * Connects to a configured target. Drivers are imported only here and only
 * when needed, so `check`/`compile` never load a database driver.
 */
import { resolve as resolvePath } from 'node:path';
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { resolveSettings } from '../project/interpolate.js';
import type { TargetConfig } from '../project/types.js';
import { MissingDriverError } from './warehouses/load-driver.js';
import { errorMessage } from './warehouse.js';
import type { Warehouse } from './warehouse.js';

export type OpenResult =
  | { ok: true; warehouse: Warehouse; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

function optionalString(settings: Record<string, unknown>, key: string): string | undefined {
  const value = settings[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Defaults of the per-target `connect_timeout` and `statement_timeout`, in seconds. */
export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 30;
export const DEFAULT_STATEMENT_TIMEOUT_SECONDS = 3600;

interface Timeouts {
  connectTimeoutMs: number;
  statementTimeoutMs: number;
}

/** `connect_timeout` / `statement_timeout` in seconds (after `${VAR}`), or why not. */
function readTimeouts(
  target: TargetConfig,
  settings: Record<string, unknown>,
): Timeouts | Diagnostic {
  const read = (key: string, fallback: number): number | Diagnostic => {
    const raw = settings[key];
    if (raw === undefined || raw === null || raw === '') return fallback;
    const value = typeof raw === 'string' ? Number(raw.trim()) : raw;
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
    return error(
      'runtime-bad-setting',
      `target \`${target.name}\`: \`${key}\` must be a number of seconds above 0, not \`${typeof raw === 'string' ? raw : JSON.stringify(raw)}\``,
      target.settingRanges?.[key] ?? target.range,
      [`for example \`${key}: ${fallback}\`; without it the default is ${fallback} s`],
    );
  };
  const connect = read('connect_timeout', DEFAULT_CONNECT_TIMEOUT_SECONDS);
  if (typeof connect !== 'number') return connect;
  const statement = read('statement_timeout', DEFAULT_STATEMENT_TIMEOUT_SECONDS);
  if (typeof statement !== 'number') return statement;
  return { connectTimeoutMs: connect * 1000, statementTimeoutMs: statement * 1000 };
}

/**
 * Opens a session on `target`, resolving `${VAR}` settings from `env` first.
 * DuckDB without `path` is in memory. Targets
 * whose dialect has no driver yet, a missing variable or a refused connection
 * come back as `runtime-` diagnostics, never as exceptions.
 */
export async function openWarehouse(
  target: TargetConfig,
  env: NodeJS.ProcessEnv = process.env,
  overrides: { schema?: string; baseDir?: string } = {},
): Promise<OpenResult> {
  const { settings, diagnostics } = resolveSettings(target.settings, env, {
    path: `targets.${target.name}`,
    ...(target.settingRanges ? { ranges: target.settingRanges } : {}),
  });
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  const timeouts = readTimeouts(target, settings);
  if (!('statementTimeoutMs' in timeouts)) return { ok: false, diagnostics: [timeouts] };
  try {
    switch (target.dialect) {
      case 'duckdb': {
        const { openDuckDb } = await import('./warehouses/duckdb.js');
        const path = optionalString(settings, 'path') ?? optionalString(settings, 'database');
        // A relative database file belongs to the project, not to the shell's working directory.
        const file =
          path && path !== ':memory:' && overrides.baseDir
            ? resolvePath(overrides.baseDir, path)
            : path;
        return { ok: true, warehouse: await openDuckDb(file ? { path: file } : {}), diagnostics };
      }
      case 'postgres': {
        const { openPostgres } = await import('./warehouses/postgres.js');
        const port = settings.port;
        const schema = overrides.schema ?? optionalString(settings, 'schema');
        const warehouse = await openPostgres({
          url: optionalString(settings, 'url') ?? optionalString(settings, 'connection_string'),
          host: optionalString(settings, 'host'),
          port: typeof port === 'number' || typeof port === 'string' ? Number(port) : undefined,
          user: optionalString(settings, 'user'),
          password: optionalString(settings, 'password'),
          database: optionalString(settings, 'database'),
          schema,
          ...timeouts,
        });
        return { ok: true, warehouse, diagnostics };
      }
      case 'redshift': {
        const { openRedshift } = await import('./warehouses/redshift.js');
        const port = settings.port;
        const warehouse = await openRedshift({
          url: optionalString(settings, 'url') ?? optionalString(settings, 'connection_string'),
          host: optionalString(settings, 'host'),
          port: typeof port === 'number' || typeof port === 'string' ? Number(port) : undefined,
          user: optionalString(settings, 'user'),
          password: optionalString(settings, 'password'),
          database: optionalString(settings, 'database'),
          schema: overrides.schema ?? optionalString(settings, 'schema'),
          ...timeouts,
        });
        return { ok: true, warehouse, diagnostics };
      }
      case 'snowflake': {
        const { openSnowflake } = await import('./warehouses/snowflake.js');
        const text = (key: string) => optionalString(settings, key);
        const warehouse = await openSnowflake({
          account: text('account') ?? '',
          username: text('user') ?? text('username'),
          password: text('password'),
          authenticator: text('authenticator'),
          role: text('role'),
          warehouse: text('warehouse'),
          database: text('database'),
          schema: overrides.schema ?? text('schema'),
          ...timeouts,
        });
        return { ok: true, warehouse, diagnostics };
      }
      case 'bigquery': {
        const { openBigQuery } = await import('./warehouses/bigquery.js');
        const text = (key: string) => optionalString(settings, key);
        const warehouse = await openBigQuery({
          projectId: text('project') ?? text('projectId'),
          keyFilename: text('keyfile') ?? text('keyFilename'),
          location: text('location'),
          dataset: overrides.schema ?? text('dataset'),
          statementTimeoutMs: timeouts.statementTimeoutMs,
        });
        return { ok: true, warehouse, diagnostics };
      }
    }
  } catch (caught) {
    if (caught instanceof MissingDriverError) {
      return {
        ok: false,
        diagnostics: [
          error('runtime-driver-missing', caught.message, target.range, [
            `the driver is optional so that other targets do not need it; install it in the project, then run the command again`,
          ]),
        ],
      };
    }
    return {
      ok: false,
      diagnostics: [
        error(
          'runtime-connection-failed',
          `could not connect to target \`${target.name}\` (${target.dialect}): ${errorMessage(caught)}`,
          target.range,
          ['check the target settings in roster.yaml and that the database is running'],
        ),
      ],
    };
  }
}
