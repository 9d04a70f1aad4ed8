/** The compact IR text of `roster compile --ir`. */
import { describe, expect, it } from 'vitest';
import { printIr } from '../../src/ir/print.js';
import { check } from '../check/fixtures.js';

describe('printIr', () => {
  it('prints one line per definition', () => {
    const { ir } = check(
      'trait logins = account count "Logged In" within 30 days\naudience a = account where any user (did "Logged In") or logins < 10',
    );
    expect(printIr(ir!)).toBe(
      [
        'project test scope=all_accounts sources=tracks,pages,screens,users,accounts,memberships',
        'trait account logins: number = count("Logged In" within 30 days)',
        'audience account a = (any user (did "Logged In" >= 1) or account.@logins < 10)',
        '',
      ].join('\n'),
    );
  });

  it('prints negations, some-account, ranges and syncs', () => {
    const { ir } = check(
      [
        'audience e = account where plan = "e"',
        'audience u = user where not account in e and account.seats != 3 and signed_up_at before "2026-01-01"',
        'sync u to zendesk with identify, track (entered = "In")',
      ].join('\n'),
    );
    expect(printIr(ir!).split('\n').slice(1, 4)).toEqual([
      'audience account e = account.plan = "e"',
      'audience user u = (not some-account (in account.e) and some-account (not account.seats = 3) and user.signed_up_at in [-inf, 2026-01-01T00:00:00.000Z))',
      'sync u->zendesk: audience user u to zendesk with identify, track(entered = "In")',
    ]);
  });
});
