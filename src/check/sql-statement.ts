/**
 * Is an SQL trait's query exactly one read-only `SELECT` / `WITH … SELECT`?
 * (LANGUAGE.md §6; issue 11.2.) roster runs the query inside parentheses of
 * its own, so a body that closes them, or ends the statement with `;`, could
 * otherwise run statements of its own — during `roster plan`, with whatever
 * credentials plan runs with.
 *
 * This is a lexical check, not a parser: it finds the tokens outside quoted
 * text and comments and requires a first keyword `select`/`with`, parentheses
 * that never close one they did not open and are all closed, no `;` before the
 * end, and none of the words that make a statement write (`insert`, `update`,
 * … — a data-modifying `WITH` is one statement). Warehouses disagree on how
 * quoted text and comments end (a backslash escapes a quote in Snowflake,
 * BigQuery and Redshift strings but not in PostgreSQL's; PostgreSQL nests
 * block comments; BigQuery starts a comment with `#`; PostgreSQL, DuckDB and
 * Snowflake have `$$` strings), and the check does not know the target, so it
 * reads the text under every combination of those rules and requires every
 * reading that ends all its quotes to pass. A warehouse reads the text under
 * one of them; a reading that leaves a quote open is one under which the
 * warehouse refuses the text anyway.
 *
 * The runtime adds what a lexer cannot give (one statement per protocol
 * message, a read-only transaction): see src/runtime/validate-sql-trait.ts.
 */

export type SqlStatementProblemKind =
  | 'empty'
  | 'not-select'
  | 'extra-statement'
  | 'unopened-paren'
  | 'unclosed-paren'
  | 'writes'
  | 'unterminated';

export interface SqlStatementProblem {
  kind: SqlStatementProblemKind;
  /** Offsets inside the SQL text, end exclusive. */
  start: number;
  end: number;
  /** The offending word or token, as written. */
  text: string;
}

/** Words that make a statement change data or schema; none belongs in a read-only query. */
const WRITING_WORDS = new Set([
  'insert',
  'update',
  'delete',
  'merge',
  'upsert',
  'truncate',
  'drop',
  'alter',
  'create',
  'grant',
  'revoke',
  'copy',
  'call',
  'attach',
  'detach',
  'pragma',
  'install',
]);

interface Token {
  kind: 'word' | '(' | ')' | ';';
  text: string;
  start: number;
  end: number;
}

interface Reading {
  /** `\` escapes the next character inside '…', "…" and `…`. */
  backslash: boolean;
  /** Block comments nest (PostgreSQL). */
  nested: boolean;
  /** `#` starts a line comment (BigQuery). */
  hash: boolean;
  /** `$tag$ … $tag$` is quoted text (PostgreSQL, DuckDB, Snowflake). */
  dollar: boolean;
}

const READINGS: Reading[] = [];
for (const backslash of [false, true])
  for (const nested of [false, true])
    for (const hash of [false, true])
      for (const dollar of [false, true]) READINGS.push({ backslash, nested, hash, dollar });

const WORD_START = /[A-Za-z_\u0080-\uffff]/u;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/u;

type Lexed = { ok: true; tokens: Token[] } | { ok: false; problem: SqlStatementProblem };

