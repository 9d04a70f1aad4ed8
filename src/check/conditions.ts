/**
 * Conditions (LANGUAGE.md §4): names resolved in the context entity, entity
 * rules, tests typed, and the result lowered to the IR with explicit negations.
 * Each function returns undefined after an error so a mistake reports once.
 */
import type { RelatedInformation } from '../diagnostics/diagnostic.js';
import type { SourceRange } from '../diagnostics/source.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type {
  IrAggregation,
  IrCondition,
  IrEntity,
  IrEntitySubject,
  IrValueType,
} from '../ir/ir.js';
import type { Condition, DidCondition, InAudience, Quantified, TraitTest } from '../syntax/ast.js';
import { aggregationText, conditionText, testText } from './ast-text.js';
import {
  audienceNames,
  customTraits,
  needSource,
  otherEntity,
  traitNames,
  type CheckContext,
  type DefinitionState,
} from './context.js';
import { lowerAggregation, lowerFilter, resolveEvent } from './events.js';
import { checkCount, lowerTest, lowerWindow } from './literals.js';
import { lowerLifecycle, lowerStopped, stoppedAsDid } from './lifecycle.js';
import { findContradiction } from './never-matches.js';
import { lowerSequence } from './sequences.js';
import { lowerUserCount } from './user-count.js';
import { withArticle } from '../diagnostics/article.js';

export interface ConditionScope {
  entity: IrEntity;
  /** Inside `any user …` and friends: aggregates may be per account (§9). */
  inQuantifier: boolean;
}

interface ResolvedSubject {
  subject: IrEntitySubject;
  /** Undefined for an error-typed value: tests on it are not checked again. */
  type?: IrValueType;
  name: string;
  enum?: Array<string | number>;
  /** `account.NAME`: the test is evaluated on the user's accounts (§4.5). */
  viaAccount: boolean;
  /** The subject had an error but its type is known: check the test, lower nothing. */
  errored?: boolean;
  /** Where the trait's type or entity is declared, shown with type and entity errors. */
  declared?: RelatedInformation;
}

const article = withArticle;

/** Where trait `name` of `entity` is declared: its schema.yml entry or its definition's head. */
export function traitDeclaration(
  ctx: CheckContext,
  entity: IrEntity,
  name: string,
): RelatedInformation | undefined {
  const custom = customTraits(ctx.schema, entity)[name];
  if (custom) {
    return custom.range
      ? {
          message: `schema.yml declares \`${name}\` as ${article(custom.type)} ${entity} trait here`,
          range: custom.range,
        }
      : undefined;
  }
  const sym = ctx.symbols.get(name);
  if (sym?.kind !== 'trait' || sym.entity !== entity) return undefined;
  if (sym.def.kind === 'sql-trait') {
    return {
      message: `\`${name}\` is declared \`${sym.def.valueType}\` here`,
      range: sym.def.valueTypeRange,
    };
  }
  return {
    message: `\`${name}\` is declared on \`${entity}\` here${sym.type ? `, as ${article(sym.type)}` : ''}`,
    range: sym.def.entityRange,
  };
}

export function lowerCondition(
  ctx: CheckContext,
  st: DefinitionState,
  c: Condition,
  scope: ConditionScope,
): IrCondition | undefined {
  switch (c.kind) {
    case 'and':
    case 'or': {
      const operands = c.operands.map((o) => lowerCondition(ctx, st, o, scope));
      if (operands.some((o) => o === undefined)) return undefined;
      const lowered = operands as IrCondition[];
      if (c.kind === 'and') {
        const contradiction = findContradiction(lowered);
        if (contradiction) ctx.report('check-never-matches', contradiction, c.range);
      }
      return { kind: c.kind, operands: lowered };
    }
    case 'not': {
      const operand = lowerCondition(ctx, st, c.operand, scope);
      return operand ? { kind: 'not', operand } : undefined;
    }
    case 'error-condition':
      ctx.incomplete = true;
      return undefined;
    case 'trait-test':
      return lowerTraitTest(ctx, st, c, scope);
    case 'did': {
      const did = lowerDid(ctx, st, c, scope);
      return did && c.lifecycle ? lowerLifecycle(ctx, c.lifecycle, did) : did;
    }
    case 'stopped-doing': {
      if (scope.entity === 'account') {
        ctx.report(
          'entity-user-atom-in-account-context',
          { what: "`stopped doing` tests a user's events" },
          c.range,
          [
            `to ask whether some user of the account stopped, write \`any user ${conditionText(c)}\``,
          ],
        );
        return undefined;
      }
      const did = lowerDid(ctx, st, stoppedAsDid(c), scope);
      return did && lowerStopped(ctx, c, did);
    }
    case 'sequence':
      return lowerSequence(ctx, st, c, {
        entity: scope.entity,
        perAccount: perAccount(ctx, scope),
      });
    case 'in-audience':
      return lowerInAudience(ctx, st, c, scope);
    case 'quantified':
      return lowerQuantified(ctx, st, c, scope);
  }
}

