/** The committed grammar artefacts match the grammar: run `npm run generate` after changing grammar/parser.ts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grammarArtifacts } from '../../grammar/artifacts.js';
import { repoRoot } from './support.js';

describe('generated grammar artefacts', () => {
  const artifacts = grammarArtifacts();

  it.each(Object.entries(artifacts))('grammar/generated/%s is up to date', (file, expected) => {
    const committed = readFileSync(join(repoRoot, 'grammar', 'generated', file), 'utf8');
    expect(
      committed === expected,
      `grammar/generated/${file} is stale: run \`npm run generate\``,
    ).toBe(true);
  });

  it('types every rule of the grammar and draws it', () => {
    expect(artifacts['cst.d.ts']).toContain('export interface DidConditionCstNode extends CstNode');
    expect(artifacts['syntax-diagrams.html']).toContain('didCondition');
  });
});
