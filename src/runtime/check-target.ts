/**
 * What `roster debug` checks on an open target before a real run: each
 * configured source's table and the columns roster reads from it, and write
 * access to roster's state schema (a probe table created, written and
 * dropped, with the state adapter's types). The CLI prints the checks.
 */
import type { LogicalSource, Project, TargetConfig } from '../project/index.js';
import type { Dialect } from '../sql/index.js';
import { openStateLocation, stateTable } from './state/location.js';
import { errorMessage, type Warehouse } from './warehouse.js';

/** One check: what was checked, and what was found (or why it failed). */
export interface TargetCheck {
  ok: boolean;
  what: string;
  detail: string;
}

const EVENT_COLUMNS = ['message_id', 'user_id', 'timestamp', 'group_id', 'properties'];

/** The logical columns roster may read from each source. */
function logicalColumns(source: LogicalSource, project: Project): string[] {
  switch (source) {
    case 'tracks':
      return [...EVENT_COLUMNS, 'event'];
    case 'pages':
    case 'screens':
      return EVENT_COLUMNS;
    case 'users':
      return ['id', ...Object.keys(project.schema.user)];
    case 'accounts':
      return ['id', ...Object.keys(project.schema.account)];
    case 'memberships':
      return ['user_id', 'account_id'];
  }
}

/** Each configured source: its table can be read and has every column roster reads. */
export async function checkSources(
  warehouse: Warehouse,
  project: Project,
  dialect: Dialect,
): Promise<TargetCheck[]> {
  const checks: TargetCheck[] = [];
  const mappings = project.config.sources.mappings;
  for (const source of Object.keys(mappings).sort() as LogicalSource[]) {
    const mapping = mappings[source];
    if (!mapping) continue;
    const what = `source ${source}`;
    let present: string[];
    try {
      present = await warehouse.columns(
        `SELECT * FROM ${dialect.sourceRelation(mapping.table)} AS s`,
      );
    } catch (caught) {
      checks.push({
        ok: false,
        what,
        detail: `cannot read table \`${mapping.table}\`: ${errorMessage(caught)}`,
      });
      continue;
    }
    // Warehouses differ in how they fold case (Snowflake upper, Redshift lower): compare without it.
    const have = new Set(present.map((c) => c.toLowerCase()));
    const missing = logicalColumns(source, project)
      .map((logical) => ({ logical, physical: mapping.columns[logical] ?? logical }))
      .filter(({ physical }) => !have.has(physical.toLowerCase()));
    checks.push(
      missing.length === 0
        ? { ok: true, what, detail: `table \`${mapping.table}\` has every column roster reads` }
        : {
            ok: false,
            what,
            detail: `table \`${mapping.table}\` lacks ${missing
              .map(({ logical, physical }) =>
                logical === physical ? `\`${physical}\`` : `\`${physical}\` (for ${logical})`,
              )
              .join(', ')}; it has ${present.map((c) => `\`${c}\``).join(', ') || 'no columns'}`,
          },
    );
  }
  return checks;
}

/**
 * The state schema can be written: opened (created if missing) as plan and
 * apply open it, then a probe table `roster_debug_probe_<pid>` is created
 * with the state adapter's text type, written and dropped.
 */
export async function checkStateWrite(
  warehouse: Warehouse,
  project: Project,
  target: TargetConfig,
  dialect: Dialect,
): Promise<TargetCheck> {
  const what = 'state schema';
  try {
    const location = await openStateLocation(warehouse, project.config, target, dialect);
    const probe = stateTable(location, `roster_debug_probe_${process.pid}`);
    await warehouse.execute(
      `CREATE TABLE ${probe} (${dialect.quoteIdentifier('x')} ${location.adapter.types.text})`,
    );
    await warehouse.execute(`INSERT INTO ${probe} VALUES (${dialect.stringLiteral('ok')})`);
    await warehouse.execute(`DROP TABLE ${probe}`);
    return {
      ok: true,
      what,
      detail: `can create, write and drop tables in ${location.description}`,
    };
  } catch (caught) {
    return {
      ok: false,
      what,
      detail: `cannot write to schema \`${project.config.state.schema}\`: ${errorMessage(caught)} (grant create/insert on it, or set state.schema in roster.yaml)`,
    };
  }
}

/** Every check of `roster debug` but the connection's, in the order printed. */
export async function checkTarget(
  warehouse: Warehouse,
  project: Project,
  target: TargetConfig,
  dialect: Dialect,
): Promise<TargetCheck[]> {
  return [
    ...(await checkSources(warehouse, project, dialect)),
    await checkStateWrite(warehouse, project, target, dialect),
  ];
}
