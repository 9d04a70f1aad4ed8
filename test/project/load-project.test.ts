import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProject, loadTestFile, resolveSettings } from '../../src/project/index.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const minimal = join(repoRoot, 'test/fixtures/projects/minimal');
const conformance = resolve(repoRoot, '../shared/conformance');

describe('loadProject on the minimal fixture', () => {
  it('reads roster.yaml with defaults, overrides and raw ${VAR} settings', async () => {
    const { project, diagnostics } = await loadProject(minimal);
    expect(diagnostics).toEqual([]);
    const config = project!.config;
    expect(config.root).toBe(minimal);
    expect(config.file).toBe(join(minimal, 'roster.yaml'));
    expect(config.name).toBe('demo');
    expect(config.schemaPath).toBe(join(minimal, 'schema.yml'));
    expect(config.paths).toEqual([join(minimal, 'audiences')]);
    expect(config.defaultTarget).toBe('dev');
    expect(config.targets.dev).toMatchObject({ name: 'dev', dialect: 'duckdb', settings: {} });
    expect(config.targets.prod!.settings).toEqual({
      account: '${SNOWFLAKE_ACCOUNT}',
      user: 'roster',
      password: '${SNOWFLAKE_PASSWORD}',
    });
    expect(config.destinations.zendesk).toMatchObject({
      type: 'segment',
      settings: { write_key: '${ZENDESK_KEY}' },
    });
    expect(config.destinations.audit).toMatchObject({
      type: 'file',
      settings: { path: 'out/calls.ndjson' },
    });
    expect(config.events.scope).toBe('group_context');
    expect(config.state.schema).toBe('roster_state');
  });

  it('builds sources from the segment layout, sources.schema and the user overrides', async () => {
    const { sources } = (await loadProject(minimal)).project!.config;
    expect(sources.layout).toBe('segment');
    expect(sources.schema).toBe('analytics');
    expect(sources.mappings.screens).toBeUndefined(); // screens: false
    expect(sources.mappings.tracks).toMatchObject({
      table: 'analytics.tracks',
      columns: {
        message_id: 'id',
        user_id: 'user_id',
        event: 'event_text',
        timestamp: 'timestamp',
        group_id: 'context_group_id',
      },
    });
    // A table given with a schema is kept; its own table means one row per user.
    expect(sources.mappings.users).toMatchObject({
      table: 'crm.people',
      columns: { id: 'id', email: 'email_address' },
    });
    expect(sources.mappings.users!.range?.start.line).toBe(21);
    expect(sources.mappings.accounts).toMatchObject({
      table: 'analytics.groups',
      columns: { id: 'group_id' },
      reduce: { kind: 'latest', key: 'group_id', orderBy: 'timestamp' },
    });
    expect(sources.mappings.memberships).toMatchObject({
      table: 'analytics.groups',
      columns: { user_id: 'user_id', account_id: 'group_id' },
      reduce: { kind: 'distinct' },
    });
  });

  it('reads schema.yml with both declaration forms and their positions', async () => {
    const { schema } = (await loadProject(minimal)).project!;
    expect(schema.account.seats).toMatchObject({ name: 'seats', type: 'number' });
    expect(schema.account.industry).toMatchObject({
      type: 'string',
      enum: ['Software', 'Retail'],
      description: 'Sector',
    });
    expect(schema.account.industry!.range).toMatchObject({ start: { line: 7, column: 5 } });
    expect(schema.user.beta!.type).toBe('boolean');
    expect(Object.keys(schema.events)).toEqual(['Logged In', 'Feature Used']);
    expect(schema.events['Logged In']!.properties).toEqual({});
    expect(schema.events['Feature Used']!.description).toBe('A feature was used.');
    expect(schema.events['Feature Used']!.properties.duration!.type).toBe('number');
  });

  it('discovers *.roster and *.test.yml files sorted by path', async () => {
    const { project } = await loadProject(minimal);
    expect(project!.rosterFiles.map((f) => relative(minimal, f.path))).toEqual([
      'audiences/active.roster',
      'audiences/sub/big.roster',
    ]);
    expect(project!.testFiles.map((f) => relative(minimal, f.path))).toEqual([
      'audiences/active.test.yml',
    ]);
    expect(project!.rosterFiles[0]!.text).toContain('audience active');
    expect(project!.configFiles.map((f) => relative(minimal, f.path))).toEqual([
      'roster.yaml',
      'schema.yml',
    ]);
  });

  it('keeps ${VAR} until resolveSettings, which names the variable and where it is used', async () => {
    const { project } = await loadProject(minimal);
    const prod = project!.config.targets.prod!;
    const missing = resolveSettings(
      prod.settings,
      { SNOWFLAKE_PASSWORD: 's3cret' },
      {
        path: 'targets.prod',
        ranges: prod.settingRanges,
      },
    );
    expect(missing.settings).toEqual({
      account: '${SNOWFLAKE_ACCOUNT}',
      user: 'roster',
      password: 's3cret',
    });
    expect(missing.diagnostics).toHaveLength(1);
    expect(missing.diagnostics[0]).toMatchObject({
      code: 'config-missing-env-var',
      message:
        'environment variable SNOWFLAKE_ACCOUNT is not set (targets.prod.account in roster.yaml:9:14)',
      range: { start: { line: 9, column: 14 } },
    });
    const ok = resolveSettings(
      prod.settings,
      { SNOWFLAKE_ACCOUNT: 'acme-1', SNOWFLAKE_PASSWORD: 'p' },
      { path: 'targets.prod' },
    );
    expect(ok).toEqual({
      settings: { account: 'acme-1', user: 'roster', password: 'p' },
      diagnostics: [],
    });
  });

  it('accepts roster.yml, defaults schema to schema.yml and paths to the project folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'roster-yml-'));
    await writeFile(
      join(dir, 'roster.yml'),
      'name: p\ntarget: dev\ntargets: { dev: { dialect: duckdb } }\n',
    );
    await writeFile(join(dir, 'schema.yml'), '');
    await writeFile(join(dir, 'a.roster'), '');
    const { project, diagnostics } = await loadProject(dir);
    expect(diagnostics).toEqual([]);
    expect(project!.config.paths).toEqual([dir]);
    expect(project!.config.events.scope).toBe('all_accounts');
    expect(project!.config.sources.layout).toBe('json');
    expect(project!.schema).toEqual({
      file: join(dir, 'schema.yml'),
      account: {},
      user: {},
      events: {},
    });
    expect(project!.rosterFiles.map((f) => f.path)).toEqual([join(dir, 'a.roster')]);
  });

  it('skips node_modules and dot-folders, and lists overlapping paths once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'roster-discover-'));
    await writeFile(
      join(dir, 'roster.yaml'),
      'name: p\npaths: [., b]\ntarget: dev\ntargets: { dev: { dialect: duckdb } }\n',
    );
    await writeFile(join(dir, 'schema.yml'), '{}\n');
    for (const sub of ['b', 'node_modules/pkg', '.git', 'a/.cache'])
      await mkdir(join(dir, sub), { recursive: true });
    for (const f of [
      'b/z.roster',
      'a/y.roster',
      'B.roster',
      'node_modules/pkg/x.roster',
      '.git/x.roster',
      'a/.cache/x.test.yml',
      'a/t.test.yml',
      'a/notes.yml',
      'a/r.roster.bak',
    ]) {
      await writeFile(join(dir, f), '');
    }
    const { project, diagnostics } = await loadProject(dir);
    expect(diagnostics).toEqual([]);
    // Code-point order: upper case before lower case.
    expect(project!.rosterFiles.map((f) => relative(dir, f.path))).toEqual([
      'B.roster',
      'a/y.roster',
      'b/z.roster',
    ]);
    expect(project!.testFiles.map((f) => relative(dir, f.path))).toEqual(['a/t.test.yml']);
  });
});

