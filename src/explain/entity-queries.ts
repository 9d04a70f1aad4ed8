/**
 * The reads explain adds to the compiled project's: whether an entity exists,
 * an entity's users or accounts, a custom trait's value, and the events an
 * aggregation reads for one entity. All are built from the compiler's own
 * source reader and dialect hooks (the mapping, casts, JSON property access,
 * `testSql` for filters and windows), so they read the sources exactly as the
 * staging scans do, on every target, and escape every id the same way.
 */
import type { IrAggregation, IrEntity, IrProject, IrValueType } from '../ir/ir.js';
import type { SourcesConfig } from '../project/types.js';
import { coerceValue, idText } from '../runtime/values.js';
import type { TraitValue } from '../runtime/values.js';
import type { Warehouse } from '../runtime/warehouse.js';
import { atom, conditionSql, testSql, windowBounds } from '../sql/conditions.js';
import type { Dialect } from '../sql/dialect.js';
import { SourceReader, type EventSourceName } from '../sql/sources.js';
import type { EntitySplit, EventSample, ExplainedEvent } from './explanation.js';

const SOURCE: Record<IrEntity, 'users' | 'accounts'> = { user: 'users', account: 'accounts' };

/** Whose events an aggregation reads: one user, or the users of one account (LANGUAGE.md §5, §9). */
export interface EventOwner {
  entity: IrEntity;
  id: string;
  /** Under `events.scope: group_context`: only events untagged or tagged with this account. */
  taggedFor?: string;
}

export class EntityQueries {
  private readonly reader: SourceReader;

  constructor(
    private readonly warehouse: Warehouse,
    private readonly dialect: Dialect,
    private readonly now: string,
    sources: SourcesConfig,
    ir: IrProject,
  ) {
    this.reader = new SourceReader(dialect, sources, ir);
  }

  private lit(text: string): string {
    return this.dialect.stringLiteral(text);
  }

  /** `(SELECT DISTINCT id …)`: every entity of a kind (non-null ids), as the staging scan reads them. */
  idsOf(entity: IrEntity): string {
    const id = this.reader.typed(SOURCE[entity], 'id', 'string');
    return `(SELECT DISTINCT ${id} AS id FROM ${this.reader.from(SOURCE[entity])} WHERE ${id} IS NOT NULL)`;
  }

  /** Distinct (user, account) pairs whose user and account both exist. */
  memberships(): string {
    const user = this.reader.typed('memberships', 'user_id', 'string');
    const account = this.reader.typed('memberships', 'account_id', 'string');
    return [
      `(SELECT DISTINCT ${user} AS user_id, ${account} AS account_id`,
      `FROM ${this.reader.from('memberships')}`,
      `WHERE ${user} IN (SELECT iu.id FROM ${this.idsOf('user')} AS iu)`,
      `  AND ${account} IN (SELECT ia.id FROM ${this.idsOf('account')} AS ia))`,
    ].join('\n');
  }

  hasMemberships(): boolean {
    return (
      this.reader.has('memberships') && this.reader.has('users') && this.reader.has('accounts')
    );
  }

  /** `SELECT count(*) FROM <from>`: `from` is a FROM item with its alias (and optional WHERE). */
  async count(from: string): Promise<number> {
    const rows = await this.warehouse.query(`SELECT count(*) AS n FROM ${from}`);
    return Number(rows[0]?.n ?? 0);
  }

  async exists(entity: IrEntity, id: string): Promise<boolean> {
    if (!this.reader.has(SOURCE[entity])) return false;
    if (this.batch)
      return (await this.wholeResult(`SELECT e.id FROM ${this.idsOf(entity)} AS e`, false)).has(id);
    return (await this.count(`${this.idsOf(entity)} AS e WHERE e.id = ${this.lit(id)}`)) > 0;
  }

  /**
   * Many ids at once: each result query is read whole, once, and kept in
   * memory, instead of one query per id and node (memory grows with the
   * results, so only batch callers ask for it).
   */
  private readonly results = new Map<string, Promise<Map<string, unknown>>>();
  batch = false;

