/**
 * One differential case: a generated program, a data set, an `events.scope`
 * and a fixture layout. By default every case draws its own mix (issue
 * 10.8): data built around the program's own literals, windows and events or
 * drawn independently, events with or without message ids, fixtures as
 * roster's JSON tables or as the tables Segment's warehouse connector writes.
 * An option given fixes its part of the mix (`npm run fuzz:diff` flags).
 */
import fc from 'fast-check';
import type { Schema } from '../../src/project/types.js';
import { dataArb } from './data-arbitrary.js';
import type { DataOptions } from './data-arbitrary.js';
import type { DiffCase, LayoutName } from './harness.js';
import { programArb } from './program-arbitrary.js';

export interface CaseOptions extends DataOptions {
  /** Draw the data after the program, around its own literals, windows and events (default: either). */
  aroundProgram?: boolean;
  /** The fixtures' layout (default: either). */
  layout?: LayoutName;
  /**
   * Data sets drawn per program (default 1), all with the case's own mix; `pick`
   * keeps one. A data set on which an audience has no member, or every entity,
   * tests little of it, and for most programs some of a few independent draws
   * split the entities where the first draw does not (issue 10.8).
   */
  candidates?: number;
  pick?: (candidates: DiffCase[]) => DiffCase;
}

const either = <T>(fixed: T | undefined, all: readonly T[]): fc.Arbitrary<T> =>
  fixed === undefined ? fc.constantFrom(...all) : fc.constant(fixed);

export function caseArb(schema: Schema, options: CaseOptions = {}): fc.Arbitrary<DiffCase> {
  const {
    aroundProgram,
    layout,
    missingMessageIds,
    candidates = 1,
    pick,
    ...dataOptions
  } = options;
  return fc
    .record({
      program: programArb(schema),
      scope: fc.constantFrom('all_accounts' as const, 'group_context' as const),
      around: either(aroundProgram, [true, false]),
      missing: either(missingMessageIds, [true, false]),
      layout: either<LayoutName>(layout, ['json', 'segment']),
    })
    .chain(({ program, scope, around, missing, layout }) => {
      const data = dataArb(schema, {
        ...dataOptions,
        missingMessageIds: missing,
        ...(around ? { focus: program.focus } : {}),
      });
      return fc.array(data, { minLength: candidates, maxLength: candidates }).map((sets) => {
        const cases = sets.map((d): DiffCase => ({
          program: program.text,
          data: d,
          scope,
          partitions: program.audiences,
          layout,
          aroundProgram: around,
        }));
        return pick && cases.length > 1 ? pick(cases) : cases[0]!;
      });
    });
}
