/**
 * fast-check generator of schema-conforming data sets (LANGUAGE.md §10
 * fixtures, as `TestData`) aimed at the awkward cases: traits absent or
 * null, events exactly on window boundaries and after now, equal timestamps
 * with explicit message ids (compared by code point: `m10` < `m9`), users in
 * several accounts, accounts with no users, users in none, memberships and
 * events naming unknown ids, repeated memberships, group-tagged and untagged
 * events (tagged with a member account, a non-member one or an unknown one),
 * undeclared events, and properties that are missing, null or of the wrong
 * JSON type.
 *
 * Values come from `pools.ts`, shared with the program generator.
 */
import fc from 'fast-check';
import type { SourceRange } from '../../src/diagnostics/source.js';
import type {
  EntityFixture,
  FixtureValue,
  MembershipFixture,
  PageFixture,
  TestData,
  TrackFixture,
} from '../../src/project/test-case.js';
import type { Schema, TraitDeclaration, ValueType } from '../../src/project/types.js';
import {
  ACCOUNT_IDS,
  HOT_STRINGS,
  INSTANTS,
  NOW,
  NUMBERS,
  STRINGS,
  UNKNOWN_ACCOUNT,
  UNKNOWN_USER,
  USER_IDS,
} from './pools.js';

const POINT = { offset: 0, line: 1, column: 1 };
/** Generated rows have no place in any file. */
export const NO_RANGE: SourceRange = { file: 'generated', start: POINT, end: POINT };

const stringArb = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...HOT_STRINGS) },
  { weight: 1, arbitrary: fc.constantFrom(...STRINGS) },
);
const numberArb = fc.constantFrom(...NUMBERS);
/** A few instants come up often, so equal timestamps (ties broken by message id) are common. */
const HOT_INSTANTS = [INSTANTS[0]!, NOW, new Date(Date.parse(NOW) - 86_400_000).toISOString()];
const instantArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INSTANTS) },
  { weight: 2, arbitrary: fc.constantFrom(...HOT_INSTANTS) },
);

export function valueArb(type: ValueType): fc.Arbitrary<FixtureValue> {
  switch (type) {
    case 'string':
      return stringArb;
    case 'number':
      return numberArb;
    case 'boolean':
      return fc.boolean();
    case 'timestamp':
      return instantArb;
    case 'list':
      // Empty lists are set (§2); duplicates inside a list are allowed in data.
      return fc.array(stringArb, { maxLength: 3 });
  }
}

/** A trait or property: absent (undefined), null, or a value of its type (most often). */
function optionalValue(type: ValueType): fc.Arbitrary<FixtureValue | undefined> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 5, arbitrary: valueArb(type) },
  );
}

/** A JSON value of another type than `type` (the SQL must treat it as missing, like the reference). */
function wrongJsonArb(type: ValueType): fc.Arbitrary<unknown> {
  const others: Array<fc.Arbitrary<unknown>> = [fc.constant({ nested: 1 }), fc.constant([1, 'x'])];
  if (type !== 'string') others.push(fc.constantFrom('5', 'true', '2026-06-29T00:00:00Z', 'x'));
  if (type !== 'number') others.push(fc.constantFrom(5, 0, 1.5));
  if (type !== 'boolean') others.push(fc.boolean());
  return fc.oneof(...others);
}

function propertyArb(type: ValueType, options: DataOptions): fc.Arbitrary<unknown> {
  if (options.wrongTypes === false) return optionalValue(type);
  return fc.oneof(
    { weight: 8, arbitrary: optionalValue(type) },
    { weight: 1, arbitrary: wrongJsonArb(type) },
  );
}

/** What the data generator may produce beyond schema-conforming values. */
export interface DataOptions {
  /**
   * Properties of another JSON type than declared (default true). Test files
   * refuse them (test-wrong-value-type), so a case meant to be printed as a
   * `*.test.yml` is drawn without them.
   */
  wrongTypes?: boolean;
}

/** A property map for the declared properties: each absent, null, well typed or wrong. */
function propertiesArb(
  declared: Record<string, TraitDeclaration>,
  options: DataOptions,
): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.values(declared).map((d) =>
    propertyArb(d.type, options).map((v) => [d.name, v] as const),
  );
  return fc.tuple(...entries).map((pairs) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of pairs) if (v !== undefined) out[k] = v;
    return out;
  });
}

