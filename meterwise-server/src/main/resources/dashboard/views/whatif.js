import {API, call, list, subscriptionPath, withVersion} from '../api.js';
import {chart, fitRows, moneyAxis, PALETTE} from '../charts.js';
import {el, errorBox, field, loading, select, table} from '../dom.js';
import {compact, day, money, toMinor, utc} from '../format.js';

/** Reprices a billing period's actual usage: every region ranked, and other offers compared. */
export async function renderWhatIf(root, state) {
  const scope = subscriptionPath(state.subscription.subscriptionId);
  const periods = await list(withVersion(scope + '/providers/Microsoft.Billing/billingPeriods', API.billingPeriods), 1);
  const period = select(periods.slice(0, 12).map(p => [p.name, day(utc(p.properties.billingPeriodStartDate))
    + ' – ' + day(utc(p.properties.billingPeriodEndDate))]), periods.length ? periods[0].name : null,
  {id: 'whatif-period'});
  if (periods.length > 1) {
    period.value = periods[1].name; // the last closed period: a whole month of usage to reprice
  }
  const offers = el('input', {id: 'whatif-offers', class: 'wide', value: 'MS-AZR-0003P, MS-AZR-0017P', spellcheck: 'false'});
  const rank = el('input', {type: 'checkbox', id: 'whatif-rank', checked: true});
  const form = el('form', {class: 'controls', id: 'whatif-form'},
    field('Billing period', period),
    field('Compare offers', offers, 'Offer ids, separated by commas'),
    el('div', {class: 'field checkbox'}, rank, el('label', {for: 'whatif-rank'}, 'Rank every region')),
    el('button', {type: 'submit'}, 'Compare'));
  const result = el('div', {id: 'whatif-result'});
  root.append(el('p', {class: 'lead'}, 'What the usage of a period would have cost under another offer or in '
    + 'another region, rated by the same engine as the invoices.'), form, result);
  form.addEventListener('submit', event => {
    event.preventDefault();
    run();
  });
  await run();

  async function run() {
    result.replaceChildren(loading('Repricing…'));
    const alternatives = offers.value.split(',').map(s => s.trim()).filter(Boolean)
      .map(id => ({name: id, offerDurableId: id}));
    let answer;
    try {
      answer = await call(scope + '/providers/Meterwise/whatIf', {method: 'POST',
        body: {billingPeriod: period.value || undefined, rankRegions: rank.checked, alternatives}});
    } catch (e) {
      result.replaceChildren(errorBox(e));
      return;
    }
    const currency = answer.actual.currency;
    const amount = (value, cur = currency) => value === undefined || value === null ? '–' : money(toMinor(value, cur), cur);
    const rows = [{name: 'Actual', currency, total: answer.actual.total, delta: '0', actual: true},
      ...answer.alternatives.map(a => ({...a}))];
    const offersChart = fitRows(el('div', {class: 'chart', id: 'offers-chart'}), rows.length);
    const sections = [
      el('h2', {}, 'Offers'),
      offersChart,
      table('Total under each offer, ' + currency, [
        {label: 'Alternative', value: r => r.name},
        {label: 'Total', value: r => amount(r.total, r.currency), numeric: true},
        {label: 'Difference', value: r => r.actual ? '–' : amount(r.delta, r.currency), numeric: true},
        {label: 'Unpriced meters', value: r => r.actual ? '–' : String((r.unpriced || []).length), numeric: true}],
      rows, {id: 'offers-table'})];
    let regionsChart = null;
    if (answer.regionRanking) {
      regionsChart = fitRows(el('div', {class: 'chart', id: 'regions-chart'}), answer.regionRanking.length);
      sections.push(el('h2', {}, 'Regions, cheapest first'), regionsChart,
        table('Every region the usage could move to', [
          {label: 'Region', value: r => r.armRegionName},
          {label: 'Total', value: r => amount(r.total), numeric: true},
          {label: 'Difference', value: r => amount(r.delta), numeric: true},
          {label: 'Meters without a counterpart', value: r => String(r.unmappedMeters), numeric: true},
          {label: 'Unpriced meters', value: r => String(r.unpricedMeters), numeric: true}],
        answer.regionRanking, {id: 'regions-table'}));
    }
    result.replaceChildren(...sections);
    const sameCurrency = rows.filter(r => r.currency === currency);
    await chart(offersChart, {
      grid: {left: 16, right: 24, top: 8, bottom: 24, containLabel: true},
      yAxis: {type: 'category', inverse: true, data: sameCurrency.map(r => r.name)},
      xAxis: moneyAxis(v => compact(v, currency)),
      series: [{type: 'bar', name: 'Total', barMaxWidth: 24, data: sameCurrency.map((r, i) => ({value: Number(r.total),
        itemStyle: {color: r.actual ? '#57606a' : PALETTE[i % PALETTE.length]}}))}],
      tooltip: {trigger: 'axis', renderMode: 'richText', valueFormatter: v => amount(v)},
    }, 'Total under each offer');
    if (regionsChart) {
      await chart(regionsChart, {
        grid: {left: 16, right: 24, top: 8, bottom: 24, containLabel: true},
        yAxis: {type: 'category', inverse: true, data: answer.regionRanking.map(r => r.armRegionName)},
        xAxis: moneyAxis(v => compact(v, currency)),
        series: [{type: 'bar', name: 'Total', barMaxWidth: 24, data: answer.regionRanking.map(r => Number(r.total)),
          itemStyle: {color: '#009E73'}}],
        tooltip: {trigger: 'axis', renderMode: 'richText', valueFormatter: v => amount(v)},
      }, 'Total in each region');
    }
  }
}
