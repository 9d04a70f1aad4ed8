/**
 * IR → SQL (LANGUAGE.md §2–§6, §9) for one dialect, one reference instant and
 * one source mapping. See src/sql/README.md for the evaluation design.
 *
 * The result is a `setup` script of temporary tables in dependency order:
 * staging scans (users, accounts, memberships, one scan per event source),
 * shared feature tables, SQL traits, then one table per audience; each
 * definition's result query reads those tables.
 */
import type { Knex } from 'knex';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type {
  IrAggregation,
  IrAudience,
  IrComputedTrait,
  IrCondition,
  IrDefinition,
  IrEntity,
  IrEntitySubject,
  IrProject,
  IrSqlTrait,
  IrTrait,
  IrTraitAggregation,
  IrUserCount,
  IrValueType,
} from '../ir/ir.js';
import type { DialectName, LogicalSource, SourcesConfig } from '../project/types.js';
import type {
  CompiledDefinition,
  CompiledProject,
  CompiledRelation,
  CompiledRelations,
  CompiledDuplicateIds,
  CompiledSqlTrait,
  SetupStep,
} from './compiled.js';
import { atom, conditionSql, testSql } from './conditions.js';
import type { Dialect } from './dialect.js';
import { findDialect } from './dialects/index.js';
import { compileOnlyKnex, sqlFragment } from './knex-client.js';
import { FeatureSet, featureKey, LEVEL_TABLE, type Level } from './features.js';
import { assertDistinct, fitIdentifier, identifier } from './names.js';
import {
  closure,
  closureOf,
  dependencyOrder,
  indent,
  Inputs,
  instantMinus,
  sqlComment,
  type Relation,
  type RelationKind,
} from './relation.js';
import { layoutProblems, SourceReader, STAGE, type EventSourceName } from './sources.js';
import { followedByAlias } from './placeholder-alias.js';
import { createStatement, dropStatement, type Materialisation } from './statements.js';

/** The JSON document as a column of an event stage's inner query (no staged column is named so: theirs are `p_…`). */
const STAGE_JSON = 'roster_json';

export interface CompileOptions {
  dialect: DialectName;
  /** The reference instant, ISO-8601. */
  now: string;
  sources: SourcesConfig;
  /** Compile only these definitions (and what they depend on). */
  select?: string[];
}

/** A user-level problem that stops compilation (unsupported dialect or layout), as diagnostics. */
export class SqlCompileError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join('\n'));
    this.name = 'SqlCompileError';
  }
}

export type CompileResult =
  { ok: true; compiled: CompiledProject } | { ok: false; diagnostics: Diagnostic[] };

/** Like `compileProject`, with the user-level problems returned as diagnostics. */
export function tryCompileProject(ir: IrProject, options: CompileOptions): CompileResult {
  try {
    return { ok: true, compiled: compileProject(ir, options) };
  } catch (caught) {
    if (caught instanceof SqlCompileError) return { ok: false, diagnostics: caught.diagnostics };
    throw caught;
  }
}

/** How many duplicated ids per source a plan names. */
const DUPLICATE_SAMPLES = 5;

const ENTITY_STAGE: Record<IrEntity, string> = { user: STAGE.users, account: STAGE.accounts };

function selectDefinitions(ir: IrProject, select: string[] | undefined): IrDefinition[] {
  return select ? closure(ir.definitions, select, (d) => d.dependsOn) : ir.definitions;
}

/** Compiles `ir`; throws SqlCompileError for a dialect or layout roster cannot compile for yet. */
export function compileProject(ir: IrProject, options: CompileOptions): CompiledProject {
  return compilerFor(ir, options).compile();
}

/**
 * The relational plan behind `compileProject`: every relation setup creates,
 * in setup order, with its kind, output columns and inputs (for tests and
 * tools that inspect the plan rather than the SQL text).
 */
export function relationPlan(ir: IrProject, options: CompileOptions): Relation[] {
  const compiler = compilerFor(ir, options);
  compiler.compile();
  return compiler.plan();
}

function compilerFor(ir: IrProject, options: CompileOptions): ProjectCompiler {
  const dialect = findDialect(options.dialect);
  const problems: Diagnostic[] = [];
  if (!dialect) {
    problems.push(
      error(
        'sql-dialect-unsupported',
        `roster cannot compile SQL for \`${options.dialect}\` yet`,
        undefined,
        ['use a target with dialect `duckdb` or `postgres`'],
      ),
    );
  }
  if (dialect) problems.push(...layoutProblems(dialect, options.sources));
  problems.push(...windowsBeforeYearZero(ir, options.now));
  if (!dialect || problems.length > 0) throw new SqlCompileError(problems);
  return new ProjectCompiler(ir, dialect, options);
}

/**
 * `within` windows whose start, counted back from `now`, falls before the year
 * 0: warehouses store no such instant (and the SQL literal would not parse).
 * The checker bounds windows at 1000 years, so this happens only with a
 * `--now` early in the year 1000.
 */
function windowsBeforeYearZero(ir: IrProject, now: string): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const definition of ir.definitions) {
    let longest: { window: string; from: string } | undefined;
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (typeof node !== 'object' || node === null) return;
      const record = node as Record<string, unknown>;
      // A rolling window (§12.1) reaches back to its far edge (its near one for `before N … ago`).
      const amount =
        record.kind === 'within'
          ? record.amount
          : record.kind === 'ago'
            ? (record.far ?? record.near)
            : undefined;
      if (
        typeof amount === 'number' &&
        typeof record.unit === 'string' &&
        record.unit in WINDOW_UNITS
      ) {
        const unit = record.unit as keyof typeof WINDOW_UNITS;
        const from = instantMinus(now, amount, unit);
        if (from.startsWith('-') && (!longest || from < longest.from))
          longest = {
            window:
              record.kind === 'ago'
                ? `${amount} ${unit}${amount === 1 ? '' : 's'} ago`
                : `within ${amount} ${unit}${amount === 1 ? '' : 's'}`,
            from,
          };
      }
      Object.values(record).forEach(visit);
    };
    visit({ ...definition, origin: undefined });
    if (!longest) continue;
    problems.push(
      error(
        'sql-window-before-year-0',
        `\`${longest.window}\` before \`--now ${new Date(now).toISOString()}\` reaches back before the year 0, where warehouses store no instants`,
        definition.origin?.range,
        ['evaluate at a later `--now`, or shorten the window'],
      ),
    );
  }
  return problems;
}

const WINDOW_UNITS = { minute: 1, hour: 1, day: 1, week: 1 } as const;

interface Scope {
  entity: IrEntity;
  /** Alias of the entity's staging row (has `id` and custom trait columns). */
  row: string;
  /** Alias of the entity's feature table row. */
  features: string;
  /** Alias of the (user, account) feature row, inside a quantifier body. */
  pair?: string;
  /** Top level of an audience: alias under which its shared grouped table is joined. */
  grouped?: string;
}

