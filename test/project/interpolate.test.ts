import { describe, expect, it } from 'vitest';
import { parseInterpolation, resolveSettings } from '../../src/project/index.js';
import type { SourceRange } from '../../src/diagnostics/source.js';

const range = (line: number, column: number): SourceRange => ({
  file: '/p/roster.yaml',
  start: { offset: 0, line, column },
  end: { offset: 0, line, column: column + 1 },
});

describe('parseInterpolation', () => {
  it('splits text, references and escapes', () => {
    expect(parseInterpolation('postgres://${PG_USER}@host:${PORT}/db')).toEqual([
      { kind: 'text', text: 'postgres://' },
      { kind: 'var', name: 'PG_USER' },
      { kind: 'text', text: '@host:' },
      { kind: 'var', name: 'PORT' },
      { kind: 'text', text: '/db' },
    ]);
    expect(parseInterpolation('a$${B}c')).toEqual([{ kind: 'text', text: 'a${B}c' }]);
    expect(parseInterpolation('$5 and $HOME')).toEqual([{ kind: 'text', text: '$5 and $HOME' }]);
    expect(parseInterpolation('${1X}')).toEqual([{ kind: 'invalid', text: '${1X}' }]);
    expect(parseInterpolation('x${OPEN')).toEqual([
      { kind: 'text', text: 'x' },
      { kind: 'invalid', text: '${OPEN' },
    ]);
  });
});

describe('resolveSettings', () => {
  it('substitutes set variables, including empty ones, and leaves non-strings alone', () => {
    const out = resolveSettings(
      {
        account: '${ACCT}',
        url: 'https://${HOST}/v1?k=${KEY}',
        port: 5432,
        ssl: true,
        empty: '${EMPTY}',
      },
      { ACCT: 'acme', HOST: 'api.x.io', KEY: 'k1', EMPTY: '' },
      { path: 'targets.prod' },
    );
    expect(out).toEqual({
      settings: {
        account: 'acme',
        url: 'https://api.x.io/v1?k=k1',
        port: 5432,
        ssl: true,
        empty: '',
      },
      diagnostics: [],
    });
  });

  it('turns $${VAR} into a literal ${VAR} without reading the environment', () => {
    const out = resolveSettings({ password: 'pa$${NOT_A_VAR}ss' }, {}, { path: 'targets.prod' });
    expect(out).toEqual({ settings: { password: 'pa${NOT_A_VAR}ss' }, diagnostics: [] });
  });

  it('reports each unset variable with the setting and its place', () => {
    const out = resolveSettings(
      { account: '${SNOWFLAKE_ACCOUNT}', user: '${SF_USER}-${SF_SUFFIX}' },
      { SF_USER: 'me' },
      { path: 'targets.prod', ranges: { account: range(8, 35), user: range(9, 11) } },
    );
    expect(out.settings).toEqual({ account: '${SNOWFLAKE_ACCOUNT}', user: 'me-${SF_SUFFIX}' });
    expect(
      out.diagnostics.map((d) => [d.code, d.message, d.range?.start.line, d.range?.start.column]),
    ).toEqual([
      [
        'config-missing-env-var',
        'environment variable SNOWFLAKE_ACCOUNT is not set (targets.prod.account in roster.yaml:8:35)',
        8,
        35,
      ],
      [
        'config-missing-env-var',
        'environment variable SF_SUFFIX is not set (targets.prod.user in roster.yaml:9:11)',
        9,
        11,
      ],
    ]);
    expect(out.diagnostics[0]!.hints).toEqual([
      'set it (`export SNOWFLAKE_ACCOUNT=...`), or write `$${SNOWFLAKE_ACCOUNT}` for a literal `${SNOWFLAKE_ACCOUNT}`',
    ]);
  });

  it('resolves inside nested settings and names the nested key', () => {
    const out = resolveSettings(
      { headers: { Authorization: 'Bearer ${TOKEN}' } },
      {},
      { path: 'destinations.hook', ranges: { headers: range(4, 14) } },
    );
    expect(out.diagnostics[0]!.message).toBe(
      'environment variable TOKEN is not set (destinations.hook.headers.Authorization)',
    );
    // The nested key has no range of its own: the diagnostic points at the enclosing setting.
    expect(out.diagnostics[0]!.range?.start).toMatchObject({ line: 4, column: 14 });
    const ok = resolveSettings(
      { headers: { Authorization: 'Bearer ${TOKEN}' } },
      { TOKEN: 't' },
      { path: 'x' },
    );
    expect(ok.settings).toEqual({ headers: { Authorization: 'Bearer t' } });
  });
});
