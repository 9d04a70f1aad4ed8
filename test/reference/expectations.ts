/**
 * Compares a reference result with a test file's `expect` the way `roster
 * test` does (LANGUAGE.md §10): audiences as id sets; traits per id, with
 * timestamps compared as instants, numbers with a relative tolerance of
 * 1e-9, and an id left out of the expectation required to be missing.
 */
import type { IrProject, IrValueType } from '../../src/ir/ir.js';
import type { TestCase } from '../../src/project/test-case.js';
import type { ReferenceResult, ReferenceValue } from '../../src/reference/data.js';
import { parseInstant } from '../../src/reference/values.js';

function sameValue(type: IrValueType, expected: unknown, actual: ReferenceValue): boolean {
  switch (type) {
    case 'number':
      return (
        typeof expected === 'number' &&
        typeof actual === 'number' &&
        (expected === actual ||
          Math.abs(expected - actual) <= 1e-9 * Math.max(Math.abs(expected), Math.abs(actual)))
      );
    case 'timestamp': {
      const e = typeof expected === 'string' ? parseInstant(expected) : undefined;
      return e !== undefined && typeof actual === 'string' && e === parseInstant(actual);
    }
    case 'list':
      return Array.isArray(expected) && JSON.stringify(expected) === JSON.stringify(actual);
    default:
      return expected === actual;
  }
}

/** Every difference, one line each; empty when the result meets the expectation. */
export function mismatches(
  ir: IrProject,
  result: ReferenceResult,
  expect: TestCase['expect'],
): string[] {
  const out: string[] = [];
  for (const { name, ids } of expect.audiences) {
    const actual = result.audiences[name];
    if (!actual) {
      out.push(`audience ${name}: not defined by the program`);
      continue;
    }
    const missing = ids.filter((id) => !actual.includes(id));
    const unexpected = actual.filter((id) => !ids.includes(id));
    if (missing.length > 0 || unexpected.length > 0) {
      out.push(
        `audience ${name}: missing [${missing.join(', ')}], unexpected [${unexpected.join(', ')}]`,
      );
    }
  }
  for (const { name, values } of expect.traits) {
    const def = ir.definitions.find((d) => d.name === name);
    const actual = result.traits[name];
    if (!actual || !def || def.kind === 'audience' || def.kind === 'sync') {
      out.push(`trait ${name}: not defined by the program`);
      continue;
    }
    const ids = new Set([...Object.keys(values), ...actual.keys()]);
    for (const id of ids) {
      const e = values[id] ?? undefined;
      const a = actual.get(id);
      if (e === undefined && a === undefined) continue;
      if (e === undefined || a === undefined || !sameValue(def.type, e, a)) {
        out.push(
          `trait ${name} of ${id}: expected ${JSON.stringify(e) ?? 'missing'}, got ${JSON.stringify(a) ?? 'missing'}`,
        );
      }
    }
  }
  return out;
}
