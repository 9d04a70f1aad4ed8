/**
 * Picks the target a command runs on: `--target NAME`, else the project's
 * default. An unknown name is a diagnostic with the closest defined target.
 */
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { ProjectConfig, TargetConfig } from '../project/types.js';

export function selectTarget(
  config: ProjectConfig,
  name?: string,
): { target?: TargetConfig; diagnostics: Diagnostic[] } {
  const wanted = name ?? config.defaultTarget;
  const target = config.targets[wanted];
  if (target) return { target, diagnostics: [] };
  const names = Object.keys(config.targets);
  const hints = didYouMean(wanted, names);
  if (hints.length === 0) hints.push(`defined targets: ${names.join(', ') || '(none)'}`);
  return {
    diagnostics: [
      error(
        'config-unknown-target',
        `there is no target \`${wanted}\` in ${config.file}`,
        undefined,
        hints,
      ),
    ],
  };
}
