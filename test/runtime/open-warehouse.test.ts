import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWarehouse } from '../../src/runtime/open-warehouse.js';
import type { TargetConfig } from '../../src/project/types.js';
import { PG_URL } from './engines.js';

const target = (
  dialect: TargetConfig['dialect'],
  settings: Record<string, unknown> = {},
): TargetConfig => ({
  name: 't',
  dialect,
  settings,
});

describe('openWarehouse', () => {
  it('opens an in-memory DuckDB by default', async () => {
    const opened = await openWarehouse(target('duckdb'), {});
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(await opened.warehouse.query('select 1 as x')).toEqual([{ x: 1 }]);
    await opened.warehouse.close();
  });

  it('resolves ${VAR} settings from the environment before connecting to PostgreSQL', async () => {
    const opened = await openWarehouse(target('postgres', { url: '${PG}' }), { PG: PG_URL });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.warehouse.dialect).toBe('postgres');
    await opened.warehouse.close();
  });

  it('reports an unset variable, naming it and the setting, without connecting', async () => {
    const opened = await openWarehouse(target('postgres', { url: 'postgres://${PGHOSTX}/db' }), {});
    expect(opened.ok).toBe(false);
    expect(opened.diagnostics).toHaveLength(1);
    expect(opened.diagnostics[0]).toMatchObject({
      code: 'config-missing-env-var',
      message: 'environment variable PGHOSTX is not set (targets.t.url)',
    });
  });

  it.each([
    ['${PGPORT}', { PGPORT: 'five' }, 'five'],
    ['54x32', {}, '54x32'],
    [70000, {}, '70000'],
  ])(
    'refuses port %s (after ${VAR}) instead of connecting to the default port',
    async (port, env, shown) => {
      const opened = await openWarehouse(
        target('postgres', { host: '127.0.0.1', port, database: 'test' }),
        env,
      );
      expect(opened.ok).toBe(false);
      expect(opened.diagnostics).toHaveLength(1);
      expect(opened.diagnostics[0]).toMatchObject({
        code: 'runtime-bad-setting',
        message: `target \`t\`: \`port\` must be a whole number from 1 to 65535, not \`${shown}\``,
      });
    },
  );

  it('accepts a numeric port given through ${VAR}', async () => {
    const opened = await openWarehouse(
      target('postgres', {
        host: '127.0.0.1',
        port: '${PGPORT}',
        database: 'test',
        user: 'postgres',
      }),
      { PGPORT: '5432' },
    );
    if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostics));
    await opened.warehouse.close();
  });

  it('opens a relative DuckDB file inside baseDir, not the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-wh-'));
    try {
      const opened = await openWarehouse(
        target('duckdb', { path: 'db.duckdb' }),
        {},
        { baseDir: dir },
      );
      if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostics));
      await opened.warehouse.execute('create table t (x integer)');
      await opened.warehouse.close();
      expect(existsSync(join(dir, 'db.duckdb'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['snowflake', 'snowflake-sdk@3.3.0'],
    ['bigquery', '@google-cloud/bigquery@9.3.0'],
  ] as const)('reports %s without its optional driver', async (dialect, install) => {
    const opened = await openWarehouse(target(dialect), {});
    expect(opened.ok).toBe(false);
    expect(opened.diagnostics[0]?.code).toBe('runtime-driver-missing');
    expect(opened.diagnostics[0]?.message).toContain(`npm install ${install}`);
  });

  it('reports a refused connection as a diagnostic, not an exception', async () => {
    const opened = await openWarehouse(
      target('postgres', { url: 'postgres://postgres@127.0.0.1:1/test' }),
      {},
    );
    expect(opened.ok).toBe(false);
    expect(opened.diagnostics[0]?.code).toBe('runtime-connection-failed');
    expect(opened.diagnostics[0]?.message).toMatch(
      /^could not connect to target `t` \(postgres\): /,
    );
  });
});
