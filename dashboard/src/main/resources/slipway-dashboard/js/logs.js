// Logs: a live tail of the app's log, filtered by process and source, through a log session.
import {api, app, get, streamLines, viaDashboard} from './api.js';
import {errorBox, fill, h} from './dom.js';

const KEPT_ON_PAGE = 1000;

export function render(main, name) {
  const base = app(name);
  const dyno = h('select#log-process', {'aria-label': 'process'}, h('option', {value: ''}, 'All processes'));
  const source = h('select#log-source', {'aria-label': 'source'}, h('option', {value: ''}, 'All sources'),
    h('option', {value: 'app'}, 'app'), h('option', {value: 'heroku'}, 'heroku (platform)'));
  const state = h('span.muted#log-state');
  const out = h('pre#log-tail');
  fill(main, h('h1', `${name} · Logs`), h('div.toolbar', dyno, ' ', source, ' ', state), out);
  get(`${base}/formation`).then((types) => types.forEach((t) => dyno.append(h('option', {value: t.type}, t.type))))
    .catch(() => {});
  get(`${base}/dynos`).then((list) => list.forEach((d) => dyno.append(h('option', {value: d.name}, d.name))))
    .catch(() => {});

  let controller = null;
  const tail = async () => {
    if (controller) controller.abort();
    const mine = new AbortController();
    controller = mine;
    out.replaceChildren();
    state.textContent = 'connecting…';
    try {
      const body = {tail: true, lines: 100};
      if (dyno.value) body.dyno = dyno.value;
      if (source.value) body.source = source.value;
      const session = await api('POST', `${base}/log-sessions`, body);
      if (mine.signal.aborted) return;
      state.textContent = 'live';
      await streamLines(viaDashboard(session.logplex_url), (line) => {
        // server-sent events: one data: line per log line; comments keep the stream alive
        if (!line.startsWith('data:')) return;
        const atBottom = out.scrollTop + out.clientHeight >= out.scrollHeight - 4;
        out.append(h('div.log-line', line.slice(line.startsWith('data: ') ? 6 : 5)));
        while (out.childNodes.length > KEPT_ON_PAGE) out.firstChild.remove();
        if (atBottom) out.scrollTop = out.scrollHeight;
      }, mine.signal, false);
      state.textContent = 'stream ended';
    } catch (e) {
      if (e.name !== 'AbortError') fill(state, errorBox(e));
    }
  };
  dyno.addEventListener('change', tail);
  source.addEventListener('change', tail);
  tail();
  return () => controller && controller.abort();
}
