/**
 * The compile-only Knex clients write a clause a line (src/sql/readable-sql.ts):
 * the text differs from Knex's own only in whitespace between the pieces it
 * assembles, and a fragment (a literal spanning lines) is kept as written.
 */
import knexFactory, { type Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { getDialect } from '../../src/sql/dialects/index.js';
import { compileOnlyKnex, sqlFragment } from '../../src/sql/knex-client.js';

const literal = "'two\n  lines,  kept'";

function build(k: Knex): Knex.QueryBuilder {
  const raw = (sql: string) => sqlFragment(k, sql);
  const ids = k.select(raw('id')).from('users');
  const counts = k
    .select(raw('e.user_id AS id'), raw('count(*) AS n'))
    .from({ e: 'events' })
    .where(raw(`e.note <> ${literal}`))
    .groupBy(raw('e.user_id'));
  const extra = k
    .select(raw('x.id'))
    .from({ x: 'extra' })
    .unionAll([k.select(raw('y.id')).from({ y: 'more' })]);
  return k
    .with('c', counts)
    .with('d', extra)
    .select(raw('u.id'), raw('c.n'), raw('CASE WHEN c.n > 1 THEN 1 ELSE 0 END AS many'))
    .from({ u: 'users' })
    .leftJoin({ c: 'c' }, 'c.id', 'u.id')
    .join(k.select(raw('1 AS one')).as('o'), (join) => {
      join.on(raw('TRUE'));
    })
    .whereIn('u.id', ids)
    .where(raw('u.id IS NOT NULL'))
    .orderByRaw('u.id')
    .limit(5, { skipBinding: true });
}

describe('readable SQL from the compile-only Knex client', () => {
  const k = compileOnlyKnex(getDialect('postgres'));
  const readable = build(k).toQuery();

  it('starts each clause on a line of its own and indents subqueries', () => {
    expect(readable).toBe(
      [
        'with "c" as (',
        '  select e.user_id AS id, count(*) AS n',
        '  from "events" as "e"',
        `  where e.note <> ${literal}`,
        '  group by e.user_id',
        '),',
        '"d" as (',
        '  select x.id',
        '  from "extra" as "x"',
        '  union all',
        '    select y.id',
        '    from "more" as "y"',
        ')',
        'select u.id, c.n, CASE WHEN c.n > 1 THEN 1 ELSE 0 END AS many',
        'from "users" as "u"',
        'left join "c" as "c" on "c"."id" = "u"."id"',
        'inner join (',
        '  select 1 AS one',
        ') as "o" on TRUE',
        'where "u"."id" in (',
        '  select id',
        '  from "users"',
        ')',
        '  and u.id IS NOT NULL',
        'order by u.id',
        'limit 5',
      ].join('\n'),
    );
  });

  it('differs from what Knex writes only in whitespace between its pieces', () => {
    const stock = build(knexFactory({ client: 'pg' })).toQuery();
    const squeeze = (sql: string) =>
      sql
        .replaceAll(literal, 'LITERAL')
        .replace(/\s+/g, ' ')
        .replace(/\( /g, '(')
        .replace(/ \)/g, ')');
    expect(squeeze(readable)).toBe(squeeze(stock));
    expect(readable).toContain(literal);
  });
});
