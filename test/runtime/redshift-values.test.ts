/**
 * Redshift sends SUPER values as JSON text over the PostgreSQL wire protocol
 * (type oid 4000, as redshift_connector names it): a `unique` list trait
 * arrives as `["a","b"]` and must read back as a list (issue 10.5). Checked
 * at the driver's value conversion, the layer a live cluster would exercise.
 */
import { describe, expect, it } from 'vitest';
import { coerceValue } from '../../src/runtime/values.js';
import pg from 'pg';
import { sessionTypes, type DefaultParser } from '../../src/runtime/warehouses/postgres.js';

const SUPER = 4000;
const parse = (redshift: boolean, text: string): unknown =>
  (
    sessionTypes(pg.types.getTypeParser as DefaultParser, { redshift }).getTypeParser as (
      oid: number,
      f: 'text',
    ) => (t: string) => unknown
  )(
    SUPER,
    'text',
  )(text);

describe('SUPER values from Redshift', () => {
  it('a list comes back as a list, and passes as a list trait value', () => {
    const value = parse(true, '["Admin","a b ","é"]');
    expect(value).toEqual(['Admin', 'a b ', 'é']);
    expect(coerceValue(value, 'list')).toEqual({ ok: true, value: ['Admin', 'a b ', 'é'] });
    expect(parse(true, '[]')).toEqual([]);
  });

  it('scalars in SUPER come back as their JSON values; text that is not JSON stays text', () => {
    expect(parse(true, '"x"')).toBe('x');
    expect(parse(true, '2.5')).toBe(2.5);
    expect(parse(true, 'not json')).toBe('not json');
  });

  it('without the Redshift parser the list would be text and refused as a list', () => {
    const text = parse(false, '["a"]');
    expect(text).toBe('["a"]');
    expect(coerceValue(text, 'list').ok).toBe(false);
  });
});