/**
 * Quantifiers over an account's users (and `some account` over a user's
 * accounts) whose bodies read only that user's (account's) own rows are all
 * computed in one grouped join per entity — `count(CASE WHEN body THEN 1 END)`
 * per body — instead of one correlated subquery per audience. Bodies that
 * reach further (audiences, SQL traits, nested quantifiers) stay correlated.
 */
interface GroupedTable {
  name: string;
  /** Column → two-valued body, in order. */
  columns: Array<[string, string]>;
  /** Adds the FROM item and joins to a query, and the key the rows are grouped by. */
  from: (query: Knex.QueryBuilder) => Knex.QueryBuilder;
  key: string;
  comment: string;
  /** Placeholder in `relations`, filled in when every audience is compiled. */
  relation: Relation;
  /** Some query reads it (a `count users` without C reads only its user count `n`). */
  read: boolean;
}

class ProjectCompiler {
  private readonly dialect: Dialect;
  private readonly now: string;
  private readonly reader: SourceReader;
  private readonly features: FeatureSet;
  private readonly definitions: IrDefinition[];
  private readonly traits = new Map<string, IrTrait>();
  private readonly customTraits: Record<IrEntity, Set<string>> = {
    user: new Set(),
    account: new Set(),
  };
  private aliasCounter = 0;
  private readonly levelTables = new Set<string>();
  /** The plan's relations by name, once every relation is built. */
  private planned = new Map<string, Relation>();
  /** Shared grouped bodies: quantifiers per account, `some account` per user. */
  private readonly grouped = new Map<IrEntity, GroupedTable>();
  /** How many conditions read a grouped table so far (an audience joins it only when it does). */
  private groupedReads = 0;

  constructor(
    private readonly ir: IrProject,
    dialect: Dialect,
    private readonly options: CompileOptions,
  ) {
    this.dialect = dialect;
    this.now = new Date(options.now).toISOString();
    this.reader = new SourceReader(dialect, options.sources, ir);
    this.features = new FeatureSet({
      dialect,
      now: this.now,
      tagged: ir.scope === 'group_context',
    });
    this.definitions = selectDefinitions(ir, options.select);
  }

  /** A relation or column the compiler names, fitted to the dialect's identifier limit. */
  private q(name: string): string {
    return identifier(this.dialect, name);
  }

  /** The relation reads of the query being built (`recording`). */
  private inputs: Inputs | undefined;

  /** Relation `name` as written in FROM, noted as an input of the relation being built. */
  private read(name: string): string {
    if (!this.inputs) throw new Error(`internal: ${name} read outside a relation`);
    return this.inputs.read(name);
  }

  /** Relation `name` for a Knex builder (fitted, unquoted), noted as an input. */
  private readNamed(name: string): string {
    if (!this.inputs) throw new Error(`internal: ${name} read outside a relation`);
    return this.inputs.named(name);
  }

  /** The dialect's compile-only Knex instance: relations are assembled with its query builder. */
  private get knex(): Knex {
    return compileOnlyKnex(this.dialect);
  }

  /** SQL text the compiler (and the dialect's hooks) wrote, as a fragment of a Knex builder. */
  private raw(sql: string): Knex.Raw {
    return sqlFragment(this.knex, sql);
  }

  /** Builds one query, recording which relations it reads. */
  private recording<T>(build: () => T): { built: T; inputs: string[] } {
    const outer = this.inputs;
    const inputs = new Inputs(this.dialect);
    this.inputs = inputs;
    try {
      return { built: build(), inputs: inputs.list() };
    } finally {
      this.inputs = outer;
    }
  }

  // ---------------------------------------------------------------- pass 1: what is read

  private collectSubject(subject: IrEntitySubject, level: Level): void {
    if (subject.kind === 'custom-trait') this.customTraits[subject.entity].add(subject.name);
    if (subject.kind === 'aggregate') {
      // `count users C` (§12.4) reads what a quantifier with body C reads.
      if (subject.aggregation.fn === 'count-users') this.collect(subject.aggregation.body, 'user');
      else this.features.use(subject.aggregation, subject.perAccount ? 'user_account' : level);
    }
  }

  private collect(condition: IrCondition, entity: IrEntity): void {
    const level: Level = entity;
    switch (condition.kind) {
      case 'and':
      case 'or':
        condition.operands.forEach((o) => this.collect(o, entity));
        return;
      case 'not':
        this.collect(condition.operand, entity);
        return;
      case 'test':
        this.collectSubject(condition.subject, level);
        return;
      case 'did':
        this.features.use(condition.aggregation, condition.perAccount ? 'user_account' : level);
        return;
      case 'sequence':
        this.features.useSequence(condition.steps, condition.perAccount ? 'user_account' : level);
        return;
      case 'some-account':
        this.collect(condition.condition, 'account');
        return;
      case 'quantified':
        this.collect(condition.body, 'user');
        return;
      case 'at-least-of':
        condition.operands.forEach((o) => this.collect(o, entity));
        return;
      case 'constant':
      case 'in-audience':
      case 'split-bucket':
        return;
    }
  }

  // ---------------------------------------------------------------- pass 2: SQL

