/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * `roster docs` end to end: a project made by `roster init`, applied twice
 * (the second time 60 days later, when every paying account has stopped
 * logging in: Acme and Stark join Globex, Umbrella and Wayne in `at_risk`),
 * documented, and the site opened from disk in headless Chromium. The page
 * must load with no console message and no request off disk, draw the graph
 * and the charts with the numbers worked out here by hand, and search and
 * navigate.
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocsSite } from '../../src/docs/site-data.js';
import { roster } from '../runtime/apply/cli.js';
import { launchChromium } from '../support/chromium.js';
import {
  compiledProjectAt,
  creatingStatements,
  resultRelation,
} from '../support/compiled-relations.js';

const NOW1 = '2026-06-30T12:00:00Z';
const NOW2 = '2026-08-29T12:00:00Z';
const HOSTILE_DOC = '<img src=x onerror="window.__pwned = 1"> & "quoted" </script>';

function readSite(dir: string): DocsSite {
  const text = readFileSync(join(dir, 'data.js'), 'utf8');
  return JSON.parse(
    text
      .slice(text.indexOf('=') + 1)
      .trim()
      .replace(/;$/, ''),
  ) as DocsSite;
}

describe('roster docs', () => {
  let project: string;
  let out: string;
  let browser: Browser;
  let page: Page;
  const messages: string[] = [];

  beforeAll(async () => {
    project = join(mkdtempSync(join(tmpdir(), 'roster-docs-')), 'shop');
    expect((await roster(tmpdir(), 'init', project, '--now', NOW1)).code).toBe(0);
    appendFileSync(
      join(project, 'definitions/accounts.roster'),
      `\n## ${HOSTILE_DOC}\naudience big_accounts = account where seats >= 100\n`,
    );
    for (const now of [NOW1, NOW2]) {
      // Two months on, the scaffold has no new events: everyone enters `at_risk` (defined by
      // the absence of logins), which the mass-exit guard stops unless allowed.
      const apply = await roster(
        project,
        'apply',
        '--now',
        now,
        '--auto-approve',
        ...(now === NOW2 ? ['--allow-mass-exit'] : []),
      );
      expect(apply.code, apply.err).toBe(0);
    }
    out = join(project, 'site');
    const docs = await roster(project, 'docs', '--out', 'site', '--now', NOW1);
    expect(docs.code, docs.err).toBe(0);
    expect(docs.out).toContain(
      'Wrote the docs of shop (5 definitions, 2 run(s) of history) to site',
    );

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file://')) messages.push(`request: ${r.url()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('writes the data: definitions, SQL per target and the history from the change log', () => {
    const site = readSite(out);
    expect(site.definitions.map((d) => d.id)).toEqual([
      'trait:logins_30d',
      'audience:at_risk',
      'audience:engaged_trials',
      'sync:at_risk->audit',
      'audience:big_accounts',
    ]);
    const atRisk = site.definitions.find((d) => d.name === 'at_risk')!;
    expect(atRisk.doc).toBe(
      'Paying accounts whose usage dropped: customer success should call them.',
    );
    expect(atRisk.file).toBe('definitions/accounts.roster');
    expect(atRisk.line).toBe(5);
    expect(atRisk.dependsOn).toEqual(['trait:logins_30d']);
    expect(atRisk.dependents).toEqual(['sync:at_risk->audit']);
    expect(atRisk.sql.map((s) => [s.target, s.dialect])).toEqual([['dev', 'duckdb']]);
    expect(atRisk.sql[0]!.sql).toContain('-- audience at_risk (account)');
    // Run 1: Globex, Umbrella, Wayne enter; run 2 (60 days on): Acme and Stark too.
    expect(atRisk.history?.map((p) => [p.members, p.entered, p.exited])).toEqual([
      [3, 3, 0],
      [5, 2, 0],
    ]);
    expect(atRisk.explain).toBeNull();
    // Not synced: sizes recorded by apply, no moves in the change log.
    const big = site.definitions.find((d) => d.name === 'big_accounts')!;
    expect(big.history?.map((p) => p.members)).toEqual([2, 2]);
    expect(site.history?.runs).toHaveLength(2);
    // The data cannot end its script element.
    expect(readFileSync(join(out, 'data.js'), 'utf8')).not.toContain('</script>');
    for (const f of ['cytoscape.min.js', 'cytoscape-dagre.min.js', 'chart.umd.min.js'])
      expect(existsSync(join(out, 'assets/vendor', f))).toBe(true);
  });

  it('opens from disk with no console message, draws the graph and the runs chart', async () => {
    await page.goto(pathToFileURL(join(out, 'index.html')).href);
    await page.waitForFunction(() => (window as unknown as DocsWindow).rosterDocs?.graph !== null);
    expect(await page.textContent('h1')).toBe('shop');
    const graph = await page.evaluate(() => {
      const g = (window as unknown as DocsWindow).rosterDocs.graph!;
      const box = g.elements().renderedBoundingBox();
      return { nodes: g.nodes().length, edges: g.edges().length, width: box.w, height: box.h };
    });
    expect(graph).toMatchObject({ nodes: 5, edges: 2 });
    expect(graph.width).toBeGreaterThan(100);
    expect(graph.height).toBeGreaterThan(20);
    // The canvas holds drawn pixels, not a blank area.
    const painted = await page.evaluate(() => {
      const canvases = [...document.querySelectorAll<HTMLCanvasElement>('#graph canvas')];
      return canvases.some((c) => {
        const ctx = c.getContext('2d');
        if (!ctx || c.width === 0) return false;
        const pixels = ctx.getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
        return false;
      });
    });
    expect(painted).toBe(true);
    const runs = await chartData(page, 'moves');
    // Calls per run: 3 group + 5 identify + 5 track, then 2 accounts with 3 users each: 2 + 6 + 6.
    expect(runs).toEqual({
      labels: ['2026-06-30 12:00', '2026-08-29 12:00'],
      data: [
        [13, 14],
        [0, 0],
      ],
    });
    expect(messages).toEqual([]);
  });

  it('navigates to a definition from the list and shows its charts and SQL per target', async () => {
    await page.click('nav a[href="#/d/audience%3Aat_risk"]');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'at_risk');
    expect(await page.getAttribute('nav a[href="#/d/audience%3Aat_risk"]', 'aria-current')).toBe(
      'page',
    );
    expect(await page.textContent('#source')).toContain('logins_30d < 5');
    expect(await page.textContent('#sql pre')).toContain('-- audience at_risk (account)');
    // Its own relation only: the staging and feature tables come from logins_30d's SQL, linked.
    // Which relation holds what, and the statements creating it: the compiled project's metadata.
    const compiled = await compiledProjectAt(project, NOW1);
    const stageAccounts = compiled.relations.accounts!.sql;
    const shown = (await page.textContent('#sql pre')) ?? '';
    for (const statement of creatingStatements(compiled, resultRelation(compiled, 'at_risk'))) {
      expect(shown).toContain(statement);
    }
    for (const statement of creatingStatements(compiled, stageAccounts)) {
      expect(shown).not.toContain(statement);
    }
    expect(await page.textContent('#sql-reads')).toContain(
      `${stageAccounts}, created by logins_30d`,
    );
    expect(
      await page.getAttribute('#sql-reads a[href="#/d/trait%3Alogins_30d"]', 'href'),
    ).not.toBeNull();
    const members = await chartData(page, 'members');
    expect(members.data).toEqual([[3, 5]]);
    expect((await chartData(page, 'moves')).data).toEqual([
      [3, 2],
      [0, 0],
    ]);
    expect(
      await page.evaluate(() => (window as unknown as DocsWindow).rosterDocs.graph!.nodes().length),
    ).toBe(3);
    // A click on a node of the graph leads to its definition.
    await page.locator('#graph').scrollIntoViewIfNeeded();
    const at = await page.evaluate(() => {
      const node = (window as unknown as DocsWindow).rosterDocs.graph!.getElementById(
        'trait:logins_30d',
      );
      const box = document.querySelector('#graph')!.getBoundingClientRect();
      const p = node.renderedPosition();
      return { x: box.left + p.x, y: box.top + p.y };
    });
    await page.mouse.click(at.x, at.y);
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'logins_30d');
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'at_risk');
    expect(messages).toEqual([]);
  });

  it('searches names, docs and sources, and Enter opens the first match', async () => {
    await page.fill('#search', 'trial');
    const visible = await page.$$eval('nav li:not([hidden]) a', (as) =>
      as.map((a) => a.textContent),
    );
    expect(visible).toEqual(['engaged_trials']);
    expect(await page.textContent('#search-count')).toBe('1 of 5');
    await page.press('#search', 'Enter');
    await page.waitForFunction(
      () => document.querySelector('h1')?.textContent === 'engaged_trials',
    );
    await page.fill('#search', 'customer success');
    expect(
      await page.$$eval('nav li:not([hidden]) a', (as) => as.map((a) => a.textContent)),
    ).toEqual(['at_risk']);
    await page.fill('#search', '');
    expect(await page.$$eval('nav li:not([hidden])', (l) => l.length)).toBe(5);
  });

  it('shows project text as text, never as HTML', async () => {
    await page.goto(pathToFileURL(join(out, 'index.html')).href + '#/d/audience%3Abig_accounts');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'big_accounts');
    expect(await page.textContent('.doc')).toBe(HOSTILE_DOC);
    expect(await page.$$('main img')).toHaveLength(0);
    expect(
      await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
    await page.goto(pathToFileURL(join(out, 'index.html')).href + '#/d/nope');
    expect(await page.textContent('h1')).toBe('Not found');
    expect(messages).toEqual([]);
  });
});

interface DocsWindow {
  rosterDocs: {
    graph: {
      nodes(): { length: number };
      edges(): { length: number };
      elements(): { renderedBoundingBox(): { w: number; h: number } };
      getElementById(id: string): { renderedPosition(): { x: number; y: number } };
    } | null;
  };
}

async function chartData(
  page: Page,
  which: string,
): Promise<{ labels: string[]; data: number[][] }> {
  await page.waitForSelector(`[data-chart="${which}"] canvas`);
  return page.evaluate((w) => {
    const canvas = document.querySelector(`[data-chart="${w}"] canvas`)!;
    const chart = (
      window as unknown as {
        Chart: {
          getChart(c: Element): { data: { labels: string[]; datasets: Array<{ data: number[] }> } };
        };
      }
    ).Chart.getChart(canvas);
    return { labels: chart.data.labels, data: chart.data.datasets.map((d) => d.data) };
  }, which);
}
