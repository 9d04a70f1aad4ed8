/**
 * One aggregation over a set of events (LANGUAGE.md §5), written as the
 * table there reads: pick the events, then apply the function, with each
 * function's result for "no events".
 */
import type { IrAggregation, IrEventFilter, IrEventSource } from '../ir/ir.js';
import type { ReferenceValue } from './data.js';
import { applyTest } from './apply-test.js';
import { ReferenceEvaluationError } from './errors.js';
import { compareCodePoints, compareValues, formatInstant, readValue } from './values.js';
import { inWindow } from './window.js';
import type { WorldEvent } from './world.js';

export function isSource(e: WorldEvent, source: IrEventSource): boolean {
  if (source.source === 'tracks') return e.source === 'tracks' && e.event === source.event;
  return e.source === source.source;
}

export function passes(filter: IrEventFilter, e: WorldEvent, now: number): boolean {
  switch (filter.kind) {
    case 'and':
      return filter.operands.every((f) => passes(f, e, now));
    case 'or':
      return filter.operands.some((f) => passes(f, e, now));
    case 'not':
      return !passes(filter.operand, e, now);
    case 'constant':
      return filter.value;
    case 'test': {
      const { property } = filter.subject;
      return applyTest(
        filter.test,
        property.type,
        readValue(e.properties[property.name], property.type),
        now,
      );
    }
  }
}

/** (timestamp, message id by code point): the order of `first` and `last`. */
export function eventOrder(a: WorldEvent, b: WorldEvent): number {
  return a.at - b.at || compareCodePoints(a.messageId, b.messageId);
}

/** The events an aggregation reads, in event order. */
export function selectEvents(agg: IrAggregation, events: WorldEvent[], now: number): WorldEvent[] {
  return events
    .filter((e) => isSource(e, agg.event))
    .filter((e) => e.at <= now && (agg.window === undefined || inWindow(agg.window, e.at, now)))
    .filter((e) => agg.filter === undefined || passes(agg.filter, e, now))
    .sort(eventOrder);
}

export function aggregate(
  agg: IrAggregation,
  events: WorldEvent[],
  now: number,
): ReferenceValue | undefined {
  const selected = selectEvents(agg, events, now);
  if (agg.fn === 'count') return selected.length;
  if (agg.fn === 'first' || agg.fn === 'last') {
    if (agg.property === undefined) {
      const e = agg.fn === 'first' ? selected[0] : selected[selected.length - 1];
      return e === undefined ? undefined : formatInstant(e.at);
    }
  }
  const property = agg.property;
  if (property === undefined)
    throw new ReferenceEvaluationError(`IR aggregation ${agg.fn} has no property`);
  // Every function but count skips the events where the property is missing.
  const values = selected
    .map((e) => readValue(e.properties[property.name], property.type))
    .filter((v): v is ReferenceValue => v !== undefined);
  const numbers = (): number[] => {
    if (property.type !== 'number')
      throw new ReferenceEvaluationError(`IR ${agg.fn} on a ${property.type} property`);
    return values as number[];
  };
  const order = (a: ReferenceValue, b: ReferenceValue) => compareValues(a, b, property.type);
  switch (agg.fn) {
    case 'sum':
      return numbers().reduce((s, n) => s + n, 0);
    case 'avg': {
      const ns = numbers();
      return ns.length === 0 ? undefined : ns.reduce((s, n) => s + n, 0) / ns.length;
    }
    case 'min':
      return [...values].sort(order)[0];
    case 'max':
      return [...values].sort(order).reverse()[0];
    case 'first':
      return values[0];
    case 'last':
      return values[values.length - 1];
    case 'unique': {
      if (property.type !== 'string')
        throw new ReferenceEvaluationError(`IR unique on a ${property.type} property`);
      return distinct(values).sort(order) as string[];
    }
    case 'count_unique':
      return distinct(values).length;
    case 'most_frequent':
      return mostFrequent(values, order, agg.minCount);
  }
}

/** Distinct values; values of one type are equal exactly when their JSON is. */
function distinct(values: ReferenceValue[]): ReferenceValue[] {
  const seen = new Map<string, ReferenceValue>();
  for (const v of values) if (!seen.has(JSON.stringify(v))) seen.set(JSON.stringify(v), v);
  return [...seen.values()];
}

function mostFrequent(
  values: ReferenceValue[],
  order: (a: ReferenceValue, b: ReferenceValue) => number,
  minCount: number | undefined,
): ReferenceValue | undefined {
  const counts = new Map<string, { value: ReferenceValue; n: number }>();
  for (const v of values) {
    const key = JSON.stringify(v);
    const entry = counts.get(key) ?? { value: v, n: 0 };
    entry.n += 1;
    counts.set(key, entry);
  }
  // Highest count first; among equal counts the smallest value.
  const ranked = [...counts.values()].sort((a, b) => b.n - a.n || order(a.value, b.value));
  const winner = ranked[0];
  if (winner === undefined) return undefined;
  if (minCount !== undefined && winner.n < minCount) return undefined;
  return winner.value;
}
