/**
 * The reads explain adds to the compiled project's: whether an entity exists,
 * an entity's users or accounts, a custom trait's value, and the events an
 * aggregation reads for one entity. All are built from the compiler's own
 * source reader and dialect hooks (the mapping, casts, JSON property access,
 * `testSql` for filters and windows), so they read the sources exactly as the
 * staging scans do, on every target, and escape every id the same way.
 *
 * Each query is assembled with the dialect's compile-only Knex builder, like
 * the compiler's relations (src/sql/README.md): expressions and literals come
 * from the dialect's hooks as fragments, never as value bindings. A query
 * explain reads rows of is `Rows`: a builder, or a finished query the
 * compiler wrote (a definition's result query).
 */
import type { Knex } from 'knex';
import type { IrAggregation, IrEntity, IrProject, IrValueType } from '../ir/ir.js';
import type { SourcesConfig } from '../project/types.js';
import { coerceValue, idText, type TraitValue, type Warehouse } from '../runtime/index.js';
import { atom, conditionSql, testSql, windowBounds } from '../sql/conditions.js';
import type { Dialect } from '../sql/dialect.js';
import { SourceReader, type EventSourceName } from '../sql/sources.js';
import type { EntitySplit, EventSample, ExplainedEvent } from './explanation.js';

const SOURCE: Record<IrEntity, 'users' | 'accounts'> = { user: 'users', account: 'accounts' };

/** Rows a query gives: a Knex builder, or the text of a finished query (a compiled result query). */
export type Rows = Knex.QueryBuilder | string;

/** Whose events an aggregation reads: one user, or the users of one account (LANGUAGE.md §5, §9). */
export interface EventOwner {
  entity: IrEntity;
  id: string;
  /** Under `events.scope: group_context`: only events untagged or tagged with this account. */
  taggedFor?: string;
}

/** A relation setup created, as the compiled project publishes it (name and columns quoted). */
export interface PublishedRelation {
  sql: string;
  columns: Record<string, string>;
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

  /** The dialect's compile-only Knex instance. */
  get knex(): Knex {
    return this.reader.knex;
  }

  /** Text the dialect's hooks (or the compiler) wrote, as a fragment of a builder. */
  raw(sql: string): Knex.Raw {
    return this.reader.raw(sql);
  }

  private lit(text: string): string {
    return this.dialect.stringLiteral(text);
  }

  /** `rows` as a FROM item under `alias`. */
  from(rows: Rows, alias: string): Knex.QueryBuilder | Knex.Raw {
    return typeof rows === 'string' ? this.raw(`(${rows}) AS ${alias}`) : rows.as(alias);
  }

  private text(rows: Rows): string {
    return typeof rows === 'string' ? rows : rows.toQuery();
  }

  /** The `id` column of `rows` (alias `p`), for `whereIn`. */
  ids(rows: Rows): Knex.QueryBuilder {
    return this.knex.select(this.raw('p.id')).from(this.from(rows, 'p'));
  }

  /** Every entity of a kind (non-null ids, column `id`), as the staging scan reads them. */
  idsOf(entity: IrEntity): Knex.QueryBuilder {
    const id = this.reader.typed(SOURCE[entity], 'id', 'string');
    return this.knex
      .distinct(this.raw(`${id} AS id`))
      .from(this.reader.fromItem(SOURCE[entity]))
      .where(this.raw(`${id} IS NOT NULL`));
  }

  /** Distinct (user, account) pairs whose user and account both exist. */
  memberships(): Knex.QueryBuilder {
    const user = this.reader.typed('memberships', 'user_id', 'string');
    const account = this.reader.typed('memberships', 'account_id', 'string');
    return this.knex
      .distinct(this.raw(`${user} AS user_id`), this.raw(`${account} AS account_id`))
      .from(this.reader.fromItem('memberships'))
      .where(this.raw(user), 'in', this.ids(this.idsOf('user')))
      .where(this.raw(account), 'in', this.ids(this.idsOf('account')));
  }

  hasMemberships(): boolean {
    return (
      this.reader.has('memberships') && this.reader.has('users') && this.reader.has('accounts')
    );
  }

  /** How many rows `rows` gives. */
  async count(rows: Rows): Promise<number> {
    const query = this.knex.select(this.raw('count(*) AS n')).from(this.from(rows, 'c'));
    const result = await this.warehouse.query(query.toQuery());
    return Number(result[0]?.n ?? 0);
  }

