/** One differential case: a generated program, a data set built around it and an `events.scope`. */
import fc from 'fast-check';
import type { Schema } from '../../src/project/types.js';
import { dataArb } from './data-arbitrary.js';
import type { DataOptions } from './data-arbitrary.js';
import type { DiffCase } from './harness.js';
import { programArb } from './program-arbitrary.js';

export interface CaseOptions extends DataOptions {
  /** Draw the data after the program, around its own literals, windows and events. */
  aroundProgram?: boolean;
}

export function caseArb(schema: Schema, options: CaseOptions = {}): fc.Arbitrary<DiffCase> {
  const { aroundProgram, ...dataOptions } = options;
  if (!aroundProgram) {
    return fc
      .record({
        program: programArb(schema),
        data: dataArb(schema, dataOptions),
        scope: fc.constantFrom('all_accounts' as const, 'group_context' as const),
      })
      .map(({ program, data, scope }) => ({
        program: program.text,
        data,
        scope,
        partitions: program.audiences,
      }));
  }
  return fc
    .record({
      program: programArb(schema),
      scope: fc.constantFrom('all_accounts' as const, 'group_context' as const),
    })
    .chain(({ program, scope }) =>
      dataArb(schema, { focus: program.focus, ...dataOptions }).map((data) => ({
        program: program.text,
        data,
        scope,
        partitions: program.audiences,
      })),
    );
}
