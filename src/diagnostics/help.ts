/**
 * The fix for every diagnostic code that is not the parser's or the checker's
 * (those keep theirs beside their messages: SYNTAX_HELP, CHECK_HELP): the
 * project files, the SQL compiler, the runtime, the CLI. `error()` and
 * `warning()` add it when a diagnostic is built without a more specific
 * rewrite, so every diagnostic a user sees says what to do (issue 16, item 7;
 * test/diagnostics/help.test.ts finds every code in src/ and holds it here).
 */

/** The same mistakes in roster.yaml (`config-`), schema.yml (`schema-`) and *.test.yml (`test-`). */
const YAML_FILE_HELP: Record<string, string> = {
  'unknown-key':
    'remove the key, or correct its spelling (the file’s keys are listed in docs/config.md)',
  'misplaced-key': 'move the key to where it belongs, indented under its parent',
  'missing-key': 'add the key (docs/config.md lists what each section needs)',
  'wrong-type': 'write the value in the shape the key takes (docs/config.md)',
  'invalid-value': 'use one of the values the key accepts (docs/config.md)',
  'unknown-type': 'use one of roster’s types: string, number, boolean, timestamp, list',
  'list-property': 'send one property per value, or declare a list trait',
  'empty-value': 'give it a value, or remove the key',
  'invalid-name': 'names are lowercase letters, digits and `_`, not starting with a digit',
  'yaml-syntax': 'write `key: value` pairs and `- item` lists, one per line, indented with spaces',
  'yaml-warning': 'write plain `key: value` pairs, one per line',
  'yaml-tab': 'indent with spaces, never tabs',
  'yaml-indent': 'line the key up with the other keys of its mapping',
  'yaml-missing-colon': 'write `key: value`',
  'yaml-missing-space': 'put a space after the `:`',
  'yaml-colon-in-value': 'quote the value',
  'yaml-unclosed-quote': 'close the string with the quote it opened with',
  'yaml-unclosed-bracket': 'close the `[` or `{` on the same line',
  'yaml-duplicate-key': 'keep one of the two keys',
  'yaml-aliases': 'write the values out, or use fewer aliases of aliases',
};

/**
 * The YAML codes each file kind can report. Only schema.yml's JSON Schema has
 * type names and a pattern for names (`unknown-type`, `list-property`,
 * `invalid-name`), and it has no other enum, bound or pattern on a value
 * (`invalid-value`); test/diagnostics/help.test.ts holds the schemas to it.
 */
const SCHEMA_ONLY = ['unknown-type', 'list-property', 'invalid-name'];
export const YAML_FILE_CODES: Readonly<Record<'config' | 'schema' | 'test', readonly string[]>> = {
  config: Object.keys(YAML_FILE_HELP).filter((code) => !SCHEMA_ONLY.includes(code)),
  schema: Object.keys(YAML_FILE_HELP).filter((code) => code !== 'invalid-value'),
  test: Object.keys(YAML_FILE_HELP).filter((code) => !SCHEMA_ONLY.includes(code)),
};

const PER_FILE: Record<string, string> = Object.fromEntries(
  Object.entries(YAML_FILE_CODES).flatMap(([prefix, codes]) =>
    codes.map((code) => [`${prefix}-${code}`, YAML_FILE_HELP[code]!]),
  ),
);

