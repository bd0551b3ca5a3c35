import {API, call, list, subscriptionPath, withVersion} from '../api.js';
import {chart, fitRows, moneyAxis} from '../charts.js';
import {el, errorBox, field, loading, note, safeHref, select, table} from '../dom.js';
import {compact, dateTime, money, month, toMinor, utc} from '../format.js';

/** Cost centres of a month under the subscription's chargeback rules, with their showback statements. */
export async function renderChargeback(root, state) {
  const scope = subscriptionPath(state.subscription.subscriptionId);
  const periods = await list(withVersion(scope + '/providers/Microsoft.Billing/billingPeriods', API.billingPeriods), 1);
  const months = periods.slice(0, 12).map(p => p.properties.billingPeriodStartDate.slice(0, 7));
  const period = select(months.map(m => [m, month(utc(m + '-01'))]), months[1] || months[0], {id: 'chargeback-period'});
  const form = el('form', {class: 'controls', id: 'chargeback-form'}, field('Month', period),
    el('button', {type: 'submit'}, 'Show'));
  const result = el('div', {id: 'chargeback-result'});
  root.append(form, result);
  form.addEventListener('submit', event => {
    event.preventDefault();
    show();
  });
  await show();

  async function show() {
    result.replaceChildren(loading());
    let report;
    try {
      report = await call(scope + '/providers/Meterwise/chargeback', {method: 'POST', body: {period: period.value}});
    } catch (e) {
      result.replaceChildren(errorBox(e), e.code === 'NoChargebackRules'
        ? note('An Owner or Contributor defines cost centres with the chargeback rules API (see the README).') : null);
      return;
    }
    const currency = report.currency;
    const amount = v => money(toMinor(v, currency), currency);
    const chartNode = fitRows(el('div', {class: 'chart', id: 'chargeback-chart'}), report.rows.length + 2);
    result.replaceChildren(
      el('p', {class: 'lead'}, month(utc(report.period + '-01')) + ': ',
        el('strong', {id: 'chargeback-total'}, amount(report.total)),
        report.estimated ? ' (estimated: the month is not invoiced yet)'
          : ' (invoiced' + (report.issuedAt ? ' ' + dateTime(utc(report.issuedAt)) : '') + ')',
        ' · rules ' + report.ruleVersion + ', tag ' + report.tagKey),
      chartNode,
      table('Cost centres', [
        {label: 'Cost centre', value: r => r.costCentre},
        {label: 'Direct', value: r => amount(r.direct.amount), numeric: true},
        {label: 'Shared received', value: r => amount(r.sharedReceived), numeric: true},
        {label: 'Total', value: r => amount(r.total), numeric: true},
        {label: 'Statement', value: r => statement(r)}], report.rows, {id: 'chargeback-table'}));
    await chart(chartNode, {
      grid: {left: 16, right: 24, top: 8, bottom: 36, containLabel: true},
      yAxis: {type: 'category', inverse: true, data: report.rows.map(r => r.costCentre)},
      xAxis: moneyAxis(v => compact(v, currency)),
      legend: {bottom: 0},
      series: [
        {type: 'bar', stack: 'c', name: 'Direct', barMaxWidth: 24, data: report.rows.map(r => Number(r.direct.amount))},
        {type: 'bar', stack: 'c', name: 'Shared', data: report.rows.map(r => Number(r.sharedReceived))}],
      tooltip: {trigger: 'axis', renderMode: 'richText', valueFormatter: v => amount(v)},
    }, 'Cost by cost centre');
  }
}

function statement(row) {
  const s = row.statement || {};
  const pdf = safeHref(s.pdfUrl);
  const csv = safeHref(s.csvUrl);
  return el('span', {class: 'actions'},
    pdf ? el('a', {href: pdf, target: '_blank', rel: 'noopener noreferrer',
      'aria-label': 'PDF statement of ' + row.costCentre}, 'PDF') : null,
    csv ? el('a', {href: csv, rel: 'noopener noreferrer', 'aria-label': 'CSV statement of ' + row.costCentre},
      'CSV') : null);
}
