/**
 * Cheap detection of conjunctions that can never be true (`x < 5 and x > 10`,
 * `x = "a" and x = "b"`), for the `check-never-matches` warning. Only direct
 * comparisons of one trait within one `and` are considered: anything subtler
 * is the user's business, and a false alarm would be worse than silence.
 */
import type { IrCondition, IrScalar } from '../ir/ir.js';

interface Bound {
  value: number | string;
  inclusive: boolean;
  text: string;
}

interface Facts {
  lower?: Bound;
  upper?: Bound;
  equal?: { value: IrScalar['value']; text: string };
}

const show = (s: IrScalar): string =>
  s.type === 'string' || s.type === 'timestamp' ? JSON.stringify(s.value) : String(s.value);

function tighterLower(a: Bound | undefined, b: Bound): Bound {
  if (!a || b.value > a.value || (b.value === a.value && !b.inclusive)) return b;
  return a;
}

function tighterUpper(a: Bound | undefined, b: Bound): Bound {
  if (!a || b.value < a.value || (b.value === a.value && !b.inclusive)) return b;
  return a;
}

function flatten(operands: IrCondition[]): IrCondition[] {
  return operands.flatMap((o) => (o.kind === 'and' ? flatten(o.operands) : [o]));
}

export function findContradiction(
  operands: IrCondition[],
): { name: string; detail: string } | undefined {
  const facts = new Map<string, Facts>();
  for (const o of flatten(operands)) {
    if (o.kind !== 'test') continue;
    const s = o.subject;
    if (s.kind !== 'custom-trait' && s.kind !== 'defined-trait') continue;
    const key = s.name;
    const f = facts.get(key) ?? {};
    facts.set(key, f);
    const t = o.test;
    if (t.kind === 'number-between') {
      f.lower = tighterLower(f.lower, { value: t.from, inclusive: true, text: `>= ${t.from}` });
      f.upper = tighterUpper(f.upper, { value: t.to, inclusive: true, text: `<= ${t.to}` });
    } else if (t.kind === 'compare') {
      const v = t.value;
      if (v.type === 'boolean' || (t.op === '=' && v.type === 'string')) {
        if (f.equal && f.equal.value !== v.value) {
          return { name: key, detail: `both ${f.equal.text} and ${show(v)}` };
        }
        f.equal = { value: v.value, text: show(v) };
        continue;
      }
      if (v.type === 'string') continue;
      const value = v.value as number | string;
      const text = `${t.op} ${show(v)}`;
      if (t.op === '=' || t.op === '>' || t.op === '>=') {
        f.lower = tighterLower(f.lower, { value, inclusive: t.op !== '>', text });
      }
      if (t.op === '=' || t.op === '<' || t.op === '<=') {
        f.upper = tighterUpper(f.upper, { value, inclusive: t.op !== '<', text });
      }
    } else {
      continue;
    }
    const { lower, upper } = f;
    if (
      lower &&
      upper &&
      (lower.value > upper.value ||
        (lower.value === upper.value && !(lower.inclusive && upper.inclusive)))
    ) {
      return { name: key, detail: `both ${lower.text} and ${upper.text}` };
    }
  }
  return undefined;
}
