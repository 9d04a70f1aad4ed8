/**
 * A placeholder is a relation (LANGUAGE.md §6): `from {{ memberships }}`
 * needs no alias of the user's. It expands to a subquery, which PostgreSQL
 * before 16 refuses without an alias, so roster names it after the
 * placeholder unless the user gave one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { roster } from './apply/cli.js';
import { DAY1, NOW1, scratchProject } from './apply/project.js';
import type { ScratchProject } from './apply/project.js';

const seats = (query: string) => `trait seats = account sql number """
${query}
"""
sync seats to audit with group
`;

/** From DAY1's memberships, counted by hand: a1 has u1 and u2, a2 has u3, a3 has u4. */
const EXPECTED = { a1: 2, a2: 1, a3: 1 };

const queries: Array<[string, string]> = [
  ['no alias', 'select account_id as id, count(*) as value from {{ memberships }} group by 1'],
  [
    'the placeholder name as qualifier',
    'select memberships.account_id as id, count(*) as value from {{ memberships }} group by memberships.account_id',
  ],
  [
    'no alias, then where',
    "select account_id as id, count(*) as value from {{ memberships }}\nwhere user_id <> 'nobody' group by 1",
  ],
  [
    'no alias, then a join',
    'select m.account_id as id, count(*) as value from {{ accounts }} join {{ memberships }} m on m.account_id = accounts.id group by 1',
  ],
  [
    'a bare alias',
    'select m.account_id as id, count(*) as value from {{ memberships }} m group by 1',
  ],
  [
    'an AS alias',
    'select m.account_id as id, count(*) as value from {{ memberships }} as m group by 1',
  ],
];

describe.each(['duckdb', 'postgres'] as const)('SQL trait placeholders on %s', (engine) => {
  let p: ScratchProject | undefined;
  afterEach(async () => {
    await p?.dispose();
    p = undefined;
  });

  it.each(queries)('%s', async (_label, query) => {
    p = await scratchProject(engine, seats(query));
    await p.setData(DAY1);
    const run = await roster(p.root, 'apply', '--now', NOW1, '--auto-approve');
    expect(run.code, run.err).toBe(0);
    const values = Object.fromEntries(
      p
        .calls()
        .filter((c) => c.type === 'group')
        .map((c) => [c.groupId, (c.traits as Record<string, unknown>).seats]),
    );
    expect(values).toEqual(EXPECTED);
  });
});
