/**
 * roster.yaml and schema.yml (issue 16, item 8): YAML slips (tabs, indentation,
 * quotes, brackets, colons, repeated keys) and config habits from dbt and SQL,
 * each in roster's words at the line of the mistake. Expected values are
 * written from the mistake, not from roster's output.
 */
import { ROSTER_YAML, SCHEMA_YML, type Mistake } from './corpus-harness.js';

// Uses only a trait no case below breaks: a broken declaration would make its uses unknown too.
const OK = 'audience admins = user where role = "admin"\n';

/** roster.yaml with one line replaced (the line must exist). */
function rosterYaml(line: string, replacement: string): Record<string, string> {
  if (!ROSTER_YAML.includes(line)) throw new Error(`no line ${line}`);
  return { 'roster.yaml': ROSTER_YAML.replace(line, replacement) };
}

function schemaYml(line: string, replacement: string): Record<string, string> {
  if (!SCHEMA_YML.includes(line)) throw new Error(`no line ${line}`);
  return { 'schema.yml': SCHEMA_YML.replace(line, replacement) };
}

const INDENT = (key: string, how: string, other: string) =>
  `\`${key}\` is indented ${how} \`${other}\`: keys of one mapping start in the same column`;
const TWICE = (key: string, where: string) =>
  `\`${key}\` appears twice in ${where}: a key can be given once`;
const KEEP_ONE = (key: string) =>
  `keep one \`${key}\`: remove this one, or merge it into the first`;
const UNCLOSED = (s: string, q: string) =>
  `the string \`${s}\` is never closed: its closing \`${q}\` is missing`;
const TAB = 'this line is indented with a tab: YAML indents with spaces only';
const NO_COLON = (line: string) =>
  `\`${line}\` is not \`key: value\`: the \`:\` after the key is missing`;
const DIALECTS = 'roster knows these dialects: duckdb, postgres, snowflake, bigquery, redshift';

