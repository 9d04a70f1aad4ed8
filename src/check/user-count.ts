/**
 * `count users [C]` (LANGUAGE.md §12.4): the number of the account's users
 * with C, an aggregation for account computed traits and inline aggregates in
 * account context. C is a quantifier body (§4.4): user context, and under
 * `events.scope: group_context` its events are the ones that count for the
 * account (§9), exactly as inside `any user`.
 */
import type { IrCondition, IrEntity, IrUserCount } from '../ir/ir.js';
import type { Condition, UserCount } from '../syntax/ast.js';
import { aggregationText } from './ast-text.js';
import { needSource, type CheckContext, type DefinitionState } from './context.js';

/** Where a `count users` stands: a named trait's body, or inline in a condition (with its test). */
export type UserCountPlace = { kind: 'trait'; name: string } | { kind: 'condition'; test: string };

/**
 * `lowerBody` is the checker's condition lowering (conditions.ts, which calls
 * this module): C is checked wherever the count stands, so its own mistakes
 * are reported too.
 */
export function lowerUserCount(
  ctx: CheckContext,
  st: DefinitionState,
  c: UserCount,
  entity: IrEntity,
  place: UserCountPlace,
  lowerBody: (
    body: Condition,
    scope: { entity: 'user'; inQuantifier: true },
  ) => IrCondition | undefined,
): IrUserCount | undefined {
  const body: IrCondition | undefined = c.body
    ? lowerBody(c.body, { entity: 'user', inQuantifier: true })
    : { kind: 'constant', value: true };
  if (entity === 'user') {
    const written = aggregationText(c);
    ctx.report(
      'entity-user-count-outside-account',
      { written, where: place.kind === 'trait' ? 'a `user` trait' : 'this condition' },
      c.range,
      place.kind === 'trait'
        ? [`define it on \`account\`: \`trait ${place.name} = account ${written}\``]
        : [
            `define an account trait, \`trait user_count = account ${written}\`, and test it on the user's accounts: \`account.user_count ${place.test}\``,
          ],
    );
    return undefined;
  }
  const sourceOk = needSource(ctx, st, 'memberships', '`count users`', c.range);
  if (!body || !sourceOk) return undefined;
  return { fn: 'count-users', body, type: 'number' };
}
