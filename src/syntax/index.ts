/** The syntax stage: text → AST with ranges, plus syntax diagnostics. */
export { parse, type ParseContext, type ParseResult } from './parse.js';
export { allTokens as tokenVocabulary, keywordWords } from '../../grammar/tokens.js';
export type * from './ast.js';
export * from './format.js';
