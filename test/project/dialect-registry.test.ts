/**
 * One registry of warehouses (`WAREHOUSES`, src/project/warehouses.ts) drives
 * the config schema roster validates with and the copy in schemas/, the SQL
 * dialect registry, the connector registry (connectors and state adapters),
 * the drivers table of docs/dialects.md and the install commands the docs
 * give, so adding a warehouse cannot leave one of them behind.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { dialectsPage, driversTable, rosterSchemaText } from '../../scripts/warehouse-docs.js';
import {
  DIALECT_NAMES,
  loadJsonSchema,
  targetSchema,
  WAREHOUSES,
  warehouse,
} from '../../src/project/index.js';
import type { WarehouseEntry } from '../../src/project/index.js';
import { connectors } from '../../src/runtime/warehouses/connectors.js';
import { MissingDriverError, loadDriver } from '../../src/runtime/warehouses/load-driver.js';
import { dialects } from '../../src/sql/dialects/index.js';

const schemaFile = readFileSync(
  new URL('../../schemas/roster.schema.json', import.meta.url),
  'utf8',
);
const schema = JSON.parse(schemaFile) as unknown;
const dialectsDoc = readFileSync(new URL('../../docs/dialects.md', import.meta.url), 'utf8');

interface Found {
  /** `dialect` enums that say which dialects a target may name. */
  allowed: unknown[][];
  /** Dialects named by an `if` (each connector's settings). */
  withSettings: unknown[];
}

function dialectEnums(
  node: unknown,
  inIf = false,
  out: Found = { allowed: [], withSettings: [] },
): Found {
  if (Array.isArray(node)) node.forEach((n) => dialectEnums(n, inIf, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      const d = value as { enum?: unknown[]; const?: unknown } | null;
      if (key === 'dialect' && d && typeof d === 'object') {
        if (inIf) out.withSettings.push(...(d.enum ?? [d.const]));
        else if (Array.isArray(d.enum)) out.allowed.push(d.enum);
      }
      dialectEnums(value, inIf || key === 'if', out);
    }
  }
  return out;
}

