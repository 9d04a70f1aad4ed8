/**
 * What each check of the warehouse SQL catches (issue 13.6): three bugs are
 * planted in the compiled Snowflake, BigQuery and Redshift SQL of a case that
 * reaches them, and each check is asked about the mutated SQL:
 *
 * - executed: translated to DuckDB and run (translated-run.ts) — must differ
 *   from DuckDB's results for every plant on every warehouse;
 * - sqlglot 10.6 (Debian), node-sql-parser and polyglot's own validator:
 *   parsers. A changed comparison or a swapped aggregate is valid SQL, so no
 *   parser can see them; an unknown function is valid syntax too, and none of
 *   the three knows the warehouse's function list. The expected outcomes
 *   below are those reasons, and docs/dialects.md states them.
 */
import { validate } from '@polyglot-sql/sdk';
import NodeSqlParser from 'node-sql-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Schema } from '../../../src/project/types.js';
import { evaluate } from '../../../src/runtime/evaluate.js';
import type { CompiledProject } from '../../../src/sql/compiled.js';
import { statementsOf, WAREHOUSES } from '../dialects/conformance-programs.js';
import { sqlglotAvailable, sqlglotParse } from '../sqlglot/sqlglot.js';
import { executableCases, type ExecutableCase } from './cases.js';
import { caseDatabase, compareTranslated, type WarehouseDialect } from './translated-run.js';

/** Exchanges every `a` with `b` and every `b` with `a`. */
function swap(sql: string, a: string, b: string): string {
  return sql
    .split(a)
    .map((part) => part.replaceAll(b, a))
    .join(b);
}

interface Plant {
  name: string;
  /** The conformance case whose data shows the bug. */
  case: string;
  mutate: (sql: string, dialect: WarehouseDialect) => string;
}

const PLANTS: Plant[] = [
  {
    name: 'window bound > turned into >=',
    case: '08-window-days-boundaries',
    mutate: (sql) => sql.replaceAll('.ts > ', '.ts >= '),
  },
  {
    name: 'first swapped with last',
    case: '25-trait-first-last',
    mutate: (sql, dialect) => {
      switch (dialect) {
        case 'snowflake':
          return swap(sql, 'MIN_BY(', 'MAX_BY(');
        case 'bigquery':
          // The ORDER BY of the ARRAY_AGG(… LIMIT 1) that picks first or last.
          return sql.replace(/ORDER BY [^()]*? LIMIT 1\)/g, (order) =>
            swap(order, ' ASC', ' DESC'),
          );
        case 'redshift':
          // First/last are MIN/MAX of a text key (lower-case min/max are other aggregates).
          return swap(sql, 'MIN(', 'MAX(');
      }
    },
  },
  {
    name: 'an unknown function',
    case: '08-window-days-boundaries',
    mutate: (sql) => sql.replaceAll('COALESCE(', 'NOT_A_FUNCTION('),
  },
];

function mutated(compiled: CompiledProject, plant: Plant, dialect: WarehouseDialect) {
  const m = (sql: string): string => plant.mutate(sql, dialect);
  return {
    ...compiled,
    setup: compiled.setup.map(m),
    definitions: compiled.definitions.map((d) => ({
      ...d,
      resultQuery: m(d.resultQuery),
      standaloneSql: m(d.standaloneSql),
    })),
    teardown: compiled.teardown.map(m),
  };
}

const NSP_DATABASE: Record<WarehouseDialect, string> = {
  snowflake: 'Snowflake',
  bigquery: 'BigQuery',
  redshift: 'Redshift',
};

/** Statements the parser accepted before the plant and refuses after it. */
function newlyRefused(
  original: string[],
  planted: string[],
  accepts: (sql: string) => boolean,
): number {
  return planted.filter((sql, i) => sql !== original[i] && accepts(original[i]!) && !accepts(sql))
    .length;
}

let schema: Schema;
let cases: ExecutableCase[];
beforeAll(async () => {
  if (!sqlglotAvailable())
    throw new Error('sqlglot is missing: apt-get install -y python3-sqlglot');
  ({ schema, cases } = await executableCases());
});

describe.each(WAREHOUSES)('bugs planted in the %s SQL', (dialect) => {
  it.each(PLANTS)('$name: executed catches it, the parsers do not', async (plant) => {
    const c = cases.find((x) => x.name === plant.case);
    expect(c, plant.case).toBeDefined();
    const compiled = c!.byDialect[dialect];
    const planted = mutated(compiled, plant, dialect);
    const before = statementsOf(compiled);
    const after = statementsOf(planted);
    // The plant really changed the SQL (a pattern that stopped matching would prove nothing).
    expect(after.filter((s, i) => s !== before[i]).length).toBeGreaterThan(0);

    // Executed: the unmutated SQL matches DuckDB (conformance-executed.test.ts); the planted one must not.
    const db = await caseDatabase(schema, c!.data);
    const baseline = await evaluate(db, c!.byDialect.duckdb).finally(() => db.close());
    expect(baseline.diagnostics).toEqual([]);
    expect(await compareTranslated(schema, c!.data, compiled, dialect, baseline)).toEqual([]);
    const found = await compareTranslated(schema, c!.data, planted, dialect, baseline);
    expect(found.length, 'the executed check missed the plant').toBeGreaterThan(0);

    // The parsers: all accept the planted SQL wherever they accepted the original.
    const sqlglot = sqlglotParse(dialect, after).problems.filter(
      (p) => after[p.index] !== before[p.index],
    );
    expect(sqlglot).toEqual([]);
    const nsp = new NodeSqlParser.Parser();
    const nspAccepts = (sql: string): boolean => {
      try {
        nsp.astify(sql, { database: NSP_DATABASE[dialect] });
        return true;
      } catch {
        return false;
      }
    };
    expect(newlyRefused(before, after, nspAccepts)).toBe(0);
    const polyglotAccepts = (sql: string): boolean =>
      validate(sql, dialect, { semantic: true }).valid;
    expect(newlyRefused(before, after, polyglotAccepts)).toBe(0);
    // How many changed statements each parser could read at all (a parser that reads none proves nothing here).
    const changed = before.filter((sql, i) => sql !== after[i]);
    console.log(
      `${dialect} / ${plant.name}: ${changed.length} statements changed; read before the plant by node-sql-parser ${changed.filter(nspAccepts).length}, polyglot ${changed.filter(polyglotAccepts).length}`,
    );
  });
});
