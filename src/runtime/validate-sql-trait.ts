/**
 * An SQL trait's query (LANGUAGE.md §6) is the user's: it runs exactly once
 * per evaluation — the compiled `fill` statement, read-only and one statement
 * only (runUntrusted) — and its shape is checked on the table it filled
 * (no NULL id, one row per id), so a query that is slow, or that returns
 * different rows each time it runs, is neither paid for nor judged twice.
 * Every failure is a user error with a message naming the trait, never an
 * exception.
 */
import { checkSingleSelect, describeSqlStatementProblem } from '../check/sql-statement.js';
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceRange } from '../diagnostics/source.js';
import type { CompiledSqlTrait } from '../sql/index.js';
import { coerceValue, idText } from './values.js';
import { errorMessage, runUntrusted, warehouseReason } from './warehouse.js';
import type { Warehouse } from './warehouse.js';

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
 * What can be said of an SQL trait without running it: its text is one
 * SELECT (the checker saw the text with its placeholders; this is what runs).
 */
export function checkSqlTraitText(trait: CompiledSqlTrait, range?: SourceRange): Diagnostic[] {
  const statement = checkSingleSelect(trait.query);
  if (!statement) return [];
  const { message, hints } = describeSqlStatementProblem(trait.name, statement);
  return [error('sql-not-one-select', message, range, hints)];
}

/**
 * Runs the trait's `fill` statement (its table must exist: the setup
 * statement before it creates it) and checks the rows it wrote. Returns
 * diagnostics, empty when the trait is well shaped. Only when the fill
 * fails does it look at the query again, to say why in the user's terms.
 */
export async function fillSqlTrait(
  warehouse: Warehouse,
  trait: CompiledSqlTrait,
  range?: SourceRange,
): Promise<Diagnostic[]> {
  try {
    await runUntrusted(() => warehouse.execute(trait.fill));
  } catch (caught) {
    return explainFailedFill(warehouse, trait, range, caught);
  }
  return checkFilledTable(warehouse, trait, range);
}

function shapeError(
  trait: CompiledSqlTrait,
  range: SourceRange | undefined,
  message: string,
  hints: string[],
): Diagnostic[] {
  return [error('sql-trait-shape', `SQL trait \`${trait.name}\` ${message}`, range, hints)];
}

function queryError(
  warehouse: Warehouse,
  trait: CompiledSqlTrait,
  range: SourceRange | undefined,
  caught: unknown,
): Diagnostic[] {
  return [
    error(
      'sql-trait-error',
      `SQL trait \`${trait.name}\` failed on ${warehouse.dialect}: ${warehouseReason(caught)}`,
      range,
      [
        ...candidateColumn(errorMessage(caught)),
        `correct the query where the warehouse says: it runs as written, in the ${warehouse.dialect} dialect`,
      ],
    ),
  ];
}

/** The column the warehouse offers for one the query names that does not exist. */
function candidateColumn(text: string): string[] {
  const missing =
    /Referenced column "([^"]+)" not found/.exec(text)?.[1] ??
    /column (?:\w+\.)?"?([^"\s]+)"? does not exist/.exec(text)?.[1];
  const offered =
    /Candidate bindings:[\s:]*"(?:\w+\.)?([^"]+)"/.exec(text)?.[1] ??
    /Perhaps you meant to reference the column "(?:\w+\.)?([^"]+)"/.exec(text)?.[1];
  return missing && offered
    ? [`\`${missing}\` is not a column there; did you mean \`${offered}\`?`]
    : [];
}

/** NULL ids and repeated ids, read from the filled table (roster's own SQL, no user text). */
async function checkFilledTable(
  warehouse: Warehouse,
  trait: CompiledSqlTrait,
  range: SourceRange | undefined,
): Promise<Diagnostic[]> {
  const { sql: table, columns } = trait.table;
  const id = columns.id ?? 'id';
  const nullIds = await warehouse.query(`select count(*) as n from ${table} where ${id} is null`);
  const nullCount = Number(nullIds[0]?.n ?? 0);
  if (nullCount > 0) {
    return shapeError(
      trait,
      range,
      `returned ${nullCount} row${nullCount > 1 ? 's' : ''} with a NULL \`id\``,
      [`filter them out: \`where <id expression> is not null\``],
    );
  }
  const duplicates = await warehouse.query(
    `select ${id} as id, count(*) as n from ${table} group by ${id} having count(*) > 1 order by count(*) desc, ${id} limit 3`,
  );
  if (duplicates.length > 0) {
    const examples = duplicates.map((r) => `\`${idText(r.id)}\` (${Number(r.n)} rows)`).join(', ');
    return shapeError(
      trait,
      range,
      `must return one row per id, but returned several for ${examples}`,
      ['`group by` the id so each entity has exactly one row'],
    );
  }
  return [];
}

/**
 * The fill failed: a missing column or a value that does not convert to the
 * declared type gets a message in the user's terms (this reads the query
 * again, but only on the way to an error); anything else is the database's
 * own message.
 */
async function explainFailedFill(
  warehouse: Warehouse,
  trait: CompiledSqlTrait,
  range: SourceRange | undefined,
  failure: unknown,
): Promise<Diagnostic[]> {
  return runUntrusted(async () => {
    try {
      const columns = await warehouse.columns(trait.query.replace(/;\s*$/, ''));
      const missing = ['id', 'value'].filter((c) => !columns.includes(c));
      if (missing.length > 0) {
        const list = missing.map((c) => `\`${c}\``).join(' and ');
        const got = columns.map((c) => `\`${c}\``).join(', ') || 'none';
        return shapeError(
          trait,
          range,
          `must return the column${missing.length > 1 ? 's' : ''} ${list}, but its query returns ${got}`,
          [
            `name the columns with \`as\`: \`select <${trait.entity} id> as id, <${trait.type} expression> as value ...\``,
          ],
        );
      }
      for await (const rows of warehouse.stream(
        `select id, value from ${asSubquery(trait.query)} where value is not null`,
      )) {
        for (const row of rows) {
          const coerced = coerceValue(row.value, trait.type);
          if (!coerced.ok) {
            return shapeError(
              trait,
              range,
              `is declared ${trait.type}, but its query returned a value that is not a ${trait.type} for id \`${idText(row.id)}\`: ${coerced.reason}`,
              [TYPE_HINTS[trait.type] ?? `return a ${trait.type}`],
            );
          }
        }
      }
    } catch (caught) {
      return queryError(warehouse, trait, range, caught);
    }
    return queryError(warehouse, trait, range, failure);
  });
}
