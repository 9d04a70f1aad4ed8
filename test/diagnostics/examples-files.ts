/**
 * Wrong project files for the codes of roster.yaml (`config-`), schema.yml
 * (`schema-`) and test files (`test-`) that the mistakes corpus does not show
 * (code-examples.ts): each project is loaded by `roster check`, or by
 * `roster test` for what only running a test file finds.
 */
import type { CodeExample } from './code-examples.js';
import { ROSTER_YAML, SCHEMA_YML } from './corpus-harness.js';
import { DATA_ROSTER_YAML, dataProject, NOW } from './example-projects.js';

const OK = 'audience admins = user where role = "admin"\n';
const base = (files: Record<string, string>): Record<string, string> => ({
  'roster.yaml': ROSTER_YAML,
  'schema.yml': SCHEMA_YML,
  'audiences/a.roster': OK,
  ...files,
});

/** roster.yaml with `line` replaced (the line must exist) or, with no line, `extra` appended. */
function rosterYaml(line: string | undefined, replacement: string): string {
  if (line === undefined) return `${ROSTER_YAML}${replacement}`;
  if (!ROSTER_YAML.includes(line)) throw new Error(`no line ${line}`);
  return ROSTER_YAML.replace(line, replacement);
}

function schemaYml(line: string | undefined, replacement: string): string {
  if (line === undefined) return `${SCHEMA_YML}${replacement}`;
  if (!SCHEMA_YML.includes(line)) throw new Error(`no line ${line}`);
  return SCHEMA_YML.replace(line, replacement);
}

const config = (code: string, meant: string, text: string, env?: Record<string, string>) => ({
  code,
  meant,
  files: base({ 'roster.yaml': text }),
  show: ['roster.yaml'],
  ...(env ? { env } : {}),
});

const schema = (code: string, meant: string, text: string): CodeExample => ({
  code,
  meant,
  files: base({ 'schema.yml': text }),
  show: ['schema.yml'],
});

const TEST = 'audiences/admins.test.yml';
const test = (code: string, meant: string, text: string, commands?: string[][]): CodeExample => ({
  code,
  meant,
  files: base({ [TEST]: text }),
  show: [TEST],
  ...(commands ? { commands } : {}),
});

/** Anchors and aliases that would expand into 10,000 copies of a value. */
const ALIAS_BOMB = [
  'x: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
];

/** A test file: `now`, the given lines, and an expectation. */
const testFile = (...lines: string[]): string =>
  ['now: "2026-06-30T00:00:00Z"', ...lines, 'expect:', '  audiences:', '    admins: [u1]', ''].join(
    '\n',
  );