  compile(): CompiledProject {
    for (const definition of this.definitions) {
      if (definition.kind === 'computed-trait' || definition.kind === 'sql-trait') {
        this.traits.set(definition.name, definition);
      }
      if (definition.kind === 'computed-trait') {
        if (definition.aggregation.fn === 'count-users')
          this.collect(definition.aggregation.body, 'user');
        else this.features.use(definition.aggregation, definition.entity, definition.name);
      }
      if (definition.kind === 'audience') this.collect(definition.condition, definition.entity);
    }

    const relations: Relation[] = [...this.stagingRelations(), ...this.features.partialRelations()];
    for (const level of this.features.levels()) {
      const entityTable =
        level === 'user' ? STAGE.users : level === 'account' ? STAGE.accounts : STAGE.memberships;
      relations.push(this.features.levelRelation(level, entityTable));
      this.levelTables.add(LEVEL_TABLE[level]);
    }
    for (const entity of ['user', 'account'] as const) {
      // Scopes always join their entity's feature table; an empty one is just the ids.
      if (!this.levelTables.has(LEVEL_TABLE[entity]) && this.hasEntity(entity)) {
        const { built: query, inputs } = this.recording(() =>
          this.knex
            .select(this.raw('x.id'))
            .from({ x: this.readNamed(ENTITY_STAGE[entity]) })
            .toQuery(),
        );
        relations.push({
          name: LEVEL_TABLE[entity],
          kind: 'features',
          columns: ['id'],
          comment: [`No event features per ${entity}.`],
          query,
          inputs,
        });
        this.levelTables.add(LEVEL_TABLE[entity]);
      }
    }

    // The grouped tables read only staging and feature tables: they go before every audience.
    for (const entity of ['account', 'user'] as const) {
      const table = this.groupedTable(entity);
      if (table) relations.push(table.relation);
    }

    const traitTables: Array<{ definition: IrSqlTrait; query: string; relation: Relation }> = [];
    const outputs: Array<Exclude<IrDefinition, { kind: 'sync' }>> = [];
    for (const definition of this.definitions) {
      if (definition.kind === 'sync') continue;
      if (definition.kind === 'sql-trait') {
        const query = this.expandSqlTrait(definition);
        const relation = this.sqlTraitRelation(definition, query);
        traitTables.push({ definition, query, relation });
        relations.push(relation);
      }
      if (definition.kind === 'audience') relations.push(this.audienceRelation(definition));
      if (definition.kind === 'computed-trait' && definition.aggregation.fn === 'count-users')
        relations.push(this.userCountRelation(definition, definition.aggregation));
      outputs.push(definition);
    }
    for (const table of this.grouped.values()) this.fillGrouped(table);
    const used = relations.filter(
      (r) => ![...this.grouped.values()].some((t) => t.relation === r && !t.read),
    );
    const ordered = dependencyOrder(used);
    this.planned = new Map(ordered.map((r) => [r.name, r]));
    const sqlTraits: CompiledSqlTrait[] = traitTables.map(({ definition, query, relation }) => ({
      name: definition.name,
      entity: definition.entity,
      type: definition.type,
      query,
      fill: this.fillStatement(relation),
      table: this.published(relation.name, ['id', 'value']),
    }));
    assertDistinct(
      this.dialect,
      ordered.map((r) => r.name),
      'relations',
    );
    assertDistinct(
      this.dialect,
      this.features.all().map((f) => f.column),
      'feature columns',
    );
    const physical = (name: string) => fitIdentifier(name, this.dialect.maxIdentifierBytes);
    // Event scans are views where the dialect streams them (Dialect.temporaryView).
    const as = (r: Relation): Materialisation =>
      r.kind === 'event-scan' && this.dialect.temporaryView !== undefined ? 'view' : 'table';
    const statements = new Map(
      ordered.map((r) => {
        const statement = createStatement(
          this.dialect,
          as(r),
          physical(r.name),
          r.untrusted ? r.untrusted.empty : r.query,
        );
        const created = r.comment.length > 0 ? `${sqlComment(r.comment)}\n${statement}` : statement;
        const after = r.byEvent ? (this.dialect.eventScanByEvent?.(this.q(r.name)) ?? []) : [];
        // One entry per relation, shared by every definition that needs it.
        const entry = {
          relation: this.q(r.name),
          reads: r.inputs.map((name) => this.q(name)),
          statements: r.untrusted ? [created, this.fillStatement(r)] : [created, ...after],
          drop: dropStatement(this.dialect, as(r), physical(r.name)),
        };
        return [r.name, entry];
      }),
    );
    const setup = ordered.flatMap((r) => statements.get(r.name)?.statements ?? []);
    const steps = ordered.flatMap((r) =>
      (statements.get(r.name)?.statements ?? []).map(() => setupStep(r)),
    );
    const needsOf = closureOf(ordered, (r) => r.inputs);
    const compiled = outputs.map((definition) =>
      this.definitionOutput(definition, needsOf, statements),
    );
    const teardown = [...ordered].reverse().flatMap((r) => statements.get(r.name)?.drop ?? []);
    return {
      dialect: this.dialect.name,
      now: this.now,
      setup,
      steps,
      teardown,
      definitions: compiled,
      sqlTraits,
      relations: this.publishedRelations(ordered),
      duplicateIds: (['user', 'account'] as const)
        .filter((entity) => ordered.some((r) => r.name === ENTITY_STAGE[entity]))
        .map((entity) => this.duplicateIds(entity)),
    };
  }

  /**
   * Ids with more than one row in an entity's source (after the layout's own
   * reduction to one row per id): staging keeps one of them, and which one
   * is arbitrary, so plan reports them.
   */
  private duplicateIds(entity: IrEntity): CompiledDuplicateIds {
    const source = entity === 'user' ? 'users' : 'accounts';
    const id = this.reader.typed(source, 'id', 'string');
    const k = this.knex;
    const counts = k
      .select(this.raw(`${id} AS id`), this.raw('count(*) AS n'))
      .from(this.reader.fromItem(source))
      .where(this.raw(`${id} IS NOT NULL`))
      .groupBy(this.raw(id));
    const query = k
      .select(this.raw('d.id'), this.raw('d.n'), this.raw('count(*) OVER () AS ids'))
      .from(counts.as('d'))
      .where(this.raw(`d.n > ${this.dialect.numberLiteral(1)}`))
      .orderByRaw('d.n DESC, d.id')
      .limit(DUPLICATE_SAMPLES, { skipBinding: true })
      .toQuery();
    return { source, table: this.reader.mapping(source).table, query };
  }

  /** The relations of the compiled plan, in setup order. */
  plan(): Relation[] {
    return [...this.planned.values()];
  }

  /** Relation `name` with `columns` as a reader writes them; both must be in the plan. */
  private published(name: string, columns: string[]): CompiledRelation {
    const relation = this.planned.get(name);
    const missing = columns.filter((c) => !relation?.columns.includes(c));
    if (missing.length > 0)
      throw new Error(`internal: ${name} has no ${missing.join(', ')} in the plan`);
    return {
      sql: this.q(name),
      columns: Object.fromEntries(columns.map((c) => [c, this.q(c)])),
    };
  }

  /** Which of the setup's relations hold entities, memberships and features. */
  private publishedRelations(relations: readonly Relation[]): CompiledRelations {
    const made = new Set(relations.map((r) => r.name));
    const out: CompiledRelations = { features: {} };
    if (made.has(STAGE.users)) out.users = this.published(STAGE.users, ['id']);
    if (made.has(STAGE.accounts)) out.accounts = this.published(STAGE.accounts, ['id']);
    if (made.has(STAGE.memberships))
      out.memberships = this.published(STAGE.memberships, ['user_id', 'account_id']);
    for (const level of ['user', 'account', 'user_account'] as const) {
      if (!made.has(LEVEL_TABLE[level])) continue;
      const published = this.published(
        LEVEL_TABLE[level],
        level === 'user_account' ? ['user_id', 'account_id'] : ['id'],
      );
      // Each feature's column under its aggregation's key (`aggregationKey`), so a reader
      // (explain) can read exactly the value the conditions compared.
      for (const feature of this.features.all())
        if (feature.levels.has(level))
          published.columns[featureKey(feature.aggregation)] = this.q(feature.column);
      out.features[level] = published;
    }
    return out;
  }

