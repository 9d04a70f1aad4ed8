/**
 * `roster check` and `roster compile` load no database driver: every
 * connector file is loaded with the runtime (its state adapter is needed
 * without connecting, src/runtime/warehouses/connector.ts), so each imports
 * its driver only inside `connect`. Each driver is replaced by a module that
 * records being imported; connecting afterwards shows the record works.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCompileCommand } from '../../src/cli/commands/compile.js';
import { memoryIo } from '../../src/cli/io.js';
import { connectors } from '../../src/runtime/warehouses/connectors.js';
import { run } from './check-fixture.js';

const loaded = vi.hoisted(() => [] as string[]);
vi.mock('pg', () => {
  loaded.push('pg');
  return { default: {} };
});
vi.mock('@duckdb/node-api', () => {
  loaded.push('@duckdb/node-api');
  return {};
});
vi.mock('@duckdb/node-bindings', () => {
  loaded.push('@duckdb/node-bindings');
  return { default: {} };
});
vi.mock('snowflake-sdk', () => {
  loaded.push('snowflake-sdk');
  return {};
});
vi.mock('@google-cloud/bigquery', () => {
  loaded.push('@google-cloud/bigquery');
  return {};
});

const ROSTER_YAML = `name: demo
schema: schema.yml
paths: [audiences]
target: dev
targets:
  dev: { dialect: duckdb }
  pg: { dialect: postgres, host: 127.0.0.1 }
  sf: { dialect: snowflake, account: acme }
  bq: { dialect: bigquery, project: acme }
  rs: { dialect: redshift, host: 127.0.0.1 }
`;
const SCHEMA_YML = `account:
  traits: { plan: string }
user:
  traits: { role: string }
events:
  Logged In: {}
`;

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'roster-no-driver-'));
  mkdirSync(join(root, 'audiences'));
  writeFileSync(join(root, 'roster.yaml'), ROSTER_YAML);
  writeFileSync(join(root, 'schema.yml'), SCHEMA_YML);
  writeFileSync(
    join(root, 'audiences/a.roster'),
    'trait logins = account count "Logged In"\naudience busy = account where logins > 3\n',
  );
  return root;
}

const timeouts = { connectTimeoutMs: 1000, statementTimeoutMs: 1000 };

describe('check and compile load no driver', () => {
  it('check, and compile for every target, import none; connecting imports the driver', async () => {
    const root = project();
    const checked = await run(root, 'check');
    expect(checked.out).toBe('✓ 2 definitions checked, no problems');
    expect(checked.exitCode).toBe(0);
    for (const target of ['dev', 'pg', 'sf', 'bq', 'rs']) {
      const io = memoryIo(root);
      expect(
        await runCompileCommand({ project: '.', target, now: '2026-06-30T00:00:00Z' }, io),
        `${target}: ${io.err.join('\n')}`,
      ).toBe(0);
    }
    expect(loaded).toEqual([]);

    // The record works: connecting imports the (stubbed, so failing) driver.
    await expect(connectors.duckdb.connect({}, timeouts)).rejects.toThrow();
    await expect(connectors.postgres.connect({ host: '127.0.0.1' }, timeouts)).rejects.toThrow();
    expect(loaded).toEqual(['@duckdb/node-api', '@duckdb/node-bindings', 'pg']);
  });
});
