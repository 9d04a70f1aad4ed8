/**
 * Compile-only Knex instances (ARCHITECTURE.md §Practices 5–6): built from a
 * client class with no `connection`, so no driver is loaded and `compile`
 * runs anywhere. Each dialect names the Knex client its instance extends
 * (`Dialect.knexClient`: PostgreSQL's for the family and the warehouses Knex
 * has no client for, Redshift's own) and all escaping goes through the
 * dialect contract: `wrapIdentifierImpl` (never `wrapIdentifier`, which
 * would bypass Knex's own `*` and alias handling) and `_escapeBinding`.
 *
 * Rule for callers: the SQL text given to `knex.raw` is written by the
 * compiler and never contains user values; those go in as `?` (value) and
 * `??` (identifier) bindings. Knex would read a `?` inside spliced text as a
 * binding marker. Fragments the dialect's hooks already wrote (expressions
 * holding literals) go into a builder only through `sqlFragment`, and such a
 * builder takes no value bindings.
 */
import knexFactory, { type Knex } from 'knex';
import type { Dialect, KnexClientClass } from './dialect.js';
import { readableCompiler } from './readable-sql.js';

/** Escape one bound value with the dialect's literals; anything else is a compiler bug. */
export function escapeBinding(dialect: Dialect, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return dialect.stringLiteral(value);
  if (typeof value === 'number') return dialect.numberLiteral(value);
  if (typeof value === 'boolean') return dialect.booleanLiteral(value);
  if (value instanceof Date) return dialect.timestampLiteral(value.toISOString());
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) {
    return dialect.listLiteral(value);
  }
  throw new Error(`internal: cannot bind ${typeof value} value in SQL`);
}

function clientClassFor(dialect: Dialect): KnexClientClass {
  return class extends dialect.knexClient() {
    override wrapIdentifierImpl(value: string): string {
      // Knex passes `*` through the same hook; it is not an identifier.
      return value === '*' ? value : dialect.quoteIdentifier(value);
    }
    override _escapeBinding(value: unknown): string {
      return escapeBinding(dialect, value);
    }
    // A clause a line, subqueries indented (`readable-sql.ts`).
    override queryCompiler(builder: unknown, formatter?: unknown): object {
      return readableCompiler(super.queryCompiler(builder, formatter));
    }
  };
}

const cache = new Map<Dialect, Knex>();

/** A Knex instance for `dialect` that can build and print SQL but never connects. */
export function compileOnlyKnex(dialect: Dialect): Knex {
  let instance = cache.get(dialect);
  if (!instance) {
    const client = clientClassFor(dialect) as unknown as typeof Knex.Client;
    instance = knexFactory({ client });
    cache.set(dialect, instance);
  }
  return instance;
}

/** `knex.raw(sql, bindings).toQuery()` for `dialect`: `??` binds identifiers, `?` values. */
export function rawSql(
  dialect: Dialect,
  sql: string,
  bindings: readonly Knex.RawBinding[] = [],
): string {
  return compileOnlyKnex(dialect)
    .raw(sql, bindings as Knex.RawBinding[])
    .toQuery();
}

/**
 * Finished SQL text (literals included) as a Knex fragment, kept exactly: with
 * no bindings Knex leaves a bare `?` alone, but it still reads `\?` as an
 * escaped placeholder and drops the backslash (`'pro\?'` would become
 * `'pro?'`), so each `\?` is escaped once more for Knex to undo.
 */
export function sqlFragment(knex: Knex, sql: string): Knex.Raw {
  return knex.raw(sql.replaceAll('\\?', '\\\\?'));
}
