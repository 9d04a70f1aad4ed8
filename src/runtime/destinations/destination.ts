/**
 * A destination receives batches of Segment calls and says which it
 * acknowledged (durably accepted). roster advances a sync's delivered state
 * only for acknowledged calls, so whatever is not acknowledged is sent again
 * by the next apply, with the same messageIds.
 */
import type { SegmentCall } from '../calls/build-call.js';

export interface DeliveryResult {
  /** messageIds the destination durably accepted. */
  acknowledged: string[];
  /** Why the rest were not (the apply reports it and stops this destination). */
  error?: string;
}

export interface Destination {
  readonly name: string;
  readonly type: string;
  deliver(batch: readonly SegmentCall[]): Promise<DeliveryResult>;
  close(): Promise<void>;
}
