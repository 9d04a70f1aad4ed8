/**
 * The data as the language sees it (LANGUAGE.md §1, §3, §9): the known users
 * and accounts, the memberships between them, and each user's events up to
 * now, with everything that names an unknown id, has no user, or lies after
 * now left out once, here, so no rule elsewhere has to remember it.
 */
import type { ReferenceData, ReferenceEventSource } from './data.js';
import { compareCodePoints, requireInstant } from './values.js';

export interface WorldEvent {
  source: ReferenceEventSource;
  event: string | undefined;
  at: number;
  messageId: string;
  groupId: string | undefined;
  properties: Record<string, unknown>;
}

export interface World {
  now: number;
  /** Known ids, distinct, in code-point order. */
  userIds: string[];
  accountIds: string[];
  userTraits: Map<string, Record<string, unknown>>;
  accountTraits: Map<string, Record<string, unknown>>;
  /** Distinct accounts of each known user and distinct users of each known account. */
  accountsOfUser: Map<string, string[]>;
  usersOfAccount: Map<string, string[]>;
  /** Each known user's events with timestamp <= now. */
  eventsOfUser: Map<string, WorldEvent[]>;
}

function byCodePoint(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort(compareCodePoints);
}

export function buildWorld(data: ReferenceData, now: number): World {
  const userTraits = new Map<string, Record<string, unknown>>();
  const accountTraits = new Map<string, Record<string, unknown>>();
  // A repeated id keeps its first row: one entity, one set of traits.
  for (const row of data.users) if (!userTraits.has(row.id)) userTraits.set(row.id, row.traits);
  for (const row of data.accounts)
    if (!accountTraits.has(row.id)) accountTraits.set(row.id, row.traits);

  const accountsOfUser = new Map<string, Set<string>>();
  const usersOfAccount = new Map<string, Set<string>>();
  for (const id of userTraits.keys()) accountsOfUser.set(id, new Set());
  for (const id of accountTraits.keys()) usersOfAccount.set(id, new Set());
  for (const { user, account } of data.memberships) {
    const accounts = accountsOfUser.get(user);
    const users = usersOfAccount.get(account);
    if (!accounts || !users) continue; // names an unknown id: ignored
    accounts.add(account);
    users.add(user);
  }

  const eventsOfUser = new Map<string, WorldEvent[]>();
  for (const id of userTraits.keys()) eventsOfUser.set(id, []);
  data.events.forEach((e, i) => {
    const at = requireInstant(e.at, `event ${i + 1} (${e.messageId}) timestamp`);
    if (e.user === null || e.user === undefined || at > now) return;
    eventsOfUser.get(e.user)?.push({
      source: e.source,
      event: e.event,
      at,
      messageId: e.messageId,
      groupId: e.groupId ?? undefined,
      properties: e.properties,
    });
  });

  const sortedValues = (m: Map<string, Set<string>>) =>
    new Map([...m].map(([k, v]) => [k, byCodePoint(v)] as const));
  return {
    now,
    userIds: byCodePoint(userTraits.keys()),
    accountIds: byCodePoint(accountTraits.keys()),
    userTraits,
    accountTraits,
    accountsOfUser: sortedValues(accountsOfUser),
    usersOfAccount: sortedValues(usersOfAccount),
    eventsOfUser,
  };
}
