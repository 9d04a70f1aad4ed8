/**
 * roster.yaml's JSON Schema with its `definitions.target` built from the
 * warehouse registry (warehouses.ts): the `dialect` enum and one `if`/`then`
 * per settings object. roster validates with this, so it never disagrees
 * with its registry; schemas/roster.schema.json, the copy editors read, is
 * written from it by `npm run docs` and a test fails when the file drifts.
 */
import { readFileSync } from 'node:fs';
import { packageFile } from './package-root.js';
import { WAREHOUSES } from './warehouses.js';
import type { WarehouseEntry } from './warehouses.js';

/**
 * `definitions.target`: which dialects a target may name, and the settings
 * each allows. `registry` is the warehouse registry; tests pass a larger one
 * to show what adding a warehouse changes.
 */
export function targetSchema(
  registry: Readonly<Record<string, WarehouseEntry>> = WAREHOUSES,
): Record<string, unknown> {
  const groups = new Map<WarehouseEntry['settings'], string[]>();
  for (const [name, { settings }] of Object.entries(registry))
    groups.set(settings, [...(groups.get(settings) ?? []), name]);
  return {
    type: 'object',
    required: ['dialect'],
    properties: { dialect: { enum: Object.keys(registry) } },
    allOf: [...groups].map(([settings, names]) => ({
      if: {
        properties: { dialect: names.length === 1 ? { const: names[0] } : { enum: names } },
        required: ['dialect'],
      },
      then: {
        additionalProperties: false,
        properties: { dialect: true, ...settings },
      },
    })),
  };
}

/** One of the JSON Schemas in schemas/, as roster validates with it (roster's own with the registry's targets). */
export function loadJsonSchema(name: 'roster' | 'schema' | 'test'): Record<string, unknown> {
  const schema = JSON.parse(
    readFileSync(packageFile(`schemas/${name}.schema.json`), 'utf8'),
  ) as Record<string, unknown>;
  if (name !== 'roster') return schema;
  const definitions = schema.definitions as Record<string, unknown> | undefined;
  if (!definitions || !('target' in definitions))
    throw new Error('internal: schemas/roster.schema.json has no definitions.target');
  return { ...schema, definitions: { ...definitions, target: targetSchema() } };
}
