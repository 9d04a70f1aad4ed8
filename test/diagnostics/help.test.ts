/**
 * A `help:` line on every code (issue 16, item 7): over the whole tables of
 * the parser and the checker, and over every code the source tree reports
 * (project files, SQL, runtime, CLI), every code has a fix, and a diagnostic
 * built without a specific rewrite carries it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHECK_HELP, CHECK_MESSAGES, checkDiagnostic } from '../../src/check/messages.js';
import type { CheckCode } from '../../src/check/messages.js';
import { error, warning } from '../../src/diagnostics/diagnostic.js';
import { DEFAULT_HELP, YAML_FILE_CODES } from '../../src/diagnostics/help.js';
import { SourceFile } from '../../src/diagnostics/source.js';
import { SYNTAX_HELP, syntaxError, syntaxMessages } from '../../src/syntax/messages.js';
import type { SyntaxCode } from '../../src/syntax/messages.js';

// Any parameter a formatter reads: a one-element list that prints as `x`.
const anyParams = new Proxy({}, { get: () => Object.assign(['x'], { toString: () => 'x' }) });
const range = new SourceFile('/p/a.roster', 'audience a = user where beta is true').range(0, 8);

describe('a fix for every code', () => {
  const checkCodes = Object.keys(CHECK_MESSAGES) as CheckCode[];
  const syntaxCodes = Object.keys(syntaxMessages) as SyntaxCode[];

  it(`covers all ${checkCodes.length} checker codes and ${syntaxCodes.length} parser codes`, () => {
    expect(checkCodes.length).toBeGreaterThan(40);
    expect(syntaxCodes.length).toBeGreaterThan(30);
    expect(Object.keys(CHECK_HELP).sort()).toEqual([...checkCodes].sort());
    expect(Object.keys(SYNTAX_HELP).sort()).toEqual([...syntaxCodes].sort());
  });

  it.each(checkCodes)('%s has a help line', (code) => {
    expect(CHECK_HELP[code].trim().length).toBeGreaterThan(10);
    const d = checkDiagnostic(code, anyParams as never, range);
    expect(d.hints).toEqual([CHECK_HELP[code]]);
    expect(checkDiagnostic(code, anyParams as never, range, ['a rewrite']).hints).toEqual([
      'a rewrite',
    ]);
  });

  it.each(syntaxCodes)('%s has a help line', (code) => {
    expect(SYNTAX_HELP[code].trim().length).toBeGreaterThan(10);
    expect(syntaxError(code, anyParams as never, range).hints).toEqual([SYNTAX_HELP[code]]);
  });
});

/** Every `.ts` file under `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('a fix for every code in src/', () => {
  const src = fileURLToPath(new URL('../../src', import.meta.url));
  const texts = sourceFiles(src).map((f) => readFileSync(f, 'utf8'));
  const prefixes =
    'name|type|entity|check|syntax|sync|sql|config|schema|test|runtime|plan|apply|state|cli|explain|internal';
  const literal = new RegExp(`'((?:${prefixes})-[a-z0-9-]+)'`, 'g');
  // `${prefix}-unknown-key`: the YAML files' shared codes, for each file kind that can report it.
  const template = /\$\{(?:options\.)?prefix\}-([a-z0-9-]+)`/g;
  // Kinds of AST nodes and SQL relations, spelt like codes but never a diagnostic's code.
  const notCodes = new Set(['name-ref', 'sql-trait', 'sync-call', 'sync-option', 'entity-stage']);
  const codes = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(literal)) if (!notCodes.has(m[1]!)) codes.add(m[1]!);
    for (const m of text.matchAll(template))
      for (const [p, own] of Object.entries(YAML_FILE_CODES))
        if (own.includes(m[1]!)) codes.add(`${p}-${m[1]!}`);
  }
  const tables: Record<string, string> = { ...DEFAULT_HELP, ...CHECK_HELP, ...SYNTAX_HELP };

  it(`finds the codes (${codes.size}) and each has a help line`, () => {
    expect(codes.size).toBeGreaterThan(150);
    const missing = [...codes].filter((c) => (tables[c] ?? '').trim().length < 10);
    expect(missing).toEqual([]);
  });

  it.each([...codes].filter((c) => Object.hasOwn(DEFAULT_HELP, c)))(
    '%s gets its help when built without one',
    (code) => {
      expect(error(code, 'a message', range).hints).toEqual([DEFAULT_HELP[code]]);
      expect(warning(code, 'a message', range, ['a rewrite']).hints).toEqual(['a rewrite']);
    },
  );
});

describe('no help line that says nothing', () => {
  const tables: Record<string, string> = { ...DEFAULT_HELP, ...CHECK_HELP, ...SYNTAX_HELP };
  // A help line must be a fix: not a shrug, a pointer elsewhere or a placeholder for one.
  const vague =
    /\b(?:TODO|FIXME|TBD|XXX)\b|nothing to do now|something went wrong|an error occurred|see (?:the )?(?:above|below|logs?|docs)$|^(?:fix|check|correct) (?:the|your|this) (?:error|problem|mistake|input|code|file)s?$|^try again$|^\.\.\.$|…$/i;

  it.each(Object.keys(tables))('%s has a concrete fix', (code) => {
    const help = tables[code]!;
    expect(help.trim(), code).not.toMatch(vague);
    // A fix is at least a few words, and never just restates the code.
    expect(help.split(/\s+/).length, help).toBeGreaterThanOrEqual(3);
    expect(help.toLowerCase()).not.toBe(code.replace(/-/g, ' '));
  });
});

describe('the YAML codes of each file kind', () => {
  const schemas = fileURLToPath(new URL('../../schemas', import.meta.url));
  const json = (name: string): string => readFileSync(join(schemas, name), 'utf8');
  const kinds = {
    config: 'roster.schema.json',
    schema: 'schema.schema.json',
    test: 'test.schema.json',
  };
  // What of a JSON Schema can fail with each code (src/project/validate-yaml.ts).
  const reaches: Record<string, (schema: string) => boolean> = {
    'unknown-type': (s) => /"enum":\s*\["string",\s*"number"/.test(s),
    'list-property': (s) => /"enum":\s*\["string",\s*"number"/.test(s),
    'invalid-name': (s) => s.includes('"propertyNames"'),
    'invalid-value': (s) =>
      /"(?:minimum|maximum|exclusiveMinimum|exclusiveMaximum|pattern)"/.test(
        s.replace(/"propertyNames"[^}]*\}/g, '').replace(/"name":\s*\{\s*"pattern"[^}]*\}/g, ''),
      ) || /"enum":\s*\["(?!string")/.test(s),
  };

  it.each(Object.entries(kinds))(
    '%s reports exactly the codes its JSON Schema can fail with',
    (kind, file) => {
      const own = YAML_FILE_CODES[kind as keyof typeof YAML_FILE_CODES];
      for (const [code, reached] of Object.entries(reaches))
        expect(own.includes(code), `${kind}-${code}`).toBe(reached(json(file)));
    },
  );
});
