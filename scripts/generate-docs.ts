/**
 * `npm run docs`: writes the generated reference pages, docs/cli.md (from the
 * commander definitions), docs/config-reference.md (from schemas/ and the
 * warehouse registry), schemas/roster.schema.json's targets and the drivers
 * table of docs/dialects.md (from the warehouse registry,
 * scripts/warehouse-docs.ts) and the
 * part of docs/diagnostics.md below its marker (from the diagnostics tables
 * and the examples of test/diagnostics/code-examples.ts, run through roster: scripts/diagnostics-page.ts). Tests regenerate
 * each in memory and fail when the committed files drift.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referencePages } from '../src/cli/reference-pages.js';
import { diagnosticsPage } from './diagnostics-page.js';
import { dialectsPage, rosterSchemaText } from './warehouse-docs.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const diagnostics = 'docs/diagnostics.md';
const dialects = 'docs/dialects.md';
const pages = {
  ...referencePages(),
  'schemas/roster.schema.json': await rosterSchemaText(),
  [dialects]: dialectsPage(readFileSync(join(root, dialects), 'utf8')),
  [diagnostics]: await diagnosticsPage(readFileSync(join(root, diagnostics), 'utf8')),
};
for (const [file, text] of Object.entries(pages)) {
  writeFileSync(join(root, file), text);
  console.log(`wrote ${file}`);
}
