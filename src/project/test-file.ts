/**
 * `*.test.yml` → TestCase (LANGUAGE.md §10). The file's shape is checked by
 * schemas/test.schema.json; with the project's schema, fixture values are also
 * checked against the declared trait and property types, so a typo in a fixture
 * is reported at its place instead of silently failing an expectation.
 */
import { basename } from 'node:path';
import { isScalar } from 'yaml';
import { error, hasErrors, warning } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../diagnostics/source.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { parseInstant } from './instant.js';
import { PAGE_PROPERTIES, SCREEN_PROPERTIES } from './read-schema.js';
import type {
  EntityFixture,
  ExpectedAudience,
  ExpectedTrait,
  FixtureValue,
  MembershipFixture,
  PageFixture,
  TestCase,
  TestConfigOverrides,
  TrackFixture,
} from './test-case.js';
import { programFromScalar } from './test-program.js';
import type { Schema, TraitDeclaration } from './types.js';
import { describeValue, validateYaml } from './validate-yaml.js';
import { keyRange, locate, parseYamlFile, valueRange } from './yaml-file.js';
import type { YamlFile, YamlPath } from './yaml-file.js';

export interface LoadTestFileOptions {
  /** The project's schema: enables type checks of fixture traits and event properties. */
  schema?: Schema;
}

interface RawEvent {
  user: string;
  event?: string;
  at: string;
  properties?: Record<string, unknown> | null;
  message_id?: string;
  group_id?: string;
}

interface RawTest {
  now: string;
  config?: TestConfigOverrides;
  program?: string;
  data?: {
    accounts?: Array<Record<string, unknown>>;
    users?: Array<Record<string, unknown>>;
    memberships?: Array<{ user: string; account: string }>;
    tracks?: RawEvent[];
    pages?: RawEvent[];
    screens?: RawEvent[];
  } | null;
  expect: {
    audiences?: Record<string, string[]>;
    traits?: Record<string, Record<string, unknown>>;
  };
}

/** Message ids generated for rows without one: `m` + a zero-padded file-order number. */
export function generatedMessageId(index: number, total: number): string {
  return `m${String(index).padStart(Math.max(6, String(total).length), '0')}`;
}

export function loadTestFile(
  file: SourceFile,
  options: LoadTestFileOptions = {},
): { testCase?: TestCase; diagnostics: Diagnostic[] } {
  const parsed = parseYamlFile(file, 'test');
  const diagnostics = parsed.diagnostics;
  const yaml = parsed.yaml;
  if (!yaml) return { diagnostics };
  const invalid = validateYaml(yaml, 'test', { prefix: 'test', fileLabel: basename(file.path) });
  diagnostics.push(...invalid);
  if (invalid.length > 0) return { diagnostics };
  const raw = yaml.value as RawTest;
  const checker = new FixtureChecker(yaml, options.schema, diagnostics);

  const now = checker.instant(raw.now, ['now']);
  const data = raw.data ?? {};
  const accounts = (data.accounts ?? []).map((row, i) =>
    checker.entity(row, ['data', 'accounts', i], 'account'),
  );
  const users = (data.users ?? []).map((row, i) =>
    checker.entity(row, ['data', 'users', i], 'user'),
  );
  checker.uniqueIds(accounts, 'accounts');
  checker.uniqueIds(users, 'users');
  const memberships: MembershipFixture[] = (data.memberships ?? []).map((m, i) => ({
    user: m.user,
    account: m.account,
    range: valueRange(yaml, ['data', 'memberships', i]),
  }));

  const tracks = (data.tracks ?? []).map((row, i): TrackFixture => ({
    kind: 'track',
    event: row.event ?? '',
    ...checker.event(row, ['data', 'tracks', i], row.event ?? ''),
  }));
  const pages = (data.pages ?? []).map((row, i): PageFixture => ({
    kind: 'page',
    ...checker.event(row, ['data', 'pages', i], 'page'),
  }));
  const screens = (data.screens ?? []).map((row, i): PageFixture => ({
    kind: 'screen',
    ...checker.event(row, ['data', 'screens', i], 'screen'),
  }));
  assignMessageIds([...tracks, ...pages, ...screens], diagnostics);

  const audiences: ExpectedAudience[] = Object.entries(raw.expect.audiences ?? {}).map(
    ([name, ids]) => ({
      name,
      ids,
      range: keyRange(yaml, ['expect', 'audiences', name]),
    }),
  );
  const traits: ExpectedTrait[] = Object.entries(raw.expect.traits ?? {}).map(([name, values]) => ({
    name,
    values,
    range: keyRange(yaml, ['expect', 'traits', name]),
  }));

  const programNode = locate(yaml, ['program']).node;
  const program =
    raw.program !== undefined && isScalar(programNode)
      ? programFromScalar(file, programNode, raw.program)
      : undefined;

  if (hasErrors(diagnostics)) return { diagnostics };
  return {
    testCase: {
      file: file.path,
      now: now ?? '',
      config: raw.config ?? {},
      ...(program ? { program } : {}),
      data: { accounts, users, memberships, tracks, pages, screens },
      expect: { audiences, traits },
    },
    diagnostics,
  };
}

