/** Parsing and formatting a 1,000-definition workspace (BENCHMARKS.md, "Front end"). */
import { format } from '../src/syntax/format.js';
import { parse } from '../src/syntax/parse.js';
import { frontEndCorpus } from './front-end-corpus.js';
import type { BenchmarkSuite } from './harness.js';

const DEFINITIONS = 1000;
const text = frontEndCorpus(DEFINITIONS);
const size = `${DEFINITIONS} definitions, ${Math.round(text.length / 1024)} KB`;

// The error path (issue 16): one definition of 400 conditions whose last one lacks its value.
// Explaining it asks the grammar what could come next, which costs a pass over the prefix.
const broken = `audience x = account where ${Array.from({ length: 400 }, (_, i) => `seats > ${i}`).join(' and ')} and seats >\n`;

const suite: BenchmarkSuite = {
  name: 'front end',
  setup: () => {
    // Fail loudly rather than time the error path.
    const { diagnostics } = parse(text, 'bench.roster');
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0)
      throw new Error(`benchmark corpus does not parse: ${errors[0]!.message}`);
    const wrong = parse(broken, 'broken.roster').diagnostics;
    if (wrong.length !== 1 || wrong[0]!.code !== 'syntax-incomplete')
      throw new Error(`the broken definition is not diagnosed as one missing value`);
  },
  benchmarks: [
    { name: 'parse', size, run: () => parse(text, 'bench.roster') },
    { name: 'parse + fmt', size, run: () => format(text, 'bench.roster') },
    {
      name: 'diagnose broken',
      size: '1 definition of 400 conditions, a value missing',
      run: () => parse(broken, 'broken.roster'),
    },
  ],
};

export default suite;
