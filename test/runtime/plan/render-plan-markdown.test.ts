/**
 * `roster plan --format markdown`: checked through micromark (CommonMark +
 * GFM, the reference parser GitHub's flavour is specified with) rather than
 * by eye: hostile ids and names must come out as literal text inside code,
 * tables must keep their shape, and the comment must stay under GitHub's
 * 65,536-character limit with a pointer to the full plan.
 */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { mdCode, mdFence } from '../../../src/runtime/plan/markdown.js';
import type { Plan } from '../../../src/runtime/plan/plan.js';
import {
  GITHUB_COMMENT_LIMIT,
  planCommentMarker,
  renderPlanMarkdown,
} from '../../../src/runtime/plan/render-plan-markdown.js';

/** HTML as GitHub would build it (raw HTML let through, so an injection would show). */
const html = (md: string): string =>
  micromark(md, {
    allowDangerousHtml: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()],
  });

/** Decodes the entities micromark writes. */
const decode = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

const codes = (h: string): string[] =>
  [...h.matchAll(/<code>([\s\S]*?)<\/code>/g)].map((m) => decode(m[1]!));

const HOSTILE = [
  'a|b',
  '`tick`',
  '``',
  '<script>alert(1)</script>',
  '@octocat',
  '#123',
  '[x](https://evil.example)',
  '**bold** _em_',
  ' padded ',
  '<!-- x -->',
  'ü 👋 \\ end\\',
];

function basePlan(overrides: Partial<Plan> = {}): Plan {
  return {
    format: 'roster-plan',
    version: 2,
    rosterVersion: '0.1.0',
    project: 'acme --> <b>x</b>',
    target: 'prod|eu',
    dialect: 'duckdb',
    runId: 'r20260630t000000_abcdef',
    now: '2026-06-30T00:00:00.000Z',
    createdAt: '2026-06-30T00:00:01.000Z',
    state: { location: 'schema `roster_state`', version: 3 },
    definitions: [],
    changes: [],
    audiences: [],
    traits: [],
    syncs: [],
    guards: [],
    totals: { enter: 0, exit: 0, update: 0, calls: 0 },
    tables: { results: 'r', transitions: 't' },
    warnings: [],
    ...overrides,
  };
}

describe('markdown escaping', () => {
  it('shows any text literally as inline code, in text and in table cells', () => {
    for (const text of HOSTILE) {
      expect(codes(html(`x ${mdCode(text)} y`))).toEqual([text.trim() === '' ? text : text]);
      const table = html(`| a | b |\n| --- | --- |\n| ${mdCode(text, 'table')} | z |\n`);
      expect(codes(table)).toEqual([text]);
      expect(table.match(/<td>/g)).toHaveLength(2);
    }
    // A line break cannot end a row: it is shown as a visible mark.
    expect(codes(html(`| a |\n| - |\n| ${mdCode('one\ntwo', 'table')} |\n`))).toEqual(['one⏎two']);
  });

  it('fences text holding fences', () => {
    const text = 'a\n```\nb\n````';
    const h = html(mdFence(text, 'diff'));
    expect(decode(/<pre><code[^>]*>([\s\S]*?)<\/code><\/pre>/.exec(h)![1]!)).toBe(`${text}\n`);
  });
});

