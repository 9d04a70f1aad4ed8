/**
 * `--now`, one parser for every command: an ISO-8601 instant from the year
 * 1000 on. Earlier years are refused rather than reinterpreted (`0026-06-30`
 * once evaluated in 1926) and keep a 1000-year window (the longest the
 * checker allows) within instants warehouses store.
 */
import { error, type Diagnostic } from '../../diagnostics/index.js';
import { parseInstant } from '../../project/index.js';

/** The earliest year `--now` may name. */
export const EARLIEST_NOW_YEAR = 1000;

/** `--now`: an ISO-8601 instant, or a diagnostic. */
export function parseNowOption(text: string | undefined): {
  now?: string;
  diagnostics: Diagnostic[];
} {
  if (text === undefined) return { diagnostics: [] };
  const now = parseInstant(text);
  if (!now) {
    return {
      diagnostics: [
        error('cli-invalid-now', `\`--now ${text}\` is not an ISO-8601 instant`, undefined, [
          'write it like `2026-06-30T00:00:00Z` or `2026-06-30`',
        ]),
      ],
    };
  }
  if (new Date(now).getUTCFullYear() < EARLIEST_NOW_YEAR) {
    return {
      diagnostics: [
        error(
          'cli-invalid-now',
          `\`--now ${text}\` is before the year ${EARLIEST_NOW_YEAR}, earlier than roster evaluates`,
          undefined,
          ['write the year in full, like `2026-06-30`'],
        ),
      ],
    };
  }
  return { now, diagnostics: [] };
}
