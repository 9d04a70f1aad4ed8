/** Each conformance case's data and schema, next to its compiled SQL (conformance-programs.ts). */
import path from 'node:path';
import { checkTestProgram } from '../../../src/check/index.js';
import { SourceFile } from '../../../src/diagnostics/index.js';
import type { IrProject } from '../../../src/ir/ir.js';
import type { TestData } from '../../../src/project/test-case.js';
import { loadProject } from '../../../src/project/load-project.js';
import { loadTestFile } from '../../../src/project/test-file.js';
import type { Schema } from '../../../src/project/types.js';
import {
  compileConformance,
  conformanceDir,
  conformanceTestFiles,
  type CompiledCase,
} from '../dialects/conformance-programs.js';

export interface ExecutableCase extends CompiledCase {
  data: TestData;
}

export async function executableCases(): Promise<{ schema: Schema; cases: ExecutableCase[] }> {
  const project = (await loadProject(conformanceDir)).project;
  if (!project) throw new Error('the conformance project did not load');
  const data = new Map<string, TestData>();
  // Both suites share one schema file (shared/conformance/schema.yml).
  for (const { project: suite, files } of await conformanceTestFiles()) {
    for (const file of files) {
      const testCase = loadTestFile(file, { schema: suite.schema }).testCase;
      if (testCase) data.set(path.basename(file.path).replace(/\.test\.yml$/, ''), testCase.data);
    }
  }
  const cases = (await compileConformance()).map((c) => {
    const caseData = data.get(c.name);
    if (!caseData) throw new Error(`no data for conformance case ${c.name}`);
    return { ...c, data: caseData };
  });
  return { schema: project.schema, cases };
}

/** A test case written inline (`*.test.yml` text) over the conformance schema, loaded and checked. */
export async function inlineCase(
  fileName: string,
  text: string,
): Promise<{ schema: Schema; data: TestData; now: string; ir: IrProject }> {
  const project = (await loadProject(conformanceDir)).project;
  if (!project) throw new Error('the conformance project did not load');
  const file = new SourceFile(fileName, text);
  const loaded = loadTestFile(file, { schema: project.schema });
  const testCase = loaded.testCase;
  if (!testCase?.program || loaded.diagnostics.length > 0)
    throw new Error(`${fileName}: ${JSON.stringify(loaded.diagnostics)}`);
  const checked = checkTestProgram(file, testCase.program, project.schema, project.config);
  if (!checked.ir || checked.diagnostics.length > 0)
    throw new Error(`${fileName}: ${JSON.stringify(checked.diagnostics)}`);
  return { schema: project.schema, data: testCase.data, now: testCase.now, ir: checked.ir };
}
