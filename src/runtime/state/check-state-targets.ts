/**
 * What `roster check` says about roster's state on each configured target,
 * before anything connects: a `state.schema` the warehouse cannot hold
 * whole (PostgreSQL truncates names over 63 bytes, so two names could meet)
 * or cannot name at all (BigQuery dataset names are letters, digits and
 * underscores) is refused here, with the rule, rather than failing at apply.
 */
import { error } from '../../diagnostics/diagnostic.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ProjectConfig } from '../../project/types.js';
import type { SqlStage } from '../../sql/index.js';
import { stateAdapter } from './adapters/index.js';

/** `sql` gives each target's dialect (the caller passes `sqlStage`: the runtime imports no values of src/sql). */
export function checkStateTargets(
  config: ProjectConfig,
  sql: Pick<SqlStage, 'dialect'>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const schema = config.state.schema;
  for (const target of Object.values(config.targets)) {
    const dialect = sql.dialect(target.dialect);
    const adapter = stateAdapter(dialect);
    // The one identifier limit per warehouse is the dialect's, the same the compiler fits its names to.
    const limit = dialect.maxIdentifierBytes;
    const bytes = Buffer.byteLength(schema, 'utf8');
    const problem =
      limit !== undefined && bytes > limit
        ? `${target.dialect} keeps names of at most ${limit} bytes, and this one has ${bytes}`
        : adapter.schemaProblem?.(schema);
    if (!problem) continue;
    diagnostics.push(
      error(
        'config-state-schema-unsupported',
        `target \`${target.name}\` cannot hold roster's state in schema \`${schema}\`: ${problem}`,
        target.range,
        ['choose another `state: { schema: … }` in roster.yaml, such as `roster_state`'],
      ),
    );
  }
  return diagnostics;
}
