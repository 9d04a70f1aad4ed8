/**
 * A channel is one call of one sync (`at_risk->zendesk` × `identify`). Each
 * has its own delivered state, because a destination acknowledges each call
 * separately: an identify that went through must not be resent because the
 * matching track did not (LANGUAGE.md §7).
 */
import type { IrEntity, IrSync } from '../../ir/ir.js';
import type { CallKind } from './plan.js';

export interface Channel {
  sync: string;
  destination: string;
  call: CallKind;
  source: string;
  sourceKind: 'audience' | 'trait';
  /** The synced definition's entity. */
  entity: IrEntity;
  /** Whom the calls describe: group → account; identify/track → user. */
  level: IrEntity;
  options: Record<string, string>;
}

export function syncChannels(sync: IrSync): Channel[] {
  return sync.calls.map((c) => ({
    sync: sync.name,
    destination: sync.destination,
    call: c.call,
    source: sync.source,
    sourceKind: sync.sourceKind,
    entity: sync.entity,
    level: c.call === 'group' ? 'account' : 'user',
    options: c.options,
  }));
}

/** Track event names a channel uses, for display. */
export function trackEvents(channel: Channel): Record<string, string> | undefined {
  if (channel.call !== 'track') return undefined;
  if (channel.sourceKind === 'audience') {
    return {
      entered: channel.options.entered ?? 'Audience Entered',
      exited: channel.options.exited ?? 'Audience Exited',
    };
  }
  return { changed: channel.options.name ?? 'Trait Computed' };
}
