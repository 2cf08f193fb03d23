// Building the page from data: text always goes in as text nodes, never as HTML.

/** h('div.class#id', {attrs, on: {click}}, ...children) */
export function h(tag, attrs, ...children) {
  const [name, ...rest] = tag.split(/(?=[.#])/);
  const el = document.createElement(name || 'div');
  for (const part of rest) {
    if (part.startsWith('.')) el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === 'on') {
      for (const [event, fn] of Object.entries(value)) el.addEventListener(event, fn);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else if (value !== false && value != null) {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function ago(iso) {
  if (!iso) return '';
  const seconds = Math.round((Date.now() - Date.parse(iso)) / 1000);
  if (seconds < 60) return `${Math.max(seconds, 0)}s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)}h ago`;
  return `${Math.round(seconds / 86400)}d ago`;
}

/** A button that stays disabled while its action runs and shows the action's error beside it. */
export function action(label, fn, attrs = {}) {
  const status = h('span.status');
  const button = h('button', {
    type: 'button', ...attrs,
    on: {
      click: async () => {
        button.disabled = true;
        status.textContent = '';
        status.classList.remove('error');
        try {
          await fn();
        } catch (e) {
          status.textContent = e.message;
          status.classList.add('error');
        } finally {
          button.disabled = false;
        }
      },
    },
  }, label);
  return h('span.action', button, status);
}

export function errorBox(e) {
  return h('p.error', e.message || String(e));
}
