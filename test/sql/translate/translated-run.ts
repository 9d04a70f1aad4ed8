/**
 * The executed check of the warehouse SQL (issue 13.6): roster's Snowflake,
 * BigQuery or Redshift SQL is translated to DuckDB by @polyglot-sql/sdk (a
 * WebAssembly port of sqlglot, bundled: no download at run time) and run on
 * DuckDB against a conformance case's data, so the results can be compared
 * with DuckDB's own SQL on the same tables.
 *
 * Where the translator passes a warehouse function through unchanged (DuckDB
 * has no such function) or translates it to something that means another
 * thing, the function is renamed before translation to `roster_<dialect>_<name>`
 * (translated as an unknown function, i.e. left alone) and defined here as a
 * DuckDB macro written from the warehouse's documentation (the `doc` link).
 * Those macros are the weakest part of this check: they are our reading of the
 * documentation, not the warehouse. docs/dialects.md says what this proves.
 */
import { transpile } from '@polyglot-sql/sdk';
import type { TestData } from '../../../src/project/test-case.js';
import type { Schema } from '../../../src/project/types.js';
import { evaluate, type EvaluationResult } from '../../../src/runtime/evaluate.js';
import type { TraitValue } from '../../../src/runtime/values.js';
import type { Row, Warehouse } from '../../../src/runtime/warehouse.js';
import { openDuckDb } from '../../../src/runtime/warehouses/duckdb.js';
import type { CompiledProject } from '../../../src/sql/compiled.js';
import { findDialect } from '../../../src/sql/dialects/index.js';
import { numbersMatch } from '../../../src/testing/compare.js';
import { loadFixtures } from '../../../src/testing/load-fixtures.js';

export type WarehouseDialect = 'snowflake' | 'bigquery' | 'redshift';

export interface Shim {
  /** The warehouse function (or type) the macro stands for. */
  name: string;
  /** Renamed before translation (the translator gets it wrong or drops it) or left as written. */
  rename: boolean;
  /** DuckDB statements defining it, in terms of the renamed name when `rename`. */
  sql: string[];
  /** The warehouse's documentation the definition follows. */
  doc: string;
}

/** The name a renamed warehouse function has in the translated SQL. */
export function shimName(dialect: WarehouseDialect, name: string): string {
  return `roster_${dialect}_${name.toLowerCase()}`;
}

/** The one timestamp format roster writes on Snowflake (src/sql/dialects/snowflake.ts). */
const SNOWFLAKE_TS_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM';

/** DuckDB's json_type names of a JSON number. */
const DUCKDB_JSON_NUMBER = "('BIGINT', 'UBIGINT', 'HUGEINT', 'DOUBLE')";

/** DuckDB's variant_typeof names of a number. */
const VARIANT_NUMBER = "'U?INT(8|16|32|64|128)|FLOAT|DOUBLE|DECIMAL.*'";

