/**
 * The generated part of docs/diagnostics.md (issue 16): every diagnostic code
 * of the tables (SYNTAX_HELP, CHECK_HELP, DEFAULT_HELP), each with its fix,
 * the wrong project file, test file or command of its first example
 * (test/diagnostics/code-examples.ts), and what roster says about it: the
 * example is run through the real loader, parser, checker, runtime or command
 * line here, so the page shows roster's output, never a message typed by
 * hand. Codes no user mistake can produce are listed with the reason.
 * Everything above the marker line is prose written by hand and kept as it
 * is; `npm run docs` rewrites what follows it and
 * test/docs/diagnostics-page.test.ts fails when the committed page is stale.
 */
import { CHECK_HELP, CHECK_MESSAGES } from '../src/check/messages.js';
import { DEFAULT_HELP } from '../src/diagnostics/help.js';
import { SYNTAX_HELP } from '../src/syntax/messages.js';
import {
  codeExamples,
  INTERNAL_CODES,
  NO_EXAMPLE_YET,
  runExample,
  type CodeExample,
} from '../test/diagnostics/code-examples.js';

export const GENERATED_MARKER =
  '<!-- Generated below by `npm run docs` (scripts/diagnostics-page.ts): edit above this line only. -->';

/** Sections in the order a project meets them; any other prefix follows, alphabetically. */
const sections: [prefix: string, title: string][] = [
  ['syntax', 'Parser (`syntax-…`)'],
  ['name', 'Names (`name-…`)'],
  ['entity', 'Entities (`entity-…`)'],
  ['type', 'Types (`type-…`)'],
  ['sql', 'SQL traits (`sql-…`)'],
  ['check', 'Checker (`check-…`)'],
  ['sync', 'Syncs (`sync-…`)'],
  ['split', 'Splits (`split-…`)'],
  ['config', 'roster.yaml (`config-…`)'],
  ['schema', 'schema.yml (`schema-…`)'],
  ['test', 'Test files (`test-…`)'],
];

/** Every code with its fix: the parser's, the checker's, then everything else's table. */
function allCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const [code, help] of Object.entries(SYNTAX_HELP)) codes.set(code, help);
  for (const code of Object.keys(CHECK_MESSAGES))
    codes.set(code, CHECK_HELP[code as keyof typeof CHECK_HELP]);
  for (const [code, help] of Object.entries(DEFAULT_HELP))
    if (!codes.has(code)) codes.set(code, help);
  return codes;
}

/** A fence longer than any run of backticks in `text`, so the example shows as written. */
function fenced(text: string, info = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text.replace(/\n$/, '')}\n${fence}`;
}

/** The file a mistake is in, whole when short, else the lines around the mistake. */
function excerpt(text: string, line: number | undefined): { text: string; note: string } {
  // Control characters other than tabs as their pictures (NUL as ␀), so the page stays text.
  const visible = [...text]
    .map((c) => {
      const code = c.charCodeAt(0);
      return code < 0x20 && c !== '\t' && c !== '\n' ? String.fromCharCode(0x2400 + code) : c;
    })
    .join('');
  const lines = visible.replace(/\n$/, '').split('\n');
  if (lines.length <= 12 || line === undefined) return { text: lines.join('\n'), note: '' };
  const from = Math.max(1, line - 3);
  const to = Math.min(lines.length, line + 3);
  return { text: lines.slice(from - 1, to).join('\n'), note: `, lines ${from}–${to}` };
}

const language = (file: string): string =>
  file.endsWith('.roster') ? '' : /\.ya?ml$/.test(file) ? 'yaml' : '';

async function example(e: CodeExample): Promise<string> {
  const run = await runExample(e);
  if (!run.codes.includes(e.code) || run.shown === '')
    throw new Error(`the example of ${e.code} (${e.meant}) no longer reports it:\n${run.output}`);
  const out: string[] = [];
  for (const file of e.show) {
    // The line the diagnostic points at in this file, to show the lines around it.
    const at = new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):`, 'm').exec(
      run.shown,
    );
    const shown = excerpt(e.files[file]!, at ? Number(at[1]) : undefined);
    out.push(`In \`${file}\`${shown.note}:`, '', fenced(shown.text, language(file)), '');
  }
  if (e.api) {
    out.push(
      'The library call:',
      '',
      fenced(e.api.call, 'ts'),
      '',
      'returns:',
      '',
      fenced(run.shown, 'text'),
    );
  } else {
    const env = Object.entries(e.env ?? {})
      .map(([name, value]) => `${name}=${value} `)
      .join('');
    const commands = (e.commands ?? [['check']]).map((c) => `${env}roster ${c.join(' ')}`);
    const last = commands[commands.length - 1]!;
    const ran =
      commands.length > 1
        ? `After ${commands
            .slice(0, -1)
            .map((c) => `\`${c}\``)
            .join(', ')}, \`${last}\``
        : `\`${last}\``;
    out.push(`${ran} says:`, '', fenced(run.shown, 'text'));
  }
  return [`Wrong (${e.meant}):`, '', ...out].join('\n');
}

/** The generated part of the page: every code, grouped by stage. */
export async function diagnosticsCatalog(): Promise<string> {
  const codes = allCodes();
  const examples = new Map<string, CodeExample>();
  for (const e of codeExamples) if (!examples.has(e.code)) examples.set(e.code, e);
  const prefixOf = (code: string) => code.split('-')[0]!;
  const known = new Set(sections.map(([prefix]) => prefix));
  const others = [...new Set([...codes.keys()].map(prefixOf))]
    .filter((prefix) => !known.has(prefix))
    .sort();
  const order: [string, string][] = [
    ...sections,
    ...others.map((prefix): [string, string] => [prefix, `\`${prefix}-…\``]),
  ];
  const internal = [...codes.keys()].filter((code) => Object.hasOwn(INTERNAL_CODES, code));
  const out: string[] = [
    '## Every code',
    '',
    `All ${codes.size} codes roster reports, each with its fix, a wrong program, file or command`,
    'and what roster says about it. Each example is run through roster when this page is',
    'generated (the examples are in `test/diagnostics/code-examples.ts`; a test fails when one',
    `no longer reports its code). ${internal.length} codes cannot come from a user's mistake and say`,
    Object.keys(NO_EXAMPLE_YET).length === 0
      ? 'why instead.'
      : `why instead; ${Object.keys(NO_EXAMPLE_YET).length} codes have no example yet and say what one takes.`,
  ];
  for (const [prefix, title] of order) {
    const inSection = [...codes.keys()].filter((code) => prefixOf(code) === prefix).sort();
    if (inSection.length === 0) continue;
    out.push('', `### ${title}`);
    for (const code of inSection) {
      out.push('', `#### \`${code}\``, '', `Fix: ${codes.get(code)!}`);
      const e = examples.get(code);
      if (e) out.push('', await example(e));
      else if (Object.hasOwn(INTERNAL_CODES, code))
        out.push('', `No example: internal, ${INTERNAL_CODES[code]!}.`);
      else if (Object.hasOwn(NO_EXAMPLE_YET, code))
        out.push('', `No example yet: it takes ${NO_EXAMPLE_YET[code]!}.`);
      else throw new Error(`${code} has no example in test/diagnostics/code-examples.ts`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** docs/diagnostics.md with its generated part rebuilt from `current`'s hand-written part. */
export async function diagnosticsPage(current: string): Promise<string> {
  const at = current.indexOf(GENERATED_MARKER);
  const prose = at < 0 ? `${current.trimEnd()}\n\n` : current.slice(0, at);
  return `${prose}${GENERATED_MARKER}\n\n${await diagnosticsCatalog()}`;
}