describe('roster plan --format markdown', () => {
  const hostilePlan = basePlan({
    changes: [
      {
        name: 'at_risk',
        kind: 'audience',
        action: 'change',
        before: 'audience at_risk = account where plan = "pro"\n  and seats > 3',
        after: 'audience at_risk = account where plan = "```<b>"\n  and seats > 3',
      },
      { name: 'x->d<i>', kind: 'sync', action: 'add', after: 'sync x to d with group' },
    ],
    audiences: [
      {
        name: 'at_risk',
        entity: 'account',
        size: 1234,
        previousSize: 1000,
        entered: 300,
        exited: 66,
        samples: { entered: HOSTILE.slice(0, 3), exited: HOSTILE.slice(3, 6) },
        synced: true,
      },
      {
        name: 'fresh',
        entity: 'user',
        size: 5,
        previousSize: null,
        entered: 5,
        exited: 0,
        samples: { entered: ['u1'], exited: [] },
        synced: false,
      },
    ],
    traits: [
      {
        name: 'logins',
        entity: 'account',
        size: 9,
        previousSize: 9,
        changed: 2,
        removed: 1,
        samples: [],
      },
    ],
    syncs: [
      {
        name: 'at_risk->crm|<b>',
        source: 'at_risk',
        sourceKind: 'audience',
        entity: 'account',
        destination: 'crm|<b>',
        status: 'active',
        forgotten: 0,
        channels: [
          {
            call: 'group',
            level: 'account',
            entered: 300,
            exited: 66,
            changed: 0,
            removed: 0,
            deliveredBefore: 1000,
          },
          {
            call: 'track',
            level: 'user',
            entered: 1,
            exited: 0,
            changed: 0,
            removed: 0,
            deliveredBefore: 0,
            events: { entered: '@here `In`', exited: 'Out|x' },
          },
        ],
      },
    ],
    guards: [
      {
        guard: 'mass-exit',
        what: 'exit',
        sync: 'at_risk->crm|<b>',
        call: 'group',
        source: 'at_risk',
        count: 66,
        before: 100,
        share: 0.66,
        threshold: 0.2,
      },
    ],
    totals: { enter: 301, exit: 66, update: 3, calls: 367 },
    warnings: ['sql trait `<x>` is slow'],
  });

  it('renders counts, samples, diffs and calls, with every user-made text literal', () => {
    const md = renderPlanMarkdown(hostilePlan, { fullPlanUrl: 'https://ci.example/run/1' });
    expect(md.split('\n')[0]).toBe(planCommentMarker(hostilePlan));
    const h = html(md);
    // Nothing user-made became HTML: the only tags are the ones the renderer writes.
    const tags = new Set([...h.matchAll(/<\/?([a-z0-9-]+)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(
      [
        'a',
        'blockquote',
        'code',
        'details',
        'h3',
        'h4',
        'hr',
        'p',
        'pre',
        'sub',
        'summary',
        'table',
        'tbody',
        'td',
        'th',
        'thead',
        'tr',
        'strong',
      ].sort(),
    );
    // The hidden marker stays one comment whatever the project name.
    expect(h.startsWith('<!-- roster-plan:acme%20--%3E%20%3Cb%3Ex%3C%2Fb%3E:prod%7Ceu -->')).toBe(
      true,
    );
    const code = codes(h);
    for (const id of HOSTILE.slice(0, 6)) expect(code).toContain(id);
    expect(code).toEqual(
      expect.arrayContaining(['crm|<b>', '@here `In`', 'Out|x', 'acme --> <b>x</b>']),
    );
    expect(code).toContain('sql trait `<x>` is slow');
    // The summary of a changed definition is HTML: its name is escaped there.
    expect(h).toContain('<summary>+ sync <code>x-&gt;d&lt;i&gt;</code> added</summary>');
    // The diff: one line removed, one added, the unchanged line as context.
    expect(md).toContain(
      [
        '-audience at_risk = account where plan = "pro"',
        '+audience at_risk = account where plan = "```<b>"',
        '   and seats > 3',
      ].join('\n'),
    );
    // Tables keep their columns: audiences 6, traits 5, syncs 7 per row.
    const rows = [...h.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(
      (m) => (m[1]!.match(/<t[dh]>|<t[dh] /g) ?? []).length,
    );
    expect(rows).toEqual([6, 6, 6, 5, 5, 7, 7, 7]);
    expect(md).toContain('| `at_risk` | account | 1,234 | +300 | −66 |');
    expect(md).toContain('| `fresh` | user | 5 | first evaluation |  |  |');
    expect(md).toContain('**301 to enter, 66 to exit, 3 to update** · 367 call(s) to send');
    expect(md).toContain(
      '`at_risk->crm|<b>` (group): 66 of 100 members would exit (66.0%; apply.mass_exit_threshold: 20%): apply needs `--allow-mass-exit`.',
    );
    expect(h).toContain('<a href="https://ci.example/run/1">the full plan</a>');
  });

  it('says No changes. for an empty plan', () => {
    const md = renderPlanMarkdown(basePlan());
    expect(md).toContain('**No changes.**');
    expect(md).not.toContain('####');
  });

  it('stays under GitHub’s comment limit for a huge plan and points to the full plan', () => {
    const many = 6_000;
    const plan = basePlan({
      changes: Array.from({ length: many }, (_, i) => ({
        name: `definition_${i}`,
        kind: 'audience' as const,
        action: 'add' as const,
        after: `audience definition_${i} = account where plan = "${'x'.repeat(200)}"`,
      })),
      audiences: Array.from({ length: many }, (_, i) => ({
        name: `definition_${i}`,
        entity: 'account' as const,
        size: i,
        previousSize: 0,
        entered: i,
        exited: 0,
        samples: { entered: ['ü'.repeat(40)], exited: [] },
        synced: false,
      })),
      totals: { enter: 1, exit: 0, update: 0, calls: 0 },
    });
    const url = 'https://github.com/o/r/actions/runs/1';
    const md = renderPlanMarkdown(plan, { fullPlanUrl: url });
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(Buffer.byteLength(md, 'utf8')).toBeGreaterThan(GITHUB_COMMENT_LIMIT - 4_000);
    // Audience rows come before diffs; what is left out is counted, with the link.
    const shownAudiences = (md.match(/^\| `definition_\d+` \| account/gm) ?? []).length;
    expect(shownAudiences).toBeGreaterThan(100);
    expect(md).toContain(
      `_… ${(many - shownAudiences).toLocaleString('en-US')} more audiences not shown: [the full plan](${url})._`,
    );
    expect(md).toContain(`_… ${many.toLocaleString('en-US')} more definition changes not shown`);
    // Still well-formed: the table's rows all have 6 cells.
    const h = html(md);
    const cells = [...h.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(
      (m) => (m[1]!.match(/<t[dh]/g) ?? []).length,
    );
    expect(new Set(cells)).toEqual(new Set([6]));
    expect(cells.length).toBe(shownAudiences + 1);
  });
});
