/**
 * CST → AST: turns one parsed definition into the typed, ranged AST of ast.ts.
 *
 * The grammar is deliberately wider than the language at a few places (units,
 * SQL types and sync calls are plain names; a bare aggregation may stand in
 * parentheses; the count may follow the window); this is where those are
 * checked and explained. Any error reported while building a definition turns
 * it into a `broken` definition, so later stages never see half-valid data.
 */
import type { CstNode, IToken } from 'chevrotain';
import type * as cst from '../../grammar/generated/cst.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile, SourceRange } from '../diagnostics/source.js';
import { rewrittenLine } from './idioms.js';
import { closestName, didYouMean } from '../diagnostics/suggest.js';
import type * as ast from './ast.js';
import { withEdits } from './group.js';
import { syntaxError, type SyntaxCode, type SyntaxParams } from './messages.js';
import { unescapeString } from './strings.js';

/** A parenthesisable aggregation not (yet) compared: only valid as `( … ) TEST`. */
interface BareAggregate {
  kind: 'bare-aggregate';
  aggregation: ast.TraitAggregation;
  range: SourceRange;
}

// Plurals first: a typo like `dayz` is closer to `days` and `day` alike; suggest the common spelling.
const timeUnits: Record<string, ast.TimeUnit> = {
  minutes: 'minute',
  hours: 'hour',
  days: 'day',
  weeks: 'week',
  minute: 'minute',
  hour: 'hour',
  day: 'day',
  week: 'week',
};
const valueTypes: readonly ast.ValueType[] = ['string', 'number', 'boolean', 'timestamp', 'list'];
const syncCalls: readonly ast.SyncCall['call'][] = ['group', 'identify', 'track'];
const syncOptionNames = ['entered', 'exited', 'name'];
const validName = /^[a-z_][a-z0-9_]*$/;

function only<T>(items: T[] | undefined): T {
  const item = items?.[0];
  if (item === undefined) throw new Error('CST node is missing a child the grammar requires');
  return item;
}

class AstBuilder {
  constructor(
    private readonly source: SourceFile,
    readonly diagnostics: Diagnostic[],
  ) {}

  // ---------------------------------------------------------------- ranges

  /** Chevrotain gives tokens it inserted while recovering NaN offsets; fall back to a real position. */
  private offset(value: number, fallback: number): number {
    return Number.isFinite(value) ? value : fallback;
  }

  tokenRange(token: IToken): SourceRange {
    const start = this.offset(token.startOffset, 0);
    const end = this.offset(token.endOffset ?? Number.NaN, start + token.image.length - 1) + 1;
    return this.source.range(start, Math.max(start, end));
  }

  nodeRange(node: CstNode): SourceRange {
    const location = node.location;
    const start = this.offset(location?.startOffset ?? Number.NaN, 0);
    const end = this.offset(location?.endOffset ?? Number.NaN, start - 1) + 1;
    return this.source.range(start, Math.max(start, end));
  }

  span(from: SourceRange, to: SourceRange): SourceRange {
    return { file: from.file, start: from.start, end: to.end };
  }

  report<C extends SyntaxCode>(
    code: C,
    params: SyntaxParams<C>,
    range: SourceRange,
    hints: string[] = [],
  ): void {
    this.diagnostics.push(syntaxError(code, params, range, hints));
  }

  // ---------------------------------------------------------------- definitions

  definition(node: cst.DefinitionCstNode): ast.Definition {
    const c = node.children;
    if (c.traitDefinition) return this.trait(only(c.traitDefinition));
    if (c.audienceDefinition) return this.audience(only(c.audienceDefinition));
    if (c.splitDefinition) return this.split(only(c.splitDefinition));
    return this.sync(only(c.syncDefinition));
  }

  definitionName(token: IToken): ast.Identifier {
    const name = this.identifier(token);
    if (!validName.test(name.name)) {
      const lower = name.name.toLowerCase();
      this.report(
        'syntax-invalid-name',
        { name: name.name },
        name.range,
        validName.test(lower) ? [`write \`${lower}\``] : [],
      );
    }
    return name;
  }

  identifier(token: IToken): ast.Identifier {
    return { kind: 'identifier', name: token.image, range: this.tokenRange(token) };
  }

