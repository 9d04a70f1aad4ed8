/**
 * A DuckDB database file closed by one Warehouse and opened again in the
 * same process (the next apply of a library user; a test reading the state
 * after a failed in-process apply). The binding frees a streamed result only
 * when V8 collects it, and until then the result keeps its query, its read
 * transaction and the whole database instance alive after `close()`. When
 * it was collected, that instance shut down and checkpointed what its
 * write-ahead log held over the file, undoing what a later instance had
 * written there since (the "field id mismatch" seen once in CI; here, a
 * table gone). A cursor left early must end its read, and `close()` must
 * leave nothing for such a late shutdown to write.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDb } from '../../src/runtime/warehouses/duckdb.js';

/** V8's collector, as `--expose-gc` would give it: the test needs the late collection to happen now. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('a DuckDB file closed after a cursor', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'roster-duckdb-close-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['left early', 'read to its end'])(
    'keeps what a later instance wrote to the file (cursor %s)',
    async (how) => {
      const gc = collector();
      const path = join(dir, 'state.duckdb');
      const first = await openDuckDb({ path });
      await first.execute('CREATE TABLE t AS SELECT range AS i FROM range(300000)');
      await first.execute('CREATE TABLE d (i BIGINT)');
      if (!first.cursor) throw new Error('the DuckDB warehouse has no cursor');
      let pages = 0;
      for await (const page of first.cursor('SELECT CAST(i AS VARCHAR) FROM t', 2048)) {
        pages += page.length > 0 ? 1 : 0;
        // Committed while the read is open: in the write-ahead log, not yet in the file.
        if (pages === 1) await first.execute('INSERT INTO d SELECT i FROM t WHERE i < 200000');
        if (how === 'left early') break;
      }
      await first.close();

      const second = await openDuckDb({ path });
      expect(await second.query('SELECT count(*) AS n FROM d')).toEqual([{ n: 200_000 }]);
      await second.execute('CREATE TABLE e AS SELECT range AS i FROM range(1000)');
      await second.execute('DELETE FROM d WHERE i < 1000');
      await second.close();
      // Whatever of the first instance was still alive is collected and shuts down.
      gc();
      await new Promise((resolve) => setTimeout(resolve, 100));
      gc();

      const third = await openDuckDb({ path });
      try {
        expect(
          await third.query('SELECT (SELECT count(*) FROM d) AS d, (SELECT count(*) FROM e) AS e'),
        ).toEqual([{ d: 199_000, e: 1000 }]);
      } finally {
        await third.close();
      }
    },
  );
});
