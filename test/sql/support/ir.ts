/** Small builders for hand-written IR in the SQL tests (the shapes of src/ir/ir.ts). */
import type {
  IrAggregation,
  IrAggregationFunction,
  IrCondition,
  IrDefinition,
  IrEntity,
  IrEventFilter,
  IrEventSource,
  IrProject,
  IrProperty,
  IrSchema,
  IrSqlPart,
  IrTest,
  IrTraitAggregation,
  IrUserCount,
  IrValueType,
  IrWindow,
} from '../../../src/ir/ir.js';
import type { SourcesConfig, SourceMapping } from '../../../src/project/types.js';

export const SCHEMA: IrSchema = {
  account: {
    name: 'string',
    industry: 'string',
    plan: 'string',
    seats: 'number',
    mrr: 'number',
    created_at: 'timestamp',
    tags: 'list',
    is_trial: 'boolean',
  },
  user: {
    email: 'string',
    role: 'string',
    title: 'string',
    signed_up_at: 'timestamp',
    beta: 'boolean',
  },
  events: {
    'Logged In': {},
    'Feature Used': { feature: 'string', duration: 'number' },
    'NPS Submitted': { score: 'number', comment: 'string' },
    'Order Completed': { revenue: 'number', currency: 'string' },
    'Invite Sent': { role: 'string' },
  },
};

const identity = (...names: string[]) => Object.fromEntries(names.map((n) => [n, n]));
const event = identity('message_id', 'user_id', 'timestamp', 'group_id', 'properties');

/** The json layout with default table names (as the runtime's fixture loader creates them). */
export function jsonSources(
  overrides: Partial<Record<string, SourceMapping | false>> = {},
): SourcesConfig {
  const mappings: SourcesConfig['mappings'] = {
    tracks: { table: 'tracks', columns: { ...event, event: 'event' } },
    pages: { table: 'pages', columns: event },
    screens: { table: 'screens', columns: event },
    users: { table: 'users', columns: identity('id') },
    accounts: { table: 'accounts', columns: identity('id') },
    memberships: { table: 'memberships', columns: identity('user_id', 'account_id') },
  };
  for (const [name, mapping] of Object.entries(overrides)) {
    const key = name as keyof SourcesConfig['mappings'];
    if (mapping === false) delete mappings[key];
    else if (mapping) mappings[key] = mapping;
  }
  return { layout: 'json', mappings };
}

export function project(
  definitions: IrDefinition[],
  scope: IrProject['scope'] = 'all_accounts',
): IrProject {
  return {
    version: 1,
    name: 'test',
    scope,
    schema: SCHEMA,
    sources: ['tracks', 'pages', 'screens', 'users', 'accounts', 'memberships'],
    definitions,
  };
}

export const track = (name: string): IrEventSource => ({ source: 'tracks', event: name });

export function prop(name: string, type: IrProperty['type'] = 'string'): IrProperty {
  return { name, type };
}

export function agg(
  fn: IrAggregationFunction,
  source: IrEventSource,
  options: {
    property?: IrProperty;
    filter?: IrEventFilter;
    window?: IrWindow;
    minCount?: number;
    type?: IrValueType;
  } = {},
): IrAggregation {
  const type: IrValueType =
    options.type ??
    (fn === 'count' || fn === 'sum' || fn === 'avg' || fn === 'count_unique'
      ? 'number'
      : fn === 'unique'
        ? 'list'
        : (options.property?.type ?? 'timestamp'));
  return {
    fn,
    event: source,
    ...(options.property ? { property: options.property } : {}),
    ...(options.filter ? { filter: options.filter } : {}),
    ...(options.window ? { window: options.window } : {}),
    ...(options.minCount !== undefined ? { minCount: options.minCount } : {}),
    type,
  };
}

export function trait(
  name: string,
  entity: IrEntity,
  aggregation: IrTraitAggregation,
  dependsOn: string[] = [],
): IrDefinition {
  return { kind: 'computed-trait', name, entity, type: aggregation.type, aggregation, dependsOn };
}

/** A SQL trait from its text, where `{{ name }}` marks a placeholder. */
export function sqlTrait(
  name: string,
  entity: IrEntity,
  type: IrValueType,
  text: string,
): IrDefinition {
  const sql = text.split(/(\{\{ \w+ \}\})/).flatMap((part): IrSqlPart[] => {
    if (part === '') return [];
    const placeholder = /^\{\{ (\w+) \}\}$/.exec(part)?.[1];
    return placeholder
      ? [
          {
            kind: 'placeholder',
            name: placeholder as Extract<IrSqlPart, { kind: 'placeholder' }>['name'],
          },
        ]
      : [{ kind: 'text', text: part }];
  });
  return { kind: 'sql-trait', name, entity, type, sql, dependsOn: [] };
}

export function audience(
  name: string,
  entity: IrEntity,
  condition: IrCondition,
  dependsOn: string[] = [],
): IrDefinition {
  return { kind: 'audience', name, entity, condition, dependsOn };
}

export function did(
  source: IrEventSource,
  options: {
    op?: '>=' | '<=' | '=' | '>' | '<';
    n?: number;
    window?: IrWindow;
    filter?: IrEventFilter;
    perAccount?: boolean;
  } = {},
): IrCondition {
  const aggregation = agg('count', source, {
    ...(options.window ? { window: options.window } : {}),
    ...(options.filter ? { filter: options.filter } : {}),
  }) as IrAggregation & { fn: 'count' };
  return {
    kind: 'did',
    aggregation,
    op: options.op ?? '>=',
    n: options.n ?? 1,
    perAccount: options.perAccount ?? false,
  };
}

export function custom(entity: IrEntity, name: string, test: IrTest): IrCondition {
  const type = SCHEMA[entity][name];
  if (!type) throw new Error(`no trait ${name}`);
  return { kind: 'test', subject: { kind: 'custom-trait', entity, name, type }, test };
}

export function defined(
  entity: IrEntity,
  name: string,
  type: IrValueType,
  test: IrTest,
): IrCondition {
  return { kind: 'test', subject: { kind: 'defined-trait', entity, name, type }, test };
}

export function inline(
  entity: IrEntity,
  aggregation: IrTraitAggregation,
  test: IrTest,
  perAccount = false,
): IrCondition {
  return {
    kind: 'test',
    subject: { kind: 'aggregate', entity, aggregation, perAccount, type: aggregation.type },
    test,
  };
}

export function propTest(property: IrProperty, test: IrTest): IrEventFilter {
  return { kind: 'test', subject: { kind: 'property', property, type: property.type }, test };
}

/** `count users [C]` (LANGUAGE.md §12.4); without a body, every user of the account. */
export const countUsers = (body: IrCondition = { kind: 'constant', value: true }): IrUserCount => ({
  fn: 'count-users',
  body,
  type: 'number',
});

export const not = (operand: IrCondition): IrCondition => ({ kind: 'not', operand });
export const and = (...operands: IrCondition[]): IrCondition => ({ kind: 'and', operands });
export const or = (...operands: IrCondition[]): IrCondition => ({ kind: 'or', operands });
export const eq = (value: string): IrTest => ({
  kind: 'compare',
  op: '=',
  value: { type: 'string', value },
});
export const num = (op: '=' | '<' | '<=' | '>' | '>=', value: number): IrTest => ({
  kind: 'compare',
  op,
  value: { type: 'number', value },
});
export const within = (amount: number, unit: 'minute' | 'hour' | 'day' | 'week'): IrWindow => ({
  kind: 'within',
  amount,
  unit,
});
