/**
 * `roster preview`'s sample: some columns of an entity's source table for a
 * few ids, assembled with the dialect's compile-only Knex builder like the
 * compiler's relations, so its names and literals follow the escaping
 * contract in one place (the runtime assembles no SQL of its own for it). Ids
 * are dialect literals in fragments, never value bindings, as in explain's
 * queries.
 */
import type { Dialect } from './dialect.js';
import { compileOnlyKnex, sqlFragment } from './knex-client.js';

export interface EntitySampleRequest {
  /** The source table as configured (a name, or on DuckDB a file path). */
  table: string;
  /** The source's id column. */
  id: string;
  /** Source columns, each read under its own alias. */
  columns: ReadonlyArray<{ column: string; as: string }>;
  /** The ids wanted (as text); at least one. */
  ids: readonly string[];
}

/** Rows `(id, <as>…)` of the wanted ids: `id` as the source holds it, compared as text. */
export function entitySampleQuery(dialect: Dialect, request: EntitySampleRequest): string {
  if (request.ids.length === 0) throw new Error('internal: an entity sample of no ids');
  const knex = compileOnlyKnex(dialect);
  const fragment = (sql: string) => sqlFragment(knex, sql);
  const q = (name: string) => dialect.quoteIdentifier(name);
  return knex
    .select(
      [
        `${q(request.id)} AS ${q('id')}`,
        ...request.columns.map((c) => `${q(c.column)} AS ${q(c.as)}`),
      ].map(fragment),
    )
    .from(fragment(dialect.sourceRelation(request.table)))
    .whereRaw(
      fragment(
        `${dialect.cast(q(request.id), 'string')} IN (${request.ids.map((id) => dialect.stringLiteral(id)).join(', ')})`,
      ),
    )
    .toQuery();
}
