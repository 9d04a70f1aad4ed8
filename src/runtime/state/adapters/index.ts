/**
 * The state adapter of a dialect, one per warehouse in the connector
 * registry (warehouses/connectors.ts), built over the dialect itself (its
 * quoting and literals), which the caller's registry supplies: src/runtime
 * imports no values of src/sql.
 */
import type { Dialect } from '../../../sql/index.js';
import { connectors } from '../../warehouses/connectors.js';
import type { ConnectorModule } from '../../warehouses/connectors.js';
import type { StateAdapter } from './state-adapter.js';

const built = new WeakMap<Dialect, StateAdapter>();

export function stateAdapter(dialect: Dialect): StateAdapter {
  const cached = built.get(dialect);
  if (cached) return cached;
  const entry = connectors[dialect.name] as ConnectorModule | undefined;
  if (!entry) throw new Error(`internal: no state adapter for ${dialect.name}`);
  const adapter = entry.state(dialect);
  built.set(dialect, adapter);
  return adapter;
}

export type { StateAdapter } from './state-adapter.js';
export type { StateColumnTypes } from './state-adapter.js';
