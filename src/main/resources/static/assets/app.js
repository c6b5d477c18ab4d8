// Mandala dashboard: plain JavaScript over the JSON API, no build step. State lives in the URL
// (focus, asOf, tab) so a view can be shared as a link; the assessment and the alerts are polled every
// 30 s with If-None-Match, so unchanged ones cost a 304 each.
(() => {
  'use strict';

  // every 30 s; ?poll= (at least 1 s) is for tests
  const POLL_MS = Math.max(1000, Number(new URLSearchParams(location.search).get('poll')) || 30000);
  const DATE_PAUSE_MS = 600;
  const RISK = ['LOW', 'GUARDED', 'ELEVATED', 'HIGH', 'SEVERE'];
  const $ = (id) => document.getElementById(id);
  const state = { focus: null, asOf: null, tab: 'overview', etag: null, assessment: null, page: 0, role: null, kind: '',
    minLevel: '', alertsEtag: null, alerts: null };
  /** Country names by code, from /api/reference/states (loaded once). */
  const names = new Map();
  let trendChart = null;
  /** The threats' 12-month scores and moves since the previous month-end, for the assessment shown (threat-trends). */
  const trends = { body: null, etag: null, key: null };
  let networkChart = null;
  let pollTimer = null;
  let failures = 0;
  let opener = null;
  const staged = {};
  /** The active version's text of each rules file the page has shown, to tell an edit from a file merely opened. */
  const originals = {};
  const INDICATOR_FILTERS = ['actor', 'target', 'type', 'from', 'to'];
  let started = false;
  let restoring = false;

  // ---- helpers -------------------------------------------------------------------------------
  /** "1 source", "2 sources", "0 sources". */
  function count(n, noun) {
    const k = n || 0;
    return k + ' ' + noun + (k === 1 ? '' : 's');
  }

  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  /**
   * A button that saves an ECharts chart as a PNG (on a white ground, twice the screen's resolution), named
   * after what it shows, e.g. pngButton(() => trendChart, () => 'trend-IND-2023-09-30.png', 'the trend').
   */
  function pngButton(chart, name, what) {
    const b = el('button', { type: 'button', class: 'secondary png' }, 'Save ' + what + ' as PNG');
    b.addEventListener('click', () => {
      const c = chart();
      if (!c) return;
      saveAs(c.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }), name());
    });
    return b;
  }

  /** Saves what a URL holds (a data: or blob: URL) as a file of that name, as a click on a download link would. */
  function saveAs(href, name) {
    const a = el('a', { href, download: name });
    document.body.append(a);
    a.click();
    a.remove();
  }

  function headers(extra = {}) {
    const h = { Accept: 'application/json', ...extra };
    const key = sessionStorage.getItem('mandala.key');
    if (key) h.Authorization = 'Bearer ' + key;
    return h;
  }

  /** Answers asked for before the page was ready, by path: the first plain GET of a path takes its answer. */
  const early = new Map();
  function prefetch(path) {
    if (!early.has(path)) early.set(path, api(path));
  }

  async function api(path, options = {}) {
    if (!options.method && !(options.headers && Object.keys(options.headers).length) && early.has(path)) {
      const answer = early.get(path);
      early.delete(path);
      return answer;
    }
    let r = await fetch(path, { cache: 'no-store', ...options, headers: headers(options.headers || {}) });
    if (r.status === 401 && sessionStorage.getItem('mandala.key')) {
      // a key the service does not know: forget it, say so, and carry on without it
      sessionStorage.removeItem('mandala.key');
      $('key').value = '';
      $('key-status').textContent = 'That API key was rejected; it is no longer used.';
      r = await fetch(path, { cache: 'no-store', ...options, headers: headers(options.headers || {}) });
    }
    if (r.status === 304) return { status: 304 };
    const type = r.headers.get('Content-Type') || '';
    const body = type.includes('json') ? await r.json() : await r.text();
    return { status: r.status, body, etag: r.headers.get('ETag') };
  }

  function showError(message) {
    const e = $('error');
    e.textContent = message;
    e.hidden = !message;
  }

  /** For a 401 or 403: what the person needs and where to put it, in words; null for any other answer. */
  function keyMessage(r, doing, role) {
    if (r.status === 401) {
      return doing + ' needs an API key with the ' + role + ' role, and this page has none. Type the key in the "API key" box at the top'
        + ' of the page and press Show, then try again. If you have no key, ask whoever runs Mandala for one. Nothing was changed.';
    }
    if (r.status === 403) {
      return 'Your API key lets you read, but ' + doing.charAt(0).toLowerCase() + doing.slice(1) + ' needs the ' + role
        + ' role. Ask whoever runs Mandala for such a key. Nothing was changed.';
    }
    return null;
  }

  function problemText(r) {
    if (r.body && typeof r.body === 'object' && r.body.detail) return r.body.detail;
    return 'The server answered ' + r.status + '.';
  }

  function fmt(n) { return (Math.round(n * 10) / 10).toFixed(1); }
  function now() { return new Date().toLocaleTimeString(); }
  function level(name) { return el('span', { class: 'level ' + name, text: name }); }
  function rank(name) { return RISK.indexOf(name); }

  /** A state's name, or its code when the reference does not know it. */
  function stateName(code) { return names.get(code) || code; }
  /** A state as the page shows it everywhere: its name, its code on hover. */
  function stateNode(code) { return el('span', { class: 'state', title: code, text: stateName(code) }); }
  /** Who does what to whom ("USA → PAK arms"), each known code shown as its name with the code on hover. */
  function directionNodes(text) {
    return String(text).split(/\b([A-Z]{3})\b/).map((part, i) => (i % 2 && names.has(part) ? stateNode(part) : part));
  }
  /** The same in plain text, for a label read aloud. */
  function directionText(text) {
    return String(text).replace(/\b[A-Z]{3}\b/g, (c) => stateName(c));
  }
  /** "China, Russia and North Korea". */
  function andList(items) {
    return items.length <= 1 ? items.join('') : items.slice(0, -1).join(', ') + ' and ' + items[items.length - 1];
  }
  /** Nodes of states joined by a separator (each a name with its code on hover). */
  function statesNode(codes, sep) {
    const out = [];
    codes.forEach((c, i) => { if (i) out.push(sep); out.push(stateNode(c)); });
    return out;
  }

  function when(iso) { return iso ? new Date(iso).toLocaleString() : '–'; }
  /** The host of an http(s) URL, or null for any text that is not one (a source of just "http://" included). */
  function hostOf(s) {
    if (!/^https?:\/\//i.test(s || '')) return null;
    try {
      return new URL(s).hostname.replace(/^www\./, '') || null;
    } catch (e) {
      return null;
    }
  }
  function source(s) {
    if (!s) return '';
    const host = hostOf(s);
    return host ? el('a', { href: s, title: s, rel: 'noopener noreferrer', target: '_blank' }, host) : s;
  }
  /** Text with any whole URL in it shown as a short link to its host. */
  function linkify(text) {
    const out = [];
    let last = 0;
    for (const m of String(text || '').matchAll(/https?:\/\/[^\s)<>"]+/g)) {
      let url = m[0].replace(/[.,;:]+$/, '');
      out.push(text.slice(last, m.index), source(url));
      last = m.index + url.length;
    }
    out.push(String(text || '').slice(last));
    return out;
  }

  /** The engine's prose for people: whole URLs as short links, state codes as names (the code on hover). */
  function prose(text) {
    return linkify(text).flatMap((part) => (typeof part === 'string' ? directionNodes(part) : [part]));
  }

  /**
   * Marks, once, the moment after the next paint (a frame, then a task), in the Performance API's timeline:
   * the browser tests read it to report how soon the overview and the trend show on real data.
   */
  const marked = new Set();
  function painted(name) {
    if (marked.has(name) || !window.performance || !performance.mark) return;
    marked.add(name);
    requestAnimationFrame(() => setTimeout(() => performance.mark(name), 0));
  }

  /** A day of the calendar written yyyy-MM-dd with a four-digit year: what the page can assess. */
  function isDay(v) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v || '')) return false;
    const d = new Date(v + 'T00:00:00Z');
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }

  // ---- URL state ---------------------------------------------------------------------------------
  function readUrl() {
    const p = new URLSearchParams(location.search);
    // codes are upper-case; a link or a person may type them in lower case
    state.focus = (p.get('focus') || '').trim().toUpperCase() || null;
    const asOf = p.get('asOf');
    state.asOf = isDay(asOf) ? asOf : new Date().toISOString().slice(0, 10);
    state.urlProblem = asOf && !isDay(asOf) ? 'The link\'s date "' + asOf + '" is not a day of the calendar (yyyy-MM-dd); the page shows today instead.' : null;
    state.tab = p.get('tab') || 'overview';
    state.kind = (p.get('kind') || '').trim().toUpperCase();
    state.minLevel = RISK.includes((p.get('level') || '').toUpperCase()) ? p.get('level').toUpperCase() : '';
    state.explain = p.get('explain') || null;
    // the indicator list: its filters and its page
    state.indicators = {};
    for (const k of INDICATOR_FILTERS) {
      const v = (p.get('i' + k) || '').trim();
      if (v) state.indicators[k] = k === 'actor' || k === 'target' || k === 'type' ? v.toUpperCase() : v;
    }
    state.page = Math.max(0, Number(p.get('ipage')) || 0);
    const date = (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v || '') ? v : null);
    state.compareFrom = date(p.get('compareFrom'));
    state.compareTo = date(p.get('compareTo'));
    state.month = date(p.get('month'));
  }

  function writeUrl() {
    const p = new URLSearchParams(location.search);
    if (state.focus) p.set('focus', state.focus);
    p.set('asOf', state.asOf);
    p.set('tab', state.tab);
    if (state.explain) p.set('explain', state.explain); else p.delete('explain');
    if (state.kind) p.set('kind', state.kind); else p.delete('kind');
    if (state.minLevel) p.set('level', state.minLevel); else p.delete('level');
    for (const k of INDICATOR_FILTERS) if (state.indicators && state.indicators[k]) p.set('i' + k, state.indicators[k]); else p.delete('i' + k);
    if (state.page) p.set('ipage', state.page); else p.delete('ipage');
    // the month under the trend and the compared dates only mean something on their view; elsewhere they
    // would only lengthen the link
    if (state.tab === 'overview' && state.month) p.set('month', state.month); else p.delete('month');
    if (state.tab === 'compare') {
      const [from, to] = compareDates();
      p.set('compareFrom', from);
      p.set('compareTo', to);
    } else {
      p.delete('compareFrom');
      p.delete('compareTo');
    }
    const url = location.pathname + '?' + p.toString();
    if (url === location.pathname + location.search) return;
    // each view a person moves to is a step Back and Forward go through; the first, and a step being
    // restored, replace the entry instead
    if (started && !restoring) history.pushState(null, '', url); else history.replaceState(null, '', url);
  }

  /** Back or Forward: show the view the URL names, reloading the assessment only if its focus or date changed. */
  async function restoreView() {
    restoring = true;
    try {
      const was = { focus: state.focus, asOf: state.asOf, kind: state.kind, minLevel: state.minLevel };
      readUrl();
      readNetworkUrl();
      $('asOf').value = state.asOf;
      fillIndicatorFilters();
      if (state.focus !== was.focus || state.asOf !== was.asOf) {
        if (!state.focus) state.focus = was.focus;
        state.etag = null;
        state.alertsEtag = null;
        await loadAssessment(true);
        loadAlerts(true);
      } else if (state.assessment && (state.kind !== was.kind || state.minLevel !== was.minLevel)) {
        renderThreats();
      }
      const explainId = state.explain;
      selectTab(state.tab);
      if (explainId) explain(explainId); else closeExplanation();
    } finally {
      restoring = false;
    }
  }

  // ---- tabs ----------------------------------------------------------------------------------------
  const TABS = ['overview', 'network', 'indicators', 'alerts', 'compare', 'whatif', 'upload', 'rules'];
  function selectTab(name, focusTab) {
    if (!TABS.includes(name) || $('tab-' + name).hidden) name = 'overview';
    state.tab = name;
    for (const t of TABS) {
      const on = t === name;
      $('tab-' + t).setAttribute('aria-selected', on ? 'true' : 'false');
      $('tab-' + t).tabIndex = on ? 0 : -1;
      $('view-' + t).hidden = !on;
    }
    if (focusTab) $('tab-' + name).focus();
    writeUrl();
    if (name === 'network') renderNetwork();
    if (name === 'overview' && trendChart) trendChart.resize();
    if (name === 'indicators') loadIndicators();
    if (name === 'rules') loadRules();
    if (name === 'compare') loadCompare();
  }

  function wireTabs() {
    for (const t of TABS) $('tab-' + t).addEventListener('click', () => selectTab(t));
    document.querySelector('[role=tablist]').addEventListener('keydown', (e) => {
      if (!['ArrowRight', 'ArrowLeft', 'Home', 'End'].includes(e.key)) return;
      const visible = TABS.filter((t) => !$('tab-' + t).hidden);
      const i = visible.indexOf(state.tab);
      const next = e.key === 'Home' ? visible[0] : e.key === 'End' ? visible[visible.length - 1]
        : visible[(i + (e.key === 'ArrowRight' ? 1 : visible.length - 1)) % visible.length];
      selectTab(next, true);
      e.preventDefault();
    });
  }

  // ---- the assessment ----------------------------------------------------------------------------
  function assessmentPath() {
    const q = new URLSearchParams({ asOf: state.asOf });
    if (state.focus) q.set('focus', state.focus);
    return '/api/assessment?' + q;
  }

  async function loadAssessment(force) {
    const h = {};
    if (!force && state.etag) h['If-None-Match'] = state.etag;
    let r;
    try {
      r = await api(assessmentPath(), { headers: h });
    } catch (e) {
      failures++;
      showError('The service cannot be reached; trying again in ' + Math.round(nextDelay() / 1000) + ' s.');
      return;
    }
    failures = 0;
    $('checked').textContent = now();
    if (r.status === 304) return;
    if (r.status !== 200) {
      failures++;
      showError(problemText(r));
      return;
    }
    showError('');
    state.etag = r.etag;
    state.assessment = r.body;
    state.focus = r.body.focus;
    $('focus').value = r.body.focus;
    // when what the assessment says last changed (its data stored, its ruleset activated), from the server
    const changed = r.body.changed;
    $('changed').textContent = changed && changed.at ? when(changed.at) : '–';
    if (changed && changed.at) $('changed').setAttribute('datetime', changed.at);
    $('changed').title = changed ? 'Data stored ' + when(changed.data) + '; rules activated ' + when(changed.ruleset) : '';
    $('versions-line').textContent = 'Data version ' + r.body.dataVersion + ', rules ' + r.body.rulesetVersion;
    renderAssessment();
    painted('mandala:overview');
    loadHistory().then(() => painted('mandala:trend'));
    loadThreatTrends();
    if (state.tab === 'compare') loadCompare();
    if (state.tab === 'network') renderNetwork();
  }

  function renderAssessment() {
    const a = state.assessment;
    const box = $('autonomy');
    box.replaceChildren();
    if (a.autonomy && (a.autonomy.score == null || a.autonomy.level === 'INSUFFICIENT_DATA')) {
      // too little data about the focus: say so in words, never a score that looks safe
      const c = a.coverage || {};
      box.classList.add('is-insufficient');
      box.append(el('span', { class: 'big insufficient', text: 'Not enough data' }),
        el('p', { id: 'insufficient', class: 'insufficient-text' }, 'There is too little data about ', stateNode(a.focus),
          ' to assess its autonomy risk: the data holds ' + count(c.indicators, 'indicator') + ' about it, from '
          + count(c.sources, 'source') + ' over ' + count(c.months, 'month') + '. This is no sign that the risk is low; '
          + 'load more indicators about it (Upload) to assess it.'),
        el('button', { type: 'button', 'data-explain': a.autonomy.explanationId, class: 'link' }, 'Why?'));
    } else if (a.autonomy) {
      box.classList.remove('is-insufficient');
      const parts = a.autonomy.components;
      box.append(el('span', { class: 'big', text: fmt(a.autonomy.score) }), level(a.autonomy.level),
        el('span', { class: 'confidence', text: 'confidence ' + a.autonomy.confidence }),
        parts ? el('span', { class: 'components', text: 'structural ' + fmt(parts.structural) + ' · acute ' + fmt(parts.acute),
          title: 'Structural: durable alignments, axes, disputes and treaties. Acute: recent clashes, attacks, threats and coercion, which fade within months.' }) : '',
        el('button', { type: 'button', 'data-explain': a.autonomy.explanationId, class: 'link' }, 'Why?'));
    } else {
      box.append(el('span', {}, 'No assessment for ', stateNode(a.focus), ' on ' + a.asOf));
    }
    renderThreats();
  }

  function kindLabel(kind) {
    const a = state.assessment;
    return (a.kinds && a.kinds[kind] && a.kinds[kind].label) || kind.replaceAll('_', ' ').toLowerCase();
  }

  /** The actors that tell a group's threats apart: those not common to every threat of the group. */
  function distinctive(t, common) {
    const own = t.actors.filter((x) => !common.has(x));
    return own.length ? own : t.actors;
  }

  /** The threats grouped by kind, the gravest groups first, each with its count and its top threats named. */
  function renderThreats() {
    const a = state.assessment;
    // the kinds come from the ruleset (its kinds table), so a kind a policy team adds is named and filtered like any other
    const atLevel = state.minLevel ? a.threats.filter((t) => rank(t.level) >= rank(state.minLevel)) : a.threats;
    const counts = new Map();
    for (const t of a.threats) counts.set(t.kind, 0);
    for (const t of atLevel) counts.set(t.kind, counts.get(t.kind) + 1);
    if (state.kind && !counts.has(state.kind)) state.kind = '';
    const filter = $('kind-filter');
    filter.replaceChildren(el('option', { value: '', text: 'All kinds (' + atLevel.length + ')' }),
      ...[...counts.entries()].map(([kind, n]) => el('option', { value: kind, text: kindLabel(kind) + ' (' + n + ')' })));
    filter.value = state.kind;
    $('level-filter').value = state.minLevel;
    const shown = state.kind ? atLevel.filter((t) => t.kind === state.kind) : atLevel;

    const groups = new Map();
    for (const t of shown) {
      if (!groups.has(t.kind)) groups.set(t.kind, []);
      groups.get(t.kind).push(t);
    }
    const byGravity = (x, y) => rank(y.level) - rank(x.level) || y.score - x.score;
    const ordered = [...groups.entries()].map(([kind, list]) => ({ kind, list: list.sort(byGravity) }))
      .sort((g, h) => byGravity(g.list[0], h.list[0]) || h.list.length - g.list.length);
    const many = shown.length > 12;
    $('threat-count').textContent = a.threats.length === 0 ? ''
      : count(shown.length, 'threat') + ' in ' + count(ordered.length, 'group') + (shown.length < a.threats.length
        ? ' (of ' + a.threats.length + '; filtered)' : '') + (many ? '. Open a group to list its threats.' : '.');
    const list = $('threats');
    list.replaceChildren();
    if (a.threats.length === 0) list.append(el('li', { class: 'empty', text: 'No threat stands on ' + a.asOf + '.' }));
    else if (shown.length === 0) list.append(el('li', { class: 'empty', text: 'No threat matches these filters.' }));
    ordered.forEach((g, gi) => {
      const common = g.list.length > 1 ? new Set(g.list[0].actors.filter((x) => g.list.every((t) => t.actors.includes(x)))) : new Set();
      const top = g.list.slice(0, 3).map((t) => distinctive(t, common));
      const namesNodes = [];
      top.forEach((codes, i) => {
        if (i) namesNodes.push(i === top.length - 1 && g.list.length <= 3 ? ' and ' : ', ');
        namesNodes.push(...statesNode(codes, '–'));
      });
      if (g.list.length > 3) namesNodes.push(' and ' + (g.list.length - 3) + ' more');
      const label = kindLabel(g.kind);
      const details = el('details', { class: 'group', 'data-kind': g.kind, // a long list opens its first group and every group at HIGH or above: nothing grave stays folded away
      open: !many || gi === 0 || rank(g.list[0].level) >= rank('HIGH') },
        el('summary', {}, level(g.list[0].level), ' ', el('span', { class: 'group-count', text: g.list.length }), ' ',
          el('span', { class: 'group-label', text: label, title: (a.kinds && a.kinds[g.kind] && a.kinds[g.kind].description) || g.kind }),
          // the states every threat of the group shares are named once, so the names after them are not read as the pairs
          ...(common.size ? [' with ', ...statesNode([...common], ' and ')] : []), ': ', ...namesNodes),
        el('ol', { class: 'threats' }, g.list.map((t, ti) => el('li', {}, el('button', { type: 'button', 'data-explain': t.explanationId,
          'data-trend': trendKey(t.id), 'aria-describedby': 'trend-' + gi + '-' + ti,
          'aria-label': label + ': ' + t.actors.map(stateName).join(' and ') + (t.direction ? ' (' + directionText(t.direction) + ')' : '')
            + ', ' + t.level + ', score ' + fmt(t.score)
            + ', confidence ' + t.confidence + '. Show why.' },
        level(t.level), el('span', { class: 'what' }, ...(t.direction ? directionNodes(t.direction) : statesNode(t.actors, '–'))),
        el('span', { class: 'since' }, el('span', { class: 'visually-hidden', id: 'trend-' + gi + '-' + ti })),
        el('span', { class: 'score', text: fmt(t.score) }),
        el('span', { class: 'summary' }, ...prose(t.summary), ' Confidence ' + t.confidence + '.'))))));
      list.append(el('li', {}, details));
    });
    paintTrends();
    csvLink(shown);
  }

  /** A client-side CSV of the threats shown (the filters applied), as a Blob URL. */
  let csvUrl = null;
  function csvLink(shown) {
    const a = state.assessment;
    const cell = (v) => { const x = String(v ?? ''); return /[",\n\r]/.test(x) ? '"' + x.replaceAll('"', '""') + '"' : x; };
    const rows = [['focus', 'asOf', 'kind', 'label', 'level', 'score', 'confidence', 'actors', 'actor_names', 'direction', 'summary']]
      .concat(shown.map((t) => [a.focus, a.asOf, t.kind, kindLabel(t.kind), t.level, fmt(t.score), t.confidence,
        t.actors.join(' '), t.actors.map(stateName).join('; '), t.direction || '', t.summary]));
    if (csvUrl) URL.revokeObjectURL(csvUrl);
    csvUrl = URL.createObjectURL(new Blob([rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'], { type: 'text/csv' }));
    const link = $('threats-csv');
    link.href = csvUrl;
    link.download = 'threats-' + a.focus + '-' + a.asOf + '.csv';
    link.hidden = shown.length === 0;
  }

  /** The trend's 24 month-ends to the page's date. */
  function historyPath() {
    const to = state.asOf;
    const d = new Date(to + 'T00:00:00Z');
    d.setUTCMonth(d.getUTCMonth() - 23, 1);
    const q = new URLSearchParams({ from: d.toISOString().slice(0, 10), to, step: 'month' });
    if (state.focus) q.set('focus', state.focus);
    return '/api/assessment/history?' + q;
  }

  async function loadHistory() {
    const r = await api(historyPath());
    if (r.status !== 200) return;
    const steps = r.body.steps.filter((s) => s.autonomy);
    const dates = steps.map((s) => s.asOf);
    // a month with too little data has no score: a gap in the line, not a zero
    const scores = steps.map((s) => s.autonomy.score);
    const structural = steps.map((s) => (s.autonomy.components ? s.autonomy.components.structural : null));
    const acute = steps.map((s) => (s.autonomy.components ? s.autonomy.components.acute : null));
    const marks = steps.map((s) => (marksText(s.marks) ? s.marks : null));
    months.steps = steps;
    months.focus = r.body.focus;
    $('trend-text').textContent = steps.map((s) => s.asOf + ': ' + (s.autonomy.score == null ? 'not enough data'
      : fmt(s.autonomy.score) + ' ' + s.autonomy.level + ' (structural ' + fmt(s.autonomy.components.structural)
        + ', acute ' + fmt(s.autonomy.components.acute) + ')') + (s.marks && marksText(s.marks) ? ', ' + marksText(s.marks) : '')).join('; ');
    renderTrendMonths(steps);
    if (!window.echarts) return;
    if (!trendChart) {
      trendChart = echarts.init($('trend'));
      // a click anywhere over a month, not only on its small point, says what changed in it
      trendChart.getZr().on('click', (e) => {
        const at = [e.offsetX, e.offsetY];
        if (!trendChart.containPixel('grid', at)) return;
        const i = Math.round(trendChart.convertFromPixel({ seriesIndex: 0 }, at)[0]);
        if (months.steps && i >= 0 && i < months.steps.length) showMonth(months.steps[i].asOf);
      });
      $('trend-tools').append(pngButton(() => trendChart, () => 'trend-' + (months.focus || state.focus) + '-' + state.asOf + '.png', 'the trend'));
    }
    // a month where something appeared, disappeared or changed level is a larger diamond on the autonomy line
    const autonomy = scores.map((v, i) => (marks[i] ? { value: v, symbol: 'diamond', symbolSize: 13,
      itemStyle: { color: '#a3001b', borderColor: '#fff', borderWidth: 1 } } : { value: v, symbolSize: 5 }));
    trendChart.setOption({
      animation: false,
      grid: { left: 40, right: 12, top: 28, bottom: 28 },
      tooltip: { trigger: 'axis', formatter: (ps) => trendTip(ps, dates, marks) },
      legend: { top: 0, data: ['autonomy risk', 'structural', 'acute'] },
      xAxis: { type: 'category', data: dates, axisLabel: { formatter: (v) => v.slice(0, 7) } },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [
        { type: 'line', data: autonomy, name: 'autonomy risk', connectNulls: false, showAllSymbol: true, lineStyle: { width: 3, color: '#a3001b' }, itemStyle: { color: '#a3001b' } },
        { type: 'line', data: structural, name: 'structural', connectNulls: false, symbolSize: 3, lineStyle: { width: 2, type: 'dashed', color: '#1f4e79' }, itemStyle: { color: '#1f4e79' } },
        { type: 'line', data: acute, name: 'acute', connectNulls: false, symbolSize: 3, lineStyle: { width: 2, type: 'dotted', color: '#b35c00' }, itemStyle: { color: '#b35c00' } }]
    });
  }

  // ---- what changed: the trend's marked months, the threats' moves, two dates compared ------------------
  /** The months of the trend as last drawn, and the month whose changes are listed below it. */
  const months = { steps: null, focus: null, shown: null, shownFocus: null, seq: 0 };

  /** "2 appeared, 1 changed level"; '' when nothing did. */
  function marksText(m) {
    if (!m) return '';
    return [[m.appeared, 'appeared'], [m.disappeared, 'disappeared'], [m.changedLevel, 'changed level']]
      .filter(([n]) => n > 0).map(([n, what]) => n + ' ' + what).join(', ');
  }

  const UTC = { timeZone: 'UTC' };
  /** "13 Sep 2023" (British short months; Chromium writes "Sept"). */
  function dayText(iso) {
    return iso ? new Date(iso + 'T00:00:00Z').toLocaleDateString('en-GB', { ...UTC, day: 'numeric', month: 'short', year: 'numeric' }) : '';
  }
  /** "September 2023". */
  function monthText(iso) {
    return new Date(iso + 'T00:00:00Z').toLocaleDateString('en-GB', { ...UTC, month: 'long', year: 'numeric' });
  }

  /** "Sep 2023". */
  function shortMonthText(iso) {
    return new Date(iso + 'T00:00:00Z').toLocaleDateString('en-GB', { ...UTC, month: 'short', year: 'numeric' });
  }

  function trendTip(ps, dates, marks) {
    const i = ps[0].dataIndex;
    const lines = [monthText(dates[i])];
    for (const p of ps) lines.push(p.marker + p.seriesName + ': ' + (p.value == null ? 'not enough data' : fmt(p.value)));
    lines.push(marks[i] ? '<strong>' + marksText(marks[i]) + '</strong>; click for what changed' : 'Click for what changed');
    return lines.join('<br>');
  }

  /** The keyboard's way to what the chart's points show: a button for each month where something changed. */
  function renderTrendMonths(steps) {
    const nav = $('trend-months');
    const marked = steps.filter((s) => marksText(s.marks));
    nav.hidden = marked.length === 0;
    nav.replaceChildren(el('span', { class: 'confidence', text: 'What changed in ' }),
      ...marked.map((s) => el('button', { type: 'button', class: 'secondary month', 'data-month': s.asOf,
        'aria-pressed': s.asOf === months.shown ? 'true' : 'false', title: marksText(s.marks),
        'aria-label': monthText(s.asOf) + ': ' + marksText(s.marks) }, shortMonthText(s.asOf))));
    // a list left from another focus would explain a trend no longer shown; one of the same focus is asked
    // again, as the data under it may have changed
    if (months.shown && (months.shownFocus !== months.focus || !steps.some((s) => s.asOf === months.shown))) {
      months.shown = null;
      state.month = null;
      writeUrl();
      $('trend-changes').replaceChildren();
    } else if (months.shown) {
      showMonth(months.shown);
    } else if (state.month && steps.some((s) => s.asOf === state.month)) {
      showMonth(state.month); // from a link
    }
  }

  /** Lists below the trend what changed in a month: since the month-end before it. */
  async function showMonth(asOf) {
    const steps = months.steps || [];
    const i = steps.findIndex((s) => s.asOf === asOf);
    if (i < 0) return;
    months.shown = asOf;
    months.shownFocus = months.focus;
    state.month = asOf;
    writeUrl();
    for (const b of $('trend-months').querySelectorAll('button')) b.setAttribute('aria-pressed', b.dataset.month === asOf ? 'true' : 'false');
    const from = i > 0 ? steps[i - 1].asOf : monthEndBefore(asOf);
    const box = $('trend-changes');
    box.replaceChildren(el('p', { class: 'confidence', text: 'Loading what changed in ' + monthText(asOf) + '…' }));
    const seq = ++months.seq;
    const r = await changesBetween(from, asOf);
    if (seq !== months.seq) return; // another month was chosen meanwhile
    if (r.status !== 200) {
      box.replaceChildren(el('p', { class: 'error', text: problemText(r) }));
      return;
    }
    box.replaceChildren(el('h3', { text: 'What changed in ' + monthText(asOf) }),
      el('p', { class: 'confidence', text: 'Since ' + dayText(from) + ', the month-end before.' }),
      changesReport(r.body, 'panel'));
  }

  function monthEndBefore(iso) {
    const d = new Date(iso + 'T00:00:00Z');
    d.setUTCDate(0);
    return d.toISOString().slice(0, 10);
  }

  async function changesBetween(from, to) {
    const q = new URLSearchParams({ from, to });
    if (state.focus) q.set('focus', state.focus);
    try {
      return await api('/api/assessment/changes?' + q);
    } catch (e) {
      return { status: 0, body: { detail: 'The service cannot be reached; try again in a moment.' } };
    }
  }

  function isAutonomy(v) { return !v.kind && !v.a && !v.members; }

  /** A conclusion named for a reader: its kind in words and its states by name. */
  function changeTitle(v, focus) {
    if (v.kind) {
      return [kindLabel(v.kind) + ': ', ...(v.direction ? directionNodes(v.direction) : statesNode(v.actors, '–'))];
    }
    if (v.a) return ['Alignment of ', stateNode(v.a), ' and ', stateNode(v.b)];
    if (v.members) {
      const out = ['Axis of '];
      v.members.forEach((m, i) => { if (i) out.push(i === v.members.length - 1 ? ' and ' : ', '); out.push(stateNode(m)); });
      return out;
    }
    return ['Autonomy risk of ', stateNode(focus)];
  }
  function changeTitleText(v, focus) {
    return changeTitle(v, focus).map((n) => (typeof n === 'string' ? n : n.textContent)).join('');
  }

  function levelScore(v) {
    if (!v) return [];
    const out = [];
    if (v.level) out.push(level(v.level));
    if (v.score != null) out.push(' ', el('span', { class: 'score', text: fmt(v.score) }));
    return out;
  }

  /** Threats first (gravest first), then axes, then alignments. */
  function byWeight(x, y) {
    const v = (c) => c.after || c.before;
    const order = (c) => (v(c).kind ? 0 : v(c).members ? 1 : 2);
    return order(x) - order(y) || (rank(v(y).level) - rank(v(x).level)) || ((v(y).score || 0) - (v(x).score || 0));
  }

  /**
   * What changed between two assessments (/api/assessment/changes) in words: the autonomy risk first, then
   * what appeared, disappeared and changed level, each with the indicators that moved it most. How a "why"
   * opens depends on where the list is: beside the trend in the side panel; in the Compare view in place,
   * so the comparison stays on screen.
   */
  function changesReport(c, why) {
    const focus = c.focus;
    const autonomy = c.changed.find((x) => isAutonomy(x.after || x.before));
    const others = c.changed.filter((x) => !isAutonomy(x.after || x.before));
    const levelled = others.filter((x) => x.before.level !== x.after.level).sort(byWeight);
    const moved = others.filter((x) => x.before.level === x.after.level).sort(byWeight);
    const item = (x) => changeItem(x, focus, why);
    const section = (title, list) => el('div', { class: 'change-group' }, el('h4', { text: title + ' (' + list.length + ')' }),
      el('ul', { class: 'changes' }, list.map(item)));
    const parts = [];
    if (autonomy) parts.push(el('ul', { class: 'changes autonomy-change' }, item(autonomy)));
    if (c.appeared.length) parts.push(section('Appeared', [...c.appeared].sort(byWeight)));
    if (c.disappeared.length) parts.push(section('Disappeared', [...c.disappeared].sort(byWeight)));
    if (levelled.length) parts.push(section('Changed level', levelled));
    if (!c.appeared.length && !c.disappeared.length && !levelled.length) {
      parts.push(el('p', { class: 'nothing-changed', text: 'Nothing appeared, disappeared or changed level between '
        + dayText(c.from) + ' and ' + dayText(c.to) + '.' }));
    }
    if (moved.length) {
      parts.push(el('details', { class: 'moved' }, el('summary', { text: count(moved.length, 'more conclusion') + ' kept '
        + (moved.length === 1 ? 'its' : 'their') + ' level; the score moved' }), el('ul', { class: 'changes' }, moved.map(item))));
    }
    return el('div', { class: 'changes-report' }, parts);
  }

  function changeItem(x, focus, why) {
    const v = x.after || x.before;
    const title = changeTitleText(v, focus);
    const id = v.explanationId;
    const name = why === 'panel' && id
      ? el('button', { type: 'button', class: 'link what', 'data-explain': id, 'aria-label': title + ': show why' }, ...changeTitle(v, focus))
      : el('span', { class: 'what' }, ...changeTitle(v, focus));
    const move = !x.before ? [levelScore(x.after).length ? 'new: ' : 'new', ...levelScore(x.after)]
      : !x.after ? [...levelScore(x.before), ' → gone']
        : [...levelScore(x.before), el('span', { 'aria-label': 'becomes', text: ' → ' }), ...levelScore(x.after)];
    const parts = (x.before || {}).components && (x.after || {}).components
      ? el('span', { class: 'confidence', text: ' (structural ' + fmt(x.before.components.structural) + ' → ' + fmt(x.after.components.structural)
        + ', acute ' + fmt(x.before.components.acute) + ' → ' + fmt(x.after.components.acute) + ')' }) : '';
    const causes = [...(x.causes || [])].sort((p, q) => Math.abs(q.after - q.before) - Math.abs(p.after - p.before)).slice(0, 3);
    return el('li', {}, name, ' ', el('span', { class: 'move' }, ...move), parts,
      causes.length ? el('ul', { class: 'causes', 'aria-label': 'What moved it most' }, causes.map(causeItem)) : '',
      why !== 'panel' && id ? inlineWhy(id) : '');
  }

  /** An indicator that moved a conclusion: when, what, who to whom, who reported it, and by how much. */
  function causeItem(c) {
    const i = c.indicator || {};
    const delta = c.after - c.before;
    // a contribution may be negative (a summit with a partner lowers the risk): say which way it moved the score
    const effect = (delta >= 0 ? 'raises it by ' : 'lowers it by ') + fmt(Math.abs(delta))
      + (!c.after ? ' (no longer counts)' : c.before ? ' (' + fmt(c.before) + ' → ' + fmt(c.after) + ')' : '');
    const summary = i.summary || '';
    return el('li', {}, el('span', { class: 'cause-head' }, dayText(i.date) + ' · ' + typeText(i.type) + ' · ',
      stateNode(i.actor), ' → ', stateNode(i.target), publisher(i.source) ? ' · ' : '', publisher(i.source), ': ' + effect),
    summary ? el('span', { class: 'cause-summary', title: summary, text: summary.length > 160 ? summary.slice(0, 158) + '…' : summary }) : '');
  }

  /** "SUMMIT_MEETING" as "summit meeting". */
  function typeText(type) { return String(type || '').replaceAll('_', ' ').toLowerCase(); }

  /** Who reported it: a URL's host as a link, else the first phrase of the citation (the whole on hover). */
  function publisher(s) {
    if (!s) return '';
    if (hostOf(s)) return source(s);
    const first = s.split(/[,;]/)[0].trim();
    return el('span', { title: s, text: first.length > 60 ? first.slice(0, 58) + '…' : first });
  }

  /** A closed "why" that asks for its explanation the first time it is opened, and shows it in place. */
  function inlineWhy(id) {
    const d = el('details', { class: 'why' }, el('summary', { text: 'Why' }));
    d.addEventListener('toggle', async () => {
      if (!d.open || d.dataset.loaded) return;
      d.dataset.loaded = 'yes';
      const body = el('p', { class: 'confidence', text: 'Loading the explanation…' });
      d.append(body);
      let r;
      try {
        r = await api('/api/explanations/' + encodeURIComponent(id));
      } catch (e) {
        r = { status: 0, body: { detail: 'The service cannot be reached; try again in a moment.' } };
      }
      body.replaceWith(r.status === 200 ? explanationNode(r.body, false) : el('p', { class: 'error', text: problemText(r) }));
    });
    return d;
  }

  /** A threat's key in threat-trends: its id from the "T." on (the id also holds the focus, date and versions). */
  function trendKey(id) {
    const i = String(id || '').indexOf('.T.');
    return i < 0 ? null : id.slice(i + 1);
  }

  /** The threats' scores over 12 months; asked once an assessment arrives (never per threat), with If-None-Match. */
  function trendsPath(focus, asOf) {
    return '/api/assessment/threat-trends?' + new URLSearchParams({ focus, asOf, months: 12 });
  }

  async function loadThreatTrends() {
    const a = state.assessment;
    const key = a.focus + '|' + a.asOf;
    const h = {};
    if (trends.key === key && trends.etag) h['If-None-Match'] = trends.etag;
    let r;
    try {
      r = await api(trendsPath(a.focus, a.asOf), { headers: h });
    } catch (e) {
      return; // the assessment's poll says the service cannot be reached
    }
    if (r.status === 304 || r.status !== 200 || state.assessment !== a) return;
    trends.body = r.body;
    trends.etag = r.etag;
    trends.key = key;
    paintTrends();
  }

  /** Fills each threat row's arrow and sparkline, in place, so the list keeps its focus and open groups. */
  function paintTrends() {
    const a = state.assessment;
    const t = trends.body;
    if (!t || !a || trends.key !== a.focus + '|' + a.asOf) return;
    const before = dayText(t.dates[t.dates.length - 2]);
    for (const b of $('threats').querySelectorAll('button[data-trend]')) {
      const cell = b.querySelector('.since');
      const one = t.threats[b.dataset.trend];
      if (!cell || !one) continue;
      const scores = one.scores.filter((v) => v != null);
      const words = one.since === 'NEW' ? 'New since ' + before
        : one.since === 'UP' ? 'Up from ' + one.previousLevel + ' since ' + before
          : one.since === 'DOWN' ? 'Down from ' + one.previousLevel + ' since ' + before : 'Level unchanged since ' + before;
      const mark = one.since === 'NEW' ? el('span', { class: 'arrow new', 'aria-hidden': 'true', title: words, text: 'new' })
        : one.since === 'UP' ? el('span', { class: 'arrow up', 'aria-hidden': 'true', title: words, text: '▲' })
          : one.since === 'DOWN' ? el('span', { class: 'arrow down', 'aria-hidden': 'true', title: words, text: '▼' }) : '';
      // only the words describe the threat to a screen reader (its aria-describedby); the marks are for the eye
      const said = cell.querySelector('.visually-hidden');
      said.textContent = words + '; score over 12 months ' + (scores.length > 1
        ? 'from ' + fmt(scores[0]) + ' to ' + fmt(scores[scores.length - 1]) : 'only this month') + '.';
      cell.dataset.since = one.since;
      cell.replaceChildren(mark, sparkline(one.scores), said);
    }
  }

  const SVG = 'http://www.w3.org/2000/svg';
  /** A small line of the scores, broken where a month has none; a single score is a dot. */
  function sparkline(scores) {
    const w = 60;
    const h = 18;
    const known = scores.filter((v) => v != null);
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'sparkline');
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
    svg.setAttribute('width', w);
    svg.setAttribute('height', h);
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    if (!known.length) return svg;
    // at least 10 points of range, so the noise of a steady threat does not look like a swing
    const mid = (Math.max(...known) + Math.min(...known)) / 2;
    const span = Math.max(10, Math.max(...known) - Math.min(...known));
    const x = (i) => 2 + (i * (w - 4)) / Math.max(1, scores.length - 1);
    const y = (v) => h / 2 - ((v - mid) / span) * (h - 4);
    let run = [];
    const flush = () => {
      if (run.length > 1) {
        const line = document.createElementNS(SVG, 'polyline');
        line.setAttribute('points', run.map(([i, v]) => x(i).toFixed(1) + ',' + y(v).toFixed(1)).join(' '));
        svg.append(line);
      } else if (run.length === 1) {
        const dot = document.createElementNS(SVG, 'circle');
        dot.setAttribute('cx', x(run[0][0]).toFixed(1));
        dot.setAttribute('cy', y(run[0][1]).toFixed(1));
        dot.setAttribute('r', '2.2');
        svg.append(dot);
      }
      run = [];
    };
    scores.forEach((v, i) => { if (v == null) flush(); else run.push([i, v]); });
    flush();
    return svg;
  }

  /** The compared dates: those chosen (or in the link), else a year before the page's date and that date. */
  function compareDates() {
    return [state.compareFrom || yearBefore(state.asOf), state.compareTo || state.asOf];
  }

  function yearBefore(iso) {
    const d = new Date(iso + 'T00:00:00Z');
    const month = d.getUTCMonth();
    d.setUTCFullYear(d.getUTCFullYear() - 1);
    if (d.getUTCMonth() !== month) d.setUTCDate(0); // 29 Feb has no twin a year before: its month's end
    // a month-end compares with the month-end a year before (30 Apr with 30 Apr, 28 Feb 2023 with 28 Feb 2022)
    return d.toISOString().slice(0, 10);
  }

  let compareShown = null;
  async function loadCompare() {
    const [from, to] = compareDates();
    $('compare-from').value = from;
    $('compare-to').value = to;
    const key = [state.focus, from, to, state.assessment && state.assessment.dataVersion].join('|');
    if (key === compareShown) return;
    compareShown = key;
    const out = $('compare-result');
    if (from >= to) {
      out.replaceChildren(el('p', { class: 'error', text: 'Choose a first date before the second.' }));
      return;
    }
    out.replaceChildren(el('p', { class: 'confidence', text: 'Comparing ' + dayText(from) + ' with ' + dayText(to) + '…' }));
    const at = (asOf) => {
      const q = new URLSearchParams({ asOf });
      if (state.focus) q.set('focus', state.focus);
      return api('/api/assessment?' + q).catch(() => ({ status: 0 }));
    };
    const [c, a, b] = await Promise.all([changesBetween(from, to), at(from), at(to)]);
    if (compareShown !== key) return; // other dates were chosen meanwhile
    if (c.status !== 200) {
      compareShown = null;
      out.replaceChildren(el('p', { class: 'error', text: problemText(c) }));
      return;
    }
    out.replaceChildren(autonomyTable(from, to, a.status === 200 ? a.body : null, b.status === 200 ? b.body : null),
      el('h3', {}, 'What changed for ', stateNode(c.body.focus), ' from ' + dayText(from) + ' to ' + dayText(to)),
      changesReport(c.body, 'inline'));
  }

  function autonomyTable(from, to, a, b) {
    const cell = (x, f) => el('td', {}, ...(x && x.autonomy ? f(x.autonomy) : ['–']));
    const risk = (u) => (u.score == null ? ['not enough data'] : [level(u.level), ' ', fmt(u.score)]);
    const part = (name) => (u) => [u.components ? fmt(u.components[name]) : '–'];
    const row = (head, f) => el('tr', {}, el('th', { scope: 'row', text: head }), cell(a, f), cell(b, f));
    return el('table', { id: 'compare-autonomy', class: 'compare-table' },
      el('caption', { text: 'Autonomy risk at each date' }),
      el('thead', {}, el('tr', {}, el('td'), el('th', { scope: 'col', text: dayText(from) }), el('th', { scope: 'col', text: dayText(to) }))),
      el('tbody', {}, row('Autonomy risk', risk), row('Structural', part('structural')), row('Acute', part('acute')),
        el('tr', {}, el('th', { scope: 'row', text: 'Threats' }), el('td', { text: a ? a.threats.length : '–' }), el('td', { text: b ? b.threats.length : '–' }))));
  }

  function wireChanges() {
    $('trend-months').addEventListener('click', (e) => {
      const b = e.target.closest('button[data-month]');
      if (b) showMonth(b.dataset.month);
    });
    $('compare').addEventListener('submit', (e) => {
      e.preventDefault();
      // writeUrl makes each new pair of dates a step in the history, so Back returns to the one before
      state.compareFrom = $('compare-from').value || null;
      state.compareTo = $('compare-to').value || null;
      writeUrl();
      loadCompare();
    });
  }

  // ---- explanations ----------------------------------------------------------------------------
  // In a side panel beside the list (a drawer on a phone): it opens at its heading, closes with Escape
  // or its button, and gives the focus back to the control that opened it.
  async function explain(id, from) {
    opener = from || null;
    state.explain = id;
    // the panel opens beside the view that asked (the threats, the network, the map, a comparison)
    writeUrl();
    const box = $('explanation');
    const body = $('explanation-body');
    const title = $('explanation-title');
    box.hidden = false;
    document.body.classList.add('panel-open');
    if (trendChart) trendChart.resize();
    title.textContent = 'Why';
    body.replaceChildren(el('p', { class: 'confidence', text: 'Loading the explanation…' }));
    box.scrollTop = 0;
    title.focus({ preventScroll: true });
    // on a phone the drawer covers the lower part of the screen: keep the threat that opened it above the drawer
    if (opener && window.matchMedia('(max-width: 800px)').matches) opener.scrollIntoView({ block: 'start' });
    let r;
    try {
      r = await api('/api/explanations/' + encodeURIComponent(id));
    } catch (x) {
      r = { status: 0, body: { detail: 'The service cannot be reached; try again in a moment.' } };
    }
    if (state.explain !== id) return; // closed, or another opened, meanwhile
    if (r.status !== 200) {
      body.replaceChildren(el('p', { class: 'error', text: problemText(r) }));
      return;
    }
    body.replaceChildren(...[staleNote(id), mattersNote(id)].filter(Boolean), explanationNode(r.body, true));
    title.replaceChildren('Why: ', ...prose(r.body.conclusion));
    box.scrollTop = 0;
    title.focus({ preventScroll: true });
  }

  /**
   * An explanation id names the assessment it explains: focus, date, data version, ruleset version, then the
   * conclusion. A shared link may name an older one than the page shows; then say so, plainly, and offer the
   * page's own.
   */
  function staleNote(id) {
    const a = state.assessment;
    const parts = id.split('.');
    if (!a || parts.length < 5) return null;
    const [focus, asOf, data, rules] = parts;
    const differences = [];
    if (focus !== a.focus) differences.push('focus ' + stateName(focus) + ' (the page: ' + stateName(a.focus) + ')');
    if (asOf !== a.asOf) differences.push('date ' + asOf + ' (the page: ' + a.asOf + ')');
    if (data !== String(a.dataVersion)) differences.push('data version ' + data + ' (the page: ' + a.dataVersion + ')');
    if (rules !== a.rulesetVersion) differences.push('rules ' + rules + ' (the page: ' + a.rulesetVersion + ')');
    if (!differences.length) return null;
    const older = Number(data) < Number(a.dataVersion) || rules !== a.rulesetVersion;
    const current = [a.focus, a.asOf, a.dataVersion, a.rulesetVersion, ...parts.slice(4)].join('.');
    const show = el('button', { type: 'button', class: 'link', 'data-explain': current }, 'Show this conclusion as the page assesses it');
    return el('div', { class: 'stale', role: 'note', id: 'stale-note' }, el('strong', { text: older ? 'An older assessment. ' : 'Another assessment. ' }),
      'This explanation is of the ' + andList(differences) + '. What it says may no longer hold. ', show);
  }

  /** For a threat: why its kind matters to the focus, in the one line of the ruleset's kinds table. */
  function mattersNote(id) {
    const a = state.assessment;
    const t = a && a.threats.find((x) => x.explanationId === id);
    const line = t && a.kinds && a.kinds[t.kind] && a.kinds[t.kind].matters;
    return line ? el('p', { class: 'matters', id: 'matters' }, el('strong', { text: 'Why it matters: ' }), line) : null;
  }

  function closeExplanation() {
    const box = $('explanation');
    if (box.hidden) return;
    const id = state.explain;
    box.hidden = true;
    document.body.classList.remove('panel-open');
    if (trendChart) trendChart.resize();
    state.explain = null;
    writeUrl();
    // the control that opened it, or its twin if a poll redrew the list meanwhile
    let back = opener && document.body.contains(opener) ? opener : null;
    // opened from another view (the network, the map): go back to it, where the list may have been redrawn
    const view = back && back.closest('[role=tabpanel]');
    if (view && view.hidden) {
      selectTab(view.id.replace('view-', ''));
      if (!document.body.contains(back)) back = null;
    }
    if (!back && id) back = [...document.querySelectorAll('[data-explain]')].find((b) => b.getAttribute('data-explain') === id) || null;
    if (back) {
      const group = back.closest('details');
      if (group) group.open = true;
      back.focus();
    }
    opener = null;
  }

  const GLOSSARY = {
    Grade: 'The source\'s reliability (A best to F) and the report\'s credibility (1 best to 6)',
    Weight: 'How much one event of this type counts, before anything else',
    'Grade factor': 'How far the source and the report are trusted: 1 for the best grade, less for worse',
    Decay: 'How much the event has faded with age: 1 counts in full',
    Contribution: 'What the event adds to the score; the contributions add up to it'
  };

  function explanationNode(e, top) {
    const parts = [];
    if (e.confidence) parts.push(el('p', {}, 'Confidence ', el('strong', { text: e.confidence })));
    parts.push(el('p', { class: 'narrative' }, ...prose(e.narrative)));
    if (e.arithmetic) parts.push(el('p', { class: 'arithmetic' }, el('strong', { text: 'Arithmetic: ' }), e.arithmetic));
    if (e.rule) {
      parts.push(el('p', { class: 'confidence' }, 'Rule: ', el('strong', { text: e.rule.name }), ' (' + e.rule.file + '). ', ...linkify(e.rule.description)));
    }
    const because = e.because || [];
    const rows = because.filter((b) => b.indicator);
    if (rows.length) {
      const tbody = el('tbody');
      for (const b of rows) {
        const i = b.indicator;
        tbody.append(el('tr', {},
          el('td', { text: i.date }), el('td', { text: i.type }), el('td', {}, stateNode(i.actor), ' → ', stateNode(i.target)), el('td', { text: i.grade }),
          el('td', { class: 'num', text: b.weight ?? '' }), el('td', { class: 'num', text: b.gradeFactor ?? '' }),
          el('td', { class: 'num', text: b.decay ?? '' }), el('td', { class: 'num', text: b.contribution ?? '' }),
          el('td', {}, i.summary ? el('span', { title: i.summary, text: i.summary.length > 90 ? i.summary.slice(0, 88) + '…' : i.summary }) : ''),
          el('td', {}, source(i.source))));
      }
      parts.push(el('div', { class: 'scroll' }, el('table', {},
        el('caption', { class: 'visually-hidden', text: 'Indicators and their contributions' }),
        el('thead', {}, el('tr', {}, ['Date', 'Type', 'Parties', 'Grade', 'Weight', 'Grade factor', 'Decay', 'Contribution', 'Summary', 'Source']
          .map((h, k) => el('th', { scope: 'col', class: k >= 4 && k <= 7 ? 'num' : null, title: GLOSSARY[h] || null, text: h })))), tbody)));
      parts.push(el('p', { class: 'confidence' }, 'Contribution = weight × grade factor × magnitude × decay × the rule\'s factor; ',
        el('a', { href: '#glossary', class: 'glossary-link' }, 'what the terms mean'), '.'));
      if (e.omitted) parts.push(el('p', { class: 'confidence', text: e.omitted + ' smaller indicators not listed, contributing ' + e.omittedContribution + ' together.' }));
    }
    for (const b of because.filter((x) => x.explanation)) {
      const d = el('details', {}, el('summary', { text: b.explanation.conclusion }));
      d.addEventListener('toggle', () => {
        if (d.open && d.children.length === 1) d.append(explanationNode(b.explanation, false));
      }, { once: false });
      parts.push(d);
    }
    if (e.omittedConclusions) parts.push(el('p', { class: 'confidence', text: e.omittedConclusions + ' more conclusions used, not expanded.' }));
    return el('div', { class: top ? 'tree' : 'subtree' }, parts);
  }

  // ---- network ---------------------------------------------------------------------------------
  // What an analyst reads first is the focus state's own neighbourhood: its partners and adversaries and
  // whoever is aligned with them. The whole network (about a hundred states with the SIPRI register loaded) is one choice away.
  // Both views use a concentric layout computed here: deterministic (the same data draws the same picture,
  // so two screenshots can be compared) and linear in the states and edges, so it never stalls the page.
  const ALIGN_LEVELS = ['WEAK', 'MODERATE', 'STRONG', 'ALLIANCE'];
  const CONFIDENCES = ['LOW', 'MEDIUM', 'HIGH'];
  const ROLE_COLOUR = { focus: '#e07b39', partner: '#1b7837', balancing: '#5b2a86', adversary: '#b2182b', axis: '#8c510a', other: '#5a6470' };
  const ROLE_NAME = { focus: 'focus', partner: 'partner', balancing: 'partner it balances between', adversary: 'adversary', axis: 'member of a hostile axis', other: '' };
  const EDGE_WIDTH = { WEAK: 1, MODERATE: 2.5, STRONG: 4, ALLIANCE: 6 };
  const EDGE_COLOUR = { WEAK: '#8fa9c4', MODERATE: '#3f76a8', STRONG: '#1f4e8c', ALLIANCE: '#0b2447' };
  const HOSTILE_COLOUR = '#c0392b';
  let networkDrawn = null;
  const net = { scope: 'focus', minLevel: 'MODERATE', sort: 'score', desc: true, q: '', csvUrl: null };
  let mapChart = null;
  let world = null;
  let flows = { key: null, body: null };

  /** The network's own URL parameters (net, netLevel, netSort, netQ), beside those writeUrl keeps. */
  function readNetworkUrl() {
    const p = new URLSearchParams(location.search);
    net.scope = p.get('net') === 'all' ? 'all' : 'focus';
    const lv = (p.get('netLevel') || '').toUpperCase();
    net.minLevel = ALIGN_LEVELS.includes(lv) ? lv : 'MODERATE';
    const s = p.get('netSort') || '';
    const key = s.replace(/^-/, '');
    if (['pair', 'level', 'score', 'confidence'].includes(key)) { net.sort = key; net.desc = s.startsWith('-'); }
    net.q = p.get('netQ') || '';
  }

  /** @param step whether this is a new view Back should return from (the scope, the level), not a keystroke or a sort */
  function writeNetworkUrl(step) {
    const p = new URLSearchParams(location.search);
    const set = (k, v, dflt) => { if (v && v !== dflt) p.set(k, v); else p.delete(k); };
    set('net', net.scope, 'focus');
    set('netLevel', net.minLevel, 'MODERATE');
    set('netSort', (net.desc ? '-' : '') + net.sort, '-score');
    set('netQ', net.q.trim(), '');
    const url = location.pathname + '?' + p.toString();
    if (url === location.pathname + location.search) return;
    if (step && started && !restoring) history.pushState(null, '', url); else history.replaceState(null, '', url);
  }

  /** Each state's role for the focus; a later role overrides an earlier, so a partner in an axis shows as a partner. */
  function roles(a) {
    const r = new Map();
    // an axis is a threat only with an adversary of the focus in it: the members of any other axis
    // (the US with its allies, say) have no role for the focus
    const adversaries = new Set(a.adversaries || []);
    for (const ax of a.axes || []) if (ax.members.some((m) => adversaries.has(m))) for (const m of ax.members) r.set(m, 'axis');
    for (const p of a.partners || []) r.set(p, 'partner');
    for (const b of a.balancing || []) for (const m of b.between) r.set(m, 'balancing');
    for (const x of a.adversaries || []) r.set(x, 'adversary');
    r.set(a.focus, 'focus');
    return r;
  }

  /** The states and edges the chosen view shows. */
  function networkView(a) {
    const min = ALIGN_LEVELS.indexOf(net.minLevel);
    const strong = a.alignments.filter((al) => ALIGN_LEVELS.indexOf(al.level) >= min);
    const core = new Set([a.focus, ...(a.partners || []), ...(a.adversaries || [])]);
    // the whole network shows only who has an alignment at the threshold (and the focus, its centre);
    // the neighbourhood always shows the focus's partners and adversaries
    const states = new Set(net.scope === 'all' ? [a.focus] : core);
    if (net.scope === 'all') {
      strong.forEach((al) => { states.add(al.a); states.add(al.b); });
    } else {
      strong.forEach((al) => {
        if (core.has(al.a)) states.add(al.b);
        if (core.has(al.b)) states.add(al.a);
      });
    }
    const alignments = strong.filter((al) => states.has(al.a) && states.has(al.b));
    const hostilities = (a.hostilities || []).filter((h) => states.has(h.a) && states.has(h.b));
    return { states, core: new Set([...core].filter((s) => states.has(s))), alignments, hostilities };
  }

  /**
   * Rings: the focus at the centre, its partners (one side) and adversaries (the other) on the first ring,
   * then each further ring the states one step further out, each placed at the mean angle of the inner
   * states it is aligned with, so a client sits beside its patron. Ring radii grow with their crowd.
   */
  function concentric(a, view, weight) {
    const pos = new Map();
    const angle = new Map();
    pos.set(a.focus, [0, 0]);
    angle.set(a.focus, 0);
    const neighbours = new Map([...view.states].map((s) => [s, []]));
    for (const al of view.alignments) {
      neighbours.get(al.a).push([al.b, al.score]);
      neighbours.get(al.b).push([al.a, al.score]);
    }
    const byWeight = (x, y) => weight.get(y) - weight.get(x) || (x < y ? -1 : 1);
    const inner = (list) => (list || []).filter((s) => s !== a.focus && view.states.has(s)).sort(byWeight);
    const first = inner(a.partners).concat(inner(a.adversaries));
    const rings = [first];
    const placed = new Set([a.focus, ...first]);
    for (;;) {
      const next = [...view.states].filter((s) => !placed.has(s) && neighbours.get(s).some(([n]) => placed.has(n)));
      if (!next.length) break;
      rings.push(next);
      next.forEach((s) => placed.add(s));
    }
    const rest = [...view.states].filter((s) => !placed.has(s));
    if (rest.length) rings.push(rest);
    // about 34 units of arc a state, so neighbours' circles and labels have room; a crowded outer ring
    // pushes the first ring out too, so the core does not huddle in the middle
    const radii = [];
    rings.forEach((ring, k) => radii.push(Math.max(k ? radii[k - 1] + 90 : 120, (ring.length * 34) / (2 * Math.PI))));
    if (radii.length > 1 && radii[0] < radii[1] * 0.45) {
      radii[0] = radii[1] * 0.45;
      for (let k = 1; k < radii.length; k++) radii[k] = Math.max(radii[k], radii[k - 1] + 90);
    }
    rings.forEach((ring, k) => {
      const radius = radii[k];
      let order;
      if (k === 0) {
        order = ring.map((s, i) => [s, Math.PI + (2 * Math.PI * (i + 0.5)) / ring.length]);
      } else {
        order = ring.map((s) => {
          let x = 0;
          let y = 0;
          for (const [n, w] of neighbours.get(s)) {
            if (angle.has(n) && n !== a.focus) { x += Math.cos(angle.get(n)) * w; y += Math.sin(angle.get(n)) * w; }
          }
          return [s, x || y ? Math.atan2(y, x) : 0];
        }).sort((p, q) => p[1] - q[1] || (p[0] < q[0] ? -1 : 1));
        // keep the order of the wished-for angles but spread the states evenly, starting near the first wish
        const start = order.length ? order[0][1] : 0;
        order = order.map(([s], i) => [s, start + (2 * Math.PI * i) / order.length]);
      }
      for (const [s, t] of order) {
        angle.set(s, t);
        pos.set(s, [radius * Math.cos(t), radius * Math.sin(t)]);
      }
    });
    return { pos, angle };
  }

  function renderNetwork() {
    const a = state.assessment;
    if (!a) return;
    syncNetworkControls();
    const view = networkView(a);
    renderAlignmentTable(a, view);
    // the same picture is not drawn again when a person only comes back to the tab
    const drawn = [a.focus, a.asOf, a.dataVersion, a.rulesetVersion, net.scope, net.minLevel].join('|');
    if (drawn === networkDrawn && networkChart) return;
    networkDrawn = drawn;
    // the table, the chart and the map each in a task of their own, so the page answers between them
    setTimeout(() => {
      if (state.assessment !== a) return;
      renderNetworkChart(a, view);
      setTimeout(() => { if (state.assessment === a) renderMap(a); }, 0);
    }, 0);
  }

  function syncNetworkControls() {
    for (const r of document.querySelectorAll('#net-controls input[name=net]')) r.checked = r.value === net.scope;
    $('net-level').value = net.minLevel;
    if ($('net-search').value !== net.q) $('net-search').value = net.q;
  }

  function renderNetworkChart(a, view) {
    const role = roles(a);
    const roleOf = (s) => role.get(s) || 'other';
    const weight = new Map([...view.states].map((s) => [s, 0]));
    for (const al of view.alignments) { weight.set(al.a, weight.get(al.a) + al.score); weight.set(al.b, weight.get(al.b) + al.score); }
    const { pos, angle } = concentric(a, view, weight);
    const maxWeight = Math.max(1, ...weight.values());
    // when crowded, only the core and the heaviest states carry a label (the rest on hover); the overlap
    // check then drops whatever still collides, smaller circles first
    const crowded = view.states.size > 30;
    const labelled = new Set([...view.states].filter((s) => view.core.has(s))
      .concat([...view.states].filter((s) => !view.core.has(s)).sort((x, y) => weight.get(y) - weight.get(x)).slice(0, crowded ? 24 : Infinity)));
    const withFocus = (s) => a.alignments.find((al) => (al.a === s && al.b === a.focus) || (al.b === s && al.a === a.focus));
    const hostileFocus = (s) => (a.hostilities || []).find((h) => (h.a === s && h.b === a.focus) || (h.b === s && h.a === a.focus));
    const strongest = (s) => view.alignments.filter((al) => al.a === s || al.b === s).sort((x, y) => y.score - x.score)[0];
    const nodes = [...view.states].sort().map((s) => {
      const r = roleOf(s);
      const t = angle.get(s);
      const side = s === a.focus ? 'bottom' : Math.cos(t) > 0.35 ? 'right' : Math.cos(t) < -0.35 ? 'left' : Math.sin(t) > 0 ? 'bottom' : 'top';
      const opens = s === a.focus ? (a.autonomy && a.autonomy.explanationId) : (withFocus(s) || hostileFocus(s) || strongest(s) || {}).explanationId;
      return {
        name: s, x: pos.get(s)[0], y: pos.get(s)[1],
        symbolSize: s === a.focus ? 42 : view.core.has(s) ? 30 : Math.round(10 + 16 * Math.sqrt(weight.get(s) / maxWeight)),
        itemStyle: { color: ROLE_COLOUR[r], borderColor: '#fff', borderWidth: 1 },
        label: { show: labelled.has(s), position: side, formatter: stateName(s), fontWeight: view.core.has(s) ? 'bold' : 'normal' },
        explain: opens || null,
        tooltip: { formatter: stateName(s) + ' (' + s + ')' + (ROLE_NAME[r] ? ': ' + ROLE_NAME[r] : '') }
      };
    });
    const axisPairs = new Set();
    for (const ax of a.axes || []) for (const x of ax.members) for (const y of ax.members) if (x < y) axisPairs.add(x + '-' + y);
    const links = view.alignments.map((al) => ({ source: al.a, target: al.b, explain: al.explanationId,
      // in a crowd the edges of the core stand out; the others stay as a background
      lineStyle: { width: EDGE_WIDTH[al.level], color: EDGE_COLOUR[al.level], curveness: 0,
        opacity: !crowded || view.core.has(al.a) || view.core.has(al.b) ? 0.85 : 0.3,
        type: axisPairs.has(al.a + '-' + al.b) ? 'dashed' : 'solid' },
      tooltip: { formatter: stateName(al.a) + '–' + stateName(al.b) + ': ' + al.level + ' alignment (' + fmt(al.score) + '), confidence ' + al.confidence } }))
      .concat(view.hostilities.map((h) => ({ source: h.a, target: h.b, explain: h.explanationId,
        lineStyle: { width: 1.5 + Math.min(3, h.score / 15), color: HOSTILE_COLOUR, type: 'dotted', opacity: 0.9, curveness: 0.2 },
        tooltip: { formatter: stateName(h.a) + '–' + stateName(h.b) + ': hostility (' + fmt(h.score) + '), confidence ' + h.confidence } })));
    const scope = net.scope === 'all' ? 'The whole network' : 'The neighbourhood of ' + stateName(a.focus);
    const nameList = (codes) => andList(codes.map(stateName)) || 'none';
    const heaviest = [...view.alignments].sort((x, y) => y.score - x.score).slice(0, 5)
      .map((al) => stateName(al.a) + '–' + stateName(al.b) + ' ' + al.level);
    $('network').setAttribute('aria-label', scope + ': ' + count(view.states.size, 'state') + ', '
      + count(view.alignments.length, 'alignment') + ' at ' + net.minLevel + ' or above, ' + view.hostilities.length
      + (view.hostilities.length === 1 ? ' hostility' : ' hostilities'));
    $('network-text').textContent = 'Partners of ' + stateName(a.focus) + ': ' + nameList(a.partners || []) + '. Adversaries: '
      + nameList(a.adversaries || []) + '. Strongest alignments shown: ' + (heaviest.join('; ') || 'none') + '. Hostilities shown: '
      + (view.hostilities.slice(0, 5).map((h) => stateName(h.a) + '–' + stateName(h.b)).join('; ') || 'none') + '. The table below lists every alignment shown.';
    if (!window.echarts) return;
    // ECharts stretches the positions to fill the box it is given: give it a box of the rings' own shape,
    // room for the labels at the sides, so a circle stays a circle on a phone too
    const xs = nodes.map((n) => n.x);
    const ys = nodes.map((n) => n.y);
    const spanX = Math.max(1, Math.max(...xs) - Math.min(...xs));
    const spanY = Math.max(1, Math.max(...ys) - Math.min(...ys));
    const cw = $('network').clientWidth || 800;
    const ch = $('network').clientHeight || 520;
    // on a narrow screen the labels go under their circles, where they need less room at the sides
    const narrow = cw < 600;
    if (narrow) nodes.forEach((n) => { n.label.position = 'bottom'; });
    const scale = Math.min((cw - 2 * (narrow ? 36 : 110)) / spanX, (ch - 60) / spanY);
    const box = { width: spanX * scale, height: spanY * scale, left: (cw - spanX * scale) / 2, top: (ch - spanY * scale) / 2 };
    // the circles shrink with a narrow screen, so they do not cover each other
    const shrink = Math.min(1, Math.max(0.55, cw / 760));
    nodes.forEach((n) => { n.symbolSize = Math.round(n.symbolSize * shrink); });
    if (!networkChart) {
      networkChart = echarts.init($('network'));
      networkChart.on('click', (p) => { if (p.data && p.data.explain) explain(p.data.explain, $('network')); });
      $('network-actions').append(pngButton(() => networkChart, () => 'network-' + a.focus + '-' + state.asOf + '-' + net.scope + '.png', 'the network'));
    }
    networkChart.setOption({
      animation: false,
      tooltip: { confine: true },
      series: [{
        type: 'graph', layout: 'none', roam: true, draggable: false,
        ...box,
        label: { show: true, fontSize: 12, color: '#1b1f24', textBorderColor: '#fff', textBorderWidth: 3 },
        labelLayout: { hideOverlap: true },
        emphasis: { focus: 'adjacency', label: { show: true } },
        edgeSymbol: ['none', 'none'],
        data: nodes,
        links
      }]
    }, true);
    networkChart.resize();
  }

  function alignmentKey(al) { return stateName(al.a) + '–' + stateName(al.b); }

  function renderAlignmentTable(a, view) {
    const q = net.q.trim().toLowerCase();
    const hit = (s) => s.toLowerCase().includes(q) || stateName(s).toLowerCase().includes(q);
    const rows = view.alignments.filter((al) => !q || hit(al.a) || hit(al.b));
    const cmp = {
      pair: (x, y) => alignmentKey(x).localeCompare(alignmentKey(y)),
      level: (x, y) => ALIGN_LEVELS.indexOf(x.level) - ALIGN_LEVELS.indexOf(y.level) || x.score - y.score,
      score: (x, y) => x.score - y.score,
      confidence: (x, y) => CONFIDENCES.indexOf(x.confidence) - CONFIDENCES.indexOf(y.confidence) || x.score - y.score
    }[net.sort];
    rows.sort((x, y) => (net.desc ? -1 : 1) * cmp(x, y) || alignmentKey(x).localeCompare(alignmentKey(y)));
    for (const th of $('alignments').querySelectorAll('th[data-sort]')) {
      if (th.dataset.sort === net.sort) th.setAttribute('aria-sort', net.desc ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    }
    $('alignments').querySelector('tbody').replaceChildren(...rows.map((al) => el('tr', {},
      el('td', {}, el('button', { type: 'button', class: 'link', 'data-explain': al.explanationId,
        'aria-label': stateName(al.a) + '–' + stateName(al.b) + ' alignment ' + al.level + ': show why' }, stateNode(al.a), '–', stateNode(al.b))),
      el('td', {}, level(al.level)),
      el('td', { class: 'num', text: fmt(al.score) }), el('td', { text: al.confidence }))));
    $('alignment-count').textContent = rows.length + ' of ' + count(a.alignments.length, 'alignment')
      + (net.scope === 'all' ? ' (whole network' : ' (neighbourhood') + ', ' + net.minLevel + ' or above' + (q ? ', matching "' + net.q.trim() + '")' : ')');
    const cell = (v) => { const x = String(v ?? ''); return /[",\n\r]/.test(x) ? '"' + x.replaceAll('"', '""') + '"' : x; };
    const csv = [['focus', 'asOf', 'a', 'a_name', 'b', 'b_name', 'level', 'score', 'confidence']]
      .concat(rows.map((al) => [a.focus, a.asOf, al.a, stateName(al.a), al.b, stateName(al.b), al.level, fmt(al.score), al.confidence]));
    if (net.csvUrl) URL.revokeObjectURL(net.csvUrl);
    net.csvUrl = URL.createObjectURL(new Blob([csv.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'], { type: 'text/csv' }));
    const link = $('alignments-csv');
    link.href = net.csvUrl;
    link.download = 'alignments-' + a.focus + '-' + a.asOf + (net.scope === 'all' ? '-all' : '') + '.csv';
    link.hidden = rows.length === 0;
  }

  // ---- the map: roles for the focus and the arms flows ----------------------------------------------
  /** A point inside each outlined state for its flows: the area centroid of its largest polygon. */
  function centroids(geo) {
    const out = new Map();
    for (const f of geo.features) {
      const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      let best = null;
      for (const poly of polys) {
        const ring = poly[0];
        let area = 0;
        let cx = 0;
        let cy = 0;
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const k = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
          area += k;
          cx += (ring[j][0] + ring[i][0]) * k;
          cy += (ring[j][1] + ring[i][1]) * k;
        }
        if (area && (!best || Math.abs(area) > best.area)) best = { area: Math.abs(area), c: [cx / (3 * area), cy / (3 * area)] };
      }
      if (best) out.set(f.properties.code, best.c);
    }
    return out;
  }

  /** The outlines, fetched once however many draws ask for them meanwhile (a failed fetch is tried again later). */
  function loadWorld() {
    if (!world) {
      world = fetch('/assets/world.geo.json').then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status)))).then((geo) => {
        // Antarctica has no role and takes a fifth of the height; regions are named by code, shown by name
        geo.features = geo.features.filter((f) => f.id !== 'ATA');
        for (const f of geo.features) {
          f.properties.code = /^[A-Z]{3}$/.test(f.id) ? f.id : f.properties.name;
          f.properties.name = f.properties.code;
        }
        echarts.registerMap('world', geo);
        return { centre: centroids(geo), codes: new Set(geo.features.map((f) => f.properties.code)) };
      });
      world.catch(() => { world = null; });
    }
    return world;
  }

  /** The arms flows of an assessment, asked for once per assessment. */
  function loadFlows(a) {
    const key = [a.focus, a.asOf, a.dataVersion, a.rulesetVersion].join('|');
    if (flows.key !== key) {
      flows = { key, body: api('/api/assessment/flows?' + new URLSearchParams({ focus: a.focus, asOf: a.asOf, limit: 300 }))
        .then((r) => (r.status === 200 ? r.body : null), () => null) };
    }
    return flows.body;
  }

  async function renderMap(a) {
    if (!window.echarts) return;
    const [w, f] = await Promise.all([loadWorld().catch(() => null), loadFlows(a)]);
    if (state.assessment !== a) return;
    if (!w) {
      $('map-unplaced').textContent = 'The world outline could not be loaded; the arms flows are in the table below.';
    }
    const role = roles(a);
    // every flow to or from the focus, and the heaviest others: a hundred arrows would hide the map
    const list = f ? f.flows.filter((x, i) => i < 30 || x.from === a.focus || x.to === a.focus) : [];
    const regions = [...role].filter(([s]) => w && w.codes.has(s))
      .map(([s, r]) => ({ name: s, itemStyle: { areaColor: ROLE_COLOUR[r] }, emphasis: { itemStyle: { areaColor: ROLE_COLOUR[r] } } }));
    const drawn = w ? list.filter((x) => w.centre.has(x.from) && w.centre.has(x.to)) : [];
    const maxScore = Math.max(1, ...drawn.map((x) => x.score));
    // on a phone the world is a third as wide: thinner arrows, or they would cover it
    const thin = Math.min(1, Math.max(0.4, ($('map').clientWidth || 800) / 800));
    const unplaced = w ? [...new Set([...role.keys(), ...list.flatMap((x) => [x.from, x.to])])].filter((s) => !w.codes.has(s)).sort() : [];
    if (w) $('map-unplaced').textContent = unplaced.length ? 'Too small for the map\'s outlines, so not drawn: ' + andList(unplaced.map((s) => stateName(s)
      + (role.has(s) ? ' (' + ROLE_NAME[role.get(s)] + ')' : ''))) + '; their flows are in the table below.' : '';
    const flowText = (x) => stateName(x.from) + ' → ' + stateName(x.to) + ': arms transfers, ' + count(x.indicators, 'indicator') + ', weight ' + fmt(x.score);
    const roleList = (r) => [...role].filter(([, v]) => v === r).map(([s]) => stateName(s));
    $('map-text').textContent = 'Focus: ' + stateName(a.focus) + '. Partners: ' + (andList(roleList('partner').concat(roleList('balancing'))) || 'none')
      + '. Adversaries: ' + (andList(roleList('adversary')) || 'none') + '. Members of an axis with an adversary: ' + (andList(roleList('axis')) || 'none')
      + '. The largest arms flows are listed in the table below.';
    $('flow-count').textContent = f ? (f.total ? count(list.length, 'arms flow') + ' of ' + f.total + ' found up to ' + a.asOf
      + (list.length < f.total ? ': the heaviest, and all to or from ' + stateName(a.focus) : '') + '; the map draws those between outlined states.'
      : 'No arms flows found up to ' + a.asOf + '.') : 'The arms flows could not be loaded.';
    $('flows').querySelector('tbody').replaceChildren(...list.map((x) => el('tr', {}, el('td', {}, stateNode(x.from)), el('td', {}, stateNode(x.to)),
      el('td', { class: 'num', text: fmt(x.score) }), el('td', { class: 'num', text: x.indicators }))));
    if (!w) return;
    // drawing the world is a task of its own, after the text above has painted
    await new Promise((res) => setTimeout(res, 0));
    if (state.assessment !== a) return;
    if (!mapChart) {
      mapChart = echarts.init($('map'));
      // a state opens what ties it to the focus: their alignment, else their hostility
      mapChart.on('click', (p) => {
        const cur = state.assessment;
        if (p.componentType !== 'geo' || !cur) return;
        const ties = (list) => (list || []).find((x) => (x.a === p.name && x.b === cur.focus) || (x.b === p.name && x.a === cur.focus));
        const id = p.name === cur.focus ? cur.autonomy && cur.autonomy.explanationId
          : (ties(cur.alignments) || ties(cur.hostilities) || {}).explanationId;
        if (id) explain(id, $('map'));
      });
      $('map-actions').append(pngButton(() => mapChart, () => 'map-' + state.assessment.focus + '-' + state.asOf + '.png', 'the map'));
    }
    mapChart.setOption({
      animation: false,
      tooltip: { confine: true },
      geo: {
        map: 'world', roam: true, left: 4, right: 4, top: 4, bottom: 4,
        itemStyle: { areaColor: '#e4e7eb', borderColor: '#fff', borderWidth: 0.5 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#c9ced6' } },
        label: { show: false },
        regions,
        tooltip: { show: true, formatter: (p) => stateName(p.name) + (role.has(p.name) ? ': ' + ROLE_NAME[role.get(p.name)] : '') }
      },
      series: [{
        type: 'lines', coordinateSystem: 'geo', zlevel: 1,
        symbol: ['none', 'arrow'], symbolSize: Math.round(8 * Math.max(0.7, thin)),
        data: drawn.map((x) => ({ coords: [w.centre.get(x.from), w.centre.get(x.to)], flow: x,
          lineStyle: { width: (1 + 5 * (x.score / maxScore)) * thin, color: '#0b2447', opacity: 0.35 + 0.5 * (x.score / maxScore), curveness: 0.25 } })),
        tooltip: { formatter: (p) => flowText(p.data.flow) }
      }]
    }, true);
    mapChart.resize();
  }

  function wireNetwork() {
    readNetworkUrl();
    const redraw = () => { writeNetworkUrl(true); renderNetwork(); };
    $('net-controls').addEventListener('change', () => {
      net.scope = document.querySelector('#net-controls input[name=net]:checked').value;
      net.minLevel = $('net-level').value;
      redraw();
    });
    $('net-controls').addEventListener('submit', (e) => e.preventDefault());
    $('net-search').addEventListener('input', () => {
      net.q = $('net-search').value;
      writeNetworkUrl();
      if (state.assessment) renderAlignmentTable(state.assessment, networkView(state.assessment));
    });
    $('alignments').querySelector('thead').addEventListener('click', (e) => {
      const th = e.target.closest('th[data-sort]');
      if (!th) return;
      const key = th.dataset.sort;
      net.desc = key === net.sort ? !net.desc : key !== 'pair';
      net.sort = key;
      writeNetworkUrl();
      if (state.assessment) renderAlignmentTable(state.assessment, networkView(state.assessment));
    });
    // a chart drawn while its tab was hidden, or in a column the explanation panel narrowed, fits its box again
    if (window.ResizeObserver) {
      let width = 0;
      new ResizeObserver(() => {
        const w = $('network').clientWidth;
        if (!w || w === width || !state.assessment) return;
        width = w;
        if (networkChart) renderNetworkChart(state.assessment, networkView(state.assessment));
        if (mapChart) mapChart.resize();
      }).observe($('view-network'));
    }
  }

  // ---- indicators ------------------------------------------------------------------------------
  /** The indicator filters of the URL into the form. */
  function fillIndicatorFilters() {
    const form = $('filters');
    for (const k of INDICATOR_FILTERS) form.elements[k].value = (state.indicators && state.indicators[k]) || '';
  }

  /** The indicator filters as a query: up to the page's date unless the form says otherwise. */
  function indicatorQuery() {
    const q = new URLSearchParams();
    for (const k of INDICATOR_FILTERS) if (state.indicators[k]) q.set(k, state.indicators[k]);
    if (!state.indicators.to) q.set('to', state.asOf);
    return q;
  }

  async function loadIndicators() {
    const q = indicatorQuery();
    const upTo = q.get('to');
    q.set('page', state.page);
    q.set('size', 50);
    const r = await api('/api/indicators?' + q);
    const tbody = $('indicators').querySelector('tbody');
    if (r.status !== 200) {
      $('indicator-count').textContent = problemText(r);
      tbody.replaceChildren();
      return;
    }
    const { items, total, page, size } = r.body;
    $('indicator-count').textContent = count(total, 'indicator') + (state.indicators.to ? ' up to ' + upTo : ' up to ' + upTo + ', the page\'s date')
      + (total ? '; ' + (page * size + 1) + '–' + (page * size + items.length) + ' shown' : '') + '.';
    tbody.replaceChildren(...items.map((i) => el('tr', {}, el('td', { text: i.date }), el('td', { text: i.type }),
      el('td', {}, stateNode(i.actor)), el('td', {}, stateNode(i.target)), el('td', { text: i.grade }),
      el('td', { text: i.summary || '' }), el('td', {}, source(i.source)))));
    $('prev').disabled = page === 0;
    $('next').disabled = (page + 1) * size >= total;
    $('indicators-csv').hidden = total === 0;
  }

  /** All the indicators the filters match, as a native CSV that loads back as it is (fetched, so the key goes with it). */
  async function exportIndicators() {
    const link = $('indicators-csv');
    link.disabled = true;
    const old = link.textContent;
    link.textContent = 'Preparing the CSV…';
    try {
      const r = await fetch('/api/indicators/export?' + indicatorQuery(), { cache: 'no-store', headers: headers({ Accept: 'text/csv' }) });
      if (!r.ok) {
        $('indicator-count').textContent = 'The export failed: ' + r.status + ' ' + r.statusText + '.';
        return;
      }
      const url = URL.createObjectURL(await r.blob());
      saveAs(url, 'indicators-' + (state.focus || '') + '-' + state.asOf + '.csv');
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } finally {
      link.disabled = false;
      link.textContent = old;
    }
  }

  // ---- upload --------------------------------------------------------------------------------------
  /** The rows of a refused CSV (422), each error against its line. */
  function errorTable(problem, id) {
    const errors = problem.errors;
    const total = problem.errorCount ?? errors.length;
    const tbody = el('tbody', {}, errors.map((x) => el('tr', {}, el('td', { class: 'num', text: x.line }),
      el('td', { text: x.column || '' }), el('td', { text: x.value ?? '' }), el('td', { text: x.message }))));
    return el('div', { class: 'scroll' }, el('table', { id }, el('caption', { text: count(total, 'error') + ', by line'
      + (errors.length < total ? ' (the first ' + errors.length + ' listed)' : '') }),
    el('thead', {}, el('tr', {}, ['Line', 'Column', 'Value', 'Problem'].map((h) => el('th', { scope: 'col', text: h })))), tbody));
  }

  /**
   * Sends a body with XMLHttpRequest, whose upload reports progress (fetch's does not), and answers
   * like api(): { status, body }.
   */
  function send(path, body, contentType, onProgress) {
    return new Promise((resolve, reject) => {
      const x = new XMLHttpRequest();
      x.open('POST', path);
      for (const [k, v] of Object.entries(headers({ 'Content-Type': contentType }))) x.setRequestHeader(k, v);
      x.upload.addEventListener('progress', (p) => { if (p.lengthComputable) onProgress(p.loaded, p.total); });
      x.upload.addEventListener('load', () => onProgress(null, null));
      x.addEventListener('load', () => {
        const type = x.getResponseHeader('Content-Type') || '';
        let parsed = x.responseText;
        if (type.includes('json')) {
          try { parsed = JSON.parse(x.responseText); } catch (err) { parsed = { detail: x.responseText }; }
        }
        resolve({ status: x.status, body: parsed });
      });
      x.addEventListener('error', () => reject(new Error('network')));
      x.send(body);
    });
  }

  function megabytes(n) { return (n / 1048576).toFixed(1) + ' MB'; }

  /**
   * The format a file's first lines look like, with why, or null: a SIPRI register export opens with its
   * title lines or a Recipient/Supplier header; GDELT has its event id and CAMEO columns (2.0: 61 tab-separated
   * fields or named columns; 1.0: 57 or 58); ours a header naming date, type, actor and target.
   */
  function guessFormat(head) {
    const lines = head.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim());
    if (!lines.length) return null;
    const first = lines[0];
    if (/Transfers of major conventional arms|SIPRI trend-indicator value/i.test(head)
      || lines.slice(0, 15).some((l) => /\bRecipient\b/i.test(l) && /\bSupplier\b/i.test(l))) {
      return { format: 'sipri', why: 'it has the SIPRI trade register\'s title lines or its Recipient and Supplier columns' };
    }
    if (/Global_?Event_?ID/i.test(first)) {
      return { format: 'gdelt2', why: 'its header names GDELT\'s event id and actor columns' };
    }
    const tabs = first.split('\t');
    if (tabs.length >= 57 && /^\d+$/.test(tabs[0]) && /^\d{8}$/.test(tabs[1])) {
      return tabs.length >= 61 ? { format: 'gdelt2', why: 'its rows are GDELT 2.0 events: ' + tabs.length + ' tab-separated fields from an event id and a date' }
        : { format: 'gdelt1', why: 'its rows are GDELT 1.0 events: ' + tabs.length + ' tab-separated fields from an event id and a date' };
    }
    const header = first.toLowerCase().split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
    if (['date', 'type', 'actor', 'target'].every((h) => header.includes(h))) {
      return { format: 'native', why: 'its header names date, type, actor and target' };
    }
    return null;
  }

  const FORMAT_NAMES = { native: 'Mandala CSV', gdelt2: 'GDELT 2.0', gdelt1: 'GDELT 1.0', sipri: 'SIPRI trade register' };

  /** Looks at the chosen file or the pasted text and, when the format chosen is not the one it looks like, says so. */
  async function suggestFormat() {
    const box = $('format-hint');
    const file = $('upload-file').files[0];
    const head = file ? await file.slice(0, 16384).text() : $('upload-text').value.slice(0, 16384);
    const guess = head.trim() ? guessFormat(head) : null;
    const select = $('upload').elements.format;
    box.replaceChildren();
    if (!guess || guess.format === select.value) return;
    const use = el('button', { type: 'button', class: 'secondary' }, 'Use ' + FORMAT_NAMES[guess.format]);
    use.addEventListener('click', () => { select.value = guess.format; box.replaceChildren(); select.focus(); });
    box.append(el('p', { class: 'hint' }, 'This looks like a ' + FORMAT_NAMES[guess.format] + ' file (' + guess.why
      + '), not ' + FORMAT_NAMES[select.value] + '. ', use));
  }

  function uploadReport(b) {
    return el('p', { class: 'ok', text: 'Stored: ' + b.accepted + ' of ' + b.rows + ' rows accepted, ' + b.duplicates + ' duplicates'
      + (b.skipped && Object.keys(b.skipped).length ? ', skipped ' + Object.entries(b.skipped).map(([k, v]) => v + ' (' + k + ')').join(', ') : '') + '.' });
  }

  async function upload(e) {
    e.preventDefault();
    const form = $('upload');
    const out = $('upload-result');
    const file = $('upload-file').files[0];
    const text = $('upload-text').value;
    const format = form.elements.format.value;
    if (!file && !text.trim()) {
      out.replaceChildren(el('p', { class: 'error', text: 'Choose a file or paste CSV first.' }));
      return;
    }
    const bar = el('progress', { id: 'upload-progress', max: '100' });
    const said = el('span', { id: 'upload-progress-text', text: 'Sending…' });
    out.replaceChildren(el('p', { class: 'progress-line' }, el('label', { for: 'upload-progress', class: 'visually-hidden', text: 'Upload progress' }), bar, ' ', said));
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    let r;
    try {
      r = await send('/api/indicators?format=' + encodeURIComponent(format), file || text, 'text/csv', (loaded, total) => {
        if (loaded === null) {
          bar.removeAttribute('value');
          said.textContent = 'Sent; checking every row and storing…';
        } else {
          bar.value = Math.round((100 * loaded) / total);
          said.textContent = 'Sending ' + bar.value + '% (' + megabytes(loaded) + ' of ' + megabytes(total) + ')';
        }
      });
    } catch (x) {
      out.replaceChildren(el('p', { class: 'error', text: 'The service cannot be reached; nothing was stored. Try again in a moment.' }));
      return;
    } finally {
      submit.disabled = false;
    }
    if (r.status === 201 || r.status === 200) {
      out.replaceChildren(uploadReport(r.body));
      state.etag = null;
      loadAssessment(true);
    } else if (r.status === 202) {
      followJob(r.body.id, out);
    } else if (r.status === 422 && r.body.errors) {
      out.replaceChildren(el('p', { class: 'error', text: r.body.detail }), errorTable(r.body, 'upload-errors'));
    } else {
      out.replaceChildren(el('p', { class: 'error', text: keyMessage(r, 'Uploading indicators', 'ANALYST') || problemText(r) }));
    }
  }

  /** A large file is imported as a job: its progress, then its outcome, as the service reports them. */
  async function followJob(id, out) {
    const said = el('p', { class: 'ok', text: 'A large file: importing it as a job…' });
    out.replaceChildren(said);
    for (;;) {
      await new Promise((res) => setTimeout(res, 1000));
      let r;
      try {
        r = await api('/api/indicators/jobs/' + encodeURIComponent(id));
      } catch (x) {
        continue;
      }
      if (r.status !== 200) {
        out.replaceChildren(el('p', { class: 'error', text: problemText(r) }));
        return;
      }
      const j = r.body;
      if (j.status === 'RUNNING') {
        said.textContent = 'Importing as a job: ' + j.rowsRead.toLocaleString() + ' rows read'
          + (j.rows ? ' of ' + j.rows.toLocaleString() : '') + (j.accepted ? ', ' + j.accepted.toLocaleString() + ' stored' : '') + '…';
      } else if (j.status === 'DONE') {
        out.replaceChildren(uploadReport(j));
        state.etag = null;
        loadAssessment(true);
        return;
      } else {
        out.replaceChildren(el('p', { class: 'error', text: 'The import failed and nothing of the file was stored: ' + (j.message || j.status) }),
          ...(j.errors && j.errors.length ? [errorTable({ errors: j.errors, errorCount: j.errorCount }, 'upload-errors')] : []));
        return;
      }
    }
  }

  // ---- alerts ------------------------------------------------------------------------------------
  // Polled with the assessment, with If-None-Match: an unchanged list costs a 304.
  const ALERTS_SHOWN = 100;

  async function loadAlerts(force) {
    if (!state.focus) return;
    const q = new URLSearchParams({ focus: state.focus, limit: ALERTS_SHOWN });
    const h = {};
    if (!force && state.alertsEtag) h['If-None-Match'] = state.alertsEtag;
    let r;
    try {
      r = await api('/api/alerts?' + q, { headers: h });
    } catch (e) {
      return; // the assessment's poll says the service cannot be reached
    }
    if (r.status === 304) return;
    if (r.status !== 200) {
      $('alerts-summary').textContent = 'The alerts cannot be shown: ' + problemText(r);
      return;
    }
    state.alertsEtag = r.etag;
    state.alerts = r.body;
    renderAlerts();
  }

  function renderAlerts() {
    const { alerts, unacknowledged } = state.alerts;
    const unread = unacknowledged || 0;
    $('alert-count').textContent = unread;
    $('alert-badge').hidden = unread === 0;
    const focus = stateName(state.focus);
    $('alerts-summary').textContent = alerts.length === 0
      ? 'No alerts for ' + focus + ': nothing has crossed a tripwire since alerts began.'
      : unread === 0 ? 'Every alert for ' + focus + ' has been acknowledged.'
        : count(unread, 'alert') + ' for ' + focus + ' not yet acknowledged.';
    const keyed = !!sessionStorage.getItem('mandala.key');
    $('alerts').replaceChildren(...alerts.map((a) => alertItem(a, keyed)));
  }

  function alertItem(a, keyed) {
    const name = (a.label || a.tripwire) + (a.actors && a.actors.length ? ': ' + a.actors.map(stateName).join('–') : '');
    const parts = [el('div', { class: 'alert-head' }, level(a.severity), el('span', { class: 'what' }, a.label || a.tripwire,
      ...(a.actors && a.actors.length ? [': ', ...statesNode(a.actors, '–')] : [])),
      el('time', { datetime: a.raisedAt, text: 'raised ' + when(a.raisedAt) })),
    el('p', { class: 'message', text: a.message }),
    el('p', { class: 'confidence', text: 'Was ' + (a.was || '–') + '; now ' + (a.now || '–') + '. Assessed as of ' + a.asOf
      + ', data version ' + a.dataVersion + '.' })];
    if (a.acknowledgedAt) {
      parts.push(el('p', { class: 'acknowledged', text: 'Acknowledged by ' + (a.acknowledgedBy || 'someone') + ', ' + when(a.acknowledgedAt) + '.' }));
    } else {
      parts.push(el('button', { type: 'button', 'data-ack': a.id, disabled: !keyed, 'aria-label': 'Acknowledge: ' + name,
        title: keyed ? null : 'Enter an ANALYST or POLICY key above to acknowledge' }, 'Acknowledge'));
      if (!keyed) parts.push(el('span', { class: 'confidence', text: ' Enter an ANALYST or POLICY key above to acknowledge.' }));
    }
    if (a.explanation) parts.push(lazyExplanation('Why', a.explanation));
    return el('li', { class: 'alert' + (a.acknowledgedAt ? '' : ' unread') }, parts);
  }

  /** A closed "why", its explanation drawn the first time it is opened. */
  function lazyExplanation(title, explanation) {
    const d = el('details', {}, el('summary', { text: title }));
    d.addEventListener('toggle', () => {
      if (d.open && d.children.length === 1) d.append(explanationNode(explanation, false));
    });
    return d;
  }

  async function acknowledge(button) {
    const id = button.getAttribute('data-ack');
    button.disabled = true;
    let r;
    try {
      r = await api('/api/alerts/' + encodeURIComponent(id) + '/acknowledge', { method: 'POST' });
    } catch (e) {
      r = { status: 0 };
    }
    const msg = $('alerts-message');
    if (r.status === 200) {
      msg.className = 'ok';
      msg.textContent = 'Acknowledged: ' + (r.body.label || r.body.tripwire) + ', by ' + r.body.acknowledgedBy + '.';
      await loadAlerts(true);
      msg.focus();
      return;
    }
    button.disabled = false;
    msg.className = 'error';
    msg.textContent = r.status === 0 ? 'The service cannot be reached; nothing was acknowledged. Try again in a moment.'
      : r.status === 401 ? 'Acknowledging needs an ANALYST or POLICY key: enter one above and press Show.'
        : r.status === 403 ? 'Your key may read alerts but not acknowledge them: that needs an ANALYST or POLICY key.'
          : r.status === 404 ? 'That alert is no longer there.' : problemText(r);
    msg.focus();
  }

  // ---- what if ---------------------------------------------------------------------------------------
  const WHATIF_HEADER = 'date,type,actor,target,grade';
  const TEMPLATES = {
    treaty: ['ALLIANCE_TREATY', 'PAK', 'RUS'],
    summit: ['SUMMIT_MEETING', 'CHN', 'PAK'],
    arms: ['ARMS_TRANSFER', 'CHN', 'PAK'],
    clash: ['BORDER_CLASH', 'CHN', 'IND'],
    sanction: ['SANCTION', 'USA', 'IND']
  };

  /** Adds the chosen template's row, dated as of the page's date, under the short header. */
  function addTemplate() {
    const [type, actor, target] = TEMPLATES[$('whatif-template').value];
    const text = $('whatif-text');
    const lines = text.value.split('\n').filter((l) => l.trim());
    if (lines.length === 0) lines.push(WHATIF_HEADER);
    lines.push([state.asOf, type, actor, target, 'B2'].join(','));
    text.value = lines.join('\n') + '\n';
  }

  async function whatIf(e) {
    e.preventDefault();
    const out = $('whatif-result');
    const text = $('whatif-text').value;
    if (text.split('\n').filter((l) => l.trim()).length < 2) {
      out.replaceChildren(el('p', { class: 'error', text: 'Add at least one row under the header, or a template\'s row.' }));
      return;
    }
    out.replaceChildren(el('p', { text: 'Assessing as if those indicators were stored…' }));
    const q = new URLSearchParams({ asOf: state.asOf });
    if (state.focus) q.set('focus', state.focus);
    let r;
    try {
      r = await api('/api/assessment/what-if?' + q, { method: 'POST', body: text, headers: { 'Content-Type': 'text/csv' } });
    } catch (x) {
      out.replaceChildren(el('p', { class: 'error', text: 'The service cannot be reached; try again in a moment.' }));
      return;
    }
    if (r.status === 200) {
      out.replaceChildren(whatIfNode(r.body));
    } else if (r.status === 422 && r.body.errors) {
      // the detail speaks of a file and of storing, as for an upload; a what-if stores nothing anyway
      const n = r.body.errorCount ?? r.body.errors.length;
      out.replaceChildren(el('p', { class: 'error', text: 'The hypothetical indicators have ' + count(n, 'error')
        + ', each shown against its line below; nothing was assessed.' }), errorTable(r.body, 'whatif-errors'));
    } else {
      out.replaceChildren(el('p', { class: 'error', text: problemText(r) }));
    }
  }

  function whatIfNode(w) {
    const u = w.assessment.autonomy;
    const real = state.assessment && state.assessment.focus === w.focus && state.assessment.asOf === w.asOf ? state.assessment.autonomy : null;
    return el('section', { class: 'hypothetical', 'aria-label': 'Hypothetical result' },
      el('p', { class: 'hypothetical-banner' }, el('strong', { text: 'HYPOTHETICAL' }),
        ' As if ' + count(w.indicators, 'more indicator') + ' were stored: ' + stateName(w.focus) + ' as of ' + w.asOf + '. Nothing was stored.'),
      el('p', { class: 'autonomy' }, 'Autonomy risk would be ', ...scoreNodes(u),
        real ? el('span', { class: 'confidence', text: '(stored data: ' + scoreText(real) + ')' }) : ''),
      changesNode('Would appear', 'whatif-appeared', w.appeared, w.explanations, w.focus),
      changesNode('Would disappear', 'whatif-disappeared', w.disappeared, w.explanations, w.focus),
      changesNode('Would change', 'whatif-changed', w.changed, w.explanations, w.focus),
      warningsNode(w.warnings));
  }

  function scoreNodes(v) {
    if (!v) return [el('span', { text: 'nothing' })];
    return [level(v.level), ' ', el('span', { class: 'score', text: v.score == null ? 'no score' : fmt(v.score) })];
  }
  function scoreText(v) { return v ? v.level + (v.score == null ? '' : ' ' + fmt(v.score)) : 'nothing'; }

  /** A conclusion of a change, named as the assessment names it, and its key (as the what-if's explanations are keyed). */
  function conclusionName(v, focus) {
    if (v.kind) return (v.label || kindLabel(v.kind)) + ': ' + v.actors.map(stateName).join('–');
    if (v.a) return 'alignment ' + stateName(v.a) + '–' + stateName(v.b);
    if (v.members) return 'axis ' + v.members.map(stateName).join('–');
    return 'autonomy risk of ' + stateName(focus);
  }
  function conclusionKey(v, focus) {
    const sorted = (xs) => [...xs].sort().join('-');
    if (v.kind) return 'T.' + v.kind + '.' + sorted(v.actors);
    if (v.a) return 'A.' + sorted([v.a, v.b]);
    if (v.members) return 'X.' + sorted(v.members);
    return 'U.' + focus;
  }

  function changesNode(title, id, list, explanations, focus) {
    const items = list.map((c) => {
      const v = c.after || c.before;
      const explanation = c.after ? (explanations || {})[conclusionKey(v, focus)] : null;
      const causes = [...(c.causes || [])].sort((x, y) => Math.abs(y.after - y.before) - Math.abs(x.after - x.before)).slice(0, 3);
      return el('li', {}, el('span', { class: 'what', text: conclusionName(v, focus) }), ' ',
        ...scoreNodes(c.before), el('span', { 'aria-label': 'becomes', text: ' → ' }), ...scoreNodes(c.after),
        causes.length ? el('ul', { class: 'causes', 'aria-label': 'Top causes' }, causes.map(causeNode)) : '',
        explanation ? lazyExplanation('Why it would be so', explanation) : '');
    });
    return el('div', {}, el('h3', { text: title + ' (' + list.length + ')' }),
      items.length ? el('ul', { id, class: 'changes' }, items) : el('p', { id, class: 'confidence', text: 'Nothing.' }));
  }

  function causeNode(c) {
    const i = c.indicator || {};
    return el('li', { text: i.date + ' ' + String(i.type || '').replaceAll('_', ' ').toLowerCase() + ' ' + stateName(i.actor) + ' → '
      + stateName(i.target) + ' (' + i.grade + '): contribution ' + fmt(c.before) + ' → ' + fmt(c.after) });
  }

  function warningsNode(warnings) {
    const list = warnings || [];
    return el('div', {}, el('h3', { text: 'Warnings the tripwires would raise (' + list.length + ')' }),
      list.length ? el('ul', { id: 'whatif-warnings', class: 'changes' }, list.map((x) => el('li', {},
        level(x.severity), ' ', el('span', { class: 'what', text: x.label || x.tripwire }), ' ',
        el('span', { text: x.message }),
        x.explanation ? lazyExplanation('Why', x.explanation) : '')))
        : el('p', { id: 'whatif-warnings', class: 'confidence', text: 'No tripwire would be crossed.' }));
  }

  // ---- rules (POLICY) ------------------------------------------------------------------------------
  async function loadRules() {
    const [status, versions, rules] = await Promise.all([api('/api/rules/status'), api('/api/rules/versions'), api('/api/rules')]);
    const box = $('rules-status');
    if (status.status !== 200) {
      box.replaceChildren(el('p', { class: 'error', text: problemText(status) }));
      return;
    }
    const s = status.body;
    const reload = s.lastReload;
    box.replaceChildren(el('p', {}, 'Active version ', el('strong', { text: s.activeVersion }), '. Last checked ' + when(s.lastCheck) + '.'),
      reload ? el('div', { class: reload.ok ? 'ok' : 'error' },
        'Last reload (' + reload.source + ', ' + when(reload.at) + '): ' + reload.message + '.',
        ...(reload.problems || []).map((p) => el('div', { text: p.file + (p.cell ? ', ' + p.cell : p.line ? ':' + p.line : '') + ': ' + p.message }))) : '');
    if (versions.status === 200) {
      $('versions').querySelector('tbody').replaceChildren(...versions.body.versions.map((v) => el('tr', {},
        el('td', {}, el('code', { text: v.version })), el('td', { text: when(v.createdAt) }), el('td', { text: v.author }), el('td', { text: v.note || '' }),
        el('td', { text: v.active ? 'active' : '' }))));
      $('activations').querySelector('tbody').replaceChildren(...versions.body.activations.map((x) => el('tr', {},
        el('td', { text: when(x.at) }), el('td', {}, el('code', { text: x.version })), el('td', { text: x.author }), el('td', { text: x.note || '' }))));
    }
    if (rules.status === 200) {
      const select = $('rule-file');
      const current = select.value;
      select.replaceChildren(...rules.body.files.filter((f) => !/\.xlsx?$/.test(f.path)).map((f) => el('option', { value: f.path, text: f.path })));
      select.value = current || 'levels.drl.csv';
      if (!$('rule-text').value) loadRuleFile();
    }
  }

  /** Shows a file's text: the edited one if this page changed it, else the active version's. */
  async function loadRuleFile() {
    const path = $('rule-file').value;
    if (staged[path] !== undefined) {
      $('rule-text').value = staged[path];
      return;
    }
    const r = await api('/api/rules/files/' + path);
    if (r.status === 200) {
      originals[path] = r.body;
      $('rule-text').value = r.body;
    }
  }

  async function preview(e) {
    e.preventDefault();
    const out = $('preview-result');
    out.replaceChildren(el('p', { text: 'Validating and assessing ' + state.asOf + ' and the 12 month-ends before it…' }));
    staged[$('rule-file').value] = $('rule-text').value;
    // only the files whose text differs from the active version's: a file merely opened is no change
    const files = Object.fromEntries(Object.entries(staged).filter(([path, text]) => originals[path] === undefined || text !== originals[path]));
    if (!Object.keys(files).length) {
      out.replaceChildren(el('p', { class: 'error', text: 'No file differs from the active version: edit a file first, then preview.' }));
      return;
    }
    // at the page's date, so the impact shown is the impact on the assessment the page shows
    const r = await api('/api/rules/preview', { method: 'POST', body: JSON.stringify({ files, focus: state.focus, asOf: state.asOf }),
      headers: { 'Content-Type': 'application/json' } });
    if (r.status !== 200) {
      out.replaceChildren(el('div', { class: 'error' }, keyMessage(r, 'Previewing a rules change', 'POLICY') || problemText(r),
        ...((r.body && r.body.problems) || []).map((p) => el('div', { text: p.file + (p.cell ? ', ' + p.cell : p.line ? ':' + p.line : '') + ': ' + p.message }))));
      return;
    }
    const rows = [];
    for (const s of r.body.steps) {
      for (const [kind, list] of [['appears', s.appeared], ['disappears', s.disappeared], ['changes', s.changed]]) {
        for (const i of list) rows.push(el('tr', {}, el('td', { text: s.asOf }), el('td', { text: kind }), el('td', { text: i.key }),
          el('td', { text: i.before || '' }), el('td', { text: i.after || '' })));
      }
    }
    const failed = r.body.tests.scenarios.filter((x) => !x.passed);
    out.replaceChildren(el('p', { class: failed.length ? 'error' : 'ok', text: 'Candidate ' + r.body.candidateVersion + ' (files changed: '
      + Object.keys(files).join(', ') + ') against active ' + r.body.activeVersion + ': rule tests ' + r.body.tests.passed + ' passed, '
      + r.body.tests.failed + ' failed' + (failed.length ? ', so activating it would be refused' : '') + '; ' + rows.length
      + ' differences over 13 dates to ' + (r.body.asOf || state.asOf) + '. Nothing was activated.' }),
    ...failed.map((x) => el('div', { class: 'error', text: x.file + ': ' + x.name + ': ' + x.differences.join('; ') })),
    (r.body.warnings || []).length ? el('div', {}, el('h4', { text: 'Alerts activating it would raise' }),
      el('ul', {}, r.body.warnings.map((w) => el('li', {}, el('span', { class: 'level ' + w.severity, text: w.severity }), ' ', w.label + ': ', ...prose(w.message))))) : '',
    rows.length ? el('div', { class: 'scroll' }, el('table', {}, el('caption', { class: 'visually-hidden', text: 'Impact of the change' }),
      el('thead', {}, el('tr', {}, ['Date', 'What', 'Conclusion', 'Active rules', 'Candidate'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, rows))) : '',
    failed.length || r.body.candidateVersion === r.body.activeVersion ? '' : activationForm(files, r.body.activeVersion, r.body.candidateVersion));
  }

  /**
   * After a preview whose rule tests pass: activate exactly the previewed files, with a note, and only if the
   * active version is still the one the preview compared with (If-Match), so no one else's change is undone.
   */
  function activationForm(files, against, candidate) {
    // checked here, with a sentence, rather than by the browser's own bubble
    const note = el('textarea', { id: 'activate-note', rows: '2', 'aria-required': 'true', maxlength: '500' });
    const button = el('button', { type: 'submit' }, 'Activate version ' + candidate);
    const said = el('div', { id: 'activate-result', 'aria-live': 'polite' });
    const form = el('form', { id: 'activate', class: 'upload' },
      el('label', { class: 'wide' }, 'Why this change (kept with the version; needed)', note), button, said);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const why = note.value.trim().replace(/\s+/g, ' ');
      if (!why) {
        said.replaceChildren(el('p', { class: 'error', text: 'Say why in the note first: it is kept with the version.' }));
        note.focus();
        return;
      }
      // an HTTP header carries Latin-1 only
      if (/[^\x20-\x7e\xa0-\xff]/.test(why)) {
        said.replaceChildren(el('p', { class: 'error', text: 'The note can hold only Latin letters, digits and punctuation; please rewrite the characters outside them.' }));
        note.focus();
        return;
      }
      button.disabled = true;
      const r = await api('/api/rules/changes', { method: 'POST', body: JSON.stringify({ files }),
        headers: { 'Content-Type': 'application/json', 'X-Change-Note': why, 'If-Match': '"' + against + '"' } });
      button.disabled = false;
      if (r.status === 200) {
        for (const k of Object.keys(staged)) delete staged[k];
        for (const k of Object.keys(originals)) delete originals[k];
        said.replaceChildren(el('p', { class: 'ok', text: 'Activated version ' + r.body.version + '. The assessments now use it; '
          + 'the versions table below can roll it back.' }));
        button.disabled = true;
        state.etag = null;
        loadRules();
        loadAssessment(true);
      } else if (r.status === 412) {
        said.replaceChildren(el('p', { class: 'error', text: 'Another version was activated since this preview (by someone else, or on another replica). '
          + 'Nothing was changed: preview again to see the change against it.' }));
      } else {
        said.replaceChildren(el('div', { class: 'error' }, keyMessage(r, 'Activating a rules change', 'POLICY') || problemText(r),
          ...((r.body && r.body.problems) || []).map((p) => el('div', { text: p.file + (p.cell ? ', ' + p.cell : p.line ? ':' + p.line : '') + ': ' + p.message }))));
      }
    });
    return form;
  }

  // ---- who am I, focus list ----------------------------------------------------------------------
  async function loadMe() {
    const r = await api('/api/me');
    state.role = r.status === 200 ? r.body.role : null;
    $('who').textContent = r.status === 200 && r.body.name ? 'Signed in as ' + r.body.name + ' (' + r.body.role + ')' : 'Not signed in';
    $('tab-rules').hidden = state.role !== 'POLICY';
    if (state.tab === 'rules' && state.role !== 'POLICY') selectTab('overview');
  }

  async function loadStates() {
    const [states, types] = await Promise.all([api('/api/reference/states'), api('/api/reference/types')]);
    if (states.status === 200) {
      for (const s of states.body) names.set(s.code, s.name);
      $('focus').replaceChildren(...states.body.map((s) => el('option', { value: s.code, text: s.name + ' (' + s.code + ')' })));
      if (state.focus) $('focus').value = state.focus;
    }
    if (types.status === 200) {
      document.querySelector('#filters select[name=type]').append(...types.body.map((t) => el('option', { value: t, text: t })));
    }
  }

  /** The level legend, with the bands of the active ruleset; shown only when the service gives them. */
  async function loadLevels() {
    let r;
    try {
      r = await api('/api/reference/levels');
    } catch (e) {
      return;
    }
    if (r.status !== 200 || !r.body || !Array.isArray(r.body.risk)) return;
    const band = (b) => b.from == null ? (b.note || 'not set by a score')
      : fmt(b.from) + ' to ' + (b.to == null || b.to >= 100 ? '100' : 'under ' + fmt(b.to));
    const table = (caption, rows) => el('table', { class: 'bands' }, el('caption', { text: caption }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Level' }), el('th', { scope: 'col', text: 'Score' }))),
      el('tbody', {}, rows.map((b) => el('tr', {}, el('td', {}, level(b.level)), el('td', { text: band(b) })))));
    $('legend-body').replaceChildren(
      el('p', { text: 'A score runs from 0 (no pressure) to 100; its level names the band it falls in. '
        + 'When there is too little data about a state, it has no score and no level: the page says so.' }),
      table('Risk: the autonomy risk and each threat', r.body.risk),
      Array.isArray(r.body.alignment) ? table('Alignment between two states', r.body.alignment) : '');
    $('legend').hidden = false;
  }

  // ---- start -----------------------------------------------------------------------------------------
  async function start() {
    readUrl();
    $('asOf').value = state.asOf;
    fillIndicatorFilters();
    $('key').value = sessionStorage.getItem('mandala.key') || '';
    wireTabs();
    wireNetwork();
    $('controls').addEventListener('submit', (e) => {
      e.preventDefault();
      const key = $('key').value.trim();
      if (key) sessionStorage.setItem('mandala.key', key); else sessionStorage.removeItem('mandala.key');
      state.focus = $('focus').value || state.focus;
      state.asOf = isDay($('asOf').value) ? $('asOf').value : state.asOf;
      $('asOf').value = state.asOf;
      state.etag = null;
      state.explain = null;
      $('explanation').hidden = true;
      document.body.classList.remove('panel-open');
      writeUrl();
      loadMe();
      state.alertsEtag = null;
      loadAssessment(true).then(() => loadAlerts(true));
    });
    $('focus').addEventListener('change', () => $('controls').requestSubmit());
    $('kind-filter').addEventListener('change', () => { state.kind = $('kind-filter').value; writeUrl(); renderThreats(); });
    $('level-filter').addEventListener('change', () => { state.minLevel = $('level-filter').value; writeUrl(); renderThreats(); });
    // typing a date changes the field at each complete date: one request once the typing pauses, not one a keystroke
    let dateTimer = null;
    $('asOf').addEventListener('change', () => {
      clearTimeout(dateTimer);
      dateTimer = setTimeout(() => {
        const v = $('asOf').value;
        if (!v) return;
        // a six-digit year the field lets through is no date the page can show: say so, and keep the page as it is
        if (!isDay(v)) {
          showError('"' + v + '" is not a date the page can show: type the day, the month and a four-digit year. The page still shows ' + state.asOf + '.');
          return;
        }
        if (v !== state.asOf) $('controls').requestSubmit();
      }, DATE_PAUSE_MS);
    });
    document.addEventListener('click', (e) => {
      const b = e.target.closest('[data-explain]');
      if (b) explain(b.getAttribute('data-explain'), b);
    });
    $('close-explanation').addEventListener('click', closeExplanation);
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !$('explanation').hidden) { e.preventDefault(); closeExplanation(); }
    });
    $('explanation').addEventListener('click', (e) => {
      const g = e.target.closest('a.glossary-link');
      if (!g) return;
      e.preventDefault();
      $('glossary').open = true;
      $('glossary').scrollIntoView({ block: 'nearest' });
      $('glossary').querySelector('summary').focus();
    });
    $('filters').addEventListener('submit', (e) => {
      e.preventDefault();
      const f = $('filters').elements;
      state.indicators = {};
      for (const k of INDICATOR_FILTERS) {
        const v = String(f[k].value || '').trim();
        if (v) state.indicators[k] = k === 'actor' || k === 'target' ? v.toUpperCase() : v;
      }
      state.page = 0;
      writeUrl();
      loadIndicators();
    });
    $('prev').addEventListener('click', () => { state.page = Math.max(0, state.page - 1); writeUrl(); loadIndicators(); });
    $('next').addEventListener('click', () => { state.page++; writeUrl(); loadIndicators(); });
    $('indicators-csv').addEventListener('click', exportIndicators);
    window.addEventListener('popstate', restoreView);
    // a printed view is a report: say what it shows, and open every group and detail so nothing is folded away
    let folded = [];
    window.addEventListener('beforeprint', () => {
      const a = state.assessment;
      $('print-head').textContent = a ? 'Mandala: ' + stateName(a.focus) + ' as of ' + a.asOf + '; data version ' + a.dataVersion
        + ', rules ' + a.rulesetVersion + '; printed ' + new Date().toLocaleString() + '.' : '';
      folded = [...document.querySelectorAll('main details:not([open])')];
      folded.forEach((d) => { d.open = true; });
    });
    window.addEventListener('afterprint', () => { folded.forEach((d) => { d.open = false; }); folded = []; });
    $('upload').addEventListener('submit', upload);
    $('upload-file').addEventListener('change', suggestFormat);
    $('upload-text').addEventListener('change', suggestFormat);
    $('upload').elements.format.addEventListener('change', suggestFormat);
    $('alerts').addEventListener('click', (e) => {
      const b = e.target.closest('[data-ack]');
      if (b && !b.disabled) acknowledge(b);
    });
    $('whatif-text').value = WHATIF_HEADER + '\n';
    $('whatif-add').addEventListener('click', addTemplate);
    $('whatif-clear').addEventListener('click', () => { $('whatif-text').value = WHATIF_HEADER + '\n'; $('whatif-result').replaceChildren(); });
    $('whatif').addEventListener('submit', whatIf);
    $('preview').addEventListener('submit', preview);
    $('rule-file').addEventListener('focus', () => { staged[$('rule-file').value] = $('rule-text').value; });
    $('rule-text').addEventListener('input', () => { staged[$('rule-file').value] = $('rule-text').value; });
    $('rule-file').addEventListener('change', loadRuleFile);
    wireChanges();
    window.addEventListener('resize', () => { if (trendChart) trendChart.resize(); if (networkChart) networkChart.resize(); });

    await Promise.all([loadStates(), loadMe()]);
    // a link naming no state: say so and show the default focus rather than a blank page
    if (state.focus && names.size && !names.has(state.focus)) {
      state.urlProblem = (state.urlProblem ? state.urlProblem + ' ' : '') + 'The link\'s focus "' + state.focus
        + '" is not a state\'s code; the page shows the default focus instead.';
      state.focus = null;
    }
    loadLevels();
    await loadAssessment(true);
    if (state.urlProblem) showError(state.urlProblem);
    await loadAlerts(true);
    selectTab(state.tab);
    if (state.explain) explain(state.explain);
    started = true;
    schedulePoll();
  }

  /** The next poll: every POLL_MS, longer after failures (up to 8 times), none while the tab is hidden. */
  function nextDelay() {
    return POLL_MS * Math.min(8, 2 ** failures);
  }

  function schedulePoll() {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(async () => {
      if (!document.hidden) {
        await loadAssessment(false);
        await loadAlerts(false);
      }
      schedulePoll();
    }, nextDelay());
  }

  // This script runs before ECharts (index.html orders them so): the first answers are on their way while the
  // browser still parses the charting library, and the page renders as soon as both are in.
  readUrl();
  for (const path of ['/api/reference/states', '/api/reference/types', '/api/me', assessmentPath()]) prefetch(path);
  // the trend and the threats' moves need the focus's code: a link usually names it
  if (state.focus) {
    prefetch(historyPath());
    prefetch(trendsPath(state.focus, state.asOf));
  }
  document.addEventListener('DOMContentLoaded', start);
})();
