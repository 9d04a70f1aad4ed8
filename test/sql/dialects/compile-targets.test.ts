/**
 * `roster compile --target <t>` works for every warehouse with no connection
 * and no driver installed: on the shared conformance project's snowflake,
 * bigquery and redshift targets, and on a small project whose SQL is checked
 * for each warehouse's own forms.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCompileCommand } from '../../../src/cli/commands/compile.js';
import { memoryIo } from '../../../src/cli/io.js';
import { checkProject, loadProject } from '../../../src/index.js';
import { compileProject } from '../../../src/sql/compile-project.js';
import { conformanceDir, WAREHOUSES } from './conformance-programs.js';

const NOW = '2026-06-30T00:00:00Z';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'roster-compile-wh-'));
  writeFileSync(
    join(dir, 'roster.yaml'),
    'name: demo\nschema: schema.yml\npaths: [.]\ntarget: sf\ntargets:\n  sf: { dialect: snowflake, password: "${UNSET_PASSWORD}" }\n  bq: { dialect: bigquery }\n  rs: { dialect: redshift }\n',
  );
  writeFileSync(
    join(dir, 'schema.yml'),
    'account:\n  traits: { plan: string }\nuser:\n  traits: {}\nevents:\n  Logged In: { properties: { device: string } }\n',
  );
  writeFileSync(
    join(dir, 'main.roster'),
    'audience active = account where any user did "Logged In" within 30 days and plan = "it\'s \\\\ 100%"\ntrait last_device = account last "Logged In".device\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('roster compile for the warehouses (no connection, no driver)', () => {
  it.each(WAREHOUSES)('the conformance project compiles for its %s target', async (t) => {
    const io = memoryIo(conformanceDir);
    expect(await runCompileCommand({ project: '.', target: t, now: NOW }, io)).toBe(0);
    expect(io.err).toEqual([]);
  });

  it.each([
    ['sf', ['TO_TIMESTAMP_TZ(', 'MAX_BY(', `'it''s \\\\ 100%'`]],
    [
      'bq',
      [
        "TIMESTAMP '2026-05-31 00:00:00.000+00:00'",
        'LIMIT 1)[SAFE_OFFSET(0)]',
        `'it\\'s \\\\ 100%'`,
      ],
    ],
    ['rs', ['AS TIMESTAMPTZ)', 'CHR(1)', `'it''s \\\\ 100%'`]],
  ] as const)('target %s prints SQL in its warehouse forms', async (t, fragments) => {
    const io = memoryIo(dir, {});
    expect(await runCompileCommand({ project: '.', target: t, now: NOW }, io)).toBe(0);
    const sql = io.out.join('\n');
    for (const fragment of fragments) expect(sql).toContain(fragment);
    expect(sql).not.toContain('FILTER (WHERE');
    expect(sql).not.toContain('DISTINCT ON');
  });

  it.each([
    // Snowflake folds unquoted names to upper case, BigQuery quotes with backticks.
    ['sf', '"ROSTER_STAGE_ACCOUNTS"'],
    ['bq', '`roster_stage_accounts`'],
    ['rs', '"roster_stage_accounts"'],
  ] as const)('target %s names its relations in its own quoting', async (t, accounts) => {
    const { project } = await loadProject(dir, { env: {} });
    const ir = project && checkProject(project).ir;
    const dialect = project?.config.targets[t]?.dialect;
    if (!ir || !dialect) throw new Error('the project does not check');
    const compiled = compileProject(ir, { dialect, now: NOW, sources: project.config.sources });
    expect(compiled.relations.accounts?.sql).toBe(accounts);
  });
});