  /** The (empty) grouped table of `entity`, when its entity and memberships exist. */
  private groupedTable(entity: IrEntity): GroupedTable | undefined {
    if (!this.reader.has('memberships') || !this.hasEntity('user') || !this.hasEntity('account'))
      return undefined;
    const built = this.recording(() => this.groupedFrom(entity));
    const { from, key } = built.built;
    const name = entity === 'account' ? 'roster_quantified_account' : 'roster_some_account_user';
    const comment =
      entity === 'account'
        ? 'Per account: its users, and how many of them satisfy each quantifier body, in one pass.'
        : "Per user: how many of the user's accounts satisfy each `some account` condition, in one pass.";
    const relation: Relation = {
      name,
      kind: 'grouped',
      columns: [],
      comment: [comment],
      query: '',
      inputs: built.inputs,
    };
    const table: GroupedTable = { name, columns: [], from, key, comment, relation, read: false };
    this.grouped.set(entity, table);
    return table;
  }

  /** The grouped table's FROM item and joins (memberships joined to one side's rows and features) and key. */
  private groupedFrom(entity: IrEntity): Pick<GroupedTable, 'from' | 'key'> {
    const q = (n: string) => this.readNamed(n);
    const on = (condition: string) => (join: Knex.JoinClause) => {
      join.on(this.raw(condition));
    };
    const memberships = q(STAGE.memberships);
    if (entity === 'account') {
      const users = q(STAGE.users);
      const features = q(LEVEL_TABLE.user);
      const pairs = this.levelTables.has(LEVEL_TABLE.user_account)
        ? q(LEVEL_TABLE.user_account)
        : undefined;
      return {
        from: (query) => {
          const joined = query
            .from({ m: memberships })
            .join({ u: users }, on('u.id = m.user_id'))
            .leftJoin({ fu: features }, on('fu.id = u.id'));
          return pairs
            ? joined.leftJoin(
                { fp: pairs },
                on('fp.user_id = m.user_id AND fp.account_id = m.account_id'),
              )
            : joined;
        },
        key: 'm.account_id',
      };
    }
    const accounts = q(STAGE.accounts);
    const features = q(LEVEL_TABLE.account);
    return {
      from: (query) =>
        query
          .from({ m: memberships })
          .join({ acc: accounts }, on('acc.id = m.account_id'))
          .leftJoin({ fa: features }, on('fa.id = acc.id')),
      key: 'm.user_id',
    };
  }

  private fillGrouped(table: GroupedTable): void {
    const counts = table.columns.map(
      ([column, body]) => `count(CASE WHEN ${body} THEN 1 END) AS ${this.q(column)}`,
    );
    table.relation.columns = ['id', 'n', ...table.columns.map(([column]) => column)];
    table.relation.query = table
      .from(
        this.knex.select(
          [`${table.key} AS id`, 'count(*) AS n', ...counts].map((c) => this.raw(c)),
        ),
      )
      .groupBy(this.raw(table.key))
      .toQuery();
  }

  /** A body that reads only its own row (no audience, SQL trait, `some account` or quantifier inside). */
  private isLocal(condition: IrCondition): boolean {
    switch (condition.kind) {
      case 'and':
      case 'or':
      case 'at-least-of':
        return condition.operands.every((o) => this.isLocal(o));
      case 'not':
        return this.isLocal(condition.operand);
      case 'test':
        // SQL traits and `count users` traits are read from their own tables.
        return !(
          condition.subject.kind === 'defined-trait' &&
          this.ownTable(this.traits.get(condition.subject.name))
        );
      case 'constant':
      case 'did':
      case 'sequence':
      case 'split-bucket':
        return true;
      default:
        return false;
    }
  }

  /** Registers `body` in the grouped table of `entity`; returns the `(count, users)` columns under `alias`. */
  private groupedCount(
    entity: IrEntity,
    /** Undefined: only the number of users (`users`) is read. */
    body: IrCondition | undefined,
    alias: string,
  ): { count: string; users: string } | undefined {
    const table = this.grouped.get(entity);
    if (!table || (body && !this.isLocal(body))) return undefined;
    this.groupedReads++;
    table.read = true;
    const zero = this.dialect.numberLiteral(0);
    const users = `COALESCE(${alias}.n, ${zero})`;
    if (!body) return { count: users, users };
    const inner: Scope =
      entity === 'account'
        ? {
            entity: 'user',
            row: 'u',
            features: 'fu',
            ...(this.levelTables.has(LEVEL_TABLE.user_account) ? { pair: 'fp' } : {}),
          }
        : { entity: 'account', row: 'acc', features: 'fa' };
    // The body is part of the grouped table's query: its reads are that table's inputs.
    const { built: sql, inputs } = this.recording(() => this.conditionSql(body, inner));
    for (const input of inputs)
      if (!table.relation.inputs.includes(input)) table.relation.inputs.push(input);
    let column = table.columns.find(([, b]) => b === sql)?.[0];
    if (!column) {
      column = `${entity === 'account' ? 'q' : 's'}${table.columns.length + 1}`;
      table.columns.push([column, sql]);
    }
    return { count: `COALESCE(${alias}.${this.q(column)}, ${zero})`, users };
  }

  private hasEntity(entity: IrEntity): boolean {
    return entity === 'user' ? this.reader.has('users') : this.reader.has('accounts');
  }

  // ---------------------------------------------------------------- staging

  /** A staging relation's source and the columns it casts, for `SetupStep.source`. */
  private sourceRead(
    source: LogicalSource,
    columns: Array<[string, IrValueType]>,
  ): NonNullable<SetupStep['source']> {
    return {
      name: source,
      table: this.reader.mapping(source).table,
      columns: columns.map(([name, type]) => ({
        column: this.reader.physicalColumn(source, name),
        name,
        type,
      })),
    };
  }

  private entityStage(entity: IrEntity): Relation {
    const source = entity === 'user' ? 'users' : 'accounts';
    const id = this.reader.typed(source, 'id', 'string');
    const columns = [`${id} AS id`];
    const names = ['id'];
    for (const name of [...this.customTraits[entity]].sort()) {
      const type = this.ir.schema[entity][name];
      if (!type) throw new Error(`internal: unknown ${entity} trait ${name}`);
      columns.push(`${this.reader.typed(source, name, type)} AS ${this.q(name)}`);
      names.push(this.q(name));
    }
    const k = this.knex;
    const rows = (selected: string[]) =>
      k
        .select(selected.map((c) => this.raw(c)))
        .from(this.reader.fromItem(source))
        .where(this.raw(`${id} IS NOT NULL`));
    // Without DISTINCT ON (the warehouses), one row per id is kept with row_number().
    const query =
      this.dialect.capabilities.distinctOn === false
        ? k
            .select(names.map((n) => this.raw(`d.${n}`)))
            .from(
              rows([
                ...columns,
                `row_number() OVER (PARTITION BY ${id} ORDER BY ${id}) AS roster_row`,
              ]).as('d'),
            )
            .where(this.raw('d.roster_row = 1'))
            .toQuery()
        : // Knex's compiler takes an expression here; its typings only a column name.
          rows(columns)
            .distinctOn(this.raw(id) as unknown as string)
            .toQuery();
    return {
      name: ENTITY_STAGE[entity],
      kind: 'entity-stage',
      reads: this.sourceRead(source, [
        ['id', 'string'],
        ...[...this.customTraits[entity]]
          .sort()
          .map((name): [string, IrValueType] => [name, this.ir.schema[entity][name]!]),
      ]),
      columns: ['id', ...[...this.customTraits[entity]].sort()],
      comment: [
        `Every ${entity} (distinct non-null ids) with the custom traits the project reads.`,
      ],
      query,
      inputs: [],
    };
  }

