/**
 * `roster plan --show-payloads DEST`: the first calls of a plan to one
 * destination, built exactly as apply builds them (same messageIds, same
 * anonymousId choice, same trait decoding), read from the plan's transitions
 * table in `pos` order — the order apply sends them in.
 */
import type { IrDefinition, IrValueType } from '../../ir/ir.js';
import { resolveSettings } from '../../project/interpolate.js';
import type { DestinationConfig } from '../../project/types.js';
import { syncChannels } from '../plan/channels.js';
import type { CallKind, Plan, Transition } from '../plan/plan.js';
import type { RunContext } from '../plan/prepare-run.js';
import { stateTable } from '../state/location.js';
import type { Row } from '../warehouse.js';
import { buildCall } from './build-call.js';
import type { SegmentCall, TransitionRow } from './build-call.js';

export interface PlanPayloads {
  calls: SegmentCall[];
  /** Calls the plan sends to this destination in all. */
  total: number;
}

/** One row of the transitions table as `buildCall` takes it. */
export function transitionFromRow(row: Row): TransitionRow {
  return {
    pos: Number(row.pos),
    sync: String(row.sync),
    destination: String(row.destination),
    call: String(row.call) as CallKind,
    source: String(row.source),
    sourceKind: row.source_kind === 'trait' ? 'trait' : 'audience',
    member: String(row.member_id),
    transition: String(row.transition) as Transition,
    value: row.value === null || row.value === undefined ? null : String(row.value),
    prevSeq: Number(row.prev_seq),
    ...(row.generation === null || row.generation === undefined
      ? {}
      : { generation: Number(row.generation) }),
  } as TransitionRow;
}

/**
 * Builds a transition's call as apply sends it: the sync channel's options and
 * the trait's declared type come from the compiled definitions.
 */
export function callBuilder(
  definitions: readonly IrDefinition[],
  plan: Plan,
  groupAnonymousId: boolean,
): (row: TransitionRow) => SegmentCall {
  const { options, types } = callOptionsAndTypes(definitions);
  return (row) => {
    const traitType = types.get(row.source);
    return buildCall(row, {
      project: plan.project,
      now: plan.now,
      rosterVersion: plan.rosterVersion,
      options: options.get(JSON.stringify([row.sync, row.call])) ?? {},
      ...(traitType ? { traitType } : {}),
      groupAnonymousId,
    });
  };
}

/**
 * What calls take from the compiled definitions: each sync channel's options
 * (keyed by `JSON.stringify([sync, call])`) and each trait's declared type.
 */
export function callOptionsAndTypes(definitions: readonly IrDefinition[]): {
  options: Map<string, Record<string, string>>;
  types: Map<string, IrValueType>;
} {
  const options = new Map<string, Record<string, string>>();
  const types = new Map<string, IrValueType>();
  for (const def of definitions) {
    if (def.kind === 'computed-trait' || def.kind === 'sql-trait') types.set(def.name, def.type);
    if (def.kind === 'sync')
      for (const c of syncChannels(def)) options.set(JSON.stringify([c.sync, c.call]), c.options);
  }
  return { options, types };
}

/** `group_anonymous_id` of a destination (default true), without resolving its other settings. */
export function groupAnonymousIdSetting(
  config: DestinationConfig,
  env: NodeJS.ProcessEnv,
): boolean {
  const raw = config.settings.group_anonymous_id;
  if (raw === undefined) return true;
  const { settings } = resolveSettings({ group_anonymous_id: raw }, env, {
    path: `destinations.${config.name}`,
  });
  const value = settings.group_anonymous_id;
  return !(value === false || value === 'false');
}

export async function planPayloads(
  context: RunContext,
  plan: Plan,
  destination: DestinationConfig,
  limit: number,
  env: NodeJS.ProcessEnv,
): Promise<PlanPayloads> {
  const { warehouse, location, ir } = context;
  const d = location.dialect;
  const table = stateTable(location, plan.tables.transitions);
  const name = d.stringLiteral(destination.name);
  const counted = await warehouse.query(
    `SELECT COUNT(*) AS n FROM ${table} WHERE destination = ${name}`,
  );
  const total = Number(counted[0]?.n ?? 0);
  if (limit <= 0 || total === 0) return { calls: [], total };
  const rows = await warehouse.query(
    `SELECT * FROM ${table} WHERE destination = ${name} ORDER BY pos LIMIT ${Math.floor(limit)}`,
  );
  const build = callBuilder(ir.definitions, plan, groupAnonymousIdSetting(destination, env));
  const calls = rows.map((raw) => build(transitionFromRow(raw)));
  return { calls, total };
}