function lowerTraitTest(
  ctx: CheckContext,
  st: DefinitionState,
  c: TraitTest,
  scope: ConditionScope,
): IrCondition | undefined {
  const resolved = resolveSubject(ctx, st, c, scope);
  if (!resolved || resolved.type === undefined) return undefined;
  const lowered = lowerTest(ctx, c.test, {
    name: resolved.name,
    type: resolved.type,
    ...(resolved.enum ? { enum: resolved.enum } : {}),
    ...(resolved.declared ? { declared: resolved.declared } : {}),
  });
  if (!lowered || resolved.errored) return undefined;
  const test: IrCondition = { kind: 'test', subject: resolved.subject, test: lowered.test };
  const condition: IrCondition = lowered.negate ? { kind: 'not', operand: test } : test;
  // The negation stays inside: `account.plan != "pro"` is "some account's plan is not pro" (§4.5).
  return resolved.viaAccount ? { kind: 'some-account', condition } : condition;
}

/** A trait of `entity` by name: custom (schema.yml) first, then defined. */
function lookupTrait(
  ctx: CheckContext,
  st: DefinitionState,
  entity: IrEntity,
  name: string,
  range: SourceRange,
): Omit<ResolvedSubject, 'viaAccount'> | 'broken' | undefined {
  const custom = customTraits(ctx.schema, entity)[name];
  const declared = traitDeclaration(ctx, entity, name);
  if (custom) {
    return {
      subject: { kind: 'custom-trait', entity, name, type: custom.type },
      type: custom.type,
      name,
      ...(custom.enum ? { enum: custom.enum } : {}),
      ...(declared ? { declared } : {}),
    };
  }
  const sym = ctx.symbols.get(name);
  if (sym?.kind === 'broken') return 'broken';
  // Declared in the schema with an error there: that error is the one to fix.
  if (!sym && ctx.schema.rejected?.[entity].includes(name)) return 'broken';
  if (sym?.kind === 'trait' && sym.entity === entity) {
    if (!st.deps.has(name)) st.deps.set(name, range);
    return {
      // An error-typed trait still resolves (so no "unknown" cascade) but has no type.
      subject: { kind: 'defined-trait', entity, name, type: sym.type ?? 'number' },
      ...(sym.type ? { type: sym.type } : {}),
      name,
      ...(declared ? { declared } : {}),
    };
  }
  return undefined;
}

function isTraitOf(ctx: CheckContext, entity: IrEntity, name: string): boolean {
  if (customTraits(ctx.schema, entity)[name]) return true;
  const sym = ctx.symbols.get(name);
  return sym?.kind === 'trait' && sym.entity === entity;
}

function resolveSubject(
  ctx: CheckContext,
  st: DefinitionState,
  c: TraitTest,
  scope: ConditionScope,
): ResolvedSubject | undefined {
  const subject = c.subject;
  switch (subject.kind) {
    case 'inline-aggregate': {
      if (subject.aggregation.kind === 'user-count') {
        const count = lowerUserCount(
          ctx,
          st,
          subject.aggregation,
          scope.entity,
          { kind: 'condition', test: testText(c.test) },
          (body, inner) => lowerCondition(ctx, st, body, inner),
        );
        if (!count) return undefined;
        return {
          subject: {
            kind: 'aggregate',
            entity: scope.entity,
            aggregation: count,
            perAccount: false,
            type: 'number',
          },
          type: 'number',
          name: 'count users',
          viaAccount: false,
        };
      }
      const { aggregation, type } = lowerAggregation(ctx, st, subject.aggregation, scope.entity);
      if (!aggregation) {
        return type
          ? {
              subject: placeholderSubject(scope.entity, type),
              type,
              name: subject.aggregation.fn,
              viaAccount: false,
              errored: true,
            }
          : undefined;
      }
      return {
        subject: {
          kind: 'aggregate',
          entity: scope.entity,
          aggregation,
          perAccount: perAccount(ctx, scope),
          type: aggregation.type,
        },
        type: aggregation.type,
        name: subject.aggregation.fn,
        viaAccount: false,
      };
    }
    case 'account-trait-ref': {
      const name = subject.name.name;
      ctx.mentioned.add(name);
      if (scope.entity === 'account') {
        ctx.report(
          'entity-account-ref-outside-user',
          { written: `account.${name}` },
          subject.range,
          [`write \`${name} ${testText(c.test)}\`: the condition is already about the account`],
        );
        return undefined;
      }
      const found = lookupTrait(ctx, st, 'account', name, subject.name.range);
      if (found === 'broken') {
        ctx.incomplete = true;
        return undefined;
      }
      if (!found) {
        if (isTraitOf(ctx, 'user', name)) {
          ctx.report('entity-account-ref-user-trait', { name }, subject.range, [
            `write \`${name} ${testText(c.test)}\` to test the user's own trait`,
          ]);
        } else {
          ctx.report(
            'name-unknown-trait',
            { name, entity: 'account' },
            subject.name.range,
            didYouMean(name, traitNames(ctx, 'account')),
          );
        }
        return undefined;
      }
      const ok =
        needSource(ctx, st, 'memberships', `\`account.${name}\``, subject.range) &&
        needSource(ctx, st, 'accounts', `\`account.${name}\``, subject.range);
      if (!ok) return undefined;
      return { ...found, name: `account.${name}`, viaAccount: true };
    }
    case 'name-ref': {
      const name = subject.name.name;
      ctx.mentioned.add(name);
      const found = lookupTrait(ctx, st, scope.entity, name, subject.name.range);
      if (found === 'broken') {
        ctx.incomplete = true;
        return undefined;
      }
      if (found) return { ...found, viaAccount: false };
      reportUnresolvedName(ctx, c, scope, name);
      return undefined;
    }
  }
}

