/**
 * A setup statement the warehouse refused, said in the project's words.
 * Setup is where roster first reads the sources, so most refusals there are
 * the user's data or roster.yaml, not roster's SQL: a value that is not of
 * the type schema.yml declares (`seats: "ten"`), a column or a table that is
 * not there. Those get their own codes, pointing at the declaration or the
 * source's line in roster.yaml with the rewrite; anything else names the step
 * that failed (`reading source \`accounts\``), never a line of roster's SQL.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative } from 'node:path';
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic, RelatedInformation } from '../diagnostics/diagnostic.js';
import type { SourceRange } from '../diagnostics/source.js';
import { closestName } from '../diagnostics/suggest.js';
import type { IrValueType } from '../ir/ir.js';
import type { LogicalSource, Project } from '../project/types.js';
import type { SetupStep } from '../sql/index.js';
import { errorMessage, warehouseReason } from './warehouse.js';

export interface SetupFailureContext {
  dialect: string;
  /** The step that failed (absent for a statement the compiler did not describe). */
  step: SetupStep | undefined;
  /** Every step of setup: a value is refused where a later step first reads a view of its source. */
  steps: readonly SetupStep[];
  /** The project, for the places to point at (schema.yml's declarations, roster.yaml's sources). */
  project?: Pick<Project, 'config' | 'schema' | 'configFiles'>;
}

type SourceRead = NonNullable<SetupStep['source']>;
type ReadColumn = SourceRead['columns'][number];

export function setupFailure(caught: unknown, c: SetupFailureContext): Diagnostic {
  const text = errorMessage(caught);
  return (
    badValue(text, c) ?? missingColumn(text, c) ?? missingTable(text, c) ?? otherFailure(caught, c)
  );
}

/** Anything else: the step, and where to look, which depends on whether the step reads a source. */
function otherFailure(caught: unknown, c: SetupFailureContext): Diagnostic {
  const read = c.step?.source;
  return error(
    'runtime-setup-failed',
    `${c.step?.label ?? 'preparing the evaluation'} failed on ${c.dialect}: ${warehouseReason(caught)}`,
    read ? sourceRange(read.name, c) : undefined,
    [
      read
        ? `correct what the warehouse reports in \`${shownTable(read.table, c)}\`, or point \`sources.${read.name}\` in roster.yaml at the ${isAbsolute(read.table) ? 'file' : 'table'} that holds the ${read.name}`
        : 'fix what the warehouse reports (a memory or disk limit, a timeout: the target settings in roster.yaml); if it names none of your tables, columns or values, please report it with this message',
    ],
  );
}

const TYPE_WORDS: Record<IrValueType, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  timestamp: 'a timestamp',
  list: 'a list',
};

const WHAT_FITS: Record<IrValueType, string> = {
  string: 'text',
  number: 'a number such as `12` or `4.5`',
  boolean: '`true` or `false`',
  timestamp: 'an ISO-8601 instant such as `2026-06-30T10:00:00Z`',
  list: 'a list',
};

/** PostgreSQL names the type it could not read a value as, not the column. */
function typeOfSqlType(sqlType: string): IrValueType | undefined {
  if (/double|numeric|real|integer|bigint|smallint|decimal/.test(sqlType)) return 'number';
  if (/timestamp|date|time/.test(sqlType)) return 'timestamp';
  if (/boolean/.test(sqlType)) return 'boolean';
  return undefined;
}

/** The sources setup reads, the failing step's first. */
function sourceReads(c: SetupFailureContext): SourceRead[] {
  const reads = c.steps.flatMap((s) => (s.source ? [s.source] : []));
  const own = c.step?.source;
  return own ? [own, ...reads.filter((r) => r.name !== own.name)] : reads;
}

/** A source's table as the user wrote it: a file relative to the project folder. */
function shownTable(table: string, c: SetupFailureContext): string {
  const root = c.project?.config.root;
  if (root && isAbsolute(table) && !relative(root, table).startsWith('..'))
    return relative(root, table);
  return table;
}

function sourceRange(source: LogicalSource, c: SetupFailureContext): SourceRange | undefined {
  return c.project?.config.sources.mappings[source]?.range;
}