export const SHIMS: Record<WarehouseDialect, Shim[]> = {
  snowflake: [
    {
      name: 'TO_TIMESTAMP_TZ',
      rename: true,
      // Only the format roster writes is implemented; any other is an error, not a guess.
      sql: [
        `CREATE MACRO ${shimName('snowflake', 'TO_TIMESTAMP_TZ')}(s, fmt) AS CASE WHEN fmt = '${SNOWFLAKE_TS_FORMAT}' THEN strptime(s, '%Y-%m-%d %H:%M:%S.%g%z') ELSE error('unsupported TO_TIMESTAMP_TZ format ' || fmt) END`,
      ],
      doc: 'https://docs.snowflake.com/en/sql-reference/functions/to_timestamp',
    },
    {
      name: 'TO_NUMBER',
      rename: true,
      // Only the hexadecimal format of the split bucket (src/sql/dialects/snowflake.ts):
      // each `X` is one hex digit; another format is an error, not a guess.
      sql: [
        `CREATE MACRO ${shimName('snowflake', 'TO_NUMBER')}(s, fmt) AS CASE WHEN fmt = 'XXXXXXXX' AND regexp_full_match(s, '[0-9a-fA-F]{1,8}') THEN CAST('0x' || s AS BIGINT) ELSE error('unsupported TO_NUMBER format ' || fmt) END`,
      ],
      doc: 'https://docs.snowflake.com/en/sql-reference/sql-format-models#fixed-position-numeric-formats',
    },
    {
      name: 'STARTSWITH',
      rename: true,
      sql: [`CREATE MACRO ${shimName('snowflake', 'STARTSWITH')}(e1, e2) AS starts_with(e1, e2)`],
      doc: 'https://docs.snowflake.com/en/sql-reference/functions/startswith',
    },
    {
      name: 'ENDSWITH',
      rename: true,
      sql: [`CREATE MACRO ${shimName('snowflake', 'ENDSWITH')}(e1, e2) AS ends_with(e1, e2)`],
      doc: 'https://docs.snowflake.com/en/sql-reference/functions/endswith',
    },
    {
      name: 'GET',
      rename: true,
      // The polyglot translation `p -> '$.k'` needs JSON; the column is a VARIANT here, as on Snowflake.
      sql: [`CREATE MACRO ${shimName('snowflake', 'GET')}(v, k) AS variant_extract(v, k)`],
      doc: 'https://docs.snowflake.com/en/sql-reference/functions/get',
    },
    {
      name: 'IS_VARCHAR',
      rename: true,
      sql: [
        `CREATE MACRO ${shimName('snowflake', 'IS_VARCHAR')}(v) AS variant_typeof(v) = 'VARCHAR'`,
      ],
      doc: 'https://docs.snowflake.com/en/sql-reference/functions/is_varchar',
    },
    {
      name: 'IS_REAL',
      rename: true,
      // "a floating-point value, fixed-point decimal, or integer"
      sql: [
        `CREATE MACRO ${shimName('snowflake', 'IS_REAL')}(v) AS regexp_full_match(variant_typeof(v), ${VARIANT_NUMBER})`,
      ],
      doc: 'https://docs.snowflake.com/en/sql-reference/functions/is_real',
    },
    {
      name: 'IS_BOOLEAN',
      rename: true,
      sql: [
        `CREATE MACRO ${shimName('snowflake', 'IS_BOOLEAN')}(v) AS variant_typeof(v) IN ('BOOL_TRUE', 'BOOL_FALSE')`,
      ],
      doc: 'https://docs.snowflake.com/en/sql-reference/functions/is_boolean',
    },
    {
      name: 'CURRENT_TIMESTAMP',
      rename: true,
      // polyglot keeps the parentheses, which DuckDB's CURRENT_TIMESTAMP does not take.
      sql: [`CREATE MACRO ${shimName('snowflake', 'CURRENT_TIMESTAMP')}() AS now()`],
      doc: 'https://docs.snowflake.com/en/sql-reference/functions/current_timestamp',
    },
    {
      name: 'TO_JSON',
      rename: true,
      // DuckDB's to_json of a VARIANT writes every scalar as a JSON string; the JSON cast does not.
      sql: [
        `CREATE MACRO ${shimName('snowflake', 'TO_JSON')}(v) AS CAST(CAST(v AS JSON) AS VARCHAR)`,
      ],
      doc: 'https://docs.snowflake.com/en/sql-reference/functions/to_json',
    },
    {
      name: 'SHA2',
      rename: true,
      // Hex of the SHA-256 of the text's UTF-8 bytes (message ids, src/runtime/warehouses/snowflake.ts);
      // another digest size is an error, not a guess.
      sql: [
        `CREATE MACRO ${shimName('snowflake', 'SHA2')}(s, bits) AS CASE WHEN bits = 256 THEN sha256(s) ELSE error('unsupported SHA2 digest size ' || bits) END`,
      ],
      doc: 'https://docs.snowflake.com/en/sql-reference/functions/sha2',
    },
    {
      name: 'TIMESTAMP_TZ',
      rename: false,
      sql: ['CREATE TYPE TIMESTAMP_TZ AS TIMESTAMPTZ'],
      doc: 'https://docs.snowflake.com/en/sql-reference/data-types-datetime#timestamp-ltz-timestamp-ntz-timestamp-tz',
    },
  ],
  bigquery: [
    {
      name: 'JSON_QUERY',
      rename: true,
      // A JSON value, SQL NULL when the path selects nothing; JSON null stays JSON null.
      sql: [`CREATE MACRO ${shimName('bigquery', 'JSON_QUERY')}(j, path) AS json_extract(j, path)`],
      doc: 'https://cloud.google.com/bigquery/docs/reference/standard-sql/json_functions#json_query',
    },
    {
      name: 'JSON_TYPE',
      rename: true,
      sql: [
        `CREATE MACRO ${shimName('bigquery', 'JSON_TYPE')}(j) AS CASE WHEN system.main.json_type(j) IN ${DUCKDB_JSON_NUMBER} THEN 'number' WHEN system.main.json_type(j) = 'VARCHAR' THEN 'string' WHEN system.main.json_type(j) = 'BOOLEAN' THEN 'boolean' ELSE lower(system.main.json_type(j)) END`,
      ],
      doc: 'https://cloud.google.com/bigquery/docs/reference/standard-sql/json_functions#json_type',
    },
    {
      name: 'JSON_VALUE',
      rename: true,
      // polyglot writes `j -> path`, a JSON value in DuckDB; JSON_VALUE is a STRING, NULL for an object or array.
      sql: [
        `CREATE MACRO ${shimName('bigquery', 'JSON_VALUE')}(j, path) AS CASE WHEN system.main.json_type(j, path) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, path) END`,
      ],
      doc: 'https://cloud.google.com/bigquery/docs/reference/standard-sql/json_functions#json_value',
    },
    {
      name: 'LAX_FLOAT64',
      rename: true,
      // A JSON number as FLOAT64, a JSON string holding a number parsed, anything else NULL.
      sql: [
        `CREATE MACRO ${shimName('bigquery', 'LAX_FLOAT64')}(j) AS CASE WHEN system.main.json_type(j) IN ${DUCKDB_JSON_NUMBER} THEN CAST(j AS DOUBLE) WHEN system.main.json_type(j) = 'VARCHAR' THEN TRY_CAST(json_extract_string(j, '$') AS DOUBLE) END`,
      ],
      doc: 'https://cloud.google.com/bigquery/docs/reference/standard-sql/json_functions#lax_double',
    },
    {
      name: 'CODE_POINTS_TO_STRING',
      rename: true,
      // The text of an array of Unicode code points (message ids, src/runtime/warehouses/bigquery.ts).
      sql: [
        `CREATE MACRO ${shimName('bigquery', 'CODE_POINTS_TO_STRING')}(points) AS array_to_string(list_transform(points, p -> chr(CAST(p AS INTEGER))), '')`,
      ],
      doc: 'https://cloud.google.com/bigquery/docs/reference/standard-sql/string_functions#code_points_to_string',
    },
  ],
  redshift: [
    {
      name: 'SHA2',
      rename: true,
      // Hex of the SHA-256 of the text's UTF-8 bytes (message ids, src/runtime/warehouses/redshift.ts);
      // another digest size is an error, not a guess.
      sql: [
        `CREATE MACRO ${shimName('redshift', 'SHA2')}(s, bits) AS CASE WHEN bits = 256 THEN sha256(s) ELSE error('unsupported SHA2 digest size ' || bits) END`,
      ],
      doc: 'https://docs.aws.amazon.com/redshift/latest/dg/SHA2.html',
    },
    {
      name: 'STRTOL',
      rename: true,
      // Only base 16 (the split bucket, src/sql/dialects/redshift.ts); another base is an error.
      sql: [
        `CREATE MACRO ${shimName('redshift', 'STRTOL')}(s, base) AS CASE WHEN base = 16 THEN CAST('0x' || s AS BIGINT) ELSE error('unsupported STRTOL base ' || base) END`,
      ],
      doc: 'https://docs.aws.amazon.com/redshift/latest/dg/r_STRTOL.html',
    },
    {
      name: 'JSON_TYPEOF',
      rename: true,
      sql: [
        `CREATE MACRO ${shimName('redshift', 'JSON_TYPEOF')}(v) AS CASE WHEN regexp_full_match(variant_typeof(v), ${VARIANT_NUMBER}) THEN 'number' WHEN variant_typeof(v) = 'VARCHAR' THEN 'string' WHEN variant_typeof(v) IN ('BOOL_TRUE', 'BOOL_FALSE') THEN 'boolean' WHEN variant_typeof(v) = 'VARIANT_NULL' THEN 'null' ELSE lower(variant_typeof(v)) END`,
      ],
      doc: 'https://docs.aws.amazon.com/redshift/latest/dg/JSON_TYPEOF.html',
    },
    {
      name: 'JSON_PARSE',
      rename: true,
      sql: [
        `CREATE MACRO ${shimName('redshift', 'JSON_PARSE')}(s) AS CAST(CAST(s AS JSON) AS VARIANT)`,
      ],
      doc: 'https://docs.aws.amazon.com/redshift/latest/dg/JSON_PARSE.html',
    },
    {
      name: 'TO_CHAR',
      rename: true,
      // Only the format roster writes (microseconds, src/sql/dialects/redshift.ts); another is an error.
      sql: [
        `CREATE MACRO ${shimName('redshift', 'TO_CHAR')}(t, fmt) AS CASE WHEN fmt = 'YYYY-MM-DD HH24:MI:SS.US' THEN strftime(t, '%Y-%m-%d %H:%M:%S.%f') ELSE error('unsupported TO_CHAR format ' || fmt) END`,
      ],
      doc: 'https://docs.aws.amazon.com/redshift/latest/dg/r_FORMAT_strings.html',
    },
    {
      name: 'JSON_SERIALIZE',
      rename: true,
      sql: [
        `CREATE MACRO ${shimName('redshift', 'JSON_SERIALIZE')}(v) AS CAST(CAST(v AS JSON) AS VARCHAR)`,
      ],
      doc: 'https://docs.aws.amazon.com/redshift/latest/dg/JSON_SERIALIZE.html',
    },
    {
      name: 'CONVERT_TIMEZONE',
      rename: true,
      // The two-argument form: a TIMESTAMPTZ as the wall-clock TIMESTAMP of the named zone.
      sql: [`CREATE MACRO ${shimName('redshift', 'CONVERT_TIMEZONE')}(z, t) AS timezone(z, t)`],
      doc: 'https://docs.aws.amazon.com/redshift/latest/dg/CONVERT_TIMEZONE.html',
    },
    {
      name: 'SUPER',
      rename: false,
      // SUPER holds scalars, arrays and objects, navigated with p['key']: DuckDB's VARIANT.
      sql: ['CREATE TYPE SUPER AS VARIANT'],
      doc: 'https://docs.aws.amazon.com/redshift/latest/dg/r_SUPER_type.html',
    },
  ],
};