function entityRowsArb(
  ids: readonly string[],
  traits: Record<string, TraitDeclaration>,
): fc.Arbitrary<EntityFixture[]> {
  const row = (id: string): fc.Arbitrary<EntityFixture> =>
    fc
      .tuple(
        ...Object.values(traits).map((t) => optionalValue(t.type).map((v) => [t.name, v] as const)),
      )
      .map((pairs) => {
        const values: Record<string, FixtureValue> = {};
        for (const [k, v] of pairs) if (v !== undefined) values[k] = v;
        return { id, traits: values, range: NO_RANGE };
      });
  // Each id's row may be left out; shrinking drops rows first.
  return fc
    .tuple(...ids.map((id) => fc.option(row(id), { nil: undefined, freq: 6 })))
    .map((rows) => rows.filter((r): r is EntityFixture => r !== undefined));
}

const PAGE_FIELDS = ['name', 'url', 'path', 'referrer', 'title'];
const pagePropertiesArb = (
  fields: string[],
  options: DataOptions,
): fc.Arbitrary<Record<string, unknown>> =>
  propertiesArb(
    Object.fromEntries(fields.map((n) => [n, { name: n, type: 'string' as const }])),
    options,
  );

type EventBody =
  | { kind: 'track'; event: string; properties: Record<string, unknown> }
  | { kind: 'page' | 'screen'; properties: Record<string, unknown> };

function eventBodyArb(schema: Schema, options: DataOptions): fc.Arbitrary<EventBody> {
  const tracks = Object.values(schema.events).map((e) =>
    propertiesArb(e.properties, options).map((properties): EventBody => ({
      kind: 'track',
      event: e.name,
      properties,
    })),
  );
  return fc.oneof(
    { weight: 10, arbitrary: fc.oneof(...tracks) },
    {
      weight: 2,
      arbitrary: pagePropertiesArb(PAGE_FIELDS, options).map((properties): EventBody => ({
        kind: 'page',
        properties,
      })),
    },
    {
      weight: 1,
      arbitrary: pagePropertiesArb(['name'], options).map((properties): EventBody => ({
        kind: 'screen',
        properties,
      })),
    },
    // An event the schema does not declare: nothing reads it, nothing may break on it.
    {
      weight: 1,
      arbitrary: fc.constant<EventBody>({
        kind: 'track',
        event: 'Undeclared Thing',
        properties: { x: 1 },
      }),
    },
  );
}

/** Message ids whose code-point order differs from numeric order. */
const messageId = (n: number): string => `m${n}`;

/**
 * A data set over `schema`. Every event gets an explicit, unique message id;
 * timestamps come from a small pool, so ties are common.
 */
export function dataArb(schema: Schema, options: DataOptions = {}): fc.Arbitrary<TestData> {
  const userRef = fc.oneof(
    // Most events go to a few users, so per-user counts, ties and most_frequent have material.
    { weight: 8, arbitrary: fc.constantFrom(...USER_IDS.slice(0, 3)) },
    { weight: 4, arbitrary: fc.constantFrom(...USER_IDS) },
    { weight: 1, arbitrary: fc.constant(UNKNOWN_USER) },
  );
  const accountRef = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...ACCOUNT_IDS) },
    { weight: 1, arbitrary: fc.constant(UNKNOWN_ACCOUNT) },
  );
  const groupArb = fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: accountRef },
  );
  const eventArb = fc.record({
    user: userRef,
    at: instantArb,
    groupId: groupArb,
    body: eventBodyArb(schema, options),
  });
  return fc
    .record({
      accounts: entityRowsArb(ACCOUNT_IDS, schema.account),
      users: entityRowsArb(USER_IDS, schema.user),
      memberships: fc.array(fc.record({ user: userRef, account: accountRef }), {
        minLength: 2,
        maxLength: 10,
      }),
      events: fc.array(eventArb, { minLength: 8, maxLength: 30 }),
      ids: fc.uniqueArray(fc.nat({ max: 80 }), { minLength: 30, maxLength: 30 }),
    })
    .map(({ accounts, users, memberships, events, ids }) => {
      const tracks: TrackFixture[] = [];
      const pages: PageFixture[] = [];
      const screens: PageFixture[] = [];
      events.forEach((e, i) => {
        const base = {
          user: e.user,
          at: e.at,
          properties: e.body.properties,
          messageId: messageId(ids[i]!),
          ...(e.groupId === undefined ? {} : { groupId: e.groupId }),
          range: NO_RANGE,
        };
        if (e.body.kind === 'track') tracks.push({ ...base, kind: 'track', event: e.body.event });
        else (e.body.kind === 'page' ? pages : screens).push({ ...base, kind: e.body.kind });
      });
      return {
        accounts,
        users,
        memberships: memberships.map((m): MembershipFixture => ({ ...m, range: NO_RANGE })),
        tracks,
        pages,
        screens,
      };
    });
}
