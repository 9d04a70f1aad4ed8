/**
 * `npm run docs`: writes the generated reference pages, docs/cli.md (from the
 * commander definitions) and docs/config-reference.md (from schemas/). A test
 * regenerates both in memory and fails when the committed files drift.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referencePages } from '../src/cli/reference-pages.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const [file, text] of Object.entries(referencePages())) {
  writeFileSync(join(root, file), text);
  console.log(`wrote ${file}`);
}
