/**
 * Readable SQL from Knex's query compiler. Knex writes a whole statement on
 * one line; the compiler's relations, `roster compile`'s output and the SQL
 * snapshots are read by people, so the compile-only clients
 * (`knex-client.ts`) use a query compiler that starts each clause (`from`,
 * each join, `where` and each further condition, `group by`, `order by`,
 * `limit`, `union all`, each CTE) on a line of its own, lists long select
 * lists one column a line, and indents a subquery (written inside its
 * parentheses on lines of its own) one level deeper than the query holding it.
 *
 * Only whitespace between the pieces Knex assembles changes: the pieces are
 * Knex's own (identifiers, keywords) or fragments the compiler wrote, which
 * go in unchanged, so a string literal or a user's SQL trait is never
 * re-indented. The clause order and every piece are Knex's (the methods below
 * follow Knex 3.1's `QueryCompiler` and call its component compilers).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type Wrap = (
  value: unknown,
  isParameter: unknown,
  builder: unknown,
  client: unknown,
  holder?: unknown,
) => string;

const formatter = require('knex/lib/formatter/wrappingFormatter.js') as {
  wrap: Wrap;
  columnize: Wrap;
  unwrapRaw: Wrap;
  rawOrFn: Wrap;
};
const helpers = require('knex/lib/util/helpers.js') as {
  containsUndefined(value: unknown): boolean;
};

/** Knex's `QueryCompiler` as far as these methods use it. */
interface Compiler {
  client: unknown;
  builder: unknown;
  bindingsHolder: unknown;
  grouped: Record<string, Array<Record<string, unknown>> | undefined>;
  single: Record<string, unknown>;
  tableName: string;
  undefinedBindingsInfo: unknown[];
  _undefinedInWhereClause: boolean;
  onlyUnions(): boolean;
  onlyJson(): boolean;
  _hintComments(): string;
  _joinTable(join: Record<string, unknown>): unknown;
  distinctOn(value: unknown): string;
  aggregate(stmt: unknown): string[];
  aggregateRaw(stmt: unknown): string;
  analytic(stmt: unknown): string;
  json(stmt: unknown): string;
  with(): string;
}

type CompilerClass = new (...args: never[]) => Compiler;

/** Knex's order of a select's components (`querycompiler.js`). */
const COMPONENTS = [
  'comments',
  'columns',
  'join',
  'where',
  'union',
  'group',
  'having',
  'order',
  'limit',
  'offset',
  'lock',
  'waitMode',
] as const;

/** A select list longer than this is written one column a line. */
const INLINE_COLUMNS = 60;

/** How deep the select being compiled is nested in the statement (1: the statement itself). */
let depth = 0;

const pad = (levels: number) => '  '.repeat(Math.max(0, levels));

