/**
 * Events, their filters and aggregations (LANGUAGE.md §4.2, §5): resolving event
 * names and properties against the schema and lowering to the IR.
 */
import type { SourceRange } from '../diagnostics/source.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type {
  IrAggregation,
  IrEntity,
  IrEventFilter,
  IrEventSource,
  IrProperty,
  IrValueType,
} from '../ir/ir.js';
import type { TraitDeclaration } from '../project/types.js';
import type { Aggregation, Condition, DidCondition, EventRef, TraitTest } from '../syntax/ast.js';
import { conditionText } from './ast-text.js';
import { customTraits, needSource, type CheckContext, type DefinitionState } from './context.js';
import { checkCount, lowerTest, lowerWindow } from './literals.js';

export interface ResolvedEvent {
  source: IrEventSource;
  /** `"Logged In"`, `page` or `screen`, for messages. */
  label: string;
  properties: Record<string, TraitDeclaration>;
}

const field = (name: string): TraitDeclaration => ({ name, type: 'string' });

/** Page and screen fields (§4.2, §6): strings; screens have only `name`. */
export const PAGE_PROPERTIES: Record<string, TraitDeclaration> = Object.fromEntries(
  ['name', 'url', 'path', 'referrer', 'title'].map((n) => [n, field(n)]),
);
export const SCREEN_PROPERTIES: Record<string, TraitDeclaration> = { name: field('name') };

export function resolveEvent(
  ctx: CheckContext,
  st: DefinitionState,
  e: EventRef,
): ResolvedEvent | undefined {
  if (e.kind === 'page-event') {
    if (!needSource(ctx, st, 'pages', '`page`', e.range)) return undefined;
    return { source: { source: 'pages' }, label: 'page', properties: PAGE_PROPERTIES };
  }
  if (e.kind === 'screen-event') {
    if (!needSource(ctx, st, 'screens', '`screen`', e.range)) return undefined;
    return { source: { source: 'screens' }, label: 'screen', properties: SCREEN_PROPERTIES };
  }
  const name = e.name.value;
  const declared = ctx.schema.events[name];
  if (!declared) {
    const match = didYouMean(name, Object.keys(ctx.schema.events), '"');
    ctx.report('name-unknown-event', { name }, e.name.range, match);
    return undefined;
  }
  if (!needSource(ctx, st, 'tracks', `"${name}"`, e.range)) return undefined;
  return {
    source: { source: 'tracks', event: name },
    label: `"${name}"`,
    properties: declared.properties,
  };
}

/** A property of the event as the IR types it, or undefined after an error. */
function resolveProperty(
  ctx: CheckContext,
  event: ResolvedEvent,
  name: string,
  range: SourceRange,
): (IrProperty & { enum?: Array<string | number> }) | undefined {
  const decl = event.properties[name];
  if (!decl) {
    const hints = didYouMean(name, Object.keys(event.properties));
    // The property exists, on another event: name that event (its declaration as a related place).
    const owners = Object.values(ctx.schema.events).filter(
      (other) => `"${other.name}"` !== event.label && other.properties[name] !== undefined,
    );
    const owner = owners[0];
    const elsewhere = hints.length === 0 && owner !== undefined;
    const declared = owner?.properties[name]?.range;
    if (elsewhere) {
      const others = owners.length > 1 ? ` (and of ${owners.length - 1} more)` : '';
      hints.push(
        `\`${name}\` is a property of "${owner.name}"${others}, not of ${event.label}: use that event`,
      );
    }
    ctx.report(
      'name-unknown-property',
      { name, event: event.label },
      range,
      hints,
      elsewhere && declared
        ? [{ message: `\`${name}\` is declared on "${owner.name}"`, range: declared }]
        : [],
    );
    return undefined;
  }
  if (decl.type === 'list') {
    ctx.report(
      'type-aggregation-mismatch',
      { fn: 'roster', property: name, type: 'list', need: 'a scalar' },
      range,
    );
    return undefined;
  }
  return { name, type: decl.type, ...(decl.enum ? { enum: decl.enum } : {}) };
}

/**
 * The hint for a trait written inside a filter: the `did` wrapped in parentheses,
 * ending the filter before the trait (§4.2). Given only when it can be shown exactly.
 */
