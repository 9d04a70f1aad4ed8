// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The pipeline is the layout (ARCHITECTURE.md): a stage imports only the stages
 * before it. Each entry lists what a folder must NOT import.
 */
const stages = [
  ['grammar', ['src/*']],
  [
    'src/diagnostics',
    [
      'src/project',
      'src/syntax',
      'src/check',
      'src/ir',
      'src/sql',
      'src/runtime',
      'src/testing',
      'src/cli',
      'grammar',
    ],
  ],
  [
    'src/project',
    ['src/syntax', 'src/check', 'src/ir', 'src/sql', 'src/runtime', 'src/testing', 'src/cli'],
  ],
  [
    'src/syntax',
    ['src/project', 'src/check', 'src/ir', 'src/sql', 'src/runtime', 'src/testing', 'src/cli'],
  ],
  ['src/ir', ['src/syntax', 'src/check', 'src/sql', 'src/runtime', 'src/testing', 'src/cli']],
  ['src/check', ['src/sql', 'src/runtime', 'src/testing', 'src/cli']],
  [
    'src/sql',
    ['src/syntax', 'src/check', 'src/reference', 'src/runtime', 'src/testing', 'src/cli'],
  ],
  // The reference evaluator is an independent oracle: it shares nothing with the SQL path.
  [
    'src/reference',
    ['src/syntax', 'src/check', 'src/sql', 'src/runtime', 'src/testing', 'src/cli'],
  ],
  // src/sql: see `runtimeSqlBoundary` below.
  ['src/runtime', ['src/testing', 'src/cli']],
  ['src/testing', ['src/cli']],
  // explain reads the warehouse like the runtime does; the CLI renders what it returns.
  ['src/explain', ['src/testing', 'src/cli', 'src/docs', 'src/init']],
  ['src/docs', ['src/cli']],
  // Scaffolding writes files from templates: it needs roster's own files (project), nothing of the pipeline.
  [
    'src/init',
    ['src/syntax', 'src/check', 'src/ir', 'src/sql', 'src/runtime', 'src/testing', 'src/cli'],
  ],
];

/**
 * src/runtime imports nothing from src/sql but the compiled project's public
 * types, through src/sql/index.ts (`import type`): the values it needs (the
 * dialect registry, the compiler) come from its callers as a `SqlStage`, and
 * where the compiler put what comes from `CompiledProject.relations`, never
 * from compiler internals (ARCHITECTURE.md; src/runtime/README.md).
 * test/runtime/import-boundary.test.ts shows what this refuses.
 */
const sqlFromRuntime = ['../sql', '../../sql', '../../../sql'];

/**
 * Code never branches on a dialect's name (ARCHITECTURE.md, "Dialects are one
 * interface"): a difference between warehouses is a hook or capability of the
 * dialect, of the state adapter or of the connector, in that warehouse's own
 * file. So a `dialect` (`target.dialect`, `warehouse.dialect`) or a dialect's
 * `name` compared with a string, or switched on, fails the lint outside those
 * files (src/sql/dialects, src/runtime/warehouses, src/runtime/state/adapters)
 * and the registry (src/project). test/runtime/import-boundary.test.ts shows it.
 */
const dialectBranchMessage =
  'do not branch on a dialect name: make the difference a hook or capability of the dialect, state adapter or connector (ARCHITECTURE.md).';
