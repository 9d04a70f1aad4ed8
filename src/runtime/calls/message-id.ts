/**
 * Deterministic Segment `messageId`s (LANGUAGE.md §7): a hash of the
 * project, destination, sync, call, member, the transition and its place in
 * that member's history on this channel (`seq`, 1 for the first transition
 * ever delivered). A resend after a crash has the same seq (the state did not
 * advance), so the same id; a later genuine re-entry has a higher seq, so a
 * new id. A sync removed and added again starts a new `generation` of its
 * channels (their delivered state was forgotten, seq restarts), which joins
 * the key from generation 2 on, so an old id is never reused for a new
 * transition. A trait's transition carries its value (the stored JSON text),
 * which joins the key too: a value that changed while an earlier call about
 * the member was still unacknowledged is a new transition, and under the old
 * id a de-duplicating receiver that did get that call would drop it.
 * Formatted as a UUID so receivers that expect one accept it.
 * `src/runtime/apply/message-id-sql.ts` computes the same ids in SQL.
 */
import { createHash } from 'node:crypto';

export interface MessageIdInput {
  project: string;
  destination: string;
  sync: string;
  call: string;
  member: string;
  transition: string;
  seq: number;
  /** 1 (the default) until the channel was forgotten and started again. */
  generation?: number;
  /** A trait transition's value as stored (JSON text); absent or null for audiences and removals. */
  value?: string | null;
}

export function messageId(input: MessageIdInput): string {
  const key = JSON.stringify([
    'roster/1',
    input.project,
    input.destination,
    input.sync,
    input.call,
    input.member,
    input.transition,
    input.seq,
    ...(input.generation !== undefined && input.generation > 1 ? [input.generation] : []),
    ...(input.value !== undefined && input.value !== null ? [input.value] : []),
  ]);
  return uuidFromHash(key);
}

/** A UUID-shaped SHA-256 of `key`. */
export function uuidFromHash(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  // UUID layout with version 8 (custom) and the RFC 4122 variant bits.
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