function parenthesisedForm(did: DidCondition, offending: TraitTest): string | undefined {
  const filter = did.filter;
  if (!filter) return undefined;
  if (filter === offending)
    return `(${conditionText({ ...did, filter: undefined })}) and ${conditionText(offending)}`;
  if (filter.kind !== 'and') return undefined;
  const i = filter.operands.indexOf(offending);
  if (i <= 0) return undefined;
  const kept = filter.operands.slice(0, i);
  const rest = filter.operands.slice(i);
  const keptFilter: Condition = kept.length === 1 ? kept[0]! : { ...filter, operands: kept };
  return `(${conditionText({ ...did, filter: keptFilter })}) and ${rest.map(conditionText).join(' and ')}`;
}

/** The trait the name would be if it were outside the filter, for the §4.2 error. */
function isContextTrait(ctx: CheckContext, entity: IrEntity, name: string): boolean {
  if (customTraits(ctx.schema, entity)[name]) return true;
  const sym = ctx.symbols.get(name);
  return sym?.kind === 'trait' && sym.entity === entity;
}

/** A `where` filter over the event's properties. */
export function lowerFilter(
  ctx: CheckContext,
  c: Condition,
  event: ResolvedEvent,
  entity: IrEntity,
  did?: DidCondition,
): IrEventFilter | undefined {
  switch (c.kind) {
    case 'and':
    case 'or': {
      const operands = c.operands.map((o) => lowerFilter(ctx, o, event, entity, did));
      if (operands.some((o) => o === undefined)) return undefined;
      return { kind: c.kind, operands: operands as IrEventFilter[] };
    }
    case 'not': {
      const operand = lowerFilter(ctx, c.operand, event, entity, did);
      return operand ? { kind: 'not', operand } : undefined;
    }
    case 'error-condition':
      ctx.incomplete = true;
      return undefined;
    case 'did':
    case 'stopped-doing':
    case 'sequence':
    case 'in-audience':
    case 'quantified':
      ctx.report(
        'entity-not-in-filter',
        {
          what:
            c.kind === 'did' || c.kind === 'sequence'
              ? '`did`'
              : c.kind === 'stopped-doing'
                ? '`stopped doing`'
                : c.kind === 'in-audience'
                  ? '`in AUDIENCE`'
                  : 'a quantifier',
        },
        c.range,
        did
          ? [
              'to combine it with the `did`, wrap the `did` in parentheses so its filter ends before this',
            ]
          : [],
      );
      return undefined;
    case 'trait-test': {
      const subject = c.subject;
      if (subject.kind !== 'name-ref') {
        ctx.report(
          'entity-not-in-filter',
          {
            what:
              subject.kind === 'account-trait-ref'
                ? `\`account.${subject.name.name}\``
                : 'an aggregation',
          },
          subject.range,
        );
        return undefined;
      }
      const name = subject.name.name;
      if (!event.properties[name] && isContextTrait(ctx, entity, name)) {
        const form = did ? parenthesisedForm(did, c) : undefined;
        ctx.report(
          'name-trait-in-filter',
          { name, event: event.label, entity },
          subject.range,
          form
            ? [
                `a \`where\` filter extends to the end of the condition; to test the trait, wrap the \`did\` in parentheses: \`${form}\``,
              ]
            : did
              ? [
                  'a `where` filter extends to the end of the condition; to test the trait, wrap the `did` in parentheses so the filter ends before it',
                ]
              : // A trait's filter: the trait is computed for every entity, so the test belongs where it is used.
                [
                  `a trait's filter tests properties of ${event.label} only: test \`${conditionText(c)}\` where the trait is used (\`… where ${conditionText(c)} and …\`)`,
                ],
        );
        return undefined;
      }
      const property = resolveProperty(ctx, event, name, subject.range);
      if (!property) return undefined;
      const lowered = lowerTest(ctx, c.test, {
        name,
        type: property.type,
        ...(property.enum ? { enum: property.enum } : {}),
      });
      if (!lowered) return undefined;
      const test: IrEventFilter = {
        kind: 'test',
        subject: { kind: 'property', property: { name, type: property.type }, type: property.type },
        test: lowered.test,
      };
      return lowered.negate ? { kind: 'not', operand: test } : test;
    }
  }
}

type PropertyNeed = 'none' | 'optional' | 'number' | 'string' | 'string-or-number' | 'any';

