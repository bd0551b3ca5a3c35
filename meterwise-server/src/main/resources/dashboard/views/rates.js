import {API, call, list, subscriptionPath, withVersion} from '../api.js';
import {chart} from '../charts.js';
import {el, errorBox, field, loading, note, select, table} from '../dom.js';
import {day, number, price, utc} from '../format.js';

const SHEET_PAGES = 10;
const PAGE = 40;

/**
 * The subscription's own price list (Consumption price sheet): meters with their tier ladders, included quantities,
 * and price history over the billing periods the API lists.
 */
export async function renderRates(root, state) {
  const scope = subscriptionPath(state.subscription.subscriptionId);
  root.append(loading());
  const rows = await sheet(scope, null);
  root.replaceChildren();
  if (!rows.length) {
    root.append(note('This subscription has no prices in force this month.'));
    return;
  }
  const meters = groupByMeter(rows);
  const currency = rows[0].currencyCode;
  const categories = [...new Set(meters.map(m => m.category))].sort();
  const search = el('input', {id: 'meter-search', type: 'search', placeholder: 'name, region or unit'});
  const category = select([['', 'All categories'], ...categories.map(c => [c, c])], '', {id: 'meter-category'});
  const listBox = el('div', {id: 'meter-list'});
  const detail = el('section', {id: 'meter-detail', tabindex: '-1', 'aria-live': 'polite'});
  root.append(
    el('p', {class: 'lead'}, 'Offer ' + rows[0].offerId + ' · prices in ' + currency + ' · ' + meters.length
      + ' meters in force this month'),
    el('div', {class: 'controls'}, field('Search meters', search), field('Category', category)),
    el('div', {class: 'split with-detail'}, listBox, detail));
  let limit = PAGE;
  search.addEventListener('input', () => {
    limit = PAGE;
    renderList();
  });
  category.addEventListener('change', () => {
    limit = PAGE;
    renderList();
  });
  renderList();
  // open the first meter with a tier ladder, so the page shows what it is for
  await showMeter(meters.find(m => m.tiers.length > 1) || meters[0], false);

  function renderList() {
    const text = search.value.trim().toLowerCase();
    const shown = meters.filter(m => (!category.value || m.category === category.value)
      && (!text || [m.name, m.region, m.unit, m.subCategory].join(' ').toLowerCase().includes(text)));
    const more = el('button', {type: 'button', class: 'secondary', onclick: () => {
      limit += PAGE;
      renderList();
    }}, 'Show ' + Math.min(PAGE, shown.length - limit) + ' more');
    listBox.replaceChildren(table(shown.length + (shown.length === 1 ? ' meter' : ' meters'), [
      {label: 'Meter', value: m => el('button', {type: 'button', class: 'link', onclick: () => showMeter(m, true)},
        m.name)},
      {label: 'Region', value: m => el('span', {class: 'nowrap'}, m.region)},
      {label: 'Unit', value: m => el('span', {class: 'nowrap'}, m.unit)},
      {label: 'From', value: m => price(m.tiers[0].price, currency), numeric: true},
      {label: 'Tiers', value: m => String(m.tiers.length), numeric: true}], shown.slice(0, limit), {id: 'meter-table'}),
    shown.length > limit ? more : null);
  }

  async function showMeter(meter, focus) {
    detail.replaceChildren(el('h2', {}, meter.name + ' · ' + meter.region));
    const ladder = el('div', {class: 'chart', id: 'ladder-chart'});
    const history = el('div', {id: 'price-history'}, loading('Loading price history…'));
    detail.append(
      el('p', {class: 'muted'}, [meter.category, meter.subCategory].filter(Boolean).join(' · ') + ' · unit '
        + meter.unit),
      el('p', {}, meter.included > 0
        ? 'Included each month: ' + number(meter.included, 4) + ' × ' + meter.unit + ' free before the first tier.'
        : 'No included quantity.'),
      ladder,
      table('Tier ladder (units of the month from which the price applies)', [
        {label: 'From units', value: t => number(t.from, 4), numeric: true},
        {label: 'Unit price', value: t => price(t.price, currency), numeric: true}], meter.tiers, {id: 'tier-table'}),
      history);
    if (focus) {
      detail.focus();
    }
    const maxFrom = meter.tiers[meter.tiers.length - 1].from;
    const end = Math.max(maxFrom * 1.5, 1);
    await chart(ladder, {
      grid: {left: 16, right: 24, top: 24, bottom: 40, containLabel: true},
      xAxis: {type: 'value', name: 'Units this month', nameLocation: 'middle', nameGap: 28, max: end},
      yAxis: {type: 'value', name: 'Unit price', axisLabel: {formatter: v => price(v, currency)}},
      series: [{type: 'line', step: 'end', symbol: 'circle', name: 'Unit price',
        data: [...meter.tiers.map(t => [t.from, Number(t.price)]), [end, Number(meter.tiers[meter.tiers.length - 1].price)]]}],
      tooltip: {trigger: 'axis', renderMode: 'richText', valueFormatter: v => price(v, currency)},
    }, 'Tier ladder of ' + meter.name);
    try {
      const periods = (await list(withVersion(scope + '/providers/Microsoft.Billing/billingPeriods', API.billingPeriods), 2))
        .slice(0, 6);
      const versions = new Map();
      for (const period of periods) {
        const periodRows = await sheet(scope, period.name.split('-')[0]);
        for (const row of periodRows.filter(r => r.meterId === meter.id && Number(r.tierMinimumUnits) === 0)) {
          versions.set(row.effectiveStartDate, row.unitPrice);
        }
      }
      const ordered = [...versions.entries()].sort((a, b) => a[0].localeCompare(b[0]));
      history.replaceChildren(el('h3', {}, 'Price history'),
        ordered.length ? table('First-tier unit price by version, over the last ' + periods.length + ' billing periods', [
          {label: 'In force from', value: v => day(utc(v[0]))},
          {label: 'Unit price', value: v => price(v[1], currency), numeric: true}], ordered, {id: 'history-table'})
          : note('No price versions found.'));
    } catch (e) {
      history.replaceChildren(errorBox(e));
    }
  }
}

