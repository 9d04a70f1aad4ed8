/**
 * Sequences (LANGUAGE.md §12.2), written from the spec text: true when there
 * are events e1 < e2 < … < ek, strictly increasing in event order (timestamp,
 * then message id), where ei matches step i's event and filter, e1 lies in
 * the first step's window, and t(ei) - t(e(i-1)) <= N UNITS for a later step
 * with `within N UNITS` (inclusive). Computed step by step as the set of
 * events that can end a valid chain of the steps so far, by trying every
 * earlier candidate (quadratic, and plainly the definition; the SQL compiler
 * carries only the latest one).
 */
import type { IrSequenceStep, IrTimeUnit } from '../ir/ir.js';
import { eventOrder, isSource, passes } from './aggregate.js';
import { inWindow } from './window.js';
import type { WorldEvent } from './world.js';

const MINUTE = 60_000;
const STEP_MS: Record<IrTimeUnit, number> = {
  minute: MINUTE,
  hour: 60 * MINUTE,
  day: 24 * 60 * MINUTE,
  week: 7 * 24 * 60 * MINUTE,
};

function matches(step: IrSequenceStep, e: WorldEvent, now: number): boolean {
  return isSource(e, step.event) && (step.filter === undefined || passes(step.filter, e, now));
}

export function sequenceHolds(
  steps: readonly IrSequenceStep[],
  events: readonly WorldEvent[],
  now: number,
): boolean {
  const ordered = events.filter((e) => e.at <= now).sort(eventOrder);
  let ends: WorldEvent[] = [];
  steps.forEach((step, i) => {
    ends = ordered.filter((e) => {
      if (!matches(step, e, now)) return false;
      if (i === 0) return step.window === undefined || inWindow(step.window, e.at, now);
      const limit = step.within ? step.within.amount * STEP_MS[step.within.unit] : Infinity;
      return ends.some((prev) => eventOrder(prev, e) < 0 && e.at - prev.at <= limit);
    });
  });
  return ends.length > 0;
}