const PROPERTY_NEED: Record<Aggregation['fn'], PropertyNeed> = {
  count: 'none',
  sum: 'number',
  avg: 'number',
  min: 'number',
  max: 'number',
  first: 'optional',
  last: 'optional',
  most_frequent: 'string-or-number',
  unique: 'string',
  count_unique: 'string-or-number',
};

const NEED_TEXT: Record<PropertyNeed, string> = {
  none: 'no',
  optional: 'a',
  any: 'a',
  number: 'a number',
  string: 'a string',
  'string-or-number': 'a string or number',
};

function accepts(need: PropertyNeed, type: IrValueType): boolean {
  switch (need) {
    case 'number':
      return type === 'number';
    case 'string':
      return type === 'string';
    case 'string-or-number':
      return type === 'string' || type === 'number';
    default:
      return true;
  }
}

/** The result type of an aggregation (§5), when it does not depend on an unknown property. */
function resultType(
  fn: Aggregation['fn'],
  propertyType: IrValueType | undefined,
  hasProperty: boolean,
): IrValueType | undefined {
  switch (fn) {
    case 'count':
    case 'sum':
    case 'avg':
    case 'min':
    case 'max':
    case 'count_unique':
      return 'number';
    case 'unique':
      return 'list';
    case 'first':
    case 'last':
      return hasProperty ? propertyType : 'timestamp';
    case 'most_frequent':
      return propertyType;
  }
}

export interface LoweredAggregation {
  /** Undefined after an error in the aggregation's body. */
  aggregation?: IrAggregation;
  /** The result type when it is known despite errors (so comparisons are still checked). */
  type?: IrValueType;
}

/** An aggregation over the events of `entity` (§5), named or inline (§4.6). */
export function lowerAggregation(
  ctx: CheckContext,
  st: DefinitionState,
  agg: Aggregation,
  entity: IrEntity,
): LoweredAggregation {
  let ok = true;
  if (
    entity === 'account' &&
    !needSource(ctx, st, 'memberships', 'an account aggregation', agg.range)
  )
    ok = false;
  const event = resolveEvent(ctx, st, agg.event);
  if (!event) ok = false;
  const need = PROPERTY_NEED[agg.fn];
  let property: (IrProperty & { enum?: Array<string | number> }) | undefined;
  if (agg.property && need === 'none') {
    ctx.report('type-aggregation-property', { fn: agg.fn }, agg.property.range, [
      `write \`count ${agg.event.kind === 'track-event' ? JSON.stringify(agg.event.name.value) : agg.event.kind === 'page-event' ? 'page' : 'screen'}\`; to count distinct values use \`count_unique\``,
    ]);
    ok = false;
  } else if (!agg.property && need !== 'none' && need !== 'optional') {
    ctx.report('type-aggregation-needs-property', { fn: agg.fn }, agg.range);
    ok = false;
  } else if (agg.property && event) {
    property = resolveProperty(ctx, event, agg.property.name, agg.property.range);
    if (!property) ok = false;
    else if (!accepts(need, property.type)) {
      ctx.report(
        'type-aggregation-mismatch',
        { fn: agg.fn, property: property.name, type: property.type, need: NEED_TEXT[need] },
        agg.property.range,
      );
      ok = false;
    }
  }
  const filter = agg.filter && event ? lowerFilter(ctx, agg.filter, event, entity) : undefined;
  if (agg.filter && !filter) ok = false;
  const window = agg.window ? lowerWindow(ctx, agg.window) : undefined;
  if (agg.window && !window) ok = false;
  if (agg.minCount) {
    if (agg.fn !== 'most_frequent') {
      ctx.report('type-min-count', { fn: agg.fn }, agg.minCount.range, [
        'remove `min N`, or use `most_frequent`',
      ]);
      ok = false;
    } else if (!checkCount(ctx, agg.minCount, '`min`', 1)) ok = false;
  }
  const type = resultType(agg.fn, property?.type, agg.property !== undefined);
  if (!ok || !event || type === undefined) return type === undefined ? {} : { type };
  const aggregation: IrAggregation = {
    fn: agg.fn,
    event: event.source,
    ...(property ? { property: { name: property.name, type: property.type } } : {}),
    ...(filter ? { filter } : {}),
    ...(window ? { window } : {}),
    ...(agg.minCount ? { minCount: agg.minCount.value } : {}),
    type,
  };
  return { aggregation, type };
}
