/**
 * One contender of the scale benchmark in a process of its own, so its peak
 * RSS (DuckDB's native memory included) is its alone:
 *   tsx bench/scale/child.ts time <roster|hand-written> <file>  → {"ms":…,"cpuMs":…,"maxRssKb":…}
 *   tsx bench/scale/child.ts check <file>                       → CheckOutcome
 */
import { CONTENDERS, checkScale, timeContender } from './contenders.js';
import type { Contender } from './contenders.js';

const [mode, a, b] = process.argv.slice(2);
if (mode === 'check' && a) {
  process.stdout.write(`${JSON.stringify(await checkScale(a))}\n`);
} else if (mode === 'time' && a && b && (CONTENDERS as readonly string[]).includes(a)) {
  const time = await timeContender(a as Contender, b);
  process.stdout.write(
    `${JSON.stringify({ ...time, maxRssKb: process.resourceUsage().maxRSS })}\n`,
  );
} else {
  process.stderr.write('usage: child.ts check FILE | child.ts time CONTENDER FILE\n');
  process.exit(2);
}
