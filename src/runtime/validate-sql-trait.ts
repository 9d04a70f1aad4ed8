/**
 * Run-time shape check of an SQL trait's query (LANGUAGE.md §6): columns
 * `id` and `value`, no NULL id, one row per id, values of the declared type.
 * The query is the user's, so every failure is a user error with a message
 * naming the trait, never an exception.
 */
import { checkSingleSelect, describeSqlStatementProblem } from '../check/sql-statement.js';
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceRange } from '../diagnostics/source.js';
import type { CompiledProject, CompiledSqlTrait } from '../sql/index.js';
import { coerceValue, idText } from './values.js';
import { errorMessage, runUntrusted } from './warehouse.js';
import type { Warehouse } from './warehouse.js';

/**
 * Runs one setup statement of `compiled`; the ones that run a user's SQL
 * trait run read-only, one statement only (runUntrusted).
 */
export async function runSetupStatement(
  warehouse: Warehouse,
  compiled: CompiledProject,
  statement: string,
): Promise<void> {
  if (compiled.sqlTraits.some((t) => t.fill === statement)) {
    await runUntrusted(() => warehouse.execute(statement));
  } else {
    await warehouse.execute(statement);
  }
}

/** The user's query as a subquery: a trailing `;` would end the outer statement. */
export function asSubquery(query: string): string {
  return `(${query.replace(/;\s*$/, '')}\n) as roster_trait`;
}

const TYPE_HINTS: Record<string, string> = {
  number: 'cast the value to a number, e.g. `cast(... as double)`',
  string: 'cast the value to text, e.g. `cast(... as varchar)`',
  boolean: 'return a boolean, e.g. `... > 0 as value`',
  timestamp: 'return a timestamp, e.g. `max(e.timestamp) as value`',
  list: 'return a list of strings, e.g. `list(distinct ...)` (DuckDB) or `array_agg(distinct ...)` (PostgreSQL)',
};

/**
 * Checks one SQL trait on the warehouse; returns diagnostics (empty when the
 * shape is right). Stops at the first kind of problem: later checks assume
 * the earlier ones passed.
 */
export async function validateSqlTrait(
  warehouse: Warehouse,
  trait: CompiledSqlTrait,
  range?: SourceRange,
): Promise<Diagnostic[]> {
  const name = `\`${trait.name}\``;
  const shape = (message: string, hints: string[]): Diagnostic[] => [
    error('sql-trait-shape', `SQL trait ${name} ${message}`, range, hints),
  ];
  const from = asSubquery(trait.query);
  // The checker saw the text with its placeholders; this is what will run.
  const statement = checkSingleSelect(trait.query);
  if (statement) {
    const { message, hints } = describeSqlStatementProblem(trait.name, statement);
    return [error('sql-not-one-select', message, range, hints)];
  }
  return runUntrusted(() => validateShape(warehouse, trait, from, shape, name, range));
}

async function validateShape(
  warehouse: Warehouse,
  trait: CompiledSqlTrait,
  from: string,
  shape: (message: string, hints: string[]) => Diagnostic[],
  name: string,
  range: SourceRange | undefined,
): Promise<Diagnostic[]> {
  try {
    const columns = await warehouse.columns(trait.query.replace(/;\s*$/, ''));
    const missing = ['id', 'value'].filter((c) => !columns.includes(c));
    if (missing.length > 0) {
      const list = missing.map((c) => `\`${c}\``).join(' and ');
      const got = columns.map((c) => `\`${c}\``).join(', ') || 'none';
      return shape(
        `must return the column${missing.length > 1 ? 's' : ''} ${list}, but its query returns ${got}`,
        [
          `name the columns with \`as\`: \`select <${trait.entity} id> as id, <${trait.type} expression> as value ...\``,
        ],
      );
    }
    const nullIds = await warehouse.query(`select count(*) as n from ${from} where id is null`);
    const nullCount = Number(nullIds[0]?.n ?? 0);
    if (nullCount > 0) {
      return shape(`returned ${nullCount} row${nullCount > 1 ? 's' : ''} with a NULL \`id\``, [
        `filter them out: \`where <id expression> is not null\``,
      ]);
    }
    const duplicates = await warehouse.query(
      `select id, count(*) as n from ${from} group by id having count(*) > 1 order by count(*) desc, id limit 3`,
    );
    if (duplicates.length > 0) {
      const examples = duplicates
        .map((r) => `\`${idText(r.id)}\` (${Number(r.n)} rows)`)
        .join(', ');
      return shape(`must return one row per id, but returned several for ${examples}`, [
        '`group by` the id so each entity has exactly one row',
      ]);
    }
    for await (const rows of warehouse.stream(
      `select id, value from ${from} where value is not null`,
    )) {
      for (const row of rows) {
        const coerced = coerceValue(row.value, trait.type);
        if (!coerced.ok) {
          return shape(
            `is declared ${trait.type}, but its query returned a value that is not a ${trait.type} for id \`${idText(row.id)}\`: ${coerced.reason}`,
            [TYPE_HINTS[trait.type] ?? `return a ${trait.type}`],
          );
        }
      }
    }
    return [];
  } catch (caught) {
    return [
      error(
        'sql-trait-error',
        `SQL trait ${name} failed on ${warehouse.dialect}: ${errorMessage(caught)}`,
        range,
        [`the query is run as written, in the ${warehouse.dialect} dialect`],
      ),
    ];
  }
}
