/**
 * A `*.test.yml` file as data (LANGUAGE.md §10): what `roster test` loads into
 * the embedded warehouse and what it expects back.
 */
import type { SourceRange } from '../diagnostics/source.js';
import type { EventsScope } from './types.js';

/** A trait value in a fixture; `null` means missing. Timestamps are normalised ISO strings. */
export type FixtureValue = string | number | boolean | string[] | null;

export interface TestProgram {
  /** The program exactly as the YAML value gives it (block indentation removed). */
  text: string;
  /** Offset in the .test.yml file of the first character of `text`. */
  programOffset: number;
  /**
   * For each line of `text`, the offset in the .test.yml file where that line's
   * text starts; `mapProgramRange` uses it to put parser diagnostics back into the file.
   */
  lineOffsets: number[];
  /** False when the scalar's style (folded `>`, escapes in quotes) makes the mapping approximate. */
  exact: boolean;
  /** The whole YAML value (from the `|` indicator to its last line). */
  range: SourceRange;
}

export interface EntityFixture {
  id: string;
  /** Custom traits of the row (every key but `id`), values as written; null = missing. */
  traits: Record<string, FixtureValue>;
  range: SourceRange;
}

export interface MembershipFixture {
  user: string;
  account: string;
  range: SourceRange;
}

interface EventFixtureBase {
  user: string;
  /** The event's instant, normalised to UTC (`2026-06-20T10:00:00.000Z`). */
  at: string;
  properties: Record<string, unknown>;
  /** As written, or generated in file order: `m000001`, `m000002`, ... (see docs/config.md). */
  messageId: string;
  groupId?: string;
  range: SourceRange;
}

export interface TrackFixture extends EventFixtureBase {
  kind: 'track';
  event: string;
}

/** Pages and screens: the page fields (`name`, `url`, ...) are in `properties`. */
export interface PageFixture extends EventFixtureBase {
  kind: 'page' | 'screen';
}

export interface TestData {
  accounts: EntityFixture[];
  users: EntityFixture[];
  memberships: MembershipFixture[];
  tracks: TrackFixture[];
  pages: PageFixture[];
  screens: PageFixture[];
}

export interface ExpectedAudience {
  name: string;
  /** Exact member ids, compared in any order. */
  ids: string[];
  range: SourceRange;
}

export interface ExpectedTrait {
  name: string;
  /** Expected value per id; an id left out must be missing. Values as YAML gives them. */
  values: Record<string, unknown>;
  range: SourceRange;
}

/** Overrides of roster.yaml keys for one test file. */
export interface TestConfigOverrides {
  events?: { scope?: EventsScope };
}

export interface TestCase {
  /** Absolute path of the .test.yml file. */
  file: string;
  /** The reference instant, normalised to UTC. */
  now: string;
  config: TestConfigOverrides;
  /** Definitions local to this file; absent = the project's definitions. */
  program?: TestProgram;
  data: TestData;
  expect: { audiences: ExpectedAudience[]; traits: ExpectedTrait[] };
}
