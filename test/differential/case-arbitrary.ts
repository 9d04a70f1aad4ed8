/** One differential case: a generated program, a data set and an `events.scope`. */
import fc from 'fast-check';
import type { Schema } from '../../src/project/types.js';
import { dataArb } from './data-arbitrary.js';
import type { DataOptions } from './data-arbitrary.js';
import type { DiffCase } from './harness.js';
import { programArb } from './program-arbitrary.js';

export function caseArb(schema: Schema, options: DataOptions = {}): fc.Arbitrary<DiffCase> {
  return fc
    .record({
      program: programArb(schema),
      data: dataArb(schema, options),
      scope: fc.constantFrom('all_accounts' as const, 'group_context' as const),
    })
    .map(({ program, data, scope }) => ({
      program: program.text,
      data,
      scope,
      partitions: program.audiences,
    }));
}
