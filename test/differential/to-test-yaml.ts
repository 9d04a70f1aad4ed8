/**
 * Prints a differential case as a ready-to-commit `*.test.yml`
 * (LANGUAGE.md §10) for test/regressions/cases: `program:`, `now`, `config`
 * when the scope is not the project's default, `data` with explicit message
 * ids, and `expect` = the reference evaluator's result. Check the expectation
 * by hand against LANGUAGE.md before committing: the reference may be the
 * side that is wrong.
 *
 * Values are written as JSON, which is YAML 1.2 flow syntax, so quotes,
 * backslashes and Unicode survive exactly.
 */
import type { EventsScope } from '../../src/project/types.js';
import type { PageFixture, TestData, TrackFixture } from '../../src/project/test-case.js';
import type { ReferenceResult } from '../../src/reference/data.js';
import { NOW } from './pools.js';

const json = (v: unknown): string => JSON.stringify(v);

/** `{ key: value, ... }` with identifier keys bare and every value JSON. */
function flow(entries: Array<[string, unknown]>): string {
  if (entries.length === 0) return '{}';
  const key = (k: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : json(k));
  return `{ ${entries.map(([k, v]) => `${key(k)}: ${typeof v === 'object' && v !== null && !Array.isArray(v) ? flow(Object.entries(v)) : json(v)}`).join(', ')} }`;
}

function eventRow(e: TrackFixture | PageFixture): string {
  return flow([
    ['user', e.user],
    ...(e.kind === 'track' ? [['event', e.event] as [string, unknown]] : []),
    ['at', e.at],
    ['message_id', e.messageId],
    ...(e.groupId === undefined ? [] : [['group_id', e.groupId] as [string, unknown]]),
    ['properties', e.properties],
  ]);
}

/** Properties whose JSON type differs from the declaration make the loader refuse the file. */
export interface YamlOptions {
  /** Comment lines at the top (what failed, where it came from). */
  header?: string[];
  defaultScope?: EventsScope;
}

export function toTestYaml(
  program: string,
  data: TestData,
  scope: EventsScope,
  reference: ReferenceResult,
  options: YamlOptions = {},
): string {
  const lines: string[] = (options.header ?? []).map((l) => `# ${l}`.trimEnd());
  lines.push(`now: ${json(NOW)}`);
  if (scope !== (options.defaultScope ?? 'all_accounts')) {
    lines.push(`config: { events: { scope: ${scope} } }`);
  }
  lines.push('program: |');
  for (const line of program.trimEnd().split('\n')) lines.push(line === '' ? '' : `  ${line}`);
  const dataAt = lines.push('data:') - 1;
  const section = (name: string, rows: string[]) => {
    if (rows.length === 0) return;
    lines.push(`  ${name}:`);
    for (const r of rows) lines.push(`    - ${r}`);
  };
  section(
    'accounts',
    data.accounts.map((a) => flow([['id', a.id], ...Object.entries(a.traits)])),
  );
  section(
    'users',
    data.users.map((u) => flow([['id', u.id], ...Object.entries(u.traits)])),
  );
  section(
    'memberships',
    data.memberships.map((m) =>
      flow([
        ['user', m.user],
        ['account', m.account],
      ]),
    ),
  );
  section('tracks', data.tracks.map(eventRow));
  section('pages', data.pages.map(eventRow));
  section('screens', data.screens.map(eventRow));
  if (lines.length === dataAt + 1) lines[dataAt] = 'data: {}';
  const expectAt = lines.push('expect:') - 1;
  const audiences = Object.entries(reference.audiences);
  if (audiences.length > 0) {
    lines.push('  audiences:');
    for (const [name, ids] of audiences) lines.push(`    ${name}: ${json(ids)}`);
  }
  const traits = Object.entries(reference.traits);
  if (traits.length > 0) {
    lines.push('  traits:');
    for (const [name, values] of traits) lines.push(`    ${name}: ${flow([...values])}`);
  }
  if (lines.length === expectAt + 1) lines[expectAt] = 'expect: {}';
  return `${lines.join('\n')}\n`;
}
