/**
 * roster.yaml → ProjectConfig: JSON Schema validation (ajv) plus the checks a
 * schema cannot express (the default target exists, `${...}` references are
 * well formed), with defaults filled in.
 */
import { basename, isAbsolute, resolve } from 'node:path';
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceRange } from '../diagnostics/source.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { parseInterpolation } from './interpolate.js';
import { buildSources, isFilePath, LOGICAL_SOURCES } from './sources.js';
import type { SourceOverride, SourcesLayout } from './sources.js';
import type {
  DestinationConfig,
  DialectName,
  EventsScope,
  LogicalSource,
  ProjectConfig,
  TargetConfig,
} from './types.js';
import { validateYaml } from './validate-yaml.js';
import { formatPath, valueRange } from './yaml-file.js';
import type { YamlFile, YamlPath } from './yaml-file.js';

export const DEFAULT_SCHEMA_FILE = 'schema.yml';
export const DEFAULT_STATE_SCHEMA = 'roster_state';
/** `apply.mass_exit_threshold`: the share of an audience allowed to exit in one apply. */
export const DEFAULT_MASS_EXIT_THRESHOLD = 0.2;
/** `apply.size_drift_runs`: how many earlier applies the size-drift guard averages. */
export const DEFAULT_SIZE_DRIFT_RUNS = 5;
/** `apply.source_shrink_threshold`: the share of a source table's rows allowed to vanish between applies. */
export const DEFAULT_SOURCE_SHRINK_THRESHOLD = 0.5;

interface RawConfig {
  name?: string;
  schema?: string;
  paths?: string[];
  target?: string;
  targets?: Record<string, Record<string, unknown>>;
  destinations?: Record<string, Record<string, unknown>>;
  events?: { scope?: EventsScope };
  sources?: { layout?: SourcesLayout; schema?: string; files?: string } & Partial<
    Record<LogicalSource, SourceOverride>
  >;
  state?: { schema?: string };
  apply?: {
    mass_exit_threshold?: number;
    mass_enter_threshold?: number;
    size_drift_threshold?: number;
    size_drift_runs?: number;
    source_shrink_threshold?: number;
    checkpoint_seconds?: number;
  };
}

