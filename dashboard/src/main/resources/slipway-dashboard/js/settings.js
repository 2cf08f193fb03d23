// Settings: config vars (revealed on request, edited in place), domains, maintenance mode,
// buildpacks, collaborators, rename, and delete (typing the name to confirm).
import {api, app, get} from './api.js';
import {action, errorBox, fill, h} from './dom.js';

export function render(main, name) {
  const base = app(name);
  const sections = {
    config: h('div.card#config-vars'),
    domains: h('div.card#domains'),
    maintenance: h('div.card#maintenance'),
    buildpacks: h('div.card#buildpacks'),
    collaborators: h('div.card#collaborators'),
    danger: h('div.card.danger#danger-zone'),
  };
  fill(main, h('h1', `${name} · Settings`), Object.values(sections));
  hiddenConfig(sections.config, base);
  domains(sections.domains, base);
  maintenance(sections.maintenance, base);
  buildpacks(sections.buildpacks, base);
  collaborators(sections.collaborators, base);
  danger(sections.danger, name, base);
}

function hiddenConfig(card, base) {
  fill(card, h('h2', 'Config Vars'), h('p.muted', 'Config vars change the way your app behaves; values are hidden.'),
    h('button#reveal-config', {type: 'button', on: {click: () => configVars(card, base)}}, 'Reveal Config Vars'));
}

async function configVars(card, base) {
  let vars;
  try {
    vars = await get(`${base}/config-vars`);
  } catch (e) {
    fill(card, h('h2', 'Config Vars'), errorBox(e));
    return;
  }
  const reload = () => configVars(card, base);
  const newKey = h('input#config-new-key', {placeholder: 'KEY', 'aria-label': 'new key'});
  const newValue = h('input#config-new-value', {placeholder: 'VALUE', 'aria-label': 'new value'});
  fill(card, h('h2', 'Config Vars'),
    h('button', {type: 'button', on: {click: () => hiddenConfig(card, base)}}, 'Hide Config Vars'),
    h('table#config-table', h('tbody',
      Object.keys(vars).sort().map((key) => configRow(key, vars[key], base, reload)),
      h('tr', h('td', newKey), h('td', newValue), h('td', action('Add', async () => {
        await api('PATCH', `${base}/config-vars`, {[newKey.value.trim()]: newValue.value});
        reload();
      }, {id: 'config-add'}))))));
}

function configRow(key, value, base, reload) {
  const cell = h('td.value', h('code', value));
  const edit = h('button', {type: 'button', 'data-edit': key, on: {click: () => {
    const input = h('input', {value, 'aria-label': `${key} value`, 'data-value-of': key});
    fill(cell, input, action('Save', async () => {
      await api('PATCH', `${base}/config-vars`, {[key]: input.value});
      reload();
    }, {'data-save': key}));
    input.focus();
  }}}, 'Edit');
  return h('tr', {'data-key': key}, h('td', h('code', key)), cell, h('td', edit,
    action('Delete', async () => {
      await api('PATCH', `${base}/config-vars`, {[key]: null});
      reload();
    })));
}

async function domains(card, base) {
  const reload = () => domains(card, base);
  try {
    const list = await get(`${base}/domains`);
    const hostname = h('input#domain-new', {placeholder: 'www.example.com', 'aria-label': 'new domain'});
    fill(card, h('h2', 'Domains'), h('ul', list.map((d) => h('li', h('code', d.hostname), ' ', h('span.muted', d.kind),
      d.kind === 'custom' ? action('Remove', async () => {
        await api('DELETE', `${base}/domains/${encodeURIComponent(d.hostname)}`);
        reload();
      }) : null))),
    hostname, action('Add domain', async () => {
      await api('POST', `${base}/domains`, {hostname: hostname.value.trim()});
      reload();
    }));
  } catch (e) {
    fill(card, h('h2', 'Domains'), errorBox(e));
  }
}

async function maintenance(card, base) {
  try {
    const a = await get(base);
    fill(card, h('h2', 'Maintenance Mode'),
      h('p', a.maintenance ? 'On: the app answers every request with a maintenance page (H80).' : 'Off.'),
      action(a.maintenance ? 'Turn maintenance mode off' : 'Turn maintenance mode on', async () => {
        await api('PATCH', base, {maintenance: !a.maintenance});
        maintenance(card, base);
      }, {id: 'maintenance-toggle'}));
  } catch (e) {
    fill(card, h('h2', 'Maintenance Mode'), errorBox(e));
  }
}

async function buildpacks(card, base) {
  const reload = () => buildpacks(card, base);
  try {
    const list = (await get(`${base}/buildpack-installations`)).map((b) => b.buildpack.url);
    const put = (urls) => api('PUT', `${base}/buildpack-installations`, {updates: urls.map((url) => ({buildpack: url}))});
    const added = h('input#buildpack-new', {placeholder: 'heroku/nodejs or a git URL', 'aria-label': 'new buildpack'});
    fill(card, h('h2', 'Buildpacks'),
      list.length === 0 ? h('p.muted', 'None set: the buildpack is detected on every push.') : null,
      h('ol', list.map((url, i) => h('li', h('code', url), action('Remove', async () => {
        await put(list.filter((_, j) => j !== i));
        reload();
      })))),
      added, action('Add buildpack', async () => {
        await put([...list, added.value.trim()]);
        reload();
      }));
  } catch (e) {
    fill(card, h('h2', 'Buildpacks'), errorBox(e));
  }
}

async function collaborators(card, base) {
  const reload = () => collaborators(card, base);
  try {
    const list = await get(`${base}/collaborators`);
    const email = h('input#collaborator-new', {type: 'email', placeholder: 'someone@example.com', 'aria-label': 'email'});
    fill(card, h('h2', 'Collaborators'), h('ul', list.map((c) => h('li', c.user.email, ' ', h('span.muted', c.role),
      c.role === 'owner' ? null : action('Remove', async () => {
        await api('DELETE', `${base}/collaborators/${encodeURIComponent(c.user.email)}`);
        reload();
      })))),
    email, action('Add collaborator', async () => {
      await api('POST', `${base}/collaborators`, {user: email.value.trim()});
      reload();
    }));
  } catch (e) {
    fill(card, h('h2', 'Collaborators'), errorBox(e));
  }
}

function danger(card, name, base) {
  const newName = h('input#rename-to', {value: name, 'aria-label': 'new name'});
  const confirm = h('input#delete-confirm', {placeholder: name, 'aria-label': 'type the app name to confirm'});
  const remove = action('Delete app', async () => {
    if (confirm.value !== name) throw new Error(`Type ${name} to confirm.`);
    await api('DELETE', base);
    location.hash = '#/apps';
  }, {id: 'delete-app', class: 'danger'});
  fill(card, h('h2', 'Rename or delete'),
    h('p', newName, action('Rename', async () => {
      const renamed = await api('PATCH', base, {name: newName.value.trim()});
      location.hash = `#/apps/${encodeURIComponent(renamed.name)}/settings`;
    }, {id: 'rename'})),
    h('p', 'Deleting removes the app, its dynos, releases and add-ons. Type ', h('code', name), ' to confirm: ',
      confirm, remove));
}