/** Keeps checking a comparison whose aggregate has an error, without lowering it. */
function placeholderSubject(entity: IrEntity, type: IrValueType): IrEntitySubject {
  return { kind: 'defined-trait', entity, name: '', type };
}

function reportUnresolvedName(
  ctx: CheckContext,
  c: TraitTest,
  scope: ConditionScope,
  name: string,
): void {
  const range = c.subject.range;
  const sym = ctx.symbols.get(name);
  if (sym?.kind === 'audience') {
    ctx.report('name-audience-as-trait', { name }, range, [
      `to test membership, write \`in ${name}\``,
    ]);
    return;
  }
  const other = otherEntity(scope.entity);
  if (isTraitOf(ctx, other, name)) {
    const declared = traitDeclaration(ctx, other, name);
    const related = declared ? [declared] : [];
    if (scope.entity === 'account') {
      ctx.report(
        'entity-user-atom-in-account-context',
        { what: `\`${name}\` is a user trait` },
        range,
        [
          `to ask whether some user of the account matches, write \`any user ${conditionText(c)}\``,
          `for every user write \`all users ${conditionText(c)}\`, for none \`no user ${conditionText(c)}\``,
          ...definedOn(ctx, name, 'account'),
        ],
        related,
      );
    } else {
      ctx.report(
        'entity-account-trait-in-user-context',
        { name },
        range,
        [
          `to test the user's accounts, write \`account.${conditionText(c)}\``,
          ...definedOn(ctx, name, 'user'),
        ],
        related,
      );
    }
    return;
  }
  const close = didYouMean(name, traitNames(ctx, scope.entity));
  ctx.report(
    'name-unknown-trait',
    { name, entity: scope.entity },
    range,
    close.length > 0
      ? close
      : [
          `declare \`${name}\` with its type under \`${scope.entity}: traits:\` in schema.yml, or define it: \`trait ${name} = ${scope.entity} …\``,
        ],
  );
}

/**
 * A trait the project defines on the other entity could be defined on this
 * one: an event aggregation reads the same events per user or per account,
 * so its own text is the rewrite; an SQL trait's query selects the other
 * entity's ids, and `count users` is an account's, so only the shape is given.
 */
function definedOn(ctx: CheckContext, name: string, entity: IrEntity): string[] {
  const sym = ctx.symbols.get(name);
  if (sym?.kind !== 'trait') return [];
  const body =
    sym.def.kind === 'trait' && sym.def.aggregation.kind !== 'user-count'
      ? aggregationText(sym.def.aggregation)
      : '…';
  return [`or define \`${name}\` on \`${entity}\`: \`trait ${name} = ${entity} ${body}\``];
}

function perAccount(ctx: CheckContext, scope: ConditionScope): boolean {
  return scope.inQuantifier && ctx.config.events.scope === 'group_context';
}