/**
 * A textual rewrite of the warehouse SQL (`before` translation) or of the
 * translation (`after`), for a construct the translator drops or garbles and
 * whose documented meaning the rewrite keeps.
 */
export interface Rewrite {
  stage: 'before' | 'after';
  apply: (sql: string) => string;
  why: string;
  doc: string;
}

/**
 * Every '…' literal with its backslash escapes decoded (`\\` → `\`, `\'` → `''`):
 * the same string as a standard literal. Another escape is a gap, not a guess.
 */
export function withoutBackslashEscapes(sql: string): string {
  return segments(sql)
    .map((part) =>
      part.kind !== 'string'
        ? part.text
        : part.text.replace(/\\(.)/gs, (_, c: string) => {
            if (c === '\\') return '\\';
            if (c === "'") return "''";
            throw new TranslationGap(
              `a Redshift literal holds the escape \\${c}, which this check does not decode`,
            );
          }),
    )
    .join('');
}

/** What the column `now` is called while polyglot translates (it passes a plain name through). */
const NOW_PLACEHOLDER = 'roster_column_now';

/**
 * The column `now` (the `runs` table's) under another name while polyglot
 * translates, then as `"now"` (DuckDB's names ignore case): polyglot reads a
 * bare `now`, even quoted, as the function NOW() and writes CURRENT_TIMESTAMP,
 * although none of the three warehouses has a NOW called without
 * parentheses. A call `now(` is left alone.
 */
