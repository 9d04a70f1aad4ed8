/**
 * Destinations by `type` (roster.yaml `destinations:`). Settings are resolved
 * (`${VAR}`) here, when an apply needs the destination, never at load time.
 * A destination whose settings are wrong comes back as an error for that
 * destination only: the apply still delivers to the others. Messages never
 * carry a secret: every `${VAR}` value, write key and signing secret is
 * scrubbed from them.
 */
import { parseInterpolation, resolveSettings } from '../../project/interpolate.js';
import type { DestinationConfig } from '../../project/types.js';
import type { Destination } from './destination.js';
import { FileDestination } from './file-destination.js';
import { HttpDestination } from './http-destination.js';
import type { HttpDestinationOptions } from './http-destination.js';

export type OpenDestinationResult =
  { ok: true; destination: Destination } | { ok: false; message: string };

export interface OpenDestinationOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  /** Test hook passed to file destinations. */
  midBatch?: () => void;
  /** Test hook passed to HTTP destinations (seeded jitter). */
  random?: () => number;
}

/** Segment's HTTP Tracking API limits on one batch request. */
export const SEGMENT_MAX_CALLS = 2500;
export const SEGMENT_MAX_BYTES = 500 * 1024;
export const SEGMENT_DEFAULT_URL = 'https://api.segment.io';

/** Every value a `${VAR}` of these settings resolves to (they may be secrets). */
export function settingSecrets(
  settings: Readonly<Record<string, unknown>>,
  env: NodeJS.ProcessEnv,
): string[] {
  const out = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const part of parseInterpolation(value)) {
        const found = part.kind === 'var' ? env[part.name] : undefined;
        if (found) out.add(found);
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit);
  };
  visit(settings);
  return [...out];
}

class SettingError extends Error {}

function numberSetting(
  name: string,
  settings: Record<string, unknown>,
  key: string,
  fallback: number | undefined,
  rule: { integer?: boolean; min: number; max?: number; exclusiveMin?: boolean },
): number | undefined {
  const raw = settings[key];
  if (raw === undefined || raw === null) return fallback;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.exclusiveMin ? value > rule.min : value >= rule.min) &&
    (rule.max === undefined || value <= rule.max);
  if (!ok) {
    const kind = rule.integer ? 'an integer' : 'a number';
    const range =
      rule.max !== undefined
        ? `from ${rule.min} to ${rule.max}`
        : rule.exclusiveMin
          ? `above ${rule.min}`
          : `of at least ${rule.min}`;
    throw new SettingError(
      `destination \`${name}\`: \`${key}\` must be ${kind} ${range}, not \`${typeof raw === 'string' ? raw : JSON.stringify(raw)}\``,
    );
  }
  return value as number;
}

function booleanSetting(
  name: string,
  settings: Record<string, unknown>,
  key: string,
  fallback: boolean,
): boolean {
  const raw = settings[key];
  if (raw === undefined || raw === null) return fallback;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new SettingError(`destination \`${name}\`: \`${key}\` must be true or false`);
}

function urlSetting(name: string, value: unknown, key: string): URL {
  if (typeof value !== 'string' || value.trim() === '')
    throw new SettingError(`destination \`${name}\` needs a \`${key}\``);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value may hold a ${VAR} secret: say what is wrong without echoing it.
    throw new SettingError(
      `destination \`${name}\`: \`${key}\` is not an absolute URL (write it like https://host/path)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new SettingError(
      `destination \`${name}\`: \`${key}\` must be an http:// or https:// URL`,
    );
  return url;
}

/** The options both HTTP destinations share (see docs/config.md). */
function commonHttpOptions(
  name: string,
  settings: Record<string, unknown>,
  maxCallsCap: number,
  defaultCalls: number,
): Pick<
  HttpDestinationOptions,
  | 'maxCalls'
  | 'timeoutMs'
  | 'concurrency'
  | 'rateLimit'
  | 'maxRetries'
  | 'retryInitialMs'
  | 'retryMaxMs'
  | 'groupAnonymousId'
  | 'batchSize'
> {
  const maxCalls = numberSetting(name, settings, 'batch_size', defaultCalls, {
    integer: true,
    min: 1,
    max: maxCallsCap,
  }) as number;
  const concurrency = numberSetting(name, settings, 'concurrency', 4, {
    integer: true,
    min: 1,
    max: 64,
  }) as number;
  const rateLimit = numberSetting(name, settings, 'rate_limit', undefined, {
    min: 0,
    exclusiveMin: true,
  });
  return {
    maxCalls,
    timeoutMs:
      (numberSetting(name, settings, 'timeout', 30, { min: 0, exclusiveMin: true }) as number) *
      1000,
    concurrency,
    ...(rateLimit !== undefined ? { rateLimit } : {}),
    maxRetries: numberSetting(name, settings, 'max_retries', 8, {
      integer: true,
      min: 0,
      max: 100,
    }) as number,
    retryInitialMs:
      (numberSetting(name, settings, 'retry_initial_delay', 0.5, { min: 0 }) as number) * 1000,
    retryMaxMs: (numberSetting(name, settings, 'retry_max_delay', 30, { min: 0 }) as number) * 1000,
    groupAnonymousId: booleanSetting(name, settings, 'group_anonymous_id', true),
    // Enough calls per read to keep every request slot busy, and no more (memory stays flat).
    batchSize: Math.min(10_000, maxCalls * concurrency),
  };
}

