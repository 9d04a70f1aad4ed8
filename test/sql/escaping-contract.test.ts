/**
 * The escaping contract (ARCHITECTURE.md §Practices 5): every string of the
 * injection corpus round-trips exactly through real queries on every engine,
 * as a literal and as an identifier.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDialect } from '../../src/sql/dialects/index.js';
import { ENGINES, type TestEngine } from './support/engines.js';
import { INJECTION_CORPUS } from './support/injection-corpus.js';

/** The same string built from code points, independent of any quoting. */
function fromCodePoints(s: string): string {
  if (s.length === 0) return `''`;
  return [...s].map((ch) => `chr(${ch.codePointAt(0)})`).join(' || ');
}

/**
 * @duckdb/node-api decodes VARCHARs with a TextDecoder that drops a *leading*
 * U+FEFF (the value in the database keeps it: `length()` counts it). The
 * in-engine comparison with `fromCodePoints` checks those strings exactly; the
 * decoded value is compared without that one character.
 */
function decoded(engine: TestEngine, s: string): string {
  return engine.name === 'duckdb' && s.startsWith('\ufeff') ? s.slice(1) : s;
}

it('the corpus is large and NUL-free', () => {
  expect(INJECTION_CORPUS.length).toBeGreaterThanOrEqual(200);
  expect(INJECTION_CORPUS.some((s) => s.includes('\u0000'))).toBe(false);
});

describe.each(ENGINES)('escaping on $name', ({ name, open }) => {
  const dialect = getDialect(name);
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await open('escaping');
  });
  afterAll(async () => {
    await engine.close();
  });

  it('string literals round-trip exactly', async () => {
    // One query per batch of 50 keeps it fast while each value is checked on its own.
    for (let start = 0; start < INJECTION_CORPUS.length; start += 50) {
      const batch = INJECTION_CORPUS.slice(start, start + 50);
      const select = batch.map(
        (s, i) =>
          `${dialect.stringLiteral(s)} AS ${dialect.quoteIdentifier(`c${i}`)}, ` +
          `(${dialect.stringLiteral(s)} = ${fromCodePoints(s)}) AS ${dialect.quoteIdentifier(`same${i}`)}`,
      );
      const [row] = await engine.query(`SELECT ${select.join(', ')}`);
      batch.forEach((s, i) => {
        expect(row?.[`same${i}`], JSON.stringify(s)).toBe(true);
        expect(row?.[`c${i}`], JSON.stringify(s)).toBe(decoded(engine, s));
      });
    }
  });

  it('list literals round-trip exactly and in order', async () => {
    const [row] = await engine.query(
      `SELECT ${dialect.listLiteral(INJECTION_CORPUS.slice(0, 120))} AS v`,
    );
    expect(row?.['v']).toEqual(INJECTION_CORPUS.slice(0, 120).map((s) => decoded(engine, s)));
  });

  it('string matching treats every corpus string literally', async () => {
    for (const s of INJECTION_CORPUS.filter((x) => x.length > 0).slice(0, 120)) {
      const subject = dialect.stringLiteral(`<${s}>`);
      const [row] = await engine.query(
        `SELECT ${dialect.stringContains(subject, s)} AS c, ${dialect.stringStartsWith(subject, `<${s}`)} AS p, ` +
          `${dialect.stringEndsWith(subject, `${s}>`)} AS e, ${dialect.stringContains(dialect.stringLiteral('zzz'), s)} AS n`,
      );
      expect(row, JSON.stringify(s)).toEqual({ c: true, p: true, e: true, n: false });
    }
  });

  it('a table with a column named by each string can be created and read', async () => {
    const identifiers = INJECTION_CORPUS.filter((s) => s.length > 0);
    for (const [i, s] of identifiers.entries()) {
      const table = dialect.quoteIdentifier(`t ${s}`);
      const column = dialect.quoteIdentifier(s);
      await engine.run(`CREATE TABLE ${table} (${column} ${dialect.columnType('string')})`);
      await engine.run(`INSERT INTO ${table} (${column}) VALUES (${dialect.stringLiteral(s)})`);
      const rows = await engine.query(
        `SELECT ${column} AS v, ${column} = ${fromCodePoints(s)} AS same FROM ${table}`,
      );
      expect(rows, `#${i} ${JSON.stringify(s)}`).toEqual([{ v: decoded(engine, s), same: true }]);
      await engine.run(`DROP TABLE ${table}`);
    }
  });

  it('qualified names quote each part', async () => {
    expect(dialect.quoteQualified(['a"b', 'c.d'])).toBe('"a""b"."c.d"');
  });
});
