/**
 * roster's public library API: every stage of the pipeline as a function, so
 * the CLI (and tests, and other tools) can stop at any stage.
 *
 *   loadProject → parse → checkProject → compileProject → openWarehouse → evaluate
 *                                                      ↘ runTests (fixtures)
 */
export type * from './diagnostics/index.js';
export { renderDiagnostics, renderDiagnostic, shouldUseColor } from './diagnostics/render.js';
export { SourceFile } from './diagnostics/source.js';

export { loadProject, loadTestFile, resolveSettings } from './project/index.js';
export type { Project, ProjectConfig, Schema, TestCase } from './project/index.js';

export { parse, format, formatProgram } from './syntax/index.js';
export type { Program, Definition, Condition } from './syntax/index.js';

export { checkProject, checkProgram, checkSource } from './check/index.js';
export type * from './ir/ir.js';
export { printIr } from './ir/print.js';

export { compileProject, tryCompileProject, getDialect, dialects } from './sql/index.js';
export type { CompiledProject, CompiledDefinition, Dialect } from './sql/index.js';
/** The dialect registry and the compiler as the runtime's entry points take them (`sql`, `dialect`). */
export { sqlStage } from './sql/index.js';
export type { SqlStage } from './sql/index.js';

export { openWarehouse, checkStateTargets, evaluate, previewDefinition } from './runtime/index.js';
export type { Warehouse } from './runtime/index.js';
export {
  explain,
  explainMember,
  explainMembers,
  explainAudience,
  explainTrait,
} from './explain/explain.js';
export type * from './explain/explanation.js';
export { renderExplanation } from './explain/render-text.js';

export { runTests } from './testing/run-tests.js';
export type { TestReport, TestFileResult } from './testing/run-tests.js';

export { evaluateReference } from './reference/evaluate.js';
