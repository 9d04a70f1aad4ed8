/**
 * A destination receives batches of Segment calls and says which it
 * acknowledged (durably accepted) and which it rejected one by one. roster
 * advances a sync's delivered state only for acknowledged calls, so whatever
 * is not acknowledged is sent again by the next apply, with the same
 * messageIds. A rejected call is quarantined: not sent again in this run,
 * reported with the receiver's reason, and left pending.
 */
import type { SegmentCall } from '../calls/build-call.js';

/** A call the receiver refused on its own (after bisecting its batch), with the receiver's reason. */
export interface Rejection {
  messageId: string;
  reason: string;
}

/**
 * What a destination needs of a call besides its JSON text: its messageId.
 * Delivery hands over only that and the text (written without building the
 * call object, calls/call-json.ts); a whole SegmentCall is one too.
 */
export type CallRef = Pick<SegmentCall, 'messageId'>;

export interface DeliveryResult {
  /** messageIds the destination durably accepted. */
  acknowledged: string[];
  /** Calls refused one by one: quarantined, they never block the rest of the batch. */
  rejected?: Rejection[];
  /** Why the rest were not acknowledged (the apply reports it and stops this destination). */
  error?: string;
}

export interface Destination {
  readonly name: string;
  readonly type: string;
  /** How many calls `deliver` is best handed at once (the apply's read batch); 500 when absent. */
  readonly batchSize?: number;
  /** Whether group calls carry a deterministic `anonymousId` (`group_anonymous_id`, default true). */
  readonly groupAnonymousId?: boolean;
  /**
   * `json`, when given, is each call's `JSON.stringify` text in order (the
   * apply already made it to check the size limit): sent as it is, not made
   * again. Without it every item of `batch` must be a whole SegmentCall.
   */
  deliver(batch: readonly CallRef[], json?: readonly string[]): Promise<DeliveryResult>;
  close(): Promise<void>;
}
