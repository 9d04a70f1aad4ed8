/**
 * Conditions to SQL, with two-valued logic in one place (LANGUAGE.md §2,
 * ARCHITECTURE.md §Practices 7): every atom is wrapped by `atom()` into
 * `COALESCE(<test>, FALSE)`, which is never NULL, so `NOT`/`AND`/`OR` above it
 * are plain SQL and `not C` is the exact complement of `C`.
 */
import type { IrScalar, IrTest, IrWindow } from '../ir/ir.js';
import type { Dialect } from './dialect.js';
import { instantMinus } from './relation.js';

/** The one place a possibly-NULL test becomes a two-valued condition. */
export function atom(sql: string): string {
  return `COALESCE(${sql}, FALSE)`;
}

export function scalarLiteral(dialect: Dialect, value: IrScalar): string {
  switch (value.type) {
    case 'string':
      return dialect.stringLiteral(value.value);
    case 'number':
      return dialect.numberLiteral(value.value);
    case 'boolean':
      return dialect.booleanLiteral(value.value);
    case 'timestamp':
      return dialect.timestampLiteral(value.value);
  }
}

/** Bounds of a window on `expr` (LANGUAGE.md §3), with literal instants computed here. */
export function windowBounds(
  dialect: Dialect,
  now: string,
  expr: string,
  window: IrWindow,
): string[] {
  if (window.kind === 'within') {
    const from = instantMinus(now, window.amount, window.unit);
    return [
      `${expr} > ${dialect.timestampLiteral(from)}`,
      `${expr} <= ${dialect.timestampLiteral(now)}`,
    ];
  }
  if (window.kind === 'ago') {
    // §12.1: now - far < t <= now - near (no lower bound for `before N … ago`).
    const bounds = [
      `${expr} <= ${dialect.timestampLiteral(instantMinus(now, window.near, window.unit))}`,
    ];
    if (window.far !== undefined)
      bounds.unshift(
        `${expr} > ${dialect.timestampLiteral(instantMinus(now, window.far, window.unit))}`,
      );
    return bounds;
  }
  const bounds: string[] = [];
  if (window.from !== undefined) bounds.push(`${expr} >= ${dialect.timestampLiteral(window.from)}`);
  if (window.to !== undefined) bounds.push(`${expr} < ${dialect.timestampLiteral(window.to)}`);
  return bounds;
}

/** A positive test of `expr`; NULL (not false) when the value is missing — callers wrap it with `atom`. */
export function testSql(dialect: Dialect, now: string, expr: string, test: IrTest): string {
  switch (test.kind) {
    case 'compare': {
      const exact = test.value.type === 'string' && dialect.exactText;
      return exact
        ? `${exact(expr)} ${test.op} ${exact(scalarLiteral(dialect, test.value))}`
        : `${expr} ${test.op} ${scalarLiteral(dialect, test.value)}`;
    }
    case 'in-list': {
      const exact = test.values.some((v) => v.type === 'string') && dialect.exactText;
      return exact
        ? `${exact(expr)} IN (${test.values.map((v) => exact(scalarLiteral(dialect, v))).join(', ')})`
        : `${expr} IN (${test.values.map((v) => scalarLiteral(dialect, v)).join(', ')})`;
    }
    case 'string-match':
      return test.mode === 'contains'
        ? dialect.stringContains(expr, test.value)
        : test.mode === 'starts-with'
          ? dialect.stringStartsWith(expr, test.value)
          : dialect.stringEndsWith(expr, test.value);
    case 'list-contains':
      return test.mode === 'any'
        ? dialect.listContainsAny(expr, test.values)
        : dialect.listContainsAll(expr, test.values);
    case 'number-between':
      return `${expr} BETWEEN ${dialect.numberLiteral(test.from)} AND ${dialect.numberLiteral(test.to)}`;
    case 'time-window': {
      const bounds = windowBounds(dialect, now, expr, test.window);
      return bounds.length === 0 ? `${expr} IS NOT NULL` : bounds.join(' AND ');
    }
    case 'is-set':
      return `${expr} IS NOT NULL`;
  }
}

type Logic<C> =
  | { kind: 'and'; operands: C[] }
  | { kind: 'or'; operands: C[] }
  | { kind: 'not'; operand: C }
  | { kind: 'constant'; value: boolean };

/** `and`/`or`/`not` over two-valued atoms; `leaf` compiles every other node (already two-valued). */
export function conditionSql<C extends { kind: string }>(
  condition: C,
  leaf: (condition: C) => string,
): string {
  const c = condition as unknown as Logic<C>;
  switch (c.kind) {
    case 'and':
      return c.operands.length === 0
        ? 'TRUE'
        : `(${c.operands.map((o) => conditionSql(o, leaf)).join('\n  AND ')})`;
    case 'or':
      return c.operands.length === 0
        ? 'FALSE'
        : `(${c.operands.map((o) => conditionSql(o, leaf)).join('\n  OR ')})`;
    case 'not':
      return `(NOT ${conditionSql(c.operand, leaf)})`;
    case 'constant':
      return c.value ? 'TRUE' : 'FALSE';
    default:
      return leaf(condition);
  }
}
