// The element that has the keyboard focus: its key (set by focusables.js), whether the browser treats the focus as
// visible (:focus-visible) and whether it is drawn (an outline or a box shadow around it).
const el = document.activeElement;
if (!el || el === document.body) return null;
const style = getComputedStyle(el);
const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
const shadow = style.boxShadow && style.boxShadow !== 'none';
return {key: el.dataset.focusKey || null,
  label: (el.tagName + ' ' + (el.id || el.getAttribute('aria-label') || el.textContent || '')).trim()
    .replace(/\s+/g, ' ').slice(0, 80),
  focusVisible: el.matches(':focus-visible'), drawn: Boolean(outline || shadow),
  outline: style.outlineStyle + ' ' + style.outlineWidth + ' ' + style.outlineColor};
