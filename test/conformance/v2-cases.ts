/**
 * The language-v2 conformance project (shared/conformance-v2, LANGUAGE.md §12)
 * and its cases: every `*.test.yml` file of shared/conformance/cases-v2, now
 * that every construct of §12 is implemented. The conformance tests on DuckDB
 * and PostgreSQL and the warehouse SQL checks (sqlglot, translated runs) read
 * this list.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const conformanceV2Dir = path.resolve(repoRoot, '../shared/conformance-v2');

const casesDir = path.resolve(conformanceV2Dir, '../conformance/cases-v2');

/** Case file names without `.test.yml`, under shared/conformance/cases-v2, sorted. */
export const V2_CASES: readonly string[] = readdirSync(casesDir)
  .filter((name) => name.endsWith('.test.yml'))
  .map((name) => name.slice(0, -'.test.yml'.length))
  .sort();
