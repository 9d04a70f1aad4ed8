/**
 * The public surface of the SQL stage: what later stages may import.
 * Compiling a project, the compiled project's contract (which relation holds
 * what), and the dialect registry with its escaping contract. Everything
 * else in src/sql is the compiler's own business, and ESLint keeps it so
 * (eslint.config.js). The runtime imports only the types from here; its
 * callers hand it the values as one `SqlStage` (`sql-stage.ts`).
 */
export { compileProject, tryCompileProject } from './compile-project.js';
export type { CompileOptions, CompileResult } from './compile-project.js';
export type {
  CompiledDefinition,
  CompiledDuplicateIds,
  CompiledProject,
  CompiledRelation,
  CompiledRelations,
  CompiledSqlTrait,
  SetupStep,
} from './compiled.js';
export type { Dialect } from './dialect.js';
/** The logical name of an aggregation's column in the published feature relations. */
export { featureKey as aggregationKey } from './features.js';
export { dialects, findDialect, getDialect } from './dialects/index.js';
/** The compiled project as readable `.sql` scripts (`roster compile`, the docs site). */
export { compiledScript, definitionParts, definitionScripts } from './script.js';
export { sqlStage } from './sql-stage.js';
export type { SqlStage } from './sql-stage.js';
export type { EntitySampleRequest } from './entity-sample.js';
