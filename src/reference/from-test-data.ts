/**
 * A test file's fixtures (`TestCase.data`, LANGUAGE.md §10) as reference
 * rows: a change of shape only. The loader has already normalised event
 * instants and given every event row its message id.
 */
import type { PageFixture, TestData, TrackFixture } from '../project/test-case.js';
import type { ReferenceData, ReferenceEvent, ReferenceEventSource } from './data.js';

function event(
  source: ReferenceEventSource,
  e: TrackFixture | PageFixture,
  name: string | undefined,
): ReferenceEvent {
  return {
    source,
    user: e.user,
    ...(name === undefined ? {} : { event: name }),
    at: e.at,
    messageId: e.messageId,
    ...(e.groupId === undefined ? {} : { groupId: e.groupId }),
    properties: e.properties,
  };
}

export function referenceDataFromTestData(data: TestData): ReferenceData {
  return {
    accounts: data.accounts.map((row) => ({ id: row.id, traits: row.traits })),
    users: data.users.map((row) => ({ id: row.id, traits: row.traits })),
    memberships: data.memberships.map(({ user, account }) => ({ user, account })),
    events: [
      ...data.tracks.map((e) => event('tracks', e, e.event)),
      ...data.pages.map((e) => event('pages', e, undefined)),
      ...data.screens.map((e) => event('screens', e, undefined)),
    ],
  };
}