  private wholeResult(resultQuery: string, withValue: boolean): Promise<Map<string, unknown>> {
    let cached = this.results.get(resultQuery);
    if (!cached) {
      cached = this.warehouse
        .query(`SELECT r.id${withValue ? ', r.value' : ''} FROM (${resultQuery}) AS r`)
        .then((rows) => new Map(rows.map((row) => [idText(row.id), withValue ? row.value : true])));
      this.results.set(resultQuery, cached);
    }
    return cached;
  }

  /** Whether `id` is a row of a result query (an audience's members). */
  async inResult(resultQuery: string, id: string): Promise<boolean> {
    if (this.batch) return (await this.wholeResult(resultQuery, false)).has(id);
    return (await this.count(`(${resultQuery}) AS r WHERE r.id = ${this.lit(id)}`)) > 0;
  }

  /** The value of a trait result query for `id`, or null when it has none. */
  async valueIn(resultQuery: string, id: string, type: IrValueType): Promise<TraitValue | null> {
    if (this.batch) return this.coerce((await this.wholeResult(resultQuery, true)).get(id), type);
    const rows = await this.warehouse.query(
      `SELECT r.value FROM (${resultQuery}) AS r WHERE r.id = ${this.lit(id)} AND r.value IS NOT NULL`,
    );
    return this.coerce(rows[0]?.value, type);
  }

  /**
   * A value a relation holds per (user, account) — a compiled per-account aggregate — for
   * `user` and `account`, or null when it has no row for the pair.
   */
  async pairValue(
    relation: string,
    column: string,
    user: string,
    account: string,
    type: IrValueType,
  ): Promise<TraitValue | null> {
    const rows = await this.warehouse.query(
      `SELECT p.${column} AS value FROM ${relation} AS p WHERE p.user_id = ${this.lit(user)} AND p.account_id = ${this.lit(account)}`,
    );
    return this.coerce(rows[0]?.value, type);
  }

  private coerce(raw: unknown, type: IrValueType): TraitValue | null {
    if (raw === null || raw === undefined) return null;
    const coerced = coerceValue(raw, type);
    return coerced.ok ? coerced.value : String(raw as string);
  }

  /** A custom trait (a column of the users/accounts source, schema.yml), cast to its type. */
  async customTrait(
    entity: IrEntity,
    id: string,
    name: string,
    type: IrValueType,
  ): Promise<TraitValue | null> {
    const source = SOURCE[entity];
    const idExpr = this.reader.typed(source, 'id', 'string');
    if (this.batch) {
      const all = `SELECT ${idExpr} AS id, ${this.reader.typed(source, name, type)} AS value FROM ${this.reader.from(source)} WHERE ${idExpr} IS NOT NULL`;
      return this.coerce((await this.wholeResult(all, true)).get(id), type);
    }
    const rows = await this.warehouse.query(
      `SELECT ${this.reader.typed(source, name, type)} AS value FROM ${this.reader.from(source)} WHERE ${idExpr} = ${this.lit(id)} LIMIT 1`,
    );
    return this.coerce(rows[0]?.value, type);
  }

  /**
   * The users of an account (or accounts of a user), split by whether they are
   * in `members` (a probe audience's result query): counts and the first few
   * ids of each side, in code point order.
   */
  async split(
    of: IrEntity,
    id: string,
    members: string | undefined,
    sample: number,
  ): Promise<EntitySplit> {
    const other: IrEntity = of === 'account' ? 'user' : 'account';
    const [mine, theirs] = of === 'account' ? ['account_id', 'user_id'] : ['user_id', 'account_id'];
    const related = `(SELECT m.${theirs} AS id FROM ${this.memberships()} AS m WHERE m.${mine} = ${this.lit(id)})`;
    const total = await this.count(`${related} AS r`);
    const first = async (where: string): Promise<string[]> => {
      const rows = await this.warehouse.query(
        `SELECT r.id FROM ${related} AS r${where} ORDER BY ${this.dialect.codePointOrder('r.id')} LIMIT ${sample}`,
      );
      return rows.map((row) => idText(row.id));
    };
    const split: EntitySplit = { entity: other, total, ids: await first('') };
    if (members === undefined) return split;
    for (const inside of [true, false]) {
      const where = ` WHERE r.id ${inside ? '' : 'NOT '}IN (SELECT p.id FROM (${members}) AS p)`;
      const side = { count: await this.count(`${related} AS r${where}`), ids: await first(where) };
      if (inside) split.satisfied = side;
      else split.notSatisfied = side;
    }
    return split;
  }

