/**
 * The escaping contract for the warehouses roster cannot run here (Snowflake,
 * BigQuery, Redshift), as string-level properties over the whole injection
 * corpus: each literal and identifier (1) is read by sqlglot as one literal /
 * identifier, and (2) decodes back to exactly the input under the
 * warehouse's documented lexical rules (a small decoder per warehouse,
 * written from the docs and independent of the encoders). DuckDB and
 * PostgreSQL keep the real-query round trip of test/sql/escaping-contract.test.ts.
 *
 * Where sqlglot 10.6 (Debian's python3-sqlglot) reads a documented form
 * differently, the test names the construct and the doc instead of passing
 * silently (see SQLGLOT_GAPS).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getDialect } from '../../../src/sql/dialects/index.js';
import { snowflakeIdentifierName } from '../../../src/sql/dialects/snowflake.js';
import { compileOnlyKnex, rawSql } from '../../../src/sql/knex-client.js';
import { INJECTION_CORPUS } from '../support/injection-corpus.js';
import { sqlglotAvailable, sqlglotParse } from '../sqlglot/sqlglot.js';
import { WAREHOUSES } from './conformance-programs.js';

type Warehouse = (typeof WAREHOUSES)[number];

/** Body of a quoted token (quotes stripped), decoded per the warehouse's docs. */
function decodeBody(
  body: string,
  quote: string,
  backslashEscapes: boolean,
  doubledQuote: boolean,
): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (backslashEscapes && ch === '\\') {
      const next = body[++i]!;
      if (next === 'n') out += '\n';
      else if (next === 'r') out += '\r';
      else if (next === 't') out += '\t';
      else if (next === 'x') {
        out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
        i += 2;
      } else out += next; // \\ \' \" \` stand for the character itself
    } else if (doubledQuote && ch === quote && body[i + 1] === quote) {
      out += quote;
      i++;
    } else if (ch === quote) {
      throw new Error(`unescaped ${quote} inside a quoted token`);
    } else out += ch;
  }
  return out;
}

function unquote(
  token: string,
  quote: string,
  backslashEscapes: boolean,
  doubledQuote: boolean,
): string {
  expect(token.startsWith(quote) && token.endsWith(quote) && token.length >= 2).toBe(true);
  return decodeBody(token.slice(1, -1), quote, backslashEscapes, doubledQuote);
}

/** Lexical rules from each warehouse's docs (see docs/dialects.md for the links). */
const RULES: Record<
  Warehouse,
  {
    decodeLiteral(t: string): string;
    decodeIdentifier(t: string): string;
    resolved(name: string): string;
  }
> = {
  // '…': backslash escapes, '' for a quote; "…" identifiers with "" (unquoted-like names upper-cased by roster).
  snowflake: {
    decodeLiteral: (t) => unquote(t, "'", true, true),
    decodeIdentifier: (t) => unquote(t, '"', false, true),
    resolved: snowflakeIdentifierName,
  },
  // '…' and `…` share the escape sequences; no doubled quotes.
  bigquery: {
    decodeLiteral: (t) => unquote(t, "'", true, false),
    decodeIdentifier: (t) => unquote(t, '`', true, false),
    resolved: (name) => name,
  },
  // '…': backslash escapes, '' for a quote (no E'…'); "…" identifiers with "".
  redshift: {
    decodeLiteral: (t) => unquote(t, "'", true, true),
    decodeIdentifier: (t) => unquote(t, '"', false, true),
    resolved: (name) => name,
  },
};

/** A C0 control character or DEL (written as an escape in BigQuery text). */
function hasControl(s: string): boolean {
  return [...s].some((ch) => ch < ' ' || ch === '\u007f');
}

const BACKSLASH_RUN =
  'sqlglot 10.6 decodes a run of escaped backslashes (\\\\\\\\) to fewer backslashes than the documented one per pair';

/** What this sqlglot reads differently from the warehouse's documentation. */
const SQLGLOT_GAPS: Record<
  Warehouse,
  { literal(s: string): string | undefined; identifier(s: string): string | undefined }
> = {
  snowflake: {
    literal: (s) =>
      s.includes('\\\\')
        ? `${BACKSLASH_RUN} (https://docs.snowflake.com/en/sql-reference/data-types-text#escape-sequences-in-single-quoted-string-constants)`
        : undefined,
    identifier: (s) =>
      s.includes('"')
        ? 'sqlglot 10.6 cannot tokenize a doubled "" inside a Snowflake quoted identifier (https://docs.snowflake.com/en/sql-reference/identifiers-syntax#double-quoted-identifiers)'
        : undefined,
  },
  bigquery: {
    literal: (s) =>
      hasControl(s)
        ? 'sqlglot 10.6 keeps \\n, \\r, \\t, \\xhh escapes undecoded in BigQuery literals (https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical#escape_sequences)'
        : s.includes('\\\\')
          ? `${BACKSLASH_RUN} (https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical#escape_sequences)`
          : undefined,
    identifier: (s) =>
      s.includes('`') || s.includes('\\') || hasControl(s)
        ? 'sqlglot 10.6 does not decode escape sequences in BigQuery quoted identifiers (https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical#quoted_identifiers)'
        : undefined,
  },
  redshift: {
    literal: (s) =>
      s.includes("'")
        ? "sqlglot 10.6 reads '' inside a Redshift literal as two adjacent literals (https://docs.aws.amazon.com/redshift/latest/dg/r_Literals.html)"
        : s.includes('\\\\')
          ? `${BACKSLASH_RUN} (https://docs.aws.amazon.com/redshift/latest/dg/r_Literals.html)`
          : undefined,
    identifier: (s) =>
      s.includes('"')
        ? 'sqlglot 10.6 cannot tokenize a doubled "" inside a quoted identifier (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html)'
        : undefined,
  },
};

