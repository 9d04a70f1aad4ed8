/**
 * Shared scans (LANGUAGE.md §9, ARCHITECTURE.md): every aggregation over
 * events — computed traits, inline aggregates, the counts behind `did` — is a
 * *feature*. Identical features are one (canonical JSON key). All scalar
 * features of one event source are computed by conditional aggregation in one
 * GROUP BY over that source's staging table, per (user, group tag), and then
 * combined at the levels that need them: per user (all of a user's events),
 * per account (through memberships) and per (user, account) (quantifier
 * bodies under `events.scope: group_context`). Features that need per-value
 * counts (`most_frequent`, `unique`, `count_unique`) get one small grouped
 * relation each, also read from the staging table, never the source — or,
 * where the dialect has `valueHistogram`, read back from an aggregate of
 * their event's partials.
 */
import type { Knex } from 'knex';
import type { IrAggregation, IrEventFilter, IrProperty, IrSequenceStep } from '../ir/ir.js';
import { stableJson } from '../ir/stable-json.js';
import { atom, conditionSql, testSql, windowBounds } from './conditions.js';
import type { Dialect } from './dialect.js';
import { compileOnlyKnex, sqlFragment } from './knex-client.js';
import { identifier } from './names.js';
import { Inputs, instantMinus, type Relation } from './relation.js';
import { sequenceQuery, type SequenceSource } from './sequences.js';
import { STAGE, type EventSourceName } from './sources.js';

export type Level = 'user' | 'account' | 'user_account';

export interface Feature {
  /** Column name in the level tables. */
  column: string;
  aggregation: IrAggregation;
  source: EventSourceName;
  levels: Set<Level>;
}

/** A sequence (LANGUAGE.md §12.2): one boolean column per level that needs it. */
export interface SequenceFeature {
  column: string;
  steps: IrSequenceStep[];
  levels: Set<Level>;
}

/** Each step of a sequence as the `count` aggregation of its events (for staging and layouts). */
function stepAggregations(steps: readonly IrSequenceStep[]): IrAggregation[] {
  return steps.map((step, i) => ({
    fn: 'count',
    event: step.event,
    ...(step.filter ? { filter: step.filter } : {}),
    ...(i === 0 && step.window ? { window: step.window } : {}),
    type: 'number',
  }));
}

/** One relation of scalar partials: the features it computes, over one source (and one event). */
interface PartialGroup {
  name: string;
  source: EventSourceName;
  /** The tracks event whose rows alone it reads (per-event partials). */
  event?: string;
  features: Feature[];
}

export const LEVEL_TABLE: Record<Level, string> = {
  user: 'roster_features_user',
  account: 'roster_features_account',
  user_account: 'roster_features_user_account',
};

const VALUE_FUNCTIONS = new Set(['most_frequent', 'unique', 'count_unique']);

/** Where a value feature's per-value counts are (`FeatureSet.valueCounts`). */
interface ValueCounts {
  /** The per-value relation. */
  name: string;
  /** Its count column for this feature's filter and window. */
  count: string;
  /** The relation has rows this feature does not count (0 in `count`): other filters or windows share it. */
  filtered: boolean;
}

/** A per-value relation counted by an aggregate of its event's partials (`Dialect.valueHistogram`). */
interface FoldedValues {
  /** The partial relation. */
  group: string;
  /** The aggregate's column there, and the aggregate. */
  column: string;
  expr: string;
  type: 'string' | 'number';
}

const featureKeys = new WeakMap<IrAggregation, string>();

/**
 * The deduplication key of an aggregation (everything that changes its
 * value), computed once per IR node: the compiler asks for it at every
 * reference (a tenth of compiling 1,000 definitions went to `stableJson`).
 */
export function featureKey(aggregation: IrAggregation): string {
  let key = featureKeys.get(aggregation);
  if (key === undefined) {
    const { fn, event, property, filter, window, minCount } = aggregation;
    key = stableJson({ fn, event, property, filter, window, minCount });
    featureKeys.set(aggregation, key);
  }
  return key;
}

function eachFilterProperty(
  filter: IrEventFilter | undefined,
  visit: (p: IrProperty) => void,
): void {
  if (!filter) return;
  switch (filter.kind) {
    case 'and':
    case 'or':
      filter.operands.forEach((o) => eachFilterProperty(o, visit));
      return;
    case 'not':
      eachFilterProperty(filter.operand, visit);
      return;
    case 'test':
      visit(filter.subject.property);
      return;
    case 'constant':
      return;
  }
}

export interface FeatureContext {
  dialect: Dialect;
  now: string;
  /** Partials carry the event's group tag (events.scope: group_context). */
  tagged: boolean;
}

export class FeatureSet {
  private readonly byKey = new Map<string, Feature>();
  private readonly sequences = new Map<string, SequenceFeature>();
  private readonly propertyTypes = new Map<EventSourceName, Map<string, Set<string>>>();
  /** Per tracks property column: the events whose features read it (the stage parses it only there). */
  private readonly propertyEvents = new Map<string, Set<string>>();
  readonly trackEvents = new Set<string>();
  private anonymous = 0;
  /** Each value feature's per-value counts (built on first use, after collection). */
  private valuesPlan: Map<Feature, ValueCounts> | undefined;

  constructor(private readonly context: FeatureContext) {}

