/**
 * One explain run on a warehouse: compile the project (with its probes), check
 * SQL traits' shapes, run `setup`, do the reads, always run `teardown`.
 * Database failures come back as diagnostics, as in `evaluate`.
 */
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { IrProject } from '../ir/ir.js';
import type { SourcesConfig } from '../project/types.js';
import { validateSqlTrait } from '../runtime/validate-sql-trait.js';
import { errorMessage, WarehouseError } from '../runtime/warehouse.js';
import type { Warehouse } from '../runtime/warehouse.js';
import type { CompiledProject } from '../sql/compiled.js';
import { tryCompileProject } from '../sql/compile-project.js';
import type { Dialect } from '../sql/dialect.js';
import { findDialect } from '../sql/dialects/index.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; diagnostics: Diagnostic[] };

export interface SessionOptions {
  /** The reference instant, ISO-8601 UTC. */
  now: string;
  sources: SourcesConfig;
  /** Compile only these definitions (and what they read). */
  select: string[];
}

export async function withCompiled<T>(
  warehouse: Warehouse,
  ir: IrProject,
  options: SessionOptions,
  work: (compiled: CompiledProject, dialect: Dialect) => Promise<T>,
): Promise<Outcome<T>> {
  const compiled = tryCompileProject(ir, {
    dialect: warehouse.dialect,
    now: options.now,
    sources: options.sources,
    select: options.select,
  });
  if (!compiled.ok) return { ok: false, diagnostics: compiled.diagnostics };
  const dialect = findDialect(warehouse.dialect);
  if (!dialect) throw new Error(`internal: ${warehouse.dialect} compiled without a dialect`);
  const diagnostics: Diagnostic[] = [];
  for (const trait of compiled.compiled.sqlTraits) {
    diagnostics.push(...(await validateSqlTrait(warehouse, trait)));
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  try {
    for (const statement of compiled.compiled.setup) {
      try {
        await warehouse.execute(statement);
      } catch (caught) {
        return {
          ok: false,
          diagnostics: [
            error(
              'runtime-setup-failed',
              `preparing the evaluation failed on ${warehouse.dialect}: ${errorMessage(caught)}`,
            ),
          ],
        };
      }
    }
    try {
      return { ok: true, value: await work(compiled.compiled, dialect) };
    } catch (caught) {
      if (!(caught instanceof WarehouseError)) throw caught;
      return {
        ok: false,
        diagnostics: [
          error(
            'runtime-query-failed',
            `explaining failed on ${warehouse.dialect}: ${caught.message}`,
          ),
        ],
      };
    }
  } finally {
    for (const statement of compiled.compiled.teardown) {
      await warehouse.execute(statement).catch(() => undefined);
    }
  }
}

/** The result query of a compiled definition (probes included). */
export function resultQuery(compiled: CompiledProject, name: string): string {
  const definition = compiled.definitions.find((d) => d.name === name);
  if (!definition) throw new Error(`internal: ${name} was not compiled`);
  return definition.resultQuery;
}
