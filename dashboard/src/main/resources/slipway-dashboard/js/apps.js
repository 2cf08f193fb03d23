// Apps: every app the key may see, with its state, dyno count, last release and URL.
import {app, get, newest} from './api.js';
import {ago, errorBox, fill, h} from './dom.js';

export function render(main) {
  const list = h('div.card', h('p.muted', 'Loading apps…'));
  fill(main, h('h1', 'Apps'), list);
  load(list);
}

async function load(list) {
  let apps;
  try {
    apps = await get('/apps');
  } catch (e) {
    fill(list, errorBox(e));
    return;
  }
  if (apps.length === 0) {
    fill(list, h('p.muted', 'No apps yet. Create one with ', h('code', 'heroku create'), '.'));
    return;
  }
  apps.sort((a, b) => a.name.localeCompare(b.name));
  const rows = apps.map((a) => row(a));
  fill(list, h('table#apps',
    h('thead', h('tr', h('th', 'App'), h('th', 'State'), h('th', 'Dynos'), h('th', 'Last release'), h('th', 'URL'))),
    h('tbody', rows.map((r) => r.tr))));
  await Promise.all(rows.map((r) => r.details()));
}

function row(a) {
  const state = h('td.state', '…');
  const dynos = h('td.dynos', '…');
  const release = h('td', '…');
  const tr = h('tr', {'data-app': a.name},
    h('td', h('a.app-link', {href: `#/apps/${encodeURIComponent(a.name)}/overview`}, a.name)),
    state, dynos, release,
    h('td', h('a', {href: a.web_url, target: '_blank', rel: 'noopener'}, a.web_url)));
  const details = async () => {
    try {
      const [running, releases] = await Promise.all([get(`${app(a.name)}/dynos`),
        newest(`${app(a.name)}/releases`, 'version', 1)]);
      fill(state, appState(a, running));
      fill(dynos, String(running.length));
      const last = releases[0];
      fill(release, last ? `v${last.version} · ${last.description} · ${ago(last.created_at)}` : 'none');
    } catch (e) {
      fill(state, errorBox(e));
    }
  };
  return {tr, details};
}

/** One word for the app, as Heroku's list shows it. */
function appState(a, running) {
  if (a.maintenance) return h('span.badge.warn', 'maintenance');
  if (running.length === 0) return h('span.badge', 'no dynos');
  if (running.some((d) => d.state === 'crashed')) return h('span.badge.bad', 'crashed');
  if (running.every((d) => d.state === 'up')) return h('span.badge.good', 'running');
  return h('span.badge', running.map((d) => d.state).join(', '));
}