  /** Registers `aggregation` as needed at `level`; `traitName` names the column after a named trait. */
  use(aggregation: IrAggregation, level: Level, traitName?: string): Feature {
    const key = featureKey(aggregation);
    let feature = this.byKey.get(key);
    if (!feature) {
      const column = traitName !== undefined ? `t_${traitName}` : `f${++this.anonymous}`;
      feature = { column, aggregation, source: aggregation.event.source, levels: new Set() };
      this.byKey.set(key, feature);
      this.valuesPlan = undefined;
      this.noteReads(aggregation);
    }
    feature.levels.add(level);
    return feature;
  }

  /** Registers a sequence as needed at `level` (`user`, or `user_account` per quantified account). */
  useSequence(steps: IrSequenceStep[], level: Level): SequenceFeature {
    const key = stableJson(steps);
    let sequence = this.sequences.get(key);
    if (!sequence) {
      sequence = { column: `q${this.sequences.size + 1}`, steps, levels: new Set() };
      this.sequences.set(key, sequence);
      stepAggregations(steps).forEach((a) => this.noteReads(a));
    }
    sequence.levels.add(level);
    return sequence;
  }

  getSequence(steps: IrSequenceStep[]): SequenceFeature {
    const sequence = this.sequences.get(stableJson(steps));
    if (!sequence) throw new Error('internal: sequence used before it was collected');
    return sequence;
  }

  /** Every aggregation whose events the scans read: features, and each sequence step's events. */
  readAggregations(): IrAggregation[] {
    return [
      ...this.all().map((f) => f.aggregation),
      ...[...this.sequences.values()].flatMap((q) => stepAggregations(q.steps)),
    ];
  }

  /** Notes the event, and the properties a stage must read, of `aggregation`. */
  private noteReads(aggregation: IrAggregation): void {
    if (aggregation.event.source === 'tracks') this.trackEvents.add(aggregation.event.event);
    const note = (p: IrProperty) => this.noteProperty(aggregation.event.source, p);
    if (aggregation.property) note(aggregation.property);
    eachFilterProperty(aggregation.filter, note);
    if (aggregation.event.source === 'tracks') {
      const event = aggregation.event.event;
      const noteEvent = (p: IrProperty) => {
        const key = `${p.name}\u0000${p.type}`;
        const events = this.propertyEvents.get(key) ?? new Set<string>();
        this.propertyEvents.set(key, events.add(event));
      };
      if (aggregation.property) noteEvent(aggregation.property);
      eachFilterProperty(aggregation.filter, noteEvent);
    }
  }

  get(aggregation: IrAggregation): Feature {
    const feature = this.byKey.get(featureKey(aggregation));
    if (!feature) throw new Error('internal: feature used before it was collected');
    return feature;
  }

  all(): Feature[] {
    return [...this.byKey.values()];
  }

  sources(): EventSourceName[] {
    const used = new Set(this.readAggregations().map((a) => a.event.source));
    return (['tracks', 'pages', 'screens'] as const).filter((s) => used.has(s));
  }

  levels(): Level[] {
    const used = new Set([...this.all(), ...this.sequences.values()].flatMap((f) => [...f.levels]));
    return (['user', 'account', 'user_account'] as const).filter((l) => used.has(l));
  }

  /** The stage of `source` needs message ids (only `first`/`last` of a property order by them). */
  needsMessageId(source: EventSourceName): boolean {
    // Sequences order events by (timestamp, message id), §12.2.
    if (this.sequenceSources().has(source)) return true;
    return this.all().some(
      (f) =>
        f.source === source &&
        (f.aggregation.fn === 'first' || f.aggregation.fn === 'last') &&
        f.aggregation.property,
    );
  }

  /**
   * The earliest instant any feature of `source` can read (inclusive), when
   * every one has a window with a lower bound; the stage then skips older events.
   */
  earliestInstant(source: EventSourceName): string | undefined {
    // A sequence's later steps read events up to now, whatever the first step's window.
    if (this.sequenceSources().has(source)) return undefined;
    let earliest: number | undefined;
    for (const feature of this.all().filter((f) => f.source === source)) {
      const window = feature.aggregation.window;
      const from =
        window?.kind === 'within'
          ? instantMinus(this.context.now, window.amount, window.unit)
          : window?.kind === 'ago' && window.far !== undefined
            ? instantMinus(this.context.now, window.far, window.unit)
            : window?.kind === 'range'
              ? window.from
              : undefined;
      if (from === undefined) return undefined;
      const ms = Date.parse(from);
      earliest = earliest === undefined ? ms : Math.min(earliest, ms);
    }
    return earliest === undefined ? undefined : new Date(earliest).toISOString();
  }

  private sequenceSources(): Set<EventSourceName> {
    return new Set(
      [...this.sequences.values()].flatMap((q) => q.steps.map((step) => step.event.source)),
    );
  }

  private noteProperty(source: EventSourceName, property: IrProperty): void {
    let byName = this.propertyTypes.get(source);
    if (!byName) this.propertyTypes.set(source, (byName = new Map()));
    let types = byName.get(property.name);
    if (!types) byName.set(property.name, (types = new Set()));
    types.add(property.type);
  }

  /** Stage column of a property: `p_<name>`, plus the type when one name is read with two types. */
  propertyColumn(source: EventSourceName, property: IrProperty): string {
    const types = this.propertyTypes.get(source)?.get(property.name);
    return types && types.size > 1 ? `p_${property.name}_${property.type}` : `p_${property.name}`;
  }

