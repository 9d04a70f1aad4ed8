/**
 * `roster docs` as a function: load and check the project, compile it for
 * every target, read the applied state of one target when there is one
 * (never creating it), and write the site. User problems come back as
 * diagnostics; a state that cannot be read is a note on the page, not a
 * failure: the definitions are documented either way.
 */
import { checkProject } from '../check/check-project.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadProject } from '../project/load-project.js';
import type { Project } from '../project/types.js';
import {
  errorMessage,
  findStateForReading,
  openWarehouse,
  readStateHistory,
  selectTarget,
  type StateHistory,
} from '../runtime/index.js';
import { sqlStage } from '../sql/index.js';
import { buildSiteData } from './site-data.js';
import type { DocsSite } from './site-data.js';
import { writeSite } from './write-site.js';

export interface BuildDocsOptions {
  projectDir: string;
  outDir: string;
  /** Whose state to chart (default: the project's default target). */
  target?: string;
  /** Leave the state alone (no connection at all). */
  noState?: boolean;
  /** The instant SQL is compiled for (default: now). */
  now?: string;
  env: NodeJS.ProcessEnv;
  rosterVersion: string;
}

export type BuildDocsResult =
  | { ok: true; site: DocsSite; written: string[]; diagnostics: Diagnostic[]; project: Project }
  | { ok: false; diagnostics: Diagnostic[]; project?: Project };

async function readHistory(
  project: Project,
  targetName: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{
  history?: { target: string; state: StateHistory };
  notes: string[];
  diagnostics: Diagnostic[];
}> {
  const selected = selectTarget(project.config, targetName);
  if (!selected.target) return { notes: [], diagnostics: selected.diagnostics };
  const target = selected.target;
  const opened = await openWarehouse(target, env, { baseDir: project.config.root });
  if (!opened.ok) {
    return {
      notes: [
        `The state of target ${target.name} could not be read (${opened.diagnostics.map((d) => d.message).join('; ')}): no history is shown.`,
      ],
      diagnostics: [],
    };
  }
  try {
    const location = await findStateForReading(
      opened.warehouse,
      project.config,
      target,
      sqlStage.dialect(target.dialect),
    );
    if (!location) return { notes: [], diagnostics: [] };
    return {
      history: { target: target.name, state: await readStateHistory(opened.warehouse, location) },
      notes: [],
      diagnostics: [],
    };
  } catch (caught) {
    return {
      notes: [
        `The state of target ${target.name} could not be read (${errorMessage(caught)}): no history is shown.`,
      ],
      diagnostics: [],
    };
  } finally {
    await opened.warehouse.close().catch(() => undefined);
  }
}

export async function buildDocs(options: BuildDocsOptions): Promise<BuildDocsResult> {
  const loaded = await loadProject(options.projectDir, { env: options.env });
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const project = loaded.project;
  if (!project || hasErrors(diagnostics))
    return { ok: false, diagnostics, ...(project ? { project } : {}) };
  const checked = checkProject(project);
  diagnostics.push(...checked.diagnostics);
  if (!checked.ir || hasErrors(diagnostics)) return { ok: false, diagnostics, project };

  const state = options.noState
    ? { notes: [], diagnostics: [] }
    : await readHistory(project, options.target, options.env);
  diagnostics.push(...state.diagnostics);
  if (hasErrors(state.diagnostics)) return { ok: false, diagnostics, project };

  const now = options.now ?? new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
  const built = buildSiteData({
    project,
    ir: checked.ir,
    rosterVersion: options.rosterVersion,
    now,
    generatedAt: new Date().toISOString(),
    ...(state.history ? { history: state.history } : {}),
    notes: state.notes,
  });
  // A target that cannot compile (e.g. an archive layout on a warehouse) is shown on its SQL tab.
  const written = writeSite(options.outDir, built.site);
  return { ok: true, site: built.site, written, diagnostics, project };
}
