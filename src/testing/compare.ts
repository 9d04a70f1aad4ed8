/**
 * Compares a test file's expectations with what the warehouse computed
 * (LANGUAGE.md §10): audiences as exact id sets; traits id by id, where an id
 * left out of the expectation must have no value. Timestamps compare as
 * instants, numbers with a relative tolerance of 1e-9, lists element-wise.
 */
import type { SourceRange } from '../diagnostics/source.js';
import type { IrValueType } from '../ir/ir.js';
import type { ExpectedAudience, ExpectedTrait } from '../project/test-case.js';
import {
  compareCodePoints,
  toIsoInstant,
  type EvaluationResult,
  type TraitValue,
} from '../runtime/index.js';

export const RELATIVE_TOLERANCE = 1e-9;

export interface AudienceFailure {
  kind: 'audience';
  name: string;
  expected: string[];
  actual: string[];
  /** Expected members the warehouse did not return. */
  missing: string[];
  /** Members the warehouse returned that were not expected. */
  unexpected: string[];
  /** The expectation in the .test.yml file. */
  range: SourceRange;
  /** Where the audience is defined (filled in by the runner when it knows). */
  definition?: SourceRange;
}

export interface TraitValueMismatch {
  id: string;
  /** undefined = expected missing. */
  expected: unknown;
  /** undefined = missing. */
  actual: TraitValue | undefined;
}

export interface TraitFailure {
  kind: 'trait';
  name: string;
  mismatches: TraitValueMismatch[];
  range: SourceRange;
  definition?: SourceRange;
}

/** An expectation naming something the program does not define (or of the other kind). */
export interface UnknownDefinitionFailure {
  kind: 'unknown-definition';
  name: string;
  expectedKind: 'audience' | 'trait';
  /** What the program has under that name, if anything. */
  actualKind?: 'audience' | 'trait';
  suggestions: string[];
  range: SourceRange;
}

export type ExpectationFailure = AudienceFailure | TraitFailure | UnknownDefinitionFailure;

export interface DefinitionInfo {
  kind: 'audience' | 'trait';
  type?: IrValueType;
}

/** Equal numbers, or within RELATIVE_TOLERANCE of the larger magnitude. */
export function numbersMatch(expected: number, actual: number): boolean {
  if (expected === actual) return true;
  const scale = Math.max(Math.abs(expected), Math.abs(actual));
  return Math.abs(expected - actual) <= RELATIVE_TOLERANCE * scale;
}

/** One expected value (as YAML gave it) against an actual normalised value of `type`. */
export function valuesMatch(
  type: IrValueType | undefined,
  expected: unknown,
  actual: TraitValue,
): boolean {
  if (typeof expected === 'number' && typeof actual === 'number')
    return numbersMatch(expected, actual);
  if (type === 'timestamp' && typeof expected === 'string' && typeof actual === 'string') {
    const e = toIsoInstant(expected);
    const a = toIsoInstant(actual);
    return e !== undefined && a !== undefined && Date.parse(e) === Date.parse(a);
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    return (
      expected.length === actual.length &&
      expected.every((e, i) => {
        const a = actual[i];
        return a !== undefined && String(e) === a;
      })
    );
  }
  return expected === actual;
}

function compareAudience(
  expected: ExpectedAudience,
  actual: string[],
): AudienceFailure | undefined {
  const want = [...new Set(expected.ids.map(String))].sort(compareCodePoints);
  const got = new Set(actual);
  const wanted = new Set(want);
  const missing = want.filter((id) => !got.has(id));
  const unexpected = actual.filter((id) => !wanted.has(id));
  if (missing.length === 0 && unexpected.length === 0) return undefined;
  return {
    kind: 'audience',
    name: expected.name,
    expected: want,
    actual,
    missing,
    unexpected,
    range: expected.range,
  };
}

function compareTrait(
  expected: ExpectedTrait,
  type: IrValueType | undefined,
  actual: ReadonlyMap<string, TraitValue>,
): TraitFailure | undefined {
  const mismatches: TraitValueMismatch[] = [];
  const expectedIds = new Set<string>();
  for (const [id, value] of Object.entries(expected.values)) {
    // `id: null` in YAML is an explicit "missing".
    const want = value === null ? undefined : value;
    if (want !== undefined) expectedIds.add(id);
    const got = actual.get(id);
    if (want === undefined && got === undefined) continue;
    if (want === undefined || got === undefined || !valuesMatch(type, want, got)) {
      mismatches.push({ id, expected: want, actual: got });
    }
  }
  for (const [id, got] of actual) {
    if (!expectedIds.has(id) && !(id in expected.values)) {
      mismatches.push({ id, expected: undefined, actual: got });
    }
  }
  if (mismatches.length === 0) return undefined;
  mismatches.sort((a, b) => compareCodePoints(a.id, b.id));
  return { kind: 'trait', name: expected.name, mismatches, range: expected.range };
}

/**
 * Every failed expectation of one test file, in file order of the
 * expectations. `definitions` says what the program defines (for types and
 * for "no such audience" failures); `suggest` proposes close names.
 */
export function compareExpectations(
  expect: { audiences: ExpectedAudience[]; traits: ExpectedTrait[] },
  result: Pick<EvaluationResult, 'audiences' | 'traits'>,
  definitions: ReadonlyMap<string, DefinitionInfo>,
  suggest: (name: string, kind: 'audience' | 'trait') => string[] = () => [],
): ExpectationFailure[] {
  const failures: ExpectationFailure[] = [];
  const unknown = (
    name: string,
    expectedKind: 'audience' | 'trait',
    range: SourceRange,
  ): UnknownDefinitionFailure => {
    const actualKind = definitions.get(name)?.kind;
    return {
      kind: 'unknown-definition',
      name,
      expectedKind,
      ...(actualKind ? { actualKind } : {}),
      suggestions: actualKind ? [] : suggest(name, expectedKind),
      range,
    };
  };
  for (const audience of expect.audiences) {
    const actual = result.audiences[audience.name];
    if (definitions.get(audience.name)?.kind !== 'audience' || !actual) {
      failures.push(unknown(audience.name, 'audience', audience.range));
      continue;
    }
    const failure = compareAudience(audience, actual);
    if (failure) failures.push(failure);
  }
  for (const trait of expect.traits) {
    const info = definitions.get(trait.name);
    const actual = result.traits[trait.name];
    if (info?.kind !== 'trait' || !actual) {
      failures.push(unknown(trait.name, 'trait', trait.range));
      continue;
    }
    const failure = compareTrait(trait, info.type, actual);
    if (failure) failures.push(failure);
  }
  failures.sort((a, b) => a.range.start.offset - b.range.start.offset);
  return failures;
}
