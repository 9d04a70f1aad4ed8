/**
 * Condition nodes as roster text, close to what the user wrote: `role = "Admin"`,
 * `did "Logged In" at least 3 times within 30 days`, `any user (…)`. Logical
 * nodes print their head only (`all of`, `any of`, `not`): their operands are
 * the node's children.
 */
import { agoWindowText } from '../ir/print.js';
import type {
  IrCondition,
  IrConditionOf,
  IrEntitySubject,
  IrEventSource,
  IrScalar,
  IrSubject,
  IrTest,
  IrTraitAggregation,
  IrWindow,
} from '../ir/ir.js';

const str = (s: string): string => JSON.stringify(s);

function scalar(v: IrScalar): string {
  return v.type === 'string' || v.type === 'timestamp' ? str(v.value) : String(v.value);
}

function eventText(e: IrEventSource): string {
  return e.source === 'tracks' ? str(e.event) : e.source === 'pages' ? 'page' : 'screen';
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function windowText(w: IrWindow): string {
  if (w.kind === 'within') return `within ${plural(w.amount, w.unit)}`;
  if (w.kind === 'ago') return agoWindowText(w);
  if (w.from !== undefined && w.to !== undefined) return `between ${str(w.from)} and ${str(w.to)}`;
  if (w.from !== undefined) return `after ${str(w.from)}`;
  if (w.to !== undefined) return `before ${str(w.to)}`;
  return '';
}

function testText(t: IrTest): string {
  switch (t.kind) {
    case 'compare':
      return `${t.op} ${scalar(t.value)}`;
    case 'in-list':
      return `in [${t.values.map(scalar).join(', ')}]`;
    case 'string-match':
      return `${t.mode.replace('-', ' ')} ${str(t.value)}`;
    case 'list-contains':
      return t.values.length === 1 && t.mode === 'any'
        ? `contains ${str(t.values[0] ?? '')}`
        : `contains ${t.mode} [${t.values.map(str).join(', ')}]`;
    case 'number-between':
      return `between ${t.from} and ${t.to}`;
    case 'time-window':
      return windowText(t.window) || 'is set';
    case 'is-set':
      return 'is set';
  }
}

function filterText(c: IrConditionOf<IrSubject>): string {
  switch (c.kind) {
    case 'and':
    case 'or':
      return `(${c.operands.map(filterText).join(` ${c.kind} `)})`;
    case 'not':
      return `not ${filterText(c.operand)}`;
    case 'constant':
      return String(c.value);
    case 'test':
      return `${subjectText(c.subject)} ${testText(c.test)}`;
  }
}

export function aggregationText(a: IrTraitAggregation, withFunction = true): string {
  if (a.fn === 'count-users') {
    const everyone = a.body.kind === 'constant' && a.body.value;
    const body = everyone ? '' : ` ${bodyText(a.body)}`;
    return withFunction ? `count users${body}` : body.trimStart();
  }
  const parts = [`${eventText(a.event)}${a.property ? `.${a.property.name}` : ''}`];
  if (a.filter) parts.push(`where ${filterText(a.filter).replace(/^\((.*)\)$/, '$1')}`);
  if (a.window) parts.push(windowText(a.window));
  if (a.minCount !== undefined) parts.push(`min ${a.minCount}`);
  return withFunction ? `${a.fn} ${parts.join(' ')}` : parts.join(' ');
}

export function subjectText(s: IrSubject): string {
  switch (s.kind) {
    case 'custom-trait':
    case 'defined-trait':
      return s.name;
    case 'aggregate':
      return `(${aggregationText(s.aggregation)})`;
    case 'property':
      return s.property.name;
  }
}

/** The name shown for a trait comparison's value. */
export function subjectName(s: IrEntitySubject): string {
  return s.kind === 'aggregate' ? aggregationText(s.aggregation) : s.name;
}

const COUNT_WORDS = {
  '>=': 'at least',
  '<=': 'at most',
  '=': 'exactly',
  '>': 'more than',
  '<': 'fewer than',
} as const;

/** Basis points as a percentage: 1250 → `12.5`. */
const percent = (bp: number): string => String(bp / 100);

export function conditionLabel(c: IrCondition): string {
  switch (c.kind) {
    case 'and':
      return 'all of';
    case 'or':
      return 'any of';
    case 'not':
      return 'not';
    case 'constant':
      return String(c.value);
    case 'test':
      return `${subjectText(c.subject)} ${testText(c.test)}`;
    case 'did': {
      const count =
        c.op === '>=' && c.n === 1 ? '' : ` ${COUNT_WORDS[c.op]} ${plural(c.n, 'time')}`;
      const a = c.aggregation;
      const head = `${eventText(a.event)}${a.filter ? ` where ${filterText(a.filter).replace(/^\((.*)\)$/, '$1')}` : ''}`;
      const window = a.window ? ` ${windowText(a.window)}` : '';
      return `did ${head}${count}${window}`;
    }
    case 'at-least-of':
      return `at least ${c.k} of`;
    case 'sequence':
      return `did ${c.steps
        .map((step) => {
          const filter = step.filter
            ? ` where ${filterText(step.filter).replace(/^\((.*)\)$/, '$1')}`
            : '';
          const window = step.window
            ? ` ${windowText(step.window)}`
            : step.within
              ? ` within ${plural(step.within.amount, step.within.unit)}`
              : '';
          return `${eventText(step.event)}${filter}${window}`;
        })
        .join(' then ')}`;
    case 'in-audience':
      return `in ${c.audience}`;
    case 'split-bucket':
      return `bucket of split ${c.split} in ${percent(c.from)}%–${percent(c.to)}% (md5 of "${c.split}:" and the id)`;
    case 'some-account':
      return 'some account of the user';
    case 'quantified':
      if (c.n !== undefined) return `${c.quantifier.replace('-', ' ')} ${plural(c.n, 'user')}`;
      return c.quantifier === 'all' ? 'all users' : `${c.quantifier} user`;
  }
}

/** A whole condition as text (a `count users` body): nodes by their labels, operands inline. */
function bodyText(c: IrCondition): string {
  switch (c.kind) {
    case 'and':
    case 'or':
      return `(${c.operands.map(bodyText).join(` ${c.kind} `)})`;
    case 'not':
      return `not ${bodyText(c.operand)}`;
    case 'at-least-of':
      return `${conditionLabel(c)} (${c.operands.map(bodyText).join(', ')})`;
    case 'quantified':
      return `${conditionLabel(c)} (${bodyText(c.body)})`;
    case 'some-account':
      return `${conditionLabel(c)} (${bodyText(c.condition)})`;
    default:
      return conditionLabel(c);
  }
}