export function nowColumn(doc: string): Rewrite[] {
  const why =
    'polyglot turns the column now (of the runs table), even quoted, into CURRENT_TIMESTAMP; it is renamed while translating and named again after';
  return [
    {
      stage: 'before',
      apply: (sql) => {
        const parts = segments(sql);
        return parts
          .map((part, index) => {
            if (part.kind !== 'word' || part.text.toLowerCase() !== 'now') return part.text;
            const next = parts.slice(index + 1).find((p) => !/^\s$/.test(p.text));
            return next?.text === '(' ? part.text : NOW_PLACEHOLDER;
          })
          .join('');
      },
      why,
      doc,
    },
    {
      stage: 'after',
      apply: (sql) => sql.replace(new RegExp(`\\b${NOW_PLACEHOLDER}\\b`, 'g'), '"now"'),
      why,
      doc,
    },
  ];
}

export const REWRITES: Record<WarehouseDialect, Rewrite[]> = {
  snowflake: [
    ...nowColumn('https://docs.snowflake.com/en/sql-reference/identifiers-syntax'),
    {
      stage: 'before',
      apply: (sql) => sql.replace(/ COLLATE 'utf8'/g, ''),
      why: "'utf8' compares by UTF-8 bytes (code points), which is DuckDB's default binary collation; polyglot writes DuckDB's COLLATE with a string, which DuckDB cannot parse",
      doc: 'https://docs.snowflake.com/en/sql-reference/collation#collation-specification',
    },
    {
      stage: 'after',
      apply: (sql) => sql.replace(/\bINTERVAL (\d+) MILLISECOND\b/g, 'to_milliseconds($1)'),
      why: "DATEADD(millisecond, n, t) adds n milliseconds, n any integer; polyglot writes DuckDB's INTERVAL n MILLISECOND, which DuckDB cannot parse past 2^31 (a sequence gap of 25 days or more), while to_milliseconds(n) is the same interval",
      doc: 'https://docs.snowflake.com/en/sql-reference/functions/dateadd',
    },
    {
      stage: 'after',
      apply: (sql) => sql.replace(/ AS ARRAY\)/g, ' AS VARCHAR[])'),
      why: 'a Snowflake ARRAY of strings (the list columns roster reads) is a DuckDB VARCHAR[]; polyglot leaves the bare type name ARRAY, which DuckDB cannot parse',
      doc: 'https://docs.snowflake.com/en/sql-reference/data-types-semistructured#array',
    },
  ],
  bigquery: [
    ...nowColumn(
      'https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical#identifiers',
    ),
    {
      stage: 'after',
      apply: (sql) => sql.replace(/ LIMIT 1\) FILTER\(/g, ') FILTER('),
      why: 'the first element of ARRAY_AGG(… ORDER BY … LIMIT 1) is the first element of the whole ordered ARRAY_AGG; DuckDB has no LIMIT inside an aggregate',
      doc: 'https://cloud.google.com/bigquery/docs/reference/standard-sql/aggregate_functions#array_agg',
    },
    {
      stage: 'after',
      apply: (sql) =>
        sql.replace(
          /"([A-Za-z0-9_]+)"\."INFORMATION_SCHEMA\.TABLES" AS TABLES/g,
          "(SELECT * FROM information_schema.tables WHERE table_schema = '$1') AS TABLES",
        ),
      why: "a dataset-qualified INFORMATION_SCHEMA.TABLES lists that dataset's tables; polyglot makes one quoted table name of it",
      doc: 'https://cloud.google.com/bigquery/docs/information-schema-tables',
    },
  ],
  redshift: [
    ...nowColumn('https://docs.aws.amazon.com/redshift/latest/dg/r_names.html'),
    {
      stage: 'before',
      apply: (sql) =>
        segments(sql)
          .map((part) => (part.kind === 'word' && part.text === 'key' ? '"key"' : part.text))
          .join(''),
      why: 'polyglot cannot parse a column named key (not a Redshift reserved word); an unquoted name means the same as the name in lower case quoted',
      doc: 'https://docs.aws.amazon.com/redshift/latest/dg/r_names.html',
    },
    {
      stage: 'before',
      apply: (sql) => refuseWideDateadd(sql),
      why: "DATEADD's interval is an INTEGER, 4 bytes: Redshift refuses a wider one where DuckDB (after translation) would take it, so this check refuses it too",
      doc: 'https://docs.aws.amazon.com/redshift/latest/dg/r_DATEADD_function.html',
    },
    {
      stage: 'before',
      apply: withoutBackslashEscapes,
      why: "a backslash is an escape character in a Redshift '…' literal (roster doubles it); polyglot reads Redshift literals as standard strings, so the escapes are decoded first",
      doc: 'https://docs.aws.amazon.com/redshift/latest/dg/r_Literals.html',
    },
  ],
};

