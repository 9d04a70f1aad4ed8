/**
 * YAML with positions: every config, schema and test file is parsed once into a
 * `yaml` Document whose nodes keep their source offsets, so any problem found
 * later (by ajv or by a semantic check) can point at `file:line:col` of the key
 * or value at fault.
 */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import { basename } from 'node:path';
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile, SourceRange } from '../diagnostics/source.js';
import { yamlSyntaxDiagnostics, yamlWarningDiagnostic } from './yaml-syntax.js';

export interface YamlFile {
  source: SourceFile;
  doc: Document.Parsed;
  /** The plain JavaScript value of the document (YAML 1.2 core schema). */
  value: unknown;
}

/** A path into a YAML value: map keys and sequence indexes, as ajv's instancePath. */
export type YamlPath = ReadonlyArray<string | number>;

/**
 * Parses `source` as YAML 1.2. Syntax errors (including duplicate keys) become
 * `<prefix>-yaml-*` diagnostics (yaml-syntax.ts), and then no value is returned: a document
 * with syntax errors is not trustworthy enough to validate further.
 */
export function parseYamlFile(
  source: SourceFile,
  prefix: string,
): { yaml?: YamlFile; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.text, {
    lineCounter,
    prettyErrors: false,
    version: '1.2',
    uniqueKeys: true,
  });
  // The library's messages describe its parser, not the mistake: yaml-syntax.ts says it in roster's words.
  const diagnostics: Diagnostic[] =
    doc.errors.length > 0
      ? yamlSyntaxDiagnostics(source, doc, { prefix, fileLabel: basename(source.path) })
      : [];
  for (const w of doc.warnings) diagnostics.push(yamlWarningDiagnostic(source, w, prefix));
  if (doc.errors.length > 0) return { diagnostics };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (caught) {
    // The library refuses aliases that expand without bound ("billion laughs"); anything else is a bug.
    if (!(caught instanceof ReferenceError) || !/alias/i.test(caught.message)) throw caught;
    return { diagnostics: [...diagnostics, aliasBomb(source, doc, prefix)] };
  }
  return { yaml: { source, doc, value }, diagnostics };
}

/** How many nodes aliases may expand to in one document (the yaml library's `maxAliasCount`). */
const MAX_ALIAS_COUNT = 1000;

/** A document whose aliases expand past MAX_ALIAS_COUNT nodes, located at its first alias. */
function aliasBomb(source: SourceFile, doc: Document.Parsed, prefix: string): Diagnostic {
  let first: [number, number] | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.range) first = [node.range[0], node.range[1]];
      return visit.BREAK;
    },
  });
  return error(
    `${prefix}-yaml-aliases`,
    `${basename(source.path)} repeats its anchors through aliases (\`*name\`) into more than ${MAX_ALIAS_COUNT} copies`,
    first ? source.range(first[0], first[1]) : source.range(0, 0),
  );
}

export interface YamlLocation {
  /** The value node at the path, when it exists. */
  node?: Node;
  /** The key node of the pair holding the value (absent for the root and sequence items). */
  key?: Node;
  /** The deepest existing node on the way (for paths that run past the document). */
  nearest?: Node;
}

function resolveNode(doc: Document.Parsed, node: unknown): Node | undefined {
  if (isAlias(node)) return node.resolve(doc) ?? undefined;
  return isScalar(node) || isMap(node) || isSeq(node) ? node : undefined;
}

/** Finds the node at `path` (map keys compared as strings, as JSON sees them). */
export function locate(yaml: YamlFile, path: YamlPath): YamlLocation {
  let node = resolveNode(yaml.doc, yaml.doc.contents);
  let key: Node | undefined;
  let nearest = node;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p: Pair) => keyText(p.key) === String(segment));
      if (!pair) return { nearest, ...(key ? { key } : {}) };
      key = isScalar(pair.key) ? pair.key : undefined;
      node = resolveNode(yaml.doc, pair.value);
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      key = undefined;
      node = resolveNode(yaml.doc, item);
    } else {
      return { nearest, ...(key ? { key } : {}) };
    }
    if (node) nearest = node;
  }
  return { ...(node ? { node } : {}), ...(key ? { key } : {}), ...(nearest ? { nearest } : {}) };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

/** The range of a node's value (without a trailing comment). */
export function nodeRange(yaml: YamlFile, node: Node | undefined): SourceRange {
  const r = node?.range;
  if (!r) return yaml.source.range(0, 0);
  return yaml.source.range(r[0], r[1]);
}

/** The range of the value at `path`, or of its key, or of the nearest existing parent. */
export function valueRange(yaml: YamlFile, path: YamlPath): SourceRange {
  const at = locate(yaml, path);
  return nodeRange(yaml, at.node ?? at.key ?? at.nearest);
}

/** The range of the key at `path` (falls back to the value: sequence items have no key). */
export function keyRange(yaml: YamlFile, path: YamlPath): SourceRange {
  const at = locate(yaml, path);
  return nodeRange(yaml, at.key ?? at.node ?? at.nearest);
}

/** The keys of the map at `path`, with their ranges, in document order. */
export function mapKeys(
  yaml: YamlFile,
  path: YamlPath,
): Array<{ name: string; range: SourceRange }> {
  const node = locate(yaml, path).node;
  if (!isMap(node)) return [];
  const keys: Array<{ name: string; range: SourceRange }> = [];
  for (const pair of node.items) {
    if (isPair(pair) && isScalar(pair.key)) {
      keys.push({ name: String(pair.key.value), range: nodeRange(yaml, pair.key) });
    }
  }
  return keys;
}

/** Renders a path the way a user would write it: `targets.prod.account`, `data.tracks[3].at`. */
export function formatPath(path: YamlPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const text = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment) ? segment : JSON.stringify(segment);
      out += out === '' ? text : `.${text}`;
    }
  }
  return out;
}
