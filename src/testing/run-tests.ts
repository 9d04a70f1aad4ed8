/**
 * `roster test` (LANGUAGE.md §10): for each `*.test.yml`, check its program
 * (or the project's definitions), compile it with the real compiler for the
 * target's dialect and the file's `now`, load the fixtures into a throw-away
 * database, evaluate, and compare with the file's expectations.
 */
import { basename, relative } from 'node:path';
import { checkProgram, checkTestProgram } from '../check/index.js';
import type { CheckResult } from '../check/index.js';
import { error, hasErrors } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile, SourceRange } from '../diagnostics/source.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { loadTestFile } from '../project/test-file.js';
import type { TestCase, TestProgram } from '../project/test-case.js';
import { mapProgramRange, programSource } from '../project/test-program.js';
import type { Project, TargetConfig } from '../project/types.js';
import { errorMessage, evaluate, selectTarget, WarehouseError } from '../runtime/index.js';
import { tryCompileProject } from '../sql/index.js';
import type { Program } from '../syntax/ast.js';
import { parse } from '../syntax/parse.js';
import { compareExpectations } from './compare.js';
import type { DefinitionInfo, ExpectationFailure } from './compare.js';
import { loadFixtures, rowQuotedBy } from './load-fixtures.js';
import { openTestWarehouse } from './test-warehouse.js';

export type TestStatus = 'passed' | 'failed' | 'error';

export interface TestFileResult {
  /** Absolute path of the .test.yml file. */
  file: string;
  /** The file name without `.test.yml` (`01-any-user-did`). */
  name: string;
  /**
   * `failed`: evaluated, and some expectation did not hold; `error`: the file
   * could not be evaluated (invalid file, check/compile/database error).
   */
  status: TestStatus;
  /** How many audiences / traits the file expects. */
  audiences: number;
  traits: number;
  failures: ExpectationFailure[];
  /** Why the file errored, plus warnings met on the way. */
  diagnostics: Diagnostic[];
  durationMs: number;
}

export interface TestReport {
  /** The target the tests ran on (absent when it could not be selected). */
  target?: TargetConfig;
  files: TestFileResult[];
  passed: number;
  /** Files that failed or errored. */
  failed: number;
  /** Problems not tied to one test file: unknown target, errors in the project's definitions. */
  diagnostics: Diagnostic[];
  /** Every file a diagnostic may point into, by path, for rendering. */
  sources: Map<string, SourceFile>;
}

export interface RunTestsOptions {
  /** A target of roster.yaml; default: the project's default target. */
  target?: string;
  /** Only files whose path (relative to the project) contains this text. */
  filter?: string;
  env?: NodeJS.ProcessEnv;
  /** Called after each file, in order (for live output). */
  onProgress?: (result: TestFileResult) => void;
}

export function testName(file: string): string {
  return basename(file).replace(/\.test\.ya?ml$/, '');
}

/** Where each named definition of `programs` is written. */
function definitionRanges(programs: Program[]): Map<string, SourceRange> {
  const ranges = new Map<string, SourceRange>();
  for (const program of programs) {
    for (const d of program.definitions) {
      if (
        (d.kind === 'trait' || d.kind === 'sql-trait' || d.kind === 'audience') &&
        !ranges.has(d.name.name)
      ) {
        ranges.set(d.name.name, d.range);
      }
    }
  }
  return ranges;
}

/** Definition ranges of a test file's `program:`, in the .test.yml's own coordinates. */
function testProgramRanges(file: SourceFile, program: TestProgram): Map<string, SourceRange> {
  if (program.exact)
    return definitionRanges([parse(programSource(file, program).text, file.path).program]);
  const ranges = definitionRanges([parse(program.text, file.path).program]);
  return new Map([...ranges].map(([name, range]) => [name, mapProgramRange(file, program, range)]));
}

/** The project's *.roster files, parsed once per run and checked per file (scope may differ). */
class ProjectDefinitions {
  private parsed?: { programs: Program[]; diagnostics: Diagnostic[] };
  readonly reported = new Set<string>();

  constructor(private readonly project: Project) {}

  get ranges(): Map<string, SourceRange> {
    return definitionRanges(this.parsed?.programs ?? []);
  }

  check(scope: TestCase['config']['events']): CheckResult {
    if (!this.parsed) {
      const programs: Program[] = [];
      const diagnostics: Diagnostic[] = [];
      for (const file of this.project.rosterFiles) {
        const result = parse(file.text, file.path);
        programs.push(result.program);
        diagnostics.push(...result.diagnostics);
      }
      this.parsed = { programs, diagnostics };
    }
    const config = this.project.config;
    const checked = checkProgram({
      programs: this.parsed.programs,
      schema: this.project.schema,
      config: { ...config, events: { scope: scope?.scope ?? config.events.scope } },
      options: { warnUnused: false },
    });
    const diagnostics = [...this.parsed.diagnostics, ...checked.diagnostics];
    return hasErrors(this.parsed.diagnostics) ? { diagnostics } : { ...checked, diagnostics };
  }
}

function errored(
  file: SourceFile,
  started: number,
  diagnostics: Diagnostic[],
  testCase?: TestCase,
): TestFileResult {
  return {
    file: file.path,
    name: testName(file.path),
    status: 'error',
    audiences: testCase?.expect.audiences.length ?? 0,
    traits: testCase?.expect.traits.length ?? 0,
    failures: [],
    diagnostics,
    durationMs: performance.now() - started,
  };
}

