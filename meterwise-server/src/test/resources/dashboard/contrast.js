// WCAG 2.x contrast of every visible text of the page against the background it is drawn on. Returns the texts below
// 4.5:1: WCAG AA's ratio for normal text, held here for large text too (AA would accept 3:1 there).
// Backgrounds are composed from the element up through its ancestors (semi-transparent layers blended, white below).
const parse = text => {
  const m = text.match(/rgba?\(([^)]+)\)/);
  if (!m) return [0, 0, 0, 0];
  const parts = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
  return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
};
const over = (top, below) => {
  const a = top[3];
  return [0, 1, 2].map(i => top[i] * a + below[i] * (1 - a)).concat(1);
};
const background = el => {
  const layers = [];
  for (let node = el; node; node = node.parentElement) {
    const c = parse(getComputedStyle(node).backgroundColor);
    if (c[3] > 0) layers.push(c);
    if (c[3] >= 1) break;
  }
  let colour = [255, 255, 255, 1];
  for (let i = layers.length - 1; i >= 0; i--) colour = over(layers[i], colour);
  return colour;
};
const luminance = c => {
  const [r, g, b] = c.slice(0, 3).map(v => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const ratio = (a, b) => {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
};
const failures = [];
let checked = 0;
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  if (!node.textContent.trim() || !el || el.closest('canvas, noscript, [hidden], [aria-hidden=true]')) continue;
  const style = getComputedStyle(el);
  if (style.visibility === 'hidden' || style.display === 'none' || el.getClientRects().length === 0) continue;
  if (el.closest('details:not([open]) > :not(summary)')) continue;
  if (el.closest('button:disabled, input:disabled, select:disabled')) continue; // WCAG exempts inactive controls
  checked++;
  const bg = background(el);
  const fg = over(parse(style.color), bg);
  const required = 4.5;
  const r = ratio(fg, bg);
  if (r < required) {
    failures.push({text: node.textContent.trim().slice(0, 60), ratio: Math.round(r * 100) / 100, required,
      color: style.color, background: 'rgb(' + bg.slice(0, 3).map(Math.round).join(', ') + ')'});
  }
}
return {checked, failures};