function lowerDid(
  ctx: CheckContext,
  st: DefinitionState,
  c: DidCondition,
  scope: ConditionScope,
): (IrCondition & { kind: 'did' }) | undefined {
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
  const event = resolveEvent(ctx, st, c.event);
  const filter = c.filter && event ? lowerFilter(ctx, c.filter, event, scope.entity, c) : undefined;
  const window = c.window ? lowerWindow(ctx, c.window) : undefined;
  const countOk = c.count ? checkCount(ctx, c.count.n, 'the count', 0) : true;
  if (!event || (c.filter && !filter) || (c.window && !window) || !countOk) return undefined;
  const aggregation: IrAggregation & { fn: 'count' } = {
    fn: 'count',
    event: event.source,
    ...(filter ? { filter } : {}),
    ...(window ? { window } : {}),
    type: 'number',
  };
  const ops = {
    'at-least': '>=',
    'at-most': '<=',
    exactly: '=',
    'more-than': '>',
    'fewer-than': '<',
  } as const;
  return {
    kind: 'did',
    aggregation,
    op: c.count ? ops[c.count.op] : '>=',
    n: c.count ? c.count.n.value : 1,
    perAccount: perAccount(ctx, scope),
  };
}

function lowerInAudience(
  ctx: CheckContext,
  st: DefinitionState,
  c: InAudience,
  scope: ConditionScope,
): IrCondition | undefined {
  const name = c.audience.name;
  if (c.viaAccount && scope.entity === 'account') {
    ctx.report('entity-account-ref-outside-user', { written: `account in ${name}` }, c.range, [
      `write \`in ${name}\`: the condition is already about the account`,
    ]);
    return undefined;
  }
  const sym = ctx.symbols.get(name);
  if (sym?.kind === 'broken') {
    ctx.incomplete = true;
    return undefined;
  }
  if (!sym) {
    ctx.report(
      'name-unknown-audience',
      { name },
      c.audience.range,
      didYouMean(name, audienceNames(ctx)),
    );
    return undefined;
  }
  if (sym.kind === 'trait') {
    ctx.report('name-trait-as-audience', { name }, c.audience.range, [
      `\`in\` takes an audience; test the trait with an operator instead, like \`${name} is set\``,
    ]);
    return undefined;
  }
  if (sym.kind === 'split') {
    ctx.report('name-split-not-audience', { name }, c.audience.range, [
      `its parts are the audiences: ${sym.def.parts.map((p) => `\`in ${p.name.name}\``).join(', ')}`,
    ]);
    return undefined;
  }
  if (!st.deps.has(name)) st.deps.set(name, c.audience.range);
  const wanted: IrEntity = c.viaAccount ? 'account' : scope.entity;
  if (sym.entity !== wanted) {
    const hint =
      scope.entity === 'user' && sym.entity === 'account'
        ? `to test the user's accounts, write \`account in ${name}\``
        : scope.entity === 'user'
          ? `write \`in ${name}\``
          : `to ask whether some user of the account is in it, write \`any user in ${name}\``;
    ctx.report(
      'entity-audience-mismatch',
      { name, audienceEntity: sym.entity, contextEntity: scope.entity, viaAccount: c.viaAccount },
      c.range,
      [hint],
    );
    return undefined;
  }
  const test: IrCondition = { kind: 'in-audience', entity: sym.entity, audience: name };
  if (!c.viaAccount) return test;
  const ok =
    needSource(ctx, st, 'memberships', `\`account in ${name}\``, c.range) &&
    needSource(ctx, st, 'accounts', `\`account in ${name}\``, c.range);
  return ok ? { kind: 'some-account', condition: test } : undefined;
}

function lowerQuantified(
  ctx: CheckContext,
  st: DefinitionState,
  c: Quantified,
  scope: ConditionScope,
): IrCondition | undefined {
  const body = lowerCondition(ctx, st, c.body, { entity: 'user', inQuantifier: true });
  if (scope.entity === 'user') {
    const written = conditionText({ ...c, body: { kind: 'error-condition', range: c.body.range } })
      .replace(/ …$/, '')
      .replace(/ \(…\)$/, '');
    ctx.report('entity-quantifier-outside-account', { written }, c.range, [
      `remove \`${written}\`: the condition is already about a user`,
    ]);
    return undefined;
  }
  const counting =
    c.quantifier === 'at-least' || c.quantifier === 'at-most' || c.quantifier === 'exactly';
  const nOk = counting && c.n ? checkCount(ctx, c.n, 'the number of users', 0) : true;
  const sourceOk = needSource(
    ctx,
    st,
    'memberships',
    `\`${c.quantifier.replace('-', ' ')}\``,
    c.range,
  );
  if (!body || !nOk || !sourceOk) return undefined;
  return {
    kind: 'quantified',
    quantifier: c.quantifier,
    ...(counting && c.n ? { n: c.n.value } : {}),
    body,
  };
}
