/**
 * A source the warehouse cannot read, said in the project's words (issue 16,
 * item 7): `roster plan` on DuckDB over NDJSON files with the mistakes people
 * make in their data and in roster.yaml. Each names the source, the column
 * and the value, points at the declaration or the source's line with the
 * rewrite, and never shows a line of roster's SQL.
 */
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { place, writeProject } from '../diagnostics/corpus-harness.js';
import {
  DATA_DEFINITIONS,
  DATA_ROSTER_YAML,
  DATA_SCHEMA_YML,
  dataProject,
  NOW,
} from '../diagnostics/example-projects.js';

const READS_SEATS = `${DATA_DEFINITIONS}audience big = account where seats >= 5\n`;

async function plan(files: Record<string, string>): Promise<string> {
  const root = writeProject(files);
  const io = memoryIo(root, { NO_COLOR: '1' });
  const code = await runCli(['node', 'roster', 'plan', '--now', NOW], io);
  expect(code).toBe(1);
  return [...io.out, ...io.err].join('\n').replaceAll(root, '<project>');
}

/** The header, source line and caret of a diagnostic at the `nth` `at` of `text` in `file`. */
function at(file: string, text: string, what: string, nth = 1): string[] {
  const p = place(text, what, nth);
  const line = text.split('\n')[p.start.line - 1]!;
  const gutter = ' '.repeat(String(p.start.line).length);
  return [
    `${file}:${p.start.line}:${p.start.column}`,
    `${p.start.line} | ${line}`,
    `${gutter} | ${' '.repeat(p.start.column - 1)}${'^'.repeat(p.end.column - p.start.column)}`,
  ];
}

const ACCOUNTS_LINE = '{ table: data/accounts.ndjson }';

