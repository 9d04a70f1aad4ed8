/**
 * The one way a compiled project runs on a warehouse, for `roster test`,
 * `preview`, `explain` and `plan` alike: check each SQL trait's text, run
 * `setup` in order (an SQL trait's `fill` read-only, then its shape checked
 * on the table it filled, so the user's query runs once), do the caller's
 * work on the relations setup made, and always run every `teardown`
 * statement. Database failures and cleanup failures come back as
 * diagnostics; only the caller's own exceptions pass through.
 */
import { warning } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceRange } from '../diagnostics/source.js';
import type { CompiledProject } from '../sql/index.js';
import { checkSqlTraitText, fillSqlTrait } from './validate-sql-trait.js';
import { permissionDenied } from './permission.js';
import { setupFailure, type SetupFailureContext } from './setup-failure.js';
import { errorMessage } from './warehouse.js';
import type { Warehouse } from './warehouse.js';

export interface EvaluationOptions {
  /** Where each definition is written, so SQL-trait diagnostics can point at it. */
  ranges?: ReadonlyMap<string, SourceRange>;
  /** The project, so a refused source value or a missing table points at schema.yml and roster.yaml. */
  project?: SetupFailureContext['project'];
  onProgress?: (line: string) => void;
}

export type EvaluationOutcome<T> =
  { ok: true; value: T; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/** The statement's first line of code (compiled SQL starts with comments), for messages. */
export function firstLine(sql: string): string {
  const line =
    sql
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '' && !l.startsWith('--')) ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/**
 * Runs `work` between `compiled`'s setup and teardown. Not ok when an SQL
 * trait is ill-shaped or a setup statement fails (work then does not run);
 * teardown failures are `runtime-teardown-failed` warnings in either case.
 */
export async function withEvaluation<T>(
  warehouse: Warehouse,
  compiled: CompiledProject,
  options: EvaluationOptions,
  work: () => Promise<T>,
): Promise<EvaluationOutcome<T>> {
  const range = (name: string) => options.ranges?.get(name);
  const problems = compiled.sqlTraits.flatMap((t) => checkSqlTraitText(t, range(t.name)));
  if (problems.length > 0) return { ok: false, diagnostics: problems };

  const diagnostics: Diagnostic[] = [];
  try {
    const fills = new Map(compiled.sqlTraits.map((t) => [t.fill, t]));
    for (const [index, statement] of compiled.setup.entries()) {
      const trait = fills.get(statement);
      if (trait) {
        diagnostics.push(...(await fillSqlTrait(warehouse, trait, range(trait.name))));
        if (diagnostics.length > 0) return { ok: false, diagnostics };
        continue;
      }
      try {
        await warehouse.execute(statement);
      } catch (caught) {
        diagnostics.push(
          permissionDenied(caught) ??
            setupFailure(caught, {
              dialect: warehouse.dialect,
              step: compiled.steps[index],
              steps: compiled.steps,
              ...(options.project ? { project: options.project } : {}),
            }),
        );
        return { ok: false, diagnostics };
      }
    }
    options.onProgress?.(`  ran ${compiled.setup.length} setup statement(s)`);
    const value = await work();
    // The same array: teardown warnings pushed below reach the caller.
    return { ok: true, value, diagnostics };
  } finally {
    // Every statement is tried; one that fails (a table left behind) is said, not swallowed.
    for (const statement of compiled.teardown) {
      try {
        await warehouse.execute(statement);
      } catch (caught) {
        diagnostics.push(
          warning(
            'runtime-teardown-failed',
            `cleaning up after the evaluation failed on ${warehouse.dialect} (statement \`${firstLine(statement)}\`): ${errorMessage(caught)}`,
            undefined,
            ['the session may keep a temporary table until it closes'],
          ),
        );
      }
    }
  }
}
