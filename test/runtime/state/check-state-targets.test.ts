/** `roster check` refuses a state schema a configured warehouse cannot hold, before anything connects. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectConfig } from '../../../src/project/types.js';
import { checkStateTargets } from '../../../src/runtime/state/check-state-targets.js';
import { roster } from '../apply/cli.js';
import { scratchProject } from '../apply/project.js';
import type { ScratchProject } from '../apply/project.js';
import { sqlStage } from '../../../src/sql/index.js';

describe('roster check on the state schema of each target', () => {
  let p: ScratchProject;
  beforeEach(async () => {
    p = await scratchProject('duckdb');
  });
  afterEach(async () => {
    await p.dispose();
  });

  function configure(schema: string, targets: string): void {
    const file = join(p.root, 'roster.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(/state: \{ schema: \w+ \}/, `state: { schema: "${schema}" }`)
        .replace('targets:\n', `targets:\n${targets}`),
    );
  }

  it('accepts the default shape on every warehouse', async () => {
    configure(
      'roster_state',
      '  pg: { dialect: postgres, url: "postgres://x" }\n  bq: { dialect: bigquery, project: p, dataset: d }\n',
    );
    const check = await roster(p.root, 'check');
    expect(check.code, check.out).toBe(0);
  });

  it('refuses a dataset name BigQuery cannot have', async () => {
    configure('roster-state', '  bq: { dialect: bigquery, project: p, dataset: d }\n');
    const check = await roster(p.root, 'check');
    expect(check.code).toBe(1);
    expect(check.out).toContain(
      "error[config-state-schema-unsupported]: target `bq` cannot hold roster's state in schema `roster-state`: a BigQuery dataset name may contain only letters, digits and underscores",
    );
    // DuckDB (the `dev` target) quotes any name: no complaint about it.
    expect(check.out).not.toContain('target `dev`');
  });

  it('refuses a name PostgreSQL would truncate', async () => {
    const long = `roster_state_${'x'.repeat(60)}`;
    configure(long, '  pg: { dialect: postgres, url: "postgres://x" }\n');
    const check = await roster(p.root, 'check');
    expect(check.code).toBe(1);
    expect(check.out).toContain(
      `target \`pg\` cannot hold roster's state in schema \`${long}\`: postgres keeps names of at most 63 bytes, and this one has 73`,
    );
  });
});

describe('the state schema and the identifier limit', () => {
  /** Just what checkStateTargets reads: the state schema and one target per warehouse. */
  function config(schema: string, dialect: ProjectConfig['targets'][string]['dialect']) {
    return {
      state: { schema },
      targets: { t: { name: 't', dialect, settings: {} } },
    } as unknown as ProjectConfig;
  }

  // The limits from each warehouse's documentation (docs/dialects.md), in bytes.
  it.each([
    ['postgres', 63],
    ['redshift', 127],
    ['snowflake', 255],
    ['bigquery', 300],
  ] as const)('%s holds a schema of %i bytes and refuses one byte more', (dialect, limit) => {
    expect(checkStateTargets(config('s'.repeat(limit), dialect), sqlStage)).toEqual([]);
    expect(
      checkStateTargets(config('s'.repeat(limit + 1), dialect), sqlStage).map((d) => d.message),
    ).toEqual([
      `target \`t\` cannot hold roster's state in schema \`${'s'.repeat(limit + 1)}\`: ${dialect} keeps names of at most ${limit} bytes, and this one has ${limit + 1}`,
    ]);
  });

  it('duckdb has no limit', () => {
    expect(checkStateTargets(config('s'.repeat(2000), 'duckdb'), sqlStage)).toEqual([]);
  });
});
