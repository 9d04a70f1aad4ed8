/**
 * Sequences (LANGUAGE.md §12.2): `did STEP then STEP …`, a user-context atom.
 * Each step resolves its event and filter like `did`; the first step takes
 * any window (§3), later ones only `within N UNITS` of the previous step. A
 * count has no meaning on a sequence and is an error.
 */
import type { IrCondition, IrSequenceStep } from '../ir/ir.js';
import type { SequenceCondition } from '../syntax/ast.js';
import { conditionText, windowText } from './ast-text.js';
import type { CheckContext, DefinitionState } from './context.js';
import { lowerFilter, resolveEvent } from './events.js';
import { lowerWindow } from './literals.js';

export function lowerSequence(
  ctx: CheckContext,
  st: DefinitionState,
  c: SequenceCondition,
  scope: { entity: 'account' | 'user'; perAccount: boolean },
): IrCondition | undefined {
  if (scope.entity === 'account') {
    ctx.report(
      'entity-user-atom-in-account-context',
      { what: "`did` tests a user's events" },
      c.range,
      [
        `to ask whether some user of the account did it, write \`any user ${conditionText(c)}\``,
        `for every user write \`all users ${conditionText(c)}\`, for none \`no user ${conditionText(c)}\``,
      ],
    );
    return undefined;
  }
  let ok = true;
  const steps: IrSequenceStep[] = [];
  c.steps.forEach((step, i) => {
    const event = resolveEvent(ctx, st, step.event);
    const filter =
      step.filter && event ? lowerFilter(ctx, step.filter, event, scope.entity) : undefined;
    if (step.count) {
      ctx.report('sequence-count', { count: countWords(c, i) }, step.count.range);
      ok = false;
    }
    let window: IrSequenceStep['window'];
    let within: IrSequenceStep['within'];
    if (step.window && i > 0 && step.window.kind !== 'within') {
      ctx.report('sequence-step-window', { window: windowText(step.window) }, step.window.range);
      ok = false;
    } else if (step.window) {
      const lowered = lowerWindow(ctx, step.window);
      if (!lowered) ok = false;
      else if (i === 0) window = lowered;
      else if (lowered.kind === 'within') within = { amount: lowered.amount, unit: lowered.unit };
    }
    if (!event || (step.filter && !filter)) ok = false;
    if (!event) return;
    steps.push({
      event: event.source,
      ...(filter ? { filter } : {}),
      ...(window ? { window } : {}),
      ...(within ? { within } : {}),
    });
  });
  if (!ok) return undefined;
  return { kind: 'sequence', steps, perAccount: scope.perAccount };
}

/** The count of step `i` as written, for the message. */
function countWords(c: SequenceCondition, i: number): string {
  const count = c.steps[i]!.count!;
  return `${count.op.replace('-', ' ')} ${count.n.raw} ${count.n.value === 1 ? 'time' : 'times'}`;
}