/**
 * State statements this path cannot run, with why (state-executed.test.ts,
 * apply-executed.test.ts); each must occur and
 * must still fail when run (so the list cannot outlive the gap).
 */
export const STATE_NOT_EXECUTABLE: Record<
  WarehouseDialect,
  Array<{ matches: RegExp; why: string }>
> = {
  snowflake: [],
  bigquery: [],
  redshift: [
    {
      matches: /^LOCK /,
      why: 'DuckDB has no LOCK; the table lock that makes the Redshift apply lock atomic rests on https://docs.aws.amazon.com/redshift/latest/dg/r_LOCK.html (one session could not show it anyway)',
    },
  ],
};

export class TranslationGap extends Error {}

/** SQL the warehouse itself would refuse by its documentation, though DuckDB would run it translated. */
export class WarehouseRefusal extends Error {}

/** Redshift's INTEGER (https://docs.aws.amazon.com/redshift/latest/dg/r_Numeric_types201.html). */
const INTEGER_RANGE = [-(2 ** 31), 2 ** 31 - 1] as const;

/** Throws when a DATEADD outside quotes and comments has a literal interval past INTEGER. */
export function refuseWideDateadd(sql: string): string {
  const code = segments(sql)
    .map((part) => (part.kind === 'string' || part.kind === 'comment' ? "''" : part.text))
    .join('');
  for (const m of code.matchAll(/\bDATEADD\s*\(\s*\w+\s*,\s*(\(?\s*-?\d+)/gi)) {
    const n = Number(m[1]!.replace(/[(\s]/g, ''));
    if (n < INTEGER_RANGE[0] || n > INTEGER_RANGE[1]) {
      throw new WarehouseRefusal(
        `Redshift's DATEADD takes an INTEGER interval; ${n} is out of its range`,
      );
    }
  }
  return sql;
}

interface Segment {
  kind: 'string' | 'quoted' | 'comment' | 'word' | 'other';
  text: string;
}

/**
 * Cuts warehouse SQL as roster writes it into '…' strings (backslash escapes
 * and doubled quotes), "…"/`…` identifiers, `--` comments, words and the rest.
 */
export function segments(sql: string): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    let j: number;
    let kind: Segment['kind'];
    if (c === "'" || c === '"' || c === '`') {
      j = i + 1;
      while (j < sql.length) {
        if (sql[j] === '\\' && c !== '"') j += 2;
        else if (sql[j] === c && sql[j + 1] === c) j += 2;
        else if (sql[j] === c) break;
        else j += 1;
      }
      j += 1;
      kind = c === "'" ? 'string' : 'quoted';
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      j = end === -1 ? sql.length : end;
      kind = 'comment';
    } else if (/[A-Za-z_]/.test(c)) {
      j = i;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j]!)) j += 1;
      kind = 'word';
    } else {
      j = i + 1;
      kind = 'other';
    }
    out.push({ kind, text: sql.slice(i, j) });
    i = j;
  }
  return out;
}

