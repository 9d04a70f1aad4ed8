/**
 * `roster check [--project DIR] [--format text|json|github|sarif] [--strict]`:
 * loads the project, parses and checks every *.roster file and every test
 * file's `program:`, and reports. Exit 0 when clean, 1 on errors (on warnings
 * too with --strict). Machine formats: docs/check-json-format.md (json),
 * GitHub workflow commands (github), SARIF 2.1.0 (sarif).
 */
import { resolve } from 'node:path';
import { checkProject, CHECK_MESSAGES } from '../../check/index.js';
import {
  sortDiagnostics,
  displayPath,
  renderDiagnostics,
  shouldUseColor,
  type Diagnostic,
  type SourceFile,
  type SourceRange,
} from '../../diagnostics/index.js';
import { checkStateTargets } from '../../runtime/index.js';
import { loadProject } from '../../project/index.js';
import { sqlStage } from '../../sql/index.js';
import type { CliIo } from '../io.js';
import { CHECK_FORMATS } from './formats.js';

export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckOptions {
  project?: string;
  format?: string;
  strict?: boolean;
}

export interface CheckSummary {
  errors: number;
  warnings: number;
  infos: number;
  /** Files with at least one diagnostic. */
  filesWithProblems: number;
  /** Files read: roster, test and config files. */
  files: number;
  /** Definitions in the project's *.roster files. */
  definitions: number;
}

/** Runs `roster check` and returns its exit code: 0 clean, 1 problems, 2 usage error. */
export async function runCheck(
  options: CheckOptions,
  io: CliIo,
  version = '0.0.0',
): Promise<number> {
  const format = (options.format ?? 'text') as CheckFormat;
  if (!CHECK_FORMATS.includes(format)) {
    io.stderr(
      `error: unknown format \`${options.format}\`: use one of ${CHECK_FORMATS.join(', ')}`,
    );
    return 2;
  }
  const loaded = await loadProject(resolve(io.cwd, options.project ?? '.'));
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const sources = new Map<string, SourceFile>(loaded.configFiles.map((f) => [f.path, f]));
  let files = 0;
  let definitions = 0;
  if (loaded.project) {
    const p = loaded.project;
    for (const f of [...p.configFiles, ...p.rosterFiles, ...p.testFiles]) sources.set(f.path, f);
    const result = checkProject(p);
    diagnostics.push(...result.diagnostics, ...checkStateTargets(p.config, sqlStage));
    files = result.files;
    definitions = result.definitions;
  }
  const sorted = sortDiagnostics(diagnostics);
  const summary = summarise(sorted, files, definitions);
  switch (format) {
    case 'text': {
      const color = shouldUseColor({ isTTY: io.isTTY }, io.env);
      if (sorted.length > 0)
        io.stdout(renderDiagnostics(sorted, { sources, color, cwd: io.cwd }) + '\n');
      io.stdout(summaryLine(summary));
      break;
    }
    case 'json':
      io.stdout(JSON.stringify(toJson(sorted, summary, io.cwd), null, 2));
      break;
    case 'github':
      for (const d of sorted) io.stdout(toGithub(d, io.cwd));
      if (sorted.length === 0) io.stdout(summaryLine(summary));
      break;
    case 'sarif':
      io.stdout(JSON.stringify(toSarif(sorted, io.cwd, version), null, 2));
      break;
  }
  const failed = summary.errors > 0 || (options.strict === true && summary.warnings > 0);
  return failed ? 1 : 0;
}