export function readConfig(
  yaml: YamlFile,
  root: string,
): { config?: ProjectConfig; diagnostics: Diagnostic[] } {
  const file = yaml.source.path;
  const diagnostics = validateYaml(yaml, 'roster', { prefix: 'config', fileLabel: basename(file) });
  const raw = (isRecord(yaml.value) ? yaml.value : {}) as RawConfig;
  const targets = isRecord(raw.targets) ? raw.targets : {};

  // Checked even when the file has other errors, so one run reports both.
  if (
    typeof raw.target === 'string' &&
    isRecord(raw.targets) &&
    !Object.hasOwn(targets, raw.target)
  ) {
    const names = Object.keys(targets);
    const hints = didYouMean(raw.target, names);
    if (hints.length === 0) hints.push(`defined targets: ${names.join(', ')}`);
    diagnostics.push(
      error(
        'config-unknown-target',
        `the default target \`${raw.target}\` is not defined in \`targets\``,
        valueRange(yaml, ['target']),
        hints,
      ),
    );
  }

  // A file that does not match the JSON Schema has no trustworthy shape; later problems still allow a config.
  if (diagnostics.some((d) => d.code !== 'config-unknown-target')) return { diagnostics };

  const settingsOf = (
    section: 'targets' | 'destinations',
    name: string,
    discriminator: string,
    value: Record<string, unknown>,
  ): {
    settings: Record<string, unknown>;
    settingRanges: Record<string, SourceRange>;
    range: SourceRange;
  } => {
    const settings: Record<string, unknown> = {};
    const settingRanges: Record<string, SourceRange> = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === discriminator) continue;
      settings[key] = v;
      settingRanges[key] = valueRange(yaml, [section, name, key]);
      checkInterpolation(yaml, [section, name, key], v, diagnostics);
    }
    return { settings, settingRanges, range: valueRange(yaml, [section, name]) };
  };

  const targetConfigs: Record<string, TargetConfig> = {};
  for (const [name, value] of Object.entries(targets)) {
    targetConfigs[name] = {
      name,
      dialect: value.dialect as DialectName,
      ...settingsOf('targets', name, 'dialect', value),
    };
  }
  const destinations: Record<string, DestinationConfig> = {};
  for (const [name, value] of Object.entries(raw.destinations ?? {})) {
    destinations[name] = {
      name,
      type: String(value.type),
      ...settingsOf('destinations', name, 'type', value),
    };
  }

  const { layout = 'json', schema: sourceSchema, files, ...overrides } = raw.sources ?? {};
  if (files !== undefined && layout !== 'segment_archive') {
    diagnostics.push(
      error(
        'config-files-without-archive',
        '`sources.files` is read only by `layout: segment_archive` (raw Segment NDJSON files)',
        valueRange(yaml, ['sources', 'files']),
        ['add `layout: segment_archive` to `sources`, or remove `files`'],
      ),
    );
  }
  const sources = buildSources(layout, overrides, sourceSchema, files);
  for (const name of LOGICAL_SOURCES) {
    const mapping = sources.mappings[name];
    if (mapping && overrides[name] !== undefined)
      mapping.range = valueRange(yaml, ['sources', name]);
    // A file source is relative to the project folder, not to wherever roster is run from.
    if (mapping && isFilePath(mapping.table) && !isAbsolute(mapping.table))
      mapping.table = resolve(root, mapping.table);
  }

  return {
    config: {
      root,
      file,
      name: raw.name ?? '',
      schemaPath: resolve(root, raw.schema ?? DEFAULT_SCHEMA_FILE),
      paths: (raw.paths ?? ['.']).map((p) => resolve(root, p)),
      defaultTarget: raw.target ?? '',
      targets: targetConfigs,
      destinations,
      events: { scope: raw.events?.scope ?? 'all_accounts' },
      sources,
      state: {
        schema: raw.state?.schema ?? DEFAULT_STATE_SCHEMA,
        ...(raw.state?.schema !== undefined
          ? { range: valueRange(yaml, ['state', 'schema']) }
          : {}),
      },
      apply: {
        massExitThreshold: raw.apply?.mass_exit_threshold ?? DEFAULT_MASS_EXIT_THRESHOLD,
        ...(raw.apply?.mass_enter_threshold !== undefined
          ? { massEnterThreshold: raw.apply.mass_enter_threshold }
          : {}),
        ...(raw.apply?.size_drift_threshold !== undefined
          ? { sizeDriftThreshold: raw.apply.size_drift_threshold }
          : {}),
        sizeDriftRuns: raw.apply?.size_drift_runs ?? DEFAULT_SIZE_DRIFT_RUNS,
        sourceShrinkThreshold:
          raw.apply?.source_shrink_threshold ?? DEFAULT_SOURCE_SHRINK_THRESHOLD,
        ...(raw.apply?.checkpoint_seconds !== undefined
          ? { checkpointSeconds: raw.apply.checkpoint_seconds }
          : {}),
      },
    },
    diagnostics,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A `${` that does not form `${NAME}` would fail only when a command connects: report it now. */
function checkInterpolation(
  yaml: YamlFile,
  path: YamlPath,
  value: unknown,
  out: Diagnostic[],
): void {
  if (typeof value === 'string') {
    for (const part of parseInterpolation(value)) {
      if (part.kind !== 'invalid') continue;
      out.push(
        error(
          'config-bad-interpolation',
          `\`${part.text}\` in \`${formatPath(path)}\` is not a valid environment variable reference`,
          valueRange(yaml, path),
          [
            'write `${NAME}` with a name of letters, digits and `_` (not starting with a digit), or `$${` for a literal `${`',
          ],
        ),
      );
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) checkInterpolation(yaml, [...path, k], v, out);
  }
}