describe('a source the warehouse cannot read (duckdb)', () => {
  it('names the source, the column, the value and the declared type of a bad value', async () => {
    const out = await plan(
      dataProject({
        'audiences/a.roster': READS_SEATS,
        'data/accounts.ndjson':
          '{"id":"a1","plan":"pro","seats":10}\n{"id":"a2","plan":"pro","seats":"ten"}\n',
      }),
    );
    const [header, line, caret] = at('schema.yml', DATA_SCHEMA_YML, 'seats');
    expect(out).toContain(
      `${header}: error[runtime-source-value]: source \`accounts\` (\`data/accounts.ndjson\`) has "ten" in column \`seats\`, but schema.yml declares trait \`seats\` a number`,
    );
    expect(out).toContain(`${line}\n${caret}\n`);
    expect(out).toContain(
      '  = help: correct the data: `seats` of source `accounts` must hold a number such as `12` or `4.5` in every row, or be empty',
    );
    expect(out).toContain(
      '  = help: or, if the column holds text on purpose, declare `seats: string` in schema.yml and read it as a number with a SQL trait: `trait seats_number = account sql number """select id, try_cast(seats as double) as value from {{ accounts }}"""`',
    );
    // The source's line in roster.yaml, as a secondary label.
    const source = place(DATA_ROSTER_YAML, ACCOUNTS_LINE);
    expect(out).toContain(`--> roster.yaml:${source.start.line}:${source.start.column}`);
    expect(out).toContain(`${'-'.repeat(ACCOUNTS_LINE.length)} source \`accounts\``);
    expect(out).not.toMatch(/LINE \d|CAST\(|roster_stage/);
  });

  it('names an event time that is not a timestamp, at the source in roster.yaml', async () => {
    const out = await plan(
      dataProject({
        'data/tracks.ndjson':
          '{"message_id":"m1","user_id":"u1","event":"Logged In","timestamp":"yesterday","properties":{}}\n',
      }),
    );
    const [header, line, caret] = at(
      'roster.yaml',
      DATA_ROSTER_YAML,
      '{ table: data/tracks.ndjson }',
    );
    expect(out).toContain(
      `${header}: error[runtime-source-value]: source \`tracks\` (\`data/tracks.ndjson\`) has "yesterday" in column \`timestamp\`, which holds the events' time: not a timestamp duckdb can read`,
    );
    expect(out).toContain(`${line}\n${caret}\n`);
    expect(out).toContain(
      '  = help: correct the data: `timestamp` of source `tracks` must hold an ISO-8601 instant such as `2026-06-30T10:00:00Z` in every row, or be empty',
    );
  });

  it('maps a trait to the column the warehouse offers when the source has no column of its name', async () => {
    const out = await plan(
      dataProject({
        'audiences/a.roster': READS_SEATS,
        'data/accounts.ndjson': '{"id":"a1","plan":"pro","n_seats":10}\n',
      }),
    );
    const [header, line, caret] = at('roster.yaml', DATA_ROSTER_YAML, ACCOUNTS_LINE);
    expect(out).toContain(
      `${header}: error[runtime-source-column]: source \`accounts\` (\`data/accounts.ndjson\`) has no column \`seats\`, where roster reads trait \`seats\``,
    );
    expect(out).toContain(`${line}\n${caret}\n`);
    expect(out).toContain(
      '  = help: if `n_seats` holds it, map it in roster.yaml: `accounts: { table: data/accounts.ndjson, columns: { seats: n_seats } }`',
    );
    const declared = place(DATA_SCHEMA_YML, 'seats');
    expect(out).toContain(`--> schema.yml:${declared.start.line}:${declared.start.column}`);
    expect(out).toContain('----- trait `seats` is declared here');
  });

  it('suggests the file of the folder no other source reads for a source file that is not there', async () => {
    const yaml = DATA_ROSTER_YAML.replace('data/tracks.ndjson', 'data/events.ndjson');
    const out = await plan(dataProject({ 'roster.yaml': yaml }));
    const [header, line, caret] = at('roster.yaml', yaml, '{ table: data/events.ndjson }');
    expect(out).toContain(
      `${header}: error[runtime-source-missing]: source \`tracks\` reads \`data/events.ndjson\`, which matches no file`,
    );
    expect(out).toContain(`${line}\n${caret}\n`);
    expect(out).toContain('  = help: did you mean `data/tracks.ndjson`?');
    expect(out).toContain(
      '  = help: name the file that holds the tracks in roster.yaml: `tracks: { table: data/tracks.ndjson }` under `sources`',
    );
  });

  it('names the step and the source for any other refusal, on one line', async () => {
    const out = await plan(
      dataProject({
        'data/accounts.ndjson': '{"id":"a1","plan":"pro","seats":10}\n{"id":"a2",plan:"pro"}\n',
      }),
    );
    const [header, line, caret] = at('roster.yaml', DATA_ROSTER_YAML, ACCOUNTS_LINE);
    expect(out).toMatch(
      new RegExp(
        `${header}: error\\[runtime-setup-failed\\]: reading source \`accounts\` failed on duckdb: Invalid Input Error: Malformed JSON in file "<project>/data/accounts.ndjson"[^\\n]*\\n`,
      ),
    );
    expect(out).toContain(`${line}\n${caret}\n`);
    expect(out).toContain(
      '  = help: correct what the warehouse reports in `data/accounts.ndjson`, or point `sources.accounts` in roster.yaml at the file that holds the accounts',
    );
  });
});

describe('an SQL trait the warehouse refuses, in a plan', () => {
  it('points at the definition, on one line, with the column the warehouse offers', async () => {
    const trait =
      'trait arr = account sql number """select id, arr_usd as value from {{ accounts }}"""';
    const program = `${DATA_DEFINITIONS}${trait}\nsync arr to audit with group\n`;
    const out = await plan(dataProject({ 'audiences/a.roster': program }));
    const p = place(program, trait);
    expect(out).toContain(
      `audiences/a.roster:${p.start.line}:${p.start.column}: error[sql-trait-error]: SQL trait \`arr\` failed on duckdb: Binder Error: Referenced column "arr_usd" not found in FROM clause! Candidate bindings: "seats"\n`,
    );
    expect(out).toContain('  = help: `arr_usd` is not a column there; did you mean `seats`?');
    expect(out).toContain(
      '  = help: correct the query where the warehouse says: it runs as written, in the duckdb dialect',
    );
  });
});
