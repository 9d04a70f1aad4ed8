/**
 * Loads a roster project folder: roster.yaml, the schema file, and the
 * `*.roster` / `*.test.yml` files under `paths`. Never throws for user mistakes:
 * every problem found is a diagnostic, and `project` is returned whenever
 * roster.yaml itself is usable (schema errors leave out only the bad declarations).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { error, sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { SourceFile } from '../diagnostics/source.js';
import { closestName, didYouMean } from '../diagnostics/suggest.js';
import { discoverFiles } from './discover.js';
import { DEFAULT_SCHEMA_FILE, readConfig } from './read-config.js';
import { emptySchema, readSchema } from './read-schema.js';
import { segmentSnakeCase } from './snake-case.js';
import type { Project, ProjectConfig, Schema } from './types.js';
import { mapKeys, parseYamlFile, valueRange } from './yaml-file.js';
import type { YamlFile } from './yaml-file.js';
import { withArticle } from '../diagnostics/article.js';

export const CONFIG_FILE_NAMES = ['roster.yaml', 'roster.yml'] as const;

export interface LoadProjectOptions {
  /** Reserved for checks that need the environment; `${VAR}` is resolved later by `resolveSettings`. */
  env?: NodeJS.ProcessEnv;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

export interface LoadedProject {
  project?: Project;
  diagnostics: Diagnostic[];
  /**
   * roster.yaml and the schema file as read, also when the project is not
   * usable, so their errors render with the source line like any other.
   */
  configFiles: SourceFile[];
}

/** How the user would name `dir` on the command line: relative to where roster runs. */
const asTyped = (dir: string): string => relative(process.cwd(), dir) || '.';

async function holdsConfig(dir: string): Promise<boolean> {
  for (const name of CONFIG_FILE_NAMES) {
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (info?.isFile()) return true;
  }
  return false;
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
    .map((e) => join(dir, e.name))
    .sort();
}

/**
 * The fix when `root` has no roster.yaml: the project it is inside (run from a
 * subfolder such as `definitions/`), else the projects in its subfolders, two
 * levels down (run from a repository's top); none (the code's own fix) when there is none.
 */
async function missingFileFix(root: string): Promise<string[]> {
  for (let dir = dirname(root), up = 0; up < 3 && dir !== dirname(dir); dir = dirname(dir), up++) {
    if (await holdsConfig(dir))
      return [
        `roster.yaml is in ${asTyped(dir)}: run roster there, or pass \`--project ${asTyped(dir)}\``,
      ];
  }
  const found: string[] = [];
  let level = [root];
  for (let depth = 0; depth < 2 && found.length === 0; depth++) {
    const next = (await Promise.all(level.map(subfolders))).flat().slice(0, 500);
    for (const dir of next) if (await holdsConfig(dir)) found.push(dir);
    level = next;
  }
  if (found.length === 0) return []; // the code's own fix (DEFAULT_HELP)
  const [first, ...others] = found.map(asTyped);
  const more =
    others.length > 0
      ? ` (or ${others
          .slice(0, 3)
          .map((d) => `\`${d}\``)
          .join(', ')})`
      : '';
  return [`pass the project folder: \`--project ${first}\`${more}`];
}

/** The fix when the `--project` folder does not exist: a folder beside it with a close name. */
async function missingFolderFix(root: string): Promise<string[]> {
  const beside = (await subfolders(dirname(root))).map((dir) => basename(dir));
  const meant = closestName(basename(root), beside);
  return meant ? [`did you mean \`--project ${asTyped(join(dirname(root), meant))}\`?`] : [];
}

