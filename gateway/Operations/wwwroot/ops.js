// The ops page: signs in with a bearer token (kept in this tab's sessionStorage), polls /api/ops/summary and renders
// tiles, two bar charts, the overdue items (ids only) and the queue/outbox health of each service. No framework.
'use strict';

const TOKEN_KEY = 'trm-ops-token';
const params = new URLSearchParams(location.search);
const refreshSeconds = Math.max(1, Number(params.get('refresh')) || 5);
let timer = null;

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v; else if (k.startsWith('data-')) node.setAttribute(k, v); else node[k] = v;
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
};

function figuresOf(summary) {
  return summary.services.filter((s) => s.summary).flatMap((s) => s.summary.figures.map((f) => ({ service: s.service, ...f })));
}

function sum(figures, metric, where = {}) {
  return figures.filter((f) => f.metric === metric && Object.entries(where).every(([k, v]) => (k === 'service' ? f.service : f.labels[k]) === v))
    .reduce((total, f) => total + f.value, 0);
}

function groupSum(figures, metric, label, where = {}) {
  const groups = new Map();
  for (const f of figures.filter((x) => x.metric === metric && Object.entries(where).every(([k, v]) => (k === 'service' ? x.service : x.labels[k]) === v))) {
    const key = f.labels[label] ?? '—';
    groups.set(key, (groups.get(key) ?? 0) + f.value);
  }
  return [...groups.entries()].sort((a, b) => b[1] - a[1]);
}

function money(figures, state) {
  const byCurrency = groupSum(figures, 'trm.compensation_amount', 'currency', { state });
  return byCurrency.length === 0 ? '0' : byCurrency.map(([c, v]) => `${c} ${v.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`).join(' · ');
}

function tiles(figures) {
  const ids = (metric, where) => sum(figures, metric, where);
  return [
    ['identification-cases', 'Identification cases', ids('trm.cases', { service: 'identification' })],
    ['presumed-victims', 'Presumed victims', ids('trm.cases', { service: 'identification', stage: 'presumed-victim' })],
    ['identified', 'Formally identified', ids('trm.cases', { service: 'identification', stage: 'identified' })],
    ['reflection-running', 'Reflection periods running', ids('trm.reflection_periods', { state: 'running' })],
    ['reflection-ending', 'Reflection periods ending within 7 days', ids('trm.reflection_periods', { state: 'ending-within-7-days' }), true],
    ['reflection-expired', 'Reflection periods expired', ids('trm.reflection_periods', { state: 'expired' })],
    ['referrals-awaiting', 'Referrals awaiting an answer', ids('trm.referrals', { state: 'awaiting' })],
    ['referrals-overdue', 'Referrals overdue', ids('trm.referrals', { state: 'overdue' }), true],
    ['cross-border-awaiting', 'Cross-border requests awaiting', ids('trm.cross_border_requests', { state: 'awaiting' })],
    ['cross-border-overdue', 'Cross-border requests overdue', ids('trm.cross_border_requests', { state: 'overdue' }), true],
    ['returns-preparing', 'Returns in preparation', ids('trm.cases', { service: 'return', stage: 'preparing' })],
    ['claims', 'Compensation claims', ids('trm.claims')],
    ['compensation-awarded', 'Compensation awarded', money(figures, 'awarded')],
    ['compensation-paid', 'Compensation paid', money(figures, 'paid')],
    ['compensation-outstanding', 'Compensation outstanding', money(figures, 'outstanding')],
    ['judicial-requests', 'Judicial requests', ids('trm.judicial_requests')],
    ['overdue-total', 'Items overdue', ids('trm.overdue'), true],
  ];
}

function renderTiles(figures) {
  $('tiles').replaceChildren(...tiles(figures).map(([id, label, value, alertWhenPositive]) =>
    el('li', { class: `tile${alertWhenPositive && value > 0 ? ' alert' : ''}`, 'data-tile': id },
      el('span', { class: 'label', id: `tile-${id}-label` }, label),
      el('span', { class: 'value', 'data-value': String(value) }, typeof value === 'number' ? value.toLocaleString('en') : value))));
}

function renderBars(container, rows) {
  const max = Math.max(1, ...rows.map(([, v]) => v));
  container.replaceChildren(...(rows.length === 0 ? [el('p', {}, 'Nothing to show.')] : rows.map(([name, value]) =>
    el('div', { class: 'bar', 'data-bar': name },
      el('span', {}, name),
      el('span', { class: 'fill', role: 'presentation' }),
      el('span', { class: 'n' }, value)))));
  // width through the CSSOM (allowed by the page's Content-Security-Policy, unlike inline style attributes)
  [...container.querySelectorAll('.bar')].forEach((bar, i) => { bar.querySelector('.fill').style.width = `${(100 * rows[i][1]) / max}%`; });
}