/** The declaration in schema.yml of what a staged column holds (a trait; events' fields have none). */
function declaration(source: LogicalSource, name: string, c: SetupFailureContext) {
  const entity = source === 'accounts' ? 'account' : source === 'users' ? 'user' : undefined;
  return entity && name !== 'id' ? c.project?.schema[entity][name] : undefined;
}

/** What a staged column holds, in the project's words. */
function holds(source: LogicalSource, column: ReadColumn): string {
  if (source === 'accounts' || source === 'users')
    return column.name === 'id'
      ? `the ${source === 'accounts' ? 'account' : 'user'} ids`
      : `trait \`${column.name}\``;
  if (column.name === 'timestamp') return "the events' time";
  return `the events' \`${column.name}\``;
}

/** A value the warehouse could not read as the column's declared type: `seats: "ten"`. */
function badValue(text: string, c: SetupFailureContext): Diagnostic | undefined {
  const duck =
    /Conversion Error:[^"]*"([^"]*)"[\s\S]*?when casting from source column "?([^"\s]+)"?/.exec(
      text,
    );
  const pg =
    /invalid input syntax for type ([a-z ]+): "([^"]*)"/.exec(text) ??
    /(date\/time) field value out of range: "([^"]*)"/.exec(text);
  if (!duck && !pg) return undefined;
  const value = duck ? duck[1]! : pg![2]!;
  const matches = (col: ReadColumn) =>
    duck
      ? col.column.toLowerCase() === duck[2]!.toLowerCase()
      : col.type === typeOfSqlType(pg![1]!);
  const found = sourceReads(c)
    .map((read) => ({ read, columns: read.columns.filter(matches) }))
    .find((f) => f.columns.length > 0);
  if (!found) return undefined;
  const { read } = found;
  const table = shownTable(read.table, c);
  // PostgreSQL does not say which column: one of those of the refused type.
  const [column, ...others] = found.columns;
  const where =
    others.length === 0
      ? `column \`${column!.column}\``
      : `one of the columns ${found.columns.map((col) => `\`${col.column}\``).join(', ')}`;
  const type = column!.type;
  const declared = others.length === 0 ? declaration(read.name, column!.name, c) : undefined;
  const hints = [
    `correct the data: ${others.length === 0 ? `\`${column!.column}\`` : 'the column'} of source \`${read.name}\` must hold ${WHAT_FITS[type]} in every row, or be empty`,
  ];
  if (declared) {
    const convert =
      // DuckDB's conversion error (the message says which engine refused): its try_cast converts.
      duck && type !== 'list'
        ? `: \`trait ${column!.name}_${type} = ${read.name === 'accounts' ? 'account' : 'user'} sql ${type} """select id, try_cast(${column!.column} as ${type === 'number' ? 'double' : type}) as value from {{ ${read.name} }}"""\``
        : ' that converts the values that are ' + TYPE_WORDS[type].replace(/^an? /, '') + 's';
    hints.push(
      `or, if the column holds text on purpose, declare \`${column!.name}: string\` in schema.yml and read it as ${TYPE_WORDS[type]} with a SQL trait${convert}`,
    );
  }
  const sourceAt = sourceRange(read.name, c);
  const related: RelatedInformation[] =
    declared?.range && sourceAt ? [{ message: `source \`${read.name}\``, range: sourceAt }] : [];
  const has = `source \`${read.name}\` (\`${table}\`) has "${value}" in ${where}`;
  return error(
    'runtime-source-value',
    declared
      ? `${has}, but schema.yml declares trait \`${column!.name}\` ${TYPE_WORDS[type]}`
      : `${has}, which ${others.length === 0 ? `holds ${holds(read.name, column!)}` : 'hold values'}: not ${TYPE_WORDS[type]} ${c.dialect} can read`,
    declared?.range ?? sourceAt,
    hints,
    related,
  );
}