  private stagingRelations(): Relation[] {
    const relations: Relation[] = [];
    if (this.reader.has('users')) relations.push(this.entityStage('user'));
    if (this.reader.has('accounts')) relations.push(this.entityStage('account'));
    if (this.reader.has('memberships') && this.reader.has('users') && this.reader.has('accounts')) {
      const user = this.reader.typed('memberships', 'user_id', 'string');
      const account = this.reader.typed('memberships', 'account_id', 'string');
      const k = this.knex;
      const ids = (stage: string) => k.select(this.raw('id')).from(this.readNamed(stage));
      const { built: query, inputs } = this.recording(() =>
        k
          .distinct(this.raw(`${user} AS user_id`), this.raw(`${account} AS account_id`))
          .from(this.reader.fromItem('memberships'))
          .where(this.raw(user), 'in', ids(STAGE.users))
          .where(this.raw(account), 'in', ids(STAGE.accounts))
          .toQuery(),
      );
      relations.push({
        name: STAGE.memberships,
        kind: 'memberships-stage',
        reads: this.sourceRead('memberships', [
          ['user_id', 'string'],
          ['account_id', 'string'],
        ]),
        columns: ['user_id', 'account_id'],
        comment: ['Distinct (user, account) pairs whose user and account both exist.'],
        query,
        inputs,
      });
    }
    for (const source of this.features.sources()) relations.push(this.eventStage(source));
    return relations;
  }

  /**
   * The one scan of an event source: events with a user id, `ts <= now` (and
   * not older than the earliest window, when every feature has one), only the
   * columns the project reads. Events of unknown users are not filtered here
   * (a semi-join of every event costs more than the scan): every level reads
   * partials through the users or memberships tables, which drop them.
   */
  private eventStage(source: EventSourceName): Relation {
    const r = this.reader;
    const user = r.typed(source, 'user_id', 'string');
    const ts = r.typed(source, 'timestamp', 'timestamp');
    const columns = [`${user} AS user_id`, `${ts} AS ts`];
    const names = ['user_id', 'ts'];
    if (this.features.needsMessageId(source)) {
      columns.push(`${r.typed(source, 'message_id', 'string')} AS message_id`);
      names.push('message_id');
    }
    if (this.ir.scope === 'group_context') {
      columns.push(`${r.typed(source, 'group_id', 'string')} AS group_id`);
      names.push('group_id');
    }
    const where = [`${user} IS NOT NULL`, `${ts} <= ${this.dialect.timestampLiteral(this.now)}`];
    const earliest = this.features.earliestInstant(source);
    if (earliest !== undefined) where.push(`${ts} >= ${this.dialect.timestampLiteral(earliest)}`);
    const event = r.typed(source, 'event', 'string');
    const eventIn = (names: Iterable<string>) =>
      `${event} IN (${[...names].map((n) => this.dialect.stringLiteral(n)).join(', ')})`;
    if (source === 'tracks') {
      columns.push(`${event} AS event`);
      names.push('event');
      where.push(eventIn([...this.features.trackEvents].sort()));
    }
    // Properties read in two steps (Dialect.jsonPropertyInTwoSteps): the first
    // step is a column of an inner query, so that the second reads it once.
    const leading = names.length;
    const outer: string[] = [];
    let json: string | undefined;
    for (const { column, property, events } of this.features.stagedProperties(source)) {
      const steps = r.propertyInTwoSteps(source, property.name, property.type);
      const value = steps?.text ?? r.property(source, property.name, property.type);
      // JSON is parsed only on the events that read the property (NULL elsewhere, never read).
      const only = events && events.length < this.features.trackEvents.size ? events : undefined;
      columns.push(
        `${only ? `CASE WHEN ${eventIn(only)} THEN ${value} END` : value} AS ${this.q(column)}`,
      );
      names.push(column);
      outer.push(
        steps
          ? `${steps.typed(`s.${this.q(column)}`, `s.${STAGE_JSON}`)} AS ${this.q(column)}`
          : `s.${this.q(column)}`,
      );
      json ??= steps?.json;
    }
    const scan = where.reduce(
      (query, condition) => query.where(this.raw(condition)),
      this.knex
        .select(
          [...columns, ...(json === undefined ? [] : [`${json} AS ${STAGE_JSON}`])].map((c) =>
            this.raw(c),
          ),
        )
        .from(r.eventFromItem(source, this.features.readAggregations())),
    );
    const unordered =
      json === undefined
        ? scan
        : this.knex
            .select(
              [...names.slice(0, leading).map((n) => `s.${n}`), ...outer].map((c) => this.raw(c)),
            )
            .from(scan.as('s'));
    // Stored by event where the dialect then indexes it (Dialect.eventScanByEvent); with
    // one event name every reader takes every row, so there is nothing to skip.
    const byEvent =
      source === 'tracks' &&
      this.features.trackEvents.size > 1 &&
      this.dialect.temporaryView === undefined &&
      this.dialect.eventScanByEvent !== undefined;
    const query = byEvent ? unordered.orderBy('event') : unordered;
    return {
      name: STAGE.event(source),
      kind: 'event-scan',
      reads: this.sourceRead(source, [
        ['user_id', 'string'],
        ['timestamp', 'timestamp'],
      ]),
      columns: names,
      comment: [`The one scan of ${source}: events up to now, only what the project reads.`],
      query: query.toQuery(),
      inputs: [],
      ...(byEvent ? { byEvent: true as const } : {}),
    };
  }

  // ---------------------------------------------------------------- SQL traits

  private expandSqlTrait(trait: IrSqlTrait): string {
    return trait.sql
      .map((part, i) => {
        if (part.kind === 'text') return part.text;
        if (part.name === 'now') return this.dialect.timestampLiteral(this.now);
        const relation = this.reader.logicalRelation(part.name, this.ir.schema);
        const next = trait.sql[i + 1];
        const following = next?.kind === 'text' ? next.text : '';
        return followedByAlias(following) ? relation : `${relation} AS ${part.name}`;
      })
      .join('');
  }

