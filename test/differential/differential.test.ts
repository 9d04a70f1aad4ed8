/** Differential test on DuckDB (PostgreSQL: differential-postgres.test.ts, so both run in parallel). */
import { differentialSuite } from './ci-campaign.js';

differentialSuite('duckdb');
