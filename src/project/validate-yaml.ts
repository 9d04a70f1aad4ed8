/**
 * Validates a YAML file against one of the JSON Schemas in `schemas/` with ajv,
 * and turns ajv's errors into diagnostics that point at the offending key or
 * value and speak the user's language ("unknown key `tragets` in roster.yaml",
 * "did you mean `targets`?").
 */
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceRange } from '../diagnostics/source.js';
import { closestName, didYouMean } from '../diagnostics/suggest.js';
import { loadJsonSchema } from './target-schema.js';
import { formatPath, keyRange, mapKeys, valueRange } from './yaml-file.js';
import type { YamlFile, YamlPath } from './yaml-file.js';

export type SchemaName = 'roster' | 'schema' | 'test';

const validators = new Map<SchemaName, { validate: ValidateFunction; homes: KeyHomes }>();

/** The JSON Schemas are files of the package (published for editors; roster.yaml's targets from the registry), compiled once per process. */
function validatorFor(name: SchemaName): { validate: ValidateFunction; homes: KeyHomes } {
  let v = validators.get(name);
  if (!v) {
    const schema = loadJsonSchema(name);
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false });
    v = { validate: ajv.compile(schema), homes: keyHomes(schema) };
    validators.set(name, v);
  }
  return v;
}

/** Where each key of a file may appear: `dialect` → [`targets`, `*`] (`*` stands for a name the user picks). */
type KeyHomes = Map<string, Array<ReadonlyArray<string>>>;

function keyHomes(root: Record<string, unknown>): KeyHomes {
  const homes: KeyHomes = new Map();
  const definitions = (root.definitions ?? {}) as Record<string, unknown>;
  const walk = (schema: unknown, at: string[], depth: number): void => {
    if (!isRecord(schema) || depth > 12) return;
    const ref = schema.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/definitions/'))
      walk(definitions[ref.slice('#/definitions/'.length)], at, depth + 1);
    for (const branch of ['then', 'else'] as const) walk(schema[branch], at, depth + 1);
    for (const list of ['allOf', 'anyOf', 'oneOf'] as const) {
      const items = schema[list];
      if (Array.isArray(items)) for (const s of items) walk(s, at, depth + 1);
    }
    if (isRecord(schema.properties)) {
      for (const [key, sub] of Object.entries(schema.properties)) {
        const list = homes.get(key) ?? [];
        if (!list.some((h) => h.join('.') === at.join('.'))) list.push(at);
        homes.set(key, list);
        walk(sub, [...at, key], depth + 1);
      }
    }
    if (isRecord(schema.additionalProperties))
      walk(schema.additionalProperties, [...at, '*'], depth + 1);
  };
  walk(root, [], 0);
  return homes;
}

export interface ValidateOptions {
  /** Code prefix: `config`, `schema` or `test`. */
  prefix: string;
  /** How the file is named in messages about its top level ("roster.yaml"). */
  fileLabel: string;
}

export function validateYaml(
  yaml: YamlFile,
  schema: SchemaName,
  options: ValidateOptions,
): Diagnostic[] {
  const { validate, homes } = validatorFor(schema);
  if (validate(yaml.value)) return [];
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const e of validate.errors ?? []) {
    const d = translate(yaml, e, options, homes);
    if (!d) continue;
    // One problem per place: a value failing both `type` and an `if`-branch reports once.
    const key = `${d.range?.start.offset}:${d.code}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(d);
  }
  return diagnostics;
}

/** ajv's instancePath as keys and indexes (indexes where the data holds an array). */
function toPath(value: unknown, instancePath: string): Array<string | number> {
  const path: Array<string | number> = [];
  let current = value;
  if (instancePath === '') return path;
  for (const raw of instancePath.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      path.push(Number(segment));
      current = current[Number(segment)];
    } else {
      path.push(segment);
      current = isRecord(current) ? current[segment] : undefined;
    }
  }
  return path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "in roster.yaml" at the top, "in `targets.prod`" below it. */
function where(path: YamlPath, options: ValidateOptions): string {
  return path.length === 0 ? options.fileLabel : `\`${formatPath(path)}\``;
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string \`${value}\``;
  return `${typeof value === 'number' ? 'the number' : 'the boolean'} \`${String(value)}\``;
}

