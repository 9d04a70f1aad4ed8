import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { valueChanged } from '../../../src/runtime/plan/snapshot-sql.js';
import { getDialect } from '../../../src/sql/dialects/index.js';
import { engines, useEngine } from '../engines.js';

describe.each(engines)('stored values compared on $name', (engine) => {
  const session = useEngine(engine, { beforeEach, afterEach });
  const d = getDialect(engine.name);
  // Values come from columns, as in the plan's queries (a constant would let
  // Postgres fold the numeric branch of the CASE for a string trait too).
  const changed = async (
    definition: string,
    a: string | null,
    b: string | null,
  ): Promise<boolean> => {
    const text = (v: string | null) =>
      v === null ? 'CAST(NULL AS TEXT)' : `CAST(${d.stringLiteral(v)} AS TEXT)`;
    const sql =
      `SELECT ${valueChanged(d, 'x.o', 'x.n', 'x.def', ['revenue'])} AS changed FROM ` +
      `(SELECT ${d.stringLiteral(definition)} AS def, ${text(a)} AS o, ${text(b)} AS n) AS x`;
    const [row] = await session.current.query(sql);
    return row!.changed === true;
  };

  it('ignores the last bits of a number trait (sums of doubles in another order)', async () => {
    expect(await changed('revenue', '120.5', '120.50000000000001')).toBe(false);
    expect(await changed('revenue', '0.30000000000000004', '0.3')).toBe(false);
  });

  it('sees a real change of a number, and a value that appears or disappears', async () => {
    expect(await changed('revenue', '120.5', '120.6')).toBe(true);
    expect(await changed('revenue', '0', '1e-300')).toBe(true);
    expect(await changed('revenue', null, '1')).toBe(true);
    expect(await changed('revenue', '1', null)).toBe(true);
    expect(await changed('revenue', null, null)).toBe(false);
  });

  it('compares other traits exactly', async () => {
    expect(await changed('plan', '"pro"', '"pro"')).toBe(false);
    expect(await changed('plan', '"pro"', '"Pro"')).toBe(true);
    expect(await changed('seats', '120.5', '120.50000000000001')).toBe(true);
  });
});
