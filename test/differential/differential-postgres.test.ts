/** Differential test on PostgreSQL (DuckDB: differential.test.ts, so both run in parallel). */
import { differentialSuite } from './ci-campaign.js';

differentialSuite('postgres');