/** What the value of an enumerated key is, by the key: `unknown dialect \`snowflak\``. */
const ENUM_NOUNS: Record<string, string> = {
  dialect: 'dialect',
  type: 'destination type',
  layout: 'source layout',
  scope: 'events scope',
};

/** Type names from SQL, JSON Schema and dbt, with the roster type they mean. */
const TYPE_SYNONYMS: Record<string, string> = {
  text: 'string',
  varchar: 'string',
  str: 'string',
  int: 'number',
  integer: 'number',
  float: 'number',
  double: 'number',
  decimal: 'number',
  numeric: 'number',
  bigint: 'number',
  bool: 'boolean',
  date: 'timestamp',
  datetime: 'timestamp',
  time: 'timestamp',
  timestamptz: 'timestamp',
  array: 'list',
};

const typeNames: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: '`true` or `false`',
  null: 'empty',
};

function expectedTypes(param: unknown): string {
  const list = Array.isArray(param) ? param : String(param).split(',');
  return list.map((t) => typeNames[String(t)] ?? String(t)).join(' or ');
}

function translate(
  yaml: YamlFile,
  e: ErrorObject,
  options: ValidateOptions,
  homes: KeyHomes,
): Diagnostic | undefined {
  const { prefix } = options;
  const path = toPath(yaml.value, e.instancePath);
  const label = formatPath(path);
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String((e.params as { additionalProperty: string }).additionalProperty);
      const parent = e.parentSchema as { properties?: Record<string, unknown> } | undefined;
      const known = Object.keys(parent?.properties ?? {});
      const hints = didYouMean(name, known);
      // `property` for `properties`: too many edits for a typo, but plainly the same word.
      const stem = known.find(
        (k) => k.length >= 5 && name.length >= 5 && k.slice(0, 5) === name.slice(0, 5),
      );
      if (hints.length === 0 && stem !== undefined) hints.push(`did you mean \`${stem}\`?`);
      if (hints.length === 0) {
        const misplaced = misplacedKey(yaml, path, name, homes, options, parent);
        if (misplaced === 'reported') return undefined;
        if (misplaced) return misplaced;
      }
      if (hints.length === 0 && known.length > 0)
        hints.push(`expected one of: ${known.join(', ')}`);
      return error(
        `${prefix}-unknown-key`,
        `unknown key \`${name}\` in ${where(path, options)}`,
        keyRange(yaml, [...path, name]),
        hints,
      );
    }
    case 'required': {
      const name = String((e.params as { missingProperty: string }).missingProperty);
      const parent = e.parentSchema as
        { properties?: Record<string, { enum?: unknown[] }> } | undefined;
      const allowed = parent?.properties?.[name]?.enum;
      const here = atPath(yaml.value, path);
      // dbt's profiles.yml names the warehouse with `type:`; roster's targets use `dialect:`.
      const dbtType =
        name === 'dialect' && isRecord(here) && typeof here.type === 'string'
          ? here.type
          : undefined;
      const hints = dbtType
        ? [
            `roster names the warehouse with \`dialect\`, not \`type\`: write \`dialect: ${closestName(dbtType.toLowerCase(), (allowed ?? []).map(String)) ?? dbtType.toLowerCase()}\``,
          ]
        : allowed
          ? [`add \`${name}: ${String(allowed[0])}\` (one of: ${allowed.join(', ')})`]
          : [`add \`${name}: …\` to ${where(path, options)}`];
      return error(
        `${prefix}-missing-key`,
        `missing key \`${name}\` in ${where(path, options)}`,
        path.length === 0 ? yaml.source.range(0, 0) : keyRange(yaml, path),
        hints,
      );
    }
    case 'type': {
      const expected = expectedTypes((e.params as { type: unknown }).type);
      const hints: string[] = [];
      if (
        expected.startsWith('a list') &&
        (typeof e.data === 'string' || typeof e.data === 'number')
      ) {
        hints.push(`write a list: \`[${String(e.data)}]\``);
      }
      if (expected.startsWith('a string') && typeof e.data === 'number') {
        hints.push(`quote it: \`"${String(e.data)}"\``);
      }
      if (expected.startsWith('a mapping') && typeof e.data === 'string') {
        // `plan:string` is one plain string to YAML: a key needs a space after its `:`.
        const glued = /^([^\s:]+):(\S.*)$/.exec(e.data);
        if (glued) hints.push(`put a space after the \`:\`: \`${glued[1]}: ${glued[2]}\``);
        // `- id u1`: a plain `key value` where a mapping goes lost the `:` after its key.
        const keyed = /^([A-Za-z_][\w-]*)\s+(\S.*)$/.exec(e.data);
        const range = path.length > 0 ? valueRange(yaml, path) : undefined;
        const line = range ? yaml.source.line(range.start.line) : '';
        if (keyed && range && line.slice(range.start.column - 1).startsWith(e.data)) {
          return error(
            `${prefix}-yaml-missing-colon`,
            `\`${e.data}\` is not \`key: value\`: the \`:\` after the key is missing`,
            range,
            [`write \`${line.slice(0, range.start.column - 1)}${keyed[1]}: ${keyed[2]}\``],
          );
        }
      }
      // A section's key written one level too deep reads as a name (`targets: { paths: [..] }`).
      const last = path.at(-1);
      if (path.length >= 2 && typeof last === 'string' && homes.has(last)) {
        const misplaced = misplacedKey(yaml, path.slice(0, -1), last, homes, options, undefined);
        if (misplaced && misplaced !== 'reported') return misplaced;
      }
      if (path.length === 0) {
        return error(
          `${prefix}-wrong-type`,
          `${options.fileLabel} must be a mapping of keys, not ${describeValue(e.data)}`,
          yaml.source.range(0, 0),
        );
      }
      return error(
        `${prefix}-wrong-type`,
        `\`${label}\` must be ${expected}, not ${describeValue(e.data)}`,
        valueRange(yaml, path),
        hints,
      );
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const isType = allowed.includes('string') && allowed.includes('number');
      const value = String(e.data);
      if (isType && value === 'list') {
        return error(
          `${prefix}-list-property`,
          `event property \`${label}\` cannot be a list`,
          valueRange(yaml, path),
          ['send one property per value, or declare a list trait'],
        );
      }
      const synonym = isType ? TYPE_SYNONYMS[value.toLowerCase()] : undefined;
      const hints = synonym
        ? [
            `roster calls this type \`${synonym}\`: write \`${yaml.source.line(valueRange(yaml, path).start.line).trim().replace(value, synonym)}\``,
          ]
        : didYouMean(value, allowed);
      const noun = isType ? 'type' : (ENUM_NOUNS[String(path.at(-1))] ?? undefined);
      if (hints.length === 0)
        hints.push(
          noun && !isType
            ? `roster knows these ${noun}s: ${allowed.join(', ')}`
            : `expected one of: ${allowed.join(', ')}`,
        );
      return error(
        isType ? `${prefix}-unknown-type` : `${prefix}-invalid-value`,
        noun
          ? `unknown ${noun} \`${value}\`${isType ? ` for \`${label}\`` : ''}`
          : `invalid value \`${value}\` for \`${label}\``,
        valueRange(yaml, path),
        hints,
      );
    }
    case 'const':
      return error(
        `${prefix}-wrong-type`,
        `\`${label}\` must be \`false\` (not configured) or a mapping with \`table\` and \`columns\`, not ${describeValue(e.data)}`,
        valueRange(yaml, path),
      );
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      // A share above 1 or below 0 would quietly turn a guard off: say so instead.
      const { comparison, limit } = e.params as { comparison: string; limit: number };
      const words: Record<string, string> = {
        '>=': 'at least',
        '<=': 'at most',
        '>': 'more than',
        '<': 'less than',
      };
      return error(
        `${prefix}-invalid-value`,
        `\`${label}\` must be ${words[comparison] ?? comparison} ${limit}, not ${describeValue(e.data)}`,
        valueRange(yaml, path),
      );
    }
    case 'minItems':
    case 'minProperties':
    case 'minLength':
      return error(
        `${prefix}-empty-value`,
        `\`${label}\` must not be empty`,
        valueRange(yaml, path),
      );
    case 'pattern': {
      const name = e.propertyName;
      if (name === undefined) {
        return error(
          `${prefix}-invalid-value`,
          `invalid value for \`${label}\``,
          valueRange(yaml, path),
        );
      }
      const fixed = name
        .toLowerCase()
        .replace(/[^a-z0-9_]+/g, '_')
        .replace(/^([0-9])/, '_$1');
      return error(
        `${prefix}-invalid-name`,
        `invalid name \`${name}\` in ${where(path, options)}`,
        keyRange(yaml, [...path, name]),
        [
          `names are lowercase letters, digits and \`_\`, not starting with a digit: write \`${fixed}\``,
        ],
      );
    }
    default:
      // Combinators (`if`, `propertyNames`, `allOf`) restate errors reported by their parts.
      return undefined;
  }
}

