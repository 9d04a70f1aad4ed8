/**
 * Connects to a configured target. Drivers are imported only here and only
 * when needed, so `check`/`compile` never load a database driver.
 */
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { TargetConfig } from '../project/types.js';
import { errorMessage } from './warehouse.js';
import type { Warehouse } from './warehouse.js';

export type OpenResult =
  | { ok: true; warehouse: Warehouse; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/**
 * Replaces `${VAR}` in string settings with the environment's value; a
 * variable that is not set is a diagnostic naming it and the target.
 */
export function resolveTargetSettings(
  target: TargetConfig,
  env: Record<string, string | undefined>,
): { settings: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(target.settings)) {
    if (typeof value !== 'string') {
      settings[key] = value;
      continue;
    }
    settings[key] = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_whole, name: string) => {
      const resolved = env[name];
      if (resolved === undefined) {
        diagnostics.push(
          error(
            'runtime-missing-env',
            `target \`${target.name}\` setting \`${key}\` uses \${${name}}, but the environment variable ${name} is not set`,
            target.range,
            [`set ${name} in the environment before running this command`],
          ),
        );
        return '';
      }
      return resolved;
    });
  }
  return { settings, diagnostics };
}

function optionalString(settings: Record<string, unknown>, key: string): string | undefined {
  const value = settings[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Opens a session on `target`. DuckDB without `path` is in memory. Targets
 * whose dialect has no driver yet, a missing variable or a refused connection
 * come back as `runtime-` diagnostics, never as exceptions.
 */
export async function openWarehouse(
  target: TargetConfig,
  env: Record<string, string | undefined> = process.env,
  overrides: { schema?: string } = {},
): Promise<OpenResult> {
  const { settings, diagnostics } = resolveTargetSettings(target, env);
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  try {
    switch (target.dialect) {
      case 'duckdb': {
        const { openDuckDb } = await import('./warehouses/duckdb.js');
        const path = optionalString(settings, 'path') ?? optionalString(settings, 'database');
        return { ok: true, warehouse: await openDuckDb(path ? { path } : {}), diagnostics };
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
        });
        return { ok: true, warehouse, diagnostics };
      }
      default:
        return {
          ok: false,
          diagnostics: [
            error(
              'runtime-unsupported-dialect',
              `target \`${target.name}\` uses the ${target.dialect} dialect, which roster cannot connect to yet`,
              target.range,
              ['use a duckdb or postgres target (`--target NAME`) for now'],
            ),
          ],
        };
    }
  } catch (caught) {
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
