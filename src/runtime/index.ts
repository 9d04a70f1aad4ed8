/**
 * Public API of the runtime: connecting to a target, evaluating, previewing,
 * plan and apply, roster's state as the CLI, `roster test`, `roster docs`,
 * `roster explain` and the library (src/index.ts) reach it. Those stages
 * import src/runtime only through this file (ESLint, eslint.config.js
 * `publicEntries`); what is not here (the SQL of state, snapshots and message
 * ids, the connectors, delivery) is the runtime's own.
 */

// Connecting to a target.
export { openWarehouse, restrictFileAccess } from './open-warehouse.js';
export { selectTarget } from './select-target.js';
export { checkTarget, type TargetCheck } from './check-target.js';
export { scratchOf, type Scratch } from './warehouses/connectors.js';
export { errorMessage, WarehouseError } from './warehouse.js';
export type { Row, Warehouse } from './warehouse.js';

// Values read from the warehouse.
export { coerceValue, compareCodePoints, idText, toIsoInstant } from './values.js';
export type { TraitValue } from './values.js';

// Evaluating and previewing.
export { evaluate } from './evaluate.js';
export type { EvaluateOptions, EvaluationResult } from './evaluate.js';
export { withEvaluation } from './evaluation.js';
export { previewDefinition } from './preview.js';
export type { Preview } from './preview.js';
export { permissionDenied } from './permission.js';

// Plan and apply.
export { prepareRun } from './plan/prepare-run.js';
export type { RunContext } from './plan/prepare-run.js';
export { dropSnapshot, makePlan } from './plan/make-plan.js';
export { planHasChanges } from './plan/plan.js';
export type { Plan } from './plan/plan.js';
export { describeViolation, GUARD_FLAGS } from './plan/guards.js';
export { serializePlan, writePlanFile } from './plan/plan-file.js';
export { renderPlan } from './plan/render-plan.js';
export { renderPlanMarkdown } from './plan/render-plan-markdown.js';
export { planPayloads } from './calls/plan-payloads.js';
export { runApply } from './apply/run-apply.js';

// roster's state.
export { checkStateTargets } from './state/check-state-targets.js';
export { describeHolder, readLock, releaseLock } from './state/lock.js';
export { findStateForReading, readStateHistory } from './state/history.js';
export type { StateHistory } from './state/history.js';