/** Outside quotes and comments, calls `NAME(` of `names` (any case) become `shimName(NAME)(`. */
export function renameCalls(
  sql: string,
  dialect: WarehouseDialect,
  names: readonly string[],
): string {
  const wanted = new Set(names.map((n) => n.toUpperCase()));
  const parts = segments(sql);
  return parts
    .map((part, index) => {
      if (part.kind !== 'word' || !wanted.has(part.text.toUpperCase())) return part.text;
      const next = parts.slice(index + 1).find((p) => !/^\s$/.test(p.text));
      const prev = parts.slice(0, index).findLast((p) => !/^\s$/.test(p.text));
      return next?.text === '(' && prev?.text !== '.' ? shimName(dialect, part.text) : part.text;
    })
    .join('');
}

/**
 * A warehouse text (one statement, or a script of several) as DuckDB
 * statements, or a TranslationGap naming why not.
 */
export function translate(sql: string, dialect: WarehouseDialect): string[] {
  const rewrite = (text: string, stage: Rewrite['stage']): string =>
    REWRITES[dialect].filter((r) => r.stage === stage).reduce((t, r) => r.apply(t), text);
  // Calls are renamed first, while the text is still lexed as the warehouse writes it: after
  // Redshift's backslash escapes are decoded, a literal such as '\\' would no longer end where
  // `segments` expects, and the calls after it would keep their names.
  const renamed = rewrite(
    renameCalls(
      sql,
      dialect,
      SHIMS[dialect].filter((s) => s.rename).map((s) => s.name),
    ),
    'before',
  );
  // The message-id SQL nests 33 REPLACEs (one per character JSON escapes) and the
  // state SQL more around them: deeper than the WebAssembly parser's default of 32.
  const result = transpile(renamed, dialect as never, 'duckdb' as never, {
    complexityGuard: { maxParserDepth: 128 },
  });
  if (!result.success || !result.sql || result.sql.length === 0) {
    throw new TranslationGap(`polyglot cannot translate it: ${result.error ?? 'no SQL'}`);
  }
  return result.sql.map((statement) => rewrite(statement, 'after'));
}