const yamlSlips: Mistake[] = [
  // ------------------------------------------------------------ tabs
  {
    who: 'YAML',
    meant: 'a trait indented with a tab (editor set to tabs)',
    roster: OK,
    files: schemaYml('    seats: number', '\tseats: number'),
    code: 'schema-yaml-tab',
    file: 'schema.yml',
    at: '\t',
    message: TAB,
    help: ['indent with four spaces instead: `    seats: number`'],
  },
  {
    who: 'YAML',
    meant: 'a target indented with a tab',
    roster: OK,
    files: rosterYaml('  dev: { dialect: duckdb }', '\tdev: { dialect: duckdb }'),
    code: 'config-yaml-tab',
    file: 'roster.yaml',
    at: '\t',
    message: TAB,
    help: ['indent with two spaces instead: `  dev: { dialect: duckdb }`'],
  },
  // ------------------------------------------------------------ indentation
  {
    who: 'YAML',
    meant: 'a trait one space too deep',
    roster: OK,
    files: schemaYml('    seats: number', '     seats: number'),
    code: 'schema-yaml-indent',
    file: 'schema.yml',
    at: 'seats',
    message: INDENT('seats', 'one space more than', 'plan'),
    help: ['line it up with `plan`: `    seats: number`'],
  },
  {
    who: 'YAML',
    meant: 'a trait one space too shallow',
    roster: OK,
    files: schemaYml('    mrr: number', '   mrr: number'),
    code: 'schema-yaml-indent',
    file: 'schema.yml',
    at: 'mrr',
    message: INDENT('mrr', 'one space less than', 'seats'),
    help: ['line it up with `seats`: `    mrr: number`'],
  },
  {
    who: 'YAML',
    meant: 'a second destination one space too shallow',
    roster: OK,
    files: {
      'roster.yaml': `${ROSTER_YAML} slack: { type: webhook, url: "https://hooks.example.com/x" }\n`,
    },
    code: 'config-yaml-indent',
    file: 'roster.yaml',
    at: 'slack',
    message: INDENT('slack', 'one space less than', 'zendesk'),
    help: [
      'line it up with `zendesk`: `  slack: { type: webhook, url: "https://hooks.example.com/x" }`',
    ],
  },
  {
    who: 'YAML',
    meant: 'an event property three spaces too deep',
    roster: OK,
    files: schemaYml(
      '    properties: { revenue: number, currency: string }',
      '    properties:\n      revenue: number\n         currency: string',
    ),
    code: 'schema-yaml-indent',
    file: 'schema.yml',
    at: 'currency',
    message: INDENT('currency', 'three spaces more than', 'revenue'),
    help: ['line it up with `revenue`: `      currency: string`'],
  },
  {
    who: 'YAML',
    meant: 'a folder in a `paths` list one space off',
    roster: OK,
    files: {
      'roster.yaml': ROSTER_YAML.replace('paths: [audiences]', 'paths:\n  - audiences\n - shared'),
    },
    code: 'config-yaml-indent',
    file: 'roster.yaml',
    at: '- shared',
    message: INDENT('- shared', 'one space less than', '- audiences'),
    help: ['line it up with `- audiences`: `  - shared`'],
  },
  // ------------------------------------------------------------ colons
  {
    who: 'YAML',
    meant: 'a trait without its colon',
    roster: OK,
    files: schemaYml('    seats: number', '    seats number'),
    code: 'schema-yaml-missing-colon',
    file: 'schema.yml',
    at: 'seats number',
    message: NO_COLON('seats number'),
    help: ['write `    seats: number`'],
  },
  {
    who: 'JavaScript',
    meant: 'a trait written `mrr:number` (no space, as in a JS object)',
    roster: OK,
    files: schemaYml('    mrr: number', '    mrr:number'),
    code: 'schema-yaml-missing-space',
    file: 'schema.yml',
    at: 'mrr:number',
    message: '`mrr:number` is one word to YAML: a key needs a space after its `:`',
    help: ['write `    mrr: number`'],
  },
  {
    who: 'JavaScript',
    meant: 'the only trait written `plan:string`',
    roster: OK,
    files: {
      'schema.yml': 'account:\n  traits:\n    plan:string\nuser:\n  traits: { role: string }\n',
    },
    code: 'schema-wrong-type',
    file: 'schema.yml',
    at: 'plan:string',
    message: '`account.traits` must be a mapping or empty, not the string `plan:string`',
    help: ['put a space after the `:`: `plan: string`'],
  },
  {
    who: 'YAML',
    meant: 'an event description with a colon in it',
    roster: OK,
    files: schemaYml(
      '    properties: { role: string }',
      '    description: Note: fires twice on retries\n    properties: { role: string }',
    ),
    code: 'schema-yaml-colon-in-value',
    file: 'schema.yml',
    at: 'Note: fires twice on retries',
    message:
      'the value of `description` contains `: `, which YAML reads as the start of another key',
    help: ['quote the value: `    description: "Note: fires twice on retries"`'],
  },
  // ------------------------------------------------------------ quotes and brackets
  {
    who: 'YAML',
    meant: 'a quoted project name missing its closing quote',
    roster: OK,
    files: rosterYaml('name: acme', 'name: "acme'),
    code: 'config-yaml-unclosed-quote',
    file: 'roster.yaml',
    at: '"acme',
    message: UNCLOSED('"acme', '"'),
    help: ['close it: `name: "acme"`'],
  },
  {
    who: 'YAML',
    meant: 'a webhook URL missing its closing quote inside `{ }`',
    roster: OK,
    files: rosterYaml(
      '  zendesk: { type: file, path: out/calls.ndjson }',
      '  zendesk: { type: webhook, url: "https://hooks.example.com/roster }',
    ),
    code: 'config-yaml-unclosed-quote',
    file: 'roster.yaml',
    at: '"https://hooks.example.com/roster',
    message: UNCLOSED('"https://hooks.example.com/roster', '"'),
    help: ['close it: `  zendesk: { type: webhook, url: "https://hooks.example.com/roster" }`'],
  },
  {
    who: 'SQL',
    meant: 'enum values in single quotes, the last left open',
    roster: OK,
    files: schemaYml(
      '    plan: { type: string, enum: [free, starter, pro, enterprise] }',
      "    plan: { type: string, enum: ['free', 'starter', 'pro', 'enterprise] }",
    ),
    code: 'schema-yaml-unclosed-quote',
    file: 'schema.yml',
    at: "'enterprise",
    message: UNCLOSED("'enterprise", "'"),
    help: [
      "close it: `    plan: { type: string, enum: ['free', 'starter', 'pro', 'enterprise'] }`",
    ],
  },
  {
    who: 'YAML',
    meant: 'a `paths` list missing its `]`',
    roster: OK,
    files: rosterYaml('paths: [audiences]', 'paths: [audiences, shared'),
    code: 'config-yaml-unclosed-bracket',
    file: 'roster.yaml',
    at: '[',
    message: 'the list opened with `[` is never closed: `]` is missing',
    help: ['close it on the same line: `paths: [audiences, shared]`'],
  },
  {
    who: 'YAML',
    meant: 'event properties missing their `}`',
    roster: OK,
    files: schemaYml(
      '    properties: { feature: string, duration: number }',
      '    properties: { feature: string, duration: number',
    ),
    code: 'schema-yaml-unclosed-bracket',
    file: 'schema.yml',
    at: '{',
    nth: 3,
    message: 'the mapping opened with `{` is never closed: `}` is missing',
    help: ['close it on the same line: `    properties: { feature: string, duration: number }`'],
  },
  {
    who: 'YAML',
    meant: 'a target missing its `}`',
    roster: OK,
    files: rosterYaml('  dev: { dialect: duckdb }', '  dev: { dialect: duckdb'),
    code: 'config-yaml-unclosed-bracket',
    file: 'roster.yaml',
    at: '{',
    message: 'the mapping opened with `{` is never closed: `}` is missing',
    help: ['close it on the same line: `  dev: { dialect: duckdb }`'],
  },
  // ------------------------------------------------------------ repeated keys
  {
    who: 'YAML',
    meant: 'a user trait declared twice',
    roster: OK,
    files: schemaYml(
      '    beta: boolean',
      '    beta: boolean\n    role: { type: string, enum: [admin, member] }',
    ),
    code: 'schema-yaml-duplicate-key',
    file: 'schema.yml',
    at: 'role',
    nth: 2,
    message: TWICE('role', '`user.traits`'),
    help: [KEEP_ONE('role')],
    related: [{ message: 'the first `role`', file: 'schema.yml', at: 'role' }],
  },
  {
    who: 'YAML',
    meant: 'a second `dev` target pasted below the first',
    roster: OK,
    files: rosterYaml(
      '  dev: { dialect: duckdb }',
      '  dev: { dialect: duckdb }\n  dev: { dialect: postgres, url: "${DATABASE_URL}" }',
    ),
    code: 'config-yaml-duplicate-key',
    file: 'roster.yaml',
    at: 'dev',
    nth: 3,
    message: TWICE('dev', '`targets`'),
    help: [KEEP_ONE('dev')],
    related: [{ message: 'the first `dev`', file: 'roster.yaml', at: 'dev', nth: 2 }],
  },
  {
    who: 'Segment',
    meant: 'an event declared twice (copied from the tracking plan twice)',
    roster: OK,
    files: { 'schema.yml': `${SCHEMA_YML}  Logged In:\n    properties: { method: string }\n` },
    code: 'schema-yaml-duplicate-key',
    file: 'schema.yml',
    at: 'Logged In',
    nth: 2,
    message: TWICE('Logged In', '`events`'),
    help: [KEEP_ONE('Logged In')],
    related: [{ message: 'the first `Logged In`', file: 'schema.yml', at: 'Logged In' }],
  },
  {
    who: 'YAML',
    meant: 'the project name given twice',
    roster: OK,
    files: { 'roster.yaml': `${ROSTER_YAML}name: acme-growth\n` },
    code: 'config-yaml-duplicate-key',
    file: 'roster.yaml',
    at: 'name',
    nth: 2,
    message: TWICE('name', 'roster.yaml'),
    help: [KEEP_ONE('name')],
    related: [{ message: 'the first `name`', file: 'roster.yaml', at: 'name' }],
  },
  // ------------------------------------------------------------ other YAML
  {
    who: 'JavaScript',
    meant: 'an npm-style scoped project name',
    roster: OK,
    files: rosterYaml('name: acme', 'name: @acme/growth'),
    code: 'config-yaml-syntax',
    file: 'roster.yaml',
    at: '@',
    message: 'a YAML value cannot start with `@` unless it is quoted',
    help: ['quote it: `name: "@acme/growth"`'],
  },
  {
    who: 'YAML',
    meant: 'two schema files pasted together with `---`',
    roster: OK,
    files: { 'schema.yml': SCHEMA_YML.replace('user:\n', '---\nuser:\n') },
    code: 'schema-yaml-syntax',
    file: 'schema.yml',
    at: '---',
    message: '`---` starts a second YAML document, and roster reads one document per file',
    help: ['remove the `---` line, or move what follows it into its own file'],
  },
];

