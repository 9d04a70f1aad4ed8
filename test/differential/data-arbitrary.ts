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
import type { ProgramFocus } from './program-arbitrary.js';
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

const baseStringArb = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...HOT_STRINGS) },
  { weight: 1, arbitrary: fc.constantFrom(...STRINGS) },
);
/** A few instants come up often, so equal timestamps (ties broken by message id) are common. */
const HOT_INSTANTS = [INSTANTS[0]!, NOW, new Date(Date.parse(NOW) - 86_400_000).toISOString()];
const baseInstantArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INSTANTS) },
  { weight: 2, arbitrary: fc.constantFrom(...HOT_INSTANTS) },
);

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;

/** The program's strings, and near misses: a character more or less, another case. */
function nearStrings(strings: readonly string[]): string[] {
  return [
    ...new Set(
      strings.flatMap((v) => [v, v, v, `${v}x`, `x${v}`, v.slice(0, -1), v.toUpperCase()]),
    ),
  ];
}

/** Instants on each of the program's window boundaries and dates, and just either side. */
function boundaryInstants(focus: ProgramFocus): string[] {
  const now = Date.parse(NOW);
  const bases = [
    now,
    ...focus.windows.map((w) => now - w.amount * UNIT_MS[w.unit]),
    ...focus.dates.map((d) => Date.parse(d.length === 10 ? `${d}T00:00:00Z` : d)),
  ];
  const out = new Set<string>();
  for (const b of bases) {
    for (const delta of [0, 0, -1, 1, -1000, 1000]) out.add(new Date(b + delta).toISOString());
  }
  return [...out];
}

/** The value pools of a data set: the shared pools, leaning on the program's own literals. */
function valuePools(focus: ProgramFocus | undefined) {
  const lean = <T>(base: fc.Arbitrary<T>, own: readonly T[]): fc.Arbitrary<T> =>
    own.length === 0
      ? base
      : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...own) }, { weight: 2, arbitrary: base });
  const numbers = focus
    ? [...new Set(focus.numbers.flatMap((n) => [n, n, n - 1, n + 1, n - 0.5, n + 0.5]))]
    : [];
  return {
    string: lean(baseStringArb, focus ? nearStrings(focus.strings) : []),
    number: lean(fc.constantFrom(...NUMBERS), numbers),
    instant: lean(baseInstantArb, focus ? boundaryInstants(focus) : []),
  };
}
type Pools = ReturnType<typeof valuePools>;

export function valueArb(
  type: ValueType,
  pools: Pools = valuePools(undefined),
): fc.Arbitrary<FixtureValue> {
  switch (type) {
    case 'string':
      return pools.string;
    case 'number':
      return pools.number;
    case 'boolean':
      return fc.boolean();
    case 'timestamp':
      return pools.instant;
    case 'list':
      // Empty lists are set (§2); duplicates inside a list are allowed in data.
      return fc.array(pools.string, { maxLength: 3 });
  }
}

/** A trait or property: absent (undefined), null, or a value of its type (most often). */
function optionalValue(type: ValueType, pools: Pools): fc.Arbitrary<FixtureValue | undefined> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 5, arbitrary: valueArb(type, pools) },
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

