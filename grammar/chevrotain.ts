/**
 * Chevrotain, loaded from its single-file bundle.
 *
 * The package's entry point pulls in lodash-es as ~650 separate ES modules,
 * which costs seconds at every CLI start (each module goes through the
 * TypeScript loader). The bundle that the package ships is the same code in
 * one module. Types still come from the package itself.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Chevrotain from 'chevrotain';

const entry = createRequire(import.meta.url).resolve('chevrotain'); // …/chevrotain/lib/src/api.js
const bundle = pathToFileURL(join(dirname(entry), '..', 'chevrotain.mjs')).href;
const chevrotain = (await import(bundle)) as typeof Chevrotain;

export const {
  CstParser,
  EOF,
  Lexer,
  createSyntaxDiagramsCode,
  createToken,
  createTokenInstance,
  generateCstDts,
  tokenLabel,
  tokenMatcher,
} = chevrotain;
