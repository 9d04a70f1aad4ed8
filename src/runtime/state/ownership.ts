/**
 * State belongs to one project in one schema. Two projects sharing a state
 * schema would each see the other's definitions as removed (and re-send
 * their whole backfill), so the schema records the project that owns it
 * (`meta.project`, the `name` of roster.yaml) and refuses any other. A
 * `state.schema` that already holds tables roster did not create (`public`,
 * a schema of the user's own) is refused before roster writes anything
 * there: roster deletes and rewrites rows of its tables, and a user's own
 * `results` table must never be one of them.
 */
import type { Warehouse } from '../warehouse.js';
import { stateTable } from './location.js';
import type { StateLocation } from './location.js';
import { listStateTables } from './migrations.js';

/** The state schema cannot be used by this project; `code` is the diagnostic code. */
export class StateRefusedError extends Error {
  constructor(
    readonly code: 'state-foreign-schema' | 'state-other-project',
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'StateRefusedError';
  }
}

/** Refuses a schema holding tables when roster never created its tables there. */
export async function refuseForeignSchema(
  warehouse: Warehouse,
  location: StateLocation,
): Promise<void> {
  const tables = (await listStateTables(warehouse, location)).sort();
  if (tables.length === 0) return;
  if (tables.some((name) => name.toLowerCase() === 'schema_migrations')) return;
  const shown = tables.slice(0, 5).map((name) => `\`${name}\``);
  throw new StateRefusedError(
    'state-foreign-schema',
    `${location.description} holds tables roster did not create (${shown.join(', ')}${tables.length > 5 ? `, and ${tables.length - 5} more` : ''}); roster keeps its state only in a schema of its own`,
    'set `state: { schema: roster_state }` (or another schema that does not exist yet) in roster.yaml',
  );
}

/** Records this project as the owner of a new state schema, or refuses another project's. */
export async function claimState(
  warehouse: Warehouse,
  location: StateLocation,
  project: string,
): Promise<void> {
  const d = location.dialect;
  const meta = stateTable(location, 'meta');
  const owner = async (): Promise<string | undefined> => {
    const rows = await warehouse.query(`SELECT value FROM ${meta} WHERE key = 'project'`);
    return rows.length > 0 ? String(rows[0]?.value) : undefined;
  };
  let current = await owner();
  if (current === undefined) {
    await warehouse.execute(
      `INSERT INTO ${meta} (key, value) SELECT 'project', ${d.stringLiteral(project)} FROM (SELECT 1 AS one) AS seed ` +
        `WHERE NOT EXISTS (SELECT 1 FROM ${meta} WHERE key = 'project')`,
    );
    current = await owner();
  }
  if (current === project) return;
  throw new StateRefusedError(
    'state-other-project',
    `${location.description} holds the state of project \`${current ?? ''}\`, not of \`${project}\` (roster.yaml \`name\`); two projects sharing one state schema would each see the other's definitions as removed`,
    `give this project a state schema of its own: \`state: { schema: roster_state_${project.replace(/[^A-Za-z0-9_]/g, '_').toLowerCase()} }\` in roster.yaml; if the project was renamed, set the owner in ${location.description}: UPDATE ${meta} SET value = ${d.stringLiteral(project)} WHERE key = 'project'`,
  );
}
