/**
 * Warehouse drivers are optional: loaded by dynamic import only when a
 * target of that dialect connects, so users who never do pay nothing and
 * `compile` works with none installed. A missing one is a clear message with
 * the install command, never a stack trace.
 */
import { warehouse } from '../../project/index.js';
import type { DialectName } from '../../project/types.js';

export class MissingDriverError extends Error {
  constructor(
    readonly dialect: DialectName,
    readonly packageName: string,
    readonly version: string,
  ) {
    super(
      `the ${dialect} target needs the ${packageName} package: npm install ${packageName}@${version}`,
    );
    this.name = 'MissingDriverError';
  }
}

function isModuleNotFound(caught: unknown, packageName: string): boolean {
  const code = (caught as { code?: unknown } | null)?.code;
  const message = caught instanceof Error ? caught.message : String(caught);
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    message.includes(packageName)
  );
}

/**
 * Imports the driver for `dialect`. `importer` exists for tests (to simulate
 * an installed driver); the default is a real dynamic import.
 */
export async function loadDriver<T>(
  dialect: DialectName,
  importer: (specifier: string) => Promise<unknown> = (specifier) => import(specifier),
): Promise<T> {
  const { driver } = warehouse(dialect);
  if (!driver) throw new Error(`internal: the ${dialect} warehouse declares no driver`);
  const { package: packageName, version } = driver;
  try {
    const loaded = (await importer(packageName)) as { default?: unknown };
    return (loaded.default ?? loaded) as T;
  } catch (caught) {
    if (isModuleNotFound(caught, packageName))
      throw new MissingDriverError(dialect, packageName, version);
    throw caught;
  }
}

/** Row keys as roster wrote them: a name the warehouse upper-cased (Snowflake unquoted aliases) back to lower case. */
export function lowerFoldedKeys(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row))
    out[/^[A-Z_][A-Z0-9_$]*$/.test(key) ? key.toLowerCase() : key] = value;
  return out;
}
