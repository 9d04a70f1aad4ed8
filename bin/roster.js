#!/usr/bin/env node
// In a clone of the repository the CLI is the TypeScript sources, run through
// tsx, so `npx roster` works right after `npm ci` with no build step to
// remember. An installed package has no sources: it runs the JavaScript that
// `npm pack` compiled into dist/ (`npm run build`), with no TypeScript loader.
import { existsSync } from 'node:fs';
import { URL } from 'node:url';

const sources = new URL('../src/cli/main.ts', import.meta.url);
let main;
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(sources.href));
} else {
  ({ main } = await import('../dist/src/cli/main.js'));
}
process.exitCode = await main(process.argv);