/** A column a source does not have: `seats` in an accounts table whose column is `n_seats`. */
function missingColumn(text: string, c: SetupFailureContext): Diagnostic | undefined {
  const named =
    /does not have a column named "([^"]+)"/.exec(text) ??
    /Referenced column "([^"]+)" not found/.exec(text) ??
    /column (?:\w+\.)?"?([^"\s]+)"? does not exist/.exec(text);
  if (!named) return undefined;
  const missing = named[1]!;
  const found = sourceReads(c)
    .map((read) => ({
      read,
      column: read.columns.find((col) => col.column.toLowerCase() === missing.toLowerCase()),
    }))
    .find((f) => f.column !== undefined);
  if (!found?.column) return undefined;
  const { read, column } = found;
  const candidate =
    /Candidate bindings:[\s:]*"([^"]+)"/.exec(text)?.[1] ??
    /Perhaps you meant to reference the column "(?:\w+\.)?([^"]+)"/.exec(text)?.[1];
  const mapped = `columns: { ${column.name}: ${candidate ?? 'COLUMN'} }`;
  const sourceAt = sourceRange(read.name, c);
  const written = sourceAt ? sourceText(sourceAt, c) : undefined;
  const rewrite =
    written && /^\{[^{}]*\}$/.test(written.trim()) && !written.includes('columns')
      ? `\`${read.name}: ${written.trim().replace(/\s*\}$/, `, ${mapped} }`)}\``
      : `\`${mapped}\` under \`sources.${read.name}\``;
  const declared = declaration(read.name, column.name, c);
  return error(
    'runtime-source-column',
    `source \`${read.name}\` (\`${shownTable(read.table, c)}\`) has no column \`${column.column}\`, where roster reads ${holds(read.name, column)}`,
    sourceAt,
    [
      candidate
        ? `if \`${candidate}\` holds it, map it in roster.yaml: ${rewrite}`
        : `add the column to the source, or map ${holds(read.name, column)} to the column that holds it in roster.yaml: ${rewrite}`,
    ],
    declared?.range
      ? [{ message: `${holds(read.name, column)} is declared here`, range: declared.range }]
      : [],
  );
}

function sourceText(range: SourceRange, c: SetupFailureContext): string | undefined {
  const file = c.project?.configFiles.find((f) => f.path === range.file);
  return file?.text.slice(range.start.offset, range.end.offset);
}

/** A source table or file that is not there. */
function missingTable(text: string, c: SetupFailureContext): Diagnostic | undefined {
  const missing =
    /No files found that match the pattern "([^"]+)"/.exec(text)?.[1] ??
    /Table with name "?([^"\s!]+)"? does not exist/.exec(text)?.[1] ??
    /relation "([^"]+)" does not exist/.exec(text)?.[1];
  if (missing === undefined) return undefined;
  const last = (name: string) => name.split('.').pop()!.toLowerCase();
  const reads = sourceReads(c);
  const read =
    reads.find((r) => r.table === missing) ??
    reads.find((r) => last(r.table) === last(missing)) ??
    c.step?.source;
  if (!read) return undefined;
  const table = shownTable(read.table, c);
  const others = reads.filter((r) => r.name !== read.name).map((r) => r.table);
  const file = isAbsolute(read.table) ? otherFile(read.table, others, c) : undefined;
  const sourceAt = sourceRange(read.name, c);
  return error(
    'runtime-source-missing',
    `source \`${read.name}\` reads \`${table}\`, which ${isAbsolute(read.table) ? 'matches no file' : `does not exist on ${c.dialect}`}`,
    sourceAt,
    [
      ...(file ? [`did you mean \`${file}\`?`] : []),
      `name the ${isAbsolute(read.table) ? 'file' : 'table'} that holds the ${read.name} in roster.yaml: \`${read.name}: { table: ${file ?? '…'} }\` under \`sources\``,
    ],
  );
}

/**
 * The file a missing source file most likely meant: the closest name in its
 * folder, else the one file of the same kind there that no other source reads.
 */
function otherFile(
  path: string,
  others: readonly string[],
  c: SetupFailureContext,
): string | undefined {
  const folder = dirname(path);
  if (!existsSync(folder)) return undefined;
  const files = readdirSync(folder).filter(
    (f) => extname(f) === extname(path) && !others.includes(join(folder, f)),
  );
  const chosen = closestName(basename(path), files) ?? (files.length === 1 ? files[0] : undefined);
  return chosen === undefined ? undefined : shownTable(join(folder, chosen), c);
}