function lex(sql: string, r: Reading): Lexed {
  const tokens: Token[] = [];
  const n = sql.length;
  const unterminated = (start: number, what: string): Lexed => ({
    ok: false,
    problem: { kind: 'unterminated', start, end: Math.min(n, start + what.length), text: what },
  });
  /** The offset after the quote that closes text opened at `start` by `quote`, or -1. */
  const closeQuote = (start: number, quote: string, escapes: boolean): number => {
    let i = start + 1;
    while (i < n) {
      const ch = sql[i]!;
      if (escapes && ch === '\\') {
        i += 2;
        continue;
      }
      if (ch === quote) {
        if (sql[i + 1] === quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return -1;
  };
  let i = 0;
  while (i < n) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === '{' && next === '{') {
      // A roster placeholder (`{{ tracks }}`): a relation, read as one word.
      const close = sql.indexOf('}}', i + 2);
      if (close < 0) return unterminated(i, '{{');
      tokens.push({ kind: 'word', text: 'roster_placeholder', start: i, end: close + 2 });
      i = close + 2;
      continue;
    }
    if (ch === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
      continue;
    }
    if (r.hash && ch === '#') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
      continue;
    }
    if (ch === '/' && next === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (sql[j] === '*' && sql[j + 1] === '/') {
          depth--;
          j += 2;
        } else if (r.nested && sql[j] === '/' && sql[j + 1] === '*') {
          depth++;
          j += 2;
        } else j++;
      }
      if (depth > 0) return unterminated(i, '/*');
      i = j;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      // E'…' (PostgreSQL escape strings) always take backslash escapes.
      const prefixE = ch === "'" && i > 0 && /[eE]/.test(sql[i - 1]!) && !wordBefore(sql, i - 1);
      const end = closeQuote(i, ch, r.backslash || prefixE);
      if (end < 0) return unterminated(i, ch);
      i = end;
      continue;
    }
    if (r.dollar && ch === '$' && !(i > 0 && WORD_PART.test(sql[i - 1]!))) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/u.exec(sql.slice(i));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        if (close < 0) return unterminated(i, tag[0]);
        i = close + tag[0].length;
        continue;
      }
    }
    if (ch === '(' || ch === ')' || ch === ';') {
      tokens.push({ kind: ch, text: ch, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (WORD_START.test(ch)) {
      let j = i + 1;
      while (j < n && WORD_PART.test(sql[j]!)) j++;
      // An E'…' prefix belongs to the string that follows.
      if (!(j - i === 1 && /[eE]/.test(ch) && sql[j] === "'")) {
        tokens.push({ kind: 'word', text: sql.slice(i, j), start: i, end: j });
      }
      i = j;
      continue;
    }
    i++;
  }
  return { ok: true, tokens };
}

/** Whether the character before offset `at` continues a word (so `e` at `at` is not an E'…' prefix). */
function wordBefore(sql: string, at: number): boolean {
  return at > 0 && WORD_PART.test(sql[at - 1]!);
}

function rules(tokens: Token[]): SqlStatementProblem | undefined {
  const at = (t: Token, kind: SqlStatementProblemKind): SqlStatementProblem => ({
    kind,
    start: t.start,
    end: t.end,
    text: t.text,
  });
  const first = tokens.find((t) => t.kind !== '(');
  if (!first) return { kind: 'empty', start: 0, end: 0, text: '' };
  if (first.kind !== 'word' || !['select', 'with'].includes(first.text.toLowerCase()))
    return at(first, 'not-select');
  const open: Token[] = [];
  for (const [index, t] of tokens.entries()) {
    if (t.kind === '(') open.push(t);
    else if (t.kind === ')') {
      if (!open.pop()) return at(t, 'unopened-paren');
    } else if (t.kind === ';') {
      if (tokens.slice(index + 1).some((later) => later.kind !== ';'))
        return at(t, 'extra-statement');
    } else if (WRITING_WORDS.has(t.text.toLowerCase())) return at(t, 'writes');
  }
  const unclosed = open.pop();
  return unclosed ? at(unclosed, 'unclosed-paren') : undefined;
}

/** The first reason `sql` is not exactly one read-only SELECT under some reading, or undefined. */
export function checkSingleSelect(sql: string): SqlStatementProblem | undefined {
  let firstUnterminated: SqlStatementProblem | undefined;
  let clean = 0;
  for (const reading of READINGS) {
    const lexed = lex(sql, reading);
    if (!lexed.ok) {
      firstUnterminated ??= lexed.problem;
      continue;
    }
    clean++;
    const problem = rules(lexed.tokens);
    if (problem) return problem;
  }
  return clean === 0 ? firstUnterminated : undefined;
}

/** The diagnostic message and hint for a problem of SQL trait `name`. */
export function describeSqlStatementProblem(
  name: string,
  problem: SqlStatementProblem,
): { message: string; hints: string[] } {
  const trait = `SQL trait \`${name}\``;
  const wrapped = 'roster runs the query inside parentheses of its own, as one read-only statement';
  switch (problem.kind) {
    case 'empty':
      return {
        message: `${trait} has no query`,
        hints: ['write one `select … as id, … as value` query'],
      };
    case 'not-select':
      return {
        message: `${trait} must be one \`select\` (or \`with … select\`) query, but it starts with \`${problem.text}\``,
        hints: ['write the trait as one `select … as id, … as value` query; it may only read'],
      };
    case 'extra-statement':
      return {
        message: `${trait} has more than one statement: \`;\` ends its query before the end`,
        hints: ['remove the `;` and everything after it', wrapped],
      };
    case 'unopened-paren':
      return {
        message: `${trait} closes a parenthesis it did not open`,
        hints: ['remove this `)` or add the `(` it closes', wrapped],
      };
    case 'unclosed-paren':
      return {
        message: `${trait} leaves a parenthesis open`,
        hints: ['close this `(` with a `)`', wrapped],
      };
    case 'writes':
      return {
        message: `${trait} uses \`${problem.text}\`, which changes data: an SQL trait may only read`,
        hints: [
          `if \`${problem.text}\` is the name of a column or table, quote it: \`"${problem.text}"\``,
        ],
      };
    case 'unterminated':
      return {
        message: `${trait} opens \`${problem.text}\` (quoted text or a comment) and never closes it`,
        hints: [`close it; a backslash before a quote escapes it only on some warehouses`],
      };
  }
}