function propertyArb(type: ValueType, options: DataOptions, pools: Pools): fc.Arbitrary<unknown> {
  if (options.wrongTypes === false) return optionalValue(type, pools);
  return fc.oneof(
    { weight: 8, arbitrary: optionalValue(type, pools) },
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
  /**
   * Events without a message id (default false; `npm run fuzz:diff --
   * --missing-ids`), written as `messageId: ''`:
   * the harness loads them with a NULL id, and the reference's code-point
   * order puts '' before every id, as LANGUAGE.md §5 says a missing id sorts.
   * At most one id-less event per timestamp, so the order stays defined.
   * Test files give id-less rows ids, so printable cases are drawn without.
   */
  missingMessageIds?: boolean;
  /** The program's literals, windows and events: values and instants lean on them. */
  focus?: ProgramFocus;
}

/** A property map for the declared properties: each absent, null, well typed or wrong. */
function propertiesArb(
  declared: Record<string, TraitDeclaration>,
  options: DataOptions,
  pools: Pools,
): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.values(declared).map((d) =>
    propertyArb(d.type, options, pools).map((v) => [d.name, v] as const),
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
  pools: Pools,
): fc.Arbitrary<EntityFixture[]> {
  const row = (id: string): fc.Arbitrary<EntityFixture> =>
    fc
      .tuple(
        ...Object.values(traits).map((t) =>
          optionalValue(t.type, pools).map((v) => [t.name, v] as const),
        ),
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
  pools: Pools,
): fc.Arbitrary<Record<string, unknown>> =>
  propertiesArb(
    Object.fromEntries(fields.map((n) => [n, { name: n, type: 'string' as const }])),
    options,
    pools,
  );

type EventBody =
  | { kind: 'track'; event: string; properties: Record<string, unknown> }
  | { kind: 'page' | 'screen'; properties: Record<string, unknown> };

function eventBodyArb(schema: Schema, options: DataOptions, pools: Pools): fc.Arbitrary<EventBody> {
  // Events the program reads come up far more often than the others.
  const read = new Set(options.focus?.events ?? []);
  const page = (): fc.Arbitrary<EventBody> =>
    pagePropertiesArb(PAGE_FIELDS, options, pools).map((properties) => ({
      kind: 'page',
      properties,
    }));
  const screen = (): fc.Arbitrary<EventBody> =>
    pagePropertiesArb(['name'], options, pools).map((properties) => ({
      kind: 'screen',
      properties,
    }));
  // An event the schema does not declare: nothing reads it, nothing may break on it.
  const undeclared = fc.constant<EventBody>({
    kind: 'track',
    event: 'Undeclared Thing',
    properties: { x: 1 },
  });
  if (read.size === 0) {
    // Without a program to lean on: the draw CI's fixed seed has always made.
    return fc.oneof(
      {
        weight: 10,
        arbitrary: fc.oneof(
          ...Object.values(schema.events).map((e) =>
            propertiesArb(e.properties, options, pools).map((properties): EventBody => ({
              kind: 'track',
              event: e.name,
              properties,
            })),
          ),
        ),
      },
      { weight: 2, arbitrary: page() },
      { weight: 1, arbitrary: screen() },
      { weight: 1, arbitrary: undeclared },
    );
  }
  const weight = (name: string): number => (read.size === 0 ? 1 : read.has(name) ? 6 : 1);
  const tracks = Object.values(schema.events).map((e) => ({
    weight: 2 * weight(e.name),
    arbitrary: propertiesArb(e.properties, options, pools).map((properties): EventBody => ({
      kind: 'track',
      event: e.name,
      properties,
    })),
  }));
  return fc.oneof(
    ...tracks,
    { weight: 2 * weight('page'), arbitrary: page() },
    { weight: weight('screen'), arbitrary: screen() },
    { weight: 1, arbitrary: undeclared },
  );
}

/** Events a data set may hold: 30 drawn one by one, two runs of up to 3, and 12 in buckets. */
const MAX_EVENTS = 48;

type EventDraw = { user: string; at: string; groupId: string | undefined; body: EventBody };

/** A body (properties leaning on the program's literals) for the event named as in ProgramFocus.events. */
function bodyFor(
  schema: Schema,
  name: string,
  options: DataOptions,
  pools: Pools,
): fc.Arbitrary<EventBody> {
  if (name === 'page' || name === 'screen') {
    return pagePropertiesArb(name === 'page' ? PAGE_FIELDS : ['name'], options, pools).map(
      (properties) => ({ kind: name, properties }),
    );
  }
  const declared = Object.values(schema.events).find((e) => e.name === name);
  return propertiesArb(declared?.properties ?? {}, options, pools).map((properties) => ({
    kind: 'track',
    event: name,
    properties,
  }));
}

/**
 * Runs along the program's sequences (§12.2): one user's events for the
 * steps in order, the first at an instant of the pools (around the windows),
 * each later one exactly its step's `within` gap after the one before, or
 * one millisecond more or less (a step without a gap: an instant of the
 * pools, which may come before). Each step's event may be left out.
 */
function runsArb(
  schema: Schema,
  options: DataOptions,
  pools: Pools,
  userRef: fc.Arbitrary<string>,
  groupArb: fc.Arbitrary<string | undefined>,
): fc.Arbitrary<EventDraw[][]> {
  const sequences = options.focus?.sequences ?? [];
  if (sequences.length === 0) return fc.constant([]);
  const run = fc.constantFrom(...sequences).chain((steps) =>
    fc
      .record({
        user: userRef,
        start: pools.instant,
        steps: fc.tuple(
          ...steps.map((step) =>
            fc.record({
              body: bodyFor(schema, step.event, options, pools),
              delta: fc.constantFrom(0, -1, 1),
              at: pools.instant,
              groupId: groupArb,
              present: fc.oneof(
                { weight: 5, arbitrary: fc.constant(true) },
                { weight: 1, arbitrary: fc.constant(false) },
              ),
            }),
          ),
        ),
      })
      .map(({ user, start, steps: drawn }) => {
        const out: EventDraw[] = [];
        let previous = Date.parse(start);
        drawn.forEach((d, i) => {
          const gap = steps[i]!.gapMs;
          const t =
            i === 0 ? previous : gap === undefined ? Date.parse(d.at) : previous + gap + d.delta;
          previous = t;
          if (d.present)
            out.push({ user, at: new Date(t).toISOString(), groupId: d.groupId, body: d.body });
        });
        return out;
      }),
  );
  return fc.array(run, { maxLength: 2 });
}

/**
 * Events in the buckets of a program's `in at least K of the last M UNITS`
 * (§12.3), for one user: 0–3 per bucket, each on a bucket edge (now - i·U
 * lies in bucket i, now - (i+1)·U in the next), a millisecond inside or
 * outside one, or mid-bucket. At most 12.
 */
function bucketsArb(
  schema: Schema,
  options: DataOptions,
  pools: Pools,
  userRef: fc.Arbitrary<string>,
  groupArb: fc.Arbitrary<string | undefined>,
): fc.Arbitrary<EventDraw[]> {
  const regulars = options.focus?.regulars ?? [];
  if (regulars.length === 0) return fc.constant([]);
  const now = Date.parse(NOW);
  return fc.option(
    fc.constantFrom(...regulars).chain(({ event, m, unitMs }) =>
      fc
        .record({
          user: userRef,
          buckets: fc.tuple(
            ...Array.from({ length: m }, () =>
              fc.array(
                fc.record({
                  offset: fc.constantFrom(0, 1, unitMs / 2, unitMs - 1, unitMs, -1),
                  body: bodyFor(schema, event, options, pools),
                  groupId: groupArb,
                }),
                { maxLength: Math.min(3, Math.floor(12 / m)) },
              ),
            ),
          ),
        })
        .map(({ user, buckets }) =>
          buckets.flatMap((events, i) =>
            events.map((e) => ({
              user,
              at: new Date(now - i * unitMs - e.offset).toISOString(),
              groupId: e.groupId,
              body: e.body,
            })),
          ),
        ),
    ),
    { nil: [], freq: 3 },
  );
}

/** Message ids whose code-point order differs from numeric order. */
const messageId = (n: number): string => `m${n}`;

/**
 * A data set over `schema`. Events get a unique message id or, unless turned
 * off, none (see `DataOptions.missingMessageIds`); timestamps come from a
 * small pool, so ties are common.
 */
export function dataArb(schema: Schema, options: DataOptions = {}): fc.Arbitrary<TestData> {
  const pools = valuePools(options.focus);
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
    at: pools.instant,
    groupId: groupArb,
    body: eventBodyArb(schema, options, pools),
  });
  const runs = runsArb(schema, options, pools, userRef, groupArb);
  const buckets = bucketsArb(schema, options, pools, userRef, groupArb);
  return fc
    .record({
      accounts: entityRowsArb(ACCOUNT_IDS, schema.account, pools),
      users: entityRowsArb(USER_IDS, schema.user, pools),
      memberships: fc.array(fc.record({ user: userRef, account: accountRef }), {
        minLength: 2,
        maxLength: 10,
      }),
      events: fc.array(eventArb, { minLength: 8, maxLength: 30 }),
      runs,
      buckets,
      ids: fc.uniqueArray(fc.nat({ max: 120 }), { minLength: MAX_EVENTS, maxLength: MAX_EVENTS }),
      idless: options.missingMessageIds
        ? fc.array(fc.boolean(), { minLength: MAX_EVENTS, maxLength: MAX_EVENTS })
        : fc.constant([] as boolean[]),
    })
    .map(({ accounts, users, memberships, events, runs, buckets, ids, idless }) => {
      const tracks: TrackFixture[] = [];
      const pages: PageFixture[] = [];
      const screens: PageFixture[] = [];
      const idlessAt = new Set<string>();
      [...events, ...runs.flat(), ...buckets].forEach((e, i) => {
        // About one event in four has no id (fast-check's booleans lean on false while shrinking).
        const missing =
          options.missingMessageIds === true &&
          idless[i] === true &&
          idless[(i + 1) % idless.length] === true &&
          !idlessAt.has(e.at);
        if (missing) idlessAt.add(e.at);
        const base = {
          user: e.user,
          at: e.at,
          properties: e.body.properties,
          messageId: missing ? '' : messageId(ids[i]!),
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