/**
 * A key that is valid elsewhere in the file (`dialect` at the top instead of
 * under a target), or a user's name written where only a section's keys go
 * (`plan` directly under `account` instead of under `account.traits`): say
 * where it belongs.
 */
function misplacedKey(
  yaml: YamlFile,
  path: YamlPath,
  name: string,
  homes: KeyHomes,
  options: ValidateOptions,
  parent: { properties?: Record<string, unknown> } | undefined,
): Diagnostic | 'reported' | undefined {
  const range = keyRange(yaml, [...path, name]);
  const line = yaml.source.line(range.start.line).trim();
  // `*` becomes the first name the file already uses there (`targets.dev`), else `<name>`.
  const concrete = (home: ReadonlyArray<string>): YamlPath => {
    const out: Array<string | number> = [];
    for (const segment of home) {
      if (segment !== '*') out.push(segment);
      else {
        const value = atPath(yaml.value, out);
        const first = isRecord(value) ? Object.keys(value)[0] : undefined;
        out.push(first ?? '<name>');
      }
    }
    return out;
  };
  const fits = (home: ReadonlyArray<string>): boolean =>
    home.length === path.length && home.every((s, i) => s === '*' || s === String(path[i]));
  if ((homes.get(name) ?? []).some(fits)) return undefined;
  const places = (homes.get(name) ?? [])
    .map(concrete)
    .filter((p) => formatPath(p) !== formatPath(path))
    .map((p) =>
      p.length === 0 ? `at the top level of ${options.fileLabel}` : `under \`${formatPath(p)}\``,
    );
  if (places.length > 0) {
    const list = [...new Set(places)].slice(0, 3);
    const joined =
      list.length === 1 ? list[0]! : `${list.slice(0, -1).join(', ')} or ${list.at(-1)!}`;
    return error(
      `${options.prefix}-misplaced-key`,
      `\`${name}\` does not belong ${path.length === 0 ? `at the top level of ${options.fileLabel}` : `in ${where(path, options)}`}: it goes ${joined}`,
      range,
      [
        list[0]!.startsWith('at the top')
          ? `move \`${line}\` to the top level, not indented`
          : `move \`${line}\` ${list[0]!}, indented one level below it`,
      ],
    );
  }
  // A section whose only open mapping holds the user's names (`traits`, `properties`).
  const open = Object.entries(parent?.properties ?? {}).filter(([, s]) => opensNames(s));
  if (open.length === 1 && NAME.test(name)) {
    const section = open[0]![0];
    const home = [...path, section];
    // Every such name in this mapping is one mistake: one diagnostic, each name a label.
    const strays = mapKeys(yaml, path).filter(
      (k) => NAME.test(k.name) && !Object.hasOwn(parent?.properties ?? {}, k.name),
    );
    if (strays.length > 1 && strays[0]!.name !== name) return 'reported';
    const names = strays.length > 1 ? strays : [{ name, range }];
    const lineOf = (r: SourceRange): string => `\`${yaml.source.line(r.start.line).trim()}\``;
    const listed = (xs: string[]): string =>
      xs.length === 1 ? xs[0]! : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)!}`;
    return error(
      `${options.prefix}-misplaced-key`,
      `${listed(names.map((n) => `\`${n.name}\``))} ${names.length === 1 ? 'is not a key' : 'are not keys'} of ${where(path, options)}: ${section} are declared under \`${formatPath(home)}\``,
      range,
      [
        `add a \`${section}:\` key and indent ${listed(names.map((n) => lineOf(n.range)))} under it`,
      ],
      names.slice(1).map((n) => ({ message: `\`${n.name}\` too`, range: n.range })),
    );
  }
  return undefined;
}

const NAME = /^[a-z_][a-z0-9_]*$/;

function opensNames(schema: unknown): boolean {
  return isRecord(schema) && isRecord(schema.additionalProperties);
}

function atPath(value: unknown, path: YamlPath): unknown {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else current = isRecord(current) ? current[String(segment)] : undefined;
  }
  return current;
}
