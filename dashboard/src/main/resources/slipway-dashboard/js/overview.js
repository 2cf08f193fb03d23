// Overview: the formation with scaling controls, the dynos with restart, latest activity, add-ons, the URL.
import {api, app, get, newest} from './api.js';
import {action, ago, errorBox, fill, h} from './dom.js';

const SIZES = ['eco', 'basic', 'standard-1X', 'standard-2X', 'performance-M', 'performance-L'];
const REFRESH_MS = 2000;

export function render(main, name) {
  const url = h('p.app-url');
  const formation = h('div.card#formation', h('h2', 'Formation'), h('p.muted', 'Loading…'));
  const dynos = h('div.card#dynos', h('h2', 'Dynos'));
  const activity = h('div.card#latest-activity', h('h2', 'Latest activity'));
  const addons = h('div.card#addons', h('h2', 'Add-ons'));
  fill(main, h('h1', name), url, h('div.grid', formation, dynos, activity, addons));
  const base = app(name);

  get(base).then((a) => fill(url, 'Open app: ', h('a#web-url', {href: a.web_url, target: '_blank', rel: 'noopener'},
    a.web_url), a.maintenance ? h('span.badge.warn', ' maintenance mode ') : null))
    .catch((e) => fill(url, errorBox(e)));
  showFormation(formation, base);
  get(`${base}/addons`).then((list) => fill(addons, h('h2', 'Add-ons'), list.length === 0
    ? h('p.muted', 'No add-ons.')
    : h('ul', list.map((a) => h('li', h('strong', a.name), ' ', a.plan && a.plan.name, ' ', a.state)))))
    .catch((e) => fill(addons, h('h2', 'Add-ons'), errorBox(e)));

  // dynos and activity change on their own (a dyno coming up, a push): polled while the page shows
  let stopped = false;
  const refresh = async () => {
    await Promise.all([showDynos(dynos, base), showActivity(activity, base)]);
    if (!stopped) timer = setTimeout(refresh, REFRESH_MS);
  };
  let timer = setTimeout(refresh, 0);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

async function showFormation(card, base) {
  let types;
  try {
    types = await get(`${base}/formation`);
  } catch (e) {
    fill(card, h('h2', 'Formation'), errorBox(e));
    return;
  }
  if (types.length === 0) {
    fill(card, h('h2', 'Formation'), h('p.muted', 'No process types yet: push code to create them.'));
    return;
  }
  fill(card, h('h2', 'Formation'), h('table', h('thead', h('tr', h('th', 'Process'), h('th', 'Command'),
    h('th', 'Dynos'), h('th', 'Size'), h('th', ''))),
  h('tbody', types.map((f) => formationRow(f, base, () => showFormation(card, base))))));
}

function formationRow(f, base, reload) {
  const quantity = h('input.quantity', {type: 'number', min: 0, max: 100, value: f.quantity,
    id: `quantity-${f.type}`, 'aria-label': `${f.type} dynos`});
  const size = h('select', {id: `size-${f.type}`, 'aria-label': `${f.type} size`},
    SIZES.map((s) => h('option', {value: s, selected: s.toLowerCase() === String(f.size).toLowerCase()}, s)));
  return h('tr', h('td', h('strong', f.type)), h('td', h('code', f.command)), h('td', quantity), h('td', size),
    h('td', action('Save', async () => {
      await api('PATCH', `${base}/formation`, {updates: [{type: f.type, quantity: Number(quantity.value),
        size: size.value}]});
      reload();
    }, {id: `scale-${f.type}`})));
}

async function showDynos(card, base) {
  try {
    const list = await get(`${base}/dynos`);
    list.sort((a, b) => a.name.localeCompare(b.name, 'en', {numeric: true}));
    fill(card, h('h2', 'Dynos'), list.length === 0 ? h('p.muted', 'No dynos running.')
      : h('table', h('tbody', list.map((d) => h('tr.dyno', {'data-dyno': d.name, 'data-state': d.state},
        h('td', h('strong', d.name)), h('td', h(`span.badge.${stateClass(d.state)}`, d.state)),
        h('td', d.size), h('td.muted', `v${d.release && d.release.version} · ${ago(d.updated_at)}`),
        h('td', action('Restart', () => api('DELETE', `${base}/dynos/${encodeURIComponent(d.name)}`),
          {id: `restart-${d.name}`})))))));
  } catch (e) {
    fill(card, h('h2', 'Dynos'), errorBox(e));
  }
}

function stateClass(state) {
  return state === 'up' ? 'good' : state === 'crashed' ? 'bad' : 'warn';
}

async function showActivity(card, base) {
  try {
    const [releases, builds] = await Promise.all([newest(`${base}/releases`, 'version', 5), get(`${base}/builds`)]);
    const items = [
      ...releases.map((r) => ({at: r.created_at, text: `Released v${r.version}: ${r.description}`, by: r.user})),
      ...builds.map((b) => ({at: b.created_at, text: `Build ${b.status}`, by: b.user})),
    ].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, 6);
    fill(card, h('h2', 'Latest activity'), items.length === 0 ? h('p.muted', 'Nothing yet.')
      : h('ul.activity', items.map((i) => h('li', i.text, ' ', h('span.muted', `${i.by ? i.by.email : ''} · ${ago(i.at)}`)))),
    h('a', {href: location.hash.replace(/\/[^/]*$/, '/activity')}, 'All activity →'));
  } catch (e) {
    fill(card, h('h2', 'Latest activity'), errorBox(e));
  }
}
