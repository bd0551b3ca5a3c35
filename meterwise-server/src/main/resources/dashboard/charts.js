// Charts with Apache ECharts (from its WebJar). Tooltips render as rich text on the canvas, so no API value is ever
// parsed as HTML; every chart has an aria description and a data table next to it.
import * as echarts from '/webjars/echarts/5.3.1/dist/echarts.esm.min.js';

// Okabe-Ito based, distinguishable with colour-vision deficiencies; decals add patterns as a second cue.
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#332288',
  '#117733', '#882255', '#44AA99', '#999933'];
const TEXT = '#1f2328';
const GRID = '#d0d7de';

const live = new Set();

function base(title) {
  return {
    color: PALETTE,
    animation: false,
    aria: {enabled: true, decal: {show: true}, label: {description: title}},
    textStyle: {color: TEXT, fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif'},
    tooltip: {trigger: 'axis', renderMode: 'richText', axisPointer: {type: 'shadow'}},
  };
}

/**
 * Mounts a chart in node (a div with a fixed height from the stylesheet). Resolves once the first frame is drawn.
 */
export function chart(node, option, title) {
  const instance = echarts.init(node, null, {renderer: 'canvas'});
  live.add(instance);
  const drawn = new Promise(resolve => instance.on('finished', () => resolve(instance)));
  const settings = {...base(title), ...option};
  const stacked = (option.series || []).filter(s => s.stack).length > 1;
  settings.aria = {...settings.aria, decal: {show: stacked}}; // patterns tell stacked series apart without colour
  instance.setOption(settings);
  node.setAttribute('role', 'img');
  return drawn;
}

export function disposeAll() {
  for (const instance of live) {
    instance.dispose();
  }
  live.clear();
}

let resizeTimer;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => live.forEach(i => i.resize()), 100);
});

export function moneyAxis(formatter) {
  return {type: 'value', axisLabel: {formatter, color: TEXT, hideOverlap: true}, splitNumber: narrow() ? 3 : 5,
    splitLine: {lineStyle: {color: GRID}}};
}

export function categoryAxis(labels, name) {
  return {type: 'category', data: labels, name, nameLocation: 'middle', nameGap: 28,
    axisLabel: {color: TEXT, hideOverlap: true}, axisLine: {lineStyle: {color: '#57606a'}}};
}

const narrow = () => window.matchMedia('(max-width: 720px)').matches;

export const legend = {type: 'scroll', bottom: 0, textStyle: {color: TEXT}};

/** Horizontal bar charts grow with their rows (set through the CSSOM, which the CSP allows). */
export function fitRows(node, rows) {
  node.style.height = (64 + 34 * Math.max(rows, 1)) + 'px';
  return node;
}