  private fillStatement(r: Relation): string {
    // The query is already SQL text (it holds the user's): it goes in whole, as a fragment.
    return this.knex
      .into(this.raw(`${this.q(r.name)} (id, value)`))
      .insert(this.raw(r.query))
      .toQuery();
  }

  private sqlTraitRelation(trait: IrSqlTrait, query: string): Relation {
    // A trailing `;` would end the statement early; trailing comments are closed by the newline.
    const body = query.replace(/[\s;]+$/u, '');
    // The typed, empty table the trait's rows go into (no user SQL in it).
    const k = this.knex;
    const empty = k
      .select(
        this.raw(`${this.dialect.nullLiteral('string')} AS id`),
        this.raw(`${this.dialect.nullLiteral(trait.type)} AS value`),
      )
      .from(k.select(this.raw('1 AS x')).as('e'))
      .where(this.raw('1 = 0'))
      .toQuery();
    return {
      name: `roster_trait_${trait.name}`,
      kind: 'sql-trait',
      definition: trait.name,
      columns: ['id', 'value'],
      comment: [`SQL trait ${trait.name}`, ...(trait.doc ? trait.doc.split('\n') : [])],
      // The user's text stays on lines of its own: a trailing `--` comment ends at its newline.
      query: k
        .select(
          this.raw(`${this.dialect.cast('q.id', 'string')} AS id`),
          this.raw(`${this.dialect.cast('q.value', trait.type)} AS value`),
        )
        // Verbatim: indenting it would change a string literal that spans lines.
        .from(this.raw(`(\n${body}\n) AS q`))
        .toQuery(),
      inputs: [],
      untrusted: { empty },
    };
  }

  // ---------------------------------------------------------------- conditions

  private nextAlias(prefix: string): string {
    return `${prefix}${++this.aliasCounter}`;
  }

  /** A trait whose values live in a table of its own (`roster_trait_<name>`), not in a feature table. */
  private ownTable(trait: IrTrait | undefined): boolean {
    return (
      trait?.kind === 'sql-trait' ||
      (trait?.kind === 'computed-trait' && trait.aggregation.fn === 'count-users')
    );
  }

  private traitColumn(trait: IrTrait, scope: Scope): string {
    if (trait.kind === 'computed-trait') {
      const aggregation = trait.aggregation;
      if (aggregation.fn !== 'count-users')
        return `${scope.features}.${this.q(this.features.get(aggregation).column)}`;
      // At the top of an account audience, a count the grouped table can hold is read there.
      if (scope.grouped && scope.entity === 'account' && this.isLocal(aggregation.body))
        return this.userCountSql(aggregation, scope);
    }
    const t = this.nextAlias('t');
    return this.subquery(
      this.knex
        .select(this.raw(`${t}.value`))
        .from({ [t]: this.readNamed(`roster_trait_${trait.name}`) })
        .where(this.raw(`${t}.id = ${scope.row}.id`)),
    );
  }

  private aggregateColumn(
    aggregation: IrTraitAggregation,
    perAccount: boolean,
    scope: Scope,
  ): string {
    if (aggregation.fn === 'count-users') return this.userCountSql(aggregation, scope);
    const column = this.q(this.features.get(aggregation).column);
    if (perAccount) {
      if (!scope.pair) throw new Error('internal: per-account aggregate outside a quantifier');
      return `${scope.pair}.${column}`;
    }
    return `${scope.features}.${column}`;
  }

  private subjectSql(subject: IrEntitySubject, scope: Scope): string {
    switch (subject.kind) {
      case 'custom-trait':
        return `${scope.row}.${this.q(subject.name)}`;
      case 'defined-trait': {
        const trait = this.traits.get(subject.name);
        if (!trait) throw new Error(`internal: unknown trait ${subject.name}`);
        return this.traitColumn(trait, scope);
      }
      case 'aggregate':
        return this.aggregateColumn(subject.aggregation, subject.perAccount, scope);
    }
  }

  /**
   * The users of account `accountId` (memberships joined to the users' rows and
   * features) as a query selecting `column`, and the scope a quantifier body reads.
   */
  private usersOfAccount(accountId: string): {
    users: (column: string) => Knex.QueryBuilder;
    scope: Scope;
  } {
    const m = this.nextAlias('m');
    const row = this.nextAlias('u');
    const features = this.nextAlias('fu');
    const memberships = this.readNamed(STAGE.memberships);
    const userRows = this.readNamed(STAGE.users);
    const userFeatures = this.readNamed(LEVEL_TABLE.user);
    const pair = this.levelTables.has(LEVEL_TABLE.user_account) ? this.nextAlias('fp') : undefined;
    const pairs = pair ? this.readNamed(LEVEL_TABLE.user_account) : undefined;
    const users = (column: string) => {
      const joined = this.knex
        .select(this.raw(column))
        .from({ [m]: memberships })
        .join({ [row]: userRows }, this.on(`${row}.id = ${m}.user_id`))
        .leftJoin({ [features]: userFeatures }, this.on(`${features}.id = ${row}.id`));
      return (
        pair && pairs
          ? joined.leftJoin(
              { [pair]: pairs },
              this.on(`${pair}.user_id = ${m}.user_id AND ${pair}.account_id = ${m}.account_id`),
            )
          : joined
      ).where(this.raw(`${m}.account_id = ${accountId}`));
    };
    const scope: Scope = { entity: 'user', row, features, ...(pair ? { pair } : {}) };
    return { users, scope };
  }

  /** A join's ON condition, written by the compiler. */
  private on(condition: string): Knex.JoinCallback {
    return (join) => {
      join.on(this.raw(condition));
    };
  }

  /** A query as a parenthesised subquery of an expression, its lines indented. */
  private subquery(query: Knex.QueryBuilder): string {
    return `(\n${indent(query.toQuery())}\n)`;
  }

  private conditionSql(condition: IrCondition, scope: Scope): string {
    return conditionSql(condition, (leaf) => this.leafSql(leaf, scope));
  }