  /**
   * The events `aggregation` reads for `owner`, in event order (timestamp,
   * then message id, an event without one first; `last` newest first), the
   * first `sample` of them and how many there are.
   */
  async events(
    aggregation: IrAggregation,
    owner: EventOwner,
    sample: number,
  ): Promise<EventSample> {
    const r = this.reader;
    const d = this.dialect;
    const source: EventSourceName = aggregation.event.source;
    const user = r.typed(source, 'user_id', 'string');
    const ts = r.typed(source, 'timestamp', 'timestamp');
    const messageId = r.typed(source, 'message_id', 'string');
    const columns = [`${user} AS user_id`, `${ts} AS ts`, `${messageId} AS message_id`];
    const where = [`${user} IS NOT NULL`, `${ts} <= ${d.timestampLiteral(this.now)}`];
    if (aggregation.event.source === 'tracks') {
      const event = r.typed(source, 'event', 'string');
      columns.push(`${event} AS event`);
      where.push(`${event} = ${this.lit(aggregation.event.event)}`);
    }
    if (aggregation.window) where.push(...windowBounds(d, this.now, ts, aggregation.window));
    if (aggregation.filter) {
      where.push(
        conditionSql(aggregation.filter, (leaf) => {
          if (leaf.kind !== 'test') throw new Error(`internal: unexpected filter ${leaf.kind}`);
          const p = leaf.subject.property;
          return atom(testSql(d, this.now, r.property(source, p.name, p.type), leaf.test));
        }),
      );
    }
    const property = aggregation.property;
    if (property) {
      const value = r.property(source, property.name, property.type);
      columns.push(`${value} AS value`);
      // Every aggregation but count skips events that lack the property (§5).
      if (aggregation.fn !== 'count') where.push(`${value} IS NOT NULL`);
    }
    const groupId = r.typed(source, 'group_id', 'string');
    if (owner.taggedFor !== undefined) {
      columns.push(`${groupId} AS group_id`);
      where.push(`(${groupId} IS NULL OR ${groupId} = ${this.lit(owner.taggedFor)})`);
    }
    where.push(
      owner.entity === 'user'
        ? `${user} = ${this.lit(owner.id)}`
        : `${user} IN (SELECT m.user_id FROM ${this.memberships()} AS m WHERE m.account_id = ${this.lit(owner.id)})`,
    );
    const from = `FROM ${r.eventFrom(source, [aggregation])}\nWHERE ${where.join('\n  AND ')}`;
    const total = await this.count(`(SELECT ${columns.join(', ')} ${from}) AS e`);
    const dir = aggregation.fn === 'last' ? 'DESC' : 'ASC';
    const nulls = dir === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST';
    const rows = await this.warehouse.query(
      `SELECT * FROM (SELECT ${columns.join(', ')} ${from}) AS e ORDER BY e.ts ${dir}, ${d.codePointOrder('e.message_id')} ${dir} ${nulls}, ${d.codePointOrder('e.user_id')} LIMIT ${sample}`,
    );
    const events = rows.map((row): ExplainedEvent => {
      const event: ExplainedEvent = {
        timestamp: this.coerce(row.ts, 'timestamp') as string,
        messageId:
          row.message_id === null || row.message_id === undefined ? null : idText(row.message_id),
        userId: idText(row.user_id),
      };
      if (row.event !== undefined) event.event = String(row.event);
      if (property) event.value = this.coerce(row.value, property.type);
      if (owner.taggedFor !== undefined)
        event.groupId = row.group_id === null ? null : idText(row.group_id);
      return event;
    });
    return { total, events };
  }
}
