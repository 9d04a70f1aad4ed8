/**
 * The lifecycle conditions of LANGUAGE.md §12.3, lowered to IR the SQL
 * compiler and the reference evaluator already evaluate from the per-user
 * partial aggregates of the shared scans (no scan of their own):
 * - `did E where F for the first time W`: the timestamp of `first E where F`
 *   (all events up to now) lies in W;
 * - `stopped doing E where F for N U`: `did E where F before N U ago` and not
 *   `did E where F within N U`;
 * - `did E where F COUNT in at least K of the last M U`: at least K of the M
 *   `did E where F COUNT between i and i+1 U ago`, i = 0…M-1 (the buckets
 *   (now - (i+1)·U, now - i·U]).
 * Under `group_context` inside a quantifier each piece reads only the events
 * that count for the account, as the `did` it is built from does (§9).
 */
import type { IrCondition, IrWindow } from '../ir/ir.js';
import type { DidCondition, Lifecycle, StoppedCondition } from '../syntax/ast.js';
import type { CheckContext } from './context.js';
import { checkCount, lowerWindow } from './literals.js';

type IrDid = IrCondition & { kind: 'did' };

/** `did` with its lifecycle tail, given the `did` lowered without it. */
export function lowerLifecycle(
  ctx: CheckContext,
  lifecycle: Lifecycle,
  did: IrDid,
): IrCondition | undefined {
  if (lifecycle.kind === 'first-time') {
    const window = lowerWindow(ctx, lifecycle.window);
    if (!window) return undefined;
    const { filter, event } = did.aggregation;
    return {
      kind: 'test',
      subject: {
        kind: 'aggregate',
        entity: 'user',
        aggregation: { fn: 'first', event, ...(filter ? { filter } : {}), type: 'timestamp' },
        perAccount: did.perAccount,
        type: 'timestamp',
      },
      test: { kind: 'time-window', window },
    };
  }
  const kOk = checkCount(ctx, lifecycle.k, 'K in `in at least K of the last M`', 1);
  const mOk = checkCount(ctx, lifecycle.m, 'M in `in at least K of the last M`', 1);
  if (!kOk || !mOk) return undefined;
  const k = lifecycle.k.value;
  const m = lifecycle.m.value;
  if (k > m) {
    ctx.report(
      'type-regularly-bounds',
      { written: `in at least ${lifecycle.k.raw} of the last ${lifecycle.m.raw}` },
      lifecycle.range,
      [
        `write \`in at least ${lifecycle.m.raw} of the last ${lifecycle.m.raw}\` for every one of them`,
      ],
    );
    return undefined;
  }
  const operands = Array.from({ length: m }, (_, i) =>
    windowed(did, { kind: 'ago', unit: lifecycle.unit, near: i, far: i + 1 }),
  );
  return { kind: 'at-least-of', k, operands };
}

/** `stopped doing E where F for N U`, given `did E where F` lowered (default count, no window). */
export function lowerStopped(
  ctx: CheckContext,
  c: StoppedCondition,
  did: IrDid,
): IrCondition | undefined {
  if (!checkCount(ctx, c.amount, 'the time of `stopped doing`', 1)) return undefined;
  const amount = c.amount.value;
  return {
    kind: 'and',
    operands: [
      windowed(did, { kind: 'ago', unit: c.unit, near: amount }),
      { kind: 'not', operand: windowed(did, { kind: 'within', amount, unit: c.unit }) },
    ],
  };
}

function windowed(did: IrDid, window: IrWindow): IrDid {
  return { ...did, aggregation: { ...did.aggregation, window } };
}

/** The `did` part of `stopped doing` (its event and filter), for the checks `did` makes. */
export function stoppedAsDid(c: StoppedCondition): DidCondition {
  return { kind: 'did', event: c.event, ...(c.filter ? { filter: c.filter } : {}), range: c.range };
}
