import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/runtime/evaluate.js';
import { queryColumns } from '../../src/runtime/warehouse.js';
import type { Warehouse } from '../../src/runtime/warehouse.js';
import type { CompiledProject, CompiledSqlTrait } from '../../src/sql/compiled.js';
import { engines, useEngine } from './engines.js';

const R = { sql: 'r', columns: { id: 'id', value: 'value' } };

/** A hand-written compiled project: setup makes one temp table the result queries read. */
function project(
  dialect: 'duckdb' | 'postgres',
  sqlTraits: CompiledSqlTrait[] = [],
): CompiledProject {
  return {
    dialect,
    now: '2026-06-30T00:00:00.000Z',
    setup: [
      `create temporary table r (id varchar, n double precision, t timestamptz, l varchar[])`,
      `insert into r values ('b', 2, cast('2026-06-01 00:00:00+00' as timestamptz), array['x', 'y']),
                            ('a', 1.5, null, array[]::varchar[]), ('c', null, null, null)`,
      // As the compiler writes an SQL trait: its table made empty, then filled by one statement.
      ...sqlTraits.flatMap((t) => [
        `create temporary table ${t.table.sql} (id varchar, value ${SQL_TYPES[t.type]})`,
        t.fill,
      ]),
    ],
    steps: [
      { label: 'making the test table' },
      { label: 'filling the test table' },
      ...sqlTraits.flatMap((t) => [
        { label: `creating the table of SQL trait \`${t.name}\`` },
        { label: `filling SQL trait \`${t.name}\`` },
      ]),
    ],
    teardown: ['drop table r', ...sqlTraits.map((t) => `drop table ${t.table.sql}`)],
    definitions: [
      {
        name: 'members',
        kind: 'audience',
        entity: 'user',
        standaloneSql: '',
        reads: [],
        needs: [],
        result: R,
        resultQuery: `select id from r where id <> 'c'`,
      },
      {
        name: 'n',
        kind: 'trait',
        entity: 'user',
        type: 'number',
        standaloneSql: '',
        reads: [],
        needs: [],
        result: R,
        resultQuery: 'select id, n as value from r',
      },
      {
        name: 't',
        kind: 'trait',
        entity: 'user',
        type: 'timestamp',
        standaloneSql: '',
        reads: [],
        needs: [],
        result: R,
        resultQuery: 'select id, t as value from r where t is not null',
      },
      {
        name: 'l',
        kind: 'trait',
        entity: 'user',
        type: 'list',
        standaloneSql: '',
        reads: [],
        needs: [],
        result: R,
        resultQuery: 'select id, l as value from r where l is not null',
      },
    ],
    sqlTraits,
    relations: { features: {} },
    duplicateIds: [],
  };
}

const SQL_TYPES: Record<CompiledSqlTrait['type'], string> = {
  number: 'double precision',
  string: 'varchar',
  boolean: 'boolean',
  timestamp: 'timestamptz',
  list: 'varchar[]',
};

const sqlTrait = (query: string, type: CompiledSqlTrait['type'] = 'number'): CompiledSqlTrait => ({
  name: 'custom_metric',
  entity: 'account',
  type,
  query,
  fill: `insert into roster_trait_custom_metric (id, value) select cast(q.id as varchar), cast(q.value as ${SQL_TYPES[type]}) from (\n${query.replace(/;\s*$/, '')}\n) as q`,
  table: { sql: 'roster_trait_custom_metric', columns: { id: 'id', value: 'value' } },
});

