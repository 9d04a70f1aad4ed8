/**
 * A compact, deterministic text form of the IR for `roster compile --ir` and
 * for tests: one line per definition, conditions as nested expressions.
 *
 *   audience account active = any user (did "Logged In" within 30 days >= 1)
 *   trait user logins: number = count("Logged In")
 *
 * Custom traits print as `entity.name`, defined traits as `entity.@name`,
 * event properties as `.name`; `[per-account]` marks §9 group-context aggregates.
 */
import type {
  IrTraitAggregation,
  IrCondition,
  IrConditionOf,
  IrDefinition,
  IrEventSource,
  IrProject,
  IrScalar,
  IrSequenceStep,
  IrSubject,
  IrTest,
  IrWindow,
} from './ir.js';

const str = (s: string): string => JSON.stringify(s);

export function printScalar(v: IrScalar): string {
  return v.type === 'string' || v.type === 'timestamp' ? str(v.value) : String(v.value);
}

function printEvent(e: IrEventSource): string {
  return e.source === 'tracks' ? str(e.event) : e.source === 'pages' ? 'page' : 'screen';
}

/** A rolling window as the language writes it: `between 7 and 14 days ago`, `before 30 days ago`. */
export function agoWindowText(w: IrWindow & { kind: 'ago' }): string {
  const reach = w.far ?? w.near;
  const tail = `${w.unit}${reach === 1 ? '' : 's'} ago`;
  return w.far === undefined
    ? `before ${w.near} ${tail}`
    : `between ${w.near} and ${w.far} ${tail}`;
}

export function printWindow(w: IrWindow): string {
  if (w.kind === 'within') return `within ${w.amount} ${w.unit}${w.amount === 1 ? '' : 's'}`;
  if (w.kind === 'ago') return agoWindowText(w);
  return `in [${w.from ?? '-inf'}, ${w.to ?? '+inf'})`;
}

export function printAggregation(a: IrTraitAggregation): string {
  if (a.fn === 'count-users') return `count-users(${printCondition(a.body)})`;
  const parts = [`${printEvent(a.event)}${a.property ? `.${a.property.name}` : ''}`];
  if (a.filter) parts.push(`where ${printConditionOf(a.filter, printSubject)}`);
  if (a.window) parts.push(printWindow(a.window));
  if (a.minCount !== undefined) parts.push(`min ${a.minCount}`);
  return `${a.fn}(${parts.join(' ')})`;
}

function printSubject(s: IrSubject): string {
  switch (s.kind) {
    case 'custom-trait':
      return `${s.entity}.${s.name}`;
    case 'defined-trait':
      return `${s.entity}.@${s.name}`;
    case 'aggregate':
      return `${s.entity}.${printAggregation(s.aggregation)}${s.perAccount ? '[per-account]' : ''}`;
    case 'property':
      return `.${s.property.name}`;
  }
}

export function printTest(t: IrTest): string {
  switch (t.kind) {
    case 'compare':
      return `${t.op} ${printScalar(t.value)}`;
    case 'in-list':
      return `in [${t.values.map(printScalar).join(', ')}]`;
    case 'string-match':
      return `${t.mode} ${str(t.value)}`;
    case 'list-contains':
      return `contains-${t.mode} [${t.values.map(str).join(', ')}]`;
    case 'number-between':
      return `between ${t.from} and ${t.to}`;
    case 'time-window':
      return printWindow(t.window);
    case 'is-set':
      return 'is-set';
  }
}

function printConditionOf<S>(c: IrConditionOf<S>, subject: (s: S) => string): string {
  switch (c.kind) {
    case 'and':
    case 'or':
      return `(${c.operands.map((o) => printConditionOf(o, subject)).join(` ${c.kind} `)})`;
    case 'not':
      return `not ${printConditionOf(c.operand, subject)}`;
    case 'constant':
      return String(c.value);
    case 'test':
      return `${subject(c.subject)} ${printTest(c.test)}`;
  }
}

function printStep(step: IrSequenceStep): string {
  const parts = [printEvent(step.event)];
  if (step.filter) parts.push(`where ${printConditionOf(step.filter, printSubject)}`);
  if (step.window) parts.push(printWindow(step.window));
  if (step.within) parts.push(`within ${step.within.amount} ${step.within.unit}`);
  return parts.join(' ');
}

export function printCondition(c: IrCondition): string {
  switch (c.kind) {
    case 'and':
    case 'or':
      return `(${c.operands.map(printCondition).join(` ${c.kind} `)})`;
    case 'not':
      return `not ${printCondition(c.operand)}`;
    case 'constant':
      return String(c.value);
    case 'test':
      return `${printSubject(c.subject)} ${printTest(c.test)}`;
    case 'did': {
      const a = printAggregation(c.aggregation).replace(/^count\((.*)\)$/, '$1');
      return `did ${a} ${c.op} ${c.n}${c.perAccount ? ' [per-account]' : ''}`;
    }
    case 'at-least-of':
      return `at-least ${c.k} of (${c.operands.map(printCondition).join(', ')})`;
    case 'sequence':
      return `sequence ${c.steps.map(printStep).join(' then ')}${c.perAccount ? ' [per-account]' : ''}`;
    case 'in-audience':
      return `in ${c.entity}.${c.audience}`;
    case 'split-bucket':
      return `split-bucket ${str(c.split)} [${c.from}, ${c.to})`;
    case 'some-account':
      return `some-account (${printCondition(c.condition)})`;
    case 'quantified': {
      const head =
        c.n !== undefined
          ? `${c.quantifier} ${c.n} users`
          : c.quantifier === 'all'
            ? 'all users'
            : `${c.quantifier} user`;
      return `${head} (${printCondition(c.body)})`;
    }
  }
}

export function printDefinition(d: IrDefinition): string {
  switch (d.kind) {
    case 'computed-trait':
      return `trait ${d.entity} ${d.name}: ${d.type} = ${printAggregation(d.aggregation)}`;
    case 'sql-trait': {
      const sql = d.sql
        .map((p) => (p.kind === 'text' ? p.text : `{{ ${p.name} }}`))
        .join('')
        .replace(/\s+/g, ' ')
        .trim();
      return `trait ${d.entity} ${d.name}: ${d.type} = sql ${str(sql)}`;
    }
    case 'audience':
      return `audience ${d.entity} ${d.name} = ${printCondition(d.condition)}`;
    case 'sync': {
      const calls = d.calls.map((c) => {
        const opts = Object.entries(c.options).map(([k, v]) => `${k} = ${str(v)}`);
        return opts.length > 0 ? `${c.call}(${opts.join(', ')})` : c.call;
      });
      return `sync ${d.name}: ${d.sourceKind} ${d.entity} ${d.source} to ${d.destination} with ${calls.join(', ')}`;
    }
  }
}

export function printIr(ir: IrProject): string {
  const head = `project ${ir.name} scope=${ir.scope} sources=${ir.sources.join(',')}`;
  return [head, ...ir.definitions.map(printDefinition)].join('\n') + '\n';
}
