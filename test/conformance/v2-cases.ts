/**
 * The language-v2 conformance project (shared/conformance-v2, LANGUAGE.md §12)
 * and which of its cases are implemented so far. Each construct adds its case
 * files here when it lands; the conformance tests on DuckDB and PostgreSQL and
 * the warehouse SQL checks (sqlglot, translated runs) read this list.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const conformanceV2Dir = path.resolve(repoRoot, '../shared/conformance-v2');

/** Case file names without `.test.yml`, under shared/conformance/cases-v2. */
export const IMPLEMENTED_V2_CASES: readonly string[] = [
  '33-rolling-between-ago',
  '34-rolling-before-ago',
  '35-sequence-two-steps',
  '36-sequence-filters-windows',
  '37-sequence-group-context',
  '38-first-time',
  '39-stopped-doing',
  '40-regularly',
  '41-count-users',
  '42-splits',
];