describe.each(engines)('evaluate on $name', (engine) => {
  const session = useEngine(engine, { beforeEach, afterEach });

  it('reads audiences as sorted ids and traits as normalised values, then tears down', async () => {
    const result = await evaluate(session.current, project(engine.name));
    expect(result.diagnostics).toEqual([]);
    expect(result.audiences).toEqual({ members: ['a', 'b'] });
    expect(result.traits.n).toEqual(
      new Map([
        ['b', 2],
        ['a', 1.5],
      ]),
    );
    expect(result.traits.t).toEqual(new Map([['b', '2026-06-01T00:00:00.000Z']]));
    expect(result.traits.l).toEqual(
      new Map([
        ['b', ['x', 'y']],
        ['a', []],
      ]),
    );
    // teardown ran: the temp table is gone.
    await expect(session.current.query('select * from r')).rejects.toThrow();
  });

  it('reports a teardown statement that fails (and still runs the others), keeping the results', async () => {
    const compiled = project(engine.name);
    compiled.teardown = ['drop table roster_never_created', ...compiled.teardown];
    const result = await evaluate(session.current, compiled);
    expect(result.audiences.members).toEqual(['a', 'b']);
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['runtime-teardown-failed', 'warning'],
    ]);
    expect(result.diagnostics[0]?.message).toMatch(
      /^cleaning up after the evaluation failed on .* \(statement `drop table roster_never_created`\): .*roster_never_created/s,
    );
    // the next teardown statement still ran.
    await expect(session.current.query('select * from r')).rejects.toThrow();
  });

  it('accepts a well-shaped SQL trait', async () => {
    const result = await evaluate(
      session.current,
      project(engine.name, [
        sqlTrait(`select 'a1' as id, 3 as value union all select 'a2', null;`),
      ]),
    );
    expect(result.diagnostics).toEqual([]);
  });

  it('rejects an SQL trait without a `value` column, naming the trait and the columns it has', async () => {
    const result = await evaluate(
      session.current,
      project(engine.name, [sqlTrait(`select 'a1' as id, 3 as n`)]),
    );
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({
      code: 'sql-trait-shape',
      severity: 'error',
      message:
        'SQL trait `custom_metric` must return the column `value`, but its query returns `id`, `n`',
    });
    expect(result.diagnostics[0]?.hints[0]).toContain('as id');
    // Nothing else ran.
    expect(result.audiences).toEqual({});
  });

  it('rejects an SQL trait without `id` and `value`', async () => {
    const result = await evaluate(
      session.current,
      project(engine.name, [sqlTrait(`select 1 as a`)]),
    );
    expect(result.diagnostics[0]?.message).toBe(
      'SQL trait `custom_metric` must return the columns `id` and `value`, but its query returns `a`',
    );
  });

  it('rejects an SQL trait with several rows for one id, naming the id', async () => {
    const result = await evaluate(
      session.current,
      project(engine.name, [
        sqlTrait(`select 'a1' as id, 1 as value union all select 'a1', 2 union all select 'a2', 3`),
      ]),
    );
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({
      code: 'sql-trait-shape',
      message:
        'SQL trait `custom_metric` must return one row per id, but returned several for `a1` (2 rows)',
    });
  });

  it('rejects an SQL trait with a NULL id', async () => {
    const result = await evaluate(
      session.current,
      project(engine.name, [sqlTrait(`select cast(null as varchar) as id, 1 as value`)]),
    );
    expect(result.diagnostics[0]).toMatchObject({
      code: 'sql-trait-shape',
      message: 'SQL trait `custom_metric` returned 1 row with a NULL `id`',
    });
  });

  it('rejects an SQL trait whose values are not of the declared type', async () => {
    const result = await evaluate(
      session.current,
      project(engine.name, [sqlTrait(`select 'a1' as id, 'lots' as value`, 'number')]),
    );
    expect(result.diagnostics[0]).toMatchObject({
      code: 'sql-trait-shape',
      message:
        'SQL trait `custom_metric` is declared number, but its query returned a value that is not a number for id `a1`: got a string ("lots")',
    });
    expect(result.diagnostics[0]?.hints[0]).toContain('cast');
  });

  it('reports a failing SQL trait query with the database message', async () => {
    const result = await evaluate(
      session.current,
      project(engine.name, [sqlTrait(`select id, value from missing_table`)]),
    );
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]?.code).toBe('sql-trait-error');
    expect(result.diagnostics[0]?.message).toMatch(
      new RegExp(`^SQL trait \`custom_metric\` failed on ${engine.name}: .*missing_table`, 's'),
    );
  });

  it('reports a failing result query as a diagnostic naming the definition, and still tears down', async () => {
    const compiled = project(engine.name);
    compiled.definitions.push({
      name: 'broken',
      kind: 'audience',
      entity: 'account',
      standaloneSql: '',
      reads: [],
      needs: [],
      result: { sql: 'nowhere', columns: { id: 'id' } },
      resultQuery: 'select id from nowhere',
    });
    const result = await evaluate(session.current, compiled);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]?.code).toBe('runtime-query-failed');
    expect(result.diagnostics[0]?.message).toMatch(
      /^evaluating audience `broken` failed on .*nowhere/s,
    );
    expect(result.audiences.members).toEqual(['a', 'b']);
    await expect(session.current.query('select * from r')).rejects.toThrow();
  });

  it('reads integer ids as text and integer values as numbers, and names the id of a value of another type', async () => {
    const compiled = project(engine.name);
    compiled.setup.push(
      `create temporary table big (id bigint, v bigint, s varchar)`,
      `insert into big values (10, 9007199254740991, 'x'), (2, null, null)`,
    );
    compiled.steps.push({ label: 'making big' }, { label: 'filling big' });
    compiled.teardown.push('drop table big');
    compiled.definitions.push(
      { ...compiled.definitions[0]!, name: 'numbered', resultQuery: 'select id from big' },
      { ...compiled.definitions[1]!, name: 'v', resultQuery: 'select id, v as value from big' },
      { ...compiled.definitions[1]!, name: 'wrong', resultQuery: 'select id, s as value from big' },
    );
    const result = await evaluate(session.current, compiled);
    // Sorted by code point as text: '10' before '2'.
    expect(result.audiences.numbered).toEqual(['10', '2']);
    expect(result.traits.v).toEqual(new Map([['10', 9007199254740991]]));
    expect(result.traits.wrong).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'runtime-trait-value',
        'trait `wrong` is number, but the warehouse returned a value of another type for id `10`: got a string ("x")',
      ],
    ]);
  });

  it('reads the traits of one feature relation in one query, with the values of their own queries', async () => {
    /** The test project, its traits' results in the columns of `r` (a feature relation if `grouped`). */
    const compiledWith = (grouped: boolean): CompiledProject => {
      const compiled = project(engine.name);
      for (const d of compiled.definitions) {
        if (d.kind === 'trait') d.result = { sql: 'r', columns: { id: 'id', value: d.name } };
      }
      if (grouped) compiled.relations.features = { user: { sql: 'r', columns: { id: 'id' } } };
      return compiled;
    };
    const sent: string[] = [];
    const spied = Object.assign(Object.create(session.current) as Warehouse, {
      queryColumns: (sql: string) => {
        sent.push(sql);
        return queryColumns(session.current, sql);
      },
    });
    const grouped = await evaluate(spied, compiledWith(true));
    const own = await evaluate(session.current, compiledWith(false));
    expect(grouped.diagnostics).toEqual([]);
    expect(grouped).toEqual(own);
    // NULLs dropped as the traits' own queries drop them: `c` has no `n`.
    expect([...(grouped.traits.n?.keys() ?? [])].sort()).toEqual(['a', 'b']);
    expect(sent.map((sql) => sql.replace(/\s+/g, ' '))).toEqual([
      'select id as id, n as v0, t as v1, l as v2 from r',
      "select id from r where id <> 'c'",
    ]);
  });

  it('falls back to the query of each trait when its feature relation cannot be read at once', async () => {
    const compiled = project(engine.name);
    compiled.relations.features = { user: { sql: 'r', columns: { id: 'id' } } };
    compiled.definitions.push(
      {
        ...compiled.definitions[1]!,
        name: 'a',
        result: { sql: 'r', columns: { id: 'id', value: 'no_such_column' } },
      },
      {
        ...compiled.definitions[1]!,
        name: 'b',
        result: { sql: 'r', columns: { id: 'id', value: 'n' } },
        resultQuery: 'select id, missing as value from r',
      },
    );
    const result = await evaluate(session.current, compiled);
    expect(result.traits.a).toEqual(result.traits.n);
    expect(result.diagnostics.map((d) => [d.code, d.message.split(':')[0]])).toEqual([
      ['runtime-query-failed', `evaluating trait \`b\` failed on ${engine.name}`],
    ]);
  });

  it('reports a failing setup statement', async () => {
    const compiled = project(engine.name);
    compiled.setup = ['create temporary table x as select * from nowhere'];
    compiled.steps = [{ label: 'computing audience `x`' }];
    const result = await evaluate(session.current, compiled);
    expect(result.diagnostics[0]?.code).toBe('runtime-setup-failed');
    // The step, in the project's words; not a line of roster's SQL, which the user never wrote.
    expect(result.diagnostics[0]?.message).toMatch(
      new RegExp(`^computing audience \`x\` failed on ${engine.name}: .*nowhere`),
    );
    expect(result.diagnostics[0]?.message).not.toContain('create temporary');
    expect(result.diagnostics[0]?.message).not.toContain('\n');
  });
});
