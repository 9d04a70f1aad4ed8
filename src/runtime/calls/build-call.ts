/**
 * Transitions → Segment-spec calls, exactly as LANGUAGE.md §7 says:
 *   group    { type: 'group', groupId, traits: { <audience>: true|false } | { <trait>: value } }
 *   identify { type: 'identify', userId, traits: (same) }
 *   track    { type: 'track', userId, event, properties: { audience_key|trait_key, <name>: … } }
 * Every call carries the run instant as `timestamp`, roster as the library,
 * and a deterministic messageId.
 */
import type { IrValueType } from '../../ir/ir.js';
import type { CallKind, Transition } from '../plan/plan.js';
import { coerceValue } from '../values.js';
import { messageId, uuidFromHash } from './message-id.js';

export type CallValue = string | number | boolean | string[] | null;

export interface SegmentCall {
  type: CallKind;
  messageId: string;
  timestamp: string;
  userId?: string;
  /** Group calls only: derived from the account id (`accountAnonymousId`), see below. */
  anonymousId?: string;
  groupId?: string;
  traits?: Record<string, CallValue>;
  event?: string;
  properties?: Record<string, CallValue>;
  context: { library: { name: 'roster'; version: string } };
}

/** One row of a plan's transitions table, decoded. */
export interface TransitionRow {
  pos: number;
  sync: string;
  destination: string;
  call: CallKind;
  source: string;
  sourceKind: 'audience' | 'trait';
  member: string;
  transition: Transition;
  /** Audiences 'true'; traits JSON text; null on exit/removal. */
  value: string | null;
  prevSeq: number;
  /** The channel's generation (1, the default, until the sync was removed and added again). */
  generation?: number;
}

export interface CallContext {
  project: string;
  now: string;
  rosterVersion: string;
  /** Track options of the channel (`entered`/`exited` or `name`). */
  options: Record<string, string>;
  /** The synced trait's type (decodes the stored JSON text). */
  traitType?: IrValueType;
  /**
   * Whether group calls carry `anonymousId` (default true): Segment's spec
   * needs a `userId` or an `anonymousId` beside a `groupId`, and roster's
   * group calls are about an account, not a person. A destination sets
   * `group_anonymous_id: false` to leave it out.
   */
  groupAnonymousId?: boolean;
}

/**
 * The `anonymousId` of an account's group calls: a UUID-shaped SHA-256 of the
 * account id, so every call about one account (in every run and project)
 * carries the same one, and no real visitor's anonymous id can collide with it.
 */
export function accountAnonymousId(accountId: string): string {
  return uuidFromHash(JSON.stringify(['roster/account', accountId]));
}

/** The stored JSON text of a trait value, as the trait's type. */
export function decodeValue(text: string | null, type: IrValueType | undefined): CallValue {
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  if (!type || parsed === null) return parsed as CallValue;
  const coerced = coerceValue(parsed, type);
  return coerced.ok ? coerced.value : (parsed as CallValue);
}

export function buildCall(row: TransitionRow, ctx: CallContext): SegmentCall {
  // Object literals in one fixed key order (it is the order of the JSON sent),
  // without spreads: at a million calls the copies were a visible cost.
  const type = row.call;
  const id = messageId({
    project: ctx.project,
    destination: row.destination,
    sync: row.sync,
    call: row.call,
    member: row.member,
    transition: row.transition,
    seq: row.prevSeq + 1,
    ...(row.generation !== undefined ? { generation: row.generation } : {}),
    value: row.sourceKind === 'audience' ? null : row.value,
  });
  const timestamp = ctx.now;
  const context = { library: { name: 'roster' as const, version: ctx.rosterVersion } };
  const value: CallValue =
    row.sourceKind === 'audience'
      ? row.transition === 'entered'
      : decodeValue(row.value, ctx.traitType);
  const values: Record<string, CallValue> = { [row.source]: value };
  if (type === 'group')
    return ctx.groupAnonymousId === false
      ? { type, messageId: id, timestamp, groupId: row.member, traits: values, context }
      : {
          type,
          messageId: id,
          timestamp,
          anonymousId: accountAnonymousId(row.member),
          groupId: row.member,
          traits: values,
          context,
        };
  if (type === 'identify')
    return { type, messageId: id, timestamp, userId: row.member, traits: values, context };
  if (row.sourceKind === 'audience') {
    const event =
      row.transition === 'entered'
        ? (ctx.options.entered ?? 'Audience Entered')
        : (ctx.options.exited ?? 'Audience Exited');
    const properties: Record<string, CallValue> = { audience_key: row.source, [row.source]: value };
    return { type, messageId: id, timestamp, userId: row.member, event, properties, context };
  }
  const properties: Record<string, CallValue> = { trait_key: row.source, [row.source]: value };
  return {
    type,
    messageId: id,
    timestamp,
    userId: row.member,
    event: ctx.options.name ?? 'Trait Computed',
    properties,
    context,
  };
}
