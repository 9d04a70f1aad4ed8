import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCompileCommand } from '../../src/cli/commands/compile.js';
import { registerCompile } from '../../src/cli/commands/index.js';
import { memoryIo } from '../../src/cli/io.js';
import { checkProject, loadProject } from '../../src/index.js';
import { compileProject, relationPlan } from '../../src/sql/compile-project.js';
import { compiledScript, definitionScripts } from '../../src/sql/script.js';

let dir: string;

const ROSTER_YAML = `name: demo
schema: schema.yml
paths: [audiences]
target: dev
targets:
  dev: { dialect: duckdb }
  pg: { dialect: postgres }
  wh: { dialect: snowflake }
`;
const SCHEMA_YML = `account:
  traits: { plan: string }
user:
  traits: { role: string }
events:
  Logged In: {}
`;
const PROGRAM = `## Accounts with a recent login.
audience active = account where any user did "Logged In" within 30 days

trait logins = account count "Logged In" within 30 days
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roster-compile-'));
  await mkdir(join(dir, 'audiences'));
  await writeFile(join(dir, 'roster.yaml'), ROSTER_YAML);
  await writeFile(join(dir, 'schema.yml'), SCHEMA_YML);
  await writeFile(join(dir, 'audiences', 'main.roster'), PROGRAM);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NOW = '2026-06-30T00:00:00Z';

/** The demo project through the public API, as `roster compile` would compile it for `target`. */
async function compiledFor(target: string) {
  const { project } = await loadProject(dir, { env: {} });
  const ir = project && checkProject(project).ir;
  const dialect = project?.config.targets[target]?.dialect;
  if (!ir || !dialect) throw new Error('the demo project does not check');
  const options = { dialect, now: NOW, sources: project.config.sources };
  return { compiled: compileProject(ir, options), plan: relationPlan(ir, options) };
}

/** What `roster compile` prints: one script per definition, a blank line apart. */
function printed(compiled: Parameters<typeof definitionScripts>[0]): string[] {
  return definitionScripts(compiled).map(({ script }, i) => (i > 0 ? `\n${script}` : script));
}

describe('roster compile', () => {
  it('prints each definition with the tables it is the first to need, deterministically', async () => {
    const first = memoryIo(dir);
    const program = new Command().exitOverride();
    registerCompile(program, first);
    await program.parseAsync(['node', 'roster', 'compile', '--now', NOW]);
    expect(first.exitCode).toBe(0);
    const text = first.out.join('\n');
    expect(text).toContain('-- audience active (account)');
    expect(text).toContain('-- Accounts with a recent login.');
    expect(text).toContain('-- trait logins (account)');
    const { compiled } = await compiledFor('dev');
    expect(first.out).toEqual(printed(compiled));
    // Each setup statement once, under the first definition needing it: the trait reads the
    // account features that `active` created, by name.
    const [active, logins] = compiled.definitions;
    const features = compiled.relations.features.account?.sql;
    expect(active?.needs.map((n) => n.relation)).toContain(features);
    expect(first.out.join('').split(compiled.setup[0] ?? '')).toHaveLength(2);
    expect(first.out[1]).toBe(
      `\n-- trait logins (account)\n-- reads what earlier definitions create: ${features}\n\n${logins?.resultQuery};\n`,
    );
    // within 30 days of 2026-06-30T00:00:00Z starts (exclusive) at 2026-05-31T00:00:00Z.
    expect(text).toContain(`CAST('2026-05-31T00:00:00.000Z' AS TIMESTAMPTZ)`);
    const second = memoryIo(dir);
    await runCompileCommand({ project: '.', now: NOW }, second);
    expect(second.out).toEqual(first.out);
  });

  it('compiles for the PostgreSQL target', async () => {
    const io = memoryIo(dir);
    expect(await runCompileCommand({ project: '.', target: 'pg', now: NOW }, io)).toBe(0);
    expect(io.out.join('\n')).toContain(`CAST(E'2026-05-31T00:00:00.000Z' AS timestamptz)`);
  });

  it('writes one file per definition and run.sql with --out', async () => {
    const io = memoryIo(dir);
    expect(await runCompileCommand({ project: '.', out: 'out', now: NOW }, io)).toBe(0);
    const files = (await readdir(join(dir, 'out'))).sort();
    expect(files).toEqual(['active.sql', 'logins.sql', 'run.sql']);
    const run = await readFile(join(dir, 'out', 'run.sql'), 'utf8');
    // run.sql is the whole compiled project: setup (staging the tracks, the audience's table…),
    // each result query and teardown.
    const { compiled, plan } = await compiledFor('dev');
    expect(plan.map((r) => r.kind)).toEqual(expect.arrayContaining(['event-scan', 'audience']));
    expect(run).toBe(compiledScript(compiled));
    expect(await readFile(join(dir, 'out', 'active.sql'), 'utf8')).toBe(
      definitionScripts(compiled)[0]?.script,
    );
  });

  it('prints the IR with --ir', async () => {
    const io = memoryIo(dir);
    expect(await runCompileCommand({ project: '.', ir: true }, io)).toBe(0);
    expect(io.out.join('\n')).toMatch(/^project demo scope=all_accounts/);
  });

  it('reports an unknown target with a suggestion', async () => {
    const io = memoryIo(dir);
    expect(await runCompileCommand({ project: '.', target: 'pgg', now: NOW }, io)).toBe(1);
    const err = io.err.join('\n');
    expect(err).toContain('sql-unknown-target');
    expect(err).toContain('no target `pgg` in roster.yaml');
    expect(err).toContain('did you mean `pg`?');
  });

  it('compiles for a warehouse target with no connection and no driver', async () => {
    const io = memoryIo(dir);
    expect(await runCompileCommand({ project: '.', target: 'wh', now: NOW }, io)).toBe(0);
    const { compiled } = await compiledFor('wh');
    expect(io.out).toEqual(printed(compiled));
    // Snowflake folds unquoted names to upper case: the relations are named that way.
    expect(compiled.relations.accounts?.sql).toBe('"ROSTER_STAGE_ACCOUNTS"');
  });

  it('rejects a --now that is not an instant', async () => {
    const io = memoryIo(dir);
    expect(await runCompileCommand({ project: '.', now: 'yesterday' }, io)).toBe(1);
    expect(io.err.join('\n')).toContain(
      'error[cli-invalid-now]: `--now yesterday` is not an ISO-8601 instant',
    );
  });
});
