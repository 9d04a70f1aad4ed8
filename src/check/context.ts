/**
 * The state one check run shares between its passes: the resolved names, the
 * schema and config, and the diagnostics collected so far.
 */
import type { Diagnostic, RelatedInformation } from '../diagnostics/diagnostic.js';
import type { SourceRange } from '../diagnostics/source.js';
import type { IrEntity, IrValueType } from '../ir/ir.js';
import type { LogicalSource, ProjectConfig, Schema, TraitDeclaration } from '../project/types.js';
import type {
  AudienceDefinition,
  BrokenDefinition,
  SplitDefinition,
  SplitPart,
  SqlTraitDefinition,
  TraitDefinition,
} from '../syntax/ast.js';
import { checkDiagnostic, type CheckCode, type CheckParams } from './messages.js';

export type CheckConfig = Pick<ProjectConfig, 'name' | 'events' | 'sources' | 'destinations'>;

/** A name of the project's namespace (LANGUAGE.md §1). */
export type Symbol =
  | {
      kind: 'trait';
      def: TraitDefinition | SqlTraitDefinition;
      entity: IrEntity;
      /** Undefined while unknown or when the trait's body has an error (an error-typed value). */
      type?: IrValueType;
    }
  | {
      kind: 'audience';
      /** An audience definition, or the split one of whose parts this is (`part`). */
      def: AudienceDefinition | SplitDefinition;
      part?: SplitPart;
      /** A split part's entity is its split audience's, resolved after every name is known. */
      entity: IrEntity;
    }
  /** The NAME of a split (LANGUAGE.md §12.5): taken in the namespace, but not an audience. */
  | { kind: 'split'; def: SplitDefinition }
  | { kind: 'broken'; def: BrokenDefinition };

export interface CheckContext {
  schema: Schema;
  config: CheckConfig;
  symbols: Map<string, Symbol>;
  diagnostics: Diagnostic[];
  /** Set when some piece could not be lowered without an error of ours (a parser-recovered node). */
  incomplete: boolean;
  /** Every name a condition mentions, resolved or not: a trait mentioned by a failing definition is not "unused". */
  mentioned: Set<string>;
  report<C extends CheckCode>(
    code: C,
    params: CheckParams<C>,
    range: SourceRange | undefined,
    hints?: string[],
    related?: RelatedInformation[],
  ): void;
  isConfigured(source: LogicalSource): boolean;
}

export function createContext(schema: Schema, config: CheckConfig): CheckContext {
  const disabled = new Set(config.sources.disabled ?? []);
  const ctx: CheckContext = {
    schema,
    config,
    symbols: new Map(),
    diagnostics: [],
    incomplete: false,
    mentioned: new Set(),
    report(code, params, range, hints = [], related = []) {
      ctx.diagnostics.push(checkDiagnostic(code, params, range, hints, related));
    },
    isConfigured: (source) => !disabled.has(source),
  };
  return ctx;
}

/** Where a name of the namespace is defined: its definition's name (a split part's own name). */
export function symbolRange(sym: Symbol): SourceRange {
  if (sym.kind === 'audience' && sym.part) return sym.part.name.range;
  return sym.def.name?.range ?? sym.def.range;
}

/** Custom traits of an entity, from schema.yml. */
export function customTraits(schema: Schema, entity: IrEntity): Record<string, TraitDeclaration> {
  return entity === 'account' ? schema.account : schema.user;
}

export function otherEntity(entity: IrEntity): IrEntity {
  return entity === 'account' ? 'user' : 'account';
}

/** Every trait name of an entity, custom and defined, for suggestions. */
export function traitNames(ctx: CheckContext, entity: IrEntity): string[] {
  const names = Object.keys(customTraits(ctx.schema, entity));
  for (const [name, sym] of ctx.symbols) {
    if (sym.kind === 'trait' && sym.entity === entity) names.push(name);
  }
  return names;
}

export function audienceNames(ctx: CheckContext, entity?: IrEntity): string[] {
  const names: string[] = [];
  for (const [name, sym] of ctx.symbols) {
    if (sym.kind === 'audience' && (entity === undefined || sym.entity === entity))
      names.push(name);
  }
  return names;
}

/** Per-definition state: what it refers to and which missing sources were already reported. */
export interface DefinitionState {
  /** Referenced definition → first reference (for dependsOn, cycles and unused warnings). */
  deps: Map<string, SourceRange>;
  reportedSources: Set<LogicalSource>;
}

export function newDefinitionState(): DefinitionState {
  return { deps: new Map(), reportedSources: new Set() };
}

/** Reports a needed source the project does not configure, once per definition and source. */
export function needSource(
  ctx: CheckContext,
  st: DefinitionState,
  source: LogicalSource,
  what: string,
  range: SourceRange,
): boolean {
  if (ctx.isConfigured(source)) return true;
  if (!st.reportedSources.has(source)) {
    st.reportedSources.add(source);
    ctx.report('check-missing-source', { what, source }, range, [
      `configure \`sources.${source}\` in roster.yaml, or remove what needs it`,
    ]);
  }
  return false;
}
