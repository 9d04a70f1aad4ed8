/**
 * Literals, counts, windows and the tests of LANGUAGE.md §4.1 against a typed
 * value. Shared by entity conditions and event filters: the subject differs,
 * the rules do not. Every function returns undefined after reporting an error
 * (an error-typed value), so callers do not report the same mistake again.
 */
import type { RelatedInformation } from '../diagnostics/diagnostic.js';
import type { SourceRange } from '../diagnostics/source.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { IrScalar, IrTest, IrValueType, IrWindow } from '../ir/ir.js';
import type { Literal, NumberLiteral, Test, Window } from '../syntax/ast.js';
import { literalText, windowText } from './ast-text.js';
import type { CheckContext } from './context.js';
import { readTimestamp } from './timestamps.js';

/** What a test is applied to: its type and, for messages, its name and allowed values. */
export interface TestedValue {
  name: string;
  type: IrValueType;
  enum?: Array<string | number>;
  /** Where the value's type is declared (schema.yml, a SQL trait's type), as a related location. */
  declared?: RelatedInformation;
}

/** The time of an event, which an event window's bounds are compared with. */
const TIMESTAMP: TestedValue = { name: 'timestamp', type: 'timestamp' };

const relatedOf = (value: TestedValue): RelatedInformation[] =>
  value.declared ? [value.declared] : [];

export interface LoweredTest {
  test: IrTest;
  /** `!=`, `not in [..]`, `is not set`: the IR keeps only positive tests (ir.ts). */
  negate: boolean;
}

const OPERATORS_BY_TYPE: Record<IrValueType, string> = {
  string: '`=` `!=` `in [..]` `not in [..]` `contains` `starts with` `ends with` `is set`',
  number: '`=` `!=` `<` `<=` `>` `>=` `between A and B` `in [..]` `is set`',
  boolean: '`is true` `is false` `= true` `= false` `is set`',
  timestamp: '`before` `after` `within N days` `between A and B` `<` `>` `is set`',
  list: '`contains "x"` `contains any [..]` `contains all [..]` `is set`',
};

function literalType(l: Literal): string {
  return l.kind;
}

/**
 * A decimal numeral as sign, significant digits and exponent (`0.0250` and
 * `2.5e-2` give the same key), so a literal can be compared exactly with the
 * shortest text of the double it is read as.
 */
function decimalKey(text: string): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!m) return text;
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  let digits = int + frac;
  let exponent = int.length + Number(exp);
  const lead = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(lead).replace(/0+$/, '');
  exponent -= lead;
  return digits === '' ? '0' : `${sign}${digits}e${exponent}`;
}

