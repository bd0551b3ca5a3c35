import {API, call, costQuery, list, subscriptionPath, withVersion} from '../api.js';
import {chart, fitRows, moneyAxis} from '../charts.js';
import {el, errorBox, field, loading, note, select, table} from '../dom.js';
import {compact, currencyDigits, day, minorToDecimalString, money, number, percent, toMinor, utc} from '../format.js';

const DIMENSIONS = [['ResourceGroup', 'Resource group'], ['ResourceId', 'Resource'], ['Meter', 'Meter'],
  ['ResourceLocation', 'Location'], ['MeterCategory', 'Meter category'], ['TagKey', 'Tag']];
const PERIODS = [['MonthToDate', 'This month'], ['TheLastMonth', 'Last month']];

/**
 * Cost by resource group, resource, meter, location or tag value: the top N and the rest summed; any amount opens the
 * resources behind it, and a resource its usage records.
 */
export async function renderBreakdown(root, state) {
  const scope = subscriptionPath(state.subscription.subscriptionId);
  const period = select(PERIODS, 'MonthToDate', {id: 'breakdown-period'});
  const by = select(DIMENSIONS, 'ResourceGroup', {id: 'breakdown-by'});
  const tagKey = el('input', {id: 'tag-key', list: 'tag-keys', value: '', placeholder: 'e.g. costCenter'});
  const tagKeys = el('datalist', {id: 'tag-keys'});
  const tagField = field('Tag key', tagKey);
  tagField.hidden = true;
  const top = select([['5', '5'], ['10', '10'], ['20', '20']], '10', {id: 'breakdown-top'});
  const form = el('form', {class: 'controls', id: 'breakdown-form'},
    field('Period', period), field('Group by', by), tagField, tagKeys, field('Show top', top),
    el('button', {type: 'submit'}, 'Show'));
  const result = el('div', {});
  const drill = el('div', {id: 'drill', tabindex: '-1'});
  root.append(form, result, drill);

  by.addEventListener('change', async () => {
    tagField.hidden = by.value !== 'TagKey';
    if (!tagField.hidden && !tagKeys.childElementCount) {
      // tag keys seen on a page of this month's usage records, as suggestions; any key may be typed
      const items = await call(withVersion(scope + '/providers/Microsoft.Consumption/usageDetails', API.consumption,
        {$top: '200'})).catch(() => ({value: []}));
      const keys = [...new Set(items.value.flatMap(i => Object.keys(i.tags || {})))].sort();
      tagKeys.replaceChildren(...keys.map(k => el('option', {value: k})));
      if (!tagKey.value && keys.length) {
        tagKey.value = keys[0];
      }
    }
  });
  form.addEventListener('submit', event => {
    event.preventDefault();
    show();
  });
  await show();

  async function show() {
    drill.replaceChildren();
    result.replaceChildren(loading());
    const dimension = by.value;
    const tag = dimension === 'TagKey';
    if (tag && !tagKey.value.trim()) {
      result.replaceChildren(errorBox({code: 'TagKeyRequired', message: 'Enter the tag key to group by.'}));
      tagKey.focus();
      return;
    }
    const grouping = tag ? {type: 'TagKey', name: tagKey.value.trim()} : {type: 'Dimension', name: dimension};
    const timeframe = period.value;
    let answer;
    try {
      answer = await costQuery(scope, {type: 'ActualCost', timeframe, dataset: {granularity: 'None', grouping: [grouping]}});
    } catch (e) {
      result.replaceChildren(errorBox(e));
      return;
    }
    if (!answer.rows.length) {
      result.replaceChildren(note('No cost in this period.'));
      return;
    }
    const currency = answer.rows[0].Currency;
    const valueOf = row => tag ? row.TagValue : row[dimension];
    const rows = answer.rows.map(row => ({value: valueOf(row), minor: toMinor(row.PreTaxCost ?? row.Cost, currency)}))
      .filter(r => r.minor !== 0)
      .sort((a, b) => b.minor - a.minor);
    if (!rows.length) {
      result.replaceChildren(note('No cost in this period.'));
      return;
    }
    const total = rows.reduce((s, r) => s + r.minor, 0);
    const n = Number(top.value);
    const shown = rows.slice(0, n);
    const rest = rows.slice(n);
    const restMinor = rest.reduce((s, r) => s + r.minor, 0);
    const label = tag ? 'Tag ' + grouping.name : DIMENSIONS.find(d => d[0] === dimension)[1];
    const display = v => v === null || v === undefined || v === '' ? (tag ? '(untagged)' : '(none)')
      : (dimension === 'ResourceId' ? resourceName(v) : v);
    const filterFor = value => value === null || value === undefined || value === ''
      ? null
      : (tag ? {tags: {name: grouping.name, operator: 'In', values: [value]}}
        : {dimensions: {name: dimension, operator: 'In', values: [value]}});

    const tableRows = shown.map(r => ({...r, label: display(r.value), filter: filterFor(r.value)}));
    if (rest.length) {
      tableRows.push({label: 'Rest (' + rest.length + ' more)', minor: restMinor, filter: null, rest: true});
    }
    const chartNode = fitRows(el('div', {class: 'chart', id: 'breakdown-chart'}), tableRows.length);
    result.replaceChildren(
      el('p', {class: 'lead'}, 'Total ', el('strong', {id: 'breakdown-total',
        'data-amount': minorToDecimalString(total, currency)}, money(total, currency)),
      ' · ' + rows.length + ' ' + (rows.length === 1 ? 'value' : 'values')),
      chartNode,
      table(label + ', top ' + n + ' (select a name to see the resources behind it)', [
        {label, value: r => r.filter && dimension !== 'ResourceId'
          ? el('button', {type: 'button', class: 'link', onclick: () => resources(r.label, r.filter)}, r.label)
          : (dimension === 'ResourceId' && !r.rest
            ? el('button', {type: 'button', class: 'link', title: r.value, onclick: () => records(r.value)}, r.label)
            : r.label)},
        {label: 'Cost', value: r => el('span', {class: 'amount', 'data-amount': minorToDecimalString(r.minor, currency)},
          money(r.minor, currency)), numeric: true},
        {label: 'Share', value: r => percent(total ? r.minor / total : 0), numeric: true}],
      tableRows, {id: 'breakdown-table'}));
    await chart(chartNode, {
      grid: {left: 16, right: 24, top: 8, bottom: 24, containLabel: true},
      yAxis: {type: 'category', inverse: true, data: tableRows.map(r => truncate(r.label, 28)),
        axisLabel: {color: '#1f2328'}},
      xAxis: moneyAxis(v => compact(v, currency)),
      series: [{type: 'bar', name: 'Cost', barMaxWidth: 24,
        data: tableRows.map(r => r.minor / 10 ** currencyDigits(currency)), itemStyle: {color: '#0072B2'}}],
      tooltip: {trigger: 'axis', renderMode: 'richText', valueFormatter: v => money(toMinor(v, currency), currency)},
    }, 'Cost by ' + label.toLowerCase() + ', top ' + n);

    async function resources(name, filter) {
      drill.replaceChildren(el('h2', {}, 'Resources behind ' + label.toLowerCase() + ' ' + name), loading());
      drill.focus();
      try {
        const answer = await costQuery(scope, {type: 'ActualCost', timeframe,
          dataset: {granularity: 'None', grouping: [{type: 'Dimension', name: 'ResourceId'}], filter}});
        const list = answer.rows.map(r => ({id: r.ResourceId, minor: toMinor(r.PreTaxCost ?? r.Cost, currency)}))
          .sort((a, b) => b.minor - a.minor);
        drill.replaceChildren(el('h2', {}, 'Resources behind ' + label.toLowerCase() + ' ' + name),
          list.length ? table(list.length + ' resources (select one to see its usage records)', [
            {label: 'Resource', value: r => r.id
              ? el('button', {type: 'button', class: 'link', title: r.id, onclick: () => records(r.id)}, resourceName(r.id))
              : '(no resource: offer terms)'},
            {label: 'Resource group', value: r => resourceGroup(r.id)},
            {label: 'Cost', value: r => money(r.minor, currency), numeric: true}], list.slice(0, 200),
          {id: 'resources-table'}) : note('No resources.'),
          list.length > 200 ? note('Showing the 200 most expensive of ' + list.length + ' resources.') : null);
      } catch (e) {
        drill.append(errorBox(e));
      }
    }

    async function records(resourceId) {
      const heading = el('h2', {}, 'Usage records of ' + resourceName(resourceId));
      drill.replaceChildren(heading, loading());
      drill.focus();
      try {
        let path = scope;
        const params = {$filter: "properties/resourceId eq '" + resourceId.replace(/'/g, "''") + "'", $top: '100'};
        if (timeframe === 'TheLastMonth') {
          const periods = await list(withVersion(scope + '/providers/Microsoft.Billing/billingPeriods',
            API.billingPeriods), 1);
          if (periods.length > 1) {
            path = scope + '/providers/Microsoft.Billing/billingPeriods/' + periods[1].name.split('-')[0];
          }
        }
        const items = (await call(withVersion(path + '/providers/Microsoft.Consumption/usageDetails',
          API.consumption, params))).value;
        drill.replaceChildren(heading, el('p', {class: 'muted'}, resourceId),
          items.length ? table('Usage records (first 100), cost in ' + currency, [
            {label: 'Day (UTC)', value: i => day(utc(i.properties.date))},
            {label: 'Meter', value: i => i.properties.product},
            {label: 'Quantity', value: i => number(i.properties.quantity, 4), numeric: true},
            {label: 'Unit price (' + currency + ')', value: i => number(i.properties.unitPrice, 6), numeric: true},
            {label: 'Cost', value: i => money(toMinor(i.properties.cost, currency), currency), numeric: true},
            {label: 'Estimated', value: i => i.properties.isEstimated ? 'yes' : 'no'}], items, {id: 'records-table'})
            : note('No usage records in this period.'));
      } catch (e) {
        drill.append(errorBox(e));
      }
    }
  }
}

export function resourceName(id) {
  if (!id) {
    return '(none)';
  }
  const parts = String(id).split('/');
  return parts[parts.length - 1] || String(id);
}

function resourceGroup(id) {
  const match = /\/resourceGroups\/([^/]+)/i.exec(String(id || ''));
  return match ? match[1] : '';
}

function truncate(text, max) {
  const s = String(text);
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}
