// The controls a keyboard user must reach, in document order: visible, enabled, not taken out of the tab order.
// Returns [{key, label}] where key identifies the element across calls (see focused.js).
const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
const visible = el => {
  for (let node = el; node; node = node.parentElement) {
    if (node.hidden) return false;
    const style = getComputedStyle(node);
    if (style.display === 'none' || style.visibility === 'hidden') return false;
    // the content of a closed <details> (other than its summary) cannot be reached
    if (node !== el && node.tagName === 'DETAILS' && !node.open && !el.closest('summary')) return false;
  }
  return el.getClientRects().length > 0;
};
let next = 0;
const result = [];
for (const el of document.querySelectorAll(selector)) {
  if (el.disabled || el.tabIndex < 0 || !visible(el)) continue;
  if (!el.dataset.focusKey) el.dataset.focusKey = 'k' + (next++) + '-' + Math.random().toString(36).slice(2, 7);
  result.push({key: el.dataset.focusKey, label: (el.tagName + ' ' + (el.id || el.getAttribute('aria-label')
    || el.textContent || '')).trim().replace(/\s+/g, ' ').slice(0, 80)});
}
return result;
