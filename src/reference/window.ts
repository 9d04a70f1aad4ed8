/**
 * Time windows (LANGUAGE.md §3): `within N units` is now - N < t <= now
 * (a week is 7 days; UTC has no daylight saving), a range is from <= t < to.
 */
import type { IrTimeUnit, IrWindow } from '../ir/ir.js';
import { ReferenceEvaluationError } from './errors.js';
import { parseInstant } from './values.js';

const UNIT_MS: Record<IrTimeUnit, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

function bound(instant: string): number {
  const ms = parseInstant(instant);
  if (ms === undefined)
    throw new ReferenceEvaluationError(`IR window bound is not an instant: ${instant}`);
  return ms;
}

export function inWindow(window: IrWindow, t: number, now: number): boolean {
  if (window.kind === 'within') return now - window.amount * UNIT_MS[window.unit] < t && t <= now;
  if (window.kind === 'ago') {
    // §12.1: now - far < t <= now - near; without far, every t up to now - near.
    const unit = UNIT_MS[window.unit];
    if (!(t <= now - window.near * unit)) return false;
    return window.far === undefined || now - window.far * unit < t;
  }
  if (window.from !== undefined && !(bound(window.from) <= t)) return false;
  if (window.to !== undefined && !(t < bound(window.to))) return false;
  return true;
}
