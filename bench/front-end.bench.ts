/** Parsing and formatting a 1,000-definition workspace (BENCHMARKS.md, "Front end"). */
import { format } from '../src/syntax/format.js';
import { parse } from '../src/syntax/parse.js';
import { frontEndCorpus } from './front-end-corpus.js';
import type { BenchmarkSuite } from './harness.js';

const DEFINITIONS = 1000;
const text = frontEndCorpus(DEFINITIONS);
const size = `${DEFINITIONS} definitions, ${Math.round(text.length / 1024)} KB`;

const suite: BenchmarkSuite = {
  name: 'front end',
  setup: () => {
    // Fail loudly rather than time the error path.
    const { diagnostics } = parse(text, 'bench.roster');
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0)
      throw new Error(`benchmark corpus does not parse: ${errors[0]!.message}`);
  },
  benchmarks: [
    { name: 'parse', size, run: () => parse(text, 'bench.roster') },
    { name: 'parse + fmt', size, run: () => format(text, 'bench.roster') },
  ],
};

export default suite;
