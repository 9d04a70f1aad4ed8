/**
 * Checking a loaded project: every *.roster file parsed and checked together,
 * plus the `program:` of every *.test.yml file checked on its own (it replaces
 * the project's definitions for that test, LANGUAGE.md §10).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../diagnostics/source.js';
import type { IrProject } from '../ir/ir.js';
import type { TestProgram } from '../project/test-case.js';
import { loadTestFile } from '../project/test-file.js';
import { mapProgramRange, programSource } from '../project/test-program.js';
import type { Project, Schema } from '../project/types.js';
import type { Program } from '../syntax/ast.js';
import { parse } from '../syntax/parse.js';
import { checkProgram, type CheckConfig, type CheckOptions, type CheckResult } from './check.js';
import { needsNames, parseContext } from './parse-context.js';

/** A check result with the number of definitions read (for summaries). */
export interface CountedCheckResult extends CheckResult {
  definitions: number;
}

export interface ProjectCheckResult extends CheckResult {
  /** Definitions in the project's *.roster files and test-file programs. */
  definitions: number;
  /** Files read: roster files, test files and config files. */
  files: number;
}

/** Parses and checks one program text (a test case's `program:`, a REPL, a unit test). */
export function checkSource(
  text: string,
  file: string,
  schema: Schema,
  config: CheckConfig,
  options?: CheckOptions,
): CountedCheckResult {
  let parsed = parse(text, file, parseContext(schema, config));
  if (needsNames(parsed.diagnostics))
    parsed = parse(text, file, parseContext(schema, config, [parsed.program]));
  const definitions = parsed.program.definitions.length;
  const checked = checkProgram({
    programs: [parsed.program],
    schema,
    config,
    ...(options ? { options } : {}),
  });
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...checked.diagnostics]);
  return hasErrors(parsed.diagnostics)
    ? { diagnostics, definitions }
    : { ...checked, diagnostics, definitions };
}

/**
 * Checks a test file's program with the file's config overrides. Ranges point
 * into the .test.yml file: exactly when the YAML block maps line by line,
 * otherwise at the program's start.
 */
export function checkTestProgram(
  testFile: SourceFile,
  program: TestProgram,
  schema: Schema,
  config: CheckConfig,
): CountedCheckResult {
  const options = { warnUnused: false };
  if (program.exact) {
    return checkSource(
      programSource(testFile, program).text,
      testFile.path,
      schema,
      config,
      options,
    );
  }
  const result = checkSource(program.text, testFile.path, schema, config, options);
  const map = (d: Diagnostic): Diagnostic => ({
    ...d,
    ...(d.range ? { range: mapProgramRange(testFile, program, d.range) } : {}),
    related: d.related.map((r) => ({ ...r, range: mapProgramRange(testFile, program, r.range) })),
  });
  return { ...result, diagnostics: result.diagnostics.map(map) };
}

export function checkProject(project: Project): ProjectCheckResult {
  const diagnostics: Diagnostic[] = [];
  const programs: Program[] = [];
  let testDefinitions = 0;
  const context = parseContext(project.schema, project.config);
  const parsed = project.rosterFiles.map((file) => parse(file.text, file.path, context));
  // `did logins` can name a trait of any file: explain it once every file's names are known.
  if (parsed.some((p) => needsNames(p.diagnostics))) {
    const named = parseContext(
      project.schema,
      project.config,
      parsed.map((p) => p.program),
    );
    project.rosterFiles.forEach((file, i) => {
      if (needsNames(parsed[i]!.diagnostics)) parsed[i] = parse(file.text, file.path, named);
    });
  }
  for (const { program, diagnostics: found } of parsed) {
    programs.push(program);
    diagnostics.push(...found);
  }
  const config = project.config;
  if (project.schema.unreadable) {
    // Every trait and event name would be unknown: report the schema's own error and the parse errors only.
    return {
      diagnostics: sortDiagnostics(diagnostics),
      definitions: programs.reduce((n, p) => n + p.definitions.length, 0),
      files: project.rosterFiles.length + project.testFiles.length + project.configFiles.length,
    };
  }
  const texts = new Map(project.rosterFiles.map((f) => [f.path, f.text]));
  const checked = checkProgram({ programs, schema: project.schema, config, texts });
  diagnostics.push(...checked.diagnostics);
  const ir: IrProject | undefined = hasErrors(diagnostics) ? undefined : checked.ir;

  for (const file of project.testFiles) {
    const loaded = loadTestFile(file, { schema: project.schema });
    diagnostics.push(...loaded.diagnostics);
    const program = loaded.testCase?.program;
    if (!loaded.testCase || !program) continue;
    const scope = loaded.testCase.config.events?.scope ?? config.events.scope;
    const result = checkTestProgram(file, program, project.schema, {
      ...config,
      events: { scope },
    });
    diagnostics.push(...result.diagnostics);
    testDefinitions += result.definitions;
  }
  return {
    ...(ir ? { ir } : {}),
    diagnostics: sortDiagnostics(diagnostics),
    definitions: programs.reduce((n, p) => n + p.definitions.length, testDefinitions),
    files: project.rosterFiles.length + project.testFiles.length + project.configFiles.length,
  };
}
