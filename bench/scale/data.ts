/**
 * The data of the scale benchmark (issue 14.1): the example project's
 * generator (scripts/generate-example-data.ts: seeded hash draws in SQL,
 * skewed activity, users in several accounts, missing properties, timestamp
 * ties, late events, unknown users) at the sizes of the issue, written
 * straight into a DuckDB file, plus properties of the wrong JSON type (which
 * LANGUAGE.md treats as missing).
 *
 * SF1 = 20,000 accounts, 200,000 users, 20 M tracks, 2 M pages, 200,000 screens.
 * The file is kept in bench/.data/ (git-ignored: *.duckdb) under a name made
 * of the generator's versions, the scale factor and the seed.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  DEFAULT_SEED,
  GENERATOR_VERSION,
  REFERENCE_NOW,
  generationSql,
  scaleTableSizes,
  uniformDraw,
} from '../../scripts/generate-example-data.js';
import type { TableSizes } from '../../scripts/generate-example-data.js';

export { REFERENCE_NOW };

/** Bump when this file changes the data (the example generator has its own version). */
const SCALE_VERSION = 1;
const SF1: TableSizes = {
  accounts: 20_000,
  users: 200_000,
  tracks: 20_000_000,
  pages: 2_000_000,
  screens: 200_000,
};
export const SCALE_TABLES = ['accounts', 'users', 'memberships', 'tracks', 'pages', 'screens'];

const here = path.dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = path.resolve(here, '..', '.data');

export function scaleSizes(sf: number): TableSizes {
  return scaleTableSizes(SF1, sf);
}

/**
 * Properties of the wrong JSON type, as senders make them: ~0.5% of the events
 * that carry a number send it as a string ("37"), ~0.5% of features are
 * numbers. roster (and the baselines) must treat them as missing.
 */
function wrongTypes(seed: number): string[] {
  const u = uniformDraw(seed);
  const draw = u('message_id', 'wrong-type');
  return [
    `UPDATE tracks SET properties = CASE event
       WHEN 'Feature Used' THEN CASE WHEN ${draw} < 0.0025 THEN json_object('feature', 42, 'duration', properties->>'duration')
                                     ELSE json_object('feature', properties->>'feature', 'duration', CAST(properties->>'duration' AS VARCHAR)) END
       WHEN 'Order Completed' THEN json_object('revenue', properties->>'revenue', 'currency', properties->>'currency')
       WHEN 'NPS Submitted' THEN json_object('score', properties->>'score', 'comment', properties->>'comment')
       END
     WHERE event IN ('Feature Used', 'Order Completed', 'NPS Submitted') AND ${draw} < 0.005`,
  ];
}

export interface ScaleData {
  file: string;
  sf: number;
  seed: number;
  rows: Record<string, number>;
  generatedSeconds?: number;
}

/** The DuckDB file for `sf` and `seed`, generated if missing. */
export async function ensureScaleData(
  sf: number,
  options: { seed?: number; dir?: string; log?: (line: string) => void } = {},
): Promise<ScaleData> {
  const seed = options.seed ?? DEFAULT_SEED;
  const dir = options.dir ?? DATA_DIR;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (!(sf > 0) || !Number.isFinite(sf))
    throw new Error(`--sf must be a number above 0, not ${sf}`);
  const file = path.join(
    dir,
    `scale-v${GENERATOR_VERSION}.${SCALE_VERSION}-sf${sf}-seed${seed}.duckdb`,
  );
  const size = scaleSizes(sf);
  let generatedSeconds: number | undefined;
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.partial`;
    rmSync(partial, { force: true });
    rmSync(`${partial}.wal`, { force: true });
    log(
      `Generating scale data SF ${sf} (${size.accounts} accounts, ${size.users} users, ` +
        `${size.tracks} tracks, ${size.pages} pages) into ${file} …`,
    );
    const started = performance.now();
    const instance = await DuckDBInstance.create(partial);
    const connection = await instance.connect();
    try {
      await connection.run("SET TimeZone = 'UTC'");
      for (const statement of [...generationSql(seed, size), ...wrongTypes(seed)]) {
        await connection.run(statement);
      }
      for (const helper of [
        'account_base',
        'populated',
        'user_base',
        'user_accounts',
        'activity',
      ]) {
        await connection.run(`DROP TABLE ${helper}`);
      }
      for (const helper of ['track_base', 'page_base', 'screen_base']) {
        await connection.run(`DROP TABLE ${helper}`);
      }
      await connection.run('CHECKPOINT');
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    renameSync(partial, file);
    generatedSeconds = (performance.now() - started) / 1000;
    log(`Generated in ${generatedSeconds.toFixed(1)} s.`);
  }
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  const rows: Record<string, number> = {};
  try {
    for (const table of SCALE_TABLES) {
      const reader = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${table}`);
      rows[table] = Number(reader.getRowObjectsJS()[0]?.n ?? 0);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return { file, sf, seed, rows, ...(generatedSeconds !== undefined ? { generatedSeconds } : {}) };
}
