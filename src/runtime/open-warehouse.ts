/**
 * Connects to a configured target through its dialect's connector
 * (warehouses/connectors.ts). A connector imports its driver only when it
 * connects, so `check`/`compile` never load a database driver.
 */
import { resolve as resolvePath, sep } from 'node:path';
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { resolveSettings } from '../project/interpolate.js';
import type { TargetConfig } from '../project/types.js';
import type { Dialect } from '../sql/index.js';
import { connectors } from './warehouses/connectors.js';
import { MissingDriverError } from './warehouses/load-driver.js';
import { BadSettingError, errorMessage } from './warehouse.js';
import type { Warehouse } from './warehouse.js';

/**
 * On DuckDB, `table:` paths and SQL traits read files only inside the project
 * folder and the target's `allowed_directories` (relative to roster.yaml):
 * DuckDB's `allowed_directories` with `enable_external_access = false`, which
 * a later statement cannot undo ("Cannot enable external access while
 * database is running"; https://duckdb.org/docs/stable/operations_manual/securing_duckdb/overview).
 * Run it after the state file is attached. The statements are the dialect's
 * (`Dialect.confineFileAccess`, quoted by its escaping contract); a dialect
 * without them reads no local files.
 */
export async function restrictFileAccess(
  warehouse: Warehouse,
  dialect: Dialect,
  target: TargetConfig,
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if (!dialect.confineFileAccess) return;
  const { settings } = resolveSettings(target.settings, env, { path: `targets.${target.name}` });
  const extra = Array.isArray(settings['allowed_directories'])
    ? settings['allowed_directories'].filter((d): d is string => typeof d === 'string')
    : [];
  const directories = [root, ...extra.map((d) => resolvePath(root, d))].map((d) =>
    d.endsWith(sep) ? d : `${d}${sep}`,
  );
  for (const statement of dialect.confineFileAccess(directories)) {
    await warehouse.execute(statement);
  }
}

export type OpenResult =
  | { ok: true; warehouse: Warehouse; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

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
 * `port` after `${VAR}`: a whole number from 1 to 65535, or absent. The
 * drivers turn `Number('five')` (NaN) into their default port, so a typo
 * would silently reach another server.
 */
function checkPort(
  target: TargetConfig,
  settings: Record<string, unknown>,
): Diagnostic | undefined {
  const raw = settings['port'];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (value >= 1 && value <= 65535) return undefined;
  return error(
    'runtime-bad-setting',
    `target \`${target.name}\`: \`port\` must be a whole number from 1 to 65535, not \`${typeof raw === 'string' ? raw : JSON.stringify(raw)}\``,
    target.settingRanges?.['port'] ?? target.range,
    ["leave `port` out to use the dialect's default port"],
  );
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
  const badPort = checkPort(target, settings);
  if (badPort) return { ok: false, diagnostics: [badPort] };
  const timeouts = readTimeouts(target, settings);
  if (!('statementTimeoutMs' in timeouts)) return { ok: false, diagnostics: [timeouts] };
  try {
    const { connect } = connectors[target.dialect];
    return {
      ok: true,
      warehouse: await connect(settings, { ...overrides, ...timeouts }),
      diagnostics,
    };
  } catch (caught) {
    if (caught instanceof BadSettingError) {
      return {
        ok: false,
        diagnostics: [
          error(
            'runtime-bad-setting',
            `target \`${target.name}\`: ${caught.message}`,
            target.settingRanges?.[caught.key] ?? target.range,
            [caught.hint],
          ),
        ],
      };
    }
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
