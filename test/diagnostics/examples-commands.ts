/**
 * Commands given something they cannot use (code-examples.ts): an unknown
 * option value, definition, destination, target or plan file. Each runs in a
 * small project with data (an in-memory DuckDB over NDJSON files), through
 * the real command line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../../src/runtime/plan/plan.js';
import { serializePlan } from '../../src/runtime/plan/plan-file.js';
import type { CodeExample } from './code-examples.js';
import { DATA_ROSTER_YAML, dataProject, NOW, RUN_ID } from './example-projects.js';

const command = (code: string, meant: string, ...commands: string[][]): CodeExample => ({
  code,
  meant,
  files: dataProject(),
  show: [],
  commands,
});

export const commandExamples: CodeExample[] = [
  command('cli-bad-option', 'a number of rows in words', ['preview', 'pro', '--limit', 'ten']),
  command('cli-invalid-format', 'a format plan does not write', ['plan', '--format', 'yaml']),
  command('cli-invalid-limit', 'a limit of payloads in words', [
    'plan',
    '--now',
    NOW,
    '--show-payloads',
    'audit',
    '--limit',
    'all',
  ]),
  command('cli-invalid-now', '`--now` in words', ['plan', '--now', 'yesterday']),
  command('cli-path-not-found', 'a misspelt folder to format', ['fmt', 'audience']),
  command('cli-unknown-definition', 'a misspelt audience to preview', ['preview', 'admin']),
  command('cli-unknown-destination', 'a misspelt destination for the payloads', [
    'plan',
    '--now',
    NOW,
    '--show-payloads',
    'audti',
  ]),
  command('explain-trait-needs-id', 'a trait explained without the id to explain it for', [
    'explain',
    'logins',
    '--now',
    NOW,
  ]),
  command('explain-unknown-definition', 'a misspelt audience to explain', ['explain', 'admin']),
  command('explain-unknown-id', 'an id in another case than the data’s', [
    'explain',
    'admins',
    'U1',
    '--now',
    NOW,
  ]),
  command('plan-select-unknown', 'a misspelt definition to select', [
    'plan',
    '--now',
    NOW,
    '--select',
    'admin',
  ]),
  command('plan-select-unsupported', 'dbt’s tag selector', [
    'plan',
    '--now',
    NOW,
    '--select',
    'tag:nightly',
  ]),
  command('sql-unknown-target', 'a target roster.yaml does not define', [
    'compile',
    '--target',
    'prod',
  ]),
  command('apply-needs-approval', 'apply in CI without approving', ['apply', '--now', NOW]),
  {
    ...command('apply-bad-batch-size', 'ROSTER_BATCH_SIZE with a unit', [
      'apply',
      '--now',
      NOW,
      '--auto-approve',
    ]),
    env: { ROSTER_BATCH_SIZE: '10k' },
  },
  {
    ...command('apply-bad-checkpoint-seconds', 'ROSTER_CHECKPOINT_SECONDS with a unit', [
      'apply',
      '--now',
      NOW,
      '--auto-approve',
    ]),
    env: { ROSTER_CHECKPOINT_SECONDS: '5m' },
  },
  {
    ...command('apply-plan-unreadable', 'a plan file saved by an editor as something else', [
      'apply',
      'plan.json',
    ]),
    files: { ...dataProject(), 'plan.json': '# the plan, reviewed on Monday\n' },
    show: ['plan.json'],
  },
  {
    ...command(
      'apply-plan-mismatch',
      'a plan made for one target applied to another',
      ['plan', '--now', NOW, '--out', 'plan.json'],
      ['apply', 'plan.json', '--target', 'other'],
    ),
    files: dataProject({
      'roster.yaml': DATA_ROSTER_YAML.replace(
        '  dev: { dialect: duckdb }',
        '  dev: { dialect: duckdb }\n  other: { dialect: duckdb }',
      ),
    }),
  },
  {
    ...command(
      'apply-plan-forged',
      'a plan file edited to leave a sync out, its hash made again',
      ['plan', '--now', NOW, '--out', 'plan.json'],
      ['apply', 'plan.json'],
    ),
    between: {
      1: (root: string) => {
        // Edited as someone would who knows how the file's own hash is made.
        const file = join(root, 'plan.json');
        const plan = JSON.parse(readFileSync(file, 'utf8')) as Plan & { hash?: string };
        delete plan.hash;
        plan.syncs = plan.syncs.filter((sync) => sync.name !== 'pro->audit');
        writeFileSync(file, serializePlan(plan));
      },
    },
    mask: [RUN_ID],
  },
  {
    ...command(
      'apply-plan-stale',
      'a plan applied after the definitions changed',
      ['plan', '--now', NOW, '--out', 'plan.json'],
      ['apply', 'plan.json'],
    ),
    between: {
      1: (root: string) =>
        writeFileSync(
          join(root, 'audiences/a.roster'),
          'audience pro = account where plan = "enterprise"\naudience admins = user where role = "Admin"\ntrait logins = user count "Logged In" within 7 days\nsync pro to audit with group\nsync admins to audit with identify\n',
        ),
    },
  },
];