/**
 * Numbers rows without a `message_id` in file order (`m000001`, ...; zero-padded
 * so code-point order is file order), and reports ids used twice: events are
 * ordered by (timestamp, message id), so ids must be unique.
 */
function assignMessageIds(
  events: Array<TrackFixture | PageFixture>,
  diagnostics: Diagnostic[],
): void {
  const inFileOrder = [...events].sort((a, b) => a.range.start.offset - b.range.start.offset);
  const missing = inFileOrder.filter((e) => e.messageId === '');
  missing.forEach((e, i) => {
    e.messageId = generatedMessageId(i + 1, missing.length);
  });
  const first = new Map<string, TrackFixture | PageFixture>();
  for (const e of inFileOrder) {
    const earlier = first.get(e.messageId);
    if (!earlier) {
      first.set(e.messageId, e);
      continue;
    }
    const generated = missing.includes(e) || missing.includes(earlier);
    diagnostics.push(
      error(
        'test-duplicate-message-id',
        `message id \`${e.messageId}\` is used by two events`,
        e.range,
        generated
          ? [
              'rows without `message_id` are numbered m000001, m000002, ... in file order; pick another id',
            ]
          : [],
        [{ message: 'first used here', range: earlier.range }],
      ),
    );
  }
}

const typeLabel: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: '`true` or `false`',
  timestamp: 'an ISO-8601 timestamp',
  list: 'a list of strings',
};

/** Checks fixture values against the schema; collects diagnostics as it goes. */
class FixtureChecker {
  constructor(
    private readonly yaml: YamlFile,
    private readonly schema: Schema | undefined,
    private readonly diagnostics: Diagnostic[],
  ) {}

  instant(text: string, path: YamlPath): string | undefined {
    const parsed = parseInstant(text);
    if (parsed === undefined) {
      this.diagnostics.push(
        error(
          'test-bad-timestamp',
          `\`${text}\` is not an ISO-8601 timestamp`,
          valueRange(this.yaml, path),
          ['write e.g. "2026-06-30T00:00:00Z" or "2026-06-30"'],
        ),
      );
    }
    return parsed;
  }

  entity(row: Record<string, unknown>, path: YamlPath, entity: 'account' | 'user'): EntityFixture {
    const traits: Record<string, FixtureValue> = {};
    const declared = this.schema?.[entity];
    for (const [name, value] of Object.entries(row)) {
      if (name === 'id') continue;
      const decl = declared?.[name];
      if (declared && !decl) {
        const hints = didYouMean(name, Object.keys(declared));
        if (hints.length === 0) hints.push(`declare it under \`${entity}.traits\` in the schema`);
        this.diagnostics.push(
          error(
            'test-unknown-trait',
            `\`${name}\` is not a declared ${entity} trait`,
            keyRange(this.yaml, [...path, name]),
            hints,
          ),
        );
        continue;
      }
      traits[name] = this.value(
        value,
        [...path, name],
        decl,
        `${entity} trait \`${name}\``,
      ) as FixtureValue;
    }
    return { id: String(row.id), traits, range: valueRange(this.yaml, path) };
  }

  uniqueIds(rows: EntityFixture[], what: string): void {
    const seen = new Map<string, EntityFixture>();
    for (const row of rows) {
      const earlier = seen.get(row.id);
      if (earlier) {
        this.diagnostics.push(
          error(
            'test-duplicate-id',
            `id \`${row.id}\` appears twice in \`data.${what}\``,
            row.range,
            ["give each row its own id; put all of one entity's traits in one row"],
            [{ message: 'first row with this id', range: earlier.range }],
          ),
        );
      } else seen.set(row.id, row);
    }
  }

