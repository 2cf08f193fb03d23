// Activity: builds, whose output streams live while a push runs, and releases, each with rollback.
import {api, app, get, newest, streamLines, viaDashboard} from './api.js';
import {action, ago, errorBox, fill, h} from './dom.js';

const REFRESH_MS = 2000;
const RELEASES_SHOWN = 30;

export function render(main, name) {
  const builds = h('div.card#builds', h('h2', 'Builds'));
  const releases = h('div.card#releases', h('h2', 'Releases'));
  fill(main, h('h1', `${name} · Activity`), builds, releases);
  const base = app(name);
  const streams = new Map(); // build id -> {pre, controller}: outputs open on the page
  let stopped = false;
  let timer;
  const refresh = async () => {
    await Promise.all([showBuilds(builds, base, streams), showReleases(releases, base)]);
    if (!stopped) timer = setTimeout(refresh, REFRESH_MS);
  };
  refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
    streams.forEach((s) => s.controller.abort());
  };
}

async function showBuilds(card, base, streams) {
  let list;
  try {
    list = await get(`${base}/builds`);
  } catch (e) {
    fill(card, h('h2', 'Builds'), errorBox(e));
    return;
  }
  list.sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  // a running build's output opens by itself; the newest finished one opens on request
  for (const b of list) {
    if (b.status === 'pending' && !streams.has(b.id)) open(b, streams);
  }
  fill(card, h('h2', 'Builds'), list.length === 0 ? h('p.muted', 'No builds yet: git push to build.')
    : h('ul.builds', list.slice(0, 20).map((b) => h('li.build', {'data-build': b.id, 'data-status': b.status},
      h('div', h(`span.badge.${b.status === 'succeeded' ? 'good' : b.status === 'failed' ? 'bad' : 'warn'}`, b.status),
        ' ', h('code', (b.source_blob && b.source_blob.version || '').slice(0, 8)), ' ',
        h('span.muted', `${b.user ? b.user.email : ''} · ${ago(b.created_at)}`), ' ',
        streams.has(b.id) ? null : h('button.show-output', {type: 'button', on: {click: () => {
          open(b, streams);
          showBuilds(card, base, streams);
        }}}, 'View build output')),
      streams.has(b.id) ? streams.get(b.id).pre : null))));
}

function open(build, streams) {
  const pre = h('pre.build-output');
  const controller = new AbortController();
  streams.set(build.id, {pre, controller});
  streamLines(viaDashboard(build.output_stream_url), (line) => {
    const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    pre.append(line, '\n');
    if (atBottom) pre.scrollTop = pre.scrollHeight;
  }, controller.signal).catch((e) => {
    if (e.name !== 'AbortError') pre.append(h('span.error', `output stream ended: ${e.message}`), '\n');
  });
}

async function showReleases(card, base) {
  let list;
  try {
    list = await newest(`${base}/releases`, 'version', RELEASES_SHOWN);
  } catch (e) {
    fill(card, h('h2', 'Releases'), errorBox(e));
    return;
  }
  fill(card, h('h2', 'Releases'), list.length === 0 ? h('p.muted', 'No releases yet.')
    : h('table#release-list', h('tbody', list.map((r) => h('tr.release', {'data-version': r.version},
      h('td', h('strong', `v${r.version}`)),
      h('td', r.description, r.current ? h('span.badge.good', ' current ') : null,
        r.status !== 'succeeded' ? h('span.badge.warn', ` ${r.status} `) : null),
      h('td.muted', `${r.user ? r.user.email : ''} · ${ago(r.created_at)}`),
      h('td', r.current || !r.eligible_for_rollback ? null
        : action(`Roll back to v${r.version}`, () => api('POST', `${base}/releases`, {release: r.id}),
          {id: `rollback-v${r.version}`})))))));
}
