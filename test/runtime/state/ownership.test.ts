/**
 * State belongs to one project (issue 11.3): a second project pointed at the
 * same state schema is refused, naming the owner; a `state.schema` holding
 * tables roster did not create is refused before anything is written there.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgres } from '../../../src/runtime/warehouses/postgres.js';
import { roster } from '../apply/cli.js';
import { DAY1, NOW1, PG_URL, scratchProject } from '../apply/project.js';
import type { ScratchProject } from '../apply/project.js';

function editConfig(root: string, edit: (text: string) => string): void {
  const file = join(root, 'roster.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
}

describe('state that belongs to one project (postgres)', () => {
  let p: ScratchProject;
  beforeEach(async () => {
    p = await scratchProject('postgres');
    await p.setData(DAY1);
  });
  afterEach(async () => {
    await p.dispose();
  });

  it('refuses a second project in the same state schema, naming the owner', async () => {
    const first = await roster(p.root, 'apply', '--now', NOW1, '--auto-approve');
    expect(first.code, first.err).toBe(0);
    editConfig(p.root, (text) => text.replace('name: scratch', 'name: billing'));
    const second = await roster(p.root, 'plan', '--now', NOW1);
    expect(second.code).toBe(1);
    // The range is roster.yaml's `state:` schema, the line to change.
    expect(second.err).toMatch(/roster\.yaml:\d+:18: error\[state-other-project\]/);
    expect(second.err).toMatch(/\| state: \{ schema: roster_state_\w+ \}\n\s+\| {18}\^+\n/);
    expect(second.err).toMatch(
      /schema `roster_state_\w+` on target `dev` holds the state of project `scratch`, not of `billing` \(roster.yaml `name`\)/,
    );
    expect(second.err).toContain('state: { schema: roster_state_billing }');
    const update = /set the owner in .*?: (UPDATE .*)$/m.exec(second.err)?.[1];
    expect(update).toBeDefined();
    // The owner is unaffected.
    editConfig(p.root, (text) => text.replace('name: billing', 'name: scratch'));
    const again = await roster(p.root, 'plan', '--now', NOW1, '--detailed-exitcode');
    expect(again.code, again.err + again.out).toBe(0);
    // A renamed project: the hint's statement, run as written, hands the state over.
    const admin = await openPostgres({ url: PG_URL });
    try {
      await admin.execute(update!);
    } finally {
      await admin.close();
    }
    editConfig(p.root, (text) => text.replace('name: scratch', 'name: billing'));
    const renamed = await roster(p.root, 'plan', '--now', NOW1);
    expect(renamed.code, renamed.err).toBe(0);
  });

  it('refuses a state schema holding tables roster did not create, and writes nothing there', async () => {
    const sourceSchema = /schema: (roster_src_\w+)/.exec(
      readFileSync(join(p.root, 'roster.yaml'), 'utf8'),
    )?.[1];
    expect(sourceSchema).toBeDefined();
    editConfig(p.root, (text) =>
      text.replace(/state: \{ schema: \w+ \}/, `state: { schema: ${sourceSchema} }`),
    );
    const plan = await roster(p.root, 'plan', '--now', NOW1);
    expect(plan.code).toBe(1);
    expect(plan.err).toMatch(/roster\.yaml:\d+:18: error\[state-foreign-schema\]/);
    expect(plan.err).toContain(`| state: { schema: ${sourceSchema} }`);
    expect(plan.err).toMatch(
      /schema `roster_src_\w+` on target `dev` holds tables roster did not create \(`accounts`, .*\); roster keeps its state only in a schema of its own/,
    );
    const db = await openPostgres({ url: PG_URL });
    try {
      const tables = await db.query(
        `select table_name from information_schema.tables where table_schema = '${sourceSchema}' order by 1`,
      );
      expect(tables.map((t) => t.table_name)).toEqual([
        'accounts',
        'memberships',
        'tracks',
        'users',
      ]);
    } finally {
      await db.close();
    }
  });
});
