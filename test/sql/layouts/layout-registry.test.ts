/**
 * Source layouts are one `Layout` each (issue 13.4): the registry holds
 * exactly the layouts roster.yaml accepts, and the source reader asks its
 * layout instead of testing the layout's name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LAYOUTS } from '../../../src/sql/layouts/index.js';
import { layoutProblems } from '../../../src/sql/sources.js';
import { buildSources } from '../../../src/project/sources.js';
import { dialects } from '../../../src/sql/dialects/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const schema = JSON.parse(
  readFileSync(path.join(root, 'schemas/roster.schema.json'), 'utf8'),
) as unknown;

/** Every `layout` enum in the JSON Schema (there is one, under `sources`). */
function schemaLayouts(node: unknown): string[][] {
  if (typeof node !== 'object' || node === null) return [];
  const found: string[][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'layout' && typeof value === 'object' && value !== null && 'enum' in value)
      found.push((value as { enum: string[] }).enum);
    else found.push(...schemaLayouts(value));
  }
  return found;
}

describe('the layout registry', () => {
  it("holds exactly the layouts roster.yaml's schema accepts", () => {
    const enums = schemaLayouts(schema);
    expect(enums).toHaveLength(1);
    expect(Object.keys(LAYOUTS).sort()).toEqual([...(enums[0] ?? [])].sort());
  });

  it('the source reader never tests a layout name', () => {
    const reader = readFileSync(path.join(root, 'src/sql/sources.ts'), 'utf8');
    for (const name of Object.keys(LAYOUTS)) expect(reader).not.toContain(`'${name}'`);
  });

  it('each layout says which dialects it cannot compile for (the archive needs files read in place)', () => {
    const refusing = Object.keys(LAYOUTS).flatMap((layout) =>
      Object.values(dialects)
        .filter(
          (dialect) =>
            layoutProblems(
              dialect,
              buildSources(layout as keyof typeof LAYOUTS, {}, undefined, 'calls.ndjson'),
            ).length > 0,
        )
        .map((dialect) => `${layout} ${dialect.name}`),
    );
    expect(refusing.sort()).toEqual(
      ['bigquery', 'postgres', 'redshift', 'snowflake'].map((d) => `segment_archive ${d}`),
    );
  });
});
