/**
 * A plan as a pull-request comment (`roster plan --format markdown`): the
 * totals, definitions changed (as diffs), audience moves with counts and
 * sample ids, trait changes and the calls per sync, kept under a size limit
 * (GitHub refuses comments over 65,536 characters). When the whole plan does
 * not fit, rows are left out — diffs first, then traits, audiences, syncs —
 * each section says how many, and the comment points to the full plan.
 *
 * The first line is a hidden marker naming project and target, so a CI job
 * can find its previous comment and update it in place.
 */
import { createTwoFilesPatch } from 'diff';
import { describeViolation, GUARD_FLAGS } from './guards.js';
import { htmlCommentText, htmlText, markdownSize, mdCode, mdFence } from './markdown.js';
import type { Plan, PlanChannel, PlanDefinitionChange, PlanSync } from './plan.js';
import { planHasChanges } from './plan.js';
import { shorten } from './render-plan.js';

/** GitHub's limit on a comment body. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface MarkdownPlanOptions {
  /** Largest output in UTF-8 bytes (default: under GitHub's comment limit). */
  maxSize?: number;
  /** Where the full plan is (a CI run's summary, an artifact); shown when rows are left out and at the end. */
  fullPlanUrl?: string;
}

const n = (x: number): string => x.toLocaleString('en-US');
const SIGN = { add: '+', change: '~', remove: '-' } as const;
const ACTION = { add: 'added', change: 'changed', remove: 'removed' } as const;

/** The first line of every markdown plan of this project and target. */
export function planCommentMarker(plan: Pick<Plan, 'project' | 'target'>): string {
  return `<!-- roster-plan:${htmlCommentText(plan.project)}:${htmlCommentText(plan.target)} -->`;
}

function diffText(change: PlanDefinitionChange): string {
  const patch = createTwoFilesPatch(
    'applied',
    'proposed',
    change.before === undefined ? '' : `${change.before}\n`,
    change.after === undefined ? '' : `${change.after}\n`,
    undefined,
    undefined,
    { context: 3 },
  );
  // Drop the `Index:`/`===`/`---`/`+++` header lines: the summary names the definition.
  return patch
    .split('\n')
    .filter((l) => l !== '' && !/^(Index:|=+$|--- |\+\+\+ )/.test(l))
    .join('\n');
}

function definitionBlock(c: PlanDefinitionChange): string {
  // Inside an HTML block Markdown is not parsed: the name is HTML.
  const reads = c.because
    ? ` (reads changed ${c.because.map((d) => `<code>${htmlText(d)}</code>`).join(', ')})`
    : c.action === 'change' && c.before === c.after
      ? ' (what it reads changed since it was applied)'
      : '';
  const title = `${SIGN[c.action]} ${c.kind} <code>${htmlText(c.name)}</code> ${ACTION[c.action]}${reads}`;
  if (c.action === 'change' && c.before === c.after)
    return `<details><summary>${title}</summary>\n\nIts own text is unchanged.\n\n</details>`;
  return `<details><summary>${title}</summary>\n\n${mdFence(diffText(c), 'diff')}\n\n</details>`;
}

const count = (x: number, sign: string): string => (x === 0 ? '0' : `${sign}${n(x)}`);

function samples(ids: string[], sign: string): string[] {
  return ids.map((id) => `${sign}${mdCode(id, 'table')}`);
}

function audienceRow(a: Plan['audiences'][number]): string {
  const first = a.previousSize === null;
  const eg = first ? [] : [...samples(a.samples.entered, '+'), ...samples(a.samples.exited, '−')];
  return `| ${mdCode(a.name, 'table')} | ${a.entity} | ${n(a.size)} | ${first ? 'first evaluation' : count(a.entered, '+')} | ${first ? '' : count(a.exited, '−')} | ${eg.join(' ')} |`;
}

function traitRow(t: Plan['traits'][number]): string {
  const first = t.previousSize === null;
  return `| ${mdCode(t.name, 'table')} | ${t.entity} | ${n(t.size)} | ${first ? 'first evaluation' : n(t.changed)} | ${first ? '' : n(t.removed)} |`;
}

function channelCalls(c: PlanChannel): number {
  return c.entered + c.exited + c.changed + c.removed;
}

function syncRows(s: PlanSync): string[] {
  const name = `${mdCode(s.source, 'table')} → ${mdCode(s.destination, 'table')}`;
  if (s.status === 'removed')
    return [
      `| ${name} | stopped (sync removed) | | | | | ${n(s.forgotten)} delivered row(s) forgotten |`,
    ];
  const status = s.status === 'new' ? ' (new: backfill)' : '';
  return s.channels.map((c, i) => {
    const events = c.events
      ? Object.values(c.events)
          .map((e) => mdCode(e, 'table'))
          .join(' / ')
      : '';
    return `| ${i === 0 ? `${name}${status}` : ''} | ${c.call} | ${n(channelCalls(c))} | ${count(c.entered, '+')} | ${count(c.exited, '−')} | ${count(c.changed + c.removed, '~')} | ${events} |`;
  });
}

function pendingRows(s: PlanSync): string[] {
  const p = s.pendingRetries;
  if (!p) return [];
  const name = `${mdCode(s.source, 'table')} → ${mdCode(s.destination, 'table')}`;
  const rows = p.reasons.map(
    (r, i) =>
      `| ${i === 0 ? name : ''} | ${n(r.calls)} | ${mdCode(shorten(r.reason, 160), 'table')} | ${mdCode(shorten(r.sample, 40), 'table')} |`,
  );
  if (p.moreReasons > 0)
    rows.push(`| ${rows.length === 0 ? name : ''} | | … ${n(p.moreReasons)} other reason(s) | |`);
  if (p.superseded > 0)
    rows.push(
      `| ${rows.length === 0 ? name : ''} | | ${n(p.superseded)} earlier failure(s) no longer sent: the members moved back | |`,
    );
  return rows;
}

