/**
 * Which channels of a plan reach anyone: an account definition sent to users
 * (identify/track) goes through the project's memberships, whatever case or
 * quoting the dialect gives the relation holding them.
 */
import { describe, expect, it } from 'vitest';
import type { IrSync } from '../../../src/ir/ir.js';
import { syncChannels } from '../../../src/runtime/plan/channels.js';
import { desiredSelects } from '../../../src/runtime/plan/snapshot-sql.js';
import { compileProject } from '../../../src/sql/compile-project.js';
import { dialects } from '../../../src/sql/dialects/index.js';
import type { DialectName } from '../../../src/project/types.js';
import { audience, custom, eq, jsonSources, project } from '../../sql/support/ir.js';

const sync: IrSync = {
  kind: 'sync',
  name: 'pro->crm',
  source: 'pro',
  sourceKind: 'audience',
  entity: 'account',
  destination: 'crm',
  calls: [
    { call: 'group', options: {} },
    { call: 'identify', options: {} },
  ],
  dependsOn: ['pro'],
};
const ir = project([audience('pro', 'account', custom('account', 'plan', eq('pro'))), sync]);
const names = Object.keys(dialects) as DialectName[];

describe('desired state of each channel', () => {
  it.each(names)('%s: an account audience reaches its users through memberships', (name) => {
    const compiled = compileProject(ir, {
      dialect: name,
      now: '2026-06-30T00:00:00Z',
      sources: jsonSources(),
    });
    const { parts, unreachable } = desiredSelects(
      dialects[name],
      compiled.definitions,
      syncChannels(sync),
      compiled,
    );
    expect(unreachable).toEqual([]);
    expect(parts).toHaveLength(2);
  });

  it.each(names)('%s: without a memberships source the identify channel reaches no one', (name) => {
    const compiled = compileProject(ir, {
      dialect: name,
      now: '2026-06-30T00:00:00Z',
      sources: jsonSources({ memberships: false }),
    });
    const { parts, unreachable } = desiredSelects(
      dialects[name],
      compiled.definitions,
      syncChannels(sync),
      compiled,
    );
    expect(unreachable.map((c) => c.call)).toEqual(['identify']);
    expect(parts).toHaveLength(1);
  });
});
