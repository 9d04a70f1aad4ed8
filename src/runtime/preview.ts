/**
 * `roster preview`: what one audience or trait looks like on real data —
 * an audience's size and sample members with a few of their custom traits,
 * a trait's value distribution and samples. Data only; the CLI renders it.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { IrEntity, IrValueType } from '../ir/ir.js';
import type { Schema, SourcesConfig } from '../project/types.js';
import type { CompiledProject, SqlStage } from '../sql/index.js';
import { evaluate, type EvaluateOptions } from './evaluate.js';
import { coerceValue, compareCodePoints, idText } from './values.js';
import type { TraitValue } from './values.js';
import type { Warehouse } from './warehouse.js';

/** Custom traits shown next to each sampled audience member. */
const SAMPLE_TRAITS = 3;
const TOP_VALUES = 5;

export interface AudiencePreview {
  kind: 'audience';
  name: string;
  entity: IrEntity;
  size: number;
  /** The first members in id order, each with up to three custom traits (missing ones left out). */
  sample: Array<{ id: string; traits: Record<string, TraitValue> }>;
}

export interface TraitPreview {
  kind: 'trait';
  name: string;
  entity: IrEntity;
  type: IrValueType;
  /** Entities that have a value. */
  withValue: number;
  /** Numbers and timestamps: min / median / max of the values. */
  range?: { min: TraitValue; median: TraitValue; max: TraitValue };
  /** Other types: the most common values with their counts. */
  top?: Array<{ value: TraitValue; count: number }>;
  sample: Array<{ id: string; value: TraitValue }>;
}

export type Preview = AudiencePreview | TraitPreview;

export interface PreviewOptions {
  limit: number;
  schema: Schema;
  sources: SourcesConfig;
  /** The SQL stage (`sqlStage`: the runtime imports no values of src/sql), for the sample's query. */
  sql: Pick<SqlStage, 'entitySample'>;
  /** The project, so a failing setup points at schema.yml and roster.yaml. */
  project?: EvaluateOptions['project'];
}

function median(sorted: TraitValue[], type: IrValueType): TraitValue {
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as TraitValue;
  if (type !== 'number' || sorted.length % 2 === 1) return upper;
  return ((sorted[mid - 1] as number) + (upper as number)) / 2;
}

function distribution(
  values: TraitValue[],
  type: IrValueType,
): Pick<TraitPreview, 'range' | 'top'> {
  if (values.length === 0) return {};
  if (type === 'number' || type === 'timestamp') {
    const sorted = [...values].sort((a, b) =>
      type === 'number' ? (a as number) - (b as number) : compareCodePoints(String(a), String(b)),
    );
    return {
      range: {
        min: sorted[0] as TraitValue,
        median: median(sorted, type),
        max: sorted[sorted.length - 1] as TraitValue,
      },
    };
  }
  const counts = new Map<string, { value: TraitValue; count: number }>();
  for (const value of values) {
    const key = JSON.stringify(value);
    const entry = counts.get(key) ?? { value, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  const top = [...counts.entries()]
    .sort(([ka, a], [kb, b]) => b.count - a.count || compareCodePoints(ka, kb))
    .slice(0, TOP_VALUES)
    .map(([, entry]) => entry);
  return { top };
}

/**
 * Up to SAMPLE_TRAITS custom traits of the sampled ids, read from the entity's
 * source. Skipped (empty) when the source is not a plain table of one row per
 * entity (a Segment `groups` table needs the compiler's reduction).
 */
async function sampleTraits(
  warehouse: Warehouse,
  compiled: CompiledProject,
  entity: IrEntity,
  ids: string[],
  options: PreviewOptions,
): Promise<Map<string, Record<string, TraitValue>>> {
  const found = new Map<string, Record<string, TraitValue>>();
  const mapping = options.sources.mappings[entity === 'account' ? 'accounts' : 'users'];
  const traits = Object.values(options.schema[entity]).slice(0, SAMPLE_TRAITS);
  if (!mapping || mapping.reduce || traits.length === 0 || ids.length === 0) return found;
  const column = (name: string): string => mapping.columns[name] ?? name;
  const rows = await warehouse.query(
    options.sql.entitySample(compiled.dialect, {
      table: mapping.table,
      id: column('id'),
      columns: traits.map((t) => ({ column: column(t.name), as: t.name })),
      ids,
    }),
  );
  for (const row of rows) {
    const values: Record<string, TraitValue> = {};
    for (const t of traits) {
      const raw = row[t.name];
      if (raw === null || raw === undefined) continue;
      const coerced = coerceValue(raw, t.type);
      if (coerced.ok) values[t.name] = coerced.value;
    }
    found.set(idText(row.id), values);
  }
  return found;
}

/**
 * Evaluates `compiled` (compile it with `select: [name]` so only what the
 * definition needs runs) and summarises definition `name`.
 */
export async function previewDefinition(
  warehouse: Warehouse,
  compiled: CompiledProject,
  name: string,
  options: PreviewOptions,
): Promise<{ preview?: Preview; diagnostics: Diagnostic[] }> {
  const definition = compiled.definitions.find((d) => d.name === name);
  if (!definition) throw new Error(`internal: ${name} is not in the compiled project`);
  const result = await evaluate(warehouse, compiled, {
    only: new Set([name]),
    ...(options.project ? { project: options.project } : {}),
  });
  if (result.diagnostics.some((d) => d.severity === 'error'))
    return { diagnostics: result.diagnostics };

  if (definition.kind === 'audience') {
    const members = result.audiences[name] ?? [];
    const ids = members.slice(0, options.limit);
    let traits = new Map<string, Record<string, TraitValue>>();
    try {
      traits = await sampleTraits(warehouse, compiled, definition.entity, ids, options);
    } catch {
      // The sample's traits are a courtesy: the audience itself was computed.
    }
    return {
      preview: {
        kind: 'audience',
        name,
        entity: definition.entity,
        size: members.length,
        sample: ids.map((id) => ({ id, traits: traits.get(id) ?? {} })),
      },
      diagnostics: result.diagnostics,
    };
  }
  const type = definition.type ?? 'string';
  const values = result.traits[name] ?? new Map<string, TraitValue>();
  const ids = [...values.keys()].sort(compareCodePoints).slice(0, options.limit);
  return {
    preview: {
      kind: 'trait',
      name,
      entity: definition.entity,
      type,
      withValue: values.size,
      ...distribution([...values.values()], type),
      sample: ids.map((id) => ({ id, value: values.get(id) as TraitValue })),
    },
    diagnostics: result.diagnostics,
  };
}
