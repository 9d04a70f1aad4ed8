/**
 * A plan is a value (ARCHITECTURE.md, "Runtime shape"): what an apply would
 * do, computed at one instant against one applied state. Printable
 * (render-plan.ts), serialisable (`roster plan --out`, docs/plan-json-format.md)
 * and checkable (definition hashes + state version make a stale plan
 * detectable). The transitions themselves stay in the warehouse, in the
 * snapshot tables named here, so a plan file stays small whatever the
 * audience sizes.
 */
import type { IrDefinition, IrEntity } from '../../ir/ir.js';
import type { GuardViolation } from './guards.js';

export const PLAN_FORMAT = 'roster-plan';
/**
 * 2: `tables` lost `desired` (the desired state is a temporary table of the
 * plan's session), and `tables.results` holds only how the results change.
 */
export const PLAN_VERSION = 2;

export type CallKind = 'group' | 'identify' | 'track';
export type Transition = 'entered' | 'exited' | 'changed' | 'removed';

export interface PlanDefinition {
  name: string;
  kind: IrDefinition['kind'];
  hash: string;
}

export interface PlanDefinitionChange {
  name: string;
  kind: IrDefinition['kind'];
  action: 'add' | 'change' | 'remove';
  /** Source text as last applied. */
  before?: string;
  /** Source text now. */
  after?: string;
  /**
   * For a change: the definitions it reads whose meaning changed (its
   * meaning changes with them, even when its own text did not).
   */
  because?: string[];
}

export interface PlanAudience {
  name: string;
  entity: IrEntity;
  size: number;
  /** Null when the audience was never applied. */
  previousSize: number | null;
  entered: number;
  exited: number;
  samples: { entered: string[]; exited: string[] };
  synced: boolean;
}

export interface PlanTrait {
  name: string;
  entity: IrEntity;
  /** Entities with a value. */
  size: number;
  previousSize: number | null;
  /** Entities whose value is new or different. */
  changed: number;
  /** Entities whose value became missing. */
  removed: number;
  samples: string[];
}

/** One call of one sync: its own delivered state, its own transitions. */
export interface PlanChannel {
  call: CallKind;
  /** Whom the calls describe: `account` for group calls, `user` for identify/track. */
  level: IrEntity;
  entered: number;
  exited: number;
  changed: number;
  removed: number;
  /** Members in this channel's delivered state before this run (0 on a backfill). */
  deliveredBefore: number;
  /** Track event names used (entered/exited or name). */
  events?: Record<string, string>;
}

/** One reason calls of a sync failed in an earlier apply, with how many and one member as an example. */
export interface PlanRetryReason {
  reason: string;
  calls: number;
  sample: string;
}

/**
 * Calls of a sync that failed or were quarantined in an earlier apply (state
 * table `failures`). Nothing is left behind silently: the plan shows them,
 * and apply sends them again with the same messageIds (they are among the
 * channel counts, as transitions not yet delivered).
 */
export interface PlanPendingRetries {
  /** Failed calls this plan sends again. */
  calls: number;
  /** Failed calls this plan no longer sends: the member moved back meanwhile (forgotten by apply). */
  superseded: number;
  /** The most frequent reasons of the calls sent again (at most `PENDING_REASONS_SHOWN`). */
  reasons: PlanRetryReason[];
  /** Further distinct reasons not listed. */
  moreReasons: number;
}

export const PENDING_REASONS_SHOWN = 5;

export interface PlanSync {
  name: string;
  source: string;
  sourceKind: 'audience' | 'trait';
  entity: IrEntity;
  destination: string;
  /** `new`: never delivered (a backfill); `removed`: in state, no longer defined (it stops). */
  status: 'new' | 'active' | 'removed';
  channels: PlanChannel[];
  /** For removed syncs and removed calls: delivered rows that will be forgotten. */
  forgotten: number;
  /** Present when calls of this sync failed in an earlier apply and are still pending. */
  pendingRetries?: PlanPendingRetries;
}

export interface Plan {
  format: typeof PLAN_FORMAT;
  version: typeof PLAN_VERSION;
  rosterVersion: string;
  project: string;
  target: string;
  dialect: string;
  runId: string;
  /** The instant every definition was evaluated at (ISO-8601 UTC). */
  now: string;
  createdAt: string;
  /** `--select` as given (absent = everything). */
  select?: string[];
  state: {
    location: string;
    /** The applied-state fingerprint: the state version the diff was computed against. */
    version: number;
  };
  /** Every selected definition with the hash of its normalised IR. */
  definitions: PlanDefinition[];
  changes: PlanDefinitionChange[];
  audiences: PlanAudience[];
  traits: PlanTrait[];
  syncs: PlanSync[];
  /**
   * What would stop `roster apply` (guards.ts), for showing: apply measures
   * the guards again itself and never reads this.
   */
  guards: GuardViolation[];
  totals: { enter: number; exit: number; update: number; calls: number };
  /** Snapshot tables in the state schema (unqualified names). */
  tables: { results: string; transitions: string };
  warnings: string[];
}

/** What `newRunId` makes (`r20260630t000000_abcdef`): safe inside table names. */
export const RUN_ID_PATTERN = /^r\d{8}t\d{6}_[0-9a-f]{6}$/;

/** The snapshot tables of run `runId`'s plan: the only tables an apply of that plan reads from or drops. */
export function snapshotTables(runId: string): Plan['tables'] {
  return {
    results: `snap_${runId}_results`,
    transitions: `snap_${runId}_transitions`,
  };
}

/** Whether applying would change anything (calls, state or recorded definitions). */
export function planHasChanges(plan: Plan): boolean {
  return (
    plan.totals.calls > 0 ||
    plan.changes.length > 0 ||
    plan.syncs.some((s) => s.forgotten > 0) ||
    plan.audiences.some((a) => a.entered > 0 || a.exited > 0) ||
    plan.traits.some((t) => t.changed > 0 || t.removed > 0)
  );
}