  /** The common part of a track/page/screen row; `messageId` is '' until assigned. */
  event(row: RawEvent, path: YamlPath, event: string): Omit<TrackFixture, 'kind' | 'event'> {
    const at = this.instant(row.at, [...path, 'at']) ?? '';
    const properties: Record<string, unknown> = {};
    const declared = this.propertiesOf(event, [...path, 'event']);
    for (const [name, value] of Object.entries(row.properties ?? {})) {
      const decl = declared?.[name];
      if (declared && !decl) {
        const hints = didYouMean(name, Object.keys(declared));
        this.diagnostics.push(
          warning(
            'test-unknown-property',
            `\`${name}\` is not a declared property of ${event === 'page' || event === 'screen' ? event : `\`${event}\``} events`,
            keyRange(this.yaml, [...path, 'properties', name]),
            hints,
          ),
        );
      }
      properties[name] = this.value(
        value,
        [...path, 'properties', name],
        decl,
        `property \`${name}\``,
      );
    }
    return {
      user: row.user,
      at,
      properties,
      messageId: row.message_id ?? '',
      ...(row.group_id !== undefined ? { groupId: row.group_id } : {}),
      range: valueRange(this.yaml, path),
    };
  }

  /** Declared properties of an event, or undefined when unknown (no schema, or an undeclared event). */
  private propertiesOf(
    event: string,
    eventPath: YamlPath,
  ): Record<string, TraitDeclaration> | undefined {
    const standard = (names: readonly string[]): Record<string, TraitDeclaration> =>
      Object.fromEntries(names.map((n) => [n, { name: n, type: 'string' }]));
    if (event === 'page') return standard(PAGE_PROPERTIES);
    if (event === 'screen') return standard(SCREEN_PROPERTIES);
    if (!this.schema) return undefined;
    const decl = this.schema.events[event];
    if (!decl) {
      const hints = didYouMean(event, Object.keys(this.schema.events));
      this.diagnostics.push(
        warning(
          'test-unknown-event',
          `event \`${event}\` is not declared in the schema`,
          valueRange(this.yaml, eventPath),
          hints,
        ),
      );
      return undefined;
    }
    return decl.properties;
  }

  /** Checks one value against its declaration; returns it (timestamps normalised). */
  private value(
    value: unknown,
    path: YamlPath,
    decl: TraitDeclaration | undefined,
    what: string,
  ): unknown {
    if (value === null || !decl) return value;
    const wrong = (): unknown => {
      const hints =
        decl.type === 'number' &&
        typeof value === 'string' &&
        value.trim() !== '' &&
        !Number.isNaN(Number(value))
          ? [`write the number without quotes: ${value}`]
          : [];
      this.diagnostics.push(
        error(
          'test-wrong-value-type',
          `${what} must be ${typeLabel[decl.type]}, not ${describeValue(value)}`,
          valueRange(this.yaml, path),
          hints,
        ),
      );
      return value;
    };
    switch (decl.type) {
      case 'string':
      case 'number':
      case 'boolean':
        if (typeof value !== decl.type) return wrong();
        break;
      case 'timestamp':
        if (typeof value !== 'string') return wrong();
        return this.instant(value, path) ?? value;
      case 'list':
        if (!Array.isArray(value)) return wrong();
        value.forEach((item, i) => {
          if (typeof item !== 'string') {
            this.diagnostics.push(
              error(
                'test-wrong-value-type',
                `${what} must be a list of strings: item ${i + 1} is ${describeValue(item)}`,
                valueRange(this.yaml, [...path, i]),
                [`quote it: "${String(item)}"`],
              ),
            );
          }
        });
        return value;
    }
    if (decl.enum && !decl.enum.includes(value as string | number)) {
      this.diagnostics.push(
        warning(
          'test-value-not-in-enum',
          `${what} is ${JSON.stringify(value)}, which is not one of its declared values`,
          valueRange(this.yaml, path),
          [
            `declared values: ${decl.enum.join(', ')}`,
            ...didYouMean(String(value), decl.enum.map(String)),
          ],
        ),
      );
    }
    return value;
  }
}