  private leafSql(condition: IrCondition, scope: Scope): string {
    switch (condition.kind) {
      case 'test':
        return atom(
          testSql(
            this.dialect,
            this.now,
            this.subjectSql(condition.subject, scope),
            condition.test,
          ),
        );
      case 'did': {
        const count = this.aggregateColumn(condition.aggregation, condition.perAccount, scope);
        return atom(`${count} ${condition.op} ${this.dialect.numberLiteral(condition.n)}`);
      }
      case 'in-audience': {
        const a = this.nextAlias('a');
        return `EXISTS ${this.subquery(
          this.knex
            .select(this.raw('1'))
            .from({ [a]: this.readNamed(`roster_audience_${condition.audience}`) })
            .where(this.raw(`${a}.id = ${scope.row}.id`)),
        )}`;
      }
      case 'sequence': {
        const column = this.q(this.features.getSequence(condition.steps).column);
        if (!condition.perAccount) return atom(`${scope.features}.${column}`);
        if (!scope.pair) throw new Error('internal: per-account sequence outside a quantifier');
        return atom(`${scope.pair}.${column}`);
      }
      case 'split-bucket': {
        const bucket = this.dialect.splitBucket(condition.split, `${scope.row}.id`);
        const from = this.dialect.numberLiteral(condition.from);
        const to = this.dialect.numberLiteral(condition.to);
        return atom(`(${bucket} >= ${from} AND ${bucket} < ${to})`);
      }
      case 'some-account': {
        const grouped =
          scope.grouped && scope.entity === 'user'
            ? this.groupedCount('user', condition.condition, scope.grouped)
            : undefined;
        if (grouped) return `(${grouped.count} > ${this.dialect.numberLiteral(0)})`;
        const m = this.nextAlias('m');
        const row = this.nextAlias('acc');
        const features = this.nextAlias('fa');
        const inner: Scope = { entity: 'account', row, features };
        const k = this.knex;
        const accounts = k
          .select(this.raw('1'))
          .from({ [m]: this.readNamed(STAGE.memberships) })
          .join({ [row]: this.readNamed(STAGE.accounts) }, this.on(`${row}.id = ${m}.account_id`))
          .leftJoin(
            { [features]: this.readNamed(LEVEL_TABLE.account) },
            this.on(`${features}.id = ${row}.id`),
          )
          .where(this.raw(`${m}.user_id = ${scope.row}.id`))
          .where(this.raw(this.conditionSql(condition.condition, inner)));
        return `EXISTS ${this.subquery(accounts)}`;
      }
      case 'quantified':
        return this.quantifiedSql(condition, scope);
      case 'at-least-of': {
        // Each operand is two-valued (atoms are COALESCEd), so the sum counts those that hold.
        const ones = condition.operands.map(
          (o) => `CASE WHEN ${this.conditionSql(o, scope)} THEN 1 ELSE 0 END`,
        );
        return `((${ones.join('\n  + ')}) >= ${this.dialect.numberLiteral(condition.k)})`;
      }
      default:
        throw new Error(`internal: unexpected condition ${condition.kind}`);
    }
  }

  /**
   * `count users C` (§12.4) on the account of `scope`: how many of its users C
   * holds for, the same count a quantifier with body C compares — a column of
   * the shared grouped table where the audience joins it and C reads only the
   * user's rows, else a correlated count over the account's memberships.
   * Memberships are distinct pairs, so each user counts once.
   */
  private userCountSql(count: IrUserCount, scope: Scope): string {
    if (scope.entity !== 'account')
      throw new Error('internal: count users outside account context');
    const everyone = count.body.kind === 'constant' && count.body.value;
    const grouped = scope.grouped
      ? this.groupedCount('account', everyone ? undefined : count.body, scope.grouped)
      : undefined;
    if (grouped) return this.dialect.cast(everyone ? grouped.users : grouped.count, 'number');
    const { users, scope: inner } = this.usersOfAccount(`${scope.row}.id`);
    const body = this.conditionSql(count.body, inner);
    return this.dialect.cast(this.subquery(users('count(*)').where(this.raw(body))), 'number');
  }

  /**
   * The table of a `count users` trait (§12.4): every account with its count,
   * built like an account audience (so its count shares the audiences' grouped table).
   */
  private userCountRelation(trait: IrComputedTrait, count: IrUserCount): Relation {
    const { built: query, inputs } = this.recording(() =>
      this.entityRows(
        trait.entity,
        (scope) => this.userCountSql(count, scope),
        (query, value) => query.select(this.raw(`${value} AS value`)),
      ),
    );
    return {
      name: `roster_trait_${trait.name}`,
      kind: 'user-count',
      definition: trait.name,
      columns: ['id', 'value'],
      comment: [`trait ${trait.name}`, ...(trait.doc ? trait.doc.split('\n') : [])],
      query,
      inputs,
    };
  }

  private quantifiedSql(
    condition: Extract<IrCondition, { kind: 'quantified' }>,
    scope: Scope,
  ): string {
    const grouped =
      scope.grouped && scope.entity === 'account'
        ? this.groupedCount('account', condition.body, scope.grouped)
        : undefined;
    if (grouped) {
      const n = this.dialect.numberLiteral(condition.n ?? 1);
      const zero = this.dialect.numberLiteral(0);
      switch (condition.quantifier) {
        case 'any':
          return `(${grouped.count} > ${zero})`;
        case 'no':
          return `(${grouped.count} = ${zero})`;
        case 'all':
          // At least one user, and the body holds for every one.
          return `(${grouped.users} > ${zero} AND ${grouped.count} = ${grouped.users})`;
        case 'at-least':
          return `(${grouped.count} >= ${n})`;
        case 'at-most':
          return `(${grouped.count} <= ${n})`;
        case 'exactly':
          return `(${grouped.count} = ${n})`;
      }
    }
    const accountId = `${scope.row}.id`;
    const { users, scope: inner } = this.usersOfAccount(accountId);
    const body = this.conditionSql(condition.body, inner);
    const n = condition.n ?? 1;
    const holding = (test: string) => this.subquery(users('1').where(this.raw(test)));
    switch (condition.quantifier) {
      case 'any':
        return `EXISTS ${holding(body)}`;
      case 'no':
        return `NOT EXISTS ${holding(body)}`;
      case 'all': {
        // At least one user, and no user for whom the body is false.
        const m = this.nextAlias('m');
        const members = this.knex
          .select(this.raw('1'))
          .from({ [m]: this.readNamed(STAGE.memberships) })
          .where(this.raw(`${m}.account_id = ${accountId}`));
        return `(EXISTS ${this.subquery(members)}\n  AND NOT EXISTS ${holding(`NOT ${body}`)})`;
      }
      case 'at-least':
      case 'at-most':
      case 'exactly': {
        const op =
          condition.quantifier === 'at-least'
            ? '>='
            : condition.quantifier === 'at-most'
              ? '<='
              : '=';
        const count = this.subquery(users('count(*)').where(this.raw(body)));
        return `(${count} ${op} ${this.dialect.numberLiteral(n)})`;
      }
    }
  }