export function summarise(
  ds: readonly Diagnostic[],
  files: number,
  definitions: number,
): CheckSummary {
  return {
    errors: ds.filter((d) => d.severity === 'error').length,
    warnings: ds.filter((d) => d.severity === 'warning').length,
    infos: ds.filter((d) => d.severity === 'info').length,
    filesWithProblems: new Set(ds.map((d) => d.range?.file ?? '')).size,
    files,
    definitions,
  };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "2 errors, 1 warning in 3 files" or "✓ 12 definitions checked, no problems". */
export function summaryLine(s: CheckSummary): string {
  if (s.errors === 0 && s.warnings === 0)
    return `✓ ${plural(s.definitions, 'definition')} checked, no problems`;
  const parts = [
    plural(s.errors, 'error'),
    ...(s.warnings > 0 ? [plural(s.warnings, 'warning')] : []),
  ];
  return `${parts.join(', ')} in ${plural(s.filesWithProblems, 'file')}`;
}

// ---------------------------------------------------------------- json

interface JsonRange {
  start: { line: number; column: number; offset: number };
  end: { line: number; column: number; offset: number };
}

const jsonRange = (r: SourceRange): JsonRange => ({ start: { ...r.start }, end: { ...r.end } });

export function toJson(ds: readonly Diagnostic[], summary: CheckSummary, cwd: string): object {
  return {
    version: 1,
    diagnostics: ds.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      file: d.range ? displayPath(d.range.file, cwd) : null,
      range: d.range ? jsonRange(d.range) : null,
      hints: d.hints,
      related: d.related.map((r) => ({
        message: r.message,
        file: displayPath(r.range.file, cwd),
        range: jsonRange(r.range),
      })),
    })),
    summary: {
      errors: summary.errors,
      warnings: summary.warnings,
      infos: summary.infos,
      files: summary.files,
      filesWithProblems: summary.filesWithProblems,
      definitions: summary.definitions,
    },
  };
}

// ---------------------------------------------------------------- github

/** GitHub workflow-command escaping of the message part. */
export function escapeGithubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values additionally escape `:` and `,`. */
export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function toGithub(d: Diagnostic, cwd: string): string {
  const command =
    d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
  const props: string[] = [];
  if (d.range) {
    props.push(
      `file=${escapeGithubProperty(displayPath(d.range.file, cwd))}`,
      `line=${d.range.start.line}`,
      `col=${d.range.start.column}`,
      `endLine=${d.range.end.line}`,
      `endColumn=${d.range.end.column}`,
    );
  }
  props.push(`title=${escapeGithubProperty(`roster ${d.code}`)}`);
  const text = [d.message, ...d.hints.map((h) => `help: ${h}`)].join('\n');
  return `::${command} ${props.join(',')}::${escapeGithubData(text)}`;
}

// ---------------------------------------------------------------- sarif

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

function sarifRegion(r: SourceRange): object {
  return {
    startLine: r.start.line,
    startColumn: r.start.column,
    endLine: r.end.line,
    endColumn: r.end.column,
  };
}

function sarifLocation(r: SourceRange, cwd: string): object {
  return {
    physicalLocation: {
      artifactLocation: { uri: displayPath(r.file, cwd) },
      region: sarifRegion(r),
    },
  };
}

/** SARIF 2.1.0: one run, rules from the checker's code table plus any other code reported. */
export function toSarif(ds: readonly Diagnostic[], cwd: string, version: string): object {
  const rules: Array<{
    id: string;
    shortDescription: { text: string };
    defaultConfiguration: { level: string };
  }> = Object.entries(CHECK_MESSAGES).map(([id, m]) => ({
    id,
    shortDescription: { text: m.summary },
    defaultConfiguration: { level: SARIF_LEVEL[m.severity] },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  for (const d of ds) {
    if (index.has(d.code)) continue;
    index.set(d.code, rules.length);
    rules.push({
      id: d.code,
      shortDescription: { text: d.code },
      defaultConfiguration: { level: SARIF_LEVEL[d.severity] },
    });
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'roster', version, rules } },
        results: ds.map((d) => ({
          ruleId: d.code,
          ruleIndex: index.get(d.code),
          level: SARIF_LEVEL[d.severity],
          message: { text: [d.message, ...d.hints.map((h) => `help: ${h}`)].join('\n') },
          ...(d.range ? { locations: [sarifLocation(d.range, cwd)] } : {}),
          ...(d.related.length > 0
            ? {
                relatedLocations: d.related.map((r, i) => ({
                  id: i,
                  message: { text: r.message },
                  ...sarifLocation(r.range, cwd),
                })),
              }
            : {}),
        })),
      },
    ],
  };
}
