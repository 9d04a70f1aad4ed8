/**
 * The checker accepts only what the compiler can compile (issue 10.3): programs
 * built around extreme literals — numbers of hundreds of digits, beyond 2^53,
 * smaller than the smallest double; windows of billions of weeks; counts past
 * the largest exact integer; timestamps at and beyond 0001–9999 with offsets;
 * names past PostgreSQL's identifier limit — are either rejected with located
 * errors, or compiled on every dialect without an internal error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { tryCompileProject } from '../../src/sql/compile-project.js';
import { DIALECT_NAMES } from '../../src/project/warehouses.js';
import { jsonSources } from '../sql/support/ir.js';
import { check } from './fixtures.js';

const RUNS = 600;

const digits = (min: number, max: number) =>
  fc
    .array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max })
    .map((d) => d.join(''));

/** Number literals as the grammar writes them (`-?\d+(\.\d+)?`), weighted towards the edges. */
const numberArb: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom(
    '0',
    '1',
    '9007199254740991',
    '9007199254740992',
    '9007199254740993',
    '18014398509481984',
    '0.1',
    '0.30000000000000004',
    '1.00000000000000000001',
    `1${'0'.repeat(308)}`,
    `17976931348623157${'0'.repeat(292)}`,
    `17976931348623159${'0'.repeat(292)}`,
    `0.${'0'.repeat(330)}1`,
    `0.${'0'.repeat(320)}5`,
  ),
  fc
    .tuple(fc.boolean(), digits(1, 400), fc.option(digits(1, 60), { nil: undefined }))
    .map(([neg, int, frac]) => `${neg ? '-' : ''}${int}${frac === undefined ? '' : `.${frac}`}`),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .map((d) => d.toFixed(Math.abs(d) < 1e21 ? 6 : 0))
    .filter((t) => /^-?\d+(\.\d+)?$/.test(t)),
);

const countArb: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: 100 }).map(String),
  numberArb.filter((n) => !n.startsWith('-')),
);

const unitArb = fc.constantFrom('minutes', 'hours', 'days', 'weeks');
const windowArb: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(countArb, unitArb).map(([n, u]) => `within ${n} ${u}`),
  fc
    .tuple(fc.constantFrom(365_250, 52_178, 8_766_000, 525_960_000, 52_179), unitArb)
    .map(([n, u]) => `within ${n} ${u}`),
);

const timestampArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('0000', '0001', '0002', '1970', '2026', '9998', '9999'),
    fc.constantFrom('01-01', '02-29', '12-31', '06-15'),
    fc.constantFrom('', 'T00:00:00Z', 'T23:59:59.999Z', 'T23:30:00-02:00', 'T00:30:00+01:00'),
  )
  .map(([y, md, t]) => `"${y}-${md}${t}"`);

const nameArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('a', 'logins_', 'accounts_at_risk_'),
    fc.integer({ min: 0, max: 70 }),
    fc.integer({ min: 0, max: 9 }),
  )
  .map(([head, pad, n]) => `${head}${'x'.repeat(pad)}${n}`);

const programArb: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(nameArb, fc.constantFrom('=', '!=', '<', '<=', '>', '>='), numberArb)
    .map(([name, op, n]) => `audience ${name} = account where seats ${op} ${n}`),
  fc
    .tuple(nameArb, numberArb, numberArb)
    .map(([name, a, b]) => `audience ${name} = account where mrr between ${a} and ${b}`),
  fc
    .tuple(nameArb, numberArb, numberArb)
    .map(([name, a, b]) => `audience ${name} = account where seats in [${a}, ${b}]`),
  fc
    .tuple(
      nameArb,
      numberArb,
      fc.constantFrom('at least', 'at most', 'exactly'),
      countArb,
      windowArb,
    )
    .map(
      ([name, n, op, c, w]) =>
        `audience ${name} = user where did "Feature Used" where duration > ${n} ${op} ${c} times ${w}`,
    ),
  fc
    .tuple(nameArb, countArb, windowArb)
    .map(
      ([name, c, w]) => `audience ${name} = account where at least ${c} users did "Logged In" ${w}`,
    ),
  fc
    .tuple(nameArb, windowArb, numberArb)
    .map(
      ([name, w, n]) =>
        `trait ${name} = account count "Logged In" ${w}\naudience big = account where ${name} > ${n}`,
    ),
  fc
    .tuple(nameArb, countArb)
    .map(
      ([name, c]) =>
        `trait ${name} = account most_frequent "Feature Used".feature min ${c}\naudience f = account where ${name} = "x"`,
    ),
  fc
    .tuple(
      nameArb,
      fc.oneof(
        timestampArb.map((t) => `before ${t}`),
        timestampArb.map((t) => `after ${t}`),
        fc.tuple(timestampArb, timestampArb).map(([a, b]) => `between ${a} and ${b}`),
        windowArb,
      ),
    )
    .map(([name, w]) => `audience ${name} = account where created_at ${w}`),
  fc
    .tuple(nameArb, nameArb)
    .map(
      ([a, b]) =>
        `trait ${a} = account count "Logged In"\ntrait ${b} = account sum "Order Completed".revenue\naudience both = account where ${a} > 1 and ${b} > 1`,
    ),
);

const described = (ds: readonly Diagnostic[]): string =>
  ds.map((d) => `${d.code}: ${d.message}`).join('\n');

describe('extreme literals', () => {
  it(`every program the checker accepts compiles on ${DIALECT_NAMES.join(', ')} (${RUNS} programs)`, () => {
    let compiled = 0;
    let rejected = 0;
    const rejectedCodes = new Set<string>();
    fc.assert(
      fc.property(programArb, (src) => {
        const result = check(src, { warnUnused: false });
        if (!result.ir) {
          rejected++;
          for (const d of result.diagnostics) {
            expect(d.code, src).not.toMatch(/internal/);
            expect(d.range, `${src}\n${d.code}`).toBeDefined();
            expect(d.hints.length, `${src}\n${d.code} has no fix`).toBeGreaterThan(0);
            rejectedCodes.add(d.code);
          }
          expect(result.diagnostics.length, src).toBeGreaterThan(0);
          return;
        }
        for (const dialect of DIALECT_NAMES) {
          const out = tryCompileProject(result.ir, {
            dialect,
            now: '2026-01-01T00:00:00.000Z',
            sources: jsonSources(),
          });
          expect(out.ok, `${src}\n${dialect}: ${out.ok ? '' : described(out.diagnostics)}`).toBe(
            true,
          );
        }
        compiled++;
      }),
      { numRuns: RUNS },
    );
    console.info(
      `extreme literals: ${compiled} programs compiled on ${DIALECT_NAMES.length} dialects, ${rejected} rejected (${[...rejectedCodes].sort().join(', ')})`,
    );
    expect(compiled).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });
});
