// The hash router: #/apps, #/apps/<name>/<page>. Each page module exports render(main, appName, ctx)
// and may return a function that stops what it started (polls, streams) when the page is left.
import {apiKey, get, signIn, signOut} from './api.js';
import {errorBox, fill, h} from './dom.js';
import * as apps from './apps.js';
import * as overview from './overview.js';
import * as activity from './activity.js';
import * as metrics from './metrics.js';
import * as logs from './logs.js';
import * as settings from './settings.js';

const PAGES = {overview, activity, metrics, logs, settings};
const TITLES = {overview: 'Overview', activity: 'Activity', metrics: 'Metrics', logs: 'Logs', settings: 'Settings'};
const main = document.getElementById('page');
const nav = document.getElementById('app-nav');
const who = document.getElementById('who');
let leave = null;

function signInPage(message) {
  fill(nav);
  fill(who);
  const key = h('input#api-key', {type: 'password', autocomplete: 'off', placeholder: 'slw_…', size: 40});
  const form = h('form.card.sign-in', {
    on: {
      submit: async (event) => {
        event.preventDefault();
        signIn(key.value.trim());
        try {
          await get('/account');
          route();
        } catch (e) {
          signOut();
          signInPage(e.status === 401 ? 'That API key is not valid.' : e.message);
        }
      },
    },
  },
  h('h1', 'Sign in'),
  h('p.muted', 'With your Slipway API key (', h('code', 'heroku auth:token'), ' prints it).'),
  h('label', 'API key ', key),
  h('button#sign-in', {type: 'submit'}, 'Sign in'),
  message && h('p.error', message));
  fill(main, form);
  key.focus();
}

async function route() {
  if (leave) {
    leave();
    leave = null;
  }
  if (!apiKey()) {
    signInPage();
    return;
  }
  const [, section, name, page] = location.hash.split('/').map(decodeURIComponent);
  let account;
  try {
    account = await get('/account');
  } catch (e) {
    if (e.status === 401) {
      signOut();
      signInPage('Your API key is no longer valid.');
      return;
    }
    fill(main, errorBox(e));
    return;
  }
  fill(who, account.email, ' ', h('button#sign-out', {type: 'button', on: {click: () => {
    signOut();
    location.hash = '#/apps';
    route();
  }}}, 'Sign out'));
  if (section !== 'apps' || !name) {
    fill(nav);
    fill(main);
    leave = apps.render(main);
    return;
  }
  const current = PAGES[page] ? page : 'overview';
  fill(nav, h('span.app-name', name), Object.keys(PAGES).map((p) =>
    h('a', {href: `#/apps/${encodeURIComponent(name)}/${p}`, id: `nav-${p}`,
      class: p === current ? 'current' : null}, TITLES[p])));
  fill(main);
  leave = PAGES[current].render(main, name, {account}) || null;
}

window.addEventListener('hashchange', route);
route();