async function runTestFile(
  project: Project,
  file: SourceFile,
  target: TargetConfig,
  env: NodeJS.ProcessEnv,
  definitions: ProjectDefinitions,
  report: TestReport,
): Promise<TestFileResult> {
  const started = performance.now();
  const loaded = loadTestFile(file, { schema: project.schema });
  const testCase = loaded.testCase;
  if (!testCase || hasErrors(loaded.diagnostics)) return errored(file, started, loaded.diagnostics);
  const diagnostics = [...loaded.diagnostics];
  const config = project.config;
  const scope = testCase.config.events?.scope ?? config.events.scope;

  let checked: CheckResult;
  let ranges: Map<string, SourceRange>;
  if (testCase.program) {
    ranges = testProgramRanges(file, testCase.program);
    checked = checkTestProgram(file, testCase.program, project.schema, {
      ...config,
      events: { scope },
    });
    diagnostics.push(...checked.diagnostics);
  } else {
    checked = definitions.check(testCase.config.events);
    ranges = definitions.ranges;
    // The project's own problems are reported once for the run, not once per file.
    for (const d of checked.diagnostics) {
      const key = `${d.code}:${d.range?.file}:${d.range?.start.offset}`;
      if (definitions.reported.has(key)) continue;
      definitions.reported.add(key);
      report.diagnostics.push(d);
    }
    if (!checked.ir) {
      diagnostics.push(
        error(
          'test-project-errors',
          "the project's definitions have errors (shown above), so this test cannot run",
          undefined,
          ['fix them, or give this file its own `program:`'],
        ),
      );
    }
  }
  const ir = checked.ir;
  if (!ir || hasErrors(diagnostics)) return errored(file, started, diagnostics, testCase);

  const opened = await openTestWarehouse(target, env, config.sources.disabled);
  if (!opened.ok) return errored(file, started, [...diagnostics, ...opened.diagnostics], testCase);
  const db = opened.value;
  try {
    const compiled = tryCompileProject(ir, {
      dialect: target.dialect,
      now: testCase.now,
      sources: db.sources,
    });
    if (!compiled.ok)
      return errored(file, started, [...diagnostics, ...compiled.diagnostics], testCase);
    try {
      await loadFixtures(db.warehouse, db.dialect, project.schema, testCase.data, db.schema);
    } catch (caught) {
      if (!(caught instanceof WarehouseError)) throw caught;
      const row = rowQuotedBy(testCase.data, caught.message);
      return errored(
        file,
        started,
        [
          ...diagnostics,
          error(
            'runtime-fixtures-failed',
            `target \`${target.name}\` (${target.dialect}) refused ${row ? 'this row' : 'a row'} of the test data: ${caught.message.split('\n')[0]}`,
            row,
            [
              `write a value ${target.dialect} accepts${row ? ' in this row' : ' where the message says'}, or run the test on another target (\`roster test --target NAME\`)`,
            ],
          ),
        ],
        testCase,
      );
    }
    const result = await evaluate(db.warehouse, compiled.compiled, { ranges });
    diagnostics.push(...result.diagnostics);
    if (hasErrors(result.diagnostics)) return errored(file, started, diagnostics, testCase);

    const known = new Map<string, DefinitionInfo>(
      compiled.compiled.definitions.map((d) => [
        d.name,
        { kind: d.kind, ...(d.type ? { type: d.type } : {}) },
      ]),
    );
    const failures = compareExpectations(testCase.expect, result, known, (name, kind) =>
      didYouMean(
        name,
        [...known].filter(([, info]) => info.kind === kind).map(([n]) => n),
      ),
    ).map((f) => {
      const definition = f.kind === 'unknown-definition' ? undefined : ranges.get(f.name);
      return definition ? { ...f, definition } : f;
    });
    return {
      file: file.path,
      name: testName(file.path),
      status: failures.length > 0 ? 'failed' : 'passed',
      audiences: testCase.expect.audiences.length,
      traits: testCase.expect.traits.length,
      failures,
      diagnostics,
      durationMs: performance.now() - started,
    };
  } finally {
    await db.dispose().catch(() => undefined);
  }
}

/**
 * Runs every test file of the project (in path order) on one target. Never
 * throws for user mistakes or database errors: they are in the report.
 */
export async function runTests(
  project: Project,
  options: RunTestsOptions = {},
): Promise<TestReport> {
  const sources = new Map<string, SourceFile>();
  for (const f of [...project.configFiles, ...project.rosterFiles, ...project.testFiles]) {
    sources.set(f.path, f);
  }
  const report: TestReport = { files: [], passed: 0, failed: 0, diagnostics: [], sources };
  const selected = selectTarget(project.config, options.target);
  if (!selected.target) {
    report.diagnostics.push(...selected.diagnostics);
    return report;
  }
  const target = selected.target;
  report.target = target;
  const env = options.env ?? process.env;
  const definitions = new ProjectDefinitions(project);
  const filter = options.filter;
  const files = project.testFiles.filter(
    (f) => filter === undefined || relative(project.config.root, f.path).includes(filter),
  );
  for (const file of files) {
    let result: TestFileResult;
    const started = performance.now();
    try {
      result = await runTestFile(project, file, target, env, definitions, report);
    } catch (caught) {
      // A bug in roster must not hide the other files' results.
      result = errored(file, started, [
        error(
          'internal-error',
          `roster failed while running this test: ${errorMessage(caught)}`,
          undefined,
          ['this is a bug in roster, not in your test; please report it'],
        ),
      ]);
    }
    report.files.push(result);
    if (result.status === 'passed') report.passed++;
    else report.failed++;
    options.onProgress?.(result);
  }
  return report;
}
