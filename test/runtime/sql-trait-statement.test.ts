/**
 * An SQL trait runs as exactly one read-only statement (issue 11.2): a body
 * that closes the subquery roster wraps it in and appends statements of its
 * own must not write anything — not during `roster plan`, which promises never
 * to touch the applied state, and not during apply either.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fillSqlTrait } from '../../src/runtime/validate-sql-trait.js';
import { runTrusted, runUntrusted } from '../../src/runtime/warehouse.js';
import { openPostgres } from '../../src/runtime/warehouses/postgres.js';
import type { CompiledSqlTrait } from '../../src/sql/compiled.js';
import { engines, useEngine } from './engines.js';
import { roster } from './apply/cli.js';
import { DAY1, DEFINITIONS, NOW1, PG_URL, scratchProject } from './apply/project.js';
import type { ScratchProject } from './apply/project.js';

/** A trait body that escapes `( … ) AS q` and bumps the state version. */
const escaping = (p: ScratchProject) => `
trait evil = account sql number """
select id, 1 as value from "${p.pgSchema}".accounts) as q;
UPDATE "${p.stateSchema}".meta SET value = '999' WHERE key = 'state_version';
select * from (select 'x' as id, 1 as value
"""
`;

describe('an SQL trait cannot run statements of its own (PostgreSQL)', () => {
  let p: ScratchProject;
  beforeEach(async () => {
    p = await scratchProject('postgres');
    await p.setData(DAY1);
    const first = await roster(p.root, 'apply', '--now', NOW1, '--auto-approve');
    expect(first.code, first.err).toBe(0);
  });
  afterEach(async () => {
    await p.dispose();
  });

  const stateVersion = async (): Promise<string> => {
    const db = await openPostgres({ url: PG_URL });
    try {
      const rows = await db.query(
        `select value from "${p.stateSchema}".meta where key = 'state_version'`,
      );
      return String(rows[0]?.value);
    } finally {
      await db.close();
    }
  };

  it('plan refuses the trait with a located error and the state is untouched', async () => {
    const before = await stateVersion();
    p.setDefinitions(DEFINITIONS + escaping(p));
    const plan = await roster(p.root, 'plan', '--now', NOW1);
    expect(await stateVersion()).toBe(before);
    expect(plan.code).not.toBe(0);
    expect(plan.err).toContain('main.roster:9:');
    expect(plan.err).toMatch(/SQL trait `evil`/);
    expect(plan.err).toMatch(/closes a parenthesis it did not open/);
  });
});

describe.each(engines)('runUntrusted on $name', (engine) => {
  const db = useEngine(engine, { beforeEach, afterEach });

  it('refuses a text holding a second statement, and runs neither', async () => {
    const w = db.current;
    await w.execute('create table kept (n integer)');
    await w.execute('insert into kept values (1)');
    await expect(runUntrusted(() => w.query('select 1 as id; delete from kept'))).rejects.toThrow(
      engine.name === 'postgres'
        ? /cannot insert multiple commands into a prepared statement/
        : /must be exactly one statement, but this text holds 2/,
    );
    await expect(runUntrusted(() => w.execute('select 1; delete from kept'))).rejects.toThrow();
    expect(await w.query('select count(*) as n from kept')).toEqual([{ n: 1 }]);
    // roster's own statements inside untrusted work (a lock renewal) run as before.
    await runUntrusted(() =>
      runTrusted(() => w.execute('insert into kept values (2); delete from kept where n = 2')),
    );
    // Outside runUntrusted the same session still runs roster's own scripts.
    expect(await w.query('select 2 as two')).toEqual([{ two: 2 }]);
  });
});

