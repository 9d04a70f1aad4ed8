/**
 * Destinations by `type` (roster.yaml `destinations:`). Settings are resolved
 * (`${VAR}`) here, when an apply needs the destination, never at load time.
 * Types without an implementation yet come back as an error for that
 * destination only: the apply still delivers to the others.
 */
import { resolveSettings } from '../../project/interpolate.js';
import type { DestinationConfig } from '../../project/types.js';
import type { Destination } from './destination.js';
import { FileDestination } from './file-destination.js';

export type OpenDestinationResult =
  { ok: true; destination: Destination } | { ok: false; message: string };

export interface OpenDestinationOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  /** Test hook passed to file destinations. */
  midBatch?: () => void;
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
          ...(options.midBatch ? { midBatch: options.midBatch } : {}),
        }),
      };
    }
    default:
      return {
        ok: false,
        message: `destination \`${config.name}\` has type \`${config.type}\`, which roster cannot deliver to yet`,
      };
  }
}
