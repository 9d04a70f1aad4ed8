/**
 * One example for every diagnostic code (issue 16): the wrong project file,
 * test file or command, run through the real loader, parser, checker,
 * compiler, runtime or command line to produce the diagnostic shown. Both
 * code-examples.test.ts (every code has an example; each still produces its
 * code) and the generator of docs/diagnostics.md (scripts/diagnostics-page.ts)
 * use this table, so the page shows only what roster really says, never a
 * message typed by hand.
 *
 * The examples come from three places: the mistakes corpus (all-mistakes.ts,
 * each asserted in detail by corpus.test.ts), the checker's wrong programs
 * (test/check/error-cases.ts, asserted in detail by errors.test.ts), and
 * examples-*.ts for the codes neither covers.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { memoryIo } from '../../src/cli/io.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import { SourceFile } from '../../src/diagnostics/source.js';
import { runCli } from '../../src/cli/program.js';
import { checkerCases } from '../check/error-cases.js';
import { allMistakes } from './all-mistakes.js';
import { projectFiles } from './corpus-harness.js';
import { CHECKER_PROJECT } from './example-projects.js';
import { apiExamples } from './examples-api.js';
import { commandExamples } from './examples-commands.js';
import { fileExamples } from './examples-files.js';
import { programExamples } from './examples-programs.js';
import { valueExamples, runtimeExamples } from './examples-runtime.js';
import { warehouseExamples } from './examples-warehouse.js';

export interface CodeExample {
  code: string;
  /** The mistake, in the words of the person who made it. */
  meant: string;
  /** Every file of the project. */
  files: Record<string, string>;
  /** The files that hold the mistake, shown on the page; none when the command is the mistake. */
  show: string[];
  /** The commands run in the project, in order (`roster check` when not given); the last one's output is shown. */
  commands?: string[][];
  /** Environment variables of the commands (besides NO_COLOR). */
  env?: Record<string, string>;
  /** Changes made to the project before each command (by index), e.g. the data changing between two applies. */
  between?: Record<number, (root: string) => void | Promise<void>>;
  /** Values that differ from run to run (ids, temporary paths), replaced before the output is shown. */
  mask?: Array<[RegExp, string]>;
  /** Started before the commands and stopped after them (a server, a held database file). */
  around?: (root: string) => Promise<() => Promise<void>>;
  /**
   * For what no command reaches on a small local project (a warehouse failing
   * mid-run, a library call): the library call, shown as `call`, whose
   * diagnostics are rendered as the command line renders them.
   */
  api?: { call: string; run: (root: string) => Promise<readonly Diagnostic[]> };
}

/**
 * Codes no mistake of a user can produce: each reports a bug in roster
 * itself, so no wrong program, file or command shows it.
 */
export const INTERNAL_CODES: Readonly<Record<string, string>> = {
  'internal-error':
    'reported for an exception roster did not expect (a bug): every mistake a user can make has its own code',
  'syntax-internal-error':
    'reported when the parser reaches a state its grammar rules out (a bug): every mistake in a program has its own `syntax-` code',
};

/**
 * Codes a user can meet that have no example yet, each with what it takes to
 * show one; the test keeps this list exact, so it only shrinks.
 */
export const NO_EXAMPLE_YET: Readonly<Record<string, string>> = {};

/** A checker case as a project: its program in `audiences/a.roster`, the schema it was written for. */
const fromChecker = checkerCases.map((c): CodeExample => ({
  code: c.code,
  meant: c.name,
  files: {
    ...CHECKER_PROJECT(c.disabled ?? []),
    'audiences/a.roster': c.src.endsWith('\n') ? c.src : `${c.src}\n`,
  },
  show: ['audiences/a.roster'],
}));

const fromCorpus = allMistakes.map((m): CodeExample => ({
  code: m.code,
  meant: `${m.who}: ${m.meant}`,
  files: projectFiles(m),
  show: [m.file ?? 'audiences/a.roster'],
}));

/** Every example, the corpus's first: the page shows the first example of each code. */
export const codeExamples: CodeExample[] = [
  ...fromCorpus,
  ...fromChecker,
  ...programExamples,
  ...fileExamples,
  ...commandExamples,
  ...valueExamples,
  ...runtimeExamples,
  ...apiExamples,
  ...warehouseExamples,
];

export interface ExampleRun {
  /** Every code the last command reported. */
  codes: string[];
  /** What the last command printed about the example's code: each diagnostic with it, as rendered. */
  shown: string;
  /** Everything the last command printed, for a failing test's message. */
  output: string;
}

/** The project's files in a new temporary folder. */
export function writeFiles(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'roster-example-'));
  for (const [name, text] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return root;
}

const DIAGNOSTIC_CODE = /\b(?:error|warning|info)\[([a-z0-9-]+)\]/g;

/** Runs the example's commands in a fresh copy of its project and returns what the last one said. */
export async function runExample(e: CodeExample): Promise<ExampleRun> {
  const root = writeFiles(e.files);
  const stop = await e.around?.(root);
  try {
    const commands = e.commands ?? [['check']];
    let output = '';
    if (e.api) {
      const diagnostics = await e.api.run(root);
      const sources = new Map(
        Object.entries(e.files).map(([name, text]) => [
          join(root, name),
          new SourceFile(join(root, name), text),
        ]),
      );
      output = renderDiagnostics(diagnostics, { sources, color: false, cwd: root });
    }
    for (const [i, args] of (e.api ? [] : commands).entries()) {
      await e.between?.[i]?.(root);
      const io = memoryIo(root, { NO_COLOR: '1', ...e.env });
      await runCli(['node', 'roster', ...args], io);
      // Each write on its own: a block never runs into the next command's or stream's.
      output = [...io.out, ...io.err].join('\n\n');
    }
    let text = output.replaceAll(root, '<project>');
    for (const [pattern, replacement] of e.mask ?? []) text = text.replace(pattern, replacement);
    const codes = [...text.matchAll(DIAGNOSTIC_CODE)].map((m) => m[1]!);
    // A diagnostic is a block of lines; blocks are separated by blank lines.
    const shown = text
      .split(/\n\s*\n/)
      .filter((block) => block.includes(`[${e.code}]`))
      .map((block) => block.replace(/^\n+|\s+$/g, ''))
      .join('\n\n');
    return { codes, shown, output: text };
  } finally {
    await stop?.();
    rmSync(root, { recursive: true, force: true });
  }
}
