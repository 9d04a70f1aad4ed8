/** Temporary projects and an in-process CLI for the check and graph command tests. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { memoryIo } from '../../src/cli/io.js';
import { registerCheck, registerGraph } from '../../src/cli/commands/index.js';

const ROSTER_YAML = `name: demo
schema: schema.yml
paths: [audiences]
target: dev
targets:
  dev: { dialect: duckdb }
destinations:
  zendesk: { type: file, path: out/calls.ndjson }
`;

const SCHEMA_YML = `account:
  traits: { plan: string, seats: number }
user:
  traits: { role: string }
events:
  Logged In: {}
`;

/** A project folder with the given files under `audiences/` (roster.yaml and schema.yml added). */
export function makeProject(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'roster-check-'));
  const all = { 'roster.yaml': ROSTER_YAML, 'schema.yml': SCHEMA_YML, ...files };
  for (const [name, text] of Object.entries(all)) {
    const path = join(root, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return root;
}

export async function run(cwd: string, ...args: string[]) {
  const io = memoryIo(cwd);
  const program = new Command('roster').version('9.9.9').exitOverride();
  registerCheck(program, io);
  registerGraph(program, io);
  await program.parseAsync(['node', 'roster', ...args]);
  return { exitCode: io.exitCode, out: io.out.join('\n'), err: io.err.join('\n') };
}