function renderOverdue(summary) {
  const items = summary.services.filter((s) => s.summary).flatMap((s) => s.summary.overdue.map((o) => ({ service: s.service, ...o })))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const body = $('overdue').tBodies[0];
  if (items.length === 0) { body.replaceChildren(el('tr', {}, el('td', { colSpan: 6 }, 'Nothing overdue.'))); return; }
  body.replaceChildren(...items.map((o) => el('tr', { 'data-overdue': o.kind },
    el('td', {}, o.kind),
    el('td', {}, o.service),
    el('td', {}, o.caseId ? el('a', { href: `/api/${o.service}/cases/${o.caseId}`, class: 'id', 'data-case': o.caseId, 'data-service': o.service }, o.caseId) : '—'),
    el('td', { class: 'id' }, o.itemId ?? '—'),
    el('td', {}, new Date(o.dueAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'),
    el('td', {}, o.counterpart ?? ''))));
}

// "2 of 3 healthy", each instance and its health in the title (the figures are per service: one instance answers them).
function instancesCell(instances) {
  const healthy = instances.filter((i) => i.health === 'healthy').length;
  return el('td', { class: healthy < instances.length ? 'bad' : '', 'data-instances': String(instances.length), title: instances.map((i) => `${i.instance}: ${i.health}`).join(', ') },
    `${healthy} of ${instances.length} healthy`);
}

function renderHealth(summary) {
  $('health').tBodies[0].replaceChildren(...summary.services.map((s) => {
    const snap = s.summary;
    const errors = snap ? snap.errorQueues.reduce((t, q) => t + q.messages, 0) : null;
    const full = snap ? snap.errorQueues.filter((q) => q.messages > 0).map((q) => `${q.queue}: ${q.messages}`).join(', ') : '';
    return el('tr', { 'data-service': s.service },
      el('th', { scope: 'row' }, s.service),
      el('td', { class: s.status === 'ok' ? '' : 'bad' }, s.status === 'ok' ? 'ok' : `no answer (${s.status})`),
      instancesCell(s.instances ?? []),
      el('td', {}, snap && snap.at && !snap.at.startsWith('0001') ? new Date(snap.at).toISOString().slice(11, 19) + ' UTC' : '—'),
      el('td', { class: `num${snap?.outbox?.lagEvents > 0 ? ' bad' : ''}` }, snap?.outbox ? snap.outbox.lagEvents : '—'),
      el('td', { class: 'num' }, snap?.outbox ? snap.outbox.lagSeconds.toFixed(1) : '—'),
      el('td', { class: `num${errors > 0 ? ' bad' : ''}`, 'data-errors': String(errors ?? ''), title: full }, errors ?? '—'));
  }));
}

async function showCase(service, caseId) {
  const mine = session;
  const response = await fetch(`/api/${service}/cases/${caseId}`, { headers: { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}` } });
  const body = response.ok ? JSON.stringify(await response.json(), null, 2)
    : response.status === 403 ? 'Your role sees ids only: ask the focal point for the case.' : `The ${service} service answered ${response.status}.`;
  if (mine !== session) return;
  $('case-id').textContent = caseId;
  $('case-body').textContent = body;
  $('case-details').hidden = false;
}

// Each sign-in and sign-out starts a new session of the page: an answer that arrives after its session ended (a refresh
// in flight while the user signed out or in as someone else) is dropped, so it can neither show the dashboard again
// nor sign the next user out.
let session = 0;

async function refresh() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return;
  const mine = session;
  try {
    const response = await fetch('/api/ops/summary', { headers: { Authorization: `Bearer ${token}` } });
    if (mine !== session) return;
    if (response.status === 401 || response.status === 403) {
      signOut(response.status === 401 ? 'The token was not accepted (expired or not valid here).' : 'This role may not see the operations figures (Ops or FocalPoint).');
      return;
    }
    if (!response.ok) { $('status').textContent = `The gateway answered ${response.status}; retrying.`; return; }
    const summary = await response.json();
    if (mine !== session) return;
    const figures = figuresOf(summary);
    renderTiles(figures);
    renderBars($('chart-stages'), groupSum(figures, 'trm.cases', 'stage', { service: 'identification' }));
    renderBars($('chart-gates'), groupSum(figures, 'trm.returns_blocked', 'gate'));
    renderOverdue(summary);
    renderHealth(summary);
    $('signin').hidden = true;
    $('dashboard').hidden = false;
    $('status').textContent = `Updated ${new Date(summary.at).toISOString().slice(11, 19)} UTC; refreshed every ${refreshSeconds} s.`;
    document.body.dataset.updated = summary.at;
  } catch (e) {
    if (mine !== session) return;
    $('status').textContent = 'The gateway does not answer; retrying.';
  }
}

function start() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return;
  session++;
  try {
    const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    $('who').textContent = `Signed in as ${claims.role ?? '?'} (${claims.jurisdiction ?? '?'}, ${claims.organisation ?? '?'})`;
  } catch { $('who').textContent = ''; }
  refresh();
  clearInterval(timer);
  timer = setInterval(refresh, refreshSeconds * 1000);
}

function signOut(message) {
  session++;
  sessionStorage.removeItem(TOKEN_KEY);
  clearInterval(timer);
  // (nothing of one user's session stays in the page for the next)
  $('case-details').hidden = true;
  $('case-id').textContent = '';
  $('case-body').textContent = '';
  $('dashboard').hidden = true;
  $('signin').hidden = false;
  $('status').textContent = message ?? 'Signed out.';
}

document.addEventListener('DOMContentLoaded', () => {
  $('signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim().replace(/^Bearer\s+/i, ''));
    $('token').value = '';
    start();
  });
  $('signout').addEventListener('click', () => signOut());
  $('overdue').addEventListener('click', (event) => {
    const link = event.target.closest('a[data-case]');
    if (!link) return;
    event.preventDefault();
    showCase(link.dataset.service, link.dataset.case);
  });
  start();
});
