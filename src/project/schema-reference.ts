/**
 * docs/config-reference.md, written from the JSON Schemas ajv validates
 * projects with (schemas/, roster.yaml's targets from the warehouse registry): every key, its type, default, allowed
 * values and description. `npm run docs` writes it; a test fails when the
 * committed page drifts from the schemas.
 */
import { loadJsonSchema } from './target-schema.js';
import { withArticle } from '../diagnostics/article.js';

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  if?: JsonSchema;
  then?: JsonSchema;
  else?: JsonSchema;
  definitions?: Record<string, JsonSchema>;
  title?: string;
}

const FILES: ReadonlyArray<{
  schema: 'roster' | 'schema' | 'test';
  title: string;
  intro: string;
}> = [
  {
    schema: 'roster',
    title: '`roster.yaml`',
    intro: 'The project: targets (warehouses), destinations, sources and options.',
  },
  {
    schema: 'schema',
    title: '`schema.yml`',
    intro: 'What the data holds: account and user traits, and events with their properties.',
  },
  {
    schema: 'test',
    title: '`*.test.yml`',
    intro: 'A unit test: a reference instant, made-up data and the expected results.',
  },
];

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (value: unknown): string => `\`${cell(JSON.stringify(value))}\``;

function refName(ref: string): string {
  return ref.replace('#/definitions/', '');
}

/** A short type: `string`, `number or string`, `list of <target>`, `one of: …`. */
function typeText(s: JsonSchema): string {
  if (s.$ref) return `[${refName(s.$ref)}](#${anchorOf(refName(s.$ref))})`;
  if (s.const !== undefined) return code(s.const);
  if (s.enum) return `one of ${s.enum.map(code).join(', ')}`;
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) return alternatives.map(typeText).join(' or ');
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  return types
    .map((t) => {
      if (t === 'array') return `list of ${s.items ? typeText(s.items) : 'values'}`;
      if (t === 'object' && !s.properties && typeof s.additionalProperties === 'object')
        return `map of ${typeText(s.additionalProperties)}`;
      return t === 'integer' ? 'integer' : t;
    })
    .join(' or ');
}

let currentFile = '';
const anchorOf = (definition: string): string =>
  `${currentFile}-${definition}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');

interface Row {
  key: string;
  type: string;
  /** `yes`, `when …` for keys a conditional branch requires, or empty. */
  required: string;
  default?: unknown;
  description: string;
}

/** `type: "segment"` for an `if: { properties: { type: { const: "segment" } } }`. */
function conditionText(condition: JsonSchema | undefined): string {
  const entries = Object.entries(condition?.properties ?? {});
  return entries
    .map(([k, v]) =>
      v.const !== undefined
        ? `\`${k}: ${JSON.stringify(v.const)}\``
        : v.enum
          ? `\`${k}\` in ${v.enum.map(code).join(', ')}`
          : `\`${k}\` set`,
    )
    .join(' and ');
}

function rows(s: JsonSchema, prefix: string, out: Row[], condition = ''): void {
  const required = new Set(s.required ?? []);
  for (const [name, p] of Object.entries(s.properties ?? {})) {
    const key = prefix === '' ? name : `${prefix}.${name}`;
    out.push({
      key,
      type: typeText(p) || 'any',
      required: required.has(name) ? (condition === '' ? 'yes' : `when ${condition}`) : '',
      ...(p.default !== undefined ? { default: p.default } : {}),
      description: p.description ?? '',
    });
    if (p.properties) rows(p, key, out);
    if (typeof p.additionalProperties === 'object' && p.additionalProperties.properties)
      rows(p.additionalProperties, `${key}.<name>`, out);
  }
  // Keys (or requirements) that come from a conditional branch (`if … then …`).
  if (s.then) rows(s.then, prefix, out, conditionText(s.if));
  for (const part of s.allOf ?? []) rows(part, prefix, out, condition);
}

function table(s: JsonSchema): string[] {
  const out: Row[] = [];
  rows(s, '', out);
  // A key listed again by a branch keeps its first row and gains the branch's requirement.
  const byKey = new Map<string, Row>();
  for (const r of out) {
    const first = byKey.get(r.key);
    if (!first) byKey.set(r.key, { ...r });
    else if (r.required !== '' && first.required !== 'yes')
      first.required = first.required === '' ? r.required : `${first.required}; ${r.required}`;
  }
  const unique = [...byKey.values()];
  if (unique.length === 0) return [];
  return [
    '| key | type | required | default | description |',
    '| --- | --- | --- | --- | --- |',
    ...unique.map(
      (r) =>
        `| \`${cell(r.key)}\` | ${r.type} | ${r.required} | ${r.default !== undefined ? code(r.default) : ''} | ${cell(r.description)} |`,
    ),
  ];
}

function section(file: (typeof FILES)[number]): string[] {
  const s = loadJsonSchema(file.schema) as JsonSchema;
  currentFile = file.schema;
  const lines = [`## ${file.title}`, '', file.intro, '', s.description ?? '', '', ...table(s), ''];
  const top = typeText(s);
  if (!s.properties && top) lines.push(`The file is ${withArticle(top)}.`, '');
  for (const [name, d] of Object.entries(s.definitions ?? {})) {
    lines.push(`### <a id="${anchorOf(name)}"></a>${file.schema}: ${name}`, '');
    if (d.description) lines.push(d.description, '');
    const t = typeText(d);
    if (t) lines.push(`Type: ${t}.`, '');
    if (typeof d.additionalProperties === 'object' && !d.properties)
      lines.push(`Each entry: ${typeText(d.additionalProperties)}.`, '');
    if (d.propertyNames?.$ref) lines.push(`Names: ${typeText(d.propertyNames)}.`, '');
    lines.push(...table(d), '');
  }
  return lines;
}

export function schemaReference(): string {
  return [
    '# Configuration reference',
    '',
    '<!-- Generated by `npm run docs` from schemas/*.schema.json. Do not edit by hand. -->',
    '',
    "Every key of roster's project files, from the JSON Schemas roster validates them with",
    '(`schemas/`, also usable by editors for completion). [config.md](config.md) explains them',
    'with examples.',
    '',
    ...FILES.flatMap(section),
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}
