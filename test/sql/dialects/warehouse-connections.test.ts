/**
 * Connections to the warehouses: drivers load lazily and a missing one is a
 * clear diagnostic (snowflake-sdk and @google-cloud/bigquery are not
 * installed here, on purpose); Redshift goes through `pg`, exercised against
 * the local PostgreSQL; `roster debug` checks connection, sources and state
 * schema against the real PostgreSQL, with one clear line per failure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDebugCommand } from '../../../src/cli/commands/debug.js';
import { memoryIo } from '../../../src/cli/io.js';
import type { DialectName, TargetConfig } from '../../../src/project/types.js';
import { openWarehouse } from '../../../src/runtime/open-warehouse.js';
import { loadDriver, MissingDriverError } from '../../../src/runtime/warehouses/load-driver.js';

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

function target(dialect: DialectName, settings: Record<string, unknown> = {}): TargetConfig {
  return { name: 't', dialect, settings };
}

describe('optional drivers', () => {
  it.each([
    [
      'snowflake',
      'the snowflake target needs the snowflake-sdk package: npm install snowflake-sdk@3.3.0',
    ],
    [
      'bigquery',
      'the bigquery target needs the @google-cloud/bigquery package: npm install @google-cloud/bigquery@9.3.0',
    ],
  ] as const)(
    '%s without its driver is a runtime-driver-missing diagnostic',
    async (dialect, message) => {
      const opened = await openWarehouse(target(dialect, { account: 'x', project: 'p' }), {});
      expect(opened.ok).toBe(false);
      expect(opened.diagnostics).toHaveLength(1);
      expect(opened.diagnostics[0]).toMatchObject({
        code: 'runtime-driver-missing',
        severity: 'error',
        message,
      });
    },
  );

  it('a ${VAR} credential that is unset is reported before any driver is loaded', async () => {
    const opened = await openWarehouse(
      target('snowflake', { password: '${SNOWFLAKE_PASSWORD}' }),
      {},
    );
    expect(opened.ok).toBe(false);
    expect(opened.diagnostics[0]?.message).toContain('SNOWFLAKE_PASSWORD');
  });

  it('loads an installed driver and passes other import failures through', async () => {
    const fake = { createConnection: () => undefined };
    await expect(loadDriver('snowflake', async () => ({ default: fake }))).resolves.toBe(fake);
    await expect(
      loadDriver('snowflake', () =>
        Promise.reject(Object.assign(new Error('boom'), { code: 'EACCES' })),
      ),
    ).rejects.toThrow('boom');
    await expect(
      loadDriver('bigquery', () =>
        Promise.reject(
          Object.assign(new Error("Cannot find package '@google-cloud/bigquery'"), {
            code: 'ERR_MODULE_NOT_FOUND',
          }),
        ),
      ),
    ).rejects.toBeInstanceOf(MissingDriverError);
  });
});

describe('redshift through pg (against the local PostgreSQL)', () => {
  it('opens a session that reports the redshift dialect and runs SQL', async () => {
    const opened = await openWarehouse(target('redshift', { url: PG_URL }), {});
    if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostics));
    try {
      expect(opened.warehouse.dialect).toBe('redshift');
      await opened.warehouse.execute('CREATE TEMPORARY TABLE "roster_probe" AS SELECT 1 AS x');
      expect(await opened.warehouse.query('SELECT x FROM "roster_probe"')).toEqual([{ x: 1 }]);
    } finally {
      await opened.warehouse.close();
    }
  });

  it('a refused connection is a diagnostic', async () => {
    const opened = await openWarehouse(target('redshift', { host: '127.0.0.1', port: 1 }), {});
    expect(opened.ok).toBe(false);
    expect(opened.diagnostics[0]?.code).toBe('runtime-connection-failed');
    expect(opened.diagnostics[0]?.message).toMatch(
      /^could not connect to target `t` \(redshift\): /,
    );
  });
});

describe('roster debug', () => {
  const schema = `roster_debug_${process.pid}`;
  const stateSchema = `roster_debug_state_${process.pid}`;
  const role = `roster_debug_ro_${process.pid}`;
  let dir: string;
  let admin: pg.Client;

  const rosterYaml = (extra = '') => `name: demo
schema: schema.yml
paths: [.]
target: pg
targets:
  pg: { dialect: postgres, url: "\${DEBUG_URL}" }
  sf: { dialect: snowflake, account: acme }
sources:
  layout: json
  schema: ${schema}
  pages: false
  screens: false
state:
  schema: ${stateSchema}
${extra}`;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(`CREATE TABLE ${schema}.users (id text, role text)`);
    await admin.query(`CREATE TABLE ${schema}.accounts (id text, plan text)`);
    await admin.query(`CREATE TABLE ${schema}.memberships (user_id text, account_id text)`);
    await admin.query(
      `CREATE TABLE ${schema}.tracks (message_id text, user_id text, event text, "timestamp" timestamptz, group_id text, properties jsonb)`,
    );
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    await admin.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
    await admin.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
    dir = mkdtempSync(join(tmpdir(), 'roster-debug-'));
    writeFileSync(
      join(dir, 'schema.yml'),
      'account:\n  traits: { plan: string }\nuser:\n  traits: { role: string }\nevents:\n  Logged In: {}\n',
    );
    writeFileSync(join(dir, 'roster.yaml'), rosterYaml());
  });

  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`DROP SCHEMA IF EXISTS ${stateSchema} CASCADE`);
    await admin.query(`DROP OWNED BY ${role}`).catch(() => undefined);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes every check on a ready target (credentials from ${VAR})', async () => {
    const io = memoryIo(dir, { DEBUG_URL: PG_URL });
    expect(await runDebugCommand({ project: '.' }, io)).toBe(0);
    const out = io.out.join('\n');
    expect(out).toContain('ok    connection: connected to target `pg` (postgres)');
    expect(out).toContain(
      'ok    source tracks: table `' + `${schema}.tracks` + '` has every column roster reads',
    );
    expect(out).toContain('ok    source users:');
    expect(out).toContain(
      `ok    state schema: can create, write and drop tables in schema \`${stateSchema}\``,
    );
    expect(out).toContain('everything roster needs is in place');
  });

  it('names a missing column and a missing table', async () => {
    await admin.query(`ALTER TABLE ${schema}.tracks DROP COLUMN group_id`);
    await admin.query(`ALTER TABLE ${schema}.memberships RENAME TO memberships_old`);
    try {
      const io = memoryIo(dir, { DEBUG_URL: PG_URL });
      expect(await runDebugCommand({ project: '.' }, io)).toBe(1);
      const out = io.out.join('\n');
      expect(out).toMatch(
        new RegExp(
          `FAIL  source tracks: table \`${schema}\\.tracks\` lacks \`group_id\`; it has \`message_id\``,
        ),
      );
      expect(out).toMatch(
        new RegExp(
          `FAIL  source memberships: cannot read table \`${schema}\\.memberships\`: relation .* does not exist`,
        ),
      );
      expect(out).toContain('2 checks failed');
    } finally {
      await admin.query(`ALTER TABLE ${schema}.tracks ADD COLUMN group_id text`);
      await admin.query(`ALTER TABLE ${schema}.memberships_old RENAME TO memberships`);
    }
  });

  it('reports a state schema it cannot write to', async () => {
    const url = `postgres://${role}@127.0.0.1:5432/test`;
    await admin.query(`DROP SCHEMA IF EXISTS ${stateSchema} CASCADE`);
    const io = memoryIo(dir, { DEBUG_URL: url });
    expect(await runDebugCommand({ project: '.' }, io)).toBe(1);
    const out = io.out.join('\n');
    expect(out).toContain('ok    source tracks:');
    expect(out).toMatch(
      new RegExp(
        `FAIL  state schema: cannot write to schema \`${stateSchema}\`: permission denied`,
      ),
    );
  });

  it('reports a refused connection, a missing driver, an unset variable and an unknown target', async () => {
    const refused = memoryIo(dir, { DEBUG_URL: 'postgres://postgres@127.0.0.1:1/test' });
    expect(await runDebugCommand({ project: '.' }, refused)).toBe(1);
    expect(refused.out.join('\n')).toContain('FAIL  connection to target `pg` (postgres)');
    expect(refused.err.join('\n')).toContain('runtime-connection-failed');

    const driver = memoryIo(dir, {});
    expect(await runDebugCommand({ project: '.', target: 'sf' }, driver)).toBe(1);
    expect(driver.err.join('\n')).toContain(
      'the snowflake target needs the snowflake-sdk package: npm install snowflake-sdk@3.3.0',
    );

    const unset = memoryIo(dir, {});
    expect(await runDebugCommand({ project: '.' }, unset)).toBe(1);
    expect(unset.err.join('\n')).toContain('DEBUG_URL');

    const unknown = memoryIo(dir, {});
    expect(await runDebugCommand({ project: '.', target: 'pgg' }, unknown)).toBe(1);
    expect(unknown.err.join('\n')).toContain('config-unknown-target');
  });
});
