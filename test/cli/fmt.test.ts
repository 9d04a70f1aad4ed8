import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerFmt } from '../../src/cli/commands/index.js';
import { memoryIo } from '../../src/cli/io.js';

const UGLY = 'audience   pro=account where plan="pro"and seats>10\n';
const PRETTY = 'audience pro = account where plan = "pro" and seats > 10\n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roster-fmt-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function roster(...args: string[]) {
  const io = memoryIo(dir);
  const program = new Command('roster').exitOverride();
  registerFmt(program, io);
  await program.parseAsync(['fmt', ...args], { from: 'user' });
  return { code: io.exitCode, out: io.out.join('\n'), err: io.err.join('\n') };
}

async function put(path: string, text: string): Promise<string> {
  const full = join(dir, path);
  await mkdir(join(full, '..'), { recursive: true });
  await writeFile(full, text);
  return full;
}

describe('roster fmt', () => {
  it('rewrites every *.roster file of the project in place and lists them', async () => {
    const a = await put('audiences/a.roster', UGLY);
    const b = await put('audiences/nested/b.roster', PRETTY);
    const result = await roster();
    expect(result.code).toBe(0);
    expect(result.out).toBe('audiences/a.roster');
    expect(await readFile(a, 'utf8')).toBe(PRETTY);
    expect(await readFile(b, 'utf8')).toBe(PRETTY);
  });

  it('skips node_modules, dot-folders and other files', async () => {
    const hidden = await put('.git/x.roster', UGLY);
    const dep = await put('node_modules/pkg/y.roster', UGLY);
    const other = await put('notes.txt', UGLY);
    const result = await roster();
    expect(result.code).toBe(0);
    expect(result.out).toBe('');
    expect(result.err).toBe('no *.roster files found under .');
    for (const f of [hidden, dep, other]) expect(await readFile(f, 'utf8')).toBe(UGLY);
  });

  it('formats only the files and folders given', async () => {
    const a = await put('a.roster', UGLY);
    const b = await put('sub/b.roster', UGLY);
    const c = await put('c.roster', UGLY);
    const result = await roster('a.roster', 'sub');
    expect(result.code).toBe(0);
    expect(result.out.split('\n').sort()).toEqual(['a.roster', 'sub/b.roster']);
    expect(await readFile(a, 'utf8')).toBe(PRETTY);
    expect(await readFile(b, 'utf8')).toBe(PRETTY);
    expect(await readFile(c, 'utf8')).toBe(UGLY);
  });

  it('uses --project as the folder to format', async () => {
    const a = await put('proj/a.roster', UGLY);
    const outside = await put('b.roster', UGLY);
    expect((await roster('--project', 'proj')).code).toBe(0);
    expect(await readFile(a, 'utf8')).toBe(PRETTY);
    expect(await readFile(outside, 'utf8')).toBe(UGLY);
  });

  it('--check writes nothing, lists unformatted files and exits 1', async () => {
    const a = await put('a.roster', UGLY);
    await put('b.roster', PRETTY);
    const result = await roster('--check');
    expect(result.code).toBe(1);
    expect(result.out).toBe('a.roster');
    expect(result.err).toBe('1 file is not formatted; run `roster fmt` to fix it');
    expect(await readFile(a, 'utf8')).toBe(UGLY);
  });

  it('--check exits 0 when everything is formatted', async () => {
    await put('b.roster', PRETTY);
    const result = await roster('--check');
    expect(result).toEqual({ code: 0, out: '', err: '' });
  });

  it('leaves a file with syntax errors alone, shows its errors and exits 1, still formatting the others', async () => {
    const broken = 'audience x = account where plan =\n';
    const bad = await put('bad.roster', broken);
    const good = await put('good.roster', UGLY);
    const result = await roster();
    expect(result.code).toBe(1);
    expect(await readFile(bad, 'utf8')).toBe(broken);
    expect(await readFile(good, 'utf8')).toBe(PRETTY);
    expect(result.out).toBe('good.roster');
    // Rendered with file:line:col, the source line and a caret.
    expect(result.err).toMatch(/^bad\.roster:1:\d+: error\[syntax-[a-z-]+\]: /);
    expect(result.err).toContain('1 | audience x = account where plan =');
  });

  it('reports a path that does not exist', async () => {
    const result = await roster('missing.roster');
    expect(result.code).toBe(1);
    expect(result.err).toContain('error[cli-path-not-found]: `missing.roster` does not exist');
    expect(result.err).toContain('= help: give a *.roster file or a folder holding some');
  });
});
