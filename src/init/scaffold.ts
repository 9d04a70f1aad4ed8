/**
 * `roster init`: the files of a new project that works at once — `check`,
 * `test`, `plan` and `apply` pass in it before the user changes anything.
 *
 * The data set is small CSV files DuckDB reads in place. Its events are dated
 * relative to the moment of `init`, so the first `plan` finds members (and,
 * as days pass without new data, audiences move as real ones do). The test
 * file carries its own data and instant, so it passes on any day.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { packageFile } from '../project/package-root.js';

export interface ScaffoldOptions {
  /** The project folder (its name becomes the project's name). */
  dir: string;
  /** The moment of `init` (ISO-8601): the generated events lead up to it. */
  now: string;
}

/** Relative path → file content, in the order they are written. */
export type ScaffoldFiles = ReadonlyMap<string, string>;

/** The GitHub Actions recipe of examples/ci, shipped with roster and copied as it is. */
export const CI_WORKFLOW_SOURCE = 'examples/ci/github/roster.yml';

const ROSTER_YAML = (
  name: string,
) => `# The project: where the data is, where calls go. docs/config.md in roster's docs
# describes every key; roster's JSON Schemas (schemas/) give editors completion.
name: ${name}
schema: schema.yml
paths: [definitions, tests]

target: dev
targets:
  # DuckDB in memory: reads the CSV files in data/ in place, nothing to install.
  # Moving to your warehouse: add a target (docs/warehouses.md) and pass --target.
  dev: { dialect: duckdb }

destinations:
  # Every call roster would send, one JSON object per line: look before you sync for real.
  audit: { type: file, path: out/calls.ndjson }

sources:
  # One table per relation; on DuckDB a table can be a file, relative to this file.
  layout: json
  accounts: { table: data/accounts.csv }
  users: { table: data/users.csv }
  memberships: { table: data/memberships.csv }
  tracks: { table: data/tracks.csv }
  pages: false
  screens: false
`;

const SCHEMA_YML = `# What the data holds: account traits (from \`group\` calls), user traits (from
# \`identify\` calls) and the track events the product sends.
account:
  traits:
    name: string
    plan: { type: string, enum: [free, trial, pro, enterprise] }
    seats: number
user:
  traits:
    email: string
    role: { type: string, enum: [Admin, Member] }
events:
  Logged In: {}
  Report Viewed:
    properties: { report: string }
`;

const DEFINITIONS = `## Logins by anyone in the account over the last 30 days.
trait logins_30d = account count "Logged In" within 30 days

## Paying accounts whose usage dropped: customer success should call them.
audience at_risk = account where plan in ["pro", "enterprise"] and logins_30d < 5

## Trials where at least two people looked at reports in the last two weeks.
audience engaged_trials =
  account where plan = "trial" and at least 2 users did "Report Viewed" within 14 days

## At-risk accounts to the audit file: a group call on the account, an identify
## and a named track event for each of its users.
sync at_risk to audit with group, identify,
  track (entered = "Account At Risk", exited = "Account Recovered")
`;

const TEST_YML = `# A unit test of the definitions: made-up data, a fixed instant, the expected
# result. \`roster test\` runs it on the embedded DuckDB with the real compiler.
now: "2026-06-30T00:00:00Z"
data:
  accounts:
    - { id: a1, plan: pro }          # 5 logins in 30 days: not at risk
    - { id: a2, plan: enterprise }   # 1 login in 30 days (the other is older): at risk
    - { id: a3, plan: free }         # no logins, but not paying: not at risk
    - { id: a4, plan: trial }        # two users viewed reports: an engaged trial
  users:
    - { id: u1 }
    - { id: u2 }
    - { id: u3 }
    - { id: u4 }
  memberships:
    - { user: u1, account: a1 }
    - { user: u2, account: a2 }
    - { user: u3, account: a4 }
    - { user: u4, account: a4 }
  tracks:
    - { user: u1, event: Logged In, at: "2026-06-01T09:00:00Z" }
    - { user: u1, event: Logged In, at: "2026-06-10T09:00:00Z" }
    - { user: u1, event: Logged In, at: "2026-06-20T09:00:00Z" }
    - { user: u1, event: Logged In, at: "2026-06-25T09:00:00Z" }
    - { user: u1, event: Logged In, at: "2026-06-29T09:00:00Z" }
    - { user: u2, event: Logged In, at: "2026-05-20T09:00:00Z" }   # 41 days before now: outside
    - { user: u2, event: Logged In, at: "2026-06-28T09:00:00Z" }
    - { user: u3, event: Report Viewed, at: "2026-06-25T09:00:00Z", properties: { report: Revenue } }
    - { user: u4, event: Report Viewed, at: "2026-06-26T09:00:00Z", properties: { report: Churn } }
expect:
  audiences:
    at_risk: [a2]
    engaged_trials: [a4]
  traits:
    logins_30d: { a1: 5, a2: 1, a3: 0, a4: 0 }
`;

const GITIGNORE = `# roster's state for the in-memory DuckDB target, the audit file, generated docs.
.roster/
out/
target/
node_modules/
`;

const README = (name: string) => `# ${name}

Audiences as code with [roster](https://www.npmjs.com/package/roster).

\`\`\`sh
roster check                  # type-check every definition
roster test                   # run tests/*.test.yml
roster plan                   # what apply would send
roster apply --auto-approve   # send it (here: to out/calls.ndjson)
roster docs                   # a browsable site of the project (target/docs/index.html)
\`\`\`

- \`definitions/*.roster\`: traits, audiences and syncs.
- \`schema.yml\`: the traits and events the data holds.
- \`data/*.csv\`: a small made-up data set the \`dev\` target reads.
- \`.github/workflows/roster.yml\`: check and plan on pull requests, apply on merge and daily.
`;

