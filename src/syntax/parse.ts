/**
 * `parse(text, file)`: source text → AST + syntax diagnostics. Never throws.
 *
 * The file is split into one token run per definition (split-definitions.ts)
 * and each run is parsed on its own, so every definition's first mistake is
 * reported in one run and the definitions after it still reach the checker.
 * A definition that does not parse becomes `{ kind: 'broken' }`, keeping its
 * kind and name so references to it do not cascade into "unknown name" errors.
 */
import type { IToken } from 'chevrotain';
import { tokenMatcher } from '../../grammar/chevrotain.js';
import type { DefinitionCstNode } from '../../grammar/generated/cst.js';
import { RosterParser } from '../../grammar/parser.js';
import * as t from '../../grammar/tokens.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { SourceFile } from '../diagnostics/source.js';
import type {
  BrokenDefinition,
  Comment,
  Definition,
  DocComment,
  Identifier,
  Program,
} from './ast.js';
import { cstToAst } from './cst-to-ast.js';
import { diagnoseSyntaxError, errorMessageProvider } from './diagnose.js';
import { groupRepeats } from './group.js';
import { findIdioms } from './idioms.js';
import { isLexicalError, lex } from './lex.js';
import { syntaxError } from './messages.js';
import { misspelledDefinitionKeyword, splitDefinitions } from './split-definitions.js';
import { MAX_NESTING, tooDeep } from './nesting.js';
import type { EventContext } from './unquoted-event.js';

/** What the project around a file tells the parser's explanations (never what it accepts). */
export interface ParseContext extends EventContext {
  /** The destinations of roster.yaml, for the rewrite of an incomplete `sync`. */
  destinations?: readonly string[];
}

export interface ParseResult {
  program: Program;
  diagnostics: Diagnostic[];
}

// Building a Chevrotain parser runs its grammar analysis: do it once and reuse it.
let sharedParser: RosterParser | undefined;
function parser(): RosterParser {
  sharedParser ??= new RosterParser({ errorMessageProvider });
  return sharedParser;
}

function declaredKind(tokens: readonly IToken[]): Definition['kind'] | undefined {
  const type = tokens[0]?.tokenType;
  if (type === t.Trait) return 'trait';
  if (type === t.Audience) return 'audience';
  if (type === t.Sync) return 'sync';
  if (type === t.Split) return 'split';
  const meant = misspelledDefinitionKeyword(tokens, 0);
  return meant === 'trait' || meant === 'audience' || meant === 'sync' ? meant : undefined;
}

/** What a definition that could not be read still tells the checker: its kind and name. */
function brokenDefinition(tokens: readonly IToken[], source: SourceFile): Definition {
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  const range = source.range(first.startOffset, last.startOffset + last.image.length);
  const declared = declaredKind(tokens);
  const nameToken = tokens[1];
  const broken: BrokenDefinition = { kind: 'broken', range };
  if (
    declared === 'trait' ||
    declared === 'audience' ||
    declared === 'sync' ||
    declared === 'split'
  )
    broken.declared = declared;
  // A sync's NAME refers to what it syncs; only traits and audiences declare a name.
  if (
    (declared === 'trait' || declared === 'audience' || declared === 'split') &&
    nameToken &&
    nameToken.tokenType === t.Identifier
  ) {
    const name: Identifier = {
      kind: 'identifier',
      name: nameToken.image,
      range: source.range(nameToken.startOffset, nameToken.startOffset + nameToken.image.length),
    };
    broken.name = name;
  }
  const own = broken.name ? 1 : -1;
  const mentions = tokens.filter((token, i) => i !== own && tokenMatcher(token, t.Name));
  if (mentions.length > 0) broken.mentions = [...new Set(mentions.map((token) => token.image))];
  return broken;
}

function parseDefinition(
  tokens: IToken[],
  source: SourceFile,
  diagnostics: Diagnostic[],
  context: ParseContext,
): Definition {
  if (tokens.some(isLexicalError)) return brokenDefinition(tokens, source); // already reported by `lex`
  const deep = tooDeep(tokens);
  if (deep) {
    const range = source.range(deep.startOffset, deep.startOffset + deep.image.length);
    diagnostics.push(syntaxError('syntax-too-deep', { limit: MAX_NESTING }, range));
    return brokenDefinition(tokens, source);
  }
  const p = parser();
  p.input = tokens;
  const cst = p.definition() as DefinitionCstNode;
  if (p.errors.length > 0) {
    // A habit from another language gets its own answer (idioms.ts); one per mistake.
    const idioms = findIdioms(tokens, source);
    if (idioms.length > 0) {
      diagnostics.push(...idioms);
      return brokenDefinition(tokens, source);
    }
    const first = p.errors[0]!;
    diagnostics.push(
      diagnoseSyntaxError(
        p,
        tokens,
        source,
        { message: first.message, token: first.token },
        context,
      ),
    );
    return brokenDefinition(tokens, source);
  }
  return cstToAst(cst, source, diagnostics);
}

/** `##` lines directly above `definition` (no blank line between), as its documentation. */
function attachDocs(definitions: Definition[], comments: Comment[], source: SourceFile): void {
  const docsByLine = new Map<number, Comment>();
  for (const comment of comments) {
    const lineText = source.line(comment.range.start.line);
    // Only a `##` line of its own documents; a trailing `## …` after code does not.
    if (comment.doc && lineText.trimStart().startsWith('##'))
      docsByLine.set(comment.range.start.line, comment);
  }
  for (const definition of definitions) {
    const block: Comment[] = [];
    for (let line = definition.range.start.line - 1; docsByLine.has(line); line--)
      block.unshift(docsByLine.get(line)!);
    if (block.length === 0 || definition.kind === 'broken') continue;
    const doc: DocComment = {
      text: block.map((c) => c.text.replace(/^##\s?/, '')).join('\n'),
      range: {
        file: source.path,
        start: block[0]!.range.start,
        end: block[block.length - 1]!.range.end,
      },
    };
    definition.doc = doc;
  }
}

export function parse(text: string, file: string, context: ParseContext = {}): ParseResult {
  const source = new SourceFile(file, text);
  const diagnostics: Diagnostic[] = [];
  const program: Program = {
    kind: 'program',
    file,
    definitions: [],
    comments: [],
    range: source.range(0, text.length),
  };
  try {
    const lexed = lex(source);
    diagnostics.push(...lexed.diagnostics);
    program.comments = lexed.comments;
    for (const tokens of splitDefinitions(text, lexed.tokens)) {
      program.definitions.push(parseDefinition(tokens, source, diagnostics, context));
    }
    attachDocs(program.definitions, program.comments, source);
  } catch (cause) {
    // Only a bug in roster gets here; report it as data rather than crash the caller.
    const detail = cause instanceof Error ? cause.message : String(cause);
    diagnostics.push(syntaxError('syntax-internal-error', { detail }, source.range(0, 0)));
  }
  diagnostics.sort((a, b) => (a.range?.start.offset ?? 0) - (b.range?.start.offset ?? 0));
  // A mistake repeated on one line is reported once, with every place (group.ts).
  return { program, diagnostics: groupRepeats(diagnostics, source) };
}
