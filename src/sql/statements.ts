/**
 * The statements around the plan's relations: each relation is created as a
 * session-scoped table (or, where the dialect has them, an event scan as a
 * temporary view) from its query, and dropped at teardown. Knex has no
 * builder for `CREATE TEMPORARY TABLE … AS`: the dialect gives the statement's
 * opening words (`Dialect.temporaryTable`/`temporaryView`) and Knex writes the
 * rest, the name bound as an identifier (`??`, quoted by the dialect) and the
 * query as a fragment. Drops are Knex's schema builder.
 */
import type { Dialect } from './dialect.js';
import { compileOnlyKnex, sqlFragment } from './knex-client.js';

/** How a relation is materialised: a temporary table, or a temporary view (`Dialect.temporaryView`). */
export type Materialisation = 'table' | 'view';

/** `<CREATE … TEMPORARY TABLE|VIEW> "name" AS\n<query>`. */
export function createStatement(
  dialect: Dialect,
  as: Materialisation,
  name: string,
  query: string,
): string {
  const words = as === 'view' ? dialect.temporaryView : dialect.temporaryTable;
  if (words === undefined) throw new Error(`internal: ${dialect.name} has no temporary views`);
  const knex = compileOnlyKnex(dialect);
  // `??` reads dots as qualifiers: the compiler's names (fitted identifiers) have none.
  if (name.includes('.')) throw new Error(`internal: relation name ${name} holds a dot`);
  return knex.raw(`${words} ?? AS\n?`, [name, sqlFragment(knex, query)]).toQuery();
}

/** `drop table|view if exists "name"`. */
export function dropStatement(dialect: Dialect, as: Materialisation, name: string): string {
  const schema = compileOnlyKnex(dialect).schema;
  return (
    as === 'view' ? schema.dropViewIfExists(name) : schema.dropTableIfExists(name)
  ).toString();
}
