import { describe, expect, it } from 'vitest';
import { error } from '../../src/diagnostics/diagnostic.js';
import { DEFAULT_HELP } from '../../src/diagnostics/help.js';
import type { SourceRange } from '../../src/diagnostics/source.js';
import { formatFileResult, formatSummary, showValue } from '../../src/testing/format-report.js';
import type { TestFileResult } from '../../src/testing/run-tests.js';

const range: SourceRange = {
  file: '/p/cases/x.test.yml',
  start: { offset: 40, line: 7, column: 5 },
  end: { offset: 45, line: 7, column: 10 },
};
const options = { sources: new Map(), color: false, cwd: '/p' };

const base: TestFileResult = {
  file: '/p/cases/x.test.yml',
  name: 'x',
  status: 'passed',
  audiences: 2,
  traits: 1,
  failures: [],
  diagnostics: [],
  durationMs: 1,
};

describe('format-report', () => {
  it('shows values as they are written in a test file', () => {
    expect(showValue('pro')).toBe('"pro"');
    expect(showValue(2.5)).toBe('2.5');
    expect(showValue(false)).toBe('false');
    expect(showValue(['a', 'b'])).toBe('["a", "b"]');
    expect(showValue(undefined)).toBe('missing');
  });

  it('prints a passing file on one line with its expectation counts', () => {
    expect(formatFileResult(base, options)).toBe('✓ x (2 audiences, 1 trait)');
    expect(formatFileResult({ ...base, audiences: 0, traits: 3 }, options)).toBe('✓ x (3 traits)');
  });

  it('explains expectations about names the program does not define, or defines as the other kind', () => {
    const text = formatFileResult(
      {
        ...base,
        status: 'failed',
        failures: [
          {
            kind: 'unknown-definition',
            name: 'activ',
            expectedKind: 'audience',
            suggestions: ['did you mean `active`?'],
            range,
          },
          {
            kind: 'unknown-definition',
            name: 'logins',
            expectedKind: 'audience',
            actualKind: 'trait',
            suggestions: [],
            range,
          },
        ],
      },
      options,
    );
    expect(text.split('\n')).toEqual([
      '✗ x (2 audiences, 1 trait)',
      '    audience `activ`: the program defines no audience `activ` (cases/x.test.yml:7:5)',
      '      did you mean `active`?',
      '    audience `logins`: `logins` is a trait, not an audience (move it to `expect.traits`) (cases/x.test.yml:7:5)',
    ]);
  });

  it('renders the diagnostics of a file that could not run', () => {
    const text = formatFileResult(
      {
        ...base,
        status: 'error',
        diagnostics: [error('runtime-setup-failed', 'preparing failed: boom')],
      },
      options,
    );
    expect(text.split('\n')).toEqual([
      '✗ x (error)',
      '    error[runtime-setup-failed]: preparing failed: boom',
      // The code's fix, added by error() when none is given (src/diagnostics/help.ts).
      `      = help: ${DEFAULT_HELP['runtime-setup-failed']}`,
    ]);
  });

  it('closes with the plain summary line', () => {
    expect(formatSummary({ passed: 31, failed: 1 })).toBe('31 passed, 1 failed');
  });
});
