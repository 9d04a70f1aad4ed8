/**
 * The generated part of docs/diagnostics.md (issue 16): every diagnostic code
 * of the tables (SYNTAX_HELP, CHECK_HELP, DEFAULT_HELP), each with its fix
 * and, where the mistakes corpus holds one, a wrong program and what `roster
 * check` says about it. The examples come from test/diagnostics/, whose test
 * runs each through `roster check` and asserts exactly this code, range,
 * message, help and related locations, so the page cannot show a message
 * roster no longer gives. Everything above the marker line is prose written
 * by hand and kept as it is; `npm run docs` rewrites what follows it and
 * test/docs/diagnostics-page.test.ts fails when the committed page is stale.
 */
import { CHECK_HELP, CHECK_MESSAGES } from '../src/check/messages.js';
import { DEFAULT_HELP } from '../src/diagnostics/help.js';
import { renderDiagnostic } from '../src/diagnostics/render.js';
import { SourceFile } from '../src/diagnostics/source.js';
import { SYNTAX_HELP } from '../src/syntax/messages.js';
import { allMistakes } from '../test/diagnostics/all-mistakes.js';
import { place, projectFiles, type Mistake } from '../test/diagnostics/corpus-harness.js';

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
function excerpt(text: string, line: number): { text: string; note: string } {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.length <= 12) return { text: lines.join('\n'), note: '' };
  const from = Math.max(1, line - 3);
  const to = Math.min(lines.length, line + 3);
  return { text: lines.slice(from - 1, to).join('\n'), note: `, lines ${from}–${to}` };
}

function example(m: Mistake): string {
  const files = projectFiles(m);
  const file = m.file ?? 'audiences/a.roster';
  const range = (path: string, at: string, nth?: number) => {
    const p = place(files[path]!, at, nth);
    return { file: path, start: p.start, end: p.end };
  };
  const sources = new Map(
    Object.entries(files).map(([path, text]) => [path, new SourceFile(path, text)]),
  );
  const primary = range(file, m.at, m.nth);
  const said = renderDiagnostic(
    {
      code: m.code,
      severity: m.severity ?? 'error',
      message: m.message,
      range: primary,
      hints: m.help,
      related: (m.related ?? []).map((r) => ({
        message: r.message,
        range: range(r.file, r.at, r.nth),
      })),
    },
    { sources, color: false },
  );
  const shown = excerpt(files[file]!, primary.start.line);
  const lang = file.endsWith('.roster') ? '' : 'yaml';
  return [
    `Wrong (${m.who}: ${m.meant}), in \`${file}\`${shown.note}:`,
    '',
    fenced(shown.text, lang),
    '',
    '`roster check` says:',
    '',
    fenced(said, 'text'),
  ].join('\n');
}

/** The generated part of the page: every code, grouped by stage. */
export function diagnosticsCatalog(): string {
  const codes = allCodes();
  const examples = new Map<string, Mistake>();
  for (const m of allMistakes) if (!examples.has(m.code)) examples.set(m.code, m);
  const prefixOf = (code: string) => code.split('-')[0]!;
  const known = new Set(sections.map(([prefix]) => prefix));
  const others = [...new Set([...codes.keys()].map(prefixOf))]
    .filter((prefix) => !known.has(prefix))
    .sort();
  const order: [string, string][] = [
    ...sections,
    ...others.map((prefix): [string, string] => [prefix, `\`${prefix}-…\``]),
  ];
  const withExample = [...codes.keys()].filter((code) => examples.has(code)).length;
  const out: string[] = [
    '## Every code',
    '',
    `All ${codes.size} codes roster reports, each with its fix. ${withExample} of them show a wrong`,
    'program from the mistakes corpus (`test/diagnostics/`) and what `roster check` says about it,',
    'exactly: the corpus test runs each one and asserts this output. A code shown with its fix',
    'alone has no example in the corpus yet.',
  ];
  for (const [prefix, title] of order) {
    const inSection = [...codes.keys()].filter((code) => prefixOf(code) === prefix).sort();
    if (inSection.length === 0) continue;
    out.push('', `### ${title}`);
    for (const code of inSection) {
      out.push('', `#### \`${code}\``, '', `Fix: ${codes.get(code)!}`);
      const m = examples.get(code);
      if (m) out.push('', example(m));
    }
  }
  return `${out.join('\n')}\n`;
}

/** docs/diagnostics.md with its generated part rebuilt from `current`'s hand-written part. */
export function diagnosticsPage(current: string): string {
  const at = current.indexOf(GENERATED_MARKER);
  const prose = at < 0 ? `${current.trimEnd()}\n\n` : current.slice(0, at);
  return `${prose}${GENERATED_MARKER}\n\n${diagnosticsCatalog()}`;
}