  /** The rows of `rows` (alias `r`) whose `id` is `id`. */
  private withId(rows: Rows, id: string): Knex.QueryBuilder {
    return this.knex
      .select(this.raw('r.id'))
      .from(this.from(rows, 'r'))
      .where(this.raw(`r.id = ${this.lit(id)}`));
  }

  async exists(entity: IrEntity, id: string): Promise<boolean> {
    if (!this.reader.has(SOURCE[entity])) return false;
    if (this.batch) return (await this.wholeResult(this.idsOf(entity), false)).has(id);
    return (await this.count(this.withId(this.idsOf(entity), id))) > 0;
  }

  /**
   * Many ids at once: each result query is read whole, once, and kept in
   * memory, instead of one query per id and node (memory grows with the
   * results, so only batch callers ask for it).
   */
  private readonly results = new Map<string, Promise<Map<string, unknown>>>();
  batch = false;

  private wholeResult(rows: Rows, withValue: boolean): Promise<Map<string, unknown>> {
    const query = this.knex
      .select(this.raw(withValue ? 'r.id, r.value' : 'r.id'))
      .from(this.from(rows, 'r'))
      .toQuery();
    let cached = this.results.get(query);
    if (!cached) {
      cached = this.warehouse
        .query(query)
        .then((rows) => new Map(rows.map((row) => [idText(row.id), withValue ? row.value : true])));
      this.results.set(query, cached);
    }
    return cached;
  }

  /** Whether `id` is a row of `rows` (a result query: an audience's members). */
  async inResult(rows: Rows, id: string): Promise<boolean> {
    if (this.batch) return (await this.wholeResult(rows, false)).has(id);
    return (await this.count(this.withId(rows, id))) > 0;
  }

  /** The value of a trait result query for `id`, or null when it has none. */
  async valueIn(resultQuery: string, id: string, type: IrValueType): Promise<TraitValue | null> {
    if (this.batch) return this.coerce((await this.wholeResult(resultQuery, true)).get(id), type);
    const query = this.knex
      .select(this.raw('r.value'))
      .from(this.from(resultQuery, 'r'))
      .where(this.raw(`r.id = ${this.lit(id)} AND r.value IS NOT NULL`));
    const rows = await this.warehouse.query(query.toQuery());
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
    const query = this.knex
      .select(this.raw(`p.${column} AS value`))
      .from(this.raw(`${relation} AS p`))
      .where(this.raw(`p.user_id = ${this.lit(user)} AND p.account_id = ${this.lit(account)}`));
    const rows = await this.warehouse.query(query.toQuery());
    return this.coerce(rows[0]?.value, type);
  }

  /**
   * The users of `account` (column `id`) for whom `condition` — an expression over the
   * compiled (user, account) features `pairs` (alias `fp`) — holds.
   */
  pairMembers(
    memberships: PublishedRelation,
    pairs: PublishedRelation,
    account: string,
    condition: string,
  ): Knex.QueryBuilder {
    const { user_id: userId, account_id: accountId } = memberships.columns;
    const members = this.knex
      .select(this.raw(`${userId} AS user_id`), this.raw(`${accountId} AS account_id`))
      .from(this.raw(memberships.sql));
    return this.knex
      .select(this.raw('m.user_id AS id'))
      .from(members.as('m'))
      .leftJoin(this.raw(`${pairs.sql} AS fp`), (join) => {
        join.on(
          this.raw(
            `fp.${pairs.columns.user_id} = m.user_id AND fp.${pairs.columns.account_id} = m.account_id`,
          ),
        );
      })
      .where(this.raw(`m.account_id = ${this.lit(account)} AND ${condition}`));
  }

  /** Accounts (column `id`) with `low` to `high` users; only those in `members` when given. */
  accountsSized(low: number, high: number, members?: Rows): Knex.QueryBuilder {
    const sizes = this.knex
      .select(this.raw('a.id'), this.raw('count(m.user_id) AS users'))
      .from(this.idsOf('account').as('a'))
      .leftJoin(this.memberships().as('m'), (join) => {
        join.on(this.raw('m.account_id = a.id'));
      })
      .groupBy(this.raw('a.id'));
    const bucket = this.knex
      .select(this.raw('s.id'))
      .from(sizes.as('s'))
      .where(this.raw(`s.users >= ${low} AND s.users <= ${high}`));
    return members === undefined ? bucket : bucket.where(this.raw('s.id'), 'in', this.ids(members));
  }

