import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as roster from '../src/index.js';
import { buildSources } from '../src/project/index.js';

const sources = buildSources('json', {});

const conformance = resolve(import.meta.dirname, '../../shared/conformance');

describe('public API', () => {
  it('runs every stage from text to SQL through the exported functions', () => {
    const { program, diagnostics } = roster.parse(
      'audience active = user where did "Logged In" within 7 days\n',
      'a.roster',
    );
    expect(diagnostics).toEqual([]);
    expect(roster.format(roster.formatProgram(program, ''), 'a.roster').changed).toBe(false);
    const schema = {
      file: 'schema.yml',
      account: {},
      user: {},
      events: { 'Logged In': { name: 'Logged In', properties: {} } },
    };
    const checked = roster.checkSource(
      'audience active = user where did "Logged In" within 7 days\n',
      'a.roster',
      schema,
      {
        name: 'api',
        events: { scope: 'all_accounts' },
        sources,
        destinations: {},
      },
    );
    expect(checked.diagnostics).toEqual([]);
    expect(roster.printIr(checked.ir!)).toContain('active');
    const compiled = roster.compileProject(checked.ir!, {
      dialect: 'duckdb',
      now: '2026-06-30T00:00:00Z',
      sources,
    });
    expect(compiled.definitions.map((d) => d.name)).toEqual(['active']);
  });

  it('loads a project and runs its tests', async () => {
    if (!existsSync(conformance))
      throw new Error(`the shared conformance suite is missing at ${conformance}`);
    const { project, diagnostics } = await roster.loadProject(conformance);
    expect(diagnostics).toEqual([]);
    const report = await roster.runTests(project!, { filter: '01-any-user-did' });
    expect(report.files.map((f) => [f.name, f.status])).toEqual([['01-any-user-did', 'passed']]);
  });
});