/**
 * A fresh in-memory DuckDB holding a case's data as `roster test` loads it,
 * shaped like `dialect`'s tables: on Snowflake and Redshift the event
 * `properties` are VARIANT (Snowflake VARIANT, Redshift SUPER), on BigQuery
 * JSON; plus the dialect's shims. Without a dialect: DuckDB's own tables.
 */
export async function caseDatabase(
  schema: Schema,
  data: TestData,
  dialect?: WarehouseDialect,
): Promise<Warehouse> {
  const db = await openDuckDb();
  try {
    await loadFixtures(db, findDialect('duckdb')!, schema, data);
    if (dialect === 'snowflake' || dialect === 'redshift') {
      for (const table of ['tracks', 'pages', 'screens']) {
        await db.execute(`ALTER TABLE ${table} ALTER properties TYPE VARIANT`);
      }
    }
    for (const shim of dialect ? SHIMS[dialect] : []) {
      for (const sql of shim.sql) await db.execute(sql);
    }
    return db;
  } catch (caught) {
    await db.close();
    throw caught;
  }
}

/** What differs between two evaluations (empty when equal; numbers within RELATIVE_TOLERANCE). */
export function differences(expected: EvaluationResult, actual: EvaluationResult): string[] {
  const out: string[] = [];
  for (const d of [...expected.diagnostics, ...actual.diagnostics]) {
    out.push(`${d.severity} ${d.code}: ${d.message}`);
  }
  const names = new Set([...Object.keys(expected.audiences), ...Object.keys(actual.audiences)]);
  for (const name of names) {
    const e = JSON.stringify(expected.audiences[name]);
    const a = JSON.stringify(actual.audiences[name]);
    if (e !== a) out.push(`audience ${name}: expected ${e}, got ${a}`);
  }
  const traits = new Set([...Object.keys(expected.traits), ...Object.keys(actual.traits)]);
  for (const name of traits) {
    const e = expected.traits[name] ?? new Map<string, TraitValue>();
    const a = actual.traits[name] ?? new Map<string, TraitValue>();
    if (!expected.traits[name] || !actual.traits[name])
      out.push(`trait ${name}: not read on one side`);
    for (const id of new Set([...e.keys(), ...a.keys()])) {
      const x = e.get(id);
      const y = a.get(id);
      const same =
        typeof x === 'number' && typeof y === 'number'
          ? numbersMatch(x, y)
          : JSON.stringify(x) === JSON.stringify(y);
      if (!same)
        out.push(`trait ${name}[${id}]: expected ${JSON.stringify(x)}, got ${JSON.stringify(y)}`);
    }
  }
  return out;
}

