/**
 * The docs promise only commands that exist (issue 10.7): every `roster
 * COMMAND` written in a code span or block of README.md and docs/*.md is a
 * command of the CLI. A command still being built must be worded as coming,
 * without the `roster NAME` form.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { buildProgram } from '../../src/cli/program.js';

const repo = join(import.meta.dirname, '..', '..');
const files = [
  'README.md',
  ...readdirSync(join(repo, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
];

/** A fenced block (three or more backticks): its info string and its text. */
const FENCE = /(`{3,})([^\n`]*)\n([\s\S]*?)\1/g;

/**
 * `roster WORD` inside inline code or fenced blocks (prose may say "roster plans").
 * A block marked `text` is roster's own output (docs/diagnostics.md), whose
 * messages say "roster has no `null`": not a command anyone runs.
 */
function commandsNamed(markdown: string): string[] {
  const code = [
    ...[...markdown.matchAll(FENCE)].filter((m) => m[2]!.trim() !== 'text').map((m) => m[3]!),
    ...[...markdown.replace(FENCE, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!),
  ].map((text) => text.replace(/(^|\s)#.*$/gm, '')); // shell and YAML comments are prose
  return code.flatMap((text) =>
    [...text.matchAll(/(?:^|[\s$(])(?:npx )?roster ([a-z][a-z-]*)/gm)].map((m) => m[1]!),
  );
}

describe('docs name only commands that exist', () => {
  const known = new Set(buildProgram(memoryIo(repo)).commands.map((c) => c.name()));

  it('finds the commands the docs name', () => {
    const named = new Set(files.flatMap((f) => commandsNamed(readFileSync(join(repo, f), 'utf8'))));
    for (const command of ['plan', 'apply', 'check', 'test', 'explain', 'docs'])
      expect(named.has(command), command).toBe(true);
  });

  it.each(files)('%s', (file) => {
    const unknown = commandsNamed(readFileSync(join(repo, file), 'utf8')).filter(
      (c) => !known.has(c),
    );
    expect(unknown, `${file} names commands roster does not have`).toEqual([]);
  });

  it('catches a command that does not exist', () => {
    expect(
      commandsNamed('Run `roster audit --all`, then\n```\nnpx roster plan  # roster runs\n```\n'),
    ).toEqual(['plan', 'audit']);
    expect(commandsNamed('````\nroster nope\n````\n```text\nroster has no `null`\n```\n')).toEqual([
      'nope',
    ]);
  });
});
