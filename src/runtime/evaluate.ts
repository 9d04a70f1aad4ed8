/**
 * Runs a compiled project on a warehouse and reads every definition's result
 * as plain values. Used by `roster test` and `roster preview`.
 */
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceRange } from '../diagnostics/source.js';
import type { CompiledDefinition, CompiledProject } from '../sql/index.js';
import { withEvaluation, type EvaluationOptions } from './evaluation.js';
import { distinctSortedIds, idText, refusal, traitValue } from './values.js';
import type { TraitValue } from './values.js';
import { queryColumns, warehouseReason } from './warehouse.js';
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
  /** The project, so a failing setup points at schema.yml and roster.yaml (EvaluationOptions). */
  project?: EvaluationOptions['project'];
}

async function readDefinition(
  warehouse: Warehouse,
  definition: CompiledDefinition,
  result: EvaluationResult,
  range: SourceRange | undefined,
  read?: Record<string, unknown[]>,
): Promise<void> {
  const what = `${definition.kind} \`${definition.name}\``;
  // Column by column: no object per row, and each value converted once (traitValue).
  let columns: Record<string, unknown[]>;
  try {
    columns = read ?? (await queryColumns(warehouse, definition.resultQuery));
  } catch (caught) {
    result.diagnostics.push(
      error(
        'runtime-query-failed',
        `evaluating ${what} failed on ${warehouse.dialect}: ${warehouseReason(caught)}`,
        range,
      ),
    );
    return;
  }
  const ids = columns.id ?? [];
  if (definition.kind === 'audience') {
    result.audiences[definition.name] = distinctSortedIds(ids);
    return;
  }
  const type = definition.type ?? 'string';
  const raw = columns.value ?? [];
  const values = new Map<string, TraitValue>();
  for (let i = 0; i < ids.length; i++) {
    const value = raw[i];
    if (value === null || value === undefined) continue;
    const converted = traitValue(value, type);
    if (converted === undefined) {
      result.diagnostics.push(
        error(
          'runtime-trait-value',
          `${what} is ${type}, but the warehouse returned a value of another type for id \`${idText(ids[i])}\`: ${refusal(value)}`,
          range,
        ),
      );
      return;
    }
    values.set(idText(ids[i]), converted);
  }
  result.traits[definition.name] = values;
}

/**
 * The traits read from one feature relation, in one query per relation: the
 * relation's ids are read (and decoded) once for all of them instead of once
 * per trait. A trait's result is its relation's rows whose value is not NULL
 * (`CompiledDefinition.result`); readDefinition drops the NULLs. A relation
 * whose query fails is left to each trait's own query, so the diagnostic
 * names the definition.
 */
async function readFeatureTraits(
  warehouse: Warehouse,
  compiled: CompiledProject,
  wanted: readonly CompiledDefinition[],
): Promise<Map<string, Record<string, unknown[]>>> {
  const out = new Map<string, Record<string, unknown[]>>();
  for (const relation of Object.values(compiled.relations.features)) {
    const traits = wanted.filter(
      (d) =>
        d.kind === 'trait' && d.result.sql === relation.sql && d.result.columns.value !== undefined,
    );
    if (traits.length < 2) continue;
    const list = traits.map((d, i) => `${d.result.columns.value} as v${i}`);
    const sql = `select ${traits[0]!.result.columns.id} as id, ${list.join(', ')}\nfrom ${relation.sql}`;
    let columns: Record<string, unknown[]>;
    try {
      columns = await queryColumns(warehouse, sql);
    } catch {
      continue;
    }
    const ids = columns.id ?? [];
    traits.forEach((d, i) => out.set(d.name, { id: ids, value: columns[`v${i}`] ?? [] }));
  }
  return out;
}

/**
 * Reads every definition (or the `only` ones) between setup and teardown
 * (withEvaluation). Never throws for database errors: they come back as
 * diagnostics naming the definition.
 */
export async function evaluate(
  warehouse: Warehouse,
  compiled: CompiledProject,
  options: EvaluateOptions = {},
): Promise<EvaluationResult> {
  const result: EvaluationResult = { audiences: {}, traits: {}, diagnostics: [] };
  const outcome = await withEvaluation(
    warehouse,
    compiled,
    {
      ...(options.ranges ? { ranges: options.ranges } : {}),
      ...(options.project ? { project: options.project } : {}),
    },
    async () => {
      const wanted = compiled.definitions.filter((d) => !options.only || options.only.has(d.name));
      const read = await readFeatureTraits(warehouse, compiled, wanted);
      for (const definition of wanted) {
        const range = options.ranges?.get(definition.name);
        await readDefinition(warehouse, definition, result, range, read.get(definition.name));
      }
    },
  );
  result.diagnostics.push(...outcome.diagnostics);
  return result;
}
