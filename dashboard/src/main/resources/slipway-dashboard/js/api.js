// The dashboard's only door to the platform: the public Platform API, same origin under /api/.
// The API key lives in sessionStorage (gone with the tab) and goes out as a bearer token.

const KEY = 'slipway.api-key';

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

export function signIn(key) {
  sessionStorage.setItem(KEY, key);
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

export class ApiError extends Error {
  constructor(status, id, message) {
    super(message || `HTTP ${status}`);
    this.status = status;
    this.id = id;
  }
}

function headers(extra) {
  return {
    Accept: 'application/vnd.heroku+json; version=3',
    Authorization: `Bearer ${apiKey()}`,
    ...extra,
  };
}

/** Calls the API; returns the parsed JSON body, or throws an ApiError with Heroku's id and message. */
export async function api(method, path, body, extraHeaders) {
  const init = {method, headers: headers(extraHeaders), cache: 'no-store'};
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(`/api${path}`, init);
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // a non-JSON answer (an edge page): reported below with the status
  }
  if (!response.ok) {
    throw new ApiError(response.status, json && json.id, json && json.message);
  }
  return json;
}

export const get = (path, extra) => api('GET', path, undefined, extra);

/** Heroku's Range header: the newest `max` of a list ordered by `field`. */
export const newest = (path, field, max) => get(path, {Range: `${field} ..; order=desc, max=${max}`});

export const app = (name) => `/apps/${encodeURIComponent(name)}`;

/**
 * The path under /api/ for a URL the API handed out for its own host (a build's
 * output_stream_url, a log session's logplex_url): same path, on the dashboard's origin.
 */
export function viaDashboard(url) {
  const u = new URL(url);
  return `/api${u.pathname}${u.search}`;
}

/**
 * Reads a streamed text response line by line as it arrives (fetch + ReadableStream), until it
 * ends or `signal` aborts. `withKey`: send the API key (build output needs it; a log stream's
 * token is its own credential).
 */
export async function streamLines(path, onLine, signal, withKey = true) {
  // a stream is text (build output) or server-sent events (a log stream), not the API's JSON
  const response = await fetch(path, {headers: withKey ? headers({Accept: '*/*'}) : {}, signal, cache: 'no-store'});
  if (!response.ok) throw new ApiError(response.status, null, `stream answered ${response.status}`);
  if (!response.body) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = '';
  for (;;) {
    const {value, done} = await reader.read();
    if (done) break;
    pending += value;
    const lines = pending.split('\n');
    pending = lines.pop();
    lines.forEach(onLine);
  }
  if (pending) onLine(pending);
}
