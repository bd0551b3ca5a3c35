// DOM helpers. Every value from an API goes into text nodes or attribute values: never HTML.

/** el('p', {class: 'x', onclick: f}, 'text', child) */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      node.className = value;
    } else if (name === 'style') {
      throw new Error('inline styles are not allowed by the Content-Security-Policy');
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/**
 * A data table. columns: [{label, value: row => text or node, numeric}]; caption names it for screen readers.
 */
export function table(caption, columns, rows, attrs = {}) {
  return el('div', {class: 'table-wrap'},
    el('table', attrs,
      el('caption', {}, caption),
      el('thead', {}, el('tr', {}, columns.map(c => el('th', {scope: 'col', class: c.numeric ? 'num' : null}, c.label)))),
      el('tbody', {}, rows.map(row => el('tr', {},
        columns.map((c, i) => el(i === 0 && c.header !== false ? 'th' : 'td',
          {scope: i === 0 && c.header !== false ? 'row' : null, class: c.numeric ? 'num' : null}, c.value(row))))))));
}

/** An error message from the API, announced to screen readers. */
export function errorBox(error) {
  return el('div', {class: 'error', role: 'alert'},
    el('strong', {}, error.code ? error.code + ': ' : 'Error: '), error.message || String(error));
}

export function note(text) {
  return el('p', {class: 'note'}, text);
}

export function loading(text = 'Loading…') {
  return el('p', {class: 'loading', role: 'status'}, text);
}

/** A labelled form control: field('Period', select) */
export function field(label, control, hint) {
  const id = control.id || 'f-' + Math.random().toString(36).slice(2, 9);
  control.id = id;
  const hintId = hint ? id + '-hint' : null;
  if (hintId) {
    control.setAttribute('aria-describedby', hintId);
  }
  return el('div', {class: 'field'}, el('label', {for: id}, label), control,
    hint ? el('span', {class: 'hint', id: hintId}, hint) : null);
}

export function select(options, selected, attrs = {}) {
  return el('select', attrs, options.map(([value, label]) =>
    el('option', {value, selected: value === selected}, label)));
}

/** Only http(s) links are followed; anything else (javascript:, data:) is dropped. */
export function safeHref(url) {
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch (e) {
    return null;
  }
}
