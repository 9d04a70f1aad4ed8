/**
 * Runs a compiled project on a warehouse and reads every definition's result
 * as plain values. Used by `roster test`, `roster preview` and (later) plan.
 */
import { error, warning } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceRange } from '../diagnostics/source.js';
import type { CompiledDefinition, CompiledProject } from '../sql/index.js';
import { runSetupStatement, validateSqlTrait } from './validate-sql-trait.js';
import { coerceValue, compareCodePoints, idText } from './values.js';
import type { TraitValue } from './values.js';
import { errorMessage } from './warehouse.js';
import type { Warehouse } from './warehouse.js';

export interface EvaluationResult {
  /** Audience name → member ids, sorted by code point. */
  audiences: Record<string, string[]>;
  /** Trait name → id → value; an entity with a missing value has no entry. */
  traits: Record<string, Map<string, TraitValue>>;
  /** Problems met on the way (SQL trait shapes, database errors); results may then be partial. */
  diagnostics: Diagnostic[];
}

export interface EvaluateOptions {
  /** Where each definition is written, so diagnostics can point at it. */
  ranges?: ReadonlyMap<string, SourceRange>;
  /** Evaluate only these definitions' result queries (setup still runs whole). */
  only?: ReadonlySet<string>;
}

/** The statement's first line of code (compiled SQL starts with comments), for messages. */
function firstLine(sql: string): string {
  const line =
    sql
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '' && !l.startsWith('--')) ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

async function readDefinition(
  warehouse: Warehouse,
  definition: CompiledDefinition,
  result: EvaluationResult,
  range: SourceRange | undefined,
): Promise<void> {
  const what = `${definition.kind} \`${definition.name}\``;
  let rows: Record<string, unknown>[];
  try {
    rows = await warehouse.query(definition.resultQuery);
  } catch (caught) {
    result.diagnostics.push(
      error(
        'runtime-query-failed',
        `evaluating ${what} failed on ${warehouse.dialect}: ${errorMessage(caught)}`,
        range,
      ),
    );
    return;
  }
  if (definition.kind === 'audience') {
    const ids = new Set(rows.map((row) => idText(row.id)));
    result.audiences[definition.name] = [...ids].sort(compareCodePoints);
    return;
  }
  const type = definition.type ?? 'string';
  const values = new Map<string, TraitValue>();
  for (const row of rows) {
    if (row.value === null || row.value === undefined) continue;
    const coerced = coerceValue(row.value, type);
    if (!coerced.ok) {
      result.diagnostics.push(
        error(
          'runtime-trait-value',
          `${what} is ${type}, but the warehouse returned a value of another type for id \`${idText(row.id)}\`: ${coerced.reason}`,
          range,
        ),
      );
      return;
    }
    values.set(idText(row.id), coerced.value);
  }
  result.traits[definition.name] = values;
}

/**
 * Validates SQL traits, runs `setup`, reads every definition, runs `teardown`
 * (always, every statement; a failing one is a `runtime-teardown-failed` warning). Never throws for database errors: they come back as
 * diagnostics naming the definition.
 */
export async function evaluate(
  warehouse: Warehouse,
  compiled: CompiledProject,
  options: EvaluateOptions = {},
): Promise<EvaluationResult> {
  const result: EvaluationResult = { audiences: {}, traits: {}, diagnostics: [] };
  for (const trait of compiled.sqlTraits) {
    result.diagnostics.push(
      ...(await validateSqlTrait(warehouse, trait, options.ranges?.get(trait.name))),
    );
  }
  if (result.diagnostics.length > 0) return result;

  try {
    for (const statement of compiled.setup) {
      try {
        await runSetupStatement(warehouse, compiled, statement);
      } catch (caught) {
        result.diagnostics.push(
          error(
            'runtime-setup-failed',
            `preparing the evaluation failed on ${warehouse.dialect} (statement \`${firstLine(statement)}\`): ${errorMessage(caught)}`,
          ),
        );
        return result;
      }
    }
    for (const definition of compiled.definitions) {
      if (options.only && !options.only.has(definition.name)) continue;
      await readDefinition(warehouse, definition, result, options.ranges?.get(definition.name));
    }
    return result;
  } finally {
    // Every statement is tried; one that fails (a table left behind) is said, not swallowed.
    for (const statement of compiled.teardown) {
      try {
        await warehouse.execute(statement);
      } catch (caught) {
        result.diagnostics.push(
          warning(
            'runtime-teardown-failed',
            `cleaning up after the evaluation failed on ${warehouse.dialect} (statement \`${firstLine(statement)}\`): ${errorMessage(caught)}`,
            undefined,
            ['the results are complete; the session may keep a temporary table until it closes'],
          ),
        );
      }
    }
  }
}
