/**
 * The harness itself: a printed case loads back through the real test-file
 * loader unchanged (so a shrunk failure really is a ready-to-commit
 * `*.test.yml`), and the TLP check reports overlaps, gaps and strangers.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { SourceFile } from '../../src/diagnostics/source.js';
import { loadTestFile } from '../../src/project/test-file.js';
import type { TestData } from '../../src/project/test-case.js';
import type { Project } from '../../src/project/types.js';
import { caseArb } from './case-arbitrary.js';
import { NO_RANGE } from './data-arbitrary.js';
import {
  checkCase,
  loadDifferentialProject,
  mostSplitting,
  openSession,
  partitionProblems,
  runCase,
  runReference,
  splitCount,
  splitProblems,
} from './harness.js';
import type { DiffCase } from './harness.js';
import { NOW } from './pools.js';
import { toTestYaml } from './to-test-yaml.js';

let project: Project;
beforeAll(async () => {
  project = await loadDifferentialProject();
});

const strip = (data: TestData): unknown =>
  JSON.parse(JSON.stringify(data, (k, v) => (k === 'range' ? undefined : v)));

describe('printed test files', () => {
  // Drawn without wrong-typed properties (test files refuse those) and with
  // every message id (test files give id-less rows one), so every
  // sample must load back, whatever the seed (FC_SEED varies it).
  it('load back with the same program, scope, data and expectations', () => {
    const samples = fc.sample(
      caseArb(project.schema, { wrongTypes: false, missingMessageIds: false }),
      { numRuns: 40 },
    );
    let roundTripped = 0;
    for (const c of samples) {
      const checked = checkCase(project, c);
      expect(checked.ir, c.program).toBeDefined();
      const { reference } = runReference(checked.ir!, c.data);
      expect(reference).toBeDefined();
      const yaml = toTestYaml(c.program, c.data, c.scope, reference!);
      const loaded = loadTestFile(new SourceFile('case.test.yml', yaml), {
        schema: project.schema,
      });
      expect(
        loaded.diagnostics.filter((d) => d.severity === 'error'),
        yaml,
      ).toEqual([]);
      const tc = loaded.testCase!;
      expect(tc.now).toBe(NOW);
      expect(tc.program?.text.trimEnd()).toBe(c.program.trimEnd());
      expect(tc.config.events?.scope ?? 'all_accounts').toBe(c.scope);
      expect(strip(tc.data)).toEqual(strip(c.data));
      for (const a of tc.expect.audiences) expect(a.ids).toEqual(reference!.audiences[a.name]);
      for (const t of tc.expect.traits) {
        expect(new Map(Object.entries(t.values))).toEqual(reference!.traits[t.name]);
      }
      roundTripped++;
    }
    expect(roundTripped).toBe(40);
  });
});

describe('TLP partition check', () => {
  const data: TestData = {
    accounts: [],
    users: ['u1', 'u2', 'u3'].map((id) => ({ id, traits: {}, range: NO_RANGE })),
    memberships: [],
    tracks: [],
    pages: [],
    screens: [],
  };
  const partitions = [{ name: 'x', entity: 'user' as const }];

  it('accepts an exact split', () => {
    expect(partitionProblems('e', { x: ['u1'], x_not: ['u2', 'u3'] }, partitions, data)).toEqual(
      [],
    );
  });

  it('reports ids in both, in neither, and ids that are not entities', () => {
    expect(
      partitionProblems('e', { x: ['u1', 'u2'], x_not: ['u2', 'u9'] }, partitions, data),
    ).toEqual(['TLP on e: x / x_not — in both [u2], in neither [u3], not users [u9]']);
  });

  it('reports a partition it could not compare', () => {
    expect(partitionProblems('e', { x: ['u1'] }, partitions, data)).toEqual([
      'TLP on e: x / x_not — no result for x_not',
    ]);
    expect(partitionProblems('e', {}, partitions, data)).toEqual([
      'TLP on e: x / x_not — no result for x and x_not',
    ]);
  });
});

describe('split check', () => {
  const program = [
    'audience x = user where did "Logged In"',
    'split s = x into p0 25%, p1 25%, p2 50%',
  ].join('\n\n');
  const ir = () => checkCase(project, { program, scope: 'all_accounts' }).ir!;

  it('reads the parts from the IR and accepts parts that divide the members exactly', () => {
    expect(
      splitProblems('e', { x: ['u1', 'u2', 'u3'], p0: ['u2'], p1: [], p2: ['u1', 'u3'] }, ir()),
    ).toEqual([]);
  });

  it('reports ids in two parts, members in none, and part members outside the audience', () => {
    expect(
      splitProblems('e', { x: ['u1', 'u2', 'u3'], p0: ['u2'], p1: ['u2', 'u4'], p2: ['u1'] }, ir()),
    ).toEqual([
      'split s of x on e: in two parts [u2 (p0, p1)], in no part [u3], in a part but not in x [u4]',
    ]);
  });

  it('reports a split it could not compare', () => {
    expect(splitProblems('e', { x: ['u1'], p0: [], p1: [] }, ir())).toEqual([
      'split s on e: no result for x or a part',
    ]);
  });
});

describe('data sets that split the audiences', () => {
  const users = (roles: string[]): TestData => ({
    accounts: [],
    users: roles.map((role, i) => ({ id: `u${i + 1}`, traits: { role }, range: NO_RANGE })),
    memberships: [],
    tracks: [],
    pages: [],
    screens: [],
  });
  const candidate = (roles: string[]): DiffCase => ({
    program:
      'audience x = user where role = "pro"\n\naudience x_not = user where not role = "pro"\n',
    data: users(roles),
    scope: 'all_accounts',
    partitions: [{ name: 'x', entity: 'user' }],
  });

  it('count an audience with some members and some entities outside it', () => {
    const c = candidate(['pro', 'free', 'free']);
    expect(splitCount({ x: ['u1'] }, c)).toBe(1);
    expect(splitCount({ x: [] }, c)).toBe(0);
    expect(splitCount({ x: ['u1', 'u2', 'u3'] }, c)).toBe(0);
    // Ids that are not entities do not make a split.
    expect(splitCount({ x: ['u1', 'u2', 'u3', 'u9'] }, c)).toBe(0);
  });

  it('the draw whose reference result splits most is kept, else the first', () => {
    const nobody = candidate(['free', 'free']);
    const everybody = candidate(['pro', 'pro']);
    const some = candidate(['pro', 'free']);
    expect(mostSplitting(project, [nobody, everybody, some])).toBe(some);
    expect(mostSplitting(project, [everybody, nobody])).toBe(everybody);
    // A program the checker rejects keeps the first draw, for the harness to report.
    const broken = { ...nobody, program: 'audience x = user where nope = 1\n' };
    expect(mostSplitting(project, [broken, { ...some, program: broken.program }])).toBe(broken);
  });
});

describe('a planted bug', () => {
  const data: TestData = {
    accounts: [],
    users: ['u1', 'u2'].map((id) => ({
      id,
      traits: { role: id === 'u1' ? 'pro' : 'free' },
      range: NO_RANGE,
    })),
    memberships: [],
    tracks: [],
    pages: [],
    screens: [],
  };
  const c: DiffCase = {
    program:
      'audience x = user where role = "pro"\n\naudience x_not = user where not role = "pro"\n',
    data,
    scope: 'all_accounts',
    partitions: [{ name: 'x', entity: 'user' }],
  };

  it('is reported against the reference and by the partition check', async () => {
    const session = await openSession('duckdb');
    try {
      expect((await runCase(project, session, c)).status).toBe('passed');
      // A "compiler" that loses the first member of the first audience it reads (`x`).
      // Evaluation reads results by column where the session can (queryColumns), else by row.
      const warehouse = session.warehouse;
      const realRows = warehouse.query.bind(warehouse);
      const realColumns = warehouse.queryColumns?.bind(warehouse);
      let planted = false;
      warehouse.query = async (sql) => {
        const rows = await realRows(sql);
        // Audience results are the only rows holding just an `id`.
        const audienceRows = rows.length > 0 && Object.keys(rows[0]!).join() === 'id';
        if (!audienceRows || planted) return rows;
        planted = true;
        return rows.slice(1);
      };
      if (realColumns) {
        warehouse.queryColumns = async (sql) => {
          const columns = await realColumns(sql);
          const names = Object.keys(columns);
          if (names.join() !== 'id' || columns.id!.length === 0 || planted) return columns;
          planted = true;
          return { id: columns.id!.slice(1) };
        };
      }
      const outcome = await runCase(project, session, c);
      expect(outcome.status).toBe('failed');
      const problems = outcome.status === 'failed' ? outcome.problems : [];
      expect(problems).toEqual([
        'TLP on duckdb: x / x_not — in both [], in neither [u1], not users []',
        'duckdb vs reference: audience x: reference [u1], warehouse [] (missing [u1], unexpected [])',
      ]);
    } finally {
      await session.close();
    }
  });
});
