import {costQuery, subscriptionPath} from '../api.js';
import {renderOutlook} from './outlook.js';
import {categoryAxis, chart, legend, moneyAxis} from '../charts.js';
import {el, errorBox, field, loading, note, select, table} from '../dom.js';
import {compact, day, fromUsageDate, isoDay, minorToDecimalString, money, month, percent, shortDay, time, toMinor, utc}
  from '../format.js';

const STACKS = [['MeterCategory', 'Meter category'], ['ServiceName', 'Service'], ['ResourceGroup', 'Resource group'],
  ['ResourceLocation', 'Location']];

/**
 * Spend to date as daily bars stacked by a dimension, the month's total (what the Cost Management Query answers, an
 * estimate until the month is invoiced), and one chosen day by the hour.
 */
export async function renderMonth(root, state) {
  const started = performance.now();
  const scope = subscriptionPath(state.subscription.subscriptionId);
  const stackBy = select(STACKS, sessionStorage.getItem('meterwise.stackBy') || 'MeterCategory', {id: 'stack-by'});
  const body = el('div', {}, loading());
  root.append(el('div', {class: 'controls'}, field('Stack by', stackBy)), body);
  stackBy.addEventListener('change', () => {
    sessionStorage.setItem('meterwise.stackBy', stackBy.value);
    draw(performance.now());
  });
  await draw(started);

  async function draw(t0) {
    body.replaceChildren(loading());
    const dimension = stackBy.value;
    const dimensionLabel = STACKS.find(s => s[0] === dimension)[1];
    // One query: its rows add up exactly to the month's total (amounts are rounded so that they do, ADR 0025).
    const daily = await costQuery(scope, {type: 'ActualCost', timeframe: 'MonthToDate', dataset: {granularity: 'Daily',
      grouping: [{type: 'Dimension', name: dimension}]}});
    root.dataset.dataMs = String(Math.round(performance.now() - t0));
    if (daily.rows.length === 0) {
      body.replaceChildren(note('No usage has been recorded this month yet.'));
      root.dataset.renderMs = String(Math.round(performance.now() - t0));
      return;
    }
    const currency = daily.rows[0].Currency;
    const totalMinor = daily.rows.reduce((sum, r) => sum + toMinor(r.PreTaxCost ?? r.Cost, currency), 0);
    const estimated = daily.rows.some(r => r.IsEstimated);

    const days = [];
    const groups = new Map(); // name -> Map(yyyyMMdd -> minor)
    let lastDay = 0;
    for (const row of daily.rows) {
      const name = row[dimension] || '(no ' + dimensionLabel.toLowerCase() + ')';
      if (!groups.has(name)) {
        groups.set(name, new Map());
      }
      const byDay = groups.get(name);
      byDay.set(row.UsageDate, (byDay.get(row.UsageDate) || 0) + toMinor(row.PreTaxCost ?? row.Cost, currency));
      lastDay = Math.max(lastDay, row.UsageDate);
    }
    const first = fromUsageDate(Math.floor(lastDay / 100) * 100 + 1);
    for (let d = new Date(first); isoDay(d) <= isoDay(fromUsageDate(lastDay)); d.setUTCDate(d.getUTCDate() + 1)) {
      days.push(Number(isoDay(d).replace(/-/g, '')));
    }
    const ranked = [...groups.entries()]
      .map(([name, byDay]) => ({name, byDay, total: [...byDay.values()].reduce((a, b) => a + b, 0)}))
      .filter(g => g.total !== 0 || [...g.byDay.values()].some(v => v !== 0))
      .sort((a, b) => b.total - a.total);
    const dayTotals = days.map(d => ranked.reduce((sum, g) => sum + (g.byDay.get(d) || 0), 0));
    const unit = minor => money(minor, currency);
    const major = minor => Number(minorToDecimalString(minor, currency));

    const summary = el('div', {class: 'cards'},
      el('div', {class: 'card stat'},
        el('h2', {}, 'Spend to date'),
        el('p', {class: 'amount', id: 'month-total', 'data-amount': minorToDecimalString(totalMinor, currency),
          'data-currency': currency}, unit(totalMinor)),
        el('p', {class: 'muted'}, shortDay(first) + ' – ' + day(fromUsageDate(lastDay)) + ' · ' + (estimated
          ? 'estimated: what the invoice would say if the month closed now'
          : 'invoiced: final'))),
      el('div', {class: 'card stat'},
        el('h2', {}, 'Daily average'),
        el('p', {class: 'amount', id: 'daily-average'}, unit(Math.round(totalMinor / days.length))),
        el('p', {class: 'muted'}, 'over ' + days.length + (days.length === 1 ? ' day' : ' days') + ' of '
          + month(first))),
      el('div', {class: 'card stat'},
        el('h2', {}, 'Largest ' + dimensionLabel.toLowerCase()),
        el('p', {class: 'amount'}, ranked.length ? ranked[0].name : '–'),
        el('p', {class: 'muted'}, ranked.length
          ? unit(ranked[0].total) + ' · ' + percent(totalMinor ? ranked[0].total / totalMinor : 0) + ' of the total'
          : '')));

    const chartNode = el('div', {class: 'chart', id: 'daily-chart'});
    const outlookBox = el('section', {'aria-labelledby': 'outlook-title', id: 'outlook'});
    const dayOptions = days.filter((d, i) => dayTotals[i] !== 0).reverse().map(d => [String(d), day(fromUsageDate(d))]);
    const daySelect = select(dayOptions, dayOptions.length ? dayOptions[0][0] : null, {id: 'hour-day'});
    const hourly = el('div', {id: 'hourly'});
    const showHours = el('button', {type: 'button', id: 'show-hours'}, 'Show hours');
    showHours.addEventListener('click', () => drawHours(Number(daySelect.value)));

    body.replaceChildren(summary,
      el('section', {'aria-labelledby': 'daily-title'},
        el('h2', {id: 'daily-title'}, 'Daily spend by ' + dimensionLabel.toLowerCase() + ' (UTC days)'),
        chartNode,
        el('details', {},
          el('summary', {}, 'Daily amounts as a table'),
          table('Spend per UTC day, ' + currency, [
            {label: 'Day (UTC)', value: r => day(fromUsageDate(r.day))},
            {label: 'Spend', value: r => unit(r.total), numeric: true}],
          days.map((d, i) => ({day: d, total: dayTotals[i]})).filter(r => r.total !== 0))),
        table('Month to date by ' + dimensionLabel.toLowerCase(), [
          {label: dimensionLabel, value: g => g.name},
          {label: 'Spend', value: g => unit(g.total), numeric: true},
          {label: 'Share', value: g => percent(totalMinor ? g.total / totalMinor : 0), numeric: true}],
        ranked, {id: 'category-table'})),
      outlookBox,
      el('section', {'aria-labelledby': 'hourly-title'},
        el('h2', {id: 'hourly-title'}, 'One day by the hour'),
        dayOptions.length ? el('div', {class: 'controls'}, field('Day', daySelect), showHours)
          : note('No spend to show by the hour.'),
        hourly));

    await chart(chartNode, {
      grid: {left: 72, right: 16, top: 16, bottom: 72},
      xAxis: categoryAxis(days.map(d => shortDay(fromUsageDate(d))), 'Day (UTC)'),
      yAxis: moneyAxis(v => compact(v, currency)),
      legend,
      series: ranked.map(g => ({name: g.name, type: 'bar', stack: 'spend', emphasis: {focus: 'series'},
        data: days.map(d => major(g.byDay.get(d) || 0))})),
      tooltip: {trigger: 'axis', renderMode: 'richText', valueFormatter: v => money(toMinor(v, currency), currency)},
    }, 'Daily spend by ' + dimensionLabel.toLowerCase() + ' this month, ' + currency + ', total ' + unit(totalMinor));
    root.dataset.renderMs = String(Math.round(performance.now() - t0));
    performance.measure('month-view', {start: t0});
    await renderOutlook(outlookBox, {scope, currency, first});
    root.dataset.outlookMs = String(Math.round(performance.now() - t0));

    async function drawHours(usageDate) {
      hourly.replaceChildren(loading());
      const date = isoDay(fromUsageDate(usageDate));
      try {
        const result = await costQuery(scope, {type: 'ActualCost', timeframe: 'Custom',
          timePeriod: {from: date + 'T00:00:00Z', to: date + 'T00:00:00Z'},
          dataset: {granularity: 'Hourly', grouping: [{type: 'Dimension', name: dimension}]}});
        const hours = Array.from({length: 24}, (_, h) => h);
        const byGroup = new Map();
        for (const row of result.rows) {
          const name = row[dimension] || '(no ' + dimensionLabel.toLowerCase() + ')';
          const hour = utc(row.UsageDate).getUTCHours();
          if (!byGroup.has(name)) {
            byGroup.set(name, new Array(24).fill(0));
          }
          byGroup.get(name)[hour] += toMinor(row.PreTaxCost ?? row.Cost, currency);
        }
        const hourNode = el('div', {class: 'chart', id: 'hourly-chart'});
        const hourTotals = hours.map(h => [...byGroup.values()].reduce((s, v) => s + v[h], 0));
        hourly.replaceChildren(el('h3', {}, day(fromUsageDate(usageDate)) + ', by the hour'), hourNode,
          el('details', {}, el('summary', {}, 'Hourly amounts as a table'),
            table('Spend per UTC hour on ' + day(fromUsageDate(usageDate)), [
              {label: 'Hour (UTC)', value: h => time(new Date(Date.UTC(1970, 0, 1, h)))},
              {label: 'Spend', value: h => unit(hourTotals[h]), numeric: true}], hours)));
        await chart(hourNode, {
          grid: {left: 72, right: 16, top: 16, bottom: 72},
          xAxis: categoryAxis(hours.map(h => String(h).padStart(2, '0') + ':00'), 'Hour (UTC)'),
          yAxis: moneyAxis(v => compact(v, currency)),
          legend,
          series: [...byGroup.entries()].map(([name, values]) => ({name, type: 'bar', stack: 'spend',
            data: values.map(major)})),
          tooltip: {trigger: 'axis', renderMode: 'richText',
            valueFormatter: v => money(toMinor(v, currency), currency)},
        }, 'Spend by the hour on ' + day(fromUsageDate(usageDate)));
      } catch (e) {
        hourly.replaceChildren(errorBox(e));
      }
    }
  }
}