  /**
   * The rows of `members` (entities of `entity`) that are in `theirs` (entities of
   * `theirEntity`), or, across entities, that have a user or account in it.
   */
  overlap(members: Rows, entity: IrEntity, theirs: Rows, theirEntity: IrEntity): Knex.QueryBuilder {
    const [mine, other] =
      entity === 'account' ? ['account_id', 'user_id'] : ['user_id', 'account_id'];
    const inTheirs =
      entity === theirEntity
        ? this.ids(theirs)
        : this.knex
            .select(this.raw(`m.${mine}`))
            .from(this.memberships().as('m'))
            .where(this.raw(`m.${other}`), 'in', this.ids(theirs));
    return this.knex
      .select(this.raw('r.id'))
      .from(this.from(members, 'r'))
      .where(this.raw('r.id'), 'in', inTheirs);
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
    const value = this.raw(`${this.reader.typed(source, name, type)} AS value`);
    if (this.batch) {
      const all = this.knex
        .select(this.raw(`${idExpr} AS id`), value)
        .from(this.reader.fromItem(source))
        .where(this.raw(`${idExpr} IS NOT NULL`));
      return this.coerce((await this.wholeResult(all, true)).get(id), type);
    }
    const query = this.knex
      .select(value)
      .from(this.reader.fromItem(source))
      .where(this.raw(`${idExpr} = ${this.lit(id)}`))
      .limit(1, { skipBinding: true });
    const rows = await this.warehouse.query(query.toQuery());
    return this.coerce(rows[0]?.value, type);
  }

  /** The first `sample` ids of `rows` (alias `r`), in code point order. */
  private async firstIds(rows: Knex.QueryBuilder, sample: number): Promise<string[]> {
    const query = this.knex
      .select(this.raw('r.id'))
      .from(rows.as('r'))
      .orderBy(this.raw(this.dialect.codePointOrder('r.id')))
      .limit(sample, { skipBinding: true });
    return (await this.warehouse.query(query.toQuery())).map((row) => idText(row.id));
  }

  /**
   * The users of an account (or accounts of a user), split by whether they are
   * in `members` (a probe audience's result query): counts and the first few
   * ids of each side, in code point order.
   */
  async split(
    of: IrEntity,
    id: string,
    members: Rows | undefined,
    sample: number,
  ): Promise<EntitySplit> {
    const other: IrEntity = of === 'account' ? 'user' : 'account';
    const [mine, theirs] = of === 'account' ? ['account_id', 'user_id'] : ['user_id', 'account_id'];
    const related = () =>
      this.knex
        .select(this.raw(`m.${theirs} AS id`))
        .from(this.memberships().as('m'))
        .where(this.raw(`m.${mine} = ${this.lit(id)}`));
    const total = await this.count(related());
    const split: EntitySplit = {
      entity: other,
      total,
      ids: await this.firstIds(related(), sample),
    };
    if (members === undefined) return split;
    for (const inside of [true, false]) {
      const side = related();
      side.where(this.raw(`m.${theirs}`), inside ? 'in' : 'not in', this.ids(members));
      const counted = { count: await this.count(side), ids: await this.firstIds(side, sample) };
      if (inside) split.satisfied = counted;
      else split.notSatisfied = counted;
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
    if (owner.entity === 'user') where.push(`${user} = ${this.lit(owner.id)}`);
    const read = where.reduce(
      (query, condition) => query.where(this.raw(condition)),
      this.knex
        .select(columns.map((c) => this.raw(c)))
        .from(r.eventFromItem(source, [aggregation])),
    );
    if (owner.entity === 'account') {
      const users = this.knex
        .select(this.raw('m.user_id'))
        .from(this.memberships().as('m'))
        .where(this.raw(`m.account_id = ${this.lit(owner.id)}`));
      read.where(this.raw(user), 'in', users);
    }
    const total = await this.count(read);
    const dir = aggregation.fn === 'last' ? 'DESC' : 'ASC';
    const nulls = dir === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST';
    const order = `e.ts ${dir}, ${d.codePointOrder('e.message_id')} ${dir} ${nulls}, ${d.codePointOrder('e.user_id')}`;
    const query = this.knex
      .select('*')
      .from(read.as('e'))
      .orderByRaw(this.raw(order))
      .limit(sample, { skipBinding: true });
    const rows = await this.warehouse.query(query.toQuery());
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
