/**
 * Checking a 1,000-definition workspace: parse + check (names, entities, types,
 * cycles, lowering to IR), check alone on already-parsed programs, and parse +
 * check + compile to DuckDB SQL (issue 14's "1,000 definitions check +
 * compile under 1 s"). Uses the front-end corpus with a schema that declares
 * everything it reads.
 */
import { checkProgram } from '../src/check/check.js';
import type { CheckConfig } from '../src/check/check.js';
import type { Program } from '../src/syntax/ast.js';
import { parse } from '../src/syntax/parse.js';
import type { Schema, TraitDeclaration, ValueType } from '../src/project/types.js';
import { compileProject } from '../src/sql/compile-project.js';
import { frontEndCorpus } from './front-end-corpus.js';
import type { BenchmarkSuite } from './harness.js';

const DEFINITIONS = 1000;
const text = frontEndCorpus(DEFINITIONS);
const size = `${DEFINITIONS} definitions, ${Math.round(text.length / 1024)} KB`;

const decls = (r: Record<string, ValueType>): Record<string, TraitDeclaration> =>
  Object.fromEntries(Object.entries(r).map(([name, type]) => [name, { name, type }]));
const properties = decls({ feature: 'string', revenue: 'number', currency: 'string' });
const events = [
  'Logged In',
  'Feature Used',
  'Order Completed',
  'Invite Sent',
  'Report Exported',
  'Seat Added',
];

const schema: Schema = {
  file: 'schema.yml',
  account: decls({ industry: 'string', plan: 'string', seats: 'number' }),
  user: decls({ role: 'string', email: 'string', signed_up_at: 'timestamp' }),
  events: Object.fromEntries(events.map((name) => [name, { name, properties }])),
};
const config: CheckConfig = {
  name: 'bench',
  events: { scope: 'group_context' },
  sources: {
    layout: 'json',
    mappings: Object.fromEntries(
      ['accounts', 'users', 'memberships', 'tracks', 'pages', 'screens'].map((table) => [
        table,
        { table, columns: {} },
      ]),
    ),
  },
  destinations: { zendesk: { name: 'zendesk', type: 'segment', settings: {} } },
};

let program: Program | undefined;

function parseCheckCompile(): unknown {
  const parsed = parse(text, 'bench.roster');
  const { ir } = checkProgram({ programs: [parsed.program], schema, config });
  if (!ir) throw new Error('the benchmark corpus stopped checking');
  return compileProject(ir, {
    dialect: 'duckdb',
    now: '2026-06-30T00:00:00Z',
    sources: config.sources,
  });
}

function parseAndCheck(): unknown {
  const parsed = parse(text, 'bench.roster');
  return checkProgram({ programs: [parsed.program], schema, config });
}

const suite: BenchmarkSuite = {
  name: 'check',
  setup: () => {
    const parsed = parse(text, 'bench.roster');
    program = parsed.program;
    const result = checkProgram({ programs: [program], schema, config });
    const errors = [...parsed.diagnostics, ...result.diagnostics].filter(
      (d) => d.severity === 'error',
    );
    // Fail loudly rather than time the error path.
    if (errors.length > 0 || !result.ir)
      throw new Error(`benchmark corpus does not check: ${errors[0]?.message}`);
  },
  benchmarks: [
    { name: 'parse + check', size, run: parseAndCheck },
    {
      name: 'check (parsed)',
      size,
      run: () => checkProgram({ programs: [program!], schema, config }),
    },
    { name: 'parse + check + compile', size, run: parseCheckCompile },
  ],
};

export default suite;
