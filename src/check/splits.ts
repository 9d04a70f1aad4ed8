/**
 * Splits (LANGUAGE.md §12.5): `split NAME = AUDIENCE into PART P%, …`.
 *
 * NAME and every PART take a name in the project's one namespace; each PART is
 * an ordinary audience (on AUDIENCE's entity) lowered to
 * `in AUDIENCE and <bucket in [c(i-1), ci)>`, so references, syncs, graphs,
 * plans and explain treat it like any audience. NAME is not an audience: it
 * only seeds the hash. Shares are compared in basis points, never in floating
 * point.
 */
import type { SourceRange } from '../diagnostics/source.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { IrAudience, IrEntity } from '../ir/ir.js';
import type { SplitDefinition, SplitPart } from '../syntax/ast.js';
import {
  audienceNames,
  newDefinitionState,
  symbolRange,
  type CheckContext,
  type DefinitionState,
  type Symbol,
} from './context.js';

/** The whole, in basis points (100% = 10000). */
const WHOLE = 10_000n;

/** Claims `name` for `symbol`; reports a duplicate (and keeps the first) when it is taken. */
function claim(
  ctx: CheckContext,
  name: { name: string; range: SourceRange },
  symbol: Symbol,
): boolean {
  const existing = ctx.symbols.get(name.name);
  if (existing && existing.kind !== 'broken') {
    ctx.report(
      'name-duplicate',
      { name: name.name },
      name.range,
      ['rename one of them: names are unique across all files of a project'],
      [{ message: `\`${name.name}\` is first defined here`, range: symbolRange(existing) }],
    );
    return false;
  }
  ctx.symbols.set(name.name, symbol);
  return true;
}

/**
 * Registers the split's NAME and its parts. A part's entity is provisional
 * until `resolveSplitEntities` (its split audience may be defined later, or be
 * another split's part). False when any name was taken (the split then lowers to nothing).
 */
export function registerSplit(ctx: CheckContext, d: SplitDefinition): boolean {
  let ok = claim(ctx, d.name, { kind: 'split', def: d });
  for (const part of d.parts) {
    ok = claim(ctx, part.name, { kind: 'audience', def: d, part, entity: 'account' }) && ok;
  }
  return ok;
}

/** The entity of audience `name`, following splits of split parts; undefined when it is not an audience. */
function audienceEntity(ctx: CheckContext, name: string, seen: Set<string>): IrEntity | undefined {
  const sym = ctx.symbols.get(name);
  if (sym?.kind !== 'audience' || seen.has(name)) return undefined;
  if (sym.def.kind === 'audience') return sym.def.entity;
  seen.add(name);
  return audienceEntity(ctx, sym.def.audience.name, seen);
}

/**
 * Gives every split part its split audience's entity. The parts of a split
 * whose audience does not resolve become broken names: `checkSplit` reports
 * the cause once, and a reference to a part does not add a second error.
 */
export function resolveSplitEntities(ctx: CheckContext): void {
  for (const [name, sym] of ctx.symbols) {
    if (sym.kind !== 'audience' || sym.def.kind !== 'split') continue;
    const entity = audienceEntity(ctx, name, new Set());
    if (entity) sym.entity = entity;
    else ctx.symbols.set(name, { kind: 'broken', def: { kind: 'broken', range: sym.def.range } });
  }
}

/** A share as written, in basis points; a problem when it is not > 0 with at most two decimals. */
function basisPoints(
  percent: SplitPart['percent'],
): { bp: bigint } | { problem: 'split-percent-not-positive' | 'split-percent-precision' } {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(percent.raw);
  if (!match) return { problem: 'split-percent-not-positive' };
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > 2) return { problem: 'split-percent-precision' };
  const bp = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
  if (sign === '-' || bp === 0n) return { problem: 'split-percent-not-positive' };
  return { bp };
}

/** `9950` basis points as `99.5`. */
function percentText(bp: bigint): string {
  const whole = bp / 100n;
  const fraction = (bp % 100n).toString().padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

export interface CheckedPart {
  name: string;
  st: DefinitionState;
  ir?: IrAudience;
}

/** Checks a split and lowers each part to an audience (none when anything is wrong). */
export function checkSplit(
  ctx: CheckContext,
  d: SplitDefinition,
  registered: boolean,
): CheckedPart[] {
  const source = d.audience.name;
  ctx.mentioned.add(source);
  const parts: CheckedPart[] = d.parts.map((part) => {
    const st = newDefinitionState();
    st.deps.set(source, d.audience.range);
    return { name: part.name.name, st };
  });
  const entity = splitAudienceEntity(ctx, d);

  const shares: bigint[] = [];
  for (const part of d.parts) {
    const share = basisPoints(part.percent);
    if ('problem' in share) {
      ctx.report(
        share.problem,
        { part: part.name.name, percent: part.percent.raw },
        spanOf(part.percent.range, part.range),
      );
    } else shares.push(share.bp);
  }
  const sharesOk = shares.length === d.parts.length;
  const total = shares.reduce((sum, bp) => sum + bp, 0n);
  if (sharesOk && total !== WHOLE) {
    ctx.report('split-percent-sum', { name: d.name.name, total: percentText(total) }, d.range);
  }
  if (!registered || !entity || !sharesOk || total !== WHOLE) {
    // A part whose name was taken is not a node of this split (no self-reference, no cycle).
    return parts.filter((_, i) => {
      const sym = ctx.symbols.get(d.parts[i]!.name.name);
      return sym?.kind === 'audience' && sym.part === d.parts[i];
    });
  }

  let from = 0n;
  return parts.map((part, i) => {
    const to = from + shares[i]!;
    const ir: IrAudience = {
      kind: 'audience',
      name: part.name,
      entity,
      condition: {
        kind: 'and',
        operands: [
          { kind: 'in-audience', entity, audience: source },
          { kind: 'split-bucket', split: d.name.name, from: Number(from), to: Number(to) },
        ],
      },
      ...(d.doc ? { doc: d.doc.text } : {}),
      dependsOn: [source],
    };
    from = to;
    return { ...part, ir };
  });
}

/** The range from a part's share to its `%`. */
function spanOf(percent: SourceRange, part: SourceRange): SourceRange {
  return { file: part.file, start: percent.start, end: part.end };
}

/** The entity of the split's audience, or undefined after reporting why it is not one. */
function splitAudienceEntity(ctx: CheckContext, d: SplitDefinition): IrEntity | undefined {
  const name = d.audience.name;
  const sym = ctx.symbols.get(name);
  const range = d.audience.range;
  if (sym?.kind === 'broken') {
    ctx.incomplete = true;
    return undefined;
  }
  if (!sym) {
    ctx.report('name-unknown-audience', { name }, range, didYouMean(name, audienceNames(ctx)));
    return undefined;
  }
  if (sym.kind === 'trait') {
    ctx.report('name-trait-as-audience', { name }, range, [
      'a split divides the members of an audience: name one defined with `audience NAME = …`',
    ]);
    return undefined;
  }
  if (sym.kind === 'split') {
    ctx.report('name-split-not-audience', { name }, range, [
      `split one of its parts instead: ${sym.def.parts.map((p) => `\`${p.name.name}\``).join(', ')}`,
    ]);
    return undefined;
  }
  return sym.entity;
}