/** Calls the component compiler `name` of `compiler`. */
function component(compiler: Compiler, name: string, ...args: unknown[]): unknown {
  const method = (compiler as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
  if (typeof method !== 'function') throw new Error(`internal: Knex has no ${name} compiler`);
  return method.apply(compiler, args);
}

function readableClass(Base: CompilerClass): CompilerClass {
  return class ReadableCompiler extends Base {
    toSQL(...args: unknown[]): unknown {
      depth++;
      try {
        return (Base.prototype as unknown as { toSQL(...a: unknown[]): unknown }).toSQL.apply(
          this,
          args,
        );
      } finally {
        depth--;
      }
    }

    select(this: Compiler): string {
      const unions = this.grouped['union'] ?? [];
      if (unions.some((u) => u['wrap']))
        throw new Error('internal: wrapped unions are not written readably');
      const nl = `\n${pad(depth - 1)}`;
      let sql = this.with();
      let union = '';
      const first: string[] = [];
      const end: string[] = [];
      for (const name of COMPONENTS) {
        const statement = component(this, name, this) as string | undefined;
        if (name === 'union') union = statement ?? '';
        else if (!statement) continue;
        else if (name === 'comments' || name === 'columns' || name === 'join' || name === 'where')
          first.push(statement);
        else end.push(statement);
      }
      sql += [...first, union, ...end].filter((s) => s !== '').join(nl);
      // A subquery goes on lines of its own inside its parentheses.
      return depth > 1 ? `${nl}${sql}\n${pad(depth - 2)}` : sql;
    }

    override with(this: Compiler): string {
      const withs = this.grouped['with'];
      if (!withs || withs.length === 0) return '';
      const nl = `\n${pad(depth - 1)}`;
      const recursive = withs.some((w) => w['recursive']);
      const ctes = withs.map((w) => component(this, w['type'] as string, w) as string);
      return `with ${recursive ? 'recursive ' : ''}${ctes.join(`,${nl}`)}${nl}`;
    }

    columns(this: Compiler): string {
      if (this.onlyUnions()) return '';
      let distinct = '';
      const sql: string[] = [];
      for (const stmt of this.grouped['columns'] ?? []) {
        if (stmt['distinct']) distinct = 'distinct ';
        if (stmt['distinctOn']) {
          distinct = this.distinctOn(stmt['value']);
          continue;
        }
        if (stmt['type'] === 'aggregate') sql.push(...this.aggregate(stmt));
        else if (stmt['type'] === 'aggregateRaw') sql.push(this.aggregateRaw(stmt));
        else if (stmt['type'] === 'analytic') sql.push(this.analytic(stmt));
        else if (stmt['type'] === 'json') sql.push(this.json(stmt));
        else if (Array.isArray(stmt['value']))
          for (const value of stmt['value'] as unknown[])
            sql.push(formatter.columnize([value], this.builder, this.client, this.bindingsHolder));
      }
      if (sql.length === 0) sql.push('*');
      const nl = `\n${pad(depth - 1)}`;
      const inline = sql.join(', ');
      const list =
        inline.length <= INLINE_COLUMNS && !inline.includes('\n')
          ? ` ${inline}`
          : `${nl}  ${sql.join(`,${nl}  `)}`;
      const select = this.onlyJson() ? '' : 'select';
      const from = this.tableName
        ? `${nl}from ${this.single['only'] ? 'only ' : ''}${this.tableName}`
        : '';
      return `${select}${this._hintComments()}${distinct ? ` ${distinct.trimEnd()}` : ''}${list}${from}`;
    }

    join(this: Compiler): string {
      const joins = this.grouped['join'];
      if (!joins) return '';
      const lines = joins.map((join) => {
        const table = this._joinTable(join);
        if (join['joinType'] === 'raw')
          return formatter.unwrapRaw(
            join['table'],
            undefined,
            this.builder,
            this.client,
            this.bindingsHolder,
          );
        let sql = `${join['joinType'] as string} join ${formatter.wrap(table, undefined, this.builder, this.client, this.bindingsHolder)}`;
        (join['clauses'] as Array<Record<string, unknown>>).forEach((clause, i) => {
          sql +=
            i > 0
              ? ` ${clause['bool'] as string} `
              : ` ${clause['type'] === 'onUsing' ? 'using' : 'on'} `;
          sql += (component(this, clause['type'] as string, clause) as string | undefined) ?? '';
        });
        return sql;
      });
      return lines.join(`\n${pad(depth - 1)}`);
    }

    where(this: Compiler): string {
      const parts: string[] = [];
      for (const stmt of this.grouped['where'] ?? []) {
        if ('value' in stmt && helpers.containsUndefined(stmt['value'])) {
          this.undefinedBindingsInfo.push(stmt['column']);
          this._undefinedInWhereClause = true;
        }
        const value = component(this, stmt['type'] as string, stmt) as string | undefined;
        if (!value) continue;
        parts.push(parts.length === 0 ? `where ${value}` : `${stmt['bool'] as string} ${value}`);
      }
      return parts.join(`\n${pad(depth - 1)}  `);
    }

    union(this: Compiler): string {
      const unions = this.grouped['union'];
      if (!unions) return '';
      const nl = `\n${pad(depth - 1)}`;
      // A member is compiled as a subquery one level deeper; it follows its keyword on its own lines.
      const nested = `\n${pad(depth - 1)}`;
      return unions
        .map((u, i) => {
          let statement = formatter.rawOrFn(
            u['value'],
            undefined,
            this.builder,
            this.client,
            this.bindingsHolder,
          );
          if (statement.endsWith(nested)) statement = statement.slice(0, -nested.length);
          const keyword = i > 0 || !this.onlyUnions() ? (u['clause'] as string) : '';
          return `${keyword}${statement}`;
        })
        .join(nl);
    }
  };
}

const classes = new Map<CompilerClass, CompilerClass>();

/** `compiler` (made by a Knex client's `queryCompiler`), writing readable SQL. */
export function readableCompiler<T extends object>(compiler: T): T {
  const Base = Object.getPrototypeOf(compiler).constructor as CompilerClass;
  let Readable = classes.get(Base);
  if (!Readable) {
    Readable = readableClass(Base);
    classes.set(Base, Readable);
  }
  return Object.setPrototypeOf(compiler, Readable.prototype) as T;
}
