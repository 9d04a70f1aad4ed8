/**
 * Every mistake a user can make in roster.yaml, schema.yml or a *.test.yml,
 * with the code, place, message and hints we promise for it. Positions were
 * counted by hand on the texts below (1-based line and column).
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { sortDiagnostics } from '../../src/diagnostics/diagnostic.js';
import type { Diagnostic, Severity } from '../../src/diagnostics/diagnostic.js';
import { DEFAULT_HELP } from '../../src/diagnostics/help.js';
import { SourceFile } from '../../src/diagnostics/source.js';
import { loadProject, loadTestFile } from '../../src/project/index.js';
import type { Schema } from '../../src/project/index.js';

interface Expected {
  code: string;
  /** Omitted for problems that belong to no file. */
  at?: [line: number, column: number];
  message: string;
  hints?: string[];
  severity?: Severity;
}

interface ProjectCase {
  name: string;
  /** Files of the project; `roster.yaml` and `schema.yml` default to a valid pair. */
  files: Record<string, string>;
  /** Load this subfolder of the temporary folder instead of the folder itself. */
  dir?: string;
  expect: Expected[];
}

const ROSTER = 'name: demo\ntarget: dev\ntargets:\n  dev: { dialect: duckdb }\n';
const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

const view = (ds: readonly Diagnostic[], dir = ''): Expected[] =>
  sortDiagnostics(ds).map((d) => ({
    code: d.code,
    ...(d.range ? { at: [d.range.start.line, d.range.start.column] as [number, number] } : {}),
    message: dir === '' ? d.message : d.message.split(dir).join('$DIR'),
    // A fix names a folder as the user types it: relative to where roster runs.
    hints:
      dir === '' ? d.hints : d.hints.map((h) => h.split(relative(process.cwd(), dir)).join('$DIR')),
    severity: d.severity,
  }));

// A case without hints of its own gets its code's fix (src/diagnostics/help.ts, issue 16 item 7).
const normalise = (es: Expected[]): Expected[] =>
  es.map((e) => ({
    ...e,
    hints: e.hints ?? (DEFAULT_HELP[e.code] ? [DEFAULT_HELP[e.code]!] : []),
    severity: e.severity ?? 'error',
  }));

const INTERPOLATION_HINT =
  'write `${NAME}` with a name of letters, digits and `_` (not starting with a digit), or `$${` for a literal `${`';