const sheets = new Map();

/** The price sheet of the current month (period null) or of a billing period yyyyMM, every page. */
async function sheet(scope, period) {
  const key = scope + '|' + period;
  if (!sheets.has(key)) {
    const path = (period ? scope + '/providers/Microsoft.Billing/billingPeriods/' + period : scope)
      + '/providers/Microsoft.Consumption/pricesheets/default';
    sheets.set(key, (async () => {
      const rows = [];
      let next = withVersion(path, API.consumption, {$expand: 'properties/meterDetails'});
      for (let page = 0; next && page < SHEET_PAGES; page++) {
        const json = await call(next);
        rows.push(...json.properties.pricesheets);
        next = json.properties.nextLink;
      }
      return rows;
    })().catch(e => {
      sheets.delete(key);
      throw e;
    }));
  }
  return sheets.get(key);
}

function groupByMeter(rows) {
  const meters = new Map();
  for (const row of rows) {
    const details = row.meterDetails || {};
    const key = row.meterId + '|' + row.effectiveStartDate;
    if (!meters.has(row.meterId) || meters.get(row.meterId).effective < row.effectiveStartDate) {
      meters.set(row.meterId, {id: row.meterId, name: details.meterName || row.meterId,
        category: details.meterCategory || '', subCategory: details.meterSubCategory || '',
        region: details.meterLocation || '', unit: row.unitOfMeasure || details.unit || '',
        included: Number(row.includedQuantity || 0), effective: row.effectiveStartDate, key, tiers: []});
    }
    const meter = meters.get(row.meterId);
    if (meter.key === key) {
      meter.tiers.push({from: Number(row.tierMinimumUnits || 0), price: row.unitPrice});
    }
  }
  const result = [...meters.values()];
  result.forEach(m => m.tiers.sort((a, b) => a.from - b.from));
  return result.sort((a, b) => a.category.localeCompare(b.category) || a.name.localeCompare(b.name)
    || a.region.localeCompare(b.region));
}