const configHabits: Mistake[] = [
  // ------------------------------------------------------------ enum values named by what they are
  {
    who: 'typo',
    meant: 'dialect snowflake, misspelt',
    roster: OK,
    files: rosterYaml(
      '  dev: { dialect: duckdb }',
      '  dev: { dialect: snowflak, account: "${SNOWFLAKE_ACCOUNT}" }',
    ),
    code: 'config-invalid-value',
    file: 'roster.yaml',
    at: 'snowflak',
    message: 'unknown dialect `snowflak`',
    help: ['did you mean `snowflake`?'],
  },
  {
    who: 'typo',
    meant: 'dialect postgres, written with a double s',
    roster: OK,
    files: rosterYaml('  dev: { dialect: duckdb }', '  dev: { dialect: postgress }'),
    code: 'config-invalid-value',
    file: 'roster.yaml',
    at: 'postgress',
    message: 'unknown dialect `postgress`',
    help: ['did you mean `postgres`?'],
  },
  {
    who: 'SQL',
    meant: 'a MySQL warehouse (not supported)',
    roster: OK,
    files: rosterYaml('  dev: { dialect: duckdb }', '  dev: { dialect: mysql }'),
    code: 'config-invalid-value',
    file: 'roster.yaml',
    at: 'mysql',
    message: 'unknown dialect `mysql`',
    help: [DIALECTS],
  },
  {
    who: 'dbt',
    meant: 'a target written like a dbt profile output (`type:`)',
    roster: OK,
    files: rosterYaml('  dev: { dialect: duckdb }', '  dev: { type: postgres, host: localhost }'),
    code: 'config-missing-key',
    file: 'roster.yaml',
    at: 'dev',
    nth: 2,
    message: 'missing key `dialect` in `targets.dev`',
    help: ['roster names the warehouse with `dialect`, not `type`: write `dialect: postgres`'],
  },
  {
    who: 'typo',
    meant: 'a webhook destination, misspelt',
    roster: OK,
    files: rosterYaml(
      '  zendesk: { type: file, path: out/calls.ndjson }',
      '  zendesk: { type: webhok, url: "https://hooks.example.com/x" }',
    ),
    code: 'config-invalid-value',
    file: 'roster.yaml',
    at: 'webhok',
    message: 'unknown destination type `webhok`',
    help: ['did you mean `webhook`?'],
  },
  {
    who: 'Segment',
    meant: 'a destination named after the tool it feeds',
    roster: OK,
    files: rosterYaml(
      '  zendesk: { type: file, path: out/calls.ndjson }',
      '  zendesk: { type: zendesk, url: "https://acme.zendesk.com" }',
    ),
    code: 'config-invalid-value',
    file: 'roster.yaml',
    at: 'zendesk',
    nth: 2,
    message: 'unknown destination type `zendesk`',
    help: ['roster knows these destination types: segment, file, webhook'],
  },
  {
    who: 'typo',
    meant: 'the Segment warehouse layout, misspelt',
    roster: OK,
    files: { 'roster.yaml': `${ROSTER_YAML}sources: { layout: segmnt }\n` },
    code: 'config-invalid-value',
    file: 'roster.yaml',
    at: 'segmnt',
    message: 'unknown source layout `segmnt`',
    help: ['did you mean `segment`?'],
  },
  {
    who: 'typo',
    meant: 'events counted per group call',
    roster: OK,
    files: { 'roster.yaml': `${ROSTER_YAML}events: { scope: group }\n` },
    code: 'config-invalid-value',
    file: 'roster.yaml',
    at: 'group',
    message: 'unknown events scope `group`',
    help: ['did you mean `group_context`?'],
  },
  // ------------------------------------------------------------ keys at the wrong level
  {
    who: 'dbt',
    meant: 'the dialect at the top of roster.yaml',
    roster: OK,
    files: rosterYaml('target: dev', 'target: dev\ndialect: duckdb'),
    code: 'config-misplaced-key',
    file: 'roster.yaml',
    at: 'dialect',
    message:
      '`dialect` does not belong at the top level of roster.yaml: it goes under `targets.dev`',
    help: ['move `dialect: duckdb` under `targets.dev`, indented one level below it'],
  },
  {
    who: 'YAML',
    meant: '`paths` indented into `targets`',
    roster: OK,
    files: rosterYaml(
      '  dev: { dialect: duckdb }',
      '  dev: { dialect: duckdb }\n  paths: [audiences]',
    ),
    code: 'config-misplaced-key',
    file: 'roster.yaml',
    at: 'paths',
    nth: 2,
    message: '`paths` does not belong in `targets`: it goes at the top level of roster.yaml',
    help: ['move `paths: [audiences]` to the top level, not indented'],
  },
  {
    who: 'YAML',
    meant: 'account traits without the `traits:` level',
    roster: OK,
    files: {
      'schema.yml':
        'account:\n  seats: number\n  plan: string\nuser:\n  traits: { role: string }\n',
    },
    code: 'schema-misplaced-key',
    file: 'schema.yml',
    at: 'seats',
    message:
      '`seats` and `plan` are not keys of `account`: traits are declared under `account.traits`',
    help: ['add a `traits:` key and indent `seats: number` and `plan: string` under it'],
    related: [{ message: '`plan` too', file: 'schema.yml', at: 'plan' }],
  },
  {
    who: 'Segment',
    meant: 'event properties without the `properties:` level',
    roster: OK,
    files: {
      'schema.yml':
        'user:\n  traits: { role: string }\nevents:\n  Feature Used:\n    duration: number\n',
    },
    code: 'schema-misplaced-key',
    file: 'schema.yml',
    at: 'duration',
    message:
      '`duration` is not a key of `events."Feature Used"`: properties are declared under `events."Feature Used".properties`',
    help: ['add a `properties:` key and indent `duration: number` under it'],
  },
  // ------------------------------------------------------------ file and folder names
  {
    who: 'typo',
    meant: 'the audiences folder, written in the singular',
    roster: OK,
    files: rosterYaml('paths: [audiences]', 'paths: [audience]'),
    code: 'config-missing-path',
    file: 'roster.yaml',
    at: 'audience',
    message: 'the folder `audience` listed in `paths` does not exist',
    help: ['did you mean `audiences`?'],
  },
  // ------------------------------------------------------------ type names from SQL and dbt
  {
    who: 'SQL',
    meant: 'a text trait declared `varchar`',
    roster: OK,
    files: schemaYml('    industry: string', '    industry: varchar'),
    code: 'schema-unknown-type',
    file: 'schema.yml',
    at: 'varchar',
    message: 'unknown type `varchar` for `account.traits.industry`',
    help: ['roster calls this type `string`: write `industry: string`'],
  },
  {
    who: 'SQL',
    meant: 'a count declared `int`',
    roster: OK,
    files: schemaYml('    seats: number', '    seats: int'),
    code: 'schema-unknown-type',
    file: 'schema.yml',
    at: 'int',
    message: 'unknown type `int` for `account.traits.seats`',
    help: ['roster calls this type `number`: write `seats: number`'],
  },
  {
    who: 'dbt',
    meant: 'a signup time declared `datetime`',
    roster: OK,
    files: schemaYml('    signed_up_at: timestamp', '    signed_up_at: datetime'),
    code: 'schema-unknown-type',
    file: 'schema.yml',
    at: 'datetime',
    message: 'unknown type `datetime` for `user.traits.signed_up_at`',
    help: ['roster calls this type `timestamp`: write `signed_up_at: timestamp`'],
  },
  {
    who: 'JavaScript',
    meant: 'a flag declared `bool` in the long form',
    roster: OK,
    files: schemaYml('    beta: boolean', '    beta: { type: bool, description: In the beta }'),
    code: 'schema-unknown-type',
    file: 'schema.yml',
    at: 'bool',
    nth: 2,
    message: 'unknown type `bool` for `user.traits.beta.type`',
    help: [
      'roster calls this type `boolean`: write `beta: { type: boolean, description: In the beta }`',
    ],
  },
  {
    who: 'typo',
    meant: 'a string trait, misspelt',
    roster: OK,
    files: schemaYml('    email: string', '    email: strng'),
    code: 'schema-unknown-type',
    file: 'schema.yml',
    at: 'strng',
    message: 'unknown type `strng` for `user.traits.email`',
    help: ['did you mean `string`?'],
  },
];

export const config: Mistake[] = [...yamlSlips, ...configHabits];
