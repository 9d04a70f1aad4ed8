/**
 * `${VAR}` references in roster.yaml settings. They stay as written when the
 * project loads (so `check`/`compile` need no secrets) and are resolved only
 * when a command needs the value (connecting, sending). `$${` writes a literal
 * `${`.
 */
import { basename } from 'node:path';
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceRange } from '../diagnostics/source.js';

/** `$${` (escape), `${NAME}` (reference), or `${` that does not close into a valid name. */
const TOKEN = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{[^}]*\}?/g;

export type InterpolationPart =
  | { kind: 'text'; text: string }
  | { kind: 'var'; name: string }
  | { kind: 'invalid'; text: string };

/** Splits a setting into literal text and `${VAR}` references. */
export function parseInterpolation(value: string): InterpolationPart[] {
  const parts: InterpolationPart[] = [];
  let last = 0;
  let text = '';
  for (const m of value.matchAll(TOKEN)) {
    text += value.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[0] === '$${') {
      text += '${';
    } else {
      if (text !== '') parts.push({ kind: 'text', text });
      text = '';
      parts.push(
        m[1] !== undefined ? { kind: 'var', name: m[1] } : { kind: 'invalid', text: m[0] },
      );
    }
  }
  text += value.slice(last);
  if (text !== '') parts.push({ kind: 'text', text });
  return parts;
}

/** Where settings come from, for messages: `targets.prod` and the range of each key's value. */
export interface SettingsLocation {
  path: string;
  ranges?: Readonly<Record<string, SourceRange>>;
}

function at(where: SettingsLocation, key: string): string {
  const range = where.ranges?.[key];
  const name = `${where.path}.${key}`;
  return range
    ? `${name} in ${basename(range.file)}:${range.start.line}:${range.start.column}`
    : name;
}

/**
 * Resolves `${VAR}` in every string of `settings` (nested maps and lists too).
 * Unset variables are `config-missing-env-var` diagnostics naming the variable
 * and the setting; their references are left as written in the result.
 */
export function resolveSettings(
  settings: Readonly<Record<string, unknown>>,
  env: NodeJS.ProcessEnv,
  where: SettingsLocation,
): { settings: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const resolveValue = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') return resolveString(value, key);
    if (Array.isArray(value)) return value.map((v, i) => resolveValue(v, `${key}[${i}]`));
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = resolveValue(v, `${key}.${k}`);
      return out;
    }
    return value;
  };
  const resolveString = (value: string, key: string): string => {
    let out = '';
    for (const part of parseInterpolation(value)) {
      if (part.kind === 'text') out += part.text;
      else if (part.kind === 'invalid') out += part.text;
      else {
        const found = env[part.name];
        if (found === undefined) {
          out += `\${${part.name}}`;
          const topKey = key.split(/[.[]/)[0] ?? key;
          const range = where.ranges?.[key] ?? where.ranges?.[topKey];
          diagnostics.push(
            error(
              'config-missing-env-var',
              `environment variable ${part.name} is not set (${at(where, key)})`,
              range,
              [
                `set it (\`export ${part.name}=...\`), or write \`$\${${part.name}}\` for a literal \`\${${part.name}}\``,
              ],
            ),
          );
        } else out += found;
      }
    }
    return out;
  };
  const resolved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) resolved[key] = resolveValue(value, key);
  return { settings: resolved, diagnostics };
}