  /**
   * A query over every entity of `entity` (alias `e`) with its feature row
   * (`f`) and, when `expression` reads it, the shared grouped table (`g`):
   * `expression` is built in that scope and `finish` puts it in the query.
   */
  private entityRows(
    entity: IrEntity,
    expression: (scope: Scope) => string,
    finish: (query: Knex.QueryBuilder, sql: string) => Knex.QueryBuilder,
  ): string {
    const row = 'e';
    const features = 'f';
    const grouped = 'g';
    const table = this.grouped.get(entity);
    const before = this.groupedReads;
    const sql = expression({ entity, row, features, ...(table ? { grouped } : {}) });
    const joinsGrouped = table !== undefined && this.groupedReads > before;
    const k = this.knex;
    // No value bindings anywhere in the builder: literals come from the dialect's hooks,
    // so a `?` inside the condition's string literals is never read as a placeholder.
    let query = k
      // Output columns stay unquoted (`id`): a warehouse folding unquoted names (Snowflake)
      // names them as every reader expects.
      .select(this.raw(`${row}.id`))
      .from({ [row]: this.readNamed(ENTITY_STAGE[entity]) })
      .leftJoin({ [features]: this.readNamed(LEVEL_TABLE[entity]) }, `${features}.id`, `${row}.id`);
    if (joinsGrouped && table)
      query = query.leftJoin(
        { [grouped]: this.readNamed(table.name) },
        `${grouped}.id`,
        `${row}.id`,
      );
    return finish(query, sql).toQuery();
  }

  private audienceRelation(audience: IrAudience): Relation {
    const { built: query, inputs } = this.recording(() =>
      this.entityRows(
        audience.entity,
        (scope) => this.conditionSql(audience.condition, scope),
        (query, condition) => query.where(this.raw(condition)),
      ),
    );
    return {
      name: `roster_audience_${audience.name}`,
      kind: 'audience',
      definition: audience.name,
      columns: ['id'],
      comment: [`audience ${audience.name}`, ...(audience.doc ? audience.doc.split('\n') : [])],
      query,
      inputs,
    };
  }

  // ---------------------------------------------------------------- outputs

  /** A definition's result: its query, the relation holding it, and the setup relations it reads. */
  private resultOf(definition: Exclude<IrDefinition, { kind: 'sync' }>): {
    query: Knex.QueryBuilder;
    result: CompiledRelation;
    reads: string[];
  } {
    const k = this.knex;
    const { built, inputs } = this.recording((): [Knex.QueryBuilder, CompiledRelation] => {
      if (definition.kind === 'audience') {
        const name = `roster_audience_${definition.name}`;
        return [k.select(this.raw('id')).from(this.readNamed(name)), this.published(name, ['id'])];
      }
      if (definition.kind === 'computed-trait' && definition.aggregation.fn === 'count-users') {
        // Every account has a count (0 without users): no NULL to drop.
        const name = `roster_trait_${definition.name}`;
        return [
          k.select(this.raw('t.id'), this.raw('t.value')).from({ t: this.readNamed(name) }),
          this.published(name, ['id', 'value']),
        ];
      }
      if (definition.kind === 'sql-trait') {
        const name = `roster_trait_${definition.name}`;
        const entities = k.select('id').from(this.readNamed(ENTITY_STAGE[definition.entity]));
        return [
          k
            .select(this.raw('t.id'), this.raw('t.value'))
            .from({ t: this.readNamed(name) })
            .whereNotNull('t.value')
            .whereIn('t.id', entities),
          this.published(name, ['id', 'value']),
        ];
      }
      const table = LEVEL_TABLE[definition.entity];
      const column = this.features.get(definition.aggregation as IrAggregation).column;
      const result = this.published(table, ['id', column]);
      const fitted = fitIdentifier(column, this.dialect.maxIdentifierBytes);
      return [
        k
          .select(this.raw('id'), this.raw(`${this.q(column)} AS value`))
          .from(this.readNamed(table))
          .whereNotNull(fitted),
        { sql: result.sql, columns: { id: this.q('id'), value: this.q(column) } },
      ];
    });
    return { query: built[0], result: built[1], reads: inputs };
  }

  private definitionOutput(
    definition: Exclude<IrDefinition, { kind: 'sync' }>,
    needsOf: (names: readonly string[]) => Relation[],
    statements: ReadonlyMap<string, CompiledDefinition['needs'][number]>,
  ): CompiledDefinition {
    const { query: resultBuilder, result, reads: read } = this.resultOf(definition);
    const resultQuery = resultBuilder.toQuery();
    // Found when first read, as the standalone SQL below: the last of a chain of N
    // audience references needs all N relations, so every definition's list costs N²
    // (issue 11.9), and plan reads none of them.
    let needed: Relation[] | undefined;
    const relations = (): Relation[] => (needed ??= needsOf(read));
    const header = [
      `${definition.kind === 'audience' ? 'audience' : 'trait'} ${definition.name} (${definition.entity})`,
      ...(definition.doc ? definition.doc.split('\n') : []),
    ];
    // Built when first read: the last of a chain of N audience references inlines all N,
    // so building every definition's up front costs N² (issue 11.9) for SQL that only
    // the docs site and tests read.
    let standalone: string | undefined;
    let needs: CompiledDefinition['needs'] | undefined;
    const build = (): string => {
      // Each relation it reads becomes a CTE of the result query, its comment inside the parentheses.
      const query = relations().reduce(
        (query, r) =>
          query.with(
            fitIdentifier(r.name, this.dialect.maxIdentifierBytes),
            this.raw(`\n${r.comment.length > 0 ? `${sqlComment(r.comment)}\n` : ''}${r.query}\n`),
          ),
        resultBuilder.clone(),
      );
      return `${sqlComment(header)}\n${query.toQuery()}`;
    };
    return {
      name: definition.name,
      kind: definition.kind === 'audience' ? 'audience' : 'trait',
      entity: definition.entity,
      ...(definition.kind !== 'audience' ? { type: definition.type } : {}),
      ...(definition.doc !== undefined ? { doc: definition.doc } : {}),
      get standaloneSql() {
        return (standalone ??= build());
      },
      reads: read.map((name) => this.q(name)),
      get needs() {
        return (needs ??= relations().map((r) => {
          const entry = statements.get(r.name);
          if (!entry) throw new Error(`internal: no setup statements for ${r.name}`);
          return entry;
        }));
      },
      resultQuery,
      result,
    };
  }
}

/** What a relation's statements do, in the project's words (`CompiledProject.steps`). */
function setupStep(r: Relation): SetupStep {
  const label: Record<RelationKind, string> = {
    'entity-stage': `reading source \`${r.reads?.name ?? ''}\``,
    'memberships-stage': 'reading source `memberships`',
    'event-scan': `reading source \`${r.reads?.name ?? ''}\``,
    partials: 'aggregating the events the definitions read',
    values: 'aggregating the events the definitions read',
    features: 'aggregating the events the definitions read',
    grouped: 'counting the users of each account the quantifiers read',
    'sql-trait': `filling SQL trait \`${r.definition ?? ''}\``,
    'user-count': `computing trait \`${r.definition ?? ''}\``,
    audience: `computing audience \`${r.definition ?? ''}\``,
  };
  return { label: label[r.kind], ...(r.reads ? { source: r.reads } : {}) };
}
