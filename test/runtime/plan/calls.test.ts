/** Segment calls (LANGUAGE.md §7), message ids, definition hashes and plan files. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IrAudience } from '../../../src/ir/ir.js';
import {
  accountAnonymousId,
  buildCall,
  decodeValue,
} from '../../../src/runtime/calls/build-call.js';
import type { TransitionRow } from '../../../src/runtime/calls/build-call.js';
import { messageId } from '../../../src/runtime/calls/message-id.js';
import { definitionHash } from '../../../src/runtime/plan/definition-hash.js';
import type { Plan } from '../../../src/runtime/plan/plan.js';
import { readPlanFile, writePlanFile } from '../../../src/runtime/plan/plan-file.js';

const row = (over: Partial<TransitionRow>): TransitionRow => ({
  pos: 1,
  sync: 'at_risk->zendesk',
  destination: 'zendesk',
  call: 'group',
  source: 'at_risk',
  sourceKind: 'audience',
  member: 'a1',
  transition: 'entered',
  value: 'true',
  prevSeq: 0,
  generation: 1,
  ...over,
});
const ctx = {
  project: 'acme',
  now: '2026-06-30T00:00:00.000Z',
  rosterVersion: '0.1.0',
  options: {},
};
const context = { library: { name: 'roster', version: '0.1.0' } };

describe('calls', () => {
  it('group on an account audience sets the audience name true on entering and false on exiting', () => {
    const call = buildCall(row({}), ctx);
    expect(call).toEqual({
      type: 'group',
      messageId: messageId({
        project: 'acme',
        destination: 'zendesk',
        sync: 'at_risk->zendesk',
        call: 'group',
        member: 'a1',
        transition: 'entered',
        seq: 1,
      }),
      timestamp: '2026-06-30T00:00:00.000Z',
      anonymousId: accountAnonymousId('a1'),
      groupId: 'a1',
      traits: { at_risk: true },
      context,
    });
    expect(buildCall(row({ transition: 'exited', value: null, prevSeq: 1 }), ctx).traits).toEqual({
      at_risk: false,
    });
  });

  it("a group call's anonymousId is a UUID fixed by the account id alone, and can be left out", () => {
    const a1 = buildCall(row({}), ctx).anonymousId;
    expect(a1).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Same account in another sync, project and run: same id; another account: another id.
    expect(
      buildCall(row({ sync: 'other->x', transition: 'exited', value: null, prevSeq: 4 }), {
        ...ctx,
        project: 'other',
        now: '2027-01-01T00:00:00.000Z',
      }).anonymousId,
    ).toBe(a1);
    expect(buildCall(row({ member: 'a2' }), ctx).anonymousId).not.toBe(a1);
    expect(buildCall(row({}), { ...ctx, groupAnonymousId: false })).not.toHaveProperty(
      'anonymousId',
    );
    expect(buildCall(row({ call: 'identify', member: 'u1' }), ctx)).not.toHaveProperty(
      'anonymousId',
    );
  });

  it('identify carries the same traits for a user', () => {
    const call = buildCall(row({ call: 'identify', member: 'u1' }), ctx);
    expect(call).toMatchObject({ type: 'identify', userId: 'u1', traits: { at_risk: true } });
    expect(call.groupId).toBeUndefined();
  });

  it('track uses the given event names, or Audience Entered/Exited', () => {
    const named = { ...ctx, options: { entered: 'Account At Risk', exited: 'Account Recovered' } };
    expect(buildCall(row({ call: 'track', member: 'u1' }), named)).toMatchObject({
      type: 'track',
      userId: 'u1',
      event: 'Account At Risk',
      properties: { audience_key: 'at_risk', at_risk: true },
    });
    expect(
      buildCall(row({ call: 'track', member: 'u1', transition: 'exited', value: null }), ctx),
    ).toMatchObject({
      event: 'Audience Exited',
      properties: { audience_key: 'at_risk', at_risk: false },
    });
  });

  it('traits send their typed value, as Trait Computed events on track', () => {
    const trait = {
      source: 'logins',
      sourceKind: 'trait' as const,
      transition: 'changed' as const,
    };
    expect(
      buildCall(row({ ...trait, value: '12.0' }), { ...ctx, traitType: 'number' }).traits,
    ).toEqual({ logins: 12 });
    expect(
      buildCall(row({ ...trait, call: 'track', value: '3' }), { ...ctx, traitType: 'number' }),
    ).toMatchObject({
      event: 'Trait Computed',
      properties: { trait_key: 'logins', logins: 3 },
    });
    expect(
      buildCall(row({ ...trait, transition: 'removed', value: null }), {
        ...ctx,
        traitType: 'number',
      }).traits,
    ).toEqual({ logins: null });
  });

  it('decodes stored trait text per type, as both warehouses write it', () => {
    expect(decodeValue('"2026-06-30 10:00:00+00"', 'timestamp')).toBe('2026-06-30T10:00:00.000Z');
    expect(decodeValue('"2026-06-30T10:00:00+00:00"', 'timestamp')).toBe(
      '2026-06-30T10:00:00.000Z',
    );
    expect(decodeValue('["a","b"]', 'list')).toEqual(['a', 'b']);
    expect(decodeValue('"x \\"y\\""', 'string')).toBe('x "y"');
    expect(decodeValue('true', 'boolean')).toBe(true);
  });

  it('message ids are stable UUIDs, different per transition and per place in history', () => {
    const base = {
      project: 'acme',
      destination: 'd',
      sync: 's->d',
      call: 'identify',
      member: 'u1',
      transition: 'entered',
      seq: 1,
    };
    const id = messageId(base);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(messageId({ ...base })).toBe(id);
    expect(messageId({ ...base, seq: 3 })).not.toBe(id);
    expect(messageId({ ...base, transition: 'exited', seq: 2 })).not.toBe(
      messageId({ ...base, seq: 2 }),
    );
    expect(messageId({ ...base, destination: 'other' })).not.toBe(id);
  });
});

describe('definition hashes', () => {
  const audience: IrAudience = {
    kind: 'audience',
    name: 'x',
    entity: 'account',
    condition: { kind: 'constant', value: true },
    dependsOn: [],
  };
  it('ignore doc comments and key order but not meaning', () => {
    expect(definitionHash({ ...audience, doc: 'words' })).toBe(definitionHash(audience));
    const reordered = {
      dependsOn: [],
      condition: { value: true, kind: 'constant' },
      entity: 'account',
      name: 'x',
      kind: 'audience',
    } as IrAudience;
    expect(definitionHash(reordered)).toBe(definitionHash(audience));
    expect(definitionHash({ ...audience, condition: { kind: 'constant', value: false } })).not.toBe(
      definitionHash(audience),
    );
  });
});

describe('plan files', () => {
  const plan = {
    format: 'roster-plan',
    version: 2,
    project: 'p',
    runId: 'r1',
    now: '2026-06-30T00:00:00.000Z',
  } as unknown as Plan;
  it('round-trip, and refuse a file changed by hand or of another version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-planfile-'));
    const path = join(dir, 'plan.json');
    writePlanFile(path, plan);
    expect(readPlanFile(path)).toEqual({ ok: true, plan: { ...plan, hash: expect.any(String) } });
    writeFileSync(path, readFileSync(path, 'utf8').replace('"r1"', '"r2"'));
    expect(readPlanFile(path)).toEqual({
      ok: false,
      message: `${path} was modified after \`roster plan\` wrote it (its hash does not match)`,
    });
    // Version 1 plans named a `desired` snapshot table, which version 2 keeps in the session.
    writePlanFile(path, { ...plan, version: 1 } as unknown as Plan);
    expect(readPlanFile(path)).toEqual({
      ok: false,
      message: `${path} is a version 1 plan; this roster reads version 2`,
    });
    writeFileSync(path, '{');
    expect(readPlanFile(path)).toEqual({
      ok: false,
      message: `${path} is not a roster plan (not JSON)`,
    });
  });
});
