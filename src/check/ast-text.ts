/**
 * Prints AST fragments back as roster source, for hints that show the user a
 * corrected form ("write `any user role = \"Admin\"`"). Canonical spacing, not
 * the user's layout: hints only need to be correct and readable.
 */
import type {
  Condition,
  EventCount,
  EventRef,
  Literal,
  SequenceStep,
  Subject,
  Test,
  TraitAggregation,
  Window,
} from '../syntax/ast.js';

export function literalText(l: Literal): string {
  switch (l.kind) {
    case 'string':
      return JSON.stringify(l.value);
    case 'number':
      return l.raw;
    case 'boolean':
      return String(l.value);
    case 'list':
      return `[${l.items.map(literalText).join(', ')}]`;
  }
}

export function eventText(e: EventRef): string {
  return e.kind === 'track-event'
    ? JSON.stringify(e.name.value)
    : e.kind === 'page-event'
      ? 'page'
      : 'screen';
}

const plural = (n: number, word: string): string => (n === 1 ? word : `${word}s`);

export function windowText(w: Window): string {
  switch (w.kind) {
    case 'within':
      return `within ${w.amount.raw} ${plural(w.amount.value, w.unit)}`;
    case 'between':
      return `between ${literalText(w.from)} and ${literalText(w.to)}`;
    case 'before':
      return `before ${literalText(w.value)}`;
    case 'after':
      return `after ${literalText(w.value)}`;
    case 'ago': {
      const last = w.far ?? w.near;
      const tail = `${plural(last.value, w.unit)} ago`;
      if (!w.far) return `before ${w.near.raw} ${tail}`;
      const nearUnit = w.nearUnit ? ` ${plural(w.near.value, w.nearUnit.unit)}` : '';
      return `between ${w.near.raw}${nearUnit} and ${w.far.raw} ${tail}`;
    }
  }
}

function countText(c: EventCount): string {
  return `${c.op.replace('-', ' ')} ${c.n.raw} ${plural(c.n.value, 'time')}`;
}

export function aggregationText(a: TraitAggregation): string {
  if (a.kind === 'user-count') return a.body ? `count users ${bodyText(a.body)}` : 'count users';
  const parts = [`${a.fn} ${eventText(a.event)}${a.property ? `.${a.property.name}` : ''}`];
  if (a.filter) parts.push(`where ${conditionText(a.filter)}`);
  if (a.window) parts.push(windowText(a.window));
  if (a.minCount) parts.push(`min ${a.minCount.raw}`);
  return parts.join(' ');
}

export function subjectText(s: Subject): string {
  switch (s.kind) {
    case 'name-ref':
      return s.name.name;
    case 'account-trait-ref':
      return `account.${s.name.name}`;
    case 'inline-aggregate':
      return aggregationText(s.aggregation);
  }
}

export function testText(t: Test): string {
  switch (t.kind) {
    case 'compare':
      return `${t.op} ${literalText(t.value)}`;
    case 'in-list':
      return `${t.negated ? 'not in' : 'in'} ${literalText(t.values)}`;
    case 'contains':
      return `contains ${literalText(t.value)}`;
    case 'contains-any':
      return `contains any ${literalText(t.values)}`;
    case 'contains-all':
      return `contains all ${literalText(t.values)}`;
    case 'starts-with':
      return `starts with ${literalText(t.value)}`;
    case 'ends-with':
      return `ends with ${literalText(t.value)}`;
    case 'is-boolean':
      return `is ${t.value}`;
    case 'is-set':
      return t.negated ? 'is not set' : 'is set';
    case 'window':
      return windowText(t.window);
  }
}

/** The body of a quantifier or `count users`: one atom, else in parentheses (§4.4). */
function bodyText(body: Condition): string {
  return body.kind === 'trait-test' ||
    body.kind === 'did' ||
    body.kind === 'stopped-doing' ||
    body.kind === 'sequence' ||
    body.kind === 'in-audience'
    ? conditionText(body)
    : `(${conditionText(body)})`;
}

/** Wraps compound conditions in parentheses when they stand as an operand. */
function operandText(c: Condition): string {
  return c.kind === 'and' || c.kind === 'or' ? `(${conditionText(c)})` : conditionText(c);
}

/** A step of a sequence: `EVENT [where F] [COUNT] [WINDOW]`. */
export function stepText(step: SequenceStep): string {
  const parts = [eventText(step.event)];
  if (step.filter) parts.push(`where ${conditionText(step.filter)}`);
  if (step.count) parts.push(countText(step.count));
  if (step.window) parts.push(windowText(step.window));
  return parts.join(' ');
}

export function conditionText(c: Condition): string {
  switch (c.kind) {
    case 'trait-test':
      return `${subjectText(c.subject)} ${testText(c.test)}`;
    case 'did': {
      const parts = [`did ${eventText(c.event)}`];
      if (c.filter) parts.push(`where ${conditionText(c.filter)}`);
      if (c.count) parts.push(countText(c.count));
      if (c.window) parts.push(windowText(c.window));
      if (c.lifecycle?.kind === 'first-time')
        parts.push(`for the first time ${windowText(c.lifecycle.window)}`);
      if (c.lifecycle?.kind === 'regularly')
        parts.push(
          `in at least ${c.lifecycle.k.raw} of the last ${c.lifecycle.m.raw} ${plural(c.lifecycle.m.value, c.lifecycle.unit)}`,
        );
      return parts.join(' ');
    }
    case 'stopped-doing': {
      const filter = c.filter ? ` where ${conditionText(c.filter)}` : '';
      return `stopped doing ${eventText(c.event)}${filter} for ${c.amount.raw} ${plural(c.amount.value, c.unit)}`;
    }
    case 'sequence':
      return `did ${c.steps.map(stepText).join(' then ')}`;
    case 'in-audience':
      return `${c.viaAccount ? 'account in' : 'in'} ${c.audience.name}`;
    case 'quantified': {
      const head =
        c.quantifier === 'any' || c.quantifier === 'no'
          ? `${c.quantifier} user`
          : c.quantifier === 'all'
            ? 'all users'
            : `${c.quantifier.replace('-', ' ')} ${c.n?.raw ?? 'N'} users`;
      return `${head} ${bodyText(c.body)}`;
    }
    case 'and':
      return c.operands
        .map((o) => (o.kind === 'or' ? `(${conditionText(o)})` : conditionText(o)))
        .join(' and ');
    case 'or':
      return c.operands.map(conditionText).join(' or ');
    case 'not':
      return `not ${operandText(c.operand)}`;
    case 'error-condition':
      return '…';
  }
}
