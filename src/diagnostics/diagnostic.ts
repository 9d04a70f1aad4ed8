import { DEFAULT_HELP } from './help.js';
import type { SourceRange } from './source.js';

export type Severity = 'error' | 'warning' | 'info';

/** Another place that explains a diagnostic (the first definition of a duplicate, a cycle member). */
export interface RelatedInformation {
  message: string;
  range: SourceRange;
}

/**
 * A user-facing problem, as data. Stages collect these and never throw for user
 * mistakes; the CLI renders them at the edge (text, json, github, sarif).
 *
 * `code` is stable and kebab-case, prefixed by the stage that reports it
 * (`syntax-`, `name-`, `type-`, `entity-`, `sync-`, `config-`, `schema-`, ...).
 * `hints` are suggestions the renderer shows after the message ("did you mean ...").
 */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  /** Absent only for problems that belong to no file (a missing project folder). */
  range?: SourceRange;
  hints: string[];
  related: RelatedInformation[];
}

export function error(
  code: string,
  message: string,
  range?: SourceRange,
  hints: string[] = [],
  related: RelatedInformation[] = [],
): Diagnostic {
  return {
    code,
    severity: 'error',
    message,
    ...(range ? { range } : {}),
    hints: withHelp(code, hints),
    related,
  };
}

export function warning(
  code: string,
  message: string,
  range?: SourceRange,
  hints: string[] = [],
  related: RelatedInformation[] = [],
): Diagnostic {
  return {
    code,
    severity: 'warning',
    message,
    ...(range ? { range } : {}),
    hints: withHelp(code, hints),
    related,
  };
}

/** A diagnostic built without a specific rewrite still says what to do: its code's fix (help.ts). */
function withHelp(code: string, hints: string[]): string[] {
  if (hints.length > 0) return hints;
  const help = DEFAULT_HELP[code];
  return help === undefined ? hints : [help];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Stable order for output: by file, then position, then code. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const fa = a.range?.file ?? '';
    const fb = b.range?.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    const oa = a.range?.start.offset ?? -1;
    const ob = b.range?.start.offset ?? -1;
    if (oa !== ob) return oa - ob;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}
