/**
 * Validates a YAML file against one of the JSON Schemas in `schemas/` with ajv,
 * and turns ajv's errors into diagnostics that point at the offending key or
 * value and speak the user's language ("unknown key `tragets` in roster.yaml",
 * "did you mean `targets`?").
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { packageFile } from './package-root.js';
import { formatPath, keyRange, valueRange } from './yaml-file.js';
import type { YamlFile, YamlPath } from './yaml-file.js';

export type SchemaName = 'roster' | 'schema' | 'test';

const validators = new Map<SchemaName, ValidateFunction>();

/** The JSON Schemas are files of the package (published for editors), compiled once per process. */
function validatorFor(name: SchemaName): ValidateFunction {
  let v = validators.get(name);
  if (!v) {
    const path = packageFile(`schemas/${name}.schema.json`);
    const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false });
    v = ajv.compile(schema);
    validators.set(name, v);
  }
  return v;
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
  const validate = validatorFor(schema);
  if (validate(yaml.value)) return [];
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const e of validate.errors ?? []) {
    const d = translate(yaml, e, options);
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
      const hints = allowed
        ? [`add \`${name}: ${String(allowed[0])}\` (one of: ${allowed.join(', ')})`]
        : [];
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
      const hints = didYouMean(value, allowed);
      if (hints.length === 0) hints.push(`expected one of: ${allowed.join(', ')}`);
      return error(
        isType ? `${prefix}-unknown-type` : `${prefix}-invalid-value`,
        `${isType ? 'unknown type' : 'invalid value'} \`${value}\` for \`${label}\``,
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