  /**
   * Every property the project reads from `source`, with its stage column;
   * for tracks also the (sorted) events whose features read it: every
   * feature's condition tests its event, so the property is never read on
   * other events and the stage need not parse it there.
   */
  stagedProperties(
    source: EventSourceName,
  ): Array<{ column: string; property: IrProperty; events?: string[] }> {
    const byName = this.propertyTypes.get(source) ?? new Map<string, Set<string>>();
    const out: Array<{ column: string; property: IrProperty; events?: string[] }> = [];
    for (const name of [...byName.keys()].sort()) {
      for (const type of [...(byName.get(name) ?? [])].sort()) {
        const property = { name, type } as IrProperty;
        const events =
          source === 'tracks' ? this.propertyEvents.get(`${name}\u0000${type}`) : undefined;
        out.push({
          column: this.propertyColumn(source, property),
          property,
          ...(events ? { events: [...events].sort() } : {}),
        });
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- SQL

  /** A relation or column the compiler names, fitted to the dialect's identifier limit. */
  private q(name: string): string {
    return identifier(this.context.dialect, name);
  }

  /** The dialect's compile-only Knex instance: the feature relations are assembled with its builder. */
  private get knex(): Knex {
    return compileOnlyKnex(this.context.dialect);
  }

  /** SQL text written here or by the dialect's hooks, as a fragment of a Knex builder. */
  private raw(sql: string): Knex.Raw {
    return sqlFragment(this.knex, sql);
  }

  /**
   * Which events of the staging table (alias `e`) a feature reads: event name,
   * window, filter. `eventKnown`: the rows are already those of the feature's
   * event (a per-event partial relation), so the event test is left out.
   */
  eventCondition(feature: Feature, eventKnown = false): string {
    return this.eventTests(feature, eventKnown).join(' AND ') || 'TRUE';
  }

  private eventTests(feature: Feature, eventKnown: boolean): string[] {
    const { dialect, now } = this.context;
    const agg = feature.aggregation;
    const parts: string[] = [];
    if (agg.event.source === 'tracks' && !eventKnown)
      parts.push(`e.event = ${dialect.stringLiteral(agg.event.event)}`);
    if (agg.window) parts.push(...windowBounds(dialect, now, 'e.ts', agg.window));
    if (agg.filter) {
      parts.push(
        conditionSql(agg.filter, (leaf) => {
          if (leaf.kind !== 'test') throw new Error('internal: unexpected filter node');
          const column = `e.${this.q(this.propertyColumn(feature.source, leaf.subject.property))}`;
          return atom(testSql(dialect, now, column, leaf.test));
        }),
      );
    }
    return parts;
  }

  /** The value a feature aggregates, on the staging table (alias `e`). */
  private valueExpr(feature: Feature): string {
    const property = feature.aggregation.property;
    return property ? `e.${this.q(this.propertyColumn(feature.source, property))}` : 'e.ts';
  }

  /**
   * `fn(arg)` over the rows where `cond` holds, as `fn(CASE WHEN cond THEN arg END)`
   * on every dialect: standard SQL, and on DuckDB about 3× cheaper than
   * `FILTER (WHERE …)` when a partial table has hundreds of such columns
   * (bench/evaluate.bench.ts, 300 definitions).
   */
  private filtered(fn: string, arg: string, cond: string): string {
    if (cond === 'TRUE') return `${fn}(${arg})`;
    return `${fn}(CASE WHEN ${cond} THEN ${arg === '*' ? '1' : arg} END)`;
  }

  private partialColumns(feature: Feature, eventKnown: boolean): Array<[string, string]> {
    const { dialect } = this.context;
    const tests = this.eventTests(feature, eventKnown);
    const c = tests.join(' AND ') || 'TRUE';
    const v = this.valueExpr(feature);
    const name = (suffix: string) => `${feature.column}__${suffix}`;
    switch (feature.aggregation.fn) {
      case 'count':
        return [[name('n'), this.filtered('count', '*', c)]];
      case 'sum':
        return [[name('s'), this.filtered('sum', v, c)]];
      case 'avg':
        return [
          [name('s'), this.filtered('sum', v, c)],
          [name('n'), this.filtered('count', v, c)],
        ];
      case 'min':
      case 'max':
        return [[name('v'), this.filtered(feature.aggregation.fn, v, c)]];
      case 'first':
      case 'last': {
        const which = feature.aggregation.fn === 'first' ? 'min' : 'max';
        // Without a property the value is the timestamp itself: ties cannot differ.
        if (!feature.aggregation.property) return [[name('v'), this.filtered(which, 'e.ts', c)]];
        const cond = [`${v} IS NOT NULL`, ...tests].join(' AND ');
        const type = feature.aggregation.type;
        if (this.inRecord(feature) && dialect.argByTimeRecord) {
          const fields = [['v', v]] as const;
          return [
            [name('r'), dialect.argByTimeRecord(which, fields, 'e.ts', 'e.message_id', cond)],
          ];
        }
        return [
          [name('v'), dialect.argByTime(which, v, 'e.ts', 'e.message_id', cond, type)],
          [name('t'), dialect.argByTime(which, 'e.ts', 'e.ts', 'e.message_id', cond, 'timestamp')],
          [
            name('m'),
            dialect.argByTime(which, 'e.message_id', 'e.ts', 'e.message_id', cond, 'string'),
          ],
        ];
      }
      default:
        throw new Error(`internal: ${feature.aggregation.fn} has no scalar partials`);
    }
  }

  /**
   * A partial column of `feature` on the partial row `alias`: `n`, `s`, or
   * `v`; for `first`/`last` of a property also `t` and `m`, the time and
   * message id of the event `v` came from — or, where the dialect has
   * `argByTimeRecord`, `v` is a field of one record `r` that carries its own
   * order and combines through `argByTimeOfRecords`.
   */
  private partial(feature: Feature, alias: string, suffix: string): string {
    const column = (suffix: string) => `${alias}.${this.q(`${feature.column}__${suffix}`)}`;
    const { recordField } = this.context.dialect;
    return this.inRecord(feature) && recordField
      ? recordField(column('r'), suffix)
      : column(suffix);
  }

  /** The partials of `feature` are one record (`first`/`last` of a property, on a dialect with records). */
  private inRecord(feature: Feature): boolean {
    const { fn, property } = feature.aggregation;
    const { argByTimeRecord, recordField, argByTimeOfRecords } = this.context.dialect;
    return (
      (fn === 'first' || fn === 'last') &&
      !!property &&
      !!argByTimeRecord &&
      !!recordField &&
      !!argByTimeOfRecords
    );
  }

  /** The feature's value from the one partial row (alias `alias`) of an entity: `combine` of a single row. */
  private single(feature: Feature, alias: string): string {
    const { dialect } = this.context;
    const p = (suffix: string) => this.partial(feature, alias, suffix);
    switch (feature.aggregation.fn) {
      case 'count':
        return dialect.cast(p('n'), 'number');
      case 'sum':
        return dialect.cast(p('s'), 'number');
      case 'avg':
        return dialect.cast(`${p('s')} / NULLIF(${p('n')}, 0)`, 'number');
      default:
        return p('v');
    }
  }

  /** Combining partial rows (alias `p`) into the feature's value; the same at every level. */
  private combine(feature: Feature): string {
    const { dialect } = this.context;
    const p = (suffix: string) => this.partial(feature, 'p', suffix);
    switch (feature.aggregation.fn) {
      case 'count':
        return dialect.cast(`sum(${p('n')})`, 'number');
      case 'sum':
        return dialect.cast(`sum(${p('s')})`, 'number');
      case 'avg':
        return dialect.cast(`sum(${p('s')}) / NULLIF(sum(${p('n')}), 0)`, 'number');
      case 'min':
      case 'max':
        return `${feature.aggregation.fn}(${p('v')})`;
      case 'first':
      case 'last': {
        const which = feature.aggregation.fn === 'first' ? 'min' : 'max';
        if (!feature.aggregation.property) return `${which}(${p('v')})`;
        if (this.inRecord(feature) && dialect.argByTimeOfRecords) {
          return dialect.argByTimeOfRecords(which, `p.${this.q(`${feature.column}__r`)}`, 'v');
        }
        return dialect.argByTime(
          which,
          p('v'),
          p('t'),
          p('m'),
          `${p('t')} IS NOT NULL`,
          feature.aggregation.type,
        );
      }
      default:
        throw new Error(`internal: ${feature.aggregation.fn} has no scalar combination`);
    }
  }

  /** The value when an entity has no events at all (count-like results are never missing). */
  finalValue(feature: Feature, expr: string): string {
    const { dialect } = this.context;
    switch (feature.aggregation.fn) {
      case 'count':
      case 'sum':
      case 'count_unique':
        return `COALESCE(${expr}, ${dialect.numberLiteral(0)})`;
      case 'unique':
        return `COALESCE(${expr}, ${dialect.emptyList()})`;
      default:
        return expr;
    }
  }

  private scalarFeatures(source: EventSourceName): Feature[] {
    return this.all().filter((f) => f.source === source && !VALUE_FUNCTIONS.has(f.aggregation.fn));
  }

  private valueFeatures(): Feature[] {
    return this.all().filter((f) => VALUE_FUNCTIONS.has(f.aggregation.fn));
  }

  /**
   * The scalar partial relations: one per source, or, where the dialect has
   * `partialsPerEvent`, one per event name of `tracks` (each reading only
   * that event's rows, so a row updates only its own event's aggregates).
   */
  private partialGroups(): PartialGroup[] {
    const groups: PartialGroup[] = [];
    for (const source of this.sources()) {
      const features = this.scalarFeatures(source);
      if (features.length === 0) continue;
      const byEvent = new Map<string, Feature[]>();
      for (const feature of features) {
        const event = feature.aggregation.event;
        if (event.source !== 'tracks') continue;
        byEvent.set(event.event, [...(byEvent.get(event.event) ?? []), feature]);
      }
      if (!this.context.dialect.capabilities.partialsPerEvent || byEvent.size < 2) {
        groups.push({ name: `roster_partials_${source}`, source, features });
        continue;
      }
      [...byEvent.keys()].sort().forEach((event, i) => {
        const features = byEvent.get(event) ?? [];
        groups.push({ name: `roster_partials_${source}_${i + 1}`, source, event, features });
      });
    }
    return groups;
  }

  /**
   * Where a value feature's per-value counts are. Features that count values
   * of the same property of the same events share one relation, named after
   * the first of them: one scan and one GROUP BY for, say, `unique` over 90
   * days and over 30 days. Each distinct (filter, window) among them is a
   * count column of its own (`n1`, `n2`…, the rows its events give); a
   * relation with one (filter, window) has the single column `n`, and its
   * events alone are read.
   */
  private valueCounts(feature: Feature): ValueCounts {
    if (!this.valuesPlan) {
      const relations = new Map<string, { name: string; variants: string[] }>();
      const placed: Array<[Feature, string, string]> = [];
      for (const f of this.valueFeatures()) {
        const { event, property, filter, window } = f.aggregation;
        const key = stableJson({ event, property });
        const relation = relations.get(key) ?? { name: `roster_values_${f.column}`, variants: [] };
        relations.set(key, relation);
        const variant = stableJson({ filter, window });
        if (!relation.variants.includes(variant)) relation.variants.push(variant);
        placed.push([f, key, variant]);
      }
      this.valuesPlan = new Map();
      for (const [f, key, variant] of placed) {
        const { name, variants } = relations.get(key)!;
        const count = variants.length === 1 ? 'n' : `n${variants.indexOf(variant) + 1}`;
        // Where other windows or filters share the relation, rows with 0 here are theirs alone.
        const filtered = variants.length > 1 && this.eventCondition(f, true) !== 'TRUE';
        this.valuesPlan.set(f, { name, count, filtered });
      }
    }
    const counts = this.valuesPlan.get(feature);
    if (counts === undefined)
      throw new Error('internal: value feature used before it was collected');
    return counts;
  }

  private groupKeys(): string[] {
    return this.context.tagged ? ['e.user_id', 'e.group_id'] : ['e.user_id'];
  }

  /** The output columns `groupSelect` gives. */
  private groupColumns(): string[] {
    return this.context.tagged ? ['user_id', 'tag'] : ['user_id'];
  }

  private groupSelect(): string[] {
    // Quoted: TAG is a reserved word on Redshift.
    return this.context.tagged ? ['e.user_id', `e.group_id AS ${this.q('tag')}`] : ['e.user_id'];
  }

  /**
   * The per-value relations whose counts an event's partials compute in
   * their own pass (`Dialect.valueHistogram`): those with one count, of a
   * string or a number, over a page or screen source or a tracks event with partials of
   * its own (per-event partials). Each maps to that
   * relation and the aggregate's column and expression there.
   */
  private foldedValues(
    groups: readonly PartialGroup[],
    byRelation: ReadonlyMap<string, readonly Feature[]>,
  ): Map<string, FoldedValues> {
    const folded = new Map<string, FoldedValues>();
    const { valueHistogram, exactText } = this.context.dialect;
    if (!valueHistogram || exactText) return folded;
    for (const [name, features] of byRelation) {
      const [feature] = features;
      const type = feature?.aggregation.property?.type;
      if (!feature || (type !== 'string' && type !== 'number')) continue;
      if (features.some((f) => this.valueCounts(f).count !== 'n')) continue;
      const event = feature.aggregation.event;
      // A relation of every tracks event would step the count on each event's rows: not folded.
      const group = groups.find(
        (g) =>
          g.source === feature.source &&
          (event.source === 'tracks' ? g.event === event.event : g.event === undefined),
      );
      if (!group) continue;
      const cond = this.eventCondition(feature, group.event !== undefined);
      const key = valueHistogram.key(this.valueExpr(feature), type);
      const expr = valueHistogram.aggregate(
        cond === 'TRUE' ? key : `CASE WHEN ${cond} THEN ${key} END`,
      );
      folded.set(name, { group: group.name, column: `${feature.column}__h`, expr, type });
    }
    return folded;
  }

  /** The per-source partial relations (one GROUP BY each) and the per-value relations. */
  partialRelations(): Relation[] {
    const relations: Relation[] = [];
    const groups = this.partialGroups();
    const byRelation = new Map<string, Feature[]>();
    for (const feature of this.valueFeatures()) {
      const { name } = this.valueCounts(feature);
      byRelation.set(name, [...(byRelation.get(name) ?? []), feature]);
    }
    const folded = this.foldedValues(groups, byRelation);
    for (const { name, source, event, features } of groups) {
      const lines = [...this.groupSelect()];
      const columns = this.groupColumns();
      for (const feature of features) {
        for (const [column, expr] of this.partialColumns(feature, event !== undefined)) {
          lines.push(`${expr} AS ${this.q(column)}`);
          columns.push(column);
        }
      }
      for (const values of folded.values()) {
        if (values.group !== name) continue;
        lines.push(`${values.expr} AS ${this.q(values.column)}`);
        columns.push(values.column);
      }
      const inputs = new Inputs(this.context.dialect);
      const query = this.knex
        .select(lines.map((l) => this.raw(l)))
        .from({ e: inputs.named(STAGE.event(source)) });
      if (event !== undefined) {
        query.where(this.raw(`e.event = ${this.context.dialect.stringLiteral(event)}`));
      }
      const rows = event === undefined ? source : `${source} of event ${JSON.stringify(event)}`;
      relations.push({
        name,
        kind: 'partials',
        columns,
        comment: [
          `Partial aggregates of every feature over ${rows}, in one pass, per user${this.context.tagged ? ' and group tag' : ''}.`,
        ],
        query: query.groupBy(this.raw(this.groupKeys().join(', '))).toQuery(),
        inputs: inputs.list(),
      });
    }
    relations.push(...this.sequenceRelations());
    for (const [name, features] of byRelation) {
      const fold = folded.get(name);
      relations.push(
        fold
          ? this.foldedValuesRelation(name, features, fold)
          : this.valuesRelation(name, features),
      );
    }
    return relations;
  }

  /** A per-value relation read back from the counts its event's partials computed (`foldedValues`). */
  private foldedValuesRelation(
    name: string,
    features: readonly Feature[],
    fold: FoldedValues,
  ): Relation {
    const histogram = this.context.dialect.valueHistogram;
    if (!histogram) throw new Error('internal: folded per-value counts without valueHistogram');
    const inputs = new Inputs(this.context.dialect);
    const column = `p.${this.q(fold.column)}`;
    const keys = this.groupColumns().map((c) => `p.${this.q(c)}`);
    const users = features.map((f) => `${f.column} (${f.aggregation.fn})`);
    return {
      name,
      kind: 'values',
      columns: [...this.groupColumns(), 'value', 'n'],
      comment: [`Per-value event counts for ${users.join(', ')}, counted in ${fold.group}.`],
      query: this.knex
        .select(
          [
            ...keys,
            `${histogram.value(column, fold.type)} AS value`,
            `${histogram.count(column)} AS n`,
          ].map((c) => this.raw(c)),
        )
        .from({ p: inputs.named(fold.group) })
        .where(this.raw(`${column} IS NOT NULL`))
        .toQuery(),
      inputs: inputs.list(),
    };
  }

  /** One per-value relation: `(user[, tag], value, n…)`, the count of each value's events. */
  private valuesRelation(name: string, features: readonly Feature[]): Relation {
    const [feature] = features;
    if (!feature) throw new Error('internal: a per-value relation without features');
    const v = this.valueExpr(feature);
    const group = this.valueGroup(feature, v, `${v} AS value`);
    const inputs = new Inputs(this.context.dialect);
    const users = features.map((f) => `${f.column} (${f.aggregation.fn})`);
    // One count per (filter, window), in column order, each with its events' condition.
    const counts = new Map<string, string>();
    for (const f of features) counts.set(this.valueCounts(f).count, this.eventCondition(f, true));
    // Rows without a value are dropped before grouping, or after it where that
    // spares a second evaluation of the value (DialectCapabilities).
    const late = this.context.dialect.capabilities.valuesNullsAfterGrouping === true;
    const where = late ? [] : [`${v} IS NOT NULL`];
    const select = [...this.groupSelect(), group.select];
    if (counts.size === 1) {
      where.push(this.eventCondition(feature));
      select.push('count(*) AS n');
    } else {
      const source = feature.aggregation.event;
      if (source.source === 'tracks') {
        where.push(`e.event = ${this.context.dialect.stringLiteral(source.event)}`);
      }
      const conditions = [...counts.values()];
      if (!conditions.includes('TRUE'))
        where.push(`(${conditions.map((c) => `(${c})`).join(' OR ')})`);
      for (const [column, condition] of counts) {
        select.push(`${this.filtered('count', '*', condition)} AS ${this.q(column)}`);
      }
    }
    return {
      name,
      kind: 'values',
      columns: [...this.groupColumns(), 'value', ...counts.keys()],
      comment: [
        `Per-value event counts for ${users.join(', ')}${counts.size > 1 ? ', one count per window and filter' : ''}.`,
      ],
      query: (() => {
        const query = this.knex
          .select(select.map((c) => this.raw(c)))
          .from({ e: inputs.named(STAGE.event(feature.source)) });
        if (where.length > 0) void query.where(this.raw(where.join(' AND ')));
        void query.groupBy(this.raw([...this.groupKeys(), group.key].join(', ')));
        if (late) void query.having(this.raw(`count(${v}) > 0`));
        return query.toQuery();
      })(),
      inputs: inputs.list(),
    };
  }

  private sequenceName(sequence: SequenceFeature, level: Level): string {
    return `roster_sequence_${sequence.column}_${level}`;
  }

  /** One relation per sequence and level: the users (or user, account pairs) for which it holds. */
  private sequenceRelations(): Relation[] {
    const relations: Relation[] = [];
    for (const sequence of this.sequences.values()) {
      for (const level of [...sequence.levels].sort()) {
        const perAccount = level === 'user_account';
        const inputs = new Inputs(this.context.dialect);
        const aggregations = stepAggregations(sequence.steps);
        const query = sequenceQuery({
          dialect: this.context.dialect,
          steps: sequence.steps,
          ...(perAccount ? { memberships: STAGE.memberships } : {}),
          inputs,
          now: this.context.now,
          sources: this.sequenceReaders(aggregations),
        });
        relations.push({
          name: this.sequenceName(sequence, level),
          kind: 'partials',
          columns: perAccount ? ['user_id', 'account_id'] : ['user_id'],
          comment: [
            `Sequence ${sequence.column}: the ${perAccount ? '(user, account) pairs' : 'users'} with events in the order of its steps, in one ordered pass.`,
          ],
          query: query.toQuery(),
          inputs: inputs.list(),
        });
      }
    }
    return relations;
  }

  /**
   * What a sequence reads: each event source's stage once, or, where event
   * scans are views (`Dialect.temporaryView`), each tracks event on its own
   * (`e.event = …`, which the warehouse pushes into the scan of the source,
   * as for per-event partials; the steps' OR of conditions it cannot push).
   */
  private sequenceReaders(aggregations: readonly IrAggregation[]): SequenceSource[] {
    const perEvent = this.context.dialect.temporaryView !== undefined;
    const reader = (a: IrAggregation): string =>
      perEvent && a.event.source === 'tracks' ? `tracks:${a.event.event}` : a.event.source;
    const readers = [...new Set(aggregations.map(reader))].sort();
    return readers.map((key) => {
      const [first] = aggregations.filter((a) => reader(a) === key);
      if (!first) throw new Error('internal: a sequence reader without steps');
      const { source } = first.event;
      const event = perEvent && first.event.source === 'tracks' ? first.event.event : undefined;
      return {
        stage: STAGE.event(source),
        ...(event !== undefined ? { event } : {}),
        matches: aggregations.map((a) =>
          reader(a) === key
            ? this.eventCondition(
                { column: '', aggregation: a, source, levels: new Set() },
                event !== undefined,
              )
            : undefined,
        ),
      };
    });
  }

  /** Keys of a level as [name, expression over `p` (partials) and `m` (memberships)]. */
  private levelKeys(level: Level): Array<[string, string]> {
    if (level === 'user') return [['id', 'p.user_id']];
    if (level === 'account') return [['id', 'm.account_id']];
    return [
      ['user_id', 'm.user_id'],
      ['account_id', 'm.account_id'],
    ];
  }

  /** `select` over partial rows (alias `p`) joined to the level's entities, grouped by the level's keys and `extraGroup`. */
  private levelQuery(
    inputs: Inputs,
    level: Level,
    relation: string,
    select: string[],
    extraGroup: string[] = [],
  ): Knex.QueryBuilder {
    const keys = this.levelKeys(level);
    const query = this.knex.select(
      [...keys.map(([n, e]) => `${e} AS ${n}`), ...select].map((c) => this.raw(c)),
    );
    const group = this.raw([...keys.map(([, e]) => e), ...extraGroup].join(', '));
    if (level === 'user') return query.from({ p: inputs.named(relation) }).groupBy(group);
    // Under group_context an event tagged with g counts only for account g (§9).
    const tag = this.context.tagged
      ? ` AND (p.${this.q('tag')} IS NULL OR p.${this.q('tag')} = m.account_id)`
      : '';
    return query
      .from({ m: inputs.named(STAGE.memberships) })
      .join({ p: inputs.named(relation) }, (join) => {
        join.on(this.raw(`p.user_id = m.user_id${tag}`));
      })
      .groupBy(group);
  }

  /**
   * How per-value rows group by `value`: by the value itself, or, where the
   * warehouse's GROUP BY folds strings that differ only in trailing blanks
   * (Redshift), by the dialect's exact key of it — the rows of one group are
   * then equal character for character, so MIN(value) is that value.
   */
  private valueGroup(
    feature: Feature,
    value: string,
    /** The select item when grouping by the value itself. */
    plain: string,
  ): { key: string; select: string } {
    const exact = feature.aggregation.property?.type === 'string' && this.context.dialect.exactText;
    return exact
      ? { key: exact(value), select: `MIN(${value}) AS value` }
      : { key: value, select: plain };
  }

  /**
   * The value features of `level` grouped by the counts they read (relation
   * and count column): each group is rolled up in one GROUP BY, one join of
   * the level's table, whatever the number of its features (`favourite_feature`
   * and `features_tried_30d` count the same values: one pass over them, not two).
   * A `most_frequent` without the dialect's one-aggregate form is ranked in a
   * query of its own.
   */
  private valueRollupGroups(level: Level): Feature[][] {
    const groups = new Map<string, Feature[]>();
    for (const feature of this.all()) {
      if (!feature.levels.has(level) || !VALUE_FUNCTIONS.has(feature.aggregation.fn)) continue;
      const { name, count } = this.valueCounts(feature);
      const ranked =
        feature.aggregation.fn === 'most_frequent' && !this.context.dialect.mostFrequent;
      const key = ranked ? `ranked\u0000${feature.column}` : `${name}\u0000${count}`;
      groups.set(key, [...(groups.get(key) ?? []), feature]);
    }
    return [...groups.values()];
  }

  /** The per-value counts of a rollup group (`valueRollupGroups`) at `level`, as rows `(keys, value, n)`. */
  private valueCountRows(inputs: Inputs, level: Level, feature: Feature): Knex.QueryBuilder {
    const { name, count, filtered } = this.valueCounts(feature);
    const n = `p.${this.q(count)}`;
    let counts: Knex.QueryBuilder;
    if (level === 'user' && !this.context.tagged) {
      // The relation has one row per (user, value) already: no second GROUP BY.
      counts = this.knex
        .select(this.raw(`p.user_id AS id, p.value, ${n} AS n`))
        .from({ p: inputs.named(name) });
    } else {
      const group = this.valueGroup(feature, 'p.value', 'p.value');
      counts = this.levelQuery(inputs, level, name, [group.select, `sum(${n}) AS n`], [group.key]);
    }
    if (filtered) counts.where(this.raw(`${n} > 0`));
    return counts;
  }

  /** One rollup group's features (`valueRollupGroups`), a column each, per key of `level`. */
  private valueRollup(
    inputs: Inputs,
    level: Level,
    features: readonly Feature[],
  ): Knex.QueryBuilder {
    const { dialect } = this.context;
    const k = this.knex;
    const [first] = features;
    if (!first) throw new Error('internal: a value rollup without features');
    const keyNames = this.levelKeys(level).map(([n]) => n);
    const counts = this.valueCountRows(inputs, level, first);
    // most_frequent: highest count, ties to the smallest value (numeric, or code point order;
    // the exact key where ORDER BY would tie values differing only in trailing blanks).
    const order = (feature: Feature) =>
      feature.aggregation.type !== 'string'
        ? 'c.value'
        : (dialect.exactText?.('c.value') ?? dialect.codePointOrder('c.value'));
    const min = (feature: Feature) => dialect.numberLiteral(feature.aggregation.minCount ?? 1);
    const { mostFrequent } = dialect;
    if (first.aggregation.fn === 'most_frequent' && !mostFrequent) {
      const ranked = k
        .select(
          this.raw(
            `c.*, row_number() OVER (PARTITION BY ${keyNames.map((n) => `c.${n}`).join(', ')} ORDER BY c.n DESC, ${order(first)} ASC) AS r`,
          ),
        )
        .from(counts.as('c'));
      return k
        .select(this.raw(`${keyNames.join(', ')}, value AS ${this.q(first.column)}`))
        .from(ranked.as('ranked'))
        .where(this.raw(`r = 1 AND n >= ${min(first)}`));
    }
    const value = (feature: Feature): string => {
      switch (feature.aggregation.fn) {
        case 'unique':
          return dialect.sortedDistinctList('c.value', 'TRUE');
        case 'count_unique':
          return dialect.cast('count(*)', 'number');
        default:
          if (!mostFrequent) throw new Error('internal: most_frequent without the aggregate');
          // The winner's count is the largest: the group's max decides `min N`.
          return `CASE WHEN max(c.n) >= ${min(feature)} THEN ${mostFrequent('c.value', 'c.n', order(feature))} END`;
      }
    };
    return k
      .select(
        [...keyNames, ...features.map((f) => `${value(f)} AS ${this.q(f.column)}`)].map((c) =>
          this.raw(c),
        ),
      )
      .from(counts.as('c'))
      .groupBy(this.raw(keyNames.join(', ')));
  }

  /** One table per level with one column per feature at that level; entities without events get defaults. */
  levelRelation(level: Level, entityTable: string): Relation {
    const q = (n: string) => this.q(n);
    const keys = level === 'user_account' ? ['user_id', 'account_id'] : ['id'];
    const joins: Array<(query: Knex.QueryBuilder) => Knex.QueryBuilder> = [];
    const columns: string[] = keys.map((k) => `x.${k}`);
    const names = [...keys];
    const inputs = new Inputs(this.context.dialect);
    const on = (condition: string) => (join: Knex.JoinClause) => {
      join.on(this.raw(condition));
    };
    const byKeys = (alias: string) => on(keys.map((k) => `${alias}.${k} = x.${k}`).join(' AND '));
    let n = 0;
    for (const group of this.partialGroups()) {
      const scalar = group.features.filter((f) => f.levels.has(level));
      if (scalar.length === 0) continue;
      const alias = `r${++n}`;
      const relation = group.name;
      if (level === 'user' && !this.context.tagged) {
        // Partials already have one row per user: read them as they are, no second GROUP BY.
        const partials = inputs.named(relation);
        joins.push((q) => q.leftJoin({ [alias]: partials }, on(`${alias}.user_id = x.id`)));
        for (const f of scalar) {
          columns.push(`${this.finalValue(f, this.single(f, alias))} AS ${q(f.column)}`);
          names.push(f.column);
        }
        continue;
      }
      const rolled = this.levelQuery(
        inputs,
        level,
        relation,
        scalar.map((f) => `${this.combine(f)} AS ${q(f.column)}`),
      );
      joins.push((q) => q.leftJoin(rolled.as(alias), byKeys(alias)));
      for (const f of scalar) {
        columns.push(`${this.finalValue(f, `${alias}.${q(f.column)}`)} AS ${q(f.column)}`);
        names.push(f.column);
      }
    }
    for (const group of this.valueRollupGroups(level)) {
      const alias = `r${++n}`;
      const values = this.valueRollup(inputs, level, group);
      joins.push((q) => q.leftJoin(values.as(alias), byKeys(alias)));
      for (const feature of group) {
        columns.push(
          `${this.finalValue(feature, `${alias}.${q(feature.column)}`)} AS ${q(feature.column)}`,
        );
        names.push(feature.column);
      }
    }
    for (const sequence of [...this.sequences.values()].filter((q) => q.levels.has(level))) {
      const alias = `r${++n}`;
      const holds = inputs.named(this.sequenceName(sequence, level));
      const condition =
        level === 'user_account'
          ? `${alias}.user_id = x.user_id AND ${alias}.account_id = x.account_id`
          : `${alias}.user_id = x.id`;
      joins.push((q) => q.leftJoin({ [alias]: holds }, on(condition)));
      columns.push(`(${alias}.user_id IS NOT NULL) AS ${q(sequence.column)}`);
      names.push(sequence.column);
    }
    const scope = level === 'user_account' ? 'per (user, account)' : `per ${level}`;
    return {
      name: LEVEL_TABLE[level],
      kind: 'features',
      columns: names,
      comment: [`Every feature needed ${scope}.`],
      query: joins
        .reduce(
          (query, join) => join(query),
          this.knex.select(columns.map((c) => this.raw(c))).from({ x: inputs.named(entityTable) }),
        )
        .toQuery(),
      inputs: inputs.list(),
    };
  }
}
