/**
 * The reference evaluator: a direct interpreter of a checked program (IR)
 * over in-memory rows, written from LANGUAGE.md alone. It is the oracle the
 * SQL compiler is tested against, so it trades speed for being obviously
 * right: every entity is evaluated one by one, every rule in one place.
 */
import type {
  IrAudience,
  IrCondition,
  IrEntity,
  IrEntitySubject,
  IrProject,
  IrTrait,
  IrTraitAggregation,
} from '../ir/ir.js';
import { aggregate } from './aggregate.js';
import { applyTest } from './apply-test.js';
import type { ReferenceData, ReferenceOptions, ReferenceResult, ReferenceValue } from './data.js';
import { ReferenceEvaluationError } from './errors.js';
import { sequenceHolds } from './sequence.js';
import { splitBucket } from './split-bucket.js';
import { parseInstant, readTraitValue } from './values.js';
import { buildWorld, type WorldEvent } from './world.js';

/**
 * Where a condition is evaluated: an entity, and for a user inside a
 * quantifier the account being quantified over (whose events count under
 * `events.scope: group_context`, §9).
 */
type Context =
  { entity: 'account'; id: string } | { entity: 'user'; id: string; quantifiedAccount?: string };

export function evaluateReference(
  ir: IrProject,
  data: ReferenceData,
  now: string,
  options: ReferenceOptions = {},
): ReferenceResult {
  const parsedNow = parseInstant(now);
  if (parsedNow === undefined) throw new ReferenceEvaluationError(`now is not an instant: ${now}`);
  const nowMs: number = parsedNow;
  const world = buildWorld(data, nowMs);
  const byName = new Map(ir.definitions.map((d) => [d.name, d] as const));
  const audienceMemo = new Map<string, Set<string>>();
  const traitMemo = new Map<string, Map<string, ReferenceValue>>();
  const inProgress = new Set<string>();

  const ids = (entity: IrEntity) => (entity === 'user' ? world.userIds : world.accountIds);

  /** Definitions are computed on first use, so the evaluator relies on no ordering of `definitions`. */
  function memo<T>(name: string, cache: Map<string, T>, compute: () => T): T {
    const hit = cache.get(name);
    if (hit !== undefined) return hit;
    if (inProgress.has(name)) throw new ReferenceEvaluationError(`IR has a cycle through ${name}`);
    inProgress.add(name);
    const value = compute();
    inProgress.delete(name);
    cache.set(name, value);
    return value;
  }

  function definition<K extends 'audience' | 'trait'>(name: string, kind: K, entity: IrEntity) {
    const def = byName.get(name);
    const ok =
      kind === 'audience'
        ? def?.kind === 'audience'
        : def?.kind === 'computed-trait' || def?.kind === 'sql-trait';
    if (!def || !ok || !('entity' in def) || def.entity !== entity) {
      throw new ReferenceEvaluationError(
        `IR refers to a ${entity} ${kind} ${name} it does not define`,
      );
    }
    return def as K extends 'audience' ? IrAudience : IrTrait;
  }

  function audience(name: string, entity: IrEntity): Set<string> {
    const def = definition(name, 'audience', entity);
    return memo(
      name,
      audienceMemo,
      () => new Set(ids(entity).filter((id) => holds(def.condition, { entity, id } as Context))),
    );
  }

  function trait(name: string, entity: IrEntity): Map<string, ReferenceValue> {
    const def = definition(name, 'trait', entity);
    return memo(name, traitMemo, () =>
      def.kind === 'sql-trait' ? sqlTrait(def) : computedTrait(def.aggregation, entity),
    );
  }

  function computedTrait(agg: IrTraitAggregation, entity: IrEntity): Map<string, ReferenceValue> {
    const values = new Map<string, ReferenceValue>();
    for (const id of ids(entity)) {
      // A named trait is evaluated on its entity alone: a user trait sees all
      // of the user's events; an account trait applies the scope.
      const value = traitValue(agg, { entity, id } as Context, false);
      if (value !== undefined) values.set(id, value);
    }
    return values;
  }

  /** An aggregation (named or inline) in a context: over events, or `count users` (§12.4). */
  function traitValue(
    agg: IrTraitAggregation,
    ctx: Context,
    perAccount: boolean,
  ): ReferenceValue | undefined {
    if (agg.fn !== 'count-users') return aggregate(agg, events(ctx, perAccount), nowMs);
    if (ctx.entity !== 'account' || perAccount)
      throw new ReferenceEvaluationError('IR counts users outside account context');
    // The account's distinct users with the body, each judged as inside a quantifier (§4.4, §9).
    return (world.usersOfAccount.get(ctx.id) ?? []).filter((id) =>
      holds(agg.body, { entity: 'user', id, quantifiedAccount: ctx.id }),
    ).length;
  }

  function sqlTrait(def: IrTrait & { kind: 'sql-trait' }): Map<string, ReferenceValue> {
    const given = options.sqlTraitValues?.[def.name];
    if (!given) {
      throw new ReferenceEvaluationError(
        `SQL trait ${def.name} cannot be interpreted by the reference evaluator: pass its values in sqlTraitValues`,
      );
    }
    const known = new Set(ids(def.entity));
    const values = new Map<string, ReferenceValue>();
    for (const [id, raw] of given) {
      if (!known.has(id)) continue;
      const value = readTraitValue(raw, def.type, `SQL trait ${def.name} for ${id}`);
      if (value !== undefined) values.set(id, value);
    }
    return values;
  }

  /**
   * The events an aggregate or `did` reads in a context (§5, §9). The IR's
   * `perAccount` flag is not trusted but checked against the rule it encodes,
   * so a checker that sets it wrongly fails loudly here instead of agreeing
   * with an SQL compiler that trusts the same flag.
   */
  function events(ctx: Context, perAccount: boolean): WorldEvent[] {
    const scoped = ir.scope === 'group_context';
    const countsFor = (account: string) => (e: WorldEvent) =>
      !scoped || e.groupId === undefined || e.groupId === account;
    if (ctx.entity === 'account') {
      if (perAccount)
        throw new ReferenceEvaluationError('IR marks an account aggregate perAccount');
      return (world.usersOfAccount.get(ctx.id) ?? []).flatMap((u) =>
        (world.eventsOfUser.get(u) ?? []).filter(countsFor(ctx.id)),
      );
    }
    const expected = scoped && ctx.quantifiedAccount !== undefined;
    if (perAccount !== expected) {
      throw new ReferenceEvaluationError(
        `IR sets perAccount = ${perAccount} on a user aggregate ${ctx.quantifiedAccount === undefined ? 'outside' : 'inside'} a quantifier with events.scope ${ir.scope}`,
      );
    }
    const all = world.eventsOfUser.get(ctx.id) ?? [];
    return ctx.quantifiedAccount === undefined || !scoped
      ? all
      : all.filter(countsFor(ctx.quantifiedAccount));
  }

  function subjectValue(subject: IrEntitySubject, ctx: Context): ReferenceValue | undefined {
    if (subject.entity !== ctx.entity) {
      throw new ReferenceEvaluationError(
        `IR reads ${subject.entity} data in ${ctx.entity} context`,
      );
    }
    switch (subject.kind) {
      case 'custom-trait': {
        const traits =
          (ctx.entity === 'user' ? world.userTraits : world.accountTraits).get(ctx.id) ?? {};
        return readTraitValue(
          traits[subject.name],
          subject.type,
          `${ctx.entity} ${ctx.id} trait ${subject.name}`,
        );
      }
      case 'defined-trait':
        return trait(subject.name, subject.entity).get(ctx.id);
      case 'aggregate':
        return traitValue(subject.aggregation, ctx, subject.perAccount);
    }
  }

  function holds(cond: IrCondition, ctx: Context): boolean {
    switch (cond.kind) {
      case 'and':
        return cond.operands.every((c) => holds(c, ctx));
      case 'or':
        return cond.operands.some((c) => holds(c, ctx));
      case 'not':
        return !holds(cond.operand, ctx);
      case 'constant':
        return cond.value;
      case 'test':
        return applyTest(cond.test, cond.subject.type, subjectValue(cond.subject, ctx), nowMs);
      case 'did': {
        const n = aggregate(cond.aggregation, events(ctx, cond.perAccount), nowMs) as number;
        return compareCount(n, cond.op, cond.n);
      }
      case 'sequence':
        return sequenceHolds(cond.steps, events(ctx, cond.perAccount), nowMs);
      case 'in-audience':
        if (cond.entity !== ctx.entity) {
          throw new ReferenceEvaluationError(
            `IR tests ${cond.entity} audience ${cond.audience} in ${ctx.entity} context`,
          );
        }
        return audience(cond.audience, cond.entity).has(ctx.id);
      case 'split-bucket': {
        const bucket = splitBucket(cond.split, ctx.id);
        return cond.from <= bucket && bucket < cond.to;
      }
      case 'some-account': {
        if (ctx.entity !== 'user')
          throw new ReferenceEvaluationError('IR has some-account in account context');
        // False for a user with no accounts; each account is judged on its own.
        return (world.accountsOfUser.get(ctx.id) ?? []).some((id) =>
          holds(cond.condition, { entity: 'account', id }),
        );
      }
      case 'at-least-of':
        return cond.operands.filter((o) => holds(o, ctx)).length >= cond.k;
      case 'quantified': {
        if (ctx.entity !== 'account')
          throw new ReferenceEvaluationError('IR has a quantifier in user context');
        const users = world.usersOfAccount.get(ctx.id) ?? [];
        const k = users.filter((id) =>
          holds(cond.body, { entity: 'user', id, quantifiedAccount: ctx.id }),
        ).length;
        return quantify(cond.quantifier, cond.n, k, users.length);
      }
    }
  }

  const result: ReferenceResult = { audiences: {}, traits: {} };
  for (const def of ir.definitions) {
    if (def.kind === 'audience') result.audiences[def.name] = [...audience(def.name, def.entity)];
    else if (def.kind !== 'sync') result.traits[def.name] = trait(def.name, def.entity);
  }
  return result;
}

function compareCount(count: number, op: '>=' | '<=' | '=' | '>' | '<', n: number): boolean {
  switch (op) {
    case '>=':
      return count >= n;
    case '<=':
      return count <= n;
    case '=':
      return count === n;
    case '>':
      return count > n;
    case '<':
      return count < n;
  }
}

/** §4.4: `k` of the account's `total` distinct users satisfy the body. */
function quantify(
  quantifier: 'any' | 'all' | 'no' | 'at-least' | 'at-most' | 'exactly',
  n: number | undefined,
  k: number,
  total: number,
): boolean {
  const needN = (): number => {
    if (n === undefined) throw new ReferenceEvaluationError(`IR quantifier ${quantifier} has no n`);
    return n;
  };
  switch (quantifier) {
    case 'any':
      return k >= 1;
    case 'all':
      return total >= 1 && k === total;
    case 'no':
      return k === 0;
    case 'at-least':
      return k >= needN();
    case 'at-most':
      return k <= needN();
    case 'exactly':
      return k === needN();
  }
}