const PACKAGE_JSON = (name: string, version: string) =>
  `${JSON.stringify(
    {
      name: name.replace(/_/g, '-'),
      private: true,
      description: 'Audiences as code (roster)',
      devDependencies: { roster: version },
    },
    null,
    2,
  )}\n`;

// ---------------------------------------------------------------- data

interface Company {
  id: string;
  name: string;
  plan: 'free' | 'trial' | 'pro' | 'enterprise';
  seats: number;
  /** Per user: days before now of each login. */
  logins: number[][];
  /** Per user: days before now of each report view. */
  reports?: number[][];
}

/** Eight companies whose activity puts three in `at_risk` and one in `engaged_trials`. */
const COMPANIES: readonly Company[] = [
  {
    id: 'acc_acme',
    name: 'Acme Corp',
    plan: 'pro',
    seats: 25,
    logins: [
      [1, 3, 8, 20],
      [2, 5, 9, 15],
      [4, 12, 27],
    ],
  },
  { id: 'acc_globex', name: 'Globex', plan: 'enterprise', seats: 120, logins: [[6], [18, 44]] },
  {
    id: 'acc_initech',
    name: 'Initech',
    plan: 'trial',
    seats: 5,
    logins: [[1], [2]],
    reports: [[1, 3], [5]],
  },
  {
    id: 'acc_umbrella',
    name: 'Umbrella',
    plan: 'pro',
    seats: 40,
    logins: [
      [35, 40, 45],
      [50, 61, 70],
    ],
  },
  { id: 'acc_hooli', name: 'Hooli', plan: 'free', seats: 3, logins: [[10]] },
  {
    id: 'acc_stark',
    name: 'Stark Industries',
    plan: 'enterprise',
    seats: 300,
    logins: [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ],
  },
  { id: 'acc_wayne', name: 'Wayne Enterprises', plan: 'pro', seats: 60, logins: [[3, 9, 14, 21]] },
  { id: 'acc_wonka', name: 'Wonka', plan: 'trial', seats: 8, logins: [[2]], reports: [[4]] },
];

const REPORTS = ['Revenue', 'Churn', 'Pipeline', 'Usage'];

const csvCell = (value: string): string =>
  /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
const csv = (header: string[], rows: string[][]): string =>
  [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';

/** An instant `days` (plus a few hours, so events do not all tie) before `now`. */
function before(now: number, days: number, hour: number): string {
  return new Date(now - days * 86_400_000 - hour * 3_600_000).toISOString();
}

function dataFiles(nowIso: string): Record<string, string> {
  // Whole hours, so the files read the same whatever the second of `init`.
  const now = Math.floor(Date.parse(nowIso) / 3_600_000) * 3_600_000;
  const users: string[][] = [];
  const memberships: string[][] = [];
  const tracks: string[][] = [];
  let message = 0;
  const event = (user: string, name: string, days: number, props: object) => {
    message += 1;
    tracks.push([
      `msg_${String(message).padStart(4, '0')}`,
      user,
      name,
      before(now, days, (message % 7) + 1),
      '',
      JSON.stringify(props),
    ]);
  };
  for (const c of COMPANIES) {
    const short = c.id.slice('acc_'.length);
    c.logins.forEach((logins, i) => {
      const user = `usr_${short}_${i + 1}`;
      users.push([
        user,
        `${['ana', 'ben', 'chen'][i] ?? 'user'}@${short}.example`,
        i === 0 ? 'Admin' : 'Member',
      ]);
      memberships.push([user, c.id]);
      for (const days of logins) event(user, 'Logged In', days, {});
      for (const days of c.reports?.[i] ?? [])
        event(user, 'Report Viewed', days, { report: REPORTS[message % REPORTS.length] });
    });
  }
  return {
    'data/accounts.csv': csv(
      ['id', 'name', 'plan', 'seats'],
      COMPANIES.map((c) => [c.id, c.name, c.plan, String(c.seats)]),
    ),
    'data/users.csv': csv(['id', 'email', 'role'], users),
    'data/memberships.csv': csv(['user_id', 'account_id'], memberships),
    'data/tracks.csv': csv(
      ['message_id', 'user_id', 'event', 'timestamp', 'group_id', 'properties'],
      tracks,
    ),
  };
}

/** A project name from a folder name: roster names are `[a-z_][a-z0-9_]*`. */
export function projectName(dir: string): string {
  const name = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return name === '' ? 'audiences' : /^[0-9]/.test(name) ? `p_${name}` : name;
}

/** Every file of a new project, by path relative to its folder. */
export function scaffoldFiles(options: ScaffoldOptions, rosterVersion: string): ScaffoldFiles {
  const name = projectName(options.dir);
  return new Map(
    Object.entries({
      'roster.yaml': ROSTER_YAML(name),
      'schema.yml': SCHEMA_YML,
      'definitions/accounts.roster': DEFINITIONS,
      'tests/accounts.test.yml': TEST_YML,
      ...dataFiles(options.now),
      '.github/workflows/roster.yml': readFileSync(packageFile(CI_WORKFLOW_SOURCE), 'utf8'),
      '.gitignore': GITIGNORE,
      'package.json': PACKAGE_JSON(name, rosterVersion),
      'README.md': README(name),
    }),
  );
}
