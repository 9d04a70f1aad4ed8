/**
 * The CI recipes of examples/ci/ are valid workflow files by their platforms'
 * published JSON Schemas (vendored in test/fixtures/ci-schemas/, see its
 * README), do what docs/ci.md says (checks, a sticky plan comment, the full
 * plan in the summary, applies on merge and on a schedule that never
 * overlap), and call roster only with options its commands have.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { buildProgram } from '../../src/cli/program.js';

const GITHUB = 'examples/ci/github/roster.yml';
const GITLAB = 'examples/ci/gitlab/.gitlab-ci.yml';

function validator(schemaFile: string) {
  const schema = JSON.parse(
    readFileSync(`test/fixtures/ci-schemas/${schemaFile}`, 'utf8'),
  ) as object;
  // The published schemas use annotation keywords of their editors (markdownDescription…) and formats.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(schema);
}

const load = (file: string): Record<string, unknown> =>
  parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

type Job = Record<string, unknown> & { steps?: Array<Record<string, unknown>>; script?: string[] };

/** Every `npx roster …` command line of a recipe. */
function rosterCommands(text: string): string[][] {
  return [...text.matchAll(/npx roster ([^\n>|&;]+)/g)].map((m) =>
    m[1]!
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '>' && !w.startsWith('"$')),
  );
}

describe('CI recipes', () => {
  it('the GitHub Actions workflow is valid by the published schema, and the validator rejects a broken one', () => {
    const validate = validator('github-workflow.json');
    const workflow = load(GITHUB);
    expect(validate(workflow), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const jobs = workflow.jobs as Record<string, Job>;
    expect(
      validate({
        ...workflow,
        jobs: { ...jobs, check: { ...jobs.check, 'runs-on': undefined, 'run-on': 'x' } },
      }),
    ).toBe(false);
    expect(validate({ ...workflow, on: { pull_requests: null } })).toBe(false);
  });

  it('the GitLab CI file is valid by the published schema, and the validator rejects a broken one', () => {
    const validate = validator('gitlab-ci.json');
    const pipeline = load(GITLAB);
    expect(validate(pipeline), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(
      validate({
        ...pipeline,
        apply: { ...(pipeline.apply as Job), resource_group: 3, when: 'sometimes' },
      }),
    ).toBe(false);
    expect(validate({ ...pipeline, stages: 'check' })).toBe(false);
  });

  it('GitHub: checks with annotations, one sticky plan comment, applies on merge and schedule in one queue', () => {
    const workflow = load(GITHUB);
    expect(Object.keys(workflow.on as object).sort()).toEqual([
      'pull_request',
      'push',
      'schedule',
      'workflow_dispatch',
    ]);
    const jobs = workflow.jobs as Record<string, Job>;
    const runs = (job: Job) => (job.steps ?? []).map((s) => String(s.run ?? '')).join('\n');
    expect(runs(jobs.check!)).toContain('npx roster check --format github');
    expect(runs(jobs.check!)).toContain('npx roster test');
    expect(jobs.plan!.if).toBe("github.event_name == 'pull_request'");
    expect(runs(jobs.plan!)).toMatch(
      /npx roster plan .*--format markdown\s+--summary-file "\$GITHUB_STEP_SUMMARY" > plan\.md/,
    );
    const script = String((jobs.plan!.steps!.at(-1)!.with as Record<string, string>).script);
    expect(script).toContain('updateComment');
    expect(script).toContain('createComment');
    expect((jobs.plan!.permissions as Record<string, string>)['pull-requests']).toBe('write');
    expect(jobs.apply!.if).toBe("github.event_name != 'pull_request'");
    expect(jobs.apply!.concurrency).toEqual({ group: 'roster-apply', 'cancel-in-progress': false });
    expect(runs(jobs.apply!)).toContain(
      'npx roster apply --target "$ROSTER_TARGET" --auto-approve',
    );
  });

  it('GitLab: the same jobs, the note updated in place, applies serialised by a resource group', () => {
    const pipeline = load(GITLAB);
    const job = (name: string) => pipeline[name] as Job;
    expect(job('check').script).toEqual(['npx roster check', 'npx roster test']);
    expect(job('plan').script!.join('\n')).toContain(
      '--format markdown --summary-file plan-full.md > plan.md',
    );
    expect(job('plan').script!.join('\n')).toContain("method: previous ? 'PUT' : 'POST'");
    expect(job('apply').resource_group).toBe('roster-apply');
    expect((job('apply').rules as Array<{ if: string }>).map((r) => r.if)).toEqual([
      "$CI_PIPELINE_SOURCE == 'schedule'",
      "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == 'push'",
      "$CI_PIPELINE_SOURCE == 'web'",
    ]);
  });

  it('call roster only with commands and options it has', () => {
    const program = buildProgram(memoryIo('.'));
    let checked = 0;
    for (const file of [GITHUB, GITLAB]) {
      for (const [name, ...args] of rosterCommands(readFileSync(file, 'utf8'))) {
        const command = program.commands.find((c) => c.name() === name);
        expect(command, `${file}: roster ${name}`).toBeDefined();
        for (const flag of args.filter((a) => a.startsWith('--'))) {
          expect(
            command!.options.some((o) => o.long === flag),
            `${file}: roster ${name} ${flag}`,
          ).toBe(true);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});
