/*
 * The roster docs site: one page that renders window.ROSTER_DOCS (data.js,
 * written by `roster docs`) with hash navigation, so it works from disk
 * (file://) with no server. Every piece of project text goes into the page
 * as text nodes, never as HTML. The graph is drawn by Cytoscape.js with the
 * dagre layout, charts by Chart.js; both are bundled copies.
 *
 * `window.rosterDocs` exposes the live graph and charts (for tests and for
 * poking at in the console).
 */
(function () {
  'use strict';

  const data = window.ROSTER_DOCS;
  const byId = new Map(data.definitions.map((d) => [d.id, d]));
  const state = { graph: null, charts: [], route: '' };
  window.rosterDocs = state;

  const KIND = {
    'computed-trait': 'trait',
    'sql-trait': 'SQL trait',
    audience: 'audience',
    sync: 'sync',
    'custom-trait': 'schema trait',
  };
  const GROUPS = [
    ['Audiences', (d) => d.kind === 'audience'],
    ['Traits', (d) => d.kind === 'computed-trait' || d.kind === 'sql-trait'],
    ['Syncs', (d) => d.kind === 'sync'],
  ];

  /** An element with attributes and children (strings become text nodes). */
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
    }
    return node;
  }

  const href = (id) => `#/d/${encodeURIComponent(id)}`;
  const label = (d) => (d.kind === 'sync' ? d.name.replace('->', ' → ') : d.name);
  const fmt = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'));

  // ------------------------------------------------------------ navigation

  const nav = document.getElementById('nav');
  const main = document.getElementById('main');
  const search = document.getElementById('search');
  const searchCount = document.getElementById('search-count');
  document.getElementById('project-name').textContent =
    `${data.project.name} · ${data.definitions.length} definitions`;
  document.title = `${data.project.name} · roster docs`;

  const links = new Map();
  for (const [title, test] of GROUPS) {
    const items = data.definitions.filter(test);
    if (items.length === 0) continue;
    nav.append(
      h('h2', {}, title),
      h(
        'ul',
        {},
        items.map((d) => {
          const a = h('a', { href: href(d.id), title: label(d) }, label(d));
          const li = h('li', { 'data-id': d.id }, a);
          links.set(d.id, li);
          return li;
        }),
      ),
    );
  }

  function matches(d, terms) {
    const text = [d.name, d.kind, d.entity, d.doc || '', d.source].join('\n').toLowerCase();
    return terms.every((t) => text.includes(t));
  }

  function applySearch() {
    const terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const d of data.definitions) {
      const li = links.get(d.id);
      const hit = terms.length === 0 || matches(d, terms);
      li.hidden = !hit;
      if (hit) shown += 1;
    }
    searchCount.textContent = terms.length === 0 ? '' : `${shown} of ${data.definitions.length}`;
    return shown;
  }
  search.addEventListener('input', applySearch);
  search.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    const first = data.definitions.find((d) => !links.get(d.id).hidden);
    if (first) location.hash = href(first.id);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === '/' && document.activeElement !== search) {
      event.preventDefault();
      search.focus();
    }
  });

  // ------------------------------------------------------------ graph

  function drawGraph(container, ids, focus) {
    const nodes = data.graph.nodes.filter((n) => ids.has(n.id));
    const edges = data.graph.edges.filter((e) => ids.has(e.from) && ids.has(e.to));
    const graph = window.cytoscape({
      container,
      elements: [
        ...nodes.map((n) => ({
          data: {
            id: n.id,
            label: n.kind === 'sync' ? n.name.replace('->', ' → ') : n.name,
            kind: n.kind,
          },
          classes: [n.kind, n.id === focus ? 'focus' : ''].join(' '),
        })),
        ...edges.map((e) => ({ data: { id: `${e.from}|${e.to}`, source: e.from, target: e.to } })),
      ],
      layout: { name: 'dagre', rankDir: 'LR', nodeSep: 18, rankSep: 60, animate: false },
      maxZoom: 1.4,
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'text-valign': 'center',
            'font-size': 11,
            'font-family': 'ui-monospace, monospace',
            // Wide enough for the name in the monospace font (about 7px a character at 11px).
            width: (node) => Math.max(40, node.data('label').length * 7 + 16),
            height: 26,
            shape: 'round-rectangle',
            'background-color': '#fff8c5',
            'border-width': 1,
            'border-color': '#9a6700',
          },
        },
        {
          selector: 'node.audience',
          style: { shape: 'rectangle', 'background-color': '#ddf4ff', 'border-color': '#0969da' },
        },
        {
          selector: 'node.sync',
          style: { shape: 'tag', 'background-color': '#dafbe1', 'border-color': '#1a7f37' },
        },
        { selector: 'node.focus', style: { 'border-width': 3 } },
        {
          selector: 'edge',
          style: {
            width: 1.2,
            'curve-style': 'bezier',
            'target-arrow-shape': 'triangle',
            'line-color': '#8c959f',
            'target-arrow-color': '#8c959f',
          },
        },
      ],
    });
    graph.on('tap', 'node', (event) => {
      location.hash = href(event.target.id());
    });
    state.graph = graph;
    return graph;
  }

  /** The definition and everything it reads or is read by, transitively. */
  function neighbourhood(id) {
    const seen = new Set([id]);
    const walk = (start, next) => {
      const todo = [start];
      while (todo.length > 0) {
        const d = byId.get(todo.pop());
        for (const other of d ? next(d) : []) {
          if (!seen.has(other)) {
            seen.add(other);
            todo.push(other);
          }
        }
      }
    };
    walk(id, (d) => d.dependsOn);
    walk(id, (d) => d.dependents);
    return seen;
  }

  // ------------------------------------------------------------ charts

  function chart(container, config) {
    const canvas = h('canvas', { role: 'img', 'aria-label': config.title });
    container.append(canvas);
    const instance = new window.Chart(canvas, {
      type: config.type,
      data: { labels: config.labels, datasets: config.datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          title: { display: true, text: config.title },
          legend: { display: config.datasets.length > 1 },
        },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    state.charts.push(instance);
    return instance;
  }

  const runLabel = (point) => point.now.slice(0, 16).replace('T', ' ');

  function historyCharts(points, entityWord) {
    const box = h('div', { class: 'charts' });
    const membersBox = h('div', { class: 'chart', 'data-chart': 'members' });
    const movesBox = h('div', { class: 'chart', 'data-chart': 'moves' });
    box.append(membersBox, movesBox);
    queueMicrotask(() => {
      const labels = points.map(runLabel);
      if (points.some((p) => p.members !== null)) {
        chart(membersBox, {
          type: 'line',
          title: `Members per run (${entityWord})`,
          labels,
          datasets: [
            {
              label: 'members',
              data: points.map((p) => p.members),
              borderColor: '#0969da',
              backgroundColor: '#0969da',
            },
          ],
        });
      } else
        membersBox.append(
          h('p', { class: 'muted' }, 'No member counts recorded for this definition.'),
        );
      chart(movesBox, {
        type: 'bar',
        title: 'Entered / exited per run',
        labels,
        datasets: [
          { label: 'entered', data: points.map((p) => p.entered), backgroundColor: '#1a7f37' },
          {
            label: 'exited',
            data: points.map((p) => (p.exited === 0 ? 0 : -p.exited)),
            backgroundColor: '#cf222e',
          },
        ],
      });
    });
    return box;
  }

  // ------------------------------------------------------------ pages

  function reset() {
    if (state.graph) state.graph.destroy();
    state.graph = null;
    for (const c of state.charts) c.destroy();
    state.charts = [];
    main.replaceChildren();
  }

  function overview() {
    const counts = GROUPS.map(([title, test]) => [title, data.definitions.filter(test).length]);
    main.append(
      h('h1', {}, data.project.name),
      h(
        'p',
        { class: 'muted' },
        `Generated by roster ${data.rosterVersion} at ${data.generatedAt}; SQL compiled for ${data.compiledAt}. `,
        `Targets: ${data.project.targets.map((t) => `${t.name} (${t.dialect})`).join(', ')}.`,
      ),
      h(
        'table',
        { class: 'summary' },
        h(
          'tbody',
          {},
          counts.map(([t, n]) => h('tr', {}, h('th', {}, t), h('td', {}, fmt(n)))),
        ),
      ),
      data.notes.map((n) => h('p', { class: 'muted' }, n)),
      h('h2', {}, 'Dependencies'),
    );
    const graphBox = h('div', { class: 'graph', id: 'graph' });
    main.append(graphBox);
    drawGraph(graphBox, new Set(data.graph.nodes.map((n) => n.id)));
    main.append(h('h2', {}, 'Runs'));
    if (!data.history || data.history.runs.length === 0) {
      main.append(
        h(
          'p',
          { class: 'muted', id: 'no-history' },
          'No applied state yet: run `roster apply`, then `roster docs` again.',
        ),
      );
      return;
    }
    main.append(
      h(
        'p',
        { class: 'muted' },
        `${data.history.runs.length} apply run(s) on target ${data.history.target}, from ${data.history.location}.`,
      ),
      historyCharts(
        data.history.runs.map((r) => ({ ...r, members: null })),
        'calls',
      ),
    );
  }

  function sqlSection(d) {
    const section = h('section', { id: 'sql' }, h('h2', {}, 'Compiled SQL'));
    if (d.sql.length === 0) {
      section.append(
        h(
          'p',
          { class: 'muted' },
          d.kind === 'sync' ? 'A sync has no SQL: it sends the calls of its source.' : 'No SQL.',
        ),
      );
      return section;
    }
    const pre = h('pre', {}, h('code', {}));
    const tabs = h('div', { class: 'tabs', role: 'tablist' });
    // What earlier definitions create is read by name, not repeated here: a link to each.
    const reads = h('div', { id: 'sql-reads' });
    const select = (i) => {
      for (const [j, b] of [...tabs.children].entries())
        b.setAttribute('aria-selected', String(i === j));
      const s = d.sql[i];
      pre.firstChild.textContent = s.sql !== undefined ? s.sql : `-- ${s.error}`;
      reads.replaceChildren();
      if (s.reads && s.reads.length > 0)
        reads.append(
          h('strong', {}, 'Reads what earlier definitions create'),
          h(
            'ul',
            {},
            s.reads.map((r) => {
              const other = byId.get(r.by);
              return h(
                'li',
                {},
                h('code', {}, r.relation),
                ', created by ',
                other ? h('a', { href: href(r.by) }, label(other)) : r.by,
              );
            }),
          ),
        );
    };
    d.sql.forEach((s, i) => {
      tabs.append(
        h(
          'button',
          { type: 'button', role: 'tab', 'data-target': s.target, onclick: () => select(i) },
          `${s.target} (${s.dialect})`,
        ),
      );
    });
    section.append(tabs, pre, reads);
    select(
      Math.max(
        0,
        d.sql.findIndex((s) => s.target === data.project.defaultTarget),
      ),
    );
    return section;
  }

  function depList(title, ids) {
    return h(
      'div',
      {},
      h('strong', {}, title),
      ids.length === 0
        ? h('p', { class: 'muted' }, 'nothing')
        : h(
            'ul',
            {},
            ids.map((id) => {
              const other = byId.get(id);
              return h('li', {}, other ? h('a', { href: href(id) }, label(other)) : id);
            }),
          ),
    );
  }

  /** Where `roster explain` data will go (LANGUAGE.md §9): shown only once it exists. */
  function explainSection(d) {
    if (d.explain === null || d.explain === undefined) return null;
    return h(
      'section',
      { id: 'explain' },
      h('h2', {}, 'Explain'),
      h('pre', {}, JSON.stringify(d.explain, null, 2)),
    );
  }

  function definitionPage(d) {
    main.append(
      h('h1', {}, label(d)),
      h(
        'div',
        { class: 'badges' },
        h('span', { class: `badge ${d.kind}` }, KIND[d.kind]),
        h('span', { class: 'badge' }, d.entity),
        d.type ? h('span', { class: 'badge' }, d.type) : null,
      ),
      d.doc
        ? h('p', { class: 'doc' }, d.doc)
        : h('p', { class: 'muted' }, 'No doc comment (write one with `##` above the definition).'),
      h('h2', {}, 'Source'),
      d.file ? h('p', { class: 'muted' }, `${d.file}:${d.line}`) : null,
      h('pre', { id: 'source' }, h('code', {}, d.source)),
    );
    if (d.sync) {
      main.append(
        h('h2', {}, 'Sync'),
        h(
          'p',
          {},
          'Sends ',
          h('a', { href: href(`audience:${d.sync.source}`) }, d.sync.source),
          ` to destination ${d.sync.destination} with: ${d.sync.calls.join(', ')}.`,
        ),
      );
    }
    main.append(
      h('h2', {}, 'Dependencies'),
      h('div', { class: 'deps' }, depList('Reads', d.dependsOn), depList('Read by', d.dependents)),
    );
    const graphBox = h('div', { class: 'graph small', id: 'graph' });
    main.append(graphBox);
    drawGraph(graphBox, neighbourhood(d.id), d.id);
    main.append(sqlSection(d));
    if (d.kind !== 'sync') {
      main.append(h('h2', {}, 'History'));
      if (d.history && d.history.length > 0) {
        const counted = d.history.find((p) => p.counted);
        main.append(
          h(
            'p',
            { class: 'muted' },
            `${d.history.length} apply run(s)${counted ? `; moves counted on ${counted.counted}` : ''}.`,
          ),
          historyCharts(d.history, d.entity === 'account' ? 'accounts' : 'users'),
        );
      } else {
        main.append(
          h(
            'p',
            { class: 'muted', id: 'no-history' },
            data.history
              ? 'Not synced: the change log has no moves for it.'
              : 'No applied state yet.',
          ),
        );
      }
    }
    const explain = explainSection(d);
    if (explain) main.append(explain);
  }

  function notFound(id) {
    main.append(
      h('h1', {}, 'Not found'),
      h('p', {}, `No definition ${id}. `, h('a', { href: '#/' }, 'Back to the overview.')),
    );
  }

  function route() {
    const match = /^#\/d\/(.+)$/.exec(location.hash);
    const id = match ? decodeURIComponent(match[1]) : '';
    state.route = id;
    reset();
    for (const [key, li] of links) {
      const a = li.firstChild;
      if (key === id) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    if (!id) overview();
    else if (byId.has(id)) definitionPage(byId.get(id));
    else notFound(id);
    main.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }

  // cytoscape-dagre registers its layout with window.cytoscape when it loads.
  window.addEventListener('hashchange', route);
  route();
})();
