// A time-series line chart drawn as SVG: gaps where a value is null, a dashed limit line, and
// deploys and restarts marked on the time axis. Colours come from the stylesheet (series-0 …).
import {h} from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 600;
const H = 200;
const PAD = {left: 52, right: 12, top: 12, bottom: 28};

function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/**
 * @param title   the chart's heading
 * @param times   bucket starts, epoch seconds
 * @param series  [{name, values: [number|null]}]
 * @param options {unit, limit: {value, name}, events: [{at, kind, description}], id}
 */
export function lineChart(title, times, series, options = {}) {
  const values = series.flatMap((x) => x.values).filter((v) => v != null);
  const hasData = values.length > 0;
  const top = niceMax(Math.max(1e-9, ...values, options.limit ? options.limit.value : 0));
  const t0 = times[0];
  const t1 = times.length > 1 ? times[times.length - 1] : t0 + 60;
  const x = (t) => PAD.left + ((t - t0) / Math.max(1, t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v) => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const svg = s('svg', {viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': title});
  for (let i = 0; i <= 4; i++) {
    const v = (top * i) / 4;
    svg.append(s('line', {x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'grid'}),
      s('text', {x: PAD.left - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end'}, format(v, options.unit)));
  }
  for (const t of ticks(t0, t1)) {
    svg.append(s('text', {x: x(t), y: H - 8, class: 'axis', 'text-anchor': 'middle'}, clock(t, t1 - t0)));
  }
  for (const e of options.events || []) {
    const at = Date.parse(e.at) / 1000;
    if (at < t0 || at > t1) continue;
    svg.append(s('line', {x1: x(at), x2: x(at), y1: PAD.top, y2: H - PAD.bottom, class: `event ${e.kind}`},
      s('title', {}, `${e.description} (${new Date(at * 1000).toLocaleTimeString()})`)));
  }
  if (options.limit) {
    svg.append(s('line', {x1: PAD.left, x2: W - PAD.right, y1: y(options.limit.value), y2: y(options.limit.value),
      class: 'limit'}, s('title', {}, options.limit.name)));
  }
  series.forEach((line, i) => {
    const d = path(times, line.values, x, y);
    if (d) svg.append(s('path', {d, class: `series series-${i % 8}`}, s('title', {}, line.name)));
  });
  if (!hasData) {
    svg.append(s('text', {x: W / 2, y: H / 2, class: 'no-data', 'text-anchor': 'middle'}, 'No data in this range'));
  }
  const legend = h('ul.legend', series.map((line, i) => h(`li.series-${i % 8}`, line.name)),
    options.limit ? h('li.limit', options.limit.name) : null);
  return h('figure.chart-card', {id: options.id, 'data-has-data': hasData}, h('figcaption', title), svg, legend);
}

function path(times, values, x, y) {
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v == null) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${x(times[i]).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  });
  // a lone point would draw nothing: a short stroke makes it visible
  return d.replace(/M([\d.]+),([\d.]+)(?=M|$)/g, (m, px, py) => `M${px},${py}h1`);
}

function niceMax(v) {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

function ticks(t0, t1) {
  const span = t1 - t0;
  const step = span <= 3600 ? 600 : span <= 6 * 3600 ? 3600 : 4 * 3600;
  const out = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) out.push(t);
  return out;
}

function clock(t, span) {
  const d = new Date(t * 1000);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return span > 86400 ? `${d.getMonth() + 1}/${d.getDate()} ${hm}` : hm;
}

function format(v, unit) {
  if (v === 0) return '0';
  const n = v >= 100 ? Math.round(v) : v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2);
  return unit ? `${n} ${unit}` : String(n);
}
