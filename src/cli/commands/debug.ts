/**
 * `roster debug [--project DIR] [--target T]`: checks that a target is usable
 * before a real run — the connection, each configured source's table and the
 * columns roster reads from it, and write access to roster's state schema —
 * printing one line per check and a clear reason for each failure. Exit code
 * 0 when everything passed, 1 otherwise.
 */
import { resolve } from 'node:path';
import {
  hasErrors,
  renderDiagnostics,
  shouldUseColor,
  type Diagnostic,
} from '../../diagnostics/index.js';
import { loadProject, type LogicalSource, type Project } from '../../project/index.js';
import { openWarehouse } from '../../runtime/open-warehouse.js';
import { selectTarget } from '../../runtime/select-target.js';
import { openStateLocation, stateTable } from '../../runtime/state/location.js';
import { errorMessage, type Warehouse } from '../../runtime/warehouse.js';
import { sqlStage } from '../../sql/index.js';
import type { CliIo } from '../io.js';

export interface DebugCommandOptions {
  project: string;
  target?: string;
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

interface Check {
  ok: boolean;
  what: string;
  detail: string;
}

async function checkSources(warehouse: Warehouse, project: Project): Promise<Check[]> {
  const dialect = sqlStage.dialect(warehouse.dialect);
  const checks: Check[] = [];
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

async function checkState(
  warehouse: Warehouse,
  project: Project,
  targetName: string,
): Promise<Check> {
  const what = 'state schema';
  const target = project.config.targets[targetName]!;
  try {
    const location = await openStateLocation(
      warehouse,
      project.config,
      target,
      sqlStage.dialect(warehouse.dialect),
    );
    const probe = stateTable(location, `roster_debug_probe_${process.pid}`);
    const dialect = location.dialect;
    await warehouse.execute(
      `CREATE TABLE ${probe} (${dialect.quoteIdentifier('x')} ${dialect.columnType('string')})`,
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

/** Runs `roster debug` and returns its exit code. */
export async function runDebugCommand(options: DebugCommandOptions, io: CliIo): Promise<number> {
  const loaded = await loadProject(resolve(io.cwd, options.project), { env: io.env });
  const project = loaded.project;
  const files = loaded.configFiles;
  const fail = (ds: Diagnostic[]): number => {
    io.stderr(
      renderDiagnostics(ds, {
        sources: new Map(files.map((f) => [f.path, f])),
        color: shouldUseColor({ isTTY: io.isTTY }, io.env),
        cwd: io.cwd,
      }),
    );
    return 1;
  };
  if (!project || hasErrors(loaded.diagnostics)) return fail(loaded.diagnostics);
  const selected = selectTarget(project.config, options.target);
  if (!selected.target) return fail(selected.diagnostics);
  const target = selected.target;

  // A relative DuckDB file belongs to the project folder.
  const overrides = { baseDir: project.config.root };
  const opened = await openWarehouse(target, io.env, overrides);
  if (!opened.ok) {
    io.stdout(`FAIL  connection to target \`${target.name}\` (${target.dialect})`);
    return fail(opened.diagnostics);
  }
  const warehouse = opened.warehouse;
  const checks: Check[] = [
    {
      ok: true,
      what: 'connection',
      detail: `connected to target \`${target.name}\` (${target.dialect})`,
    },
  ];
  try {
    checks.push(...(await checkSources(warehouse, project)));
    checks.push(await checkState(warehouse, project, target.name));
  } finally {
    await warehouse.close();
  }
  for (const check of checks)
    io.stdout(`${check.ok ? 'ok   ' : 'FAIL '} ${check.what}: ${check.detail}`);
  const failed = checks.filter((c) => !c.ok).length;
  io.stdout(
    failed === 0
      ? 'everything roster needs is in place'
      : `${failed} check${failed === 1 ? '' : 's'} failed`,
  );
  return failed === 0 ? 0 : 1;
}