function openHttp(
  config: DestinationConfig,
  settings: Record<string, unknown>,
  secrets: string[],
  options: OpenDestinationOptions,
): Destination {
  const name = config.name;
  if (config.type === 'segment') {
    const writeKey = settings.write_key;
    if (typeof writeKey !== 'string' || writeKey === '')
      throw new SettingError(`destination \`${name}\` needs a \`write_key\``);
    const base = urlSetting(name, settings.url ?? SEGMENT_DEFAULT_URL, 'url');
    // `url` is the API's base (Segment, RudderStack, a self-hosted receiver); the batch endpoint is under it.
    const url = /\/v1\/batch\/?$/.test(base.pathname)
      ? base.toString()
      : new URL(`${base.pathname.replace(/\/+$/, '')}/v1/batch`, base).toString();
    return new HttpDestination({
      name,
      type: 'segment',
      url,
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      maxBytes: SEGMENT_MAX_BYTES,
      secrets: [...secrets, writeKey, Buffer.from(`${writeKey}:`).toString('base64')],
      ...commonHttpOptions(name, settings, SEGMENT_MAX_CALLS, SEGMENT_MAX_CALLS),
      ...(options.random ? { random: options.random } : {}),
    });
  }
  const url = urlSetting(name, settings.url, 'url').toString();
  const headers: Record<string, string> = {};
  const rawHeaders = settings.headers ?? {};
  if (typeof rawHeaders !== 'object' || rawHeaders === null || Array.isArray(rawHeaders))
    throw new SettingError(`destination \`${name}\`: \`headers\` must be a map of strings`);
  for (const [key, value] of Object.entries(rawHeaders)) {
    if (typeof value !== 'string' && typeof value !== 'number')
      throw new SettingError(`destination \`${name}\`: header \`${key}\` must be a string`);
    headers[key.toLowerCase()] = String(value);
  }
  const signingSecret = settings.signing_secret;
  if (signingSecret !== undefined && (typeof signingSecret !== 'string' || signingSecret === ''))
    throw new SettingError(
      `destination \`${name}\`: \`signing_secret\` must be a non-empty string`,
    );
  const signatureHeader = settings.signature_header ?? 'X-Roster-Signature';
  if (typeof signatureHeader !== 'string' || !/^[A-Za-z0-9-]+$/.test(signatureHeader))
    throw new SettingError(
      `destination \`${name}\`: \`signature_header\` must be a header name (letters, digits, -)`,
    );
  return new HttpDestination({
    name,
    type: 'webhook',
    url,
    headers,
    ...(typeof signingSecret === 'string' ? { signingSecret, signatureHeader } : {}),
    maxBytes: SEGMENT_MAX_BYTES,
    secrets: [...secrets, ...(typeof signingSecret === 'string' ? [signingSecret] : [])],
    ...commonHttpOptions(name, settings, SEGMENT_MAX_CALLS, 100),
    ...(options.random ? { random: options.random } : {}),
  });
}

export function openDestination(
  config: DestinationConfig,
  options: OpenDestinationOptions,
): OpenDestinationResult {
  const { settings, diagnostics } = resolveSettings(config.settings, options.env, {
    path: `destinations.${config.name}`,
    ...(config.settingRanges ? { ranges: config.settingRanges } : {}),
  });
  if (diagnostics.length > 0)
    return { ok: false, message: diagnostics.map((d) => d.message).join('; ') };
  const secrets = settingSecrets(config.settings, options.env);
  const scrub = (text: string): string =>
    secrets.reduce((out, secret) => out.split(secret).join('***'), text);
  try {
    switch (config.type) {
      case 'file': {
        const path = settings.path;
        if (typeof path !== 'string' || path === '')
          return { ok: false, message: `destination \`${config.name}\` needs a \`path\`` };
        return {
          ok: true,
          destination: new FileDestination({
            name: config.name,
            path,
            root: options.root,
            groupAnonymousId: booleanSetting(config.name, settings, 'group_anonymous_id', true),
            ...(options.midBatch ? { midBatch: options.midBatch } : {}),
          }),
        };
      }
      case 'segment':
      case 'webhook':
        return { ok: true, destination: openHttp(config, settings, secrets, options) };
      default:
        return {
          ok: false,
          message: `destination \`${config.name}\` has type \`${config.type}\`; roster delivers to segment, webhook and file`,
        };
    }
  } catch (caught) {
    if (caught instanceof SettingError) return { ok: false, message: scrub(caught.message) };
    throw caught;
  }
}
