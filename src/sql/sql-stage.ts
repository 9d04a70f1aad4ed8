/**
 * The SQL stage as the runtime receives it. src/runtime imports nothing from
 * src/sql but types (eslint.config.js), so what it needs at run time — the
 * dialect registry and the compiler — is handed to it by its callers (the
 * CLI, the library API in src/index.ts, `roster docs`), which come after it
 * in the pipeline: they pass `sqlStage`.
 */
import type { IrProject } from '../ir/ir.js';
import type { DialectName } from '../project/types.js';
import { tryCompileProject } from './compile-project.js';
import type { CompileOptions, CompileResult } from './compile-project.js';
import type { Dialect } from './dialect.js';
import { getDialect } from './dialects/index.js';
import { entitySampleQuery, type EntitySampleRequest } from './entity-sample.js';

export interface SqlStage {
  /** The dialect registry: a target's quoting, literals, types and identifier limit. */
  dialect(name: DialectName): Dialect;
  /** `tryCompileProject`: the checked project as SQL for one dialect, instant and selection. */
  compile(ir: IrProject, options: CompileOptions): CompileResult;
  /** `roster preview`'s query for some columns of an entity's source table, for a few ids. */
  entitySample(dialect: DialectName, request: EntitySampleRequest): string;
}

export const sqlStage: SqlStage = {
  dialect: getDialect,
  compile: tryCompileProject,
  entitySample: (dialect, request) => entitySampleQuery(getDialect(dialect), request),
};
