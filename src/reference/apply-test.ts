/**
 * One positive test on one value (IrTest). Every test is false on a missing
 * value except `is-set`, which tests exactly that (LANGUAGE.md §2): the
 * two-valued logic falls out of returning a plain boolean here.
 */
import type { IrScalar, IrTest, IrValueType } from '../ir/ir.js';
import type { ReferenceValue } from './data.js';
import { ReferenceEvaluationError } from './errors.js';
import { compareValues, parseInstant } from './values.js';
import { inWindow } from './window.js';

/** A literal as a value of `type`; a literal of another type is a checker bug. */
function literal(scalar: IrScalar, type: IrValueType): ReferenceValue {
  if (scalar.type !== type) {
    throw new ReferenceEvaluationError(`IR compares a ${type} with a ${scalar.type} literal`);
  }
  if (scalar.type !== 'timestamp') return scalar.value;
  if (parseInstant(scalar.value) === undefined) {
    throw new ReferenceEvaluationError(`IR timestamp literal is not an instant: ${scalar.value}`);
  }
  return scalar.value;
}

function expectType<T>(value: ReferenceValue, ok: boolean, test: string): T {
  if (!ok) throw new ReferenceEvaluationError(`IR applies ${test} to ${JSON.stringify(value)}`);
  return value as T;
}

export function applyTest(
  test: IrTest,
  type: IrValueType,
  value: ReferenceValue | undefined,
  now: number,
): boolean {
  if (test.kind === 'is-set') return value !== undefined;
  if (value === undefined) return false;
  switch (test.kind) {
    case 'compare': {
      const c = compareValues(value, literal(test.value, type), type);
      switch (test.op) {
        case '=':
          return c === 0;
        case '<':
          return c < 0;
        case '<=':
          return c <= 0;
        case '>':
          return c > 0;
        case '>=':
          return c >= 0;
      }
      break;
    }
    case 'in-list':
      return test.values.some((v) => compareValues(value, literal(v, type), type) === 0);
    case 'string-match': {
      // Plain JS string functions: `%`, `_` and `\` are ordinary characters.
      const s = expectType<string>(value, typeof value === 'string', test.kind);
      if (test.mode === 'contains') return s.includes(test.value);
      if (test.mode === 'starts-with') return s.startsWith(test.value);
      return s.endsWith(test.value);
    }
    case 'list-contains': {
      const list = expectType<string[]>(value, Array.isArray(value), test.kind);
      // An empty list contains nothing, whatever is asked of it.
      if (list.length === 0) return false;
      return test.mode === 'any'
        ? test.values.some((v) => list.includes(v))
        : test.values.every((v) => list.includes(v));
    }
    case 'number-between': {
      const n = expectType<number>(value, typeof value === 'number', test.kind);
      return test.from <= n && n <= test.to;
    }
    case 'time-window': {
      const s = expectType<string>(
        value,
        type === 'timestamp' && typeof value === 'string',
        test.kind,
      );
      return inWindow(test.window, parseInstant(s) ?? NaN, now);
    }
  }
}
