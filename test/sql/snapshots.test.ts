/**
 * Reviewable SQL per dialect (ARCHITECTURE.md §Practices 8): a change to the
 * generated SQL shows up as a diff of these .sql files. They record the
 * output's shape for review; behaviour is asserted by the run tests.
 *
 * A missing snapshot fails (vitest would otherwise write it and pass outside
 * CI); `npx vitest run test/sql/snapshots.test.ts -u` writes it on purpose.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/sql/compile-project.js';
import { compiledScript } from '../../src/sql/script.js';
import {
  agg,
  audience,
  custom,
  did,
  eq,
  jsonSources,
  num,
  project,
  prop,
  track,
  trait,
  within,
  inline,
} from './support/ir.js';

const ir = project(
  [
    {
      ...trait(
        'logins_30d',
        'account',
        agg('count', track('Logged In'), { window: within(30, 'day') }),
      ),
      doc: 'Logins by anyone in the account over the last 30 days.',
    },
    trait(
      'top_feature',
      'user',
      agg('most_frequent', track('Feature Used'), { property: prop('feature') }),
    ),
    audience('at_risk', 'account', {
      kind: 'and',
      operands: [
        {
          kind: 'quantified',
          quantifier: 'any',
          body: did(track('Logged In'), { window: within(30, 'day'), perAccount: true }),
        },
        inline(
          'account',
          agg('count', track('Logged In'), { window: within(30, 'day') }),
          num('<', 10),
        ),
        { kind: 'not', operand: custom('account', 'plan', eq('enterprise')) },
      ],
    }),
  ],
  'group_context',
);

/** Whether vitest runs with -u (the field is internal: if it ever moves, missing files still fail). */
function updatingSnapshots(): boolean {
  const state = expect.getState().snapshotState as unknown as { _updateSnapshot?: unknown };
  return state._updateSnapshot === 'all';
}

describe.each(['duckdb', 'postgres'] as const)('%s', (dialect) => {
  it('matches the reviewed script', async () => {
    const file = join(import.meta.dirname, 'snapshots', `${dialect}.sql`);
    if (!updatingSnapshots()) {
      expect(existsSync(file), `${file} is missing: write it with vitest -u and review it`).toBe(
        true,
      );
    }
    const compiled = compileProject(ir, {
      dialect,
      now: '2026-06-30T00:00:00Z',
      sources: jsonSources(),
    });
    await expect(compiledScript(compiled)).toMatchFileSnapshot(`snapshots/${dialect}.sql`);
  });
});
