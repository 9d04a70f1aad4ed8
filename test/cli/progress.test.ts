import { describe, expect, it } from 'vitest';
import { progressWriter } from '../../src/cli/commands/plan.js';
import { memoryIo } from '../../src/cli/io.js';

describe('progress in CI logs (not a terminal)', () => {
  it('shows a counter at most every 5 seconds and when it completes; other lines always', () => {
    const io = memoryIo('/tmp');
    let clock = 0;
    const write = progressWriter(io, () => clock);
    write('evaluating 24 definition(s)');
    write('  audit: 500/2000 calls delivered');
    clock = 1_000;
    write('  audit: 1000/2000 calls delivered');
    write('  computed transitions');
    clock = 6_000;
    write('  audit: 1500/2000 calls delivered');
    clock = 6_500;
    write('  audit: 2000/2000 calls delivered');
    expect(io.err).toEqual([
      'evaluating 24 definition(s)',
      '  audit: 500/2000 calls delivered',
      '  computed transitions',
      '  audit: 1500/2000 calls delivered',
      '  audit: 2000/2000 calls delivered',
    ]);
  });
});