describe('PostgreSQL runs SQL traits in a read-only transaction', () => {
  const db = useEngine(
    engines.find((e) => e.name === 'postgres')!,
    { beforeEach, afterEach },
  );
  const trait = (query: string): CompiledSqlTrait => ({
    name: 'evil',
    entity: 'account',
    type: 'number',
    query,
    fill: `INSERT INTO roster_trait_evil (id, value)\nSELECT CAST(q.id AS text) AS id, CAST(q.value AS double precision) AS value FROM (\n${query}\n) AS q`,
    table: { sql: 'roster_trait_evil', columns: { id: 'id', value: 'value' } },
  });

  it('a write hidden in one SELECT (nextval) fails and changes nothing', async () => {
    const w = db.current;
    await w.execute('create sequence counter');
    await w.execute("create table accounts as select 'a1' as id");
    await w.execute('create temporary table roster_trait_evil (id text, value double precision)');
    const diagnostics = await fillSqlTrait(
      w,
      trait(`select id, nextval('counter') as value from accounts`),
    );
    expect(diagnostics.map((d) => d.message)).toEqual([
      'SQL trait `evil` failed on postgres: cannot execute nextval() in a read-only transaction',
    ]);
    expect(await w.query(`select last_value, is_called from counter`)).toEqual([
      { last_value: 1, is_called: false },
    ]);
  });

  it("the statement filling the trait's table writes only that temporary table", async () => {
    const w = db.current;
    await w.execute('create sequence counter');
    await w.execute("create table accounts as select 'a1' as id");
    await w.execute('create temporary table roster_trait_evil (id text, value double precision)');
    expect(await fillSqlTrait(w, trait(`select id, 2 as value from accounts`))).toEqual([]);
    expect(await w.query('select id, value from roster_trait_evil')).toEqual([
      { id: 'a1', value: 2 },
    ]);
    expect(
      await fillSqlTrait(w, trait(`select id, nextval('counter') as value from accounts`)),
    ).toMatchObject([{ code: 'sql-trait-error', message: expect.stringMatching(/read-only/) }]);
    expect(await w.query(`select is_called from counter`)).toEqual([{ is_called: false }]);
    expect(await w.query('select id, value from roster_trait_evil')).toEqual([
      { id: 'a1', value: 2 },
    ]);
  });
});

describe('DuckDB reads files only inside the project unless roster.yaml allows a directory', () => {
  let p: ScratchProject;
  let outside: string;
  beforeEach(async () => {
    p = await scratchProject('duckdb');
    await p.setData(DAY1);
    outside = mkdtempSync(join(tmpdir(), 'roster-outside-'));
    writeFileSync(join(outside, 'secret.csv'), 'id,value\na1,42\n');
  });
  afterEach(async () => {
    await p.dispose();
    rmSync(outside, { recursive: true, force: true });
  });

  const reading = (path: string) => `
trait secret = account sql number """
select id, value from read_csv('${path}')
"""
sync secret to audit with group
`;

  it('an SQL trait reading a file outside the project is refused; allowed_directories lets it', async () => {
    p.setDefinitions(DEFINITIONS + reading(join(outside, 'secret.csv')));
    const refused = await roster(p.root, 'plan', '--now', NOW1);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(
      /SQL trait `secret` failed on duckdb: .*Cannot access file ".*secret\.csv"/,
    );

    const yaml = join(p.root, 'roster.yaml');
    writeFileSync(
      yaml,
      readFileSync(yaml, 'utf8').replace(
        '{ dialect: duckdb }',
        `{ dialect: duckdb, allowed_directories: ["${outside}"] }`,
      ),
    );
    const allowed = await roster(p.root, 'plan', '--now', NOW1);
    expect(allowed.code, allowed.err).toBe(0);
    expect(allowed.out).toContain('secret');
  });

  it('files inside the project are read as before', async () => {
    writeFileSync(join(p.root, 'data', 'mine.csv'), 'id,value\na1,7\n');
    p.setDefinitions(DEFINITIONS + reading(join(p.root, 'data', 'mine.csv')));
    const plan = await roster(p.root, 'plan', '--now', NOW1);
    expect(plan.code, plan.err).toBe(0);
  });
});