  entity(node: cst.EntityCstNode): { entity: ast.Entity; entityRange: SourceRange } {
    return {
      entity: node.children.Account ? 'account' : 'user',
      entityRange: this.nodeRange(node),
    };
  }

  trait(node: cst.TraitDefinitionCstNode): ast.TraitDefinition | ast.SqlTraitDefinition {
    const c = node.children;
    const name = this.definitionName(only(c.Name));
    const entity = this.entity(only(c.entity));
    const range = this.nodeRange(node);
    if (c.sqlBody) {
      const body = only(c.sqlBody).children;
      const typeToken = only(only(body.valueType).children.Identifier);
      const valueType = valueTypes.find((type) => type === typeToken.image);
      if (!valueType) {
        this.report(
          'syntax-unknown-type',
          { type: typeToken.image },
          this.tokenRange(typeToken),
          didYouMean(typeToken.image, valueTypes),
        );
      }
      const block = only(body.SqlBlock);
      return {
        kind: 'sql-trait',
        name,
        ...entity,
        valueType: valueType ?? 'string',
        valueTypeRange: this.tokenRange(typeToken),
        sql: block.image.slice(3, -3),
        sqlRange: this.source.range(
          block.startOffset + 3,
          block.startOffset + block.image.length - 3,
        ),
        range,
      };
    }
    return {
      kind: 'trait',
      name,
      ...entity,
      aggregation: this.aggregation(only(c.aggregation)),
      range,
    };
  }

  audience(node: cst.AudienceDefinitionCstNode): ast.AudienceDefinition {
    const c = node.children;
    return {
      kind: 'audience',
      name: this.definitionName(only(c.Name)),
      ...this.entity(only(c.entity)),
      condition: this.condition(only(c.orCondition)),
      range: this.nodeRange(node),
    };
  }

  split(node: cst.SplitDefinitionCstNode): ast.SplitDefinition {
    const c = node.children;
    const [name, audience] = c.Name;
    return {
      kind: 'split',
      name: this.definitionName(name!),
      audience: this.identifier(audience!),
      parts: c.splitPart.map((part): ast.SplitPart => ({
        kind: 'split-part',
        name: this.definitionName(only(part.children.Name)),
        percent: this.number(only(part.children.NumberLiteral)),
        range: this.nodeRange(part),
      })),
      range: this.nodeRange(node),
    };
  }

  sync(node: cst.SyncDefinitionCstNode): ast.SyncDefinition {
    const c = node.children;
    const [source, destination] = c.Name;
    return {
      kind: 'sync',
      source: this.identifier(source!),
      destination: this.identifier(destination!),
      calls: c.syncCall.map((call) => this.syncCall(call)),
      range: this.nodeRange(node),
    };
  }

