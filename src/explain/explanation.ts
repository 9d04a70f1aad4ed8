/**
 * What `roster explain` reports, as plain JSON-serialisable data (the CLI
 * renders it as text or prints it as JSON).
 */
import type { IrCondition, IrEntity, IrValueType } from '../ir/ir.js';
import type { TraitValue } from '../runtime/index.js';

/** One event that an aggregation or a `did` read. */
export interface ExplainedEvent {
  /** ISO-8601 UTC instant. */
  timestamp: string;
  messageId: string | null;
  userId: string;
  /** The track event name (absent for pages and screens). */
  event?: string;
  /** The aggregated property's value on this event, when the aggregation reads one. */
  value?: TraitValue | null;
  /** The event's group tag, under `events.scope: group_context`. */
  groupId?: string | null;
}

/** The events an aggregation read for one entity: how many, and the first few. */
export interface EventSample {
  total: number;
  events: ExplainedEvent[];
}

/** An account's users (or a user's accounts), split by a condition: counts and the first few ids. */
export interface EntitySplit {
  entity: IrEntity;
  total: number;
  /** The first few of all of them. */
  ids: string[];
  /** Absent when the condition has no value per entity alone (see the node's `note`). */
  satisfied?: { count: number; ids: string[] };
  notSatisfied?: { count: number; ids: string[] };
}

/** One node of an audience's condition tree, evaluated for one entity. */
export interface ExplainedNode {
  kind: IrCondition['kind'];
  /** The node as roster text (operators of `and`/`or`/`not` print as `all of`/`any of`/`not`). */
  label: string;
  /** The entity the node was evaluated for. */
  entity: IrEntity;
  id: string;
  /** The node's value; absent when it cannot be evaluated alone (see `note`). */
  value?: boolean;
  /** Why `value` is absent, or what the value means. */
  note?: string;
  /** A trait comparison: the trait's (or inline aggregate's) value; null when missing. */
  subject?: { name: string; type: IrValueType; value: TraitValue | null };
  /** `did` and inline aggregates: the events the aggregation read. */
  events?: EventSample;
  /** `did`: the event count the comparison used. */
  count?: number;
  /** A quantifier: the account's users, split by the body. */
  users?: EntitySplit;
  /** `some account` (and `account.NAME`): the user's accounts, split by the condition. */
  accounts?: EntitySplit;
  children: ExplainedNode[];
}

/** `roster explain AUDIENCE ID`. */
export interface EntityExplanation {
  kind: 'audience-member';
  audience: string;
  entity: IrEntity;
  id: string;
  now: string;
  /** The audience's doc comment (`##` above it). */
  doc?: string;
  member: boolean;
  root: ExplainedNode;
}

/** One node of the breakdown: how many entities pass it. */
export interface BreakdownNode {
  kind: IrCondition['kind'];
  label: string;
  entity: IrEntity;
  /** Entities of the node's context entity for which it holds (absent inside quantifier bodies under group_context). */
  passing?: number;
  /** Of how many entities of that kind. */
  of: number;
  note?: string;
  children: BreakdownNode[];
}

/** `roster explain AUDIENCE`. */
export interface AudienceBreakdown {
  kind: 'audience-breakdown';
  audience: string;
  entity: IrEntity;
  now: string;
  doc?: string;
  members: number;
  entities: number;
  root: BreakdownNode;
  /** Account audiences: members by number of users (bucketed). */
  bySize?: Array<{ size: string; accounts: number; members: number }>;
  /**
   * The audiences this one references: their sizes, and how many of this
   * audience's members are in them (for an audience of the other entity: have a
   * user, or an account, in them).
   */
  overlaps: Array<{ audience: string; entity: IrEntity; members: number; both: number }>;
}

/** `roster explain TRAIT ID`. */
export interface TraitExplanation {
  kind: 'trait-value';
  trait: string;
  entity: IrEntity;
  type: IrValueType;
  id: string;
  now: string;
  doc?: string;
  value: TraitValue | null;
  /** The aggregation, as roster text (computed traits). */
  definition: string;
  /** Computed traits: the events the aggregation read. */
  events?: EventSample;
  /** `count users C` traits: the account's users, split by whether C holds for them. */
  users?: EntitySplit;
  /** SQL traits: their values come from the query, not from events. */
  note?: string;
}

export type Explanation = EntityExplanation | AudienceBreakdown | TraitExplanation;
