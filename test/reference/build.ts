/**
 * Small builders for hand-written IR and data in the reference evaluator's
 * unit tests: the IR contract is written out in full here so the tests do
 * not depend on the parser or checker.
 */
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
  IrTest,
  IrValueType,
  IrWindow,
} from '../../src/ir/ir.js';
import type { ReferenceData, ReferenceEvent } from '../../src/reference/data.js';
import { evaluateReference } from '../../src/reference/evaluate.js';

export function project(
  definitions: IrDefinition[],
  scope: IrProject['scope'] = 'all_accounts',
): IrProject {
  return {
    version: 1,
    name: 'unit',
    scope,
    schema: { account: {}, user: {}, events: {} },
    sources: ['tracks', 'pages', 'screens', 'users', 'accounts', 'memberships'],
    definitions,
  };
}

export const audience = (name: string, entity: IrEntity, condition: IrCondition): IrDefinition => ({
  kind: 'audience',
  name,
  entity,
  condition,
  dependsOn: [],
});

export const trait = (
  name: string,
  entity: IrEntity,
  aggregation: IrAggregation,
): IrDefinition => ({
  kind: 'computed-trait',
  name,
  entity,
  type: aggregation.type,
  aggregation,
  dependsOn: [],
});

export const sqlTrait = (name: string, entity: IrEntity, type: IrValueType): IrDefinition => ({
  kind: 'sql-trait',
  name,
  entity,
  type,
  sql: [{ kind: 'text', text: 'select 1' }],
  dependsOn: [],
});

export const track = (event: string): IrEventSource => ({ source: 'tracks', event });

export const prop = (name: string, type: IrProperty['type']): IrProperty => ({ name, type });

const RESULT_TYPE: Partial<Record<IrAggregationFunction, IrValueType>> = {
  count: 'number',
  sum: 'number',
  avg: 'number',
  count_unique: 'number',
  unique: 'list',
};

export function agg(
  fn: IrAggregationFunction,
  event: IrEventSource,
  more: {
    property?: IrProperty;
    filter?: IrEventFilter;
    window?: IrWindow;
    minCount?: number;
  } = {},
): IrAggregation {
  const type = RESULT_TYPE[fn] ?? more.property?.type ?? 'timestamp';
  return { fn, event, type, ...more };
}

export const within = (amount: number, unit: 'minute' | 'hour' | 'day' | 'week'): IrWindow => ({
  kind: 'within',
  amount,
  unit,
});

export const range = (from?: string, to?: string): IrWindow => ({
  kind: 'range',
  ...(from === undefined ? {} : { from }),
  ...(to === undefined ? {} : { to }),
});

const traitTest =
  (kind: 'custom-trait' | 'defined-trait') =>
  (entity: IrEntity, name: string, type: IrValueType, test: IrTest): IrCondition => ({
    kind: 'test',
    subject: { kind, entity, name, type },
    test,
  });

/** A test on a custom trait (schema) of the context entity. */
export const custom = traitTest('custom-trait');
/** A test on a computed or SQL trait of the context entity. */
export const defined = traitTest('defined-trait');

export const inline = (
  entity: IrEntity,
  aggregation: IrAggregation,
  test: IrTest,
  perAccount = false,
): IrCondition => ({
  kind: 'test',
  subject: { kind: 'aggregate', entity, aggregation, perAccount, type: aggregation.type },
  test,
});

/** A test on an event property, for `where` filters. */
export const where = (name: string, type: IrProperty['type'], test: IrTest): IrEventFilter => ({
  kind: 'test',
  subject: { kind: 'property', property: { name, type }, type },
  test,
});

export const eq = (value: string | number | boolean, type?: 'timestamp'): IrTest => ({
  kind: 'compare',
  op: '=',
  value:
    type === 'timestamp'
      ? { type: 'timestamp', value: String(value) }
      : typeof value === 'string'
        ? { type: 'string', value }
        : typeof value === 'number'
          ? { type: 'number', value }
          : { type: 'boolean', value },
});

export const cmp = (op: '<' | '<=' | '>' | '>=' | '=', value: number): IrTest => ({
  kind: 'compare',
  op,
  value: { type: 'number', value },
});

export function did(
  event: IrEventSource,
  more: {
    op?: '>=' | '<=' | '=' | '>' | '<';
    n?: number;
    window?: IrWindow;
    filter?: IrEventFilter;
    perAccount?: boolean;
  } = {},
): IrCondition {
  const { op = '>=', n = 1, perAccount = false, ...rest } = more;
  return {
    kind: 'did',
    aggregation: { ...agg('count', event, rest), fn: 'count' },
    op,
    n,
    perAccount,
  };
}

export const not = (operand: IrCondition): IrCondition => ({ kind: 'not', operand });
export const and = (...operands: IrCondition[]): IrCondition => ({ kind: 'and', operands });
export const or = (...operands: IrCondition[]): IrCondition => ({ kind: 'or', operands });

type Row = string | [string, Record<string, unknown>];
type EventRow = Partial<ReferenceEvent> & { user: string | null; at: string };

/** Data with ids given as `id` or `[id, traits]`, memberships as `[user, account]`, tracks by default. */
export function data(parts: {
  users?: Row[];
  accounts?: Row[];
  memberships?: Array<[string, string]>;
  events?: EventRow[];
}): ReferenceData {
  const rows = (list: Row[] = []) =>
    list.map((r) => (typeof r === 'string' ? { id: r, traits: {} } : { id: r[0], traits: r[1] }));
  return {
    users: rows(parts.users),
    accounts: rows(parts.accounts),
    memberships: (parts.memberships ?? []).map(([user, account]) => ({ user, account })),
    events: (parts.events ?? []).map((e, i) => ({
      source: 'tracks',
      event: 'Logged In',
      properties: {},
      messageId: `m${String(i).padStart(4, '0')}`,
      ...e,
    })),
  };
}

export const NOW = '2026-06-30T00:00:00.000Z';

/** Members of the one audience `x` of a project. */
export function members(
  definitions: IrDefinition[],
  d: ReferenceData,
  scope?: IrProject['scope'],
): string[] {
  return evaluateReference(project(definitions, scope), d, NOW).audiences.x ?? [];
}

/** Values of the trait `t` as a plain object. */
export function values(definitions: IrDefinition[], d: ReferenceData, scope?: IrProject['scope']) {
  const t = evaluateReference(project(definitions, scope), d, NOW).traits.t;
  return Object.fromEntries(t ?? new Map());
}
