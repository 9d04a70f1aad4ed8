/**
 * The reference evaluator's input and output: plain in-memory rows, with no
 * warehouse and no SQL in between, so the evaluator can serve as an
 * independent oracle for what the compiled SQL must return (README.md).
 */

/**
 * A value of a trait or an aggregation. Timestamps are ISO-8601 UTC instants
 * with milliseconds (`2026-01-31T12:00:00.000Z`), lists are lists of strings.
 * A missing value is `undefined` (or, in a result map, an absent key).
 */
export type ReferenceValue = string | number | boolean | string[];

/** A row of the users or accounts source: the id and its custom traits (schema.yml). */
export interface ReferenceEntityRow {
  id: string;
  /** Trait name → value as written (null or absent = missing; timestamps as ISO-8601 text or Date). */
  traits: Record<string, unknown>;
}

export interface ReferenceMembership {
  user: string;
  account: string;
}

export type ReferenceEventSource = 'tracks' | 'pages' | 'screens';

/** One `track`/`page`/`screen` call. */
export interface ReferenceEvent {
  source: ReferenceEventSource;
  /** The user id; null or absent for an anonymous event (ignored, LANGUAGE.md §1). */
  user?: string | null;
  /** The event name (tracks only). */
  event?: string;
  /** When it happened: ISO-8601 text (a date alone means 00:00 UTC) or a Date. */
  at: string | Date;
  messageId: string;
  /** `context.groupId`, used only under `events.scope: group_context` (§9). */
  groupId?: string | null;
  /** The event's JSON properties (page/screen fields `name`, `url`, … included). */
  properties: Record<string, unknown>;
}

export interface ReferenceData {
  accounts: ReferenceEntityRow[];
  users: ReferenceEntityRow[];
  memberships: ReferenceMembership[];
  events: ReferenceEvent[];
}

export interface ReferenceResult {
  /** Audience name → member ids, sorted by code point. */
  audiences: Record<string, string[]>;
  /** Trait name → id → value; an id with a missing value has no entry. */
  traits: Record<string, Map<string, ReferenceValue>>;
}

export interface ReferenceOptions {
  /**
   * Values of SQL traits, by trait name then entity id. SQL is exactly what the
   * reference evaluator does not interpret, so a caller must supply what an SQL
   * trait returns (e.g. the test's expectations); a program with an SQL trait
   * and no values for it is rejected. Ids that are not entities are ignored.
   */
  sqlTraitValues?: Record<string, Map<string, ReferenceValue>>;
}
