/**
 * Every roster program of the design (LANGUAGE.md §1–§11) and of the shared
 * conformance cases parses without a diagnostic.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parse } from '../../src/syntax/index.js';
import { sharedDir } from './support.js';

interface Block {
  line: number;
  info: string;
  text: string;
}

function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
    blocks.push({ line: start + 1, info: open[1] ?? '', text: body.join('\n') });
  }
  return blocks;
}

/** Blocks of LANGUAGE.md that are not roster programs, by their first line, with the reason. */
const notPrograms: Record<string, string> = {
  'did EVENT [where FILTER] [COUNT] [WINDOW]':
    'grammar schematic of §4.2 (placeholders in capitals)',
  'any user C          exists a user of the account with C          (default)':
    'table of quantifier meanings (§4.4)',
  'trait NAME = ENTITY AGGREGATION': 'grammar schematic of §5',
  'trait NAME = ENTITY sql TYPE """ SELECT … """': 'grammar schematic of §6',
  'sync NAME to DESTINATION with CALL, CALL, ...': 'grammar schematic of §7',
};

describe('LANGUAGE.md', () => {
  const markdown = readFileSync(join(sharedDir(), 'design', 'LANGUAGE.md'), 'utf8');
  const blocks = fencedBlocks(markdown);
  const programs: { where: string; text: string }[] = [];
  for (const block of blocks) {
    if (block.info === 'yaml') {
      // YAML blocks are project files (§10, §11); a `program:` inside one is roster code.
      const data: unknown = parseYaml(block.text);
      if (
        data &&
        typeof data === 'object' &&
        'program' in data &&
        typeof data.program === 'string'
      ) {
        programs.push({ where: `yaml block at line ${block.line}`, text: data.program });
      }
      continue;
    }
    const firstLine = block.text.split('\n')[0]!.trim();
    if (firstLine in notPrograms) continue;
    programs.push({ where: `block at line ${block.line}`, text: block.text });
  }

  it('has the blocks this test expects (a new schematic block needs a reason above)', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(9);
    expect(programs.length).toBeGreaterThanOrEqual(2);
  });

  it.each(programs.map((p) => [p.where, p.text] as const))(
    '%s parses without diagnostics',
    (_where, text) => {
      const { program, diagnostics } = parse(text, 'LANGUAGE.md');
      expect(diagnostics).toEqual([]);
      expect(program.definitions.every((d) => d.kind !== 'broken')).toBe(true);
    },
  );

  it('§1: the example program has its four definitions, with the doc comment attached', () => {
    const first = blocks.find((b) => b.text.startsWith('## Logins'))!;
    const { program } = parse(first.text, 'example.roster');
    expect(program.definitions.map((d) => d.kind)).toEqual([
      'trait',
      'sql-trait',
      'audience',
      'sync',
    ]);
    expect(program.definitions[0]!.kind === 'trait' && program.definitions[0]!.doc?.text).toBe(
      'Logins by anyone in the account over the last 30 days.',
    );
  });
});

describe('conformance cases', () => {
  const casesDir = join(sharedDir(), 'conformance', 'cases');
  const files = readdirSync(casesDir).filter((f) => f.endsWith('.test.yml'));

  it('finds the conformance cases', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  const programs = files.flatMap((file) => {
    const data = parseYaml(readFileSync(join(casesDir, file), 'utf8')) as { program?: unknown };
    return typeof data.program === 'string' ? [[file, data.program] as const] : [];
  });

  it.each(programs)('%s parses without diagnostics', (file, text) => {
    const { program, diagnostics } = parse(text, file);
    expect(diagnostics).toEqual([]);
    expect(program.definitions.length).toBeGreaterThan(0);
    expect(program.definitions.filter((d) => d.kind === 'broken')).toEqual([]);
  });
});
