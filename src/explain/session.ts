/**
 * One explain run on a warehouse: compile the project (with its probes), then
 * do the reads inside the runtime's one evaluation path (withEvaluation: SQL
 * traits, setup, teardown). Database failures come back as diagnostics, a
 * failed teardown as a warning, as in `evaluate`.
 */
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { IrProject } from '../ir/ir.js';
import type { SourcesConfig } from '../project/types.js';
import { WarehouseError, withEvaluation, type Warehouse } from '../runtime/index.js';
import type { CompiledProject } from '../sql/compiled.js';
import { tryCompileProject } from '../sql/compile-project.js';
import type { Dialect } from '../sql/dialect.js';
import { findDialect } from '../sql/dialects/index.js';

/** `warnings`: what went wrong on the way without spoiling the value (a teardown that failed). */
export type Outcome<T> =
  { ok: true; value: T; warnings?: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

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
  const outcome = await withEvaluation(warehouse, compiled.compiled, {}, async () => {
    try {
      return { ok: true as const, value: await work(compiled.compiled, dialect) };
    } catch (caught) {
      if (!(caught instanceof WarehouseError)) throw caught;
      return {
        ok: false as const,
        diagnostics: [
          error(
            'runtime-query-failed',
            `explaining failed on ${warehouse.dialect}: ${caught.message}`,
          ),
        ],
      };
    }
  });
  if (!outcome.ok) return outcome;
  if (!outcome.value.ok) {
    return { ok: false, diagnostics: [...outcome.value.diagnostics, ...outcome.diagnostics] };
  }
  return { ok: true, value: outcome.value.value, warnings: outcome.diagnostics };
}

/** A session whose work itself has an outcome: one outcome, keeping every warning. */
export function flatten<T>(outcome: Outcome<Outcome<T>>): Outcome<T> {
  if (!outcome.ok) return outcome;
  const inner = outcome.value;
  const outer = outcome.warnings ?? [];
  if (!inner.ok) return { ok: false, diagnostics: [...inner.diagnostics, ...outer] };
  const warnings = [...(inner.warnings ?? []), ...outer];
  return warnings.length > 0 ? { ...inner, warnings } : inner;
}

/** The result query of a compiled definition (probes included). */
export function resultQuery(compiled: CompiledProject, name: string): string {
  const definition = compiled.definitions.find((d) => d.name === name);
  if (!definition) throw new Error(`internal: ${name} was not compiled`);
  return definition.resultQuery;
}