export const fileExamples: CodeExample[] = [
  // ------------------------------------------------------------ roster.yaml
  config(
    'config-bad-interpolation',
    'a shell-style variable with a dash in its name',
    rosterYaml('  dev: { dialect: duckdb }', '  dev: { dialect: duckdb, path: "${DB-PATH}" }'),
  ),
  config(
    'config-empty-value',
    'no folders to read definitions from',
    rosterYaml('paths: [audiences]', 'paths: []'),
  ),
  config(
    'config-files-without-archive',
    'archive files given to the `json` layout',
    rosterYaml(undefined, 'sources:\n  layout: json\n  files: archive/*.json.gz\n'),
  ),
  {
    code: 'config-missing-env-var',
    meant: 'a database file read from a variable that is not set',
    files: {
      ...dataProject(),
      'roster.yaml': DATA_ROSTER_YAML.replace(
        '  dev: { dialect: duckdb }',
        '  dev: { dialect: duckdb, path: "${ROSTER_DUCKDB}" }',
      ),
    },
    show: ['roster.yaml'],
    commands: [['plan', '--now', NOW]],
  },
  {
    code: 'config-missing-file',
    meant: 'roster run in a folder of definitions without roster.yaml',
    files: { 'schema.yml': SCHEMA_YML, 'a.roster': OK },
    show: [],
  },
  {
    code: 'config-missing-project',
    meant: '`--project` naming a folder that does not exist',
    files: base({}),
    show: [],
    commands: [['check', '--project', 'analytics']],
  },
  {
    code: 'config-missing-schema',
    meant: 'a project without its schema file',
    files: { 'roster.yaml': ROSTER_YAML, 'audiences/a.roster': OK },
    show: [],
  },
  config(
    'config-misplaced-key',
    'a target setting written at the top of the file',
    rosterYaml('target: dev', 'target: dev\ndialect: duckdb'),
  ),
  config(
    'config-state-schema-unsupported',
    'a BigQuery state dataset named with a dash',
    rosterYaml(
      '  dev: { dialect: duckdb }',
      '  dev: { dialect: duckdb }\n  bq: { dialect: bigquery, project: acme-data, dataset: analytics }',
    ) + 'state: { schema: roster-state }\n',
  ),
  config(
    'config-unknown-key',
    'dbt’s `profile` key',
    rosterYaml('target: dev', 'target: dev\nprofile: acme'),
  ),
  config(
    'config-unknown-source-column',
    'a column mapped to a trait the schema does not declare',
    rosterYaml(
      undefined,
      'sources:\n  accounts: { table: accounts, columns: { tier: plan_tier } }\n',
    ),
  ),
  config(
    'config-unknown-target',
    '`target` naming a target that is not defined',
    rosterYaml('target: dev', 'target: prod'),
  ),
  config(
    'config-wrong-type',
    '`paths` written as one folder name',
    rosterYaml('paths: [audiences]', 'paths: audiences'),
  ),
  config(
    'config-yaml-aliases',
    'anchors and aliases nested into ten thousand copies',
    rosterYaml(undefined, `${ALIAS_BOMB.join('\n')}\n`),
  ),
  config(
    'config-yaml-warning',
    'a YAML tag from another tool',
    rosterYaml('name: acme', 'name: !env acme'),
  ),
  {
    code: 'config-invalid-utf8',
    meant: 'a definitions file saved as Latin-1 by an old editor',
    files: base({ 'audiences/a.roster': `# caf\u00e9 owners\n${OK}` }),
    show: [],
    between: {
      0: async (root: string) => {
        const { readFileSync, writeFileSync } = await import('node:fs');
        const { join } = await import('node:path');
        const file = join(root, 'audiences/a.roster');
        writeFileSync(file, Buffer.from(readFileSync(file, 'utf8'), 'latin1'));
      },
    },
  },
  // ------------------------------------------------------------ schema.yml
  {
    code: 'schema-segment-event-collision',
    meant: 'one event declared in two spellings, on the tables Segment writes',
    files: base({
      'roster.yaml': ROSTER_YAML + 'sources: { layout: segment }\n',
      'schema.yml': schemaYml('  Logged In: {}', '  Logged In: {}\n  logged in: {}'),
    }),
    show: ['schema.yml'],
  },
  schema(
    'schema-empty-value',
    'an enum with no values yet',
    schemaYml(
      '    plan: { type: string, enum: [free, starter, pro, enterprise] }',
      '    plan: { type: string, enum: [] }',
    ),
  ),
  schema(
    'schema-enum-not-allowed',
    'an enum on a timestamp trait',
    schemaYml(
      '    created_at: timestamp',
      '    created_at: { type: timestamp, enum: ["2026-01-01"] }',
    ),
  ),
  schema(
    'schema-enum-type-mismatch',
    'a number trait with values in words',
    schemaYml('    seats: number', '    seats: { type: number, enum: [one, two] }'),
  ),
  schema(
    'schema-invalid-name',
    'a trait named the way the warehouse column is',
    schemaYml('    mrr: number', '    MRR-USD: number'),
  ),
  schema(
    'schema-list-property',
    'an event property declared as a list',
    schemaYml(
      '    properties: { revenue: number, currency: string }',
      '    properties: { revenue: number, currency: list }',
    ),
  ),
  schema(
    'schema-missing-key',
    'a trait declared with its enum but not its type',
    schemaYml('    seats: number', '    seats: { enum: [1, 5, 10] }'),
  ),
  schema(
    'schema-unknown-key',
    'dbt’s `description` on a trait',
    schemaYml('    seats: number', '    seats: { type: number, descripton: licensed seats }'),
  ),
  schema(
    'schema-unknown-type',
    'SQL’s `varchar` for a string',
    schemaYml('    industry: string', '    industry: varchar'),
  ),
  schema(
    'schema-yaml-aliases',
    'anchors and aliases nested into ten thousand copies',
    schemaYml(undefined, `${ALIAS_BOMB.join('\n')}\n`),
  ),
  schema(
    'schema-yaml-warning',
    'a YAML tag from another tool',
    schemaYml('    seats: number', '    seats: !!int number'),
  ),
  // ------------------------------------------------------------ test files
  test(
    'test-bad-timestamp',
    'an event time in words',
    testFile(
      'data:',
      '  users: [{ id: u1, role: admin }]',
      '  tracks:',
      '    - { user: u1, event: Logged In, at: "last Tuesday" }',
    ),
  ),
  test(
    'test-duplicate-id',
    'one user’s traits split over two rows',
    testFile(
      'data:',
      '  users:',
      '    - { id: u1, role: admin }',
      '    - { id: u1, email: a@acme.com }',
    ),
  ),
  test(
    'test-duplicate-message-id',
    'two events copied with the same message id',
    testFile(
      'data:',
      '  users: [{ id: u1, role: admin }]',
      '  tracks:',
      '    - { user: u1, event: Logged In, at: "2026-06-01", message_id: m1 }',
      '    - { user: u1, event: Logged In, at: "2026-06-02", message_id: m1 }',
    ),
  ),
  test('test-empty-value', 'an expectation with nothing in it', 'now: "2026-06-30"\nexpect: {}\n'),
  test(
    'test-invalid-value',
    'an event scope misspelt',
    testFile('config: { events: { scope: group } }', 'data:', '  users: [{ id: u1, role: admin }]'),
  ),
  test(
    'test-misplaced-key',
    'the users written at the top level instead of under `data`',
    [
      'now: "2026-06-30"',
      'users: [{ id: u1, role: admin }]',
      'expect:',
      '  audiences:',
      '    admins: [u1]',
      '',
    ].join('\n'),
  ),
  test(
    'test-missing-key',
    'a membership without its account',
    testFile('data:', '  users: [{ id: u1, role: admin }]', '  memberships: [{ user: u1 }]'),
  ),
  test(
    'test-unknown-event',
    'an event the schema does not declare',
    testFile(
      'data:',
      '  users: [{ id: u1, role: admin }]',
      '  tracks:',
      '    - { user: u1, event: Signed Up, at: "2026-06-01" }',
    ),
  ),
  test(
    'test-unknown-key',
    'Segment’s `timestamp` for `at`',
    testFile(
      'data:',
      '  users: [{ id: u1, role: admin }]',
      '  tracks:',
      '    - { user: u1, event: Logged In, timestamp: "2026-06-01" }',
    ),
  ),
  test(
    'test-unknown-property',
    'a property the event does not declare',
    testFile(
      'data:',
      '  users: [{ id: u1, role: admin }]',
      '  tracks:',
      '    - { user: u1, event: Order Completed, at: "2026-06-01", properties: { amount: 10 } }',
    ),
  ),
  test(
    'test-unknown-trait',
    'a trait the schema does not declare',
    testFile('data:', '  users: [{ id: u1, rol: admin }]'),
  ),
  test(
    'test-value-not-in-enum',
    'a plan the schema does not list',
    testFile(
      'data:',
      '  accounts: [{ id: a1, plan: premium }]',
      '  users: [{ id: u1, role: admin }]',
    ),
  ),
  test(
    'test-wrong-type',
    'a list of users written as one user',
    testFile('data:', '  users: { id: u1, role: admin }'),
  ),
  test(
    'test-wrong-value-type',
    'a number trait written as a string',
    testFile(
      'data:',
      '  accounts: [{ id: a1, seats: "ten" }]',
      '  users: [{ id: u1, role: admin }]',
    ),
  ),
  test(
    'test-yaml-colon-in-value',
    'a role with a colon in it',
    testFile('data:', '  users:', '    - id: u1', '      role: admin: billing'),
  ),
  test(
    'test-yaml-duplicate-key',
    'the same user key given twice',
    testFile('data:', '  users:', '    - id: u1', '      role: admin', '      role: owner'),
  ),
  test(
    'test-yaml-indent',
    'a trait one space too deep',
    testFile('data:', '  users:', '    - id: u1', '       role: admin'),
  ),
  test(
    'test-yaml-missing-colon',
    'the `:` after a key forgotten',
    ['now "2026-06-30"', 'expect:', '  audiences:', '    admins: [u1]', ''].join('\n'),
  ),
  test(
    'test-yaml-missing-space',
    'no space after the `:`',
    ['now: "2026-06-30"', 'expect:', '  audiences:', '    admins: [u1]', '    owners:[]', ''].join(
      '\n',
    ),
  ),
  test(
    'test-yaml-syntax',
    'an id starting with `@`',
    testFile('data:', '  users:', '    - id: @u1'),
  ),
  test(
    'test-yaml-tab',
    'a row indented with a tab',
    testFile('data:', '  users:', '\t- { id: u1, role: admin }'),
  ),
  test(
    'test-yaml-unclosed-bracket',
    'a row whose `}` is missing',
    testFile('data:', '  users:', '    - { id: u1, role: admin'),
  ),
  test(
    'test-yaml-unclosed-quote',
    'a string whose closing quote is missing',
    testFile('data:', '  users:', '    - { id: "u1, role: admin }'),
  ),
  test(
    'test-yaml-aliases',
    'anchors and aliases nested into ten thousand copies',
    testFile(...ALIAS_BOMB),
  ),
  test(
    'test-yaml-warning',
    'a YAML tag from another tool',
    testFile('data:', '  users: [{ id: !str u1, role: admin }]'),
  ),
  {
    code: 'test-project-errors',
    meant: 'a test run while a definition of the project has an error',
    files: base({
      'audiences/a.roster':
        'audience admins = user where role = "admin"\naudience owners = user where rol = "owner"\n',
      [TEST]: testFile('data:', '  users: [{ id: u1, role: admin }]'),
    }),
    show: ['audiences/a.roster', TEST],
    commands: [['test']],
  },
];
