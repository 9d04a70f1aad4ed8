/**
 * One list of warehouses (`DIALECT_NAMES`) drives the config schema, the SQL
 * dialect registry, the connector registry and the drivers table, so adding a
 * warehouse cannot leave one of them behind.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIALECT_NAMES } from '../../src/project/types.js';
import { connectors } from '../../src/runtime/warehouses/connectors.js';
import { DRIVERS } from '../../src/runtime/warehouses/load-driver.js';
import { dialects } from '../../src/sql/dialects/index.js';

const schema = JSON.parse(
  readFileSync(new URL('../../schemas/roster.schema.json', import.meta.url), 'utf8'),
) as unknown;

interface Found {
  /** `dialect` enums that say which dialects a target may name. */
  allowed: unknown[][];
  /** Dialects named by an `if` (each connector's settings). */
  withSettings: unknown[];
}

function dialectEnums(
  node: unknown,
  inIf = false,
  out: Found = { allowed: [], withSettings: [] },
): Found {
  if (Array.isArray(node)) node.forEach((n) => dialectEnums(n, inIf, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      const d = value as { enum?: unknown[]; const?: unknown } | null;
      if (key === 'dialect' && d && typeof d === 'object') {
        if (inIf) out.withSettings.push(...(d.enum ?? [d.const]));
        else if (Array.isArray(d.enum)) out.allowed.push(d.enum);
      }
      dialectEnums(value, inIf || key === 'if', out);
    }
  }
  return out;
}

describe('the warehouse registry', () => {
  it('the JSON Schema enum of target dialects is the registry', () => {
    const { allowed, withSettings } = dialectEnums(schema);
    expect(allowed.length).toBeGreaterThan(0);
    for (const e of allowed) expect(e).toEqual([...DIALECT_NAMES]);
    // Each warehouse's connector settings are described too.
    expect([...new Set(withSettings)].sort()).toEqual([...DIALECT_NAMES].sort());
  });

  it('every warehouse has one SQL dialect and one connector, and nothing else does', () => {
    expect(Object.keys(dialects)).toEqual([...DIALECT_NAMES]);
    expect(Object.keys(connectors)).toEqual([...DIALECT_NAMES]);
    for (const name of DIALECT_NAMES) expect(dialects[name].name).toBe(name);
  });

  it('the drivers table is what the connectors declare', () => {
    expect(DRIVERS).toEqual({
      snowflake: { package: 'snowflake-sdk', version: '3.3.0' },
      bigquery: { package: '@google-cloud/bigquery', version: '9.3.0' },
    });
  });
});
