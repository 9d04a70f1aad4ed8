/**
 * A statement the warehouse refused for a missing privilege (PostgreSQL
 * SQLSTATE 42501, insufficient_privilege; DuckDB has no roles) is the user's
 * grants, not a roster bug: `runtime-permission-denied`, naming the object,
 * the privilege and where the roles to grant are documented.
 */
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { WarehouseError } from './warehouse.js';

export const INSUFFICIENT_PRIVILEGE = '42501';

const GRANTS_HINT =
  'grant it to the target user: docs/plan-apply.md, "Security model", lists the roles plan and apply need';

/** The privilege a refused statement needed, from the statement and PostgreSQL's message. */
function missingPrivilege(message: string, sql: string): string {
  const table = /permission denied for (?:table|relation|view|sequence) ("[^"]+"|\S+)/i.exec(
    message,
  );
  if (table) {
    const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
    const privilege = ['INSERT', 'UPDATE', 'DELETE'].includes(verb) ? verb : 'SELECT';
    return `${privilege} on table ${table[1]}`;
  }
  const database = /permission denied for database ("[^"]+"|\S+)/i.exec(message);
  if (database) return `CREATE on database ${database[1]}`;
  const schema = /permission denied for schema ("[^"]+"|\S+)/i.exec(message);
  if (schema) return `USAGE (and CREATE, for roster's state) on schema ${schema[1]}`;
  if (/temporary tables/i.test(message)) return 'TEMPORARY on the database';
  return 'a privilege';
}

/** The diagnostic for a permission error, or undefined when `caught` is another failure. */
export function permissionDenied(thrown: unknown): Diagnostic | undefined {
  // The warehouse's error itself, or the cause of one that says what roster was doing.
  let caught = thrown;
  while (!(caught instanceof WarehouseError) && caught instanceof Error && caught.cause)
    caught = caught.cause;
  if (!(caught instanceof WarehouseError) || caught.sqlState !== INSUFFICIENT_PRIVILEGE)
    return undefined;
  // The first line that is not a comment: what ran, and its verb.
  const statement =
    caught.sql
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '' && !line.startsWith('--'))
      ?.slice(0, 80) ?? '';
  const privilege = missingPrivilege(caught.message, statement);
  return error(
    'runtime-permission-denied',
    `the target user lacks ${privilege}: ${caught.message.split('\n')[0]} (statement \`${statement}\`)`,
    undefined,
    [
      privilege.startsWith('CREATE on database ')
        ? // Only roster's state schema needs it: an owner's first apply can create that instead.
          `grant it (\`GRANT ${privilege.replace(' on database ', ' ON DATABASE ')} TO <target user>\`), or have an owner run the first apply, which creates the state schema; ${GRANTS_HINT.replace('grant it to the target user: ', '')}`
        : GRANTS_HINT,
    ],
  );
}