/**
 * The case's `dialect` SQL run by the real evaluation on a session that
 * translates every statement (compiled or built at run time, such as the SQL
 * trait checks) to DuckDB; the differences from `baseline` (DuckDB's own SQL
 * on the same data). A statement the translator refuses is a difference too.
 */
export async function compareTranslated(
  schema: Schema,
  data: TestData,
  compiled: CompiledProject,
  dialect: WarehouseDialect,
  baseline: EvaluationResult,
): Promise<string[]> {
  const db = await caseDatabase(schema, data, dialect);
  try {
    return differences(baseline, await evaluate(translatingWarehouse(db, dialect), compiled));
  } finally {
    await db.close();
  }
}

/**
 * A session that speaks `dialect` and runs on DuckDB: every statement is
 * translated (a script of several, like BigQuery's lock transaction, runs
 * statement by statement) and sent to `duckdb`. For running roster's own
 * runtime code (the state adapter) through the executed check.
 */
export function translatingWarehouse(
  duckdb: Warehouse,
  dialect: WarehouseDialect,
  /** Warehouse statements not run (a known gap, listed by the caller), collected in `skipped`. */
  skip: { matches: readonly RegExp[]; skipped: string[] } = { matches: [], skipped: [] },
  /**
   * How a statement is translated: `translate` here, or in a child process
   * with a larger stack for SQL nested deeper than a test worker can parse
   * (deep-translator.ts: delivery's message-id hashing).
   */
  translator: (sql: string, dialect: WarehouseDialect) => string[] | Promise<string[]> = translate,
): Warehouse {
  const translated = async (sql: string): Promise<string[]> => translator(sql, dialect);
  const run = async (sql: string): Promise<Row[]> => {
    if (skip.matches.some((m) => m.test(sql))) {
      skip.skipped.push(sql);
      return [];
    }
    let rows: Row[] = [];
    for (const statement of await translated(sql)) rows = await duckdb.query(statement);
    return rows;
  };
  return {
    dialect,
    query: run,
    async *stream(sql) {
      yield await run(sql);
    },
    columns: async (sql) => {
      const statements = await translated(sql);
      return duckdb.columns(statements[statements.length - 1]!);
    },
    execute: async (sql) => {
      await run(sql);
    },
    close: () => duckdb.close(),
  };
}
