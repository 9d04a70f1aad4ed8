/**
 * Explanations as terminal text. Every id, value and name that comes from the
 * data is passed through `printable`, so control characters (a newline or an
 * escape sequence in an id) are shown escaped and cannot forge output lines or
 * drive the terminal.
 */
import type { TraitValue } from '../runtime/index.js';
import type {
  AudienceBreakdown,
  BreakdownNode,
  EntityExplanation,
  EntitySplit,
  EventSample,
  Explanation,
  ExplainedNode,
  TraitExplanation,
} from './explanation.js';
import { printable } from '../diagnostics/printable.js';

/** A value as roster writes literals: strings quoted, lists bracketed, missing as `missing`. */
export function showValue(value: TraitValue | null | undefined): string {
  if (value === null || value === undefined) return 'missing';
  if (typeof value === 'string') return `"${printable(value).replace(/"/g, '\\"')}"`;
  if (Array.isArray(value)) return `[${value.map((v) => showValue(v)).join(', ')}]`;
  return String(value);
}

const id = (text: string): string => printable(text);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function mark(value: boolean | undefined): string {
  return value === undefined ? '?' : value ? '✓' : '✗';
}

function eventLines(sample: EventSample, indent: string): string[] {
  const lines: string[] = [];
  for (const e of sample.events) {
    const parts = [e.timestamp, `message ${e.messageId === null ? '(none)' : id(e.messageId)}`];
    parts.push(`user ${id(e.userId)}`);
    if (e.event !== undefined) parts.push(`"${printable(e.event)}"`);
    if ('value' in e) parts.push(`value ${showValue(e.value)}`);
    if (e.groupId !== undefined)
      parts.push(`group ${e.groupId === null ? '(none)' : id(e.groupId)}`);
    lines.push(`${indent}${parts.join('  ')}`);
  }
  if (sample.total > sample.events.length)
    lines.push(`${indent}… ${sample.total - sample.events.length} more`);
  return lines;
}

function splitText(split: EntitySplit, word: string): string {
  const list = (ids: string[], count: number): string =>
    ids.length === 0
      ? ''
      : `: ${ids.map(id).join(', ')}${count > ids.length ? `, … (${count - ids.length} more)` : ''}`;
  if (split.total === 0)
    return `the ${word === 'user' ? 'account has no users' : 'user has no accounts'}`;
  if (!split.satisfied || !split.notSatisfied)
    return `${plural(split.total, word)}${list(split.ids, split.total)}`;
  const yes = `${split.satisfied.count} of ${plural(split.total, word)} satisfy it${list(split.satisfied.ids, split.satisfied.count)}`;
  const no =
    split.notSatisfied.count > 0
      ? `; not: ${split.notSatisfied.ids.map(id).join(', ')}${split.notSatisfied.count > split.notSatisfied.ids.length ? `, … (${split.notSatisfied.count - split.notSatisfied.ids.length} more)` : ''}`
      : '';
  return yes + no;
}

function nodeLines(node: ExplainedNode, depth: number, parent?: ExplainedNode): string[] {
  const pad = '  '.repeat(depth);
  const lines: string[] = [];
  if (parent && (parent.entity !== node.entity || parent.id !== node.id)) {
    lines.push(`${pad}for ${node.entity} ${id(node.id)}:`);
  }
  const details: string[] = [];
  if (node.subject)
    details.push(`${printable(node.subject.name)} is ${showValue(node.subject.value)}`);
  if (node.count !== undefined) details.push(plural(node.count, 'matching event'));
  if (node.users) details.push(splitText(node.users, 'user'));
  if (node.accounts) details.push(splitText(node.accounts, 'account'));
  const head = `${pad}${mark(node.value)} ${printable(node.label)}`;
  lines.push(details.length > 0 ? `${head}  — ${details.join('; ')}` : head);
  if (node.note) lines.push(`${pad}    (${node.note})`);
  if (node.events && node.events.events.length > 0)
    lines.push(...eventLines(node.events, `${pad}    `));
  for (const child of node.children) lines.push(...nodeLines(child, depth + 1, node));
  return lines;
}

/** A doc comment as `## ` lines, under the heading. */
function docLines(doc: string | undefined): string[] {
  return doc === undefined ? [] : doc.split('\n').map((line) => `## ${printable(line)}`.trimEnd());
}

function memberText(e: EntityExplanation): string[] {
  return [
    `${e.entity} ${id(e.id)} is ${e.member ? 'IN' : 'NOT in'} audience \`${e.audience}\` (now ${e.now})`,
    ...docLines(e.doc),
    '',
    ...nodeLines(e.root, 0),
  ];
}

function breakdownLines(node: BreakdownNode, depth: number): string[] {
  const pad = '  '.repeat(depth);
  const count =
    node.passing === undefined
      ? `? of ${node.of} ${node.entity}s`
      : `${node.passing} of ${node.of} ${node.entity}s`;
  const lines = [`${pad}${count.padEnd(24 - Math.min(depth * 2, 12))}  ${printable(node.label)}`];
  if (node.note) lines.push(`${pad}    (${node.note})`);
  for (const child of node.children) lines.push(...breakdownLines(child, depth + 1));
  return lines;
}

function breakdownText(b: AudienceBreakdown): string[] {
  const lines = [
    `audience \`${b.audience}\` (${b.entity}): ${b.members} of ${plural(b.entities, b.entity)} (now ${b.now})`,
    ...docLines(b.doc),
    '',
    'passing each condition:',
    ...breakdownLines(b.root, 1),
  ];
  if (b.bySize && b.bySize.length > 0) {
    lines.push('', 'members by account size (users per account):');
    for (const s of b.bySize)
      lines.push(`  ${s.size.padEnd(7)} ${s.members} of ${plural(s.accounts, 'account')}`);
  }
  if (b.overlaps.length > 0) {
    lines.push('', 'overlap with the audiences it references:');
    for (const o of b.overlaps) {
      const how =
        o.entity === b.entity
          ? 'are in it too'
          : `have ${o.entity === 'user' ? 'a user' : 'an account'} in it`;
      lines.push(
        `  ${o.audience} (${o.entity}, ${plural(o.members, 'member')}): ${o.both} of the ${plural(b.members, 'member')} ${how}`,
      );
    }
  }
  return lines;
}

function traitText(t: TraitExplanation): string[] {
  const lines = [
    `trait \`${t.trait}\` of ${t.entity} ${id(t.id)} is ${showValue(t.value)} (now ${t.now})`,
    ...docLines(t.doc),
    `  = ${printable(t.definition)}`,
  ];
  if (t.note) lines.push(`  (${t.note})`);
  if (t.users) lines.push('', `users: ${splitText(t.users, 'user')}`);
  if (t.events) {
    lines.push('', `${plural(t.events.total, 'event')} read:`);
    lines.push(...eventLines(t.events, '  '));
  }
  return lines;
}

export function renderExplanation(explanation: Explanation): string {
  switch (explanation.kind) {
    case 'audience-member':
      return memberText(explanation).join('\n');
    case 'audience-breakdown':
      return breakdownText(explanation).join('\n');
    case 'trait-value':
      return traitText(explanation).join('\n');
  }
}
