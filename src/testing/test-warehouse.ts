/**
 * A throw-away database for one test file, as the target's connector declares
 * it (`scratch` of src/runtime/warehouses/<name>.ts): a fresh private
 * database (an in-memory DuckDB), or a scratch schema `roster_test_<random>`
 * the session is opened in (PostgreSQL: first on the search_path), dropped
 * with everything in it by `dispose`.
 */
import { randomBytes } from 'node:crypto';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { DIALECT_NAMES } from '../project/index.js';
import { buildSources } from '../project/sources.js';
import type { SourcesConfig, TargetConfig } from '../project/types.js';
import { errorMessage, openWarehouse, scratchOf, type Warehouse } from '../runtime/index.js';
import { findDialect, type Dialect } from '../sql/index.js';
import { error } from '../diagnostics/diagnostic.js';

export interface TestWarehouse {
  warehouse: Warehouse;
  dialect: Dialect;
  /** The scratch schema the fixture tables live in (PostgreSQL), or undefined (DuckDB). */
  schema?: string;
  /** The json-layout source mapping pointing at the fixture tables. */
  sources: SourcesConfig;
  dispose(): Promise<void>;
}

export type OpenTestWarehouseResult =
  { ok: true; value: TestWarehouse } | { ok: false; diagnostics: Diagnostic[] };

/**
 * `disabled` carries over the project's "not configured" sources, so a test
 * program that needs one fails the check exactly as the project would.
 */
export async function openTestWarehouse(
  target: TargetConfig,
  env: NodeJS.ProcessEnv,
  disabled: SourcesConfig['disabled'] = [],
): Promise<OpenTestWarehouseResult> {
  const dialect = findDialect(target.dialect);
  // Where each test file's data goes is the connector's (connectors.ts): `roster test` runs
  // where one is declared, the engines CI runs; warehouse dialects compile
  // (docs/dialects.md) but `roster test` does not run on them.
  const scratch = scratchOf(target.dialect);
  if (!dialect || !scratch) {
    return {
      ok: false,
      diagnostics: [
        error(
          'runtime-unsupported-dialect',
          `target \`${target.name}\` uses the ${target.dialect} dialect, which \`roster test\` cannot run on yet`,
          target.range,
          [`run the tests on a ${testableDialects()} target (\`--target NAME\`)`],
        ),
      ],
    };
  }
  const sourcesIn = (schema?: string): SourcesConfig => {
    const overrides = Object.fromEntries(disabled.map((source) => [source, false as const]));
    const sources = buildSources('json', overrides, schema);
    return disabled.length > 0 ? { ...sources, disabled: [...disabled] } : sources;
  };
  if (scratch.kind === 'database') {
    const opened = await openWarehouse(
      { ...target, settings: scratch.settings(target.settings) },
      env,
    );
    if (!opened.ok) return opened;
    const warehouse = opened.warehouse;
    return {
      ok: true,
      value: {
        warehouse,
        dialect,
        sources: sourcesIn(),
        dispose: () => warehouse.close(),
      },
    };
  }
  // A schema of its own, first on the session's search path (ConnectOptions.schema).
  const schema = `roster_test_${randomBytes(6).toString('hex')}`;
  const opened = await openWarehouse(target, env, { schema });
  if (!opened.ok) return opened;
  const warehouse = opened.warehouse;
  const quoted = dialect.quoteIdentifier(schema);
  try {
    await warehouse.execute(`CREATE SCHEMA ${quoted}`);
  } catch (caught) {
    // The grant to give, with the database and user it is for, when the session can say.
    const who = await warehouse
      .query('SELECT current_database() AS db, current_user AS who')
      .then((rows) => rows[0])
      .catch(() => undefined);
    await warehouse.close();
    const grant = who
      ? `run \`GRANT CREATE ON DATABASE ${dialect.quoteIdentifier(String(who.db))} TO ${dialect.quoteIdentifier(String(who.who))}\` as the database's owner`
      : 'grant the target user CREATE on the database';
    return {
      ok: false,
      diagnostics: [
        error(
          'runtime-scratch-schema',
          `\`roster test\` could not create its scratch schema on target \`${target.name}\` (each test file's data goes into a schema of its own, dropped after): ${errorMessage(caught)}`,
          target.range,
          [`${grant}, or run the tests on a DuckDB target (\`roster test --target NAME\`)`],
        ),
      ],
    };
  }
  return {
    ok: true,
    value: {
      warehouse,
      dialect,
      schema,
      sources: sourcesIn(schema),
      dispose: async () => {
        try {
          await warehouse.execute(`DROP SCHEMA IF EXISTS ${quoted} CASCADE`);
        } finally {
          await warehouse.close();
        }
      },
    },
  };
}

/** The dialects `roster test` runs on (those whose connector declares a scratch place), as prose. */
function testableDialects(): string {
  const names = DIALECT_NAMES.filter((name) => scratchOf(name) !== undefined);
  return names.length <= 1
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
