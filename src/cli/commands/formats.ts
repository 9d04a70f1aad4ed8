/** Output formats of the commands that have several (shared by their definitions and their code). */
export const CHECK_FORMATS = ['text', 'json', 'github', 'sarif'] as const;
export const PLAN_FORMATS = ['text', 'json', 'markdown', 'github'] as const;
export const GRAPH_FORMATS = ['mermaid', 'dot'] as const;
export const EXPLAIN_FORMATS = ['text', 'json'] as const;