export const DEFAULT_HELP: Readonly<Record<string, string>> = {
  ...PER_FILE,
  // ------------------------------------------------------------ roster.yaml
  'config-missing-project': 'run roster in a project folder or pass --project DIR',
  'config-missing-file':
    'run roster in a project folder (one with roster.yaml), or pass --project DIR',
  'config-missing-schema': 'create the schema file, or point `schema:` in roster.yaml at it',
  'config-missing-path': 'create the folder, or correct `paths` in roster.yaml',
  'config-invalid-utf8':
    'save the file as UTF-8 (your editor can convert it); roster never rewrites bytes it cannot read',
  'config-missing-env-var': 'set the environment variable before running roster',
  'config-bad-interpolation':
    'write `${NAME}` with a name of letters, digits and `_`, or `$${` for a literal `${`',
  'config-files-without-archive': 'add `layout: segment_archive` to `sources`, or remove `files`',
  'config-unknown-target': 'name one of the targets under `targets:`',
  'config-unknown-source-column': 'map `id` or a trait declared in the schema',
  'config-state-schema-unsupported':
    'choose another `state: { schema: … }` in roster.yaml, such as `roster_state`',
  // ------------------------------------------------------------ schema.yml
  'schema-enum-not-allowed': 'remove `enum`, or declare the trait as a string or number',
  'schema-enum-type-mismatch':
    'write every enum value as the declared type (quote strings that look like numbers)',
  'schema-segment-event-collision':
    'give one of the events its own table under `sources.tracks.events` in roster.yaml',
  // ------------------------------------------------------------ *.test.yml
  'test-bad-timestamp': 'write e.g. "2026-06-30T00:00:00Z" or "2026-06-30"',
  'test-duplicate-id': "give each row its own id; put all of one entity's traits in one row",
  'test-duplicate-message-id':
    'give each event its own `message_id`, or leave it out to have one generated',
  'test-project-errors': 'fix the errors shown above, or give this file its own `program:`',
  'test-unknown-event':
    'declare the event under `events:` in the schema, or use one that is declared',
  'test-unknown-property': 'declare the property on the event in the schema, or remove it',
  'test-unknown-trait': 'declare the trait in the schema, or remove it from the row',
  'test-value-not-in-enum': 'use one of the values the schema declares for it',
  'test-wrong-value-type': 'write the value as the type the schema declares',
  // ------------------------------------------------------------ compiling SQL
  'sql-dialect-unsupported': 'use a target whose dialect roster compiles (docs/dialects.md)',
  'sql-layout-unsupported':
    'use a duckdb target for the archive, or `layout: segment` for the tables Segment writes',
  'sql-unknown-target': 'name a target of roster.yaml with --target',
  'sql-window-before-year-0': 'evaluate at a later `--now`, or shorten the window',
  'sql-trait-error': 'run the query in the warehouse to see the error, and fix the SQL trait',
  'sql-trait-shape': 'write one `select … as id, … as value` query',
  // ------------------------------------------------------------ the warehouse
  'runtime-bad-setting': 'correct the target setting in roster.yaml',
  'runtime-connection-failed':
    'check the target settings in roster.yaml and that the database is running',
  'runtime-driver-missing': 'install the driver in the project, then run the command again',
  'runtime-fixtures-failed':
    'write a value the target accepts in the row shown, or run the test on another target (`--target NAME`)',
  'runtime-permission-denied':
    'grant the privilege named to the target user (docs/plan-apply.md, "Security model")',
  'runtime-query-failed':
    'the sources were read already, so it is a limit of the target: raise its `statement_timeout` or `memory_limit` in roster.yaml, or run again when the warehouse is less busy; anything else is a bug in roster: please report it with this message',
  'runtime-scratch-schema':
    'grant the target user CREATE on the database, or run the tests on a DuckDB target (`--target NAME`)',
  'runtime-setup-failed':
    'fix what the warehouse reports at the step named: for a source, its data or its table in roster.yaml `sources`; otherwise a memory, disk or time limit of the target',
  'runtime-source-column':
    'map the trait to the column that holds it: `columns: { TRAIT: COLUMN }` under the source in roster.yaml `sources`',
  'runtime-source-missing':
    'name the table or file that holds the data under `sources` in roster.yaml',
  'runtime-source-value':
    'correct the value in the source data, or declare the trait a string in schema.yml and convert it with a SQL trait',
  'runtime-teardown-failed':
    'the results are complete; the session may keep a temporary table until it closes',
  'runtime-trait-value': 'make the SQL trait return values of its declared type',
  'runtime-unsupported-dialect': 'run on a duckdb or postgres target (`--target NAME`)',
  // ------------------------------------------------------------ state, plan, apply
  'state-busy':
    'wait for the other plan or apply to finish, or close the DuckDB session holding the state file, then run again',
  'state-unavailable': 'check that the target user may create and write the state schema',
  'state-foreign-schema':
    'choose another `state: { schema: … }` in roster.yaml: this one holds other tables',
  'state-other-project': 'give each project its own `state: { schema: … }` in roster.yaml',
  'state-recreated':
    '`roster plan` shows what the next apply sends: if `delivered` was re-created, every current member again, unless you restore it from a backup first',
  'plan-evaluation-failed':
    'nothing was changed: fix what the warehouse reports at the step named (a timeout or a lock: plan again once the other work is done; a missing table or privilege: check roster.yaml `sources` and the grants)',
  'plan-no-memberships': 'configure the memberships source in roster.yaml, or sync with `identify`',
  'plan-snapshot-drop-failed':
    'if the message names an object that depends on the table (a view), drop it; otherwise nothing to do: the table stays in the state schema and a plan run after 7 days drops it',
  'plan-duplicate-ids':
    'make the source hold one row per id (a view that keeps the latest row), or map `id` to a unique column',
  'plan-select-unknown': 'select a definition by its name (`roster graph` lists them)',
  'plan-select-unsupported':
    'select by name (`--select NAME`), with `+` for dependents or dependencies',
  'apply-bad-batch-size':
    'set ROSTER_BATCH_SIZE to a whole number of calls (1 or more), or unset it',
  'apply-bad-checkpoint-seconds':
    'set ROSTER_CHECKPOINT_SECONDS to a number of seconds (0 or more), or unset it',
  'apply-calls-quarantined':
    'fix the data or the definition the reason names, then apply again: quarantined calls are sent again',
  'apply-destination-failed':
    'check the destination settings and that it is reachable, then apply again',
  'apply-failed':
    'run `roster apply` again once the target answers: calls not yet recorded are sent again with the same messageIds',
  'apply-locked':
    'wait for the other apply to finish; if it died, run `roster force-unlock RUN_ID`',
  'apply-mass-exit':
    'check the data and the definitions; if intended, run again with --allow-mass-exit',
  'apply-mass-enter':
    'check the data and the definitions; if intended, run again with --allow-mass-enter',
  'apply-size-drift':
    'check the data and the definitions; if intended, run again with --allow-size-drift',
  'apply-source-shrink':
    'check the source table named; if it really shrank, run again with --allow-source-shrink',
  'apply-needs-approval': 'pass --auto-approve, or apply a reviewed plan file',
  'apply-plan-mismatch': 'apply with the same project and `--target` as the plan, or plan again',
  'apply-plan-forged': 'make a new plan with `roster plan --out FILE` and apply that file unedited',
  'apply-plan-stale': 'make a new plan with `roster plan --out FILE` and apply that',
  'apply-plan-unreadable': 'give the file `roster plan --out FILE` wrote, unchanged',
  'apply-unlock-failed':
    'wait for the lease to run out, or once the target answers run `roster force-unlock RUN_ID` with the run id shown',
  'apply-unlock-mismatch': 'pass the run id of the lock holder shown',
  // ------------------------------------------------------------ command line
  'cli-bad-option': 'see `roster COMMAND --help` for the accepted values',
  'cli-invalid-format': 'see `roster COMMAND --help` for the formats',
  'cli-invalid-limit': 'give a whole number, e.g. --limit 20',
  'cli-invalid-now': 'write it like `2026-06-30T00:00:00Z` or `2026-06-30`',
  'cli-path-not-found': 'give a *.roster file or a folder holding some',
  'cli-unknown-definition': '`roster graph` lists every definition',
  'cli-unknown-destination': 'name a destination of roster.yaml',
  'explain-trait-needs-id': 'run `roster explain NAME ID`',
  'explain-unknown-definition': '`roster graph` lists every definition',
  'explain-unknown-id':
    'ids are case-sensitive and compared exactly; `roster preview NAME` shows sample ids',
  'internal-error': 'this is a bug in roster; please report it with the command and this message',
};
