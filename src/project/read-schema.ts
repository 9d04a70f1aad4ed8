/**
 * schema.yml → Schema: the declared custom traits of accounts and users and the
 * events with their properties (LANGUAGE.md §11). A declaration is `name: type`
 * or `name: { type, enum, description }`.
 */
import { basename } from 'node:path';
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../diagnostics/source.js';
import type { EventDeclaration, Schema, TraitDeclaration, ValueType } from './types.js';
import { validateYaml } from './validate-yaml.js';
import { keyRange, parseYamlFile, valueRange } from './yaml-file.js';
import type { YamlFile, YamlPath } from './yaml-file.js';

const VALUE_TYPES: readonly string[] = ['string', 'number', 'boolean', 'timestamp', 'list'];

/** The standard properties of page and screen events (LANGUAGE.md §4.2), all strings. */
export const PAGE_PROPERTIES: readonly string[] = ['name', 'url', 'path', 'referrer', 'title'];
export const SCREEN_PROPERTIES: readonly string[] = ['name'];

export function emptySchema(file: string): Schema {
  return { file, account: {}, user: {}, events: {} };
}

/**
 * Always returns a schema: declarations with errors are left out (and reported),
 * so later stages can still check the rest of the program.
 */
export function readSchema(source: SourceFile): { schema: Schema; diagnostics: Diagnostic[] } {
  const schema = emptySchema(source.path);
  const parsed = parseYamlFile(source, 'schema');
  const diagnostics = parsed.diagnostics;
  const yaml = parsed.yaml;
  if (!yaml) return { schema: { ...schema, unreadable: true }, diagnostics };
  const validation = validateYaml(yaml, 'schema', {
    prefix: 'schema',
    fileLabel: basename(source.path),
  });
  diagnostics.push(...validation);
  if (validation.length > 0 && !isRecord(yaml.value)) return { schema, diagnostics };
  const root = yaml.value as Record<string, unknown>;

  const rejected: { account: string[]; user: string[] } = { account: [], user: [] };
  for (const entity of ['account', 'user'] as const) {
    const traits = recordAt(root, [entity, 'traits']);
    for (const [name, decl] of Object.entries(traits)) {
      const trait = declaration(yaml, [entity, 'traits', name], name, decl, diagnostics);
      if (trait) schema[entity][name] = trait;
      else rejected[entity].push(name);
    }
    // Traits written straight under `account:` (reported as misplaced) are meant as traits too.
    for (const name of Object.keys(recordAt(root, [entity])))
      if (name !== 'traits') rejected[entity].push(name);
  }
  if (rejected.account.length + rejected.user.length > 0) schema.rejected = rejected;
  for (const [name, decl] of Object.entries(recordAt(root, ['events']))) {
    const event: EventDeclaration = {
      name,
      properties: {},
      range: keyRange(yaml, ['events', name]),
    };
    if (isRecord(decl) && typeof decl.description === 'string')
      event.description = decl.description;
    for (const [prop, pdecl] of Object.entries(recordAt(root, ['events', name, 'properties']))) {
      const property = declaration(
        yaml,
        ['events', name, 'properties', prop],
        prop,
        pdecl,
        diagnostics,
      );
      if (property && property.type !== 'list') event.properties[prop] = property;
    }
    schema.events[name] = event;
  }
  return { schema, diagnostics };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function recordAt(root: Record<string, unknown>, path: string[]): Record<string, unknown> {
  let current: unknown = root;
  for (const key of path) current = isRecord(current) ? current[key] : undefined;
  return isRecord(current) ? current : {};
}

const NAME = /^[a-z_][a-z0-9_]*$/;

/** One trait or property declaration, or undefined when it is invalid (ajv has said why). */
function declaration(
  yaml: YamlFile,
  path: YamlPath,
  name: string,
  decl: unknown,
  diagnostics: Diagnostic[],
): TraitDeclaration | undefined {
  if (!NAME.test(name)) return undefined;
  const range = keyRange(yaml, path);
  if (typeof decl === 'string') {
    return VALUE_TYPES.includes(decl) ? { name, type: decl as ValueType, range } : undefined;
  }
  if (!isRecord(decl) || typeof decl.type !== 'string' || !VALUE_TYPES.includes(decl.type))
    return undefined;
  const trait: TraitDeclaration = { name, type: decl.type as ValueType, range };
  if (typeof decl.description === 'string') trait.description = decl.description;
  if (Array.isArray(decl.enum)) {
    // An enumeration lists the values a string or number may take; other types cannot use one.
    const expected =
      trait.type === 'number' ? 'number' : trait.type === 'string' ? 'string' : undefined;
    if (!expected) {
      diagnostics.push(
        error(
          'schema-enum-not-allowed',
          `\`enum\` is only allowed on string and number declarations, not on ${trait.type} \`${name}\``,
          keyRange(yaml, [...path, 'enum']),
        ),
      );
      return trait;
    }
    let ok = true;
    decl.enum.forEach((value, i) => {
      if (typeof value !== expected) {
        ok = false;
        diagnostics.push(
          error(
            'schema-enum-type-mismatch',
            `enum value ${JSON.stringify(value)} of \`${name}\` is not a ${expected}`,
            valueRange(yaml, [...path, 'enum', i]),
            expected === 'string' ? [`quote it: \`"${String(value)}"\``] : [],
          ),
        );
      }
    });
    if (ok) trait.enum = decl.enum as Array<string | number>;
  }
  return trait;
}
