/**
 * src/runtime imports nothing from src/sql but the compiled project's public
 * types (issue 13; eslint.config.js `runtimeSqlBoundary`): ESLint, with the
 * project's own configuration, refuses every other import of src/sql from a
 * runtime file, and lets the callers after the runtime (the CLI) import values.
 * The stages after src/sql reach it only through its index.ts, the stages
 * after src/runtime (explain included) only through src/runtime/index.ts, and
 * the CLI reaches every stage with a public entry only through it
 * (`publicEntries`).
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The rules that fired on `code`, as if it were the file `path` of the repository. */
async function refusals(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = [${usedNames(code)}];\n`, {
    filePath: `${root}${path}`,
  });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

/** The value bindings a snippet imports, so that no-unused-vars stays quiet. */
function usedNames(code: string): string {
  const names = [...code.matchAll(/^import \{ ([^}]*) \}/gm)].flatMap((m) =>
    m[1]!.split(',').map((n) => n.trim()),
  );
  return names.filter((n) => n !== '' && !n.startsWith('type ')).join(', ');
}

describe('src/runtime and src/sql', () => {
  // Loading the configuration (typescript-eslint) is most of the work: once, before the cases,
  // with room for a busy machine.
  beforeAll(() => refusals('src/runtime/example.ts', 'export {};'), 300_000);

  it('allows type imports from src/sql/index.ts', async () => {
    expect(
      await refusals(
        'src/runtime/plan/example.ts',
        "import type { CompiledProject, Dialect, SqlStage } from '../../sql/index.js';\nexport type T = [CompiledProject, Dialect, SqlStage];",
      ),
    ).toEqual([]);
    expect(
      await refusals(
        'src/runtime/example.ts',
        "import type { CompiledProject } from '../sql/index.js';\nexport type T = CompiledProject;",
      ),
    ).toEqual([]);
  });

  it('refuses a value imported from src/sql/index.ts, at every depth', async () => {
    for (const [path, from] of [
      ['src/runtime/example.ts', '../sql/index.js'],
      ['src/runtime/plan/example.ts', '../../sql/index.js'],
      ['src/runtime/state/adapters/example.ts', '../../../sql/index.js'],
    ] as const) {
      const found = await refusals(path, `import { getDialect } from '${from}';`);
      expect(found, path).toEqual([
        expect.stringMatching(
          /^@typescript-eslint\/no-restricted-imports: .*src\/runtime imports only types from src\/sql/,
        ),
      ]);
    }
    expect(
      await refusals(
        'src/runtime/plan/example.ts',
        "export { sqlStage } from '../../sql/index.js';",
      ),
    ).toEqual([expect.stringMatching(/imports only types from src\/sql/)]);
  });

  it("refuses src/sql's internals, even as types", async () => {
    for (const code of [
      "import { tryCompileProject } from '../../sql/compile-project.js';",
      "import { getDialect } from '../../sql/dialects/index.js';",
      "import type { Dialect } from '../../sql/dialect.js';\nexport type T = Dialect;",
      "import type { Knex } from '../../sql/dialects/snowflake.js';\nexport type T = Knex;",
    ]) {
      expect(await refusals('src/runtime/state/example.ts', code), code).toEqual([
        expect.stringMatching(/may not import src\/sql's internals/),
      ]);
    }
  });

  it('refuses loading src/sql at run time', async () => {
    expect(
      await refusals(
        'src/runtime/plan/example.ts',
        "export const load = () => import('../../sql/index.js');",
      ),
    ).toEqual([expect.stringMatching(/^no-restricted-syntax: src\/runtime may not load src\/sql/)]);
  });

  it('lets the stages after the runtime import values from src/sql/index.ts', async () => {
    for (const [path, from] of [
      ['src/cli/commands/example.ts', '../../sql/index.js'],
      ['src/cli/example.ts', '../sql/index.js'],
      ['src/testing/example.ts', '../sql/index.js'],
      ['src/docs/example.ts', '../sql/index.js'],
      ['src/index.ts', './sql/index.js'],
    ] as const) {
      expect(await refusals(path, `import { sqlStage } from '${from}';`), path).toEqual([]);
    }
  });
});

describe('public entries', () => {
  beforeAll(() => refusals('src/cli/example.ts', 'export {};'), 300_000);

  it("refuses src/sql's internals to every stage after it but explain", async () => {
    for (const [path, code] of [
      ['src/cli/commands/example.ts', "import { getDialect } from '../../sql/dialects/index.js';"],
      ['src/cli/commands/example.ts', "import { compiledScript } from '../../sql/script.js';"],
      ['src/cli/example.ts', "import { tryCompileProject } from '../sql/compile-project.js';"],
      [
        'src/testing/example.ts',
        "import type { Dialect } from '../sql/dialect.js';\nexport type T = Dialect;",
      ],
      ['src/docs/example.ts', "import { definitionParts } from '../sql/script.js';"],
      ['src/index.ts', "export { compileProject } from './sql/compile-project.js';"],
    ] as const) {
      expect(await refusals(path, code), `${path}: ${code}`).toEqual([
        expect.stringMatching(
          /^@typescript-eslint\/no-restricted-imports: .*through its public entry, its index\.ts/,
        ),
      ]);
    }
    expect(
      await refusals('src/explain/example.ts', "import { atom } from '../sql/conditions.js';"),
    ).toEqual([]);
  });

  it('refuses the CLI the internals of every stage that has a public entry', async () => {
    for (const from of [
      '../../diagnostics/render.js',
      '../../project/load-project.js',
      '../../syntax/format.js',
      '../../check/check-project.js',
      '../../runtime/evaluate.js',
    ]) {
      expect(
        await refusals('src/cli/commands/example.ts', `import { x } from '${from}';`),
        from,
      ).toEqual([expect.stringMatching(/through its public entry/)]);
      expect(
        await refusals(
          'src/cli/commands/example.ts',
          `import { x } from '${from.replace(/[a-z-]+\.js$/, 'index.js')}';`,
        ),
        from,
      ).toEqual([]);
    }
  });

  it("refuses src/runtime's internals to every stage after it, explain included", async () => {
    for (const [path, code] of [
      [
        'src/cli/commands/example.ts',
        "import { runApply } from '../../runtime/apply/run-apply.js';",
      ],
      ['src/cli/commands/example.ts', "import { readLock } from '../../runtime/state/lock.js';"],
      ['src/testing/example.ts', "import { evaluate } from '../runtime/evaluate.js';"],
      [
        'src/testing/example.ts',
        "import type { Warehouse } from '../runtime/warehouse.js';\nexport type T = Warehouse;",
      ],
      ['src/docs/example.ts', "import { readStateHistory } from '../runtime/state/history.js';"],
      ['src/explain/example.ts', "import { withEvaluation } from '../runtime/evaluation.js';"],
      ['src/index.ts', "export { evaluate } from './runtime/evaluate.js';"],
    ] as const) {
      expect(await refusals(path, code), `${path}: ${code}`).toEqual([
        expect.stringMatching(
          /^@typescript-eslint\/no-restricted-imports: .*through its public entry, its index\.ts/,
        ),
      ]);
    }
    for (const [path, from] of [
      ['src/cli/commands/example.ts', '../../runtime/index.js'],
      ['src/testing/example.ts', '../runtime/index.js'],
      ['src/docs/example.ts', '../runtime/index.js'],
      ['src/explain/example.ts', '../runtime/index.js'],
      ['src/index.ts', './runtime/index.js'],
    ] as const) {
      expect(await refusals(path, `import { evaluate } from '${from}';`), path).toEqual([]);
    }
  });
});

describe('dialect names', () => {
  beforeAll(() => refusals('src/runtime/example.ts', 'export {};'), 300_000);

  const branches = [
    "export const f = (t: { dialect: string }) => t.dialect === 'duckdb';",
    "export const f = (w: { dialect: string }) => 'postgres' !== w.dialect;",
    "export const f = (dialect: { name: string }) => dialect.name === 'bigquery';",
    "export const f = (l: { dialect: { name: string } }) => l.dialect.name == 'snowflake';",
    'export const f = (t: { dialect: string }) => { switch (t.dialect) { default: return 0; } };',
    'export const f = (dialect: { name: string }) => { switch (dialect.name) { default: return 0; } };',
  ];

  it('refuses a branch on a dialect name in the runtime, roster test, the CLI and the compiler', async () => {
    for (const path of [
      'src/runtime/state/example.ts',
      'src/runtime/apply/example.ts',
      'src/testing/example.ts',
      'src/cli/commands/example.ts',
      'src/explain/example.ts',
      'src/docs/example.ts',
      'src/sql/example.ts',
    ]) {
      for (const code of branches) {
        expect(await refusals(path, code), `${path}: ${code}`).toEqual([
          expect.stringMatching(/^no-restricted-syntax: do not branch on a dialect name/),
        ]);
      }
    }
    // The runtime's other refusal of syntax still holds beside it.
    expect(
      await refusals(
        'src/runtime/plan/example.ts',
        "export const load = () => import('../../sql/index.js');",
      ),
    ).toEqual([expect.stringMatching(/may not load src\/sql/)]);
  });

  it("allows it in each warehouse's own files and the registry, and comparing two dialects", async () => {
    for (const path of [
      'src/sql/dialects/example.ts',
      'src/runtime/warehouses/example.ts',
      'src/runtime/state/adapters/example.ts',
      'src/project/example.ts',
    ]) {
      for (const code of branches)
        expect(await refusals(path, code), `${path}: ${code}`).toEqual([]);
    }
    expect(
      await refusals(
        'src/runtime/state/example.ts',
        'export const f = (d: { name: string }, w: { dialect: string }) => d.name !== w.dialect;',
      ),
    ).toEqual([]);
    expect(
      await refusals(
        'src/runtime/warehouses/example.ts',
        "export const load = () => import('../../sql/index.js');",
      ),
    ).toEqual([expect.stringMatching(/may not load src\/sql/)]);
  });
});
