import type { TestConfigOverrides } from './test-case.js';
import type { ProjectConfig } from './types.js';

/** The project's config with a test file's `config:` overrides applied (LANGUAGE.md §10). */
export function applyTestConfig(
  config: ProjectConfig,
  overrides: TestConfigOverrides,
): ProjectConfig {
  return {
    ...config,
    events: {
      ...config.events,
      ...(overrides.events?.scope ? { scope: overrides.events.scope } : {}),
    },
  };
}