export async function loadProject(
  dir: string,
  _options: LoadProjectOptions = {},
): Promise<LoadedProject> {
  const root = resolve(dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    return {
      diagnostics: [
        error(
          'config-missing-project',
          `no project folder ${root}`,
          undefined,
          await missingFolderFix(root),
        ),
      ],
      configFiles: [],
    };
  }
  let configSource: SourceFile | undefined;
  for (const name of CONFIG_FILE_NAMES) {
    const text = await readText(join(root, name));
    if (text !== undefined) {
      configSource = new SourceFile(join(root, name), text);
      break;
    }
  }
  if (!configSource) {
    return {
      diagnostics: [
        error(
          'config-missing-file',
          `no roster.yaml in ${root} — run roster in a project folder or pass --project DIR`,
          undefined,
          await missingFileFix(root),
        ),
      ],
      configFiles: [],
    };
  }

  const configFiles = [configSource];
  const parsed = parseYamlFile(configSource, 'config');
  const diagnostics = [...parsed.diagnostics];
  if (!parsed.yaml) return { diagnostics, configFiles }; // syntax errors only: already in file order
  const read = readConfig(parsed.yaml, root);
  diagnostics.push(...read.diagnostics);
  const config = read.config;
  if (!config) return { diagnostics: sortDiagnostics(diagnostics), configFiles };

  const schemaText = await readText(config.schemaPath);
  let schema: Schema = emptySchema(config.schemaPath);
  if (schemaText === undefined) {
    // Without the schema every trait and event would be unknown: one error, not one per name.
    schema = { ...schema, unreadable: true };
    const explicit = parsed.yaml.doc.has('schema');
    // `schema.yaml` for `schema.yml`: the closest YAML file beside where it was looked for.
    const wanted = relative(root, config.schemaPath);
    const beside = await readdir(dirname(config.schemaPath)).catch(() => []);
    const match = closestName(
      basename(wanted),
      beside.filter(
        (f) => /\.ya?ml$/.test(f) && !(CONFIG_FILE_NAMES as readonly string[]).includes(f),
      ),
    );
    const fixed = match === undefined ? undefined : join(dirname(wanted), match);
    diagnostics.push(
      error(
        'config-missing-schema',
        `schema file \`${wanted}\` not found in the project folder`,
        explicit ? valueRange(parsed.yaml, ['schema']) : undefined,
        fixed !== undefined
          ? [
              explicit
                ? `did you mean \`${fixed}\`? write \`schema: ${fixed}\``
                : `did you mean \`${fixed}\`? set \`schema: ${fixed}\` in ${basename(config.file)}`,
            ]
          : explicit
            ? []
            : [`create ${DEFAULT_SCHEMA_FILE}, or set \`schema:\` in ${basename(config.file)}`],
      ),
    );
  } else {
    const schemaSource = new SourceFile(config.schemaPath, schemaText);
    configFiles.push(schemaSource);
    const readS = readSchema(schemaSource);
    schema = readS.schema;
    diagnostics.push(...readS.diagnostics);
    diagnostics.push(...checkSourceColumns(parsed.yaml, config, schema));
    diagnostics.push(...checkSegmentEventTables(config, schema));
  }

  const yaml = parsed.yaml;
  const pathRanges = yaml.doc.has('paths')
    ? config.paths.map((_, i) => valueRange(yaml, ['paths', i]))
    : [];
  const discovered = await discoverFiles(config.paths, { root, pathRanges });
  diagnostics.push(...discovered.diagnostics);
  return {
    project: {
      config,
      schema,
      rosterFiles: discovered.rosterFiles,
      testFiles: discovered.testFiles,
      configFiles,
    },
    diagnostics: sortDiagnostics(diagnostics),
    configFiles,
  };
}

/** `columns` of users/accounts may map `id` and the entity's declared traits only. */
function checkSourceColumns(yaml: YamlFile, config: ProjectConfig, schema: Schema): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [source, entity] of [
    ['users', 'user'],
    ['accounts', 'account'],
  ] as const) {
    if (!config.sources.mappings[source]) continue;
    const allowed = ['id', ...Object.keys(schema[entity])];
    for (const key of mapKeys(yaml, ['sources', source, 'columns'])) {
      if (allowed.includes(key.name)) continue;
      const hints = didYouMean(key.name, allowed);
      if (hints.length === 0)
        hints.push(`map \`id\` or ${withArticle(entity)} trait declared in the schema`);
      diagnostics.push(
        error(
          'config-unknown-source-column',
          `\`sources.${source}.columns\` maps \`${key.name}\`, which is not \`id\` or ${withArticle(entity)} trait`,
          key.range,
          hints,
        ),
      );
    }
  }
  return diagnostics;
}

/**
 * `layout: segment` reads each event from the table Segment names after it:
 * `Order Completed` and `order completed` both land in `order_completed`, and
 * reading that table for each would count every row twice. Two events may
 * share a table only when roster.yaml maps both to it explicitly
 * (`sources.tracks.events`): their rows are then told apart by `event_text`,
 * the name as sent.
 */
function checkSegmentEventTables(config: ProjectConfig, schema: Schema): Diagnostic[] {
  if (config.sources.layout !== 'segment') return [];
  const overrides = config.sources.mappings.tracks?.events ?? {};
  const byTable = new Map<string, Array<{ name: string; explicit: boolean }>>();
  for (const name of Object.keys(schema.events)) {
    const explicit = overrides[name]?.table;
    const table = (explicit ?? segmentSnakeCase(name)).toLowerCase();
    byTable.set(table, [...(byTable.get(table) ?? []), { name, explicit: explicit !== undefined }]);
  }
  const diagnostics: Diagnostic[] = [];
  for (const [table, events] of byTable) {
    if (events.length < 2 || events.every((e) => e.explicit)) continue;
    const [first, ...others] = events;
    for (const other of others) {
      diagnostics.push(
        error(
          'schema-segment-event-collision',
          `events "${first!.name}" and "${other.name}" both read the table \`${table}\` in the segment layout, so each would count the other's events`,
          schema.events[other.name]?.range,
          [
            `if these are one event sent under two spellings, map both to the table under \`sources.tracks.events\` in roster.yaml: roster then tells their rows apart by \`event_text\` (the name as sent)`,
            'otherwise give one of them its own table there',
          ],
        ),
      );
    }
  }
  return diagnostics;
}
