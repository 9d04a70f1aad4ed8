/**
 * The generated reference pages are committed so they read well on GitHub;
 * this test regenerates them in memory and fails when a command, an option or
 * a JSON Schema changed without `npm run docs`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referencePages } from '../../src/cli/reference-pages.js';

describe('generated docs', () => {
  const pages = Object.entries(referencePages());

  it.each(pages)('%s matches what `npm run docs` writes', (file, text) => {
    expect(readFileSync(file, 'utf8'), `${file} is stale: run \`npm run docs\``).toBe(text);
  });

  it('documents every command and every key', () => {
    const cli = referencePages()['docs/cli.md']!;
    for (const command of ['init', 'check', 'test', 'plan', 'apply', 'docs', 'graph'])
      expect(cli).toContain(`## roster ${command}\n`);
    expect(cli).toContain('| `--format <format>` | output format: text, json, markdown, github');
    const config = referencePages()['docs/config-reference.md']!;
    expect(config).toContain('| `apply.mass_exit_threshold` | number |  | `0.2` |');
    expect(config).toContain(
      '| `write_key` | [setting](#roster-setting) | when `type: "segment"` |',
    );
  });
});
