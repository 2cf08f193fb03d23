// Metrics: response time, throughput by status class, router errors by H-code, memory per dyno
// against its quota and dyno load, over the last hour or 24 hours, with deploys and restarts
// marked. Reads GET /apps/{app}/metrics (the public API's metrics endpoint).
import {ApiError, app, get} from './api.js';
import {errorBox, fill, h} from './dom.js';
import {lineChart} from './chart.js';

const RANGES = {'1h': 3600, '24h': 86400};
const REFRESH_MS = 10000;

export function render(main, name) {
  const base = app(name);
  let range = '1h';
  const charts = h('div.charts#metrics-charts', h('p.muted', 'Loading…'));
  const buttons = Object.keys(RANGES).map((r) => h('button', {type: 'button', id: `range-${r}`,
    class: r === range ? 'current' : null, on: {click: () => {
      range = r;
      buttons.forEach((b) => b.classList.toggle('current', b.id === `range-${r}`));
      load();
    }}}, `Last ${r === '1h' ? 'hour' : '24 hours'}`));
  fill(main, h('h1', `${name} · Metrics`), h('div.toolbar', buttons), charts);

  let timer;
  let stopped = false;
  const load = async () => {
    clearTimeout(timer);
    const until = new Date();
    const since = new Date(until.getTime() - RANGES[range] * 1000);
    try {
      const m = await get(`${base}/metrics?since=${since.toISOString()}&until=${until.toISOString()}`);
      fill(charts, draw(m));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        // no metrics endpoint on this platform yet, or no samples for the app: nothing to plot
        fill(charts, h('p.empty#metrics-empty', 'No metrics yet.'));
      } else {
        fill(charts, errorBox(e));
      }
    }
    if (!stopped) timer = setTimeout(load, REFRESH_MS);
  };
  load();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function draw(m) {
  const t = m.timestamps || [];
  if (t.length === 0) return h('p.empty#metrics-empty', 'No metrics yet.');
  const events = m.events || [];
  const router = m.router || {};
  const named = (obj) => Object.entries(obj || {}).map(([name, values]) => ({name, values}));
  const dynos = Object.entries(m.dynos || {}).sort(([a], [b]) => a.localeCompare(b, 'en', {numeric: true}));
  const quota = dynos.length ? Math.max(...dynos.map(([, d]) => d.memory_quota_mb || 0)) : 0;
  return [
    lineChart('Response time', t, named(router.latency_ms), {unit: 'ms', events, id: 'chart-latency'}),
    lineChart('Throughput (requests per bucket)', t, named(router.requests), {events, id: 'chart-throughput'}),
    lineChart('Router errors', t, named(router.errors), {events, id: 'chart-errors'}),
    lineChart('Memory', t, dynos.map(([n, d]) => ({name: `${n} (${d.size})`, values: d.memory_mb})),
      {unit: 'MB', events, id: 'chart-memory', limit: quota ? {value: quota, name: `quota ${quota} MB`} : null}),
    lineChart('Dyno load', t, dynos.map(([n, d]) => ({name: n, values: d.cpu_load})), {events, id: 'chart-load'}),
    h('p.muted', `${m.step}-second buckets, ${new Date(m.since).toLocaleString()} to ${new Date(m.until).toLocaleString()}.`,
      ' Marks: ', h('span.event-key.deploy', 'deploy'), ' ', h('span.event-key.restart', 'restart'), ' ',
      h('span.event-key.scale', 'scale')),
  ];
}