const projectCases: ProjectCase[] = [
  {
    name: 'unknown top-level key, with the key it replaces reported missing',
    files: {
      'roster.yaml': lines('name: demo', 'target: dev', 'tragets:', '  dev: { dialect: duckdb }'),
    },
    expect: [
      {
        code: 'config-missing-key',
        at: [1, 1],
        message: 'missing key `targets` in roster.yaml',
        hints: ['add `targets: …` to roster.yaml'],
      },
      {
        code: 'config-unknown-key',
        at: [3, 1],
        message: 'unknown key `tragets` in roster.yaml',
        hints: ['did you mean `targets`?'],
      },
    ],
  },
  {
    name: 'misspelt dialect',
    files: {
      'roster.yaml': lines('name: demo', 'target: dev', 'targets:', '  dev: { dialect: duckbd }'),
    },
    expect: [
      {
        code: 'config-invalid-value',
        at: [4, 19],
        message: 'unknown dialect `duckbd`',
        hints: ['did you mean `duckdb`?'],
      },
    ],
  },
  {
    name: 'missing name',
    files: { 'roster.yaml': lines('target: dev', 'targets:', '  dev: { dialect: duckdb }') },
    expect: [
      {
        code: 'config-missing-key',
        at: [1, 1],
        message: 'missing key `name` in roster.yaml',
        hints: ['add `name: …` to roster.yaml'],
      },
    ],
  },
  {
    name: 'paths written as a string',
    files: {
      'roster.yaml': lines(
        'name: demo',
        'paths: audiences',
        'target: dev',
        'targets:',
        '  dev: { dialect: duckdb }',
      ),
    },
    expect: [
      {
        code: 'config-wrong-type',
        at: [2, 8],
        message: '`paths` must be a list, not the string `audiences`',
        hints: ['write a list: `[audiences]`'],
      },
    ],
  },
  {
    name: 'empty paths',
    files: {
      'roster.yaml': lines(
        'name: demo',
        'paths: []',
        'target: dev',
        'targets:',
        '  dev: { dialect: duckdb }',
      ),
    },
    expect: [{ code: 'config-empty-value', at: [2, 8], message: '`paths` must not be empty' }],
  },
  {
    name: 'default target not defined',
    files: {
      'roster.yaml': lines(
        'name: demo',
        'target: prd',
        'targets:',
        '  dev: { dialect: duckdb }',
        '  prod: { dialect: postgres }',
      ),
    },
    expect: [
      {
        code: 'config-unknown-target',
        at: [2, 9],
        message: 'the default target `prd` is not defined in `targets`',
        hints: ['did you mean `prod`?'],
      },
    ],
  },
  {
    name: 'unknown setting of a snowflake target',
    files: {
      'roster.yaml': lines(
        'name: demo',
        'target: dev',
        'targets:',
        '  dev: { dialect: duckdb }',
        '  prod:',
        '    dialect: snowflake',
        '    acount: "${SNOWFLAKE_ACCOUNT}"',
      ),
    },
    expect: [
      {
        code: 'config-unknown-key',
        at: [7, 5],
        message: 'unknown key `acount` in `targets.prod`',
        hints: ['did you mean `account`?'],
      },
    ],
  },
  {
    name: 'target without a dialect',
    files: {
      'roster.yaml': lines('name: demo', 'target: dev', 'targets:', '  dev: { path: x.duckdb }'),
    },
    expect: [
      {
        code: 'config-missing-key',
        at: [4, 3],
        message: 'missing key `dialect` in `targets.dev`',
        hints: ['add `dialect: duckdb` (one of: duckdb, postgres, snowflake, bigquery, redshift)'],
      },
    ],
  },
  {
    name: 'setting of the wrong type',
    files: {
      'roster.yaml': lines(
        'name: demo',
        'target: pg',
        'targets:',
        '  pg: { dialect: postgres, port: true }',
      ),
    },
    expect: [
      {
        code: 'config-wrong-type',
        at: [4, 34],
        message: '`targets.pg.port` must be a whole number or a string, not the boolean `true`',
      },
    ],
  },
  {
    name: 'a negative checkpoint interval',
    files: { 'roster.yaml': ROSTER + 'apply: { checkpoint_seconds: -1 }\n' },
    expect: [
      {
        code: 'config-invalid-value',
        at: [5, 30],
        message: '`apply.checkpoint_seconds` must be at least 0, not the number `-1`',
      },
    ],
  },
  {
    name: 'guard thresholds out of range (a share above 1 would turn a guard off)',
    files: {
      'roster.yaml':
        ROSTER +
        'apply: { mass_exit_threshold: 5, mass_enter_threshold: -1, size_drift_runs: 0 }\n',
    },
    expect: [
      {
        code: 'config-invalid-value',
        at: [5, 31],
        message: '`apply.mass_exit_threshold` must be at most 1, not the number `5`',
      },
      {
        code: 'config-invalid-value',
        at: [5, 56],
        message: '`apply.mass_enter_threshold` must be at least 0, not the number `-1`',
      },
      {
        code: 'config-invalid-value',
        at: [5, 77],
        message: '`apply.size_drift_runs` must be at least 1, not the number `0`',
      },
    ],
  },
  {
    name: 'unknown events scope',
    files: { 'roster.yaml': ROSTER + 'events: { scope: group }\n' },
    expect: [
      {
        code: 'config-invalid-value',
        at: [5, 18],
        message: 'unknown events scope `group`',
        hints: ['did you mean `group_context`?'],
      },
    ],
  },
  {
    name: 'segment destination without write_key',
    files: {
      'roster.yaml':
        ROSTER +
        lines('destinations:', '  zendesk: { type: segment, url: "https://api.example.com" }'),
    },
    expect: [
      {
        code: 'config-missing-key',
        at: [6, 3],
        message: 'missing key `write_key` in `destinations.zendesk`',
        hints: ['add `write_key: …` to `destinations.zendesk`'],
      },
    ],
  },
  {
    name: 'unknown destination type',
    files: { 'roster.yaml': ROSTER + lines('destinations:', '  chat: { type: slack }') },
    expect: [
      {
        code: 'config-invalid-value',
        at: [6, 17],
        message: 'unknown destination type `slack`',
        hints: ['roster knows these destination types: segment, file, webhook'],
      },
    ],
  },
  {
    name: 'a source set to true',
    files: { 'roster.yaml': ROSTER + lines('sources:', '  tracks: true') },
    expect: [
      {
        code: 'config-wrong-type',
        at: [6, 11],
        message:
          '`sources.tracks` must be `false` (not configured) or a mapping with `table` and `columns`, not the boolean `true`',
      },
    ],
  },
  {
    name: 'unknown logical column of tracks',
    files: { 'roster.yaml': ROSTER + lines('sources:', '  tracks: { columns: { user: uid } }') },
    expect: [
      {
        code: 'config-unknown-key',
        at: [6, 24],
        message: 'unknown key `user` in `sources.tracks.columns`',
        hints: ['did you mean `user_id`?'],
      },
    ],
  },
  {
    name: 'users column that is not a declared trait',
    files: {
      'roster.yaml': ROSTER + lines('sources:', '  users: { columns: { emial: email_address } }'),
      'schema.yml': lines('user:', '  traits: { email: string }'),
    },
    expect: [
      {
        code: 'config-unknown-source-column',
        at: [6, 23],
        message: '`sources.users.columns` maps `emial`, which is not `id` or a user trait',
        hints: ['did you mean `email`?'],
      },
    ],
  },
  {
    name: 'malformed ${...} reference',
    files: {
      'roster.yaml': lines(
        'name: demo',
        'target: pg',
        'targets:',
        '  pg: { dialect: postgres, url: "${PG URL}" }',
      ),
    },
    expect: [
      {
        code: 'config-bad-interpolation',
        at: [4, 33],
        message: '`${PG URL}` in `targets.pg.url` is not a valid environment variable reference',
        hints: [INTERPOLATION_HINT],
      },
    ],
  },
  {
    name: 'duplicate key (YAML syntax)',
    files: { 'roster.yaml': 'name: demo\nname: other\n' + ROSTER.slice('name: demo\n'.length) },
    expect: [
      {
        code: 'config-yaml-duplicate-key',
        at: [2, 1],
        message: '`name` appears twice in roster.yaml: a key can be given once',
        hints: ['keep one `name`: remove this one, or merge it into the first'],
      },
    ],
  },
  {
    name: 'unclosed flow mapping (YAML syntax, reported at the `{` left open)',
    files: {
      'roster.yaml': lines('name: demo', 'target: dev', 'targets: { dev: { dialect: duckdb }'),
    },
    expect: [
      {
        code: 'config-yaml-unclosed-bracket',
        at: [3, 10],
        message: 'the mapping opened with `{` is never closed: `}` is missing',
        hints: ['close it on the same line: `targets: { dev: { dialect: duckdb } }`'],
      },
    ],
  },
  {
    name: 'empty roster.yaml',
    files: { 'roster.yaml': '' },
    expect: [
      {
        code: 'config-wrong-type',
        at: [1, 1],
        message: 'roster.yaml must be a mapping of keys, not empty',
      },
    ],
  },
  {
    name: 'a folder in paths that does not exist',
    files: {
      'roster.yaml': lines(
        'name: demo',
        'paths: [audiences, nope]',
        'target: dev',
        'targets:',
        '  dev: { dialect: duckdb }',
      ),
      'audiences/a.roster': '',
    },
    expect: [
      {
        code: 'config-missing-path',
        at: [2, 20],
        message: 'the folder `nope` listed in `paths` does not exist',
      },
    ],
  },
  {
    name: 'configured schema file missing',
    files: {
      'roster.yaml': 'name: demo\nschema: schemas.yml\n' + ROSTER.slice('name: demo\n'.length),
    },
    expect: [
      {
        code: 'config-missing-schema',
        at: [2, 9],
        message: 'schema file `schemas.yml` not found in the project folder',
        hints: ['did you mean `schema.yml`? write `schema: schema.yml`'],
      },
    ],
  },
  {
    name: 'configured schema file missing, nothing like it beside',
    files: {
      'roster.yaml': 'name: demo\nschema: traits/all.yml\n' + ROSTER.slice('name: demo\n'.length),
    },
    expect: [
      {
        code: 'config-missing-schema',
        at: [2, 9],
        message: 'schema file `traits/all.yml` not found in the project folder',
      },
    ],
  },
  {
    name: 'default schema file missing',
    files: { 'roster.yaml': ROSTER, 'schema.yml': '' },
    dir: 'no-schema',
    expect: [],
  },
  {
    name: 'no roster.yaml',
    files: { 'sub/notes.txt': '' },
    dir: 'sub',
    expect: [
      {
        code: 'config-missing-file',
        message:
          'no roster.yaml in $DIR/sub — run roster in a project folder or pass --project DIR',
        hints: ['roster.yaml is in $DIR: run roster there, or pass `--project $DIR`'],
      },
    ],
  },
  {
    name: 'project folder missing',
    files: {},
    dir: 'missing',
    expect: [
      {
        code: 'config-missing-project',
        message: 'no project folder $DIR/missing',
        hints: ['run roster in a project folder or pass --project DIR'],
      },
    ],
  },
  // schema.yml
  {
    name: 'unknown trait type',
    files: { 'schema.yml': lines('account:', '  traits:', '    seats: nubmer') },
    expect: [
      {
        code: 'schema-unknown-type',
        at: [3, 12],
        message: 'unknown type `nubmer` for `account.traits.seats`',
        hints: ['did you mean `number`?'],
      },
    ],
  },
  {
    name: 'list-typed event property',
    files: { 'schema.yml': lines('events:', '  Feature Used:', '    properties: { tags: list }') },
    expect: [
      {
        code: 'schema-list-property',
        at: [3, 25],
        message: 'event property `events."Feature Used".properties.tags` cannot be a list',
        hints: ['send one property per value, or declare a list trait'],
      },
    ],
  },
  {
    name: 'trait name that is not a roster name',
    files: { 'schema.yml': lines('user:', '  traits: { Email: string }') },
    expect: [
      {
        code: 'schema-invalid-name',
        at: [2, 13],
        message: 'invalid name `Email` in `user.traits`',
        hints: [
          'names are lowercase letters, digits and `_`, not starting with a digit: write `email`',
        ],
      },
    ],
  },
  {
    name: 'unknown key in a trait declaration',
    files: {
      'schema.yml': lines(
        'account:',
        '  traits:',
        '    plan: { type: string, enums: [free, pro] }',
      ),
    },
    expect: [
      {
        code: 'schema-unknown-key',
        at: [3, 27],
        message: 'unknown key `enums` in `account.traits.plan`',
        hints: ['did you mean `enum`?'],
      },
    ],
  },
  {
    name: 'trait declaration without a type',
    files: {
      'schema.yml': lines('account:', '  traits:', '    plan: { description: Pricing plan }'),
    },
    expect: [
      {
        code: 'schema-missing-key',
        at: [3, 5],
        message: 'missing key `type` in `account.traits.plan`',
        hints: ['add `type: …` to `account.traits.plan`'],
      },
    ],
  },
  {
    name: 'enum value of the wrong type',
    files: {
      'schema.yml': lines('account:', '  traits:', '    seats: { type: number, enum: [1, two] }'),
    },
    expect: [
      {
        code: 'schema-enum-type-mismatch',
        at: [3, 38],
        message: 'enum value "two" of `seats` is not a number',
      },
    ],
  },
  {
    name: 'enum on a boolean',
    files: {
      'schema.yml': lines('account:', '  traits:', '    beta: { type: boolean, enum: [yes] }'),
    },
    expect: [
      {
        code: 'schema-enum-not-allowed',
        at: [3, 28],
        message: '`enum` is only allowed on string and number declarations, not on boolean `beta`',
      },
    ],
  },
  {
    name: 'misspelt entity',
    files: { 'schema.yml': lines('acount:', '  traits: { plan: string }') },
    expect: [
      {
        code: 'schema-unknown-key',
        at: [1, 1],
        message: 'unknown key `acount` in schema.yml',
        hints: ['did you mean `account`?'],
      },
    ],
  },
  {
    name: '`trait` instead of `traits`',
    files: { 'schema.yml': lines('account:', '  trait: { plan: string }') },
    expect: [
      {
        code: 'schema-unknown-key',
        at: [2, 3],
        message: 'unknown key `trait` in `account`',
        hints: ['did you mean `traits`?'],
      },
    ],
  },
  {
    name: 'schema YAML syntax error',
    files: { 'schema.yml': lines('account:', '  traits: [a, b') },
    expect: [
      {
        code: 'schema-yaml-unclosed-bracket',
        at: [2, 11],
        message: 'the list opened with `[` is never closed: `]` is missing',
        hints: ['close it on the same line: `  traits: [a, b]`'],
      },
    ],
  },
];

