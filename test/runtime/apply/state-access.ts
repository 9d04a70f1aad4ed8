/** Direct access to a scratch project's state tables, for tests that set up a situation (a foreign lock). */
import { loadProject } from '../../../src/project/load-project.js';
import { openWarehouse } from '../../../src/runtime/open-warehouse.js';
import { openStateLocation, stateTable } from '../../../src/runtime/state/location.js';
import type { Row } from '../../../src/runtime/warehouse.js';
import { sqlStage } from '../../../src/sql/index.js';

/** Runs `body` with an executor where `{table}` expands to that state table's qualified name. */
export async function openStateForTest(
  root: string,
  body: (
    exec: (sql: string) => Promise<void>,
    query: (sql: string) => Promise<Row[]>,
  ) => Promise<void>,
): Promise<void> {
  const loaded = await loadProject(root, { env: process.env });
  const project = loaded.project;
  if (!project) throw new Error('scratch project did not load');
  const target = project.config.targets.dev;
  if (!target) throw new Error('no dev target');
  const opened = await openWarehouse(target, process.env);
  if (!opened.ok) throw new Error(opened.diagnostics.map((d) => d.message).join('\n'));
  try {
    const location = await openStateLocation(
      opened.warehouse,
      project.config,
      target,
      sqlStage.dialect(target.dialect),
    );
    const expand = (sql: string): string =>
      sql.replace(/\{(\w+)\}/g, (_, name: string) => stateTable(location, name));
    await body(
      (sql) => opened.warehouse.execute(expand(sql)),
      (sql) => opened.warehouse.query(expand(sql)),
    );
  } finally {
    await opened.warehouse.close();
  }
}
