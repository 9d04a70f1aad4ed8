/** A state location in schema `roster_state` for `dialect`, as the state SQL tests use it. */
import type { DialectName } from '../../../src/project/types.js';
import { stateAdapter } from '../../../src/runtime/state/adapters/index.js';
import type { StateLocation } from '../../../src/runtime/state/location.js';
import { getDialect } from '../../../src/sql/dialects/index.js';

export function locationFor(dialect: DialectName): StateLocation {
  const d = getDialect(dialect);
  return {
    dialect: d,
    adapter: stateAdapter(d),
    schema: d.quoteIdentifier('roster_state'),
    schemaName: 'roster_state',
    description: 'schema `roster_state`',
  };
}