beforeAll(() => {
  if (!sqlglotAvailable())
    throw new Error('sqlglot is missing: apt-get install -y python3-sqlglot (see .ci/run)');
});

describe.each(WAREHOUSES)('escaping contract on %s (string level)', (name) => {
  const dialect = getDialect(name);
  const rules = RULES[name];
  const gaps = SQLGLOT_GAPS[name];

  it('every corpus string is a literal that decodes to itself', () => {
    expect(INJECTION_CORPUS.length).toBeGreaterThanOrEqual(200);
    for (const s of INJECTION_CORPUS)
      expect(rules.decodeLiteral(dialect.stringLiteral(s)), JSON.stringify(s)).toBe(s);
  });

  it('sqlglot reads every literal as one string with that value, or a named gap explains why not', () => {
    const answer = sqlglotParse(
      name,
      [],
      INJECTION_CORPUS.map((s) => [dialect.stringLiteral(s), s] as const),
    );
    INJECTION_CORPUS.forEach((s, i) => {
      const read = answer.literals[i];
      const gap = gaps.literal(s);
      if (read?.kind === 'string' && read.value === s) return;
      expect(gap, `${JSON.stringify(s)}: sqlglot read ${JSON.stringify(read)}`).toBeDefined();
    });
    // Every literal parses (no errors), whatever sqlglot decodes.
    expect(answer.literals.filter((l) => l.kind === 'error')).toEqual([]);
  });

  it('every non-empty corpus string is an identifier that resolves to the intended name', () => {
    for (const s of INJECTION_CORPUS.filter((x) => x.length > 0)) {
      expect(rules.decodeIdentifier(dialect.quoteIdentifier(s)), JSON.stringify(s)).toBe(
        rules.resolved(s),
      );
    }
  });

  it('sqlglot parses identifiers as aliases, or a named gap explains why not', () => {
    const names = INJECTION_CORPUS.filter((x) => x.length > 0);
    const answer = sqlglotParse(
      name,
      names.map((s) => `SELECT 1 AS ${dialect.quoteIdentifier(s)}`),
    );
    for (const problem of answer.problems) {
      const s = names[problem.index]!;
      expect(gaps.identifier(s), `${JSON.stringify(s)}: ${problem.error}`).toBeDefined();
    }
  });

  it('qualified names quote each part and string matching keeps wildcards literal', () => {
    const parts = dialect.quoteQualified(['analytics', 'a.b']);
    expect(parts.split('.').length).toBe(3);
    for (const test of [
      dialect.stringContains('x', '%_\\'),
      dialect.stringStartsWith('x', '%'),
      dialect.stringEndsWith('x', '_'),
    ]) {
      expect(test).not.toMatch(/\bLIKE\b/i);
    }
  });

  it('the compile-only Knex client quotes and escapes through the dialect', () => {
    const sql = rawSql(dialect, 'select ?? from ?? where ?? = ?', [
      'id',
      'users',
      'plan',
      "it's \\ %",
    ]);
    expect(sql).toBe(
      `select ${dialect.quoteIdentifier('id')} from ${dialect.quoteIdentifier('users')} where ${dialect.quoteIdentifier('plan')} = ${dialect.stringLiteral("it's \\ %")}`,
    );
    expect(compileOnlyKnex(dialect).select('*').from('t').toQuery()).toBe(
      `select *\nfrom ${dialect.quoteIdentifier('t')}`,
    );
    // The client the dialect file names (Redshift: Knex's own), built with no driver.
    expect(compileOnlyKnex(dialect).client).toBeInstanceOf(dialect.knexClient());
  });
});

describe('Snowflake identifier case rule', () => {
  it('writes lower-case simple names as Snowflake resolves them unquoted, others exactly', () => {
    const snowflake = getDialect('snowflake');
    expect(snowflake.quoteIdentifier('roster_stage_users')).toBe('"ROSTER_STAGE_USERS"');
    expect(snowflake.quoteIdentifier('account')).toBe('"ACCOUNT"');
    expect(snowflake.quoteIdentifier('planType')).toBe('"planType"');
    expect(snowflake.quoteIdentifier('PLAN')).toBe('"PLAN"');
    expect(snowflake.quoteIdentifier('a b')).toBe('"a b"');
  });
});
