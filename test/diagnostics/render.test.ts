import { describe, expect, it } from 'vitest';
import { error, warning } from '../../src/diagnostics/diagnostic.js';
import { renderDiagnostic, shouldUseColor } from '../../src/diagnostics/render.js';
import { SourceFile } from '../../src/diagnostics/source.js';
import { closestName, didYouMean, editDistance } from '../../src/diagnostics/suggest.js';

const file = new SourceFile(
  '/p/a.roster',
  'trait x = user count "Logged In"\naudience y = account where logins_30 < 10\n',
);

describe('SourceFile', () => {
  it('maps offsets to 1-based lines and columns', () => {
    expect(file.position(0)).toEqual({ offset: 0, line: 1, column: 1 });
    const offset = file.text.indexOf('logins_30');
    expect(file.position(offset)).toEqual({ offset, line: 2, column: 28 });
    expect(file.line(2)).toBe('audience y = account where logins_30 < 10');
    expect(file.line(9)).toBe('');
  });
});

describe('renderDiagnostic', () => {
  it('shows file:line:col, the source line, a caret span and the hints', () => {
    const start = file.text.indexOf('logins_30');
    const d = error(
      'name-unknown-trait',
      'unknown trait `logins_30`',
      file.range(start, start + 9),
      ['did you mean `logins_30d`?'],
    );
    const text = renderDiagnostic(d, {
      sources: new Map([[file.path, file]]),
      color: false,
      cwd: '/p',
    });
    expect(text).toBe(
      [
        'a.roster:2:28: error[name-unknown-trait]: unknown trait `logins_30`',
        '  |',
        '2 | audience y = account where logins_30 < 10',
        '  |                            ^^^^^^^^^',
        '  = help: did you mean `logins_30d`?',
      ].join('\n'),
    );
  });

  it('renders a file-less warning on one line', () => {
    const d = warning('config-x', 'something odd');
    expect(renderDiagnostic(d, { sources: new Map(), color: false })).toBe(
      'warning[config-x]: something odd',
    );
  });

  it('uses colour only on a TTY and never with NO_COLOR', () => {
    expect(shouldUseColor({ isTTY: true }, {})).toBe(true);
    expect(shouldUseColor({ isTTY: false }, {})).toBe(false);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
  });
});

describe('suggestions', () => {
  it('measures edits with transpositions', () => {
    expect(editDistance('whithin', 'within')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the closest plausible name only', () => {
    expect(closestName('logins_30', ['logins_30d', 'active'])).toBe('logins_30d');
    expect(closestName('logged in', ['Logged In', 'Feature Used'])).toBe('Logged In');
    expect(closestName('zzz', ['logins_30d'])).toBeUndefined();
    expect(didYouMean('whithin', ['within', 'where'])).toEqual(['did you mean `within`?']);
  });
});
