/**
 * A second shrinking pass after fast-check's: greedily drops whole
 * definitions, data rows, trait values and event properties while the case
 * still fails, so a counterexample is as small as a hand-written test.
 * (fast-check shrinks values inside the generated structure; it cannot drop
 * a definition another one refers to, nor know which rows matter.)
 */
import { hasErrors } from '../../src/diagnostics/diagnostic.js';
import type { Project } from '../../src/project/types.js';
import { formatProgram } from '../../src/syntax/format-program.js';
import { parse } from '../../src/syntax/parse.js';
import type { DiffCase, Session } from './harness.js';
import { runCase } from './harness.js';

type Rows = 'tracks' | 'pages' | 'screens' | 'memberships' | 'users' | 'accounts';
const ROWS: Rows[] = ['tracks', 'pages', 'screens', 'memberships', 'users', 'accounts'];

/** The program without its `index`-th definition, or undefined when that leaves nothing. */
function withoutDefinition(text: string, index: number): string | undefined {
  const parsed = parse(text, 'differential.roster');
  if (hasErrors(parsed.diagnostics) || parsed.program.definitions.length <= 1) return undefined;
  const definitions = parsed.program.definitions.filter((_, i) => i !== index);
  return formatProgram({ ...parsed.program, definitions, comments: [] }, text);
}

function definitionCount(text: string): number {
  return parse(text, 'differential.roster').program.definitions.length;
}

/** Audiences whose negation is still defined keep their partition check. */
function partitionsOf(c: DiffCase, program: string): DiffCase['partitions'] {
  const names = new Set(
    parse(program, 'differential.roster').program.definitions.flatMap((d) =>
      d.kind === 'audience' ? [d.name.name] : [],
    ),
  );
  return c.partitions.filter((p) => names.has(p.name) && names.has(`${p.name}_not`));
}

export async function minimizeCase(
  project: Project,
  session: Session,
  failing: DiffCase,
  budget = 400,
): Promise<DiffCase> {
  let best = failing;
  let tries = 0;
  const fails = async (c: DiffCase): Promise<boolean> => {
    tries++;
    return (await runCase(project, session, c)).status === 'failed';
  };
  let progress = true;
  while (progress && tries < budget) {
    progress = false;
    for (let i = definitionCount(best.program) - 1; i >= 0 && tries < budget; i--) {
      const program = withoutDefinition(best.program, i);
      if (program === undefined) continue;
      const candidate = { ...best, program, partitions: partitionsOf(best, program) };
      if (await fails(candidate)) {
        best = candidate;
        progress = true;
      }
    }
    for (const key of ROWS) {
      for (let i = best.data[key].length - 1; i >= 0 && tries < budget; i--) {
        const rows = best.data[key].filter((_, j) => j !== i);
        const candidate = { ...best, data: { ...best.data, [key]: rows } };
        if (await fails(candidate)) {
          best = candidate;
          progress = true;
        }
      }
    }
    // Trait values of entity rows, then properties of event rows, one key at a time.
    const maps: Array<[Rows, 'traits' | 'properties']> = [
      ['users', 'traits'],
      ['accounts', 'traits'],
      ['tracks', 'properties'],
      ['pages', 'properties'],
      ['screens', 'properties'],
    ];
    for (const [key, field] of maps) {
      for (let i = 0; i < best.data[key].length && tries < budget; i++) {
        const row = best.data[key][i] as unknown as Record<string, Record<string, unknown>>;
        for (const name of Object.keys(row[field]!)) {
          const rows = best.data[key].map((r, j) => {
            if (j !== i) return r;
            const values = { ...(r as unknown as Record<string, Record<string, unknown>>)[field] };
            delete values[name];
            return { ...r, [field]: values };
          });
          const candidate = { ...best, data: { ...best.data, [key]: rows } };
          if (await fails(candidate)) {
            best = candidate;
            progress = true;
          }
        }
      }
    }
    if (best.scope === 'group_context' && tries < budget) {
      const candidate: DiffCase = { ...best, scope: 'all_accounts' };
      if (await fails(candidate)) {
        best = candidate;
        progress = true;
      }
    }
  }
  return best;
}
