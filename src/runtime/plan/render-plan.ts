/**
 * A plan as Terraform-like text: definitions added (+), changed (~) and
 * removed (-) with their text, each audience's size and movement with a few
 * sample ids, trait value changes, the calls each sync would send, and a
 * closing `Plan: N to enter, M to exit, K to update.` or `No changes.`.
 */
import type { Plan, PlanChannel, PlanPendingRetries, PlanSync } from './plan.js';
import { planHasChanges } from './plan.js';
import { printable } from '../../diagnostics/printable.js';
import { describeViolation, GUARD_FLAGS } from './guards.js';

const n = (x: number): string => x.toLocaleString('en-US');
const SIGN = { add: '+', change: '~', remove: '-' } as const;

function indentText(text: string, prefix: string): string[] {
  return text.split('\n').map((line) => `${prefix}${line}`);
}

function channelLine(c: PlanChannel): string {
  const parts: string[] = [];
  if (c.entered) parts.push(`+${n(c.entered)} entered`);
  if (c.exited) parts.push(`-${n(c.exited)} exited`);
  if (c.changed) parts.push(`~${n(c.changed)} changed`);
  if (c.removed) parts.push(`~${n(c.removed)} unset`);
  const total = c.entered + c.exited + c.changed + c.removed;
  const events = c.events
    ? ` (${Object.values(c.events)
        .map((e) => JSON.stringify(e))
        .join(' / ')})`
    : '';
  const what =
    total === 0 ? 'no calls' : `${n(total)} call${total === 1 ? '' : 's'}: ${parts.join(', ')}`;
  return `      ${c.call.padEnd(8)} ${what}${events}`;
}

function syncLines(s: PlanSync): string[] {
  if (s.status === 'removed') {
    return [
      `  - ${s.name.replace('->', ' → ')}  stopped: the sync was removed; nothing is sent, ${n(s.forgotten)} delivered state row(s) are forgotten`,
    ];
  }
  const calls = s.channels.reduce(
    (sum, c) => sum + c.entered + c.exited + c.changed + c.removed,
    0,
  );
  const head =
    s.status === 'new'
      ? `  + ${s.name.replace('->', ' → ')}  new sync: backfill of ${n(calls)} call(s) for the current ${s.sourceKind === 'audience' ? 'members' : 'values'}`
      : `  ${calls > 0 ? '~' : ' '} ${s.name.replace('->', ' → ')}`;
  const lines = [head, ...s.channels.map(channelLine)];
  if (s.forgotten > 0)
    lines.push(`      (removed calls: ${n(s.forgotten)} delivered state row(s) are forgotten)`);
  if (s.pendingRetries) lines.push(...pendingLines(s.pendingRetries));
  return lines;
}

/** Long reasons and ids (a 40 KB user id) are cut: the plan is for reading. */
export function shorten(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function pendingLines(p: PlanPendingRetries): string[] {
  const lines: string[] = [];
  if (p.calls > 0) {
    lines.push(
      `      pending retries: ${n(p.calls)} call(s) that failed in an earlier apply are sent again, with the same messageIds:`,
    );
    for (const r of p.reasons)
      lines.push(
        `        ${n(r.calls)} × ${shorten(r.reason, 160)} (e.g. ${shorten(r.sample, 40)})`,
      );
    if (p.moreReasons > 0) lines.push(`        … and ${n(p.moreReasons)} other reason(s)`);
  }
  if (p.superseded > 0)
    lines.push(
      `      (${n(p.superseded)} call(s) that failed earlier are no longer sent: their members moved back since)`,
    );
  return lines;
}

export function renderPlan(plan: Plan): string {
  const out: string[] = [];
  out.push(
    `roster plan: project ${plan.project}, target ${plan.target} (${plan.dialect}), now ${plan.now}`,
  );
  if (plan.select) out.push(`selected: ${plan.select.join(', ')}`);
  out.push('');
  if (plan.changes.length > 0) {
    out.push('Definitions:');
    for (const c of plan.changes) {
      const reads = c.because
        ? ` (reads changed ${c.because.join(', ')})`
        : c.action === 'change' && c.before === c.after
          ? ' (what it reads changed since it was applied)'
          : '';
      out.push(`  ${SIGN[c.action]} ${c.kind} ${c.name}${reads}`);
      if (c.action === 'change' && c.before !== c.after) {
        if (c.before) out.push(...indentText(c.before, '      - '));
        if (c.after) out.push(...indentText(c.after, '      + '));
      } else if (c.action === 'add' && c.after) out.push(...indentText(c.after, '      '));
    }
    out.push('');
  }
  if (plan.audiences.length > 0) {
    out.push('Audiences:');
    const width = Math.max(...plan.audiences.map((a) => a.name.length + a.entity.length + 3));
    for (const a of plan.audiences) {
      const label = `${a.name} (${a.entity})`.padEnd(width);
      const moves =
        a.previousSize === null
          ? 'first evaluation'
          : `+${n(a.entered)} entered  -${n(a.exited)} exited`;
      const samples = [
        ...a.samples.entered.map((id) => `+${id}`),
        ...a.samples.exited.map((id) => `-${id}`),
      ];
      const eg = a.previousSize !== null && samples.length > 0 ? `  e.g. ${samples.join(' ')}` : '';
      out.push(`  ${label}  ${n(a.size).padStart(7)} members  ${moves}${eg}`);
    }
    out.push('');
  }
  if (plan.traits.length > 0) {
    out.push('Traits:');
    const width = Math.max(...plan.traits.map((t) => t.name.length + t.entity.length + 3));
    for (const t of plan.traits) {
      const label = `${t.name} (${t.entity})`.padEnd(width);
      const moves =
        t.previousSize === null
          ? 'first evaluation'
          : `${n(t.changed)} changed${t.removed ? `, ${n(t.removed)} unset` : ''}`;
      out.push(`  ${label}  ${n(t.size).padStart(7)} values   ${moves}`);
    }
    out.push('');
  }
  if (plan.syncs.length > 0) {
    out.push('Syncs:');
    for (const s of plan.syncs) out.push(...syncLines(s));
    out.push('');
  }
  for (const w of plan.warnings) out.push(`warning: ${w}`);
  for (const v of plan.guards)
    out.push(`warning: ${describeViolation(v)}: apply needs ${GUARD_FLAGS[v.guard]}`);
  const { enter, exit, update } = plan.totals;
  if (!planHasChanges(plan)) out.push('No changes.');
  else {
    const extra =
      plan.totals.calls === 0 ? ' (no calls to send; the applied state will be updated)' : '';
    out.push(`Plan: ${n(enter)} to enter, ${n(exit)} to exit, ${n(update)} to update.${extra}`);
  }
  // Ids, values and definition text come from the warehouse and files: no control character reaches the terminal.
  return out.map(printable).join('\n');
}
