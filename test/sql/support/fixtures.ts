/**
 * Loads a small data set into real tables in the json layout (one table per
 * event kind with a JSON `properties` column) and runs a compiled project,
 * collecting audience members and trait values.
 */
import type { IrSchema } from '../../../src/ir/ir.js';
import type { CompiledProject } from '../../../src/sql/compiled.js';
import type { Dialect } from '../../../src/sql/dialect.js';
import type { TestEngine } from './engines.js';

export interface EventRow {
  user: string;
  at: string;
  event?: string;
  properties?: Record<string, unknown>;
  group?: string;
  id?: string;
}

export interface Fixture {
  users?: Array<Record<string, unknown> & { id: string }>;
  accounts?: Array<Record<string, unknown> & { id: string }>;
  memberships?: Array<[string, string]>;
  tracks?: EventRow[];
  pages?: EventRow[];
  screens?: EventRow[];
}

function literal(dialect: Dialect, type: string, value: unknown): string {
  if (value === null || value === undefined) return dialect.nullLiteral(type as 'string');
  if (type === 'list') return dialect.listLiteral(value as string[]);
  if (type === 'number') return dialect.numberLiteral(value as number);
  if (type === 'boolean') return dialect.booleanLiteral(value as boolean);
  if (type === 'timestamp') return dialect.timestampLiteral(value as string);
  return dialect.stringLiteral(String(value));
}

async function createTable(
  engine: TestEngine,
  dialect: Dialect,
  name: string,
  columns: Array<[string, string]>,
  rows: unknown[][],
): Promise<void> {
  const q = (n: string) => dialect.quoteIdentifier(n);
  const type = (t: string) =>
    t === 'json' ? dialect.jsonColumnType : dialect.columnType(t as 'string');
  await engine.run(`DROP TABLE IF EXISTS ${q(name)}`);
  await engine.run(
    `CREATE TABLE ${q(name)} (${columns.map(([n, t]) => `${q(n)} ${type(t)}`).join(', ')})`,
  );
  for (const row of rows) {
    const values = row.map((v, i) => {
      const t = columns[i]?.[1] ?? 'string';
      if (t === 'json')
        return `CAST(${dialect.stringLiteral(JSON.stringify(v ?? {}))} AS ${dialect.jsonColumnType})`;
      return literal(dialect, t, v);
    });
    await engine.run(`INSERT INTO ${q(name)} VALUES (${values.join(', ')})`);
  }
}

export async function loadFixture(
  engine: TestEngine,
  dialect: Dialect,
  schema: IrSchema,
  fixture: Fixture,
): Promise<void> {
  const entity = async (
    table: string,
    traits: Record<string, string>,
    rows: Array<Record<string, unknown>>,
  ) => {
    const columns: Array<[string, string]> = [['id', 'string'], ...Object.entries(traits)];
    await createTable(
      engine,
      dialect,
      table,
      columns,
      rows.map((r) => columns.map(([n]) => r[n])),
    );
  };
  await entity('users', schema.user, fixture.users ?? []);
  await entity('accounts', schema.account, fixture.accounts ?? []);
  await createTable(
    engine,
    dialect,
    'memberships',
    [
      ['user_id', 'string'],
      ['account_id', 'string'],
    ],
    fixture.memberships ?? [],
  );
  let counter = 0;
  for (const source of ['tracks', 'pages', 'screens'] as const) {
    const columns: Array<[string, string]> = [
      ['message_id', 'string'],
      ['user_id', 'string'],
      ...(source === 'tracks' ? [['event', 'string'] as [string, string]] : []),
      ['timestamp', 'timestamp'],
      ['group_id', 'string'],
      ['properties', 'json'],
    ];
    const rows = (fixture[source] ?? []).map((e) => {
      const id = e.id ?? `m${String(++counter).padStart(4, '0')}`;
      return [
        id,
        e.user,
        ...(source === 'tracks' ? [e.event] : []),
        e.at,
        e.group ?? null,
        e.properties ?? {},
      ];
    });
    await createTable(engine, dialect, source, columns, rows);
  }
}

export interface Results {
  audiences: Record<string, string[]>;
  traits: Record<string, Record<string, unknown>>;
}

export async function runCompiled(engine: TestEngine, compiled: CompiledProject): Promise<Results> {
  for (const statement of compiled.teardown) await engine.run(statement);
  for (const statement of compiled.setup) await engine.run(statement);
  const results: Results = { audiences: {}, traits: {} };
  for (const definition of compiled.definitions) {
    const rows = await engine.query(definition.resultQuery);
    if (definition.kind === 'audience') {
      results.audiences[definition.name] = rows.map((r) => String(r['id'])).sort();
    } else {
      results.traits[definition.name] = Object.fromEntries(
        rows.map((r) => [String(r['id']), r['value']]),
      );
    }
  }
  return results;
}