interface Section {
  title: string;
  /** Fixed text under the title (a table header). */
  head: string;
  rows: string[];
  /** Rows kept (filled in by the budget). */
  kept: number;
  /** How a left-out row is called ("audiences"). */
  noun: string;
  separator: string;
}

function renderSection(s: Section, fullPlan: string): string {
  if (s.rows.length === 0) return '';
  const shown = s.rows.slice(0, s.kept);
  const left = s.rows.length - s.kept;
  const more = left > 0 ? `\n\n_… ${n(left)} more ${s.noun} not shown: ${fullPlan}._` : '';
  return `#### ${s.title}\n\n${s.head}${shown.join(s.separator)}${more}\n`;
}

export function renderPlanMarkdown(plan: Plan, options: MarkdownPlanOptions = {}): string {
  const maxSize = options.maxSize ?? GITHUB_COMMENT_LIMIT - 1_536;
  const fullPlan = options.fullPlanUrl
    ? `[the full plan](${encodeURI(options.fullPlanUrl).replace(/[()]/g, (c) => encodeURIComponent(c))})`
    : 'run `roster plan` for the full plan';

  const { enter, exit, update } = plan.totals;
  const headline = planHasChanges(plan)
    ? `**${n(enter)} to enter, ${n(exit)} to exit, ${n(update)} to update** · ${n(plan.totals.calls)} call(s) to send`
    : '**No changes.**';
  const top = [
    planCommentMarker(plan),
    `### roster plan · ${mdCode(plan.project)} on ${mdCode(plan.target)} (${plan.dialect})`,
    '',
    `${headline} · evaluated at ${plan.now}${plan.select ? ` · selected: ${plan.select.map((s) => mdCode(s)).join(', ')}` : ''}`,
    '',
  ];
  const warnings = [
    // roster's messages quote user-made names: shown literally, as code.
    ...plan.warnings.map((w) => `> [!WARNING]\n> ${mdCode(w)}`),
    ...plan.guards.map(
      (v) =>
        `> [!CAUTION]\n> ${describeViolation(v, mdCode)}: apply needs \`${GUARD_FLAGS[v.guard]}\`.`,
    ),
  ];
  const footer = `\n---\n<sub>roster ${plan.rosterVersion} · run ${mdCode(plan.runId)} · ${options.fullPlanUrl ? fullPlan : 'the full plan: `roster plan`'}</sub>\n`;

  const sections: Record<'definitions' | 'audiences' | 'traits' | 'syncs' | 'pending', Section> = {
    definitions: {
      title: `Definitions (${n(plan.changes.length)} changed)`,
      head: '',
      rows: plan.changes.map(definitionBlock),
      kept: 0,
      noun: 'definition changes',
      separator: '\n\n',
    },
    audiences: {
      title: 'Audiences',
      head: '| audience | entity | members | entered | exited | e.g. |\n| --- | --- | ---: | ---: | ---: | --- |\n',
      rows: plan.audiences.map(audienceRow),
      kept: 0,
      noun: 'audiences',
      separator: '\n',
    },
    traits: {
      title: 'Traits',
      head: '| trait | entity | values | changed | unset |\n| --- | --- | ---: | ---: | ---: |\n',
      rows: plan.traits.map(traitRow),
      kept: 0,
      noun: 'traits',
      separator: '\n',
    },
    syncs: {
      title: 'Calls per sync',
      head: '| sync | call | calls | entered | exited | changed | track events |\n| --- | --- | ---: | ---: | ---: | ---: | --- |\n',
      rows: plan.syncs.flatMap(syncRows),
      kept: 0,
      noun: 'sync rows',
      separator: '\n',
    },
    pending: {
      title: 'Pending retries',
      head: 'Calls that failed or were quarantined in an earlier apply; this apply sends them again with the same messageIds.\n\n| sync | calls | reason | e.g. |\n| --- | ---: | --- | --- |\n',
      rows: plan.syncs.flatMap(pendingRows),
      kept: 0,
      noun: 'pending retry rows',
      separator: '\n',
    },
  };
  const reading = [
    sections.definitions,
    sections.audiences,
    sections.traits,
    sections.syncs,
    sections.pending,
  ];
  const render = (): string =>
    [...top, ...warnings.map((w) => `${w}\n`), ...reading.map((s) => renderSection(s, fullPlan))]
      .filter((part, i) => part !== '' || i < top.length)
      .join('\n') + footer;

  // What a reviewer needs most is kept first: what will be sent, then who moves, then the diffs.
  // Sizes add up row by row (each row costs its text and a separator), so a plan of
  // thousands of definitions is measured once, not re-rendered per row.
  let room = maxSize - markdownSize(render());
  for (const s of [
    sections.syncs,
    sections.pending,
    sections.audiences,
    sections.traits,
    sections.definitions,
  ]) {
    while (s.kept < s.rows.length) {
      const cost = markdownSize(s.rows[s.kept]!) + markdownSize(s.separator);
      if (cost > room) break;
      room -= cost;
      s.kept += 1;
    }
  }
  // The "… N more" notes shrink or vanish as rows are kept; never end over the limit.
  let text = render();
  for (const s of [
    sections.definitions,
    sections.traits,
    sections.audiences,
    sections.pending,
    sections.syncs,
  ]) {
    while (markdownSize(text) > maxSize && s.kept > 0) {
      s.kept -= 1;
      text = render();
    }
  }
  return text;
}