describe('the shared conformance project', () => {
  it('exists next to the repository', () => {
    expect(
      existsSync(join(conformance, 'roster.yaml')),
      `expected the conformance suite at ${conformance}`,
    ).toBe(true);
  });

  it('loads with no diagnostics, and all 32 test files load into test cases', async () => {
    const { project, diagnostics } = await loadProject(conformance);
    expect(diagnostics).toEqual([]);
    expect(project!.config.targets.pg!.settings).toEqual({
      url: 'postgres://postgres@127.0.0.1:5432/test',
    });
    expect(Object.keys(project!.config.targets)).toEqual([
      'dev',
      'pg',
      'snowflake',
      'bigquery',
      'redshift',
    ]);
    expect(project!.testFiles).toHaveLength(32);
    expect(project!.rosterFiles).toHaveLength(0);
    const cases = project!.testFiles.map((f) => ({
      f,
      ...loadTestFile(f, { schema: project!.schema }),
    }));
    for (const c of cases) expect(c.diagnostics, c.f.path).toEqual([]);
    expect(cases.filter((c) => c.testCase).length).toBe(32);
    for (const c of cases) {
      // The cases use three reference instants, normalised to UTC with milliseconds.
      expect([
        '2026-06-30T00:00:00.000Z',
        '2026-03-10T12:00:00.000Z',
        '2026-04-15T09:30:00.000Z',
      ]).toContain(c.testCase!.now);
      expect(c.testCase!.program?.exact).toBe(true);
    }
    const scoped = cases.find((c) => c.f.path.endsWith('29-group-context.test.yml'))!.testCase!;
    expect(scoped.config).toEqual({ events: { scope: 'group_context' } });
    expect(scoped.data.tracks[0]).toMatchObject({
      user: 'u1',
      groupId: 'a1',
      messageId: 'm000001',
    });
    expect(scoped.data.tracks[2]!.groupId).toBeUndefined();
  });
});
