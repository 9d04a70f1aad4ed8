/**
 * The printer behind `roster fmt`: AST (plus the source, for comments) to
 * canonical text. The style is described in format.ts and docs/formatting.md.
 * Kept apart from `format()` so generators and tools can print ASTs without
 * the parser.
 */
import type {
  Comment,
  Condition,
  Definition,
  EventCount,
  EventRef,
  ListLiteral,
  NumberLiteral,
  Literal,
  Program,
  Quantified,
  SequenceCondition,
  SplitDefinition,
  StringLiteral,
  Subject,
  Test,
  TimeUnit,
  TraitAggregation,
  TraitTest,
  UserCount,
  Window,
} from './ast.js';
import { CommentQueue, clean } from './format-comments.js';
import { comment, group, hardline, layout, line, nest, type Doc } from './format-doc.js';

export const FORMAT_WIDTH = 100;
const INDENT = 2;

/** Prints a parsed program canonically; `source` is the text it was parsed from (for comments). */
export function formatProgram(program: Program, source: string): string {
  return new Formatter(program, source).print();
}

/**
 * A string literal in canonical form: `"` and `\` escaped, line breaks as `\n` and
 * `\r` (a literal cannot span lines), every other character as is (LANGUAGE.md §2).
 */
export function quoteString(value: string): string {
  return `"${value.replace(/[\\"\n\r]/g, (c) => ESCAPES[c]!)}"`;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r' };

const plural = (n: { value: number }, one: string, many: string): string =>
  n.value === 1 ? one : many;

const UNIT_WORDS: Record<TimeUnit, [string, string]> = {
  minute: ['minute', 'minutes'],
  hour: ['hour', 'hours'],
  day: ['day', 'days'],
  week: ['week', 'weeks'],
};

const COUNT_WORDS: Record<EventCount['op'], string> = {
  'at-least': 'at least',
  'at-most': 'at most',
  exactly: 'exactly',
  'more-than': 'more than',
  'fewer-than': 'fewer than',
};

const paren = (inner: Doc): Doc => ['(', inner, ')'];

/**
 * Where the first word of a condition is, past any opening parentheses (the AST
 * has no paren nodes, and a chain's range may or may not include them): comments
 * before it lead the condition wherever the parentheses were written, so a second
 * `fmt` puts them where the first did.
 */
function firstLeafOffset(c: Condition): number {
  return c.kind === 'and' || c.kind === 'or'
    ? firstLeafOffset(c.operands[0]!)
    : c.range.start.offset;
}

/** Atoms are what a quantifier takes without parentheses (LANGUAGE.md §4.4). */
const isAtom = (c: Condition): boolean =>
  c.kind === 'trait-test' ||
  c.kind === 'did' ||
  c.kind === 'stopped-doing' ||
  c.kind === 'sequence' ||
  c.kind === 'in-audience' ||
  c.kind === 'error-condition';

/** The operands of an `and`/`or` chain with nested chains of the same operator flattened. */
function chainOperands(c: Condition & { kind: 'and' | 'or' }): Condition[] {
  return c.operands.flatMap((o) => (o.kind === c.kind ? chainOperands(o as typeof c) : [o]));
}

/** The first piece of text a document prints (comments aside). */
function firstText(doc: Doc): string {
  if (typeof doc === 'string') return doc;
  if (Array.isArray(doc)) {
    for (const part of doc) {
      const text = firstText(part);
      if (text !== '') return text;
    }
    return '';
  }
  const d = doc as Exclude<Doc, string | readonly Doc[]>;
  return d.kind === 'group' || d.kind === 'nest' ? firstText(d.contents) : '';
}

/** The last piece of text a document prints (comments aside). */
function lastText(doc: Doc): string {
  if (typeof doc === 'string') return doc;
  if (Array.isArray(doc)) {
    for (let i = doc.length - 1; i >= 0; i--) {
      const text = lastText(doc[i]!);
      if (text !== '') return text;
    }
    return '';
  }
  const d = doc as Exclude<Doc, string | readonly Doc[]>;
  return d.kind === 'group' || d.kind === 'nest' ? lastText(d.contents) : '';
}

class Formatter {
  private readonly comments: CommentQueue;
  /** The audience condition being printed, whose chain the definition's indent covers. */
  private topCondition: Condition | undefined;

  constructor(
    private readonly program: Program,
    private readonly source: string,
  ) {
    this.comments = new CommentQueue(program.comments, source);
  }

  print(): string {
    const q = this.comments;
    const parts: Doc[] = [];
    let previousEnd: number | undefined;
    for (const def of this.program.definitions) {
      const start = def.range.start.offset;
      if (previousEnd !== undefined) parts.push(hardline, hardline);
      const leading = q.takeBefore(start);
      parts.push(this.ownLineComments(leading));
      // A blank line under a comment block says it is not documentation: keep it.
      const lastLeading = leading.at(-1);
      if (
        lastLeading &&
        !('doc' in def && def.doc) &&
        q.blankLineBetween(lastLeading.range.end.offset, start)
      ) {
        parts.push(hardline);
      }
      // Any line a definition breaks onto is indented, so it never reads as a new definition.
      this.topCondition = def.kind === 'audience' ? def.condition : undefined;
      parts.push(nest(INDENT, this.definitionBody(def)));
      // Comments after the definition's last node (before a closing `)` or `]`, or at the
      // end of its last line): the first ends the definition's last line, the others
      // belong to what follows, exactly where a second run of fmt would put them.
      const trailing =
        q.takeFirstBefore(def.range.end.offset) ?? q.takeTrailingOnLineOf(def.range.end.offset);
      if (trailing) parts.push(comment(clean(trailing.text), true));
      previousEnd = def.range.end.offset;
    }
    const rest = q.takeBefore(Infinity);
    if (rest.length > 0) {
      if (previousEnd !== undefined) {
        parts.push(hardline);
        if (q.blankLineBetween(previousEnd, rest[0]!.range.start.offset)) parts.push(hardline);
      }
      // The last comment's line break is the file's final newline.
      parts.push(...this.ownLineComments(rest).slice(0, -1));
    }
    const text = layout(parts, FORMAT_WIDTH);
    return text === '' ? '' : `${text}\n`;
  }

  /**
   * Comments on lines of their own (before a definition or at the end of the file),
   * each followed by a line break; a blank line between two of them is kept.
   */
  private ownLineComments(comments: readonly Comment[]): Doc[] {
    const docs: Doc[] = [];
    comments.forEach((c, i) => {
      const prev = comments[i - 1];
      if (prev && this.comments.blankLineBetween(prev.range.end.offset, c.range.start.offset)) {
        docs.push(hardline);
      }
      docs.push(clean(c.text), hardline);
    });
    return docs;
  }

  private definitionBody(def: Definition): Doc {
    switch (def.kind) {
      case 'trait':
        return [`trait ${def.name.name} = ${def.entity} `, this.aggregation(def.aggregation)];
      case 'sql-trait': {
        const between = this.comments.flushBefore(def.sqlRange.start.offset);
        return [
          `trait ${def.name.name} = ${def.entity} sql ${def.valueType}`,
          between.length > 0 ? [between, hardline] : ' ',
          `"""${def.sql}"""`,
        ];
      }
      case 'audience':
        return [
          `audience ${def.name.name} = ${def.entity} where `,
          this.condition(def.condition, false),
        ];
      case 'sync': {
        const calls: Doc[] = def.calls.map((call, i) => [
          this.lead(call.range.start.offset),
          i > 0 ? ', ' : '',
          call.call,
          call.options.length === 0
            ? ''
            : [
                ' (',
                call.options.map((o, j) => [
                  this.lead(o.range.start.offset),
                  j > 0 ? ', ' : '',
                  `${o.name.name} = `,
                  this.string(o.value),
                ]),
                ')',
              ],
        ]);
        return [`sync ${def.source.name} to ${def.destination.name} with `, calls];
      }
      case 'split':
        return this.split(def);
      case 'broken':
        return this.verbatim(def.range);
    }
  }

  /** `split NAME = AUDIENCE into A 10%, B 90%`, one part per line when it does not fit. */
  private split(def: SplitDefinition): Doc {
    const parts: Doc[] = def.parts.map((part, i) => [
      i > 0 ? [',', line] : line,
      this.lead(part.range.start.offset),
      `${part.name.name} ${part.percent.raw}%`,
    ]);
    return [
      `split ${def.name.name} = `,
      this.lead(def.audience.range.start.offset),
      `${def.audience.name} into`,
      group(parts),
    ];
  }

  private verbatim(range: { start: { offset: number }; end: { offset: number } }): Doc {
    // Comments inside the slice are printed with it.
    this.comments.takeBefore(range.end.offset);
    return this.source.slice(range.start.offset, range.end.offset);
  }

  /** The comments before `offset`, placed ahead of the node that starts there. */
  private lead(offset: number): Doc {
    return this.comments.flushBefore(offset);
  }

  // ---------------------------------------------------------------- conditions

  /**
   * `trailing`: more of the enclosing condition follows this one before a closing
   * parenthesis or the end of the definition (so an open `where` filter must be closed).
   */
  private condition(c: Condition, trailing: boolean): Doc {
    const lead = this.lead(c.range.start.offset);
    return [lead, this.conditionBody(c, trailing)];
  }

  private conditionBody(c: Condition, trailing: boolean): Doc {
    switch (c.kind) {
      case 'and':
      case 'or':
        return this.chain(c, trailing);
      case 'not': {
        const operand = c.operand;
        if (operand.kind === 'and' || operand.kind === 'or') {
          return ['not ', paren(this.condition(operand, false))];
        }
        return ['not ', this.condition(operand, trailing)];
      }
      case 'quantified':
        return [this.quantifier(c), ' ', this.quantifierBody(c.body, trailing)];
      case 'did':
        return this.did(c, trailing);
      case 'stopped-doing': {
        const parts: Doc[] = ['stopped doing ', this.event(c.event)];
        if (c.filter) parts.push(' where ', this.filter(c.filter, true));
        const [one, many] = UNIT_WORDS[c.unit];
        parts.push(' for ', this.literal(c.amount), ` ${plural(c.amount, one, many)}`);
        return parts;
      }
      case 'sequence':
        return this.sequence(c, trailing);
      case 'in-audience':
        return `${c.viaAccount ? 'account in' : 'in'} ${c.audience.name}`;
      case 'trait-test':
        return this.traitTest(c);
      case 'error-condition':
        return this.verbatim(c.range);
    }
  }

  private chain(c: Condition & { kind: 'and' | 'or' }, trailing: boolean): Doc {
    const operands = chainOperands(c);
    const last = operands.length - 1;
    const parts: Doc[] = operands.map((o, i) => {
      // Comments before an operand go before its `and`/`or`, so they read as notes on it
      // (taken first: the operand would take them as its own otherwise).
      const lead = i === 0 ? '' : this.lead(firstLeafOffset(o));
      const needsParens = c.kind === 'and' && o.kind === 'or';
      const doc = needsParens
        ? paren(this.condition(o, false))
        : this.condition(o, i < last || trailing);
      return i === 0 ? doc : [lead, line, `${c.kind} `, doc];
    });
    // The definition is indented already: its outermost chain needs no more.
    return group(nest(c === this.topCondition ? 0 : INDENT, parts));
  }

  /** One atom as it is, anything else in parentheses (§4.4). */
  private quantifierBody(body: Condition, trailing: boolean): Doc {
    return isAtom(body) ? this.condition(body, trailing) : paren(this.condition(body, false));
  }

  private quantifier(c: Quantified): string {
    switch (c.quantifier) {
      case 'any':
        return 'any user';
      case 'all':
        return 'all users';
      case 'no':
        return 'no user';
      default: {
        const n = c.n ?? { value: 0, raw: '0' };
        const words =
          c.quantifier === 'at-least'
            ? 'at least'
            : c.quantifier === 'at-most'
              ? 'at most'
              : 'exactly';
        return `${words} ${n.raw} ${plural(n, 'user', 'users')}`;
      }
    }
  }

  private did(c: Condition & { kind: 'did' }, trailing: boolean): Doc {
    const parts: Doc[] = ['did ', this.event(c.event)];
    const followed = c.count !== undefined || c.window !== undefined || c.lifecycle !== undefined;
    if (c.filter) parts.push(' where ', this.filter(c.filter, followed));
    if (c.count) parts.push(' ', this.count(c.count));
    if (c.window) parts.push(' ', this.window(c.window));
    if (c.lifecycle?.kind === 'first-time')
      parts.push(' for the first time ', this.window(c.lifecycle.window));
    if (c.lifecycle?.kind === 'regularly') {
      const [one, many] = UNIT_WORDS[c.lifecycle.unit];
      parts.push(
        ' in at least ',
        this.literal(c.lifecycle.k),
        ' of the last ',
        this.literal(c.lifecycle.m),
        ` ${plural(c.lifecycle.m, one, many)}`,
      );
    }
    // An open filter extends to the end of the condition (§4.2): close it when more follows.
    return c.filter && !followed && trailing ? paren(parts) : parts;
  }

  /**
   * `did A where F then B within 2 days then C`. A step's filter ends at its window or
   * the next `then` (§12.2); the last step's open filter is closed when more follows.
   */
  private sequence(c: SequenceCondition, trailing: boolean): Doc {
    const last = c.steps.length - 1;
    const parts: Doc[] = c.steps.map((step, i) => {
      const followed = step.count !== undefined || step.window !== undefined || i < last;
      // Comments before a later step go before its `then`.
      const head = i === 0 ? 'did ' : [line, this.lead(step.range.start.offset), 'then '];
      const doc: Doc[] = [head, this.event(step.event)];
      if (step.filter) doc.push(' where ', this.filter(step.filter, followed));
      if (step.count) doc.push(' ', this.count(step.count));
      if (step.window) doc.push(' ', this.window(step.window));
      return doc;
    });
    const lastStep = c.steps[last]!;
    const open = lastStep.filter && !lastStep.count && !lastStep.window && trailing;
    const doc = group(nest(INDENT, parts));
    return open ? paren(doc) : doc;
  }

  private filter(f: Condition, followed: boolean): Doc {
    return this.condition(f, followed);
  }

  private count(c: EventCount): Doc {
    return [
      this.lead(c.range.start.offset),
      `${COUNT_WORDS[c.op]} ${c.n.raw} ${plural(c.n, 'time', 'times')}`,
    ];
  }

  private event(e: EventRef): Doc {
    const lead = this.lead(e.range.start.offset);
    switch (e.kind) {
      case 'track-event':
        return [lead, this.string(e.name)];
      case 'page-event':
        return [lead, 'page'];
      case 'screen-event':
        return [lead, 'screen'];
    }
  }

  private traitTest(c: TraitTest): Doc {
    return [this.subject(c.subject, c.test), ' ', this.test(c.test)];
  }

  private subject(s: Subject, test: Test): Doc {
    const lead = this.lead(s.range.start.offset);
    switch (s.kind) {
      case 'name-ref':
        return [lead, s.name.name];
      case 'account-trait-ref':
        return [lead, `account.${s.name.name}`];
      case 'inline-aggregate': {
        // `count users C TEST`: the comparison follows the body, which must end before it.
        // Without a body, `in [` or `not in [` would be read as one (`in AUDIENCE`, `not …`).
        if (s.aggregation.kind === 'user-count' && test.kind !== 'window') {
          const count: Doc = [lead, this.userCount(s.aggregation, test)];
          return !s.aggregation.body && test.kind === 'in-list' ? paren(count) : count;
        }
        const agg = this.aggregation(s.aggregation);
        // §4.6: window words right after an aggregation belong to it. And `( … ) TEST`
        // reads as a test of the parenthesised part, so an aggregation ending in `)`
        // (a filter ending in a group) is wrapped too.
        return test.kind === 'window' || lastText(agg).endsWith(')')
          ? paren([lead, agg])
          : [lead, agg];
      }
    }
  }

  private test(t: Test): Doc {
    const lead = this.lead(t.range.start.offset);
    return [lead, this.testBody(t)];
  }

  private testBody(t: Test): Doc {
    switch (t.kind) {
      case 'compare':
        return [`${t.op} `, this.literal(t.value)];
      case 'in-list':
        return [t.negated ? 'not in ' : 'in ', this.literal(t.values)];
      case 'contains':
        return ['contains ', this.literal(t.value)];
      case 'contains-any':
        return ['contains any ', this.literal(t.values)];
      case 'contains-all':
        return ['contains all ', this.literal(t.values)];
      case 'starts-with':
        return ['starts with ', this.literal(t.value)];
      case 'ends-with':
        return ['ends with ', this.literal(t.value)];
      case 'is-boolean':
        return t.value ? 'is true' : 'is false';
      case 'is-set':
        return t.negated ? 'is not set' : 'is set';
      case 'window':
        return this.window(t.window);
    }
  }

  // ---------------------------------------------------------------- aggregations, windows, literals

  private aggregation(a: TraitAggregation): Doc {
    if (a.kind === 'user-count') return this.userCount(a);
    const parts: Doc[] = [this.lead(a.range.start.offset), `${a.fn} `, this.event(a.event)];
    if (a.property) parts.push(`.${a.property.name}`);
    const followed = a.window !== undefined || a.minCount !== undefined;
    if (a.filter) parts.push(' where ', this.filter(a.filter, followed));
    if (a.window) parts.push(' ', this.window(a.window));
    if (a.minCount) parts.push(' min ', this.literal(a.minCount));
    return parts;
  }

  /** `count users [C]` (§12.4): C as a quantifier's body; `test` is the comparison that follows, if any. */
  private userCount(a: UserCount, test?: Test): Doc {
    const head: Doc = [this.lead(a.range.start.offset), 'count users'];
    if (!a.body) return head;
    const body = this.quantifierBody(a.body, test !== undefined);
    // Parentheses right after `count users` hold the whole body (a test after them
    // compares the count), so an atom that starts with a parenthesised aggregate,
    // `(last "X") before "2026-01-01"`, needs parentheses of its own.
    const startsWithGroup = a.body.kind === 'trait-test' && firstText(body).startsWith('(');
    // `did "X" in [` would read as the start of `in at least K of …` (§12.3).
    const beforeInList =
      test?.kind === 'in-list' && !test.negated && a.body.kind === 'did' && !a.body.lifecycle;
    return [head, ' ', startsWithGroup || beforeInList ? paren(body) : body];
  }

  private window(w: Window): Doc {
    const lead = this.lead(w.range.start.offset);
    switch (w.kind) {
      case 'within': {
        const [one, many] = UNIT_WORDS[w.unit];
        return [lead, 'within ', this.literal(w.amount), ` ${plural(w.amount, one, many)}`];
      }
      case 'between':
        return [lead, 'between ', this.literal(w.from), ' and ', this.literal(w.to)];
      case 'before':
        return [lead, 'before ', this.literal(w.value)];
      case 'after':
        return [lead, 'after ', this.literal(w.value)];
      case 'ago': {
        const unitWord = (unit: TimeUnit, n: NumberLiteral): string =>
          plural(n, ...UNIT_WORDS[unit]);
        const last = w.far ?? w.near;
        const tail = ` ${unitWord(w.unit, last)} ago`;
        if (!w.far) return [lead, 'before ', this.literal(w.near), tail];
        const nearUnit = w.nearUnit ? ` ${unitWord(w.nearUnit.unit, w.near)}` : '';
        return [
          lead,
          'between ',
          this.literal(w.near),
          nearUnit,
          ' and ',
          this.literal(w.far),
          tail,
        ];
      }
    }
  }

  private literal(l: Literal): Doc {
    const lead = this.lead(l.range.start.offset);
    switch (l.kind) {
      case 'string':
        return [lead, quoteString(l.value)];
      case 'number':
        return [lead, l.raw];
      case 'boolean':
        return [lead, l.value ? 'true' : 'false'];
      case 'list':
        return [lead, this.list(l)];
    }
  }

  private list(l: ListLiteral): Doc {
    return ['[', l.items.map((item, i) => [i > 0 ? ', ' : '', this.literal(item)]), ']'];
  }

  private string(s: StringLiteral): Doc {
    return [this.lead(s.range.start.offset), quoteString(s.value)];
  }
}