  syncCall(node: cst.SyncCallCstNode): ast.SyncCall {
    const c = node.children;
    const token = only(c.Identifier);
    const call = syncCalls.find((name) => name === token.image);
    if (!call)
      this.report(
        'syntax-unknown-call',
        { call: token.image },
        this.tokenRange(token),
        didYouMean(token.image, syncCalls),
      );
    const options = (c.syncOption ?? []).map((option): ast.SyncOption => {
      const o = option.children;
      const name = this.identifier(only(o.AnyWord));
      if (!syncOptionNames.includes(name.name)) {
        this.report(
          'syntax-unknown-option',
          { option: name.name, call: token.image },
          name.range,
          didYouMean(name.name, syncOptionNames),
        );
        // Several misspelt options of one call are one diagnostic, fixed together (group.ts).
        const meant = closestName(name.name, syncOptionNames);
        if (meant !== undefined)
          withEdits(this.diagnostics[this.diagnostics.length - 1]!, {
            edits: [
              { start: name.range.start.offset, end: name.range.end.offset, replacement: meant },
            ],
            label: `another unknown option of \`${token.image}\``,
            written: name.name,
            several: (names) =>
              `unknown options ${names.map((n) => `\`${n}\``).join(', ')} for \`${token.image}\`: expected \`entered\`, \`exited\` or \`name\``,
          });
      }
      return {
        kind: 'sync-option',
        name,
        value: this.string(only(o.StringLiteral)),
        range: this.nodeRange(option),
      };
    });
    return { kind: 'sync-call', call: call ?? 'track', options, range: this.nodeRange(node) };
  }

  // ---------------------------------------------------------------- conditions

  /** A condition where a bare aggregation is a mistake. */
  condition(node: cst.OrConditionCstNode): ast.Condition {
    return this.requireCondition(this.orCondition(node));
  }

  requireCondition(value: ast.Condition | BareAggregate): ast.Condition {
    if (value.kind !== 'bare-aggregate') return value;
    const text = this.source.text.slice(value.range.start.offset, value.range.end.offset);
    const hints = ['compare the result, like `count "Logged In" within 30 days < 10`'];
    if (value.aggregation.kind === 'aggregation' && value.aggregation.window) {
      hints.push(
        'window words directly after an aggregation belong to it; to compare its result with one, wrap the aggregation in parentheses: `(last "Logged In") before "2026-01-01"`',
      );
    }
    this.report('syntax-missing-comparison', { aggregation: text }, value.range, hints);
    return { kind: 'error-condition', range: value.range };
  }

  /** `a or b or c` is one n-ary node; a single operand is returned as is (possibly still bare, for `( … ) TEST`). */
  orCondition(node: cst.OrConditionCstNode): ast.Condition | BareAggregate {
    const operands = node.children.andCondition.map((and) => this.andCondition(and));
    if (operands.length === 1) return operands[0]!;
    return {
      kind: 'or',
      operands: operands.map((o) => this.requireCondition(o)),
      range: this.nodeRange(node),
    };
  }

  andCondition(node: cst.AndConditionCstNode): ast.Condition | BareAggregate {
    const operands = node.children.notCondition.map((not) => this.notCondition(not));
    if (operands.length === 1) return operands[0]!;
    return {
      kind: 'and',
      operands: operands.map((o) => this.requireCondition(o)),
      range: this.nodeRange(node),
    };
  }

  notCondition(node: cst.NotConditionCstNode): ast.Condition | BareAggregate {
    const atom = this.atom(only(node.children.atom));
    const nots = node.children.Not ?? [];
    if (nots.length === 0) return atom;
    let result = this.requireCondition(atom);
    for (let i = nots.length - 1; i >= 0; i--) {
      result = {
        kind: 'not',
        operand: result,
        range: this.span(this.tokenRange(nots[i]!), result.range),
      };
    }
    return result;
  }

  atom(node: cst.AtomCstNode): ast.Condition | BareAggregate {
    const c = node.children;
    if (c.didCondition) return this.did(only(c.didCondition));
    if (c.stoppedCondition) return this.stopped(only(c.stoppedCondition));
    if (c.inAudience) {
      const n = only(c.inAudience);
      return {
        kind: 'in-audience',
        audience: this.identifier(only(n.children.Name)),
        viaAccount: false,
        range: this.nodeRange(n),
      };
    }
    if (c.accountCondition) return this.accountCondition(only(c.accountCondition));
    if (c.quantified) return this.quantified(only(c.quantified));
    if (c.group) return this.group(only(c.group));
    if (c.aggregateTest) {
      const n = only(c.aggregateTest);
      const aggregation = this.aggregation(only(n.children.aggregation));
      const range = this.nodeRange(n);
      if (!n.children.test) return { kind: 'bare-aggregate', aggregation, range };
      const subject: ast.InlineAggregate = {
        kind: 'inline-aggregate',
        aggregation,
        range: aggregation.range,
      };
      return { kind: 'trait-test', subject, test: this.test(only(n.children.test)), range };
    }
    const n = only(c.nameTest);
    const name = this.identifier(only(n.children.Name));
    return {
      kind: 'trait-test',
      subject: { kind: 'name-ref', name, range: name.range },
      test: this.test(only(n.children.test)),
      range: this.nodeRange(n),
    };
  }

  did(node: cst.DidConditionCstNode): ast.DidCondition | ast.SequenceCondition {
    const match = only(node.children.eventMatch);
    const steps = node.children.sequenceStep;
    if (steps) {
      // The first step is the `did` up to its first `then`; a later one starts at its `then`.
      return {
        kind: 'sequence',
        steps: [
          this.step(match.children, this.nodeRange(match)),
          ...steps.map((step) =>
            this.step(only(step.children.eventMatch).children, this.nodeRange(step)),
          ),
        ],
        range: this.nodeRange(node),
      };
    }
    const c = match.children;
    const counts = c.eventCount ?? [];
    if (counts.length > 1) this.report('syntax-duplicate-count', {}, this.nodeRange(counts[1]!));
    const did: ast.DidCondition = {
      kind: 'did',
      event: this.eventRef(only(c.eventRef)),
      range: this.nodeRange(node),
    };
    if (c.orCondition) did.filter = this.condition(only(c.orCondition));
    if (counts[0]) did.count = this.eventCount(counts[0]);
    if (c.window) did.window = this.window(only(c.window));
    const tail = node.children.lifecycleTail;
    if (tail) did.lifecycle = this.lifecycle(only(tail), did);
    return did;
  }

  /** A name token that must be one given word (`the`, `time`, `of`). */
  private word(token: IToken, expected: string): void {
    if (token.image === expected) return;
    this.report(
      'syntax-unknown-keyword',
      { word: token.image, expected: `\`${expected}\`` },
      this.tokenRange(token),
      [`write \`${expected}\``],
    );
  }

  /** A fix that removes `range` (and the space after it) from its line. */
  private without(range: SourceRange, what: string): string {
    const end = range.end.offset;
    const next = this.source.text[end] === ' ' ? end + 1 : end;
    return `remove ${what}: \`${rewrittenLine(this.source, range.start.offset, next, '')}\``;
  }

  /** `for the first time WINDOW` / `in at least K of the last M UNITS` (§12.3). */
  lifecycle(node: cst.LifecycleTailCstNode, did: ast.DidCondition): ast.Lifecycle {
    const c = node.children;
    const range = this.nodeRange(node);
    const [first, second] = c.Identifier ?? [];
    if (c.For) {
      this.word(first!, 'the');
      this.word(second!, 'time');
      // The window of a first time is the one after it; a count would not mean anything.
      const extra = did.count ? 'count' : did.window ? 'window before `for`' : undefined;
      if (extra) {
        const wrong = did.count ? did.count.range : did.window!.range;
        this.report('syntax-lifecycle-form', { what: '`for the first time`', extra }, wrong, [
          this.without(wrong, extra === 'count' ? 'the count' : 'the window before `for`'),
        ]);
      }
      return { kind: 'first-time', window: this.window(only(c.window)), range };
    }
    this.word(first!, 'of');
    this.word(second!, 'the');
    if (did.window)
      this.report(
        'syntax-lifecycle-form',
        { what: '`in at least K of the last M UNITS`', extra: 'other window' },
        did.window.range,
        [this.without(did.window.range, 'the window before `in at least`')],
      );
    const [k, m] = c.NumberLiteral ?? [];
    return {
      kind: 'regularly',
      k: this.number(k!),
      m: this.number(m!),
      unit: this.timeUnit(only(c.timeUnit)),
      range,
    };
  }

  stopped(node: cst.StoppedConditionCstNode): ast.StoppedCondition {
    const c = node.children;
    const stopped: ast.StoppedCondition = {
      kind: 'stopped-doing',
      event: this.eventRef(only(c.eventRef)),
      amount: this.number(only(c.NumberLiteral)),
      unit: this.timeUnit(only(c.timeUnit)),
      range: this.nodeRange(node),
    };
    if (c.orCondition) stopped.filter = this.condition(only(c.orCondition));
    return stopped;
  }

  /** A step of a sequence from the events it matches (event, filter, counts, window). */
  step(c: cst.EventMatchCstChildren, range: SourceRange): ast.SequenceStep {
    const counts = c.eventCount ?? [];
    if (counts.length > 1) this.report('syntax-duplicate-count', {}, this.nodeRange(counts[1]!));
    const step: ast.SequenceStep = {
      kind: 'sequence-step',
      event: this.eventRef(only(c.eventRef)),
      range,
    };
    if (c.orCondition) step.filter = this.condition(only(c.orCondition));
    if (counts[0]) step.count = this.eventCount(counts[0]);
    if (c.window) step.window = this.window(only(c.window));
    return step;
  }

  accountCondition(node: cst.AccountConditionCstNode): ast.Condition {
    const c = node.children;
    const range = this.nodeRange(node);
    if (c.In)
      return {
        kind: 'in-audience',
        audience: this.identifier(only(c.Name)),
        viaAccount: true,
        range,
      };
    const name = this.identifier(only(c.AnyWord));
    const subject: ast.AccountTraitRef = {
      kind: 'account-trait-ref',
      name,
      range: this.span(this.tokenRange(only(c.Account)), name.range),
    };
    return { kind: 'trait-test', subject, test: this.test(only(c.test)), range };
  }

  quantified(node: cst.QuantifiedCstNode): ast.Quantified {
    const c = node.children;
    const quantifier: ast.Quantifier = c.Any
      ? 'any'
      : c.All
        ? 'all'
        : c.No
          ? 'no'
          : c.Exactly
            ? 'exactly'
            : c.Least
              ? 'at-least'
              : 'at-most';
    const unit = only(c.userUnit).children.Identifier?.[0];
    if (unit && unit.image !== 'users') {
      this.report(
        'syntax-unknown-unit',
        { unit: unit.image, expected: '`user` or `users`' },
        this.tokenRange(unit),
        didYouMean(unit.image, ['users', 'user']),
      );
    }
    const result: ast.Quantified = {
      kind: 'quantified',
      quantifier,
      body: this.requireCondition(this.notCondition(only(c.notCondition))),
      range: this.nodeRange(node),
    };
    if (c.NumberLiteral) result.n = this.number(only(c.NumberLiteral));
    return result;
  }

  /** Parentheses only group; followed by a test they wrap an aggregation being compared (§4.6). */
  group(node: cst.GroupCstNode): ast.Condition | BareAggregate {
    const c = node.children;
    const inner = this.orCondition(only(c.orCondition));
    if (!c.test) return inner;
    const range = this.nodeRange(node);
    const test = this.test(only(c.test));
    if (inner.kind !== 'bare-aggregate') {
      this.report('syntax-invalid-comparison', {}, test.range);
      return { kind: 'error-condition', range };
    }
    const subject: ast.InlineAggregate = {
      kind: 'inline-aggregate',
      aggregation: inner.aggregation,
      range: inner.range,
    };
    return { kind: 'trait-test', subject, test, range };
  }

  // ---------------------------------------------------------------- tests

  test(node: cst.TestCstNode): ast.Test {
    const c = node.children;
    const range = this.nodeRange(node);
    if (c.ComparisonOp) {
      return {
        kind: 'compare',
        op: only(c.ComparisonOp).image as ast.ComparisonOperator,
        value: this.literal(only(c.literal)),
        range,
      };
    }
    if (c.Contains) {
      if (c.Any) return { kind: 'contains-any', values: this.list(only(c.list)), range };
      if (c.All) return { kind: 'contains-all', values: this.list(only(c.list)), range };
      return { kind: 'contains', value: this.literal(only(c.literal)), range };
    }
    if (c.In)
      return {
        kind: 'in-list',
        negated: c.Not !== undefined,
        values: this.list(only(c.list)),
        range,
      };
    if (c.Starts) return { kind: 'starts-with', value: this.literal(only(c.literal)), range };
    if (c.Ends) return { kind: 'ends-with', value: this.literal(only(c.literal)), range };
    if (c.Is) {
      if (c.True) return { kind: 'is-boolean', value: true, range };
      if (c.False) return { kind: 'is-boolean', value: false, range };
      return { kind: 'is-set', negated: c.Not !== undefined, range };
    }
    return { kind: 'window', window: this.window(only(c.window)), range };
  }

  // ---------------------------------------------------------------- events and time

  eventRef(node: cst.EventRefCstNode): ast.EventRef {
    const c = node.children;
    const range = this.nodeRange(node);
    if (c.StringLiteral)
      return { kind: 'track-event', name: this.string(only(c.StringLiteral)), range };
    if (c.Page) return { kind: 'page-event', range };
    return { kind: 'screen-event', range };
  }

  eventCount(node: cst.EventCountCstNode): ast.EventCount {
    const c = node.children;
    const op: ast.CountOperator = c.Least
      ? 'at-least'
      : c.Most
        ? 'at-most'
        : c.Exactly
          ? 'exactly'
          : c.More
            ? 'more-than'
            : 'fewer-than';
    const unit = only(only(c.countUnit).children.Identifier);
    if (unit.image !== 'times' && unit.image !== 'time') {
      this.report(
        'syntax-unknown-unit',
        { unit: unit.image, expected: '`times`' },
        this.tokenRange(unit),
        didYouMean(unit.image, ['times']),
      );
    }
    return {
      kind: 'event-count',
      op,
      n: this.number(only(c.NumberLiteral)),
      range: this.nodeRange(node),
    };
  }

  /** A time unit word; an unknown one is reported and read as `day` so checking goes on. */
  timeUnit(node: cst.TimeUnitCstNode): ast.TimeUnit {
    const unitToken = only(node.children.Identifier);
    const unit = timeUnits[unitToken.image];
    if (!unit) {
      this.report(
        'syntax-unknown-unit',
        { unit: unitToken.image, expected: 'a time unit: `minutes`, `hours`, `days` or `weeks`' },
        this.tokenRange(unitToken),
        didYouMean(unitToken.image, Object.keys(timeUnits)),
      );
    }
    return unit ?? 'day';
  }

  window(node: cst.WindowCstNode): ast.Window {
    const c = node.children;
    const range = this.nodeRange(node);
    if (c.Within) {
      return {
        kind: 'within',
        amount: this.number(only(c.NumberLiteral)),
        unit: this.timeUnit(only(c.timeUnit)),
        range,
      };
    }
    const [first, second] = c.literal ?? [];
    if (c.agoSuffix) return this.agoWindow(c, only(c.agoSuffix), range);
    if (c.timeUnit) {
      // `between 1 day and 2` without `UNITS ago`: the unit can only belong to a rolling window.
      const text = (n: cst.LiteralCstNode): string => {
        const r = this.nodeRange(n);
        return this.source.text.slice(r.start.offset, r.end.offset);
      };
      const unit = timeUnits[only(only(c.timeUnit).children.Identifier).image] ?? 'day';
      const fixed = `between ${text(first!)} and ${text(second!)} ${unit}s ago`;
      this.report('syntax-expected-ago', { fixed }, range, [`write \`${fixed}\``]);
    }
    if (c.Between)
      return { kind: 'between', from: this.literal(first!), to: this.literal(second!), range };
    if (c.Before) return { kind: 'before', value: this.literal(first!), range };
    return { kind: 'after', value: this.literal(first!), range };
  }

  /** `between N [UNITS] and M UNITS ago`, `before N UNITS ago` (LANGUAGE.md §12.1). */
  agoWindow(
    c: cst.WindowCstChildren,
    suffix: cst.AgoSuffixCstNode,
    range: SourceRange,
  ): ast.AgoWindow {
    const unit = this.timeUnit(only(suffix.children.timeUnit));
    const ago = suffix.children.Identifier?.[0];
    if (ago?.image !== 'ago') {
      const unitEnd = this.nodeRange(only(suffix.children.timeUnit)).end.offset;
      const fixed = `${this.source.text.slice(range.start.offset, unitEnd)} ago`;
      this.report(
        'syntax-expected-ago',
        { fixed },
        ago ? this.tokenRange(ago) : this.nodeRange(suffix),
        [`write \`${fixed}\``],
      );
    }
    const bound = (node: cst.LiteralCstNode): ast.NumberLiteral => {
      const literal = this.literal(node);
      if (literal.kind === 'number') return literal;
      const written = this.source.text.slice(literal.range.start.offset, literal.range.end.offset);
      this.report('syntax-ago-bounds', { written }, literal.range);
      return { kind: 'number', value: 0, raw: '0', range: literal.range };
    };
    const [first, second] = c.literal ?? [];
    if (!c.Between) return { kind: 'ago', near: bound(first!), unit, range };
    const window: ast.AgoWindow = {
      kind: 'ago',
      near: bound(first!),
      far: bound(second!),
      unit,
      range,
    };
    const nearUnit = c.timeUnit?.[0];
    if (nearUnit)
      window.nearUnit = { unit: this.timeUnit(nearUnit), range: this.nodeRange(nearUnit) };
    return window;
  }

  aggregation(node: cst.AggregationCstNode): ast.TraitAggregation {
    const c = node.children;
    if (c.userUnit) return this.userCount(node);
    const result: ast.Aggregation = {
      kind: 'aggregation',
      fn: only(c.AggregationFn).image as ast.AggregationFunction,
      event: this.eventRef(only(c.eventRef)),
      range: this.nodeRange(node),
    };
    if (c.AnyWord) result.property = this.identifier(only(c.AnyWord));
    if (c.orCondition) result.filter = this.condition(only(c.orCondition));
    if (c.window) result.window = this.window(only(c.window));
    if (c.NumberLiteral) result.minCount = this.number(only(c.NumberLiteral));
    return result;
  }

  /** `count users [C]` (§12.4); C is one (possibly negated) atom, as a quantifier's body. */
  userCount(node: cst.AggregationCstNode): ast.UserCount {
    const c = node.children;
    const fn = only(c.AggregationFn);
    if (fn.image !== 'count')
      this.report('syntax-user-count-function', { fn: fn.image }, this.tokenRange(fn));
    const result: ast.UserCount = { kind: 'user-count', range: this.nodeRange(node) };
    if (c.notCondition)
      result.body = this.requireCondition(this.notCondition(only(c.notCondition)));
    return result;
  }

  // ---------------------------------------------------------------- literals

  literal(node: cst.LiteralCstNode): ast.Literal {
    return node.children.list
      ? this.list(only(node.children.list))
      : this.scalar(only(node.children.scalar));
  }

  list(node: cst.ListCstNode): ast.ListLiteral {
    return {
      kind: 'list',
      items: (node.children.scalar ?? []).map((s) => this.scalar(s)),
      range: this.nodeRange(node),
    };
  }

  scalar(node: cst.ScalarCstNode): ast.ScalarLiteral {
    const c = node.children;
    if (c.StringLiteral) return this.string(only(c.StringLiteral));
    if (c.NumberLiteral) return this.number(only(c.NumberLiteral));
    return { kind: 'boolean', value: c.True !== undefined, range: this.nodeRange(node) };
  }

  string(token: IToken): ast.StringLiteral {
    const { value, badEscapes } = unescapeString(token.image);
    for (const bad of badEscapes) {
      const start = token.startOffset + bad.offset;
      this.report(
        'syntax-invalid-escape',
        { escape: bad.text },
        this.source.range(start, start + bad.text.length),
        ['write `\\\\` for a backslash'],
      );
    }
    // Warehouses store no NUL in text (PostgreSQL refuses it outright): say so here, located.
    const nul = value.indexOf('\u0000');
    if (nul >= 0) {
      const raw = token.image.indexOf('\u0000');
      const at = raw >= 0 ? raw : token.image.indexOf('\\u0000');
      const start = token.startOffset + Math.max(at, 0);
      this.report('syntax-nul-in-string', {}, this.source.range(start, start + 1));
    }
    return { kind: 'string', value, range: this.tokenRange(token) };
  }

  number(token: IToken): ast.NumberLiteral {
    return {
      kind: 'number',
      value: Number(token.image),
      raw: token.image,
      range: this.tokenRange(token),
    };
  }
}

/**
 * Builds the AST of one definition. Errors found on the way go to `diagnostics`
 * and make the result a `broken` definition (keeping its name).
 */
export function cstToAst(
  node: cst.DefinitionCstNode,
  source: SourceFile,
  diagnostics: Diagnostic[],
): ast.Definition {
  const builder = new AstBuilder(source, []);
  const definition = builder.definition(node);
  if (builder.diagnostics.length === 0) return definition;
  diagnostics.push(...builder.diagnostics);
  switch (definition.kind) {
    case 'trait':
    case 'sql-trait':
      return { kind: 'broken', declared: 'trait', name: definition.name, range: definition.range };
    case 'audience':
      return {
        kind: 'broken',
        declared: 'audience',
        name: definition.name,
        range: definition.range,
      };
    case 'split':
      return { kind: 'broken', declared: 'split', name: definition.name, range: definition.range };
    case 'sync':
      // A sync declares no name: its NAME is a reference to what it syncs.
      return { kind: 'broken', declared: 'sync', range: definition.range };
    case 'broken':
      return definition;
  }
}