/** The shortest way to write `value` without an exponent (`1e21` → `1000000000000000000000`). */
function plainNumber(value: number): string {
  const text = String(value);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const [, sign = '', first = '', rest = '', exp = '0'] = m;
  const digits = first + rest;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * Numbers are 64-bit floating point everywhere roster runs (the IR, every
 * dialect's DOUBLE). A literal that overflows to infinity, or that the double
 * would silently change (`9007199254740993`, `0.1000000000000000000001`), is an
 * error: the condition would test a different number than the one written.
 */
export function checkNumber(ctx: CheckContext, n: NumberLiteral): boolean {
  if (!Number.isFinite(n.value)) {
    ctx.report('type-number-out-of-range', { literal: n.raw }, n.range, [
      `numbers lie between -1.8e308 and 1.8e308 (${plainNumber(Number.MAX_VALUE).length} digits); write a smaller one, like \`${n.raw.startsWith('-') ? '-' : ''}999999999999999\``,
    ]);
    return false;
  }
  if (decimalKey(n.raw) !== decimalKey(String(n.value))) {
    const nearest = plainNumber(n.value);
    ctx.report('type-number-inexact', { literal: n.raw, nearest }, n.range, [
      `write \`${nearest}\`, the number roster would use, or at most 15 significant digits`,
    ]);
    return false;
  }
  return true;
}

/** Checks a whole-number count (`at least N times`, `within N days`, `min N`, `at least N users`). */
export function checkCount(
  ctx: CheckContext,
  n: NumberLiteral,
  what: string,
  least: number,
): boolean {
  if (!checkNumber(ctx, n)) return false;
  if (!Number.isInteger(n.value)) {
    ctx.report('type-non-integer-count', { what, value: n.raw }, n.range, [
      `write a whole number, like \`${Math.max(least, Math.round(n.value))}\``,
    ]);
    return false;
  }
  if (n.value < least) {
    ctx.report('type-negative-count', { what, value: n.raw, least }, n.range, [
      `write \`${least}\` or more in place of \`${n.raw}\``,
    ]);
    return false;
  }
  if (!Number.isSafeInteger(n.value)) {
    const most = Number.MAX_SAFE_INTEGER;
    ctx.report('type-count-too-large', { what, value: n.raw, most }, n.range, [
      `write at most \`${most}\``,
    ]);
    return false;
  }
  return true;
}

/** How far back a `within` window may reach: 1000 years, so `now - window` stays a storable instant. */
const WINDOW_DAYS = 365_250;
const UNIT_DAYS = { minute: 1 / 1440, hour: 1 / 24, day: 1, week: 7 } as const;
const unitWord = (unit: keyof typeof UNIT_DAYS, n: number): string => (n === 1 ? unit : `${unit}s`);

function checkWindowLength(
  ctx: CheckContext,
  w: Window & { kind: 'within' },
  events: boolean,
): boolean {
  const most = Math.floor(WINDOW_DAYS / UNIT_DAYS[w.unit]);
  if (w.amount.value <= most) return true;
  const written = `within ${w.amount.raw} ${unitWord(w.unit, w.amount.value)}`;
  ctx.report(
    'type-window-too-long',
    { window: written, most: `${most} ${unitWord(w.unit, most)}` },
    w.range,
    [
      events
        ? `remove \`${written}\` to count every event up to now, or write at most \`within ${most} ${unitWord(w.unit, most)}\``
        : `write at most \`within ${most} ${unitWord(w.unit, most)}\``,
    ],
  );
  return false;
}

/** The fix for a literal of the wrong type, in the user's words where the value says what was meant. */
function mismatchFix(lit: Literal, value: TestedValue): string[] {
  const text = literalText(lit);
  const name = value.name;
  switch (value.type) {
    case 'number':
      if (lit.kind === 'string' && Number.isFinite(Number(lit.value)) && lit.value.trim() !== '')
        return [`numbers are written without quotes: \`${lit.value.trim()}\``];
      return [
        `\`${name}\` holds numbers: compare it with a number written without quotes, like \`10\``,
      ];
    case 'string':
      if (lit.kind !== 'string' && lit.kind !== 'list')
        return [`strings are written in double quotes: \`"${text}"\``];
      break;
    case 'boolean':
      if (lit.kind === 'string' && /^(true|false)$/i.test(lit.value.trim()))
        return [
          `\`true\` and \`false\` are written without quotes: \`${lit.value.trim().toLowerCase()}\``,
        ];
      return [`\`${name}\` is true or false: write \`${name} is true\` or \`${name} is false\``];
    case 'timestamp':
      if (value === TIMESTAMP)
        return lit.kind === 'number' && Number.isInteger(lit.value) && lit.value > 0
          ? [
              `an event window's bound is a date in double quotes, like \`"2026-01-31"\`; to count back from now write \`within ${lit.value} days\` or \`before ${lit.value} days ago\``,
            ]
          : [`an event window's bound is a date in double quotes, like \`"2026-01-31"\``];
      if (lit.kind === 'number' && Number.isInteger(lit.value) && lit.value > 0)
        return [
          `a timestamp is compared with a date in double quotes, like \`${name} > "2026-01-31"\`, or tested with a window: \`${name} within ${lit.value} days\``,
        ];
      return [
        `a timestamp is compared with a date in double quotes, like \`${name} > "2026-01-31"\``,
      ];
  }
  return [];
}

/** A literal as a scalar of the expected type, with enum and timestamp checks. */
export function scalarFor(
  ctx: CheckContext,
  lit: Literal,
  value: TestedValue,
): IrScalar | undefined {
  const mismatch = (): undefined => {
    const hints = mismatchFix(lit, value);
    ctx.report(
      'type-literal-mismatch',
      {
        name: value.name,
        type: value.type,
        literal: `\`${literalText(lit)}\``,
        literalType: literalType(lit),
      },
      lit.range,
      hints,
      relatedOf(value),
    );
    return undefined;
  };
  switch (value.type) {
    case 'string':
      if (lit.kind !== 'string') return mismatch();
      if (!checkEnum(ctx, lit.value, lit.range, value)) return undefined;
      return { type: 'string', value: lit.value };
    case 'number':
      if (lit.kind !== 'number') return mismatch();
      if (!checkNumber(ctx, lit)) return undefined;
      if (!checkEnum(ctx, lit.value, lit.range, value)) return undefined;
      return { type: 'number', value: lit.value };
    case 'boolean':
      if (lit.kind !== 'boolean') return mismatch();
      return { type: 'boolean', value: lit.value };
    case 'timestamp': {
      if (lit.kind !== 'string') return mismatch();
      const instant = timestampFor(ctx, lit.value, lit.range);
      return instant === undefined ? undefined : { type: 'timestamp', value: instant };
    }
    case 'list':
      return mismatch();
  }
}

function checkEnum(
  ctx: CheckContext,
  v: string | number,
  range: SourceRange,
  value: TestedValue,
): boolean {
  if (!value.enum || value.enum.length === 0 || value.enum.includes(v)) return true;
  const allowed = value.enum.map((e) => (typeof e === 'string' ? JSON.stringify(e) : String(e)));
  const hints =
    typeof v === 'string'
      ? didYouMean(
          v,
          value.enum.filter((e): e is string => typeof e === 'string'),
          '"',
        ).map((h) =>
          h.replace(
            /^did you mean "(.*)"\?$/,
            (_m, s: string) => `did you mean ${JSON.stringify(s)}?`,
          ),
        )
      : [];
  ctx.report(
    'type-enum-value',
    { name: value.name, value: typeof v === 'string' ? JSON.stringify(v) : String(v), allowed },
    range,
    hints,
    relatedOf(value),
  );
  return false;
}

export function timestampFor(
  ctx: CheckContext,
  text: string,
  range: SourceRange,
): string | undefined {
  const parsed = readTimestamp(text);
  if ('instant' in parsed) return parsed.instant;
  if (parsed.problem === 'out-of-range') {
    ctx.report('type-timestamp-out-of-range', { literal: JSON.stringify(text) }, range, [
      'write an instant from "0001-01-01" to "9999-12-31T23:59:59Z"',
    ]);
  } else {
    ctx.report('type-invalid-timestamp', { literal: JSON.stringify(text) }, range, [
      'write a date like "2026-01-31" (midnight UTC) or an instant like "2026-01-31T12:00:00Z"',
    ]);
  }
  return undefined;
}

/** A window on event timestamps or a timestamp value (§3): within, or a half-open range. */
export function lowerWindow(
  ctx: CheckContext,
  w: Window,
  value: TestedValue = TIMESTAMP,
): IrWindow | undefined {
  switch (w.kind) {
    case 'within':
      if (!checkCount(ctx, w.amount, '`within` amount', 1)) return undefined;
      if (!checkWindowLength(ctx, w, value === TIMESTAMP)) return undefined;
      return { kind: 'within', amount: w.amount.value, unit: w.unit };
    case 'before': {
      const to = scalarFor(ctx, w.value, value);
      return to ? { kind: 'range', to: String(to.value) } : undefined;
    }
    case 'after': {
      const from = scalarFor(ctx, w.value, value);
      return from ? { kind: 'range', from: String(from.value) } : undefined;
    }
    case 'ago':
      return lowerAgoWindow(ctx, w);
    case 'between': {
      const from = scalarFor(ctx, w.from, value);
      const to = scalarFor(ctx, w.to, value);
      if (!from || !to) return undefined;
      // Half-open: equal bounds are as empty as reversed ones.
      if (String(from.value) >= String(to.value)) {
        reportReversed(ctx, w);
        return undefined;
      }
      return { kind: 'range', from: String(from.value), to: String(to.value) };
    }
  }
}

/** `between N and M UNITS ago`, `before N UNITS ago` (§12.1): whole numbers, 0 <= N < M, one unit. */
function lowerAgoWindow(ctx: CheckContext, w: Window & { kind: 'ago' }): IrWindow | undefined {
  const written = windowText(w);
  if (w.nearUnit && w.nearUnit.unit !== w.unit) {
    const small = UNIT_DAYS[w.nearUnit.unit] < UNIT_DAYS[w.unit] ? w.nearUnit.unit : w.unit;
    const inSmall = (n: number, unit: keyof typeof UNIT_DAYS): number =>
      Math.round((n * UNIT_DAYS[unit]) / UNIT_DAYS[small]);
    const far = w.far ? inSmall(w.far.value, w.unit) : 0;
    ctx.report('type-ago-mixed-units', { window: written }, w.range, [
      `write \`between ${inSmall(w.near.value, w.nearUnit.unit)} and ${far} ${unitWord(small, far)} ago\``,
    ]);
    return undefined;
  }
  const nearOk = checkCount(ctx, w.near, 'the first number of a rolling window', 0);
  const farOk = !w.far || checkCount(ctx, w.far, 'the second number of a rolling window', 1);
  if (!nearOk || !farOk) return undefined;
  const reach = w.far ?? w.near;
  const most = Math.floor(WINDOW_DAYS / UNIT_DAYS[w.unit]);
  if (reach.value > most) {
    ctx.report(
      'type-window-too-long',
      { window: written, most: `${most} ${unitWord(w.unit, most)}` },
      w.range,
      [
        `write at most \`${w.far ? `between ${w.near.raw} and ` : 'before '}${most} ${unitWord(w.unit, most)} ago\``,
      ],
    );
    return undefined;
  }
  if (!w.far) return { kind: 'ago', unit: w.unit, near: w.near.value };
  if (w.near.value >= w.far.value) {
    const fix =
      w.near.value > w.far.value
        ? `between ${w.far.raw} and ${w.near.raw} ${unitWord(w.unit, w.near.value)} ago`
        : `between ${w.near.raw} and ${w.near.value + 1} ${unitWord(w.unit, w.near.value + 1)} ago`;
    ctx.report('type-ago-bounds', { window: written }, w.range, [`write \`${fix}\``]);
    return undefined;
  }
  return { kind: 'ago', unit: w.unit, near: w.near.value, far: w.far.value };
}

function reportReversed(ctx: CheckContext, w: Window & { kind: 'between' }): void {
  ctx.report(
    'type-between-reversed',
    { from: literalText(w.from), to: literalText(w.to) },
    w.range,
    [`write \`between ${literalText(w.to)} and ${literalText(w.from)}\``],
  );
}

/** The operator word of a test, as written, for messages. */
function operatorWord(t: Test): string {
  switch (t.kind) {
    case 'compare':
      return t.op;
    case 'window':
      return t.window.kind;
    case 'in-list':
      return t.negated ? 'not in' : 'in';
    case 'is-boolean':
      return `is ${t.value}`;
    case 'is-set':
      return t.negated ? 'is not set' : 'is set';
    default:
      return t.kind.replace('-', ' ');
  }
}

/** A test (§4.1) applied to a value of a known type. */
export function lowerTest(ctx: CheckContext, t: Test, value: TestedValue): LoweredTest | undefined {
  const mismatch = (hint?: string): undefined => {
    ctx.report(
      'type-operator-mismatch',
      { operator: operatorWord(t), name: value.name, type: value.type },
      t.range,
      [...(hint ? [hint] : []), `a ${value.type} supports ${OPERATORS_BY_TYPE[value.type]}`],
      relatedOf(value),
    );
    return undefined;
  };
  const type = value.type;
  switch (t.kind) {
    case 'compare': {
      if (type === 'list')
        return mismatch(
          `to test for an element, write \`${value.name} contains ${literalText(t.value)}\``,
        );
      const ordered = t.op !== '=' && t.op !== '!=';
      if (ordered && type !== 'number' && type !== 'timestamp') return mismatch();
      const scalar = scalarFor(ctx, t.value, value);
      if (!scalar) return undefined;
      if (t.op === '!=') return { test: { kind: 'compare', op: '=', value: scalar }, negate: true };
      return { test: { kind: 'compare', op: t.op, value: scalar }, negate: false };
    }
    case 'in-list': {
      if (type !== 'string' && type !== 'number') return mismatch();
      if (t.values.items.length === 0) {
        ctx.report('type-empty-list', { operator: t.negated ? 'not in' : 'in' }, t.values.range);
        return undefined;
      }
      const values = t.values.items.map((item) => scalarFor(ctx, item, value));
      if (values.some((v) => v === undefined)) return undefined;
      return { test: { kind: 'in-list', values: values as IrScalar[] }, negate: t.negated };
    }
    case 'contains':
    case 'starts-with':
    case 'ends-with': {
      const listOk = t.kind === 'contains' && type === 'list';
      if (type !== 'string' && !listOk) return mismatch();
      const s = scalarFor(ctx, t.value, { name: value.name, type: 'string' });
      if (!s || s.type !== 'string') return undefined;
      if (listOk)
        return { test: { kind: 'list-contains', mode: 'any', values: [s.value] }, negate: false };
      const mode = t.kind === 'contains' ? 'contains' : t.kind;
      return { test: { kind: 'string-match', mode, value: s.value }, negate: false };
    }
    case 'contains-any':
    case 'contains-all': {
      if (type !== 'list') {
        return mismatch(
          type === 'string' && t.values.items.length > 0
            ? `for a string, write \`${value.name} in ${literalText(t.values)}\``
            : undefined,
        );
      }
      if (t.values.items.length === 0) {
        ctx.report(
          'type-empty-list',
          { operator: t.kind === 'contains-any' ? 'contains any' : 'contains all' },
          t.values.range,
        );
        return undefined;
      }
      const values = t.values.items.map((item) =>
        scalarFor(ctx, item, { name: value.name, type: 'string' }),
      );
      if (values.some((v) => v === undefined)) return undefined;
      const strings = (values as IrScalar[]).map((v) => String(v.value));
      return {
        test: {
          kind: 'list-contains',
          mode: t.kind === 'contains-any' ? 'any' : 'all',
          values: strings,
        },
        negate: false,
      };
    }
    case 'is-boolean':
      if (type !== 'boolean') return mismatch();
      return {
        test: { kind: 'compare', op: '=', value: { type: 'boolean', value: t.value } },
        negate: false,
      };
    case 'is-set':
      return { test: { kind: 'is-set' }, negate: t.negated };
    case 'window': {
      const w = t.window;
      if (w.kind === 'between' && type === 'number') {
        const from = scalarFor(ctx, w.from, value);
        const to = scalarFor(ctx, w.to, value);
        if (!from || !to) return undefined;
        if (Number(from.value) > Number(to.value)) {
          reportReversed(ctx, w);
          return undefined;
        }
        return {
          test: { kind: 'number-between', from: Number(from.value), to: Number(to.value) },
          negate: false,
        };
      }
      if (type !== 'timestamp') return mismatch();
      const window = lowerWindow(ctx, w, value);
      return window ? { test: { kind: 'time-window', window }, negate: false } : undefined;
    }
  }
}
