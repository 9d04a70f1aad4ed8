export { checkProgram, irSchema } from './check.js';
export type { CheckConfig, CheckInput, CheckOptions, CheckResult } from './check.js';
export { checkProject, checkSource, checkTestProgram } from './check-project.js';
export type { ProjectCheckResult } from './check-project.js';
export { CHECK_MESSAGES } from './messages.js';
export type { CheckCode } from './messages.js';
export { dependencyGraph } from './dependency-graph.js';
export type { DependencyGraph, GraphNodeInfo } from './dependency-graph.js';
