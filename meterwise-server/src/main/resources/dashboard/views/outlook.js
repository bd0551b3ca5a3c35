import {costQuery, list, withVersion} from '../api.js';
import {categoryAxis, chart, moneyAxis} from '../charts.js';
import {el, errorBox, loading, note, table} from '../dom.js';
import {compact, day, fromUsageDate, isoDay, minorToDecimalString, money, shortDay, toMinor} from '../format.js';

const BUDGETS = '2021-10-01';

/**
 * The month as a whole: cumulative spend to date, the forecast to the end of the month with its 80 % and 95 % bands
 * (Cost Management forecast API), and the monthly budgets of the subscription as lines (Consumption budgets API).
 * Resolves with the forecast total in minor units (or null).
 */
export async function renderOutlook(box, {scope, currency, first}) {
  box.replaceChildren(el('h2', {id: 'outlook-title'}, 'The month: spend, forecast and budgets'), loading());
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
  let forecast;
  let budgets;
  try {
    [forecast, budgets] = await Promise.all([
      costQuery(scope, {type: 'ActualCost', timeframe: 'Custom',
        timePeriod: {from: isoDay(first) + 'T00:00:00Z', to: isoDay(last) + 'T00:00:00Z'},
        dataset: {granularity: 'Daily', aggregation: {totalCost: {name: 'Cost', function: 'Sum'}}},
        includeActualCost: true, includeFreshPartialCost: false}, 1, 'forecast'),
      // a server without the budgets API answers 404: no budget lines then
      list(withVersion(scope + '/providers/Microsoft.Consumption/budgets', BUDGETS))
        .catch(e => e.status === 404 ? [] : Promise.reject(e)),
    ]);
  } catch (e) {
    box.replaceChildren(el('h2', {id: 'outlook-title'}, 'The month: spend, forecast and budgets'), errorBox(e));
    return null;
  }
  const days = [];
  for (let d = new Date(first); d <= last; d.setUTCDate(d.getUTCDate() + 1)) {
    days.push(Number(isoDay(d).replace(/-/g, '')));
  }
  const cost = row => toMinor(row.Cost ?? row.PreTaxCost, currency);
  const byDay = new Map(forecast.rows.map(r => [r.UsageDate, r]));
  let actual = 0;
  let expected = 0;
  let lower80 = 0;
  let upper80 = 0;
  let lower95 = 0;
  let upper95 = 0;
  const series = {actual: [], expected: [], low80: [], band80: [], low95: [], band95: []};
  let lastActualIndex = -1;
  days.forEach((d, i) => {
    const row = byDay.get(d);
    if (row && row.CostStatus === 'Actual') {
      actual += cost(row);
      expected = lower80 = upper80 = lower95 = upper95 = actual;
      lastActualIndex = i;
    } else if (row) {
      expected += cost(row);
      lower80 += toMinor(row.CostLower80, currency);
      upper80 += toMinor(row.CostUpper80, currency);
      lower95 += toMinor(row.CostLower95, currency);
      upper95 += toMinor(row.CostUpper95, currency);
    }
    const major = minor => Number(minorToDecimalString(minor, currency));
    const forecastDay = row && row.CostStatus !== 'Actual';
    series.actual.push(row && row.CostStatus === 'Actual' ? major(actual) : null);
    series.expected.push(forecastDay || i === lastActualIndex ? major(expected) : null);
    series.low95.push(forecastDay ? major(lower95) : null);
    series.band95.push(forecastDay ? major(upper95 - lower95) : null);
    series.low80.push(forecastDay ? major(lower80) : null);
    series.band80.push(forecastDay ? major(upper80 - lower80) : null);
  });
  const monthly = budgets.filter(b => b.properties.timeGrain === 'Monthly' || b.properties.timeGrain === 'BillingMonth');
  const chartNode = el('div', {class: 'chart', id: 'outlook-chart'});
  const hasForecast = forecast.rows.some(r => r.CostStatus === 'Forecast');
  box.replaceChildren(el('h2', {id: 'outlook-title'}, 'The month: spend, forecast and budgets'),
    el('div', {class: 'cards'},
      el('div', {class: 'card stat'}, el('h2', {}, 'Forecast bill for the month'),
        el('p', {class: 'amount', id: 'forecast-total'}, hasForecast ? money(expected, currency) : '–'),
        el('p', {class: 'muted'}, hasForecast
          ? '80 %: ' + money(lower80, currency) + ' – ' + money(upper80, currency) + ' · 95 %: '
            + money(lower95, currency) + ' – ' + money(upper95, currency)
          : 'No forecast: the month has ended or has no history yet.')),
      el('div', {class: 'card stat'}, el('h2', {}, monthly.length === 1 ? 'Budget' : 'Budgets'),
        monthly.length ? el('ul', {class: 'plain', id: 'budget-lines'}, monthly.map(b => el('li', {},
          el('strong', {}, b.name), ': ' + money(toMinor(b.properties.amount, currency), currency)
          + (hasForecast ? (expected > toMinor(b.properties.amount, currency) ? ' · forecast over' : ' · forecast within')
            : ''))))
          : el('p', {class: 'muted'}, 'No monthly budget. Create one on the Budgets page.'))),
    chartNode,
    el('details', {}, el('summary', {}, 'Cumulative amounts as a table'),
      table('Cumulative spend and forecast per UTC day, ' + currency, [
        {label: 'Day (UTC)', value: i => day(fromUsageDate(days[i]))},
        {label: 'Actual', value: i => series.actual[i] === null ? '' : money(toMinor(series.actual[i], currency), currency),
          numeric: true},
        {label: 'Forecast', value: i => series.expected[i] === null || series.actual[i] !== null ? ''
          : money(toMinor(series.expected[i], currency), currency), numeric: true}], days.map((_, i) => i))));
  await chart(chartNode, {
    grid: {left: 72, right: 24, top: 24, bottom: 72},
    xAxis: categoryAxis(days.map(d => shortDay(fromUsageDate(d))), 'Day (UTC)'),
    yAxis: moneyAxis(v => compact(v, currency)),
    legend: {type: 'scroll', bottom: 0, data: ['Actual', 'Forecast', '80 % range', '95 % range']},
    tooltip: {trigger: 'axis', renderMode: 'richText',
      valueFormatter: v => v === null || v === undefined ? '–' : money(toMinor(v, currency), currency)},
    series: [
      {name: 'low95', type: 'line', data: series.low95, stack: 'b95', lineStyle: {opacity: 0}, symbol: 'none',
        tooltip: {show: false}},
      {name: '95 % range', type: 'line', data: series.band95, stack: 'b95', lineStyle: {opacity: 0}, symbol: 'none',
        areaStyle: {color: '#cfe3f7'}, color: '#cfe3f7'},
      {name: 'low80', type: 'line', data: series.low80, stack: 'b80', lineStyle: {opacity: 0}, symbol: 'none',
        tooltip: {show: false}},
      {name: '80 % range', type: 'line', data: series.band80, stack: 'b80', lineStyle: {opacity: 0}, symbol: 'none',
        areaStyle: {color: '#8fbde8'}, color: '#8fbde8'},
      {name: 'Forecast', type: 'line', data: series.expected, symbol: 'none', color: '#0b5cad',
        lineStyle: {type: 'dashed', width: 2}},
      {name: 'Actual', type: 'line', data: series.actual, symbol: 'circle', symbolSize: 5, color: '#1f2328',
        lineStyle: {width: 3},
        markLine: monthly.length ? {symbol: 'none', silent: true, lineStyle: {color: '#a40e26', type: 'solid'},
          label: {formatter: p => p.name, color: '#a40e26', position: 'insideEndTop'},
          data: monthly.map(b => ({name: 'Budget ' + b.name, yAxis: Number(b.properties.amount)}))} : undefined},
    ],
  }, 'Cumulative spend this month with the forecast to the end of the month and the budgets');
  return hasForecast ? expected : null;
}