const dialectBranches = [
  // `x.dialect`, and the `name` of anything called …dialect (`dialect.name`, `x.dialect.name`).
  ...[
    "[property.name='dialect']",
    "[property.name='name'][object.name=/[dD]ialect$/]",
    "[property.name='name'][object.property.name=/[dD]ialect$/]",
  ].flatMap((member) => {
    const on = (side) => member.replaceAll('[', `[${side}.`);
    return [
      `BinaryExpression[operator=/^[!=]==?$/]${on('left')}[right.type='Literal']`,
      `BinaryExpression[operator=/^[!=]==?$/]${on('right')}[left.type='Literal']`,
      `SwitchStatement${on('discriminant')}`,
    ];
  }),
].map((selector) => ({ selector, message: dialectBranchMessage }));
const dialectFiles = [
  'src/sql/dialects/**',
  'src/runtime/warehouses/**',
  'src/runtime/state/adapters/**',
  'src/project/**',
];
const runtimeSqlBoundary = {
  files: ['src/runtime/**/*.ts'],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: sqlFromRuntime.flatMap((p) => [`${p}/*`, `!${p}/index.js`]),
            message:
              "src/runtime may not import src/sql's internals: only types, from src/sql/index.ts (ARCHITECTURE.md).",
          },
          {
            group: sqlFromRuntime.map((p) => `${p}/index.js`),
            allowTypeImports: true,
            message:
              'src/runtime imports only types from src/sql (`import type`): the dialect registry and the compiler come from the caller as a SqlStage (src/runtime/README.md).',
          },
        ],
      },
    ],
    'no-restricted-syntax': [
      'error',
      {
        selector: 'ImportExpression[source.value=/(^|\\/)sql\\//]',
        message: 'src/runtime may not load src/sql at run time (src/runtime/README.md).',
      },
      ...dialectBranches,
    ],
  },
};

/** The rule of `dialectBranches` for src outside src/runtime (whose rule list above carries it). */
const noDialectBranches = {
  files: ['src/**/*.ts'],
  ignores: ['src/runtime/**', ...dialectFiles],
  rules: { 'no-restricted-syntax': ['error', ...dialectBranches] },
};
const runtimeDialectFiles = {
  files: dialectFiles.filter((f) => f.startsWith('src/runtime/')).map((f) => `${f}/*.ts`),
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector: 'ImportExpression[source.value=/(^|\\/)sql\\//]',
        message: 'src/runtime may not load src/sql at run time (src/runtime/README.md).',
      },
    ],
  },
};

/**
 * The stages after src/sql reach it only through its public entry,
 * src/sql/index.ts (compiling, the compiled project's types, the dialect
 * registry, the scripts `roster compile` prints), and the stages after
 * src/runtime reach it only through src/runtime/index.ts (connecting,
 * evaluating, plan and apply, state); the CLI reaches every stage that has an
 * entry (diagnostics, project, syntax, check, sql, runtime) only through it.
 * src/explain is the exception for src/sql: it assembles its own queries from
 * the compiler's condition and source builders (src/explain/README.md); it
 * reaches src/runtime through its entry like the others.
 * test/runtime/import-boundary.test.ts shows what this refuses.
 */
const entryOnly = (folders, depths) => ({
  group: depths.flatMap((depth) =>
    folders.flatMap((folder) => [`${depth}${folder}/*`, `!${depth}${folder}/index.js`]),
  ),
  message:
    'import this stage through its public entry, its index.ts (eslint.config.js, ARCHITECTURE.md).',
});
const publicEntries = [
  {
    files: ['src/cli/**/*.ts'],
    entries: [
      ['diagnostics', 'project', 'syntax', 'check', 'sql', 'runtime'],
      ['../', '../../'],
    ],
  },
  {
    files: ['src/testing/**/*.ts', 'src/docs/**/*.ts'],
    entries: [
      ['sql', 'runtime'],
      ['../', '../../'],
    ],
  },
  { files: ['src/explain/**/*.ts'], entries: [['runtime'], ['../', '../../']] },
  { files: ['src/index.ts'], entries: [['sql', 'runtime'], ['./']] },
].map(({ files, entries: [folders, depths] }) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { patterns: [entryOnly(folders, depths)] },
    ],
  },
}));

const folderPattern = (folder) => {
  const name = folder.split('/').pop();
  return [`**/${name}/**`, `**/${name}/*.js`, `**/${name}`];
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'grammar/generated/**', 'dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  // The docs site's page script runs in the browser, from disk.
  {
    files: ['site/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
  },
  ...stages.map(([folder, forbidden, extra = []]) => ({
    files: [`${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: forbidden
            .map((f) => ({
              group: folderPattern(f)
                .map((p) => (f.startsWith('src/') ? `../${p.replace('**/', '')}` : p))
                .concat(folderPattern(f).map((p) => `../../${p.replace('**/', '')}`)),
              message: `${folder} may not import ${f}: a stage imports only the stages before it (ARCHITECTURE.md).`,
            }))
            .concat(extra),
        },
      ],
    },
  })),
  runtimeSqlBoundary,
  runtimeDialectFiles,
  noDialectBranches,
  ...publicEntries,
);
