import {API, call, costQuery, list, subscriptionPath, withVersion} from '../api.js';
import {el, errorBox, loading, note, safeHref, table} from '../dom.js';
import {day, money, toMinor, utc} from '../format.js';

/**
 * Issued invoices: period, amount (the Cost Management Query at the invoice's billing period, which equals the
 * invoice), the PDF through its signed link, and the usage lines as CSV.
 */
export async function renderInvoices(root, state) {
  const scope = subscriptionPath(state.subscription.subscriptionId);
  root.append(loading());
  let invoices;
  try {
    invoices = await list(withVersion(scope + '/providers/Microsoft.Billing/invoices', API.billing,
      {$expand: 'downloadUrl', $top: '24'}), 3);
  } catch (e) {
    root.replaceChildren(errorBox(e), e.code === 'UnsupportedSubscriptionType'
      ? note('Invoices of this subscription are not available through the Billing API (as for Enterprise Agreement '
        + 'subscriptions in Azure).') : null);
    return;
  }
  if (!invoices.length) {
    root.replaceChildren(note('No invoice has been issued for this subscription yet.'));
    return;
  }
  const amounts = await Promise.all(invoices.map(async invoice => {
    const period = (invoice.properties.billingPeriodIds || [])[0];
    if (!period) {
      return null;
    }
    const name = period.split('/').pop().split('-')[0];
    try {
      const answer = await costQuery(scope + '/providers/Microsoft.Billing/billingPeriods/' + name,
        {type: 'ActualCost', timeframe: 'Custom', timePeriod: {from: invoice.properties.invoicePeriodStartDate,
          to: invoice.properties.invoicePeriodEndDate}, dataset: {granularity: 'None'}});
      const row = answer.rows[0];
      return row ? {minor: toMinor(row.PreTaxCost ?? row.Cost, row.Currency), currency: row.Currency} : null;
    } catch (e) {
      return null;
    }
  }));
  const status = el('div', {id: 'invoice-status'});
  root.replaceChildren(status, table('Invoices, newest first', [
    {label: 'Invoice', value: i => i.name},
    {label: 'Period (UTC)', value: i => day(utc(i.properties.invoicePeriodStartDate)) + ' – '
      + day(utc(i.properties.invoicePeriodEndDate))},
    {label: 'Amount', numeric: true, value: i => {
      const amount = amounts[invoices.indexOf(i)];
      return amount ? money(amount.minor, amount.currency) : '–';
    }},
    {label: 'Documents', value: i => el('span', {class: 'actions'}, pdfLink(i), csvButton(i))}],
  invoices, {id: 'invoice-table'}));

  function pdfLink(invoice) {
    const link = invoice.properties.downloadUrl && safeHref(invoice.properties.downloadUrl.url);
    if (!link) {
      return el('span', {class: 'muted'}, 'PDF: not opted in');
    }
    return el('a', {href: link, target: '_blank', rel: 'noopener noreferrer', class: 'pdf',
      'aria-label': 'PDF of invoice ' + invoice.name + ' (opens in a new tab)'}, 'PDF');
  }

  function csvButton(invoice) {
    return el('button', {type: 'button', class: 'link', 'aria-label': 'Usage CSV of invoice ' + invoice.name,
      onclick: async () => {
        status.replaceChildren();
        try {
          const blob = await call(withVersion(scope + '/providers/Microsoft.Billing/invoices/'
            + encodeURIComponent(invoice.name) + '/usageDetails.csv', API.billing), {as: 'blob'});
          const url = URL.createObjectURL(blob);
          const a = el('a', {href: url, download: invoice.name + '-usage.csv'});
          document.body.append(a);
          a.click();
          a.remove();
          setTimeout(() => URL.revokeObjectURL(url), 10000);
        } catch (e) {
          status.replaceChildren(errorBox(e));
        }
      }}, 'Usage CSV');
  }
}
