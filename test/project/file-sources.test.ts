import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/load-project.js';
import { isFilePath } from '../../src/project/sources.js';

describe('file sources', () => {
  it('tells file paths and globs from warehouse table names', () => {
    expect(isFilePath('data/tracks.parquet')).toBe(true);
    expect(isFilePath('events.ndjson')).toBe(true);
    expect(isFilePath('raw/*.csv')).toBe(true);
    expect(isFilePath('analytics.tracks')).toBe(false);
    expect(isFilePath('tracks')).toBe(false);
  });

  it('resolves relative file sources against the project folder, not the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-files-'));
    writeFileSync(
      join(dir, 'roster.yaml'),
      [
        'name: files',
        'target: dev',
        'targets: { dev: { dialect: duckdb } }',
        'sources:',
        '  tracks: { table: data/tracks.parquet }',
        '  users: { table: /abs/users.parquet }',
        '  accounts: { table: crm.accounts }',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'schema.yml'), 'events: {}\n');
    const { project, diagnostics } = await loadProject(dir);
    expect(diagnostics).toEqual([]);
    const mappings = project!.config.sources.mappings;
    expect(mappings.tracks!.table).toBe(join(dir, 'data/tracks.parquet'));
    expect(mappings.users!.table).toBe('/abs/users.parquet');
    expect(mappings.accounts!.table).toBe('crm.accounts');
  });
});