describe('the warehouse registry', () => {
  it('has every warehouse roster targets, once', () => {
    expect(DIALECT_NAMES).toEqual(['duckdb', 'postgres', 'snowflake', 'bigquery', 'redshift']);
  });

  it('is the JSON Schema enum of target dialects, and each has its settings', () => {
    for (const s of [schema, loadJsonSchema('roster')]) {
      const { allowed, withSettings } = dialectEnums(s);
      expect(allowed).toHaveLength(1);
      expect(allowed[0]).toEqual(DIALECT_NAMES);
      expect([...withSettings].sort()).toEqual([...DIALECT_NAMES].sort());
    }
  });

  it('schemas/roster.schema.json is what `npm run docs` writes from it', async () => {
    expect(schema, 'schemas/roster.schema.json is stale: run `npm run docs`').toEqual(
      loadJsonSchema('roster'),
    );
    expect(schemaFile, 'schemas/roster.schema.json is stale: run `npm run docs`').toBe(
      await rosterSchemaText(),
    );
  });

  it('a target may set the keys its warehouse declares and no others', () => {
    const target = (loadJsonSchema('roster').definitions as Record<string, unknown>).target as {
      allOf: Array<{ if: unknown; then: { properties: Record<string, unknown> } }>;
    };
    for (const name of DIALECT_NAMES) {
      const branch = target.allOf.find((b) =>
        dialectEnums({ if: b.if }).withSettings.includes(name),
      );
      expect(Object.keys(branch!.then.properties)).toEqual([
        'dialect',
        ...Object.keys(warehouse(name).settings),
      ]);
    }
  });

  it('every warehouse has one SQL dialect, one connector and one state adapter, and nothing else does', () => {
    expect(Object.keys(dialects)).toEqual(DIALECT_NAMES);
    expect(Object.keys(connectors)).toEqual(DIALECT_NAMES);
    for (const name of DIALECT_NAMES) {
      expect(dialects[name].name).toBe(name);
      expect(connectors[name].state(dialects[name]).dialect).toBe(name);
    }
  });

  it("every connector file's connect is there", () => {
    for (const name of DIALECT_NAMES) expect(typeof connectors[name].connect).toBe('function');
  });

  it("each registry's entry is the warehouse's own file: src/sql/dialects/<name>.ts, src/runtime/warehouses/<name>.ts", async () => {
    for (const name of DIALECT_NAMES) {
      const dialectFile = (await import(
        /* @vite-ignore */ `../../src/sql/dialects/${name}.js`
      )) as Record<string, unknown>;
      expect(dialectFile[name], `src/sql/dialects/${name}.ts's \`${name}\``).toBe(dialects[name]);
      const connectorFile = (await import(
        /* @vite-ignore */ `../../src/runtime/warehouses/${name}.js`
      )) as Record<string, unknown>;
      for (const hook of ['connect', 'state', 'scratch'] as const)
        expect(connectorFile[hook], `src/runtime/warehouses/${name}.ts's \`${hook}\``).toBe(
          connectors[name][hook],
        );
    }
  });

  it('the drivers table of docs/dialects.md is what the registry declares', () => {
    expect(dialectsDoc, 'docs/dialects.md is stale: run `npm run docs`').toBe(
      dialectsPage(dialectsDoc),
    );
    expect(driversTable()).toContain(
      '| snowflake | `npm install snowflake-sdk@3.3.0` | `account`, `user`, `password`, `warehouse`, `database`, `schema`, `role`, `connect_timeout`, `statement_timeout` |',
    );
  });

  it("every `npm install` the docs give is a registry driver at its tested version, and each driver's is given", () => {
    const drivers = DIALECT_NAMES.flatMap((name) => {
      const d = warehouse(name).driver;
      return d ? [`${d.package}@${d.version}`] : [];
    });
    expect(drivers).toEqual(['snowflake-sdk@3.3.0', '@google-cloud/bigquery@9.3.0']);
    const docs = new URL('../../docs/', import.meta.url);
    const pages = ['README.md', ...readdirSync(docs).map((f) => `docs/${f}`)].filter((f) =>
      f.endsWith('.md'),
    );
    let installs = 0;
    for (const page of pages) {
      const text = readFileSync(new URL(`../../${page}`, import.meta.url), 'utf8');
      for (const m of text.matchAll(/npm install ((?:@[\w.-]+\/)?[\w.-]+@\d[\w.-]*)/g)) {
        installs += 1;
        expect(drivers, `${page}: npm install ${m[1]!}`).toContain(m[1]);
      }
    }
    expect(installs).toBeGreaterThan(0);
    const guide = readFileSync(new URL('../../docs/warehouses.md', import.meta.url), 'utf8');
    for (const d of drivers) expect(guide).toContain(`npm install ${d}`);
  });

  it('a missing driver names the package and version of the registry', async () => {
    const notFound = Object.assign(new Error("Cannot find package 'snowflake-sdk'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const caught = await loadDriver('snowflake', () => Promise.reject(notFound)).catch(
      (e: unknown) => e,
    );
    expect(caught).toBeInstanceOf(MissingDriverError);
    expect((caught as Error).message).toBe(
      'the snowflake target needs the snowflake-sdk package: npm install snowflake-sdk@3.3.0',
    );
  });

  it('a warehouse added to the registry is a dialect roster.yaml may name, with its own settings, and a row of the drivers table', () => {
    const clickhouse: WarehouseEntry = {
      driver: { package: '@clickhouse/client', version: '1.12.1' },
      settings: { url: { $ref: '#/definitions/setting' } },
    };
    const registry = { ...WAREHOUSES, clickhouse };
    const roster = loadJsonSchema('roster');
    const validate = new Ajv({ allErrors: true, strict: true, strictTypes: false }).compile({
      ...roster,
      definitions: { ...(roster.definitions as object), target: targetSchema(registry) },
    });
    const project = (target: Record<string, unknown>) => ({
      name: 'p',
      target: 'prod',
      targets: { prod: target },
    });
    expect(validate(project({ dialect: 'clickhouse', url: 'http://h:8123' }))).toBe(true);
    // Its settings are its own: another warehouse's key is refused, as is the name today.
    expect(validate(project({ dialect: 'clickhouse', account: 'a' }))).toBe(false);
    expect(validate.errors?.map((e) => e.params)).toContainEqual({ additionalProperty: 'account' });
    expect(validate(project({ dialect: 'snowflake', url: 'http://h:8123' }))).toBe(false);
    expect(
      new Ajv({ strict: true, strictTypes: false }).validate(
        loadJsonSchema('roster'),
        project({ dialect: 'clickhouse', url: 'http://h:8123' }),
      ),
    ).toBe(false);
    expect(driversTable(registry).at(-1)).toBe(
      '| clickhouse | `npm install @clickhouse/client@1.12.1` | `url` |',
    );
  });

  it('"Adding a warehouse" in docs/dialects.md names files and registries that exist', () => {
    const section = dialectsDoc.slice(
      dialectsDoc.indexOf('## Adding a warehouse'),
      dialectsDoc.indexOf('## How the warehouse SQL is checked here'),
    );
    const paths = [...section.matchAll(/`((?:src|schemas|test)\/[\w/.<>-]+)`/g)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(5);
    for (const path of paths) {
      // `<name>` stands for each existing warehouse.
      const concrete = path.includes('<name>')
        ? DIALECT_NAMES.map((n) => path.replace('<name>', n))
        : [path];
      for (const p of concrete)
        expect(existsSync(new URL(`../../${p}`, import.meta.url)), p).toBe(true);
    }
    for (const registry of [
      '`WAREHOUSES`',
      '`dialects`',
      '`connectors`',
      '`Dialect`',
      '`StateAdapter`',
    ])
      expect(section).toContain(registry);
  });
});