async function runProjectCase(c: ProjectCase): Promise<{ got: Expected[] }> {
  const root = await mkdtemp(join(tmpdir(), 'roster-errors-'));
  const files = { 'roster.yaml': ROSTER, 'schema.yml': '{}\n', ...c.files };
  if (c.dir === 'no-schema') delete (files as Record<string, string>)['schema.yml'];
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, name)), { recursive: true });
    await writeFile(join(root, name), text);
  }
  const dir = c.dir === 'missing' || c.dir === 'sub' ? join(root, c.dir) : root;
  const { diagnostics } = await loadProject(dir);
  return { got: view(diagnostics, root) };
}

describe('no project where roster looked: the fix names the project nearby', () => {
  const typed = (dir: string): string => relative(process.cwd(), dir);
  const project = async (root: string, folder: string): Promise<void> => {
    await mkdir(join(root, folder), { recursive: true });
    await writeFile(join(root, folder, 'roster.yaml'), ROSTER);
  };

  it('run from a repository whose project is two folders down: --project that folder', async () => {
    const root = await mkdtemp(join(tmpdir(), 'roster-near-'));
    await project(root, 'analytics/audiences');
    await mkdir(join(root, 'docs'));
    const { diagnostics } = await loadProject(root);
    expect(diagnostics.map((d) => [d.code, d.hints])).toEqual([
      [
        'config-missing-file',
        [`pass the project folder: \`--project ${typed(join(root, 'analytics/audiences'))}\``],
      ],
    ]);
  });

  it('several projects one folder down: the first, and the others as alternatives', async () => {
    const root = await mkdtemp(join(tmpdir(), 'roster-near-'));
    await project(root, 'billing');
    await project(root, 'growth');
    const { diagnostics } = await loadProject(root);
    expect(diagnostics[0]!.hints).toEqual([
      `pass the project folder: \`--project ${typed(join(root, 'billing'))}\` (or \`${typed(join(root, 'growth'))}\`)`,
    ]);
  });

  it('a --project folder misspelt: the folder beside it with a close name', async () => {
    const root = await mkdtemp(join(tmpdir(), 'roster-near-'));
    await project(root, 'audiences');
    const { diagnostics } = await loadProject(join(root, 'audeinces'));
    expect(diagnostics.map((d) => [d.code, d.hints])).toEqual([
      ['config-missing-project', [`did you mean \`--project ${typed(join(root, 'audiences'))}\`?`]],
    ]);
  });
});

