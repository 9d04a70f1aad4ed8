/**
 * `roster preview`'s sample query (src/sql/entity-sample.ts), assembled with
 * the dialect's Knex builder: awkward column names and ids (quotes,
 * backslashes, a `\?` Knex could take for an escaped placeholder) read back
 * exactly on the real engines.
 */
import { describe, expect, it } from 'vitest';
import { getDialect, sqlStage } from '../../src/sql/index.js';
import { ENGINES } from './support/engines.js';

const ODD_COLUMN = `it's "odd" \\?`;
const IDS = [`o'brien`, 'back\\slash', 'what?', 'plain'];

describe('the preview sample query', () => {
  for (const { name, open } of ENGINES) {
    it(`reads the wanted ids' columns on ${name}, names and ids quoted by the dialect`, async () => {
      const engine = await open('entity_sample');
      const dialect = getDialect(name);
      const q = (s: string) => dialect.quoteIdentifier(s);
      try {
        await engine.run(
          `CREATE TABLE people (${q('person id')} ${dialect.columnType('string')}, ${q(ODD_COLUMN)} ${dialect.columnType('number')})`,
        );
        const rows = [...IDS, 'not wanted'].map(
          (id, i) => `(${dialect.stringLiteral(id)}, ${dialect.numberLiteral(i)})`,
        );
        await engine.run(`INSERT INTO people VALUES ${rows.join(', ')}`);
        const sql = sqlStage.entitySample(name, {
          table: 'people',
          id: 'person id',
          columns: [{ column: ODD_COLUMN, as: 'score' }],
          ids: IDS.slice(0, 3),
        });
        const found = await engine.query(`${sql} ORDER BY 2`);
        expect(found).toEqual([
          { id: `o'brien`, score: 0 },
          { id: 'back\\slash', score: 1 },
          { id: 'what?', score: 2 },
        ]);
      } finally {
        await engine.close();
      }
    }, 60_000);
  }

  it('is refused for no ids (a caller bug, not an empty IN list)', () => {
    expect(() =>
      sqlStage.entitySample('duckdb', { table: 't', id: 'id', columns: [], ids: [] }),
    ).toThrow(/no ids/);
  });
});