describe('roster.yaml and schema.yml mistakes', () => {
  it.each(projectCases.filter((c) => c.dir !== 'no-schema'))('$name', async (c) => {
    const { got } = await runProjectCase(c);
    expect(got).toEqual(normalise(c.expect));
  });

  it('default schema file missing: reported without a place, with a fix', async () => {
    const { got } = await runProjectCase(projectCases.find((c) => c.dir === 'no-schema')!);
    expect(got).toEqual(
      normalise([
        {
          code: 'config-missing-schema',
          message: 'schema file `schema.yml` not found in the project folder',
          hints: ['create schema.yml, or set `schema:` in roster.yaml'],
        },
      ]),
    );
  });
});

// *.test.yml

interface TestFileCase {
  name: string;
  text: string;
  expect: Expected[];
}

const NOW = 'now: "2026-06-30T00:00:00Z"';
const EXPECT = 'expect: { audiences: { x: [] } }';

const testFileCases: TestFileCase[] = [
  {
    name: 'impossible date for now',
    text: lines('now: "2026-02-30"', EXPECT),
    expect: [
      {
        code: 'test-bad-timestamp',
        at: [1, 6],
        message: '`2026-02-30` is not an ISO-8601 timestamp',
        hints: ['write e.g. "2026-06-30T00:00:00Z" or "2026-06-30"'],
      },
    ],
  },
  {
    name: 'no expect',
    text: lines(NOW),
    expect: [
      {
        code: 'test-missing-key',
        at: [1, 1],
        message: 'missing key `expect` in case.test.yml',
        hints: ['add `expect: …` to case.test.yml'],
      },
    ],
  },
  {
    name: 'expected instead of expect',
    text: lines(NOW, 'expected: { audiences: { x: [] } }'),
    expect: [
      {
        code: 'test-missing-key',
        at: [1, 1],
        message: 'missing key `expect` in case.test.yml',
        hints: ['add `expect: …` to case.test.yml'],
      },
      {
        code: 'test-unknown-key',
        at: [2, 1],
        message: 'unknown key `expected` in case.test.yml',
        hints: ['did you mean `expect`?'],
      },
    ],
  },
  {
    name: 'empty expect',
    text: lines(NOW, 'expect: {}'),
    expect: [{ code: 'test-empty-value', at: [2, 9], message: '`expect` must not be empty' }],
  },
  {
    name: 'number trait given as a string',
    text: lines(NOW, 'data:', '  accounts:', '    - { id: a1, seats: "10" }', EXPECT),
    expect: [
      {
        code: 'test-wrong-value-type',
        at: [4, 24],
        message: 'account trait `seats` must be a number, not the string `10`',
        hints: ['write the number without quotes: 10'],
      },
    ],
  },
  {
    name: 'undeclared trait',
    text: lines(NOW, 'data:', '  accounts:', '    - { id: a1, plna: pro }', EXPECT),
    expect: [
      {
        code: 'test-unknown-trait',
        at: [4, 17],
        message: '`plna` is not a declared account trait',
        hints: ['did you mean `plan`?'],
      },
    ],
  },
  {
    name: 'numeric id',
    text: lines(NOW, 'data:', '  accounts:', '    - { id: 1 }', EXPECT),
    expect: [
      {
        code: 'test-wrong-type',
        at: [4, 13],
        message: '`data.accounts[0].id` must be a string, not the number `1`',
        hints: ['quote it: `"1"`'],
      },
    ],
  },
  {
    name: 'duplicate account id',
    text: lines(
      NOW,
      'data:',
      '  accounts:',
      '    - { id: a1, plan: pro }',
      '    - { id: a1, seats: 3 }',
      EXPECT,
    ),
    expect: [
      {
        code: 'test-duplicate-id',
        at: [5, 7],
        message: 'id `a1` appears twice in `data.accounts`',
        hints: ["give each row its own id; put all of one entity's traits in one row"],
      },
    ],
  },
  {
    name: 'list trait with a number item',
    text: lines(NOW, 'data:', '  accounts:', '    - { id: a1, tags: [beta, 3] }', EXPECT),
    expect: [
      {
        code: 'test-wrong-value-type',
        at: [4, 30],
        message: 'account trait `tags` must be a list of strings: item 2 is the number `3`',
        hints: ['quote it: "3"'],
      },
    ],
  },
  {
    name: 'unparsable timestamp trait',
    text: lines(NOW, 'data:', '  accounts:', '    - { id: a1, created_at: "June 1" }', EXPECT),
    expect: [
      {
        code: 'test-bad-timestamp',
        at: [4, 29],
        message: '`June 1` is not an ISO-8601 timestamp',
        hints: ['write e.g. "2026-06-30T00:00:00Z" or "2026-06-30"'],
      },
    ],
  },
  {
    name: 'value outside a declared enum (warning)',
    text: lines(NOW, 'data:', '  accounts:', '    - { id: a1, industry: Sofware }', EXPECT),
    expect: [
      {
        code: 'test-value-not-in-enum',
        at: [4, 27],
        message: 'account trait `industry` is "Sofware", which is not one of its declared values',
        hints: ['declared values: Software, Retail', 'did you mean `Software`?'],
        severity: 'warning',
      },
    ],
  },
  {
    name: 'membership with a misspelt key',
    text: lines(NOW, 'data:', '  memberships:', '    - { user: u1, acount: a1 }', EXPECT),
    expect: [
      {
        code: 'test-missing-key',
        at: [4, 7],
        message: 'missing key `account` in `data.memberships[0]`',
        hints: ['add `account: …` to `data.memberships[0]`'],
      },
      {
        code: 'test-unknown-key',
        at: [4, 19],
        message: 'unknown key `acount` in `data.memberships[0]`',
        hints: ['did you mean `account`?'],
      },
    ],
  },
  {
    name: 'event time that is not a timestamp',
    text: lines(
      NOW,
      'data:',
      '  tracks:',
      '    - { user: u1, event: Logged In, at: yesterday }',
      EXPECT,
    ),
    expect: [
      {
        code: 'test-bad-timestamp',
        at: [4, 41],
        message: '`yesterday` is not an ISO-8601 timestamp',
        hints: ['write e.g. "2026-06-30T00:00:00Z" or "2026-06-30"'],
      },
    ],
  },
  {
    name: 'track without an event',
    text: lines(
      NOW,
      'data:',
      '  tracks:',
      '    - { user: u1, at: "2026-06-20T10:00:00Z" }',
      EXPECT,
    ),
    expect: [
      {
        code: 'test-missing-key',
        at: [4, 7],
        message: 'missing key `event` in `data.tracks[0]`',
        hints: ['add `event: …` to `data.tracks[0]`'],
      },
    ],
  },
  {
    name: 'undeclared event (warning)',
    text: lines(
      NOW,
      'data:',
      '  tracks:',
      '    - { user: u1, event: Loged In, at: "2026-06-20T10:00:00Z" }',
      EXPECT,
    ),
    expect: [
      {
        code: 'test-unknown-event',
        at: [4, 26],
        message: 'event `Loged In` is not declared in the schema',
        hints: ['did you mean `Logged In`?'],
        severity: 'warning',
      },
    ],
  },
  {
    name: 'undeclared event property (warning)',
    text: lines(
      NOW,
      'data:',
      '  tracks:',
      '    - { user: u1, event: Feature Used, at: "2026-06-20T10:00:00Z", properties: { featur: x } }',
      EXPECT,
    ),
    expect: [
      {
        code: 'test-unknown-property',
        at: [4, 82],
        message: '`featur` is not a declared property of `Feature Used` events',
        hints: ['did you mean `feature`?'],
        severity: 'warning',
      },
    ],
  },
  {
    name: 'event property of the wrong type',
    text: lines(
      NOW,
      'data:',
      '  tracks:',
      '    - { user: u1, event: Feature Used, at: "2026-06-20T10:00:00Z", properties: { duration: long } }',
      EXPECT,
    ),
    expect: [
      {
        code: 'test-wrong-value-type',
        at: [4, 92],
        message: 'property `duration` must be a number, not the string `long`',
      },
    ],
  },
  {
    name: 'unknown page property (warning)',
    text: lines(
      NOW,
      'data:',
      '  pages:',
      '    - { user: u1, at: "2026-06-20", properties: { pth: /x } }',
      EXPECT,
    ),
    expect: [
      {
        code: 'test-unknown-property',
        at: [4, 51],
        message: '`pth` is not a declared property of page events',
        hints: ['did you mean `path`?'],
        severity: 'warning',
      },
    ],
  },
  {
    name: 'message id used twice',
    text: lines(
      NOW,
      'data:',
      '  tracks:',
      '    - { user: u1, event: Logged In, at: "2026-06-20T10:00:00Z", message_id: m1 }',
      '    - { user: u1, event: Logged In, at: "2026-06-21T10:00:00Z", message_id: m1 }',
      EXPECT,
    ),
    expect: [
      {
        code: 'test-duplicate-message-id',
        at: [5, 7],
        message: 'message id `m1` is used by two events',
      },
    ],
  },
  {
    name: 'explicit message id equal to a generated one',
    text: lines(
      NOW,
      'data:',
      '  tracks:',
      '    - { user: u1, event: Logged In, at: "2026-06-20T10:00:00Z" }',
      '    - { user: u1, event: Logged In, at: "2026-06-21T10:00:00Z", message_id: m000001 }',
      EXPECT,
    ),
    expect: [
      {
        code: 'test-duplicate-message-id',
        at: [5, 7],
        message: 'message id `m000001` is used by two events',
        hints: [
          'rows without `message_id` are numbered m000001, m000002, ... in file order; pick another id',
        ],
      },
    ],
  },
  {
    name: 'unknown events scope override',
    text: lines(NOW, 'config: { events: { scope: all } }', EXPECT),
    expect: [
      {
        code: 'test-invalid-value',
        at: [2, 28],
        message: 'unknown events scope `all`',
        hints: ['did you mean `all_accounts`?'],
      },
    ],
  },
  {
    name: 'override of a key tests cannot override',
    text: lines(NOW, 'config: { target: pg }', EXPECT),
    expect: [
      {
        code: 'test-unknown-key',
        at: [2, 11],
        message: 'unknown key `target` in `config`',
        hints: ['expected one of: events'],
      },
    ],
  },
  {
    name: 'unclosed quote (YAML syntax)',
    text: lines('now: "2026-06-30T00:00:00Z', EXPECT),
    expect: [
      {
        code: 'test-yaml-unclosed-quote',
        at: [1, 6],
        message: 'the string `"2026-06-30T00:00:00Z` is never closed: its closing `"` is missing',
        hints: ['close it: `now: "2026-06-30T00:00:00Z"`'],
      },
    ],
  },
];

describe('*.test.yml mistakes', () => {
  let schema: Schema;
  beforeAll(async () => {
    const fixture = fileURLToPath(new URL('../fixtures/projects/minimal', import.meta.url));
    schema = (await loadProject(fixture)).project!.schema;
  });

  it.each(testFileCases)('$name', (c) => {
    const { testCase, diagnostics } = loadTestFile(
      new SourceFile('/virtual/case.test.yml', c.text),
      { schema },
    );
    expect(view(diagnostics)).toEqual(normalise(c.expect));
    const errors = c.expect.some((e) => (e.severity ?? 'error') === 'error');
    expect(testCase === undefined).toBe(errors);
  });

  it('has a corpus of at least 25 wrong files in total', () => {
    expect(projectCases.length + testFileCases.length).toBeGreaterThanOrEqual(25);
  });
});
