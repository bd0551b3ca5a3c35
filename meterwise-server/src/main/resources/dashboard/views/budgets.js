import {call, list, subscriptionPath, withVersion} from '../api.js';
import {el, errorBox, field, loading, note, select, table} from '../dom.js';
import {dateTime, day, money, percent, toMinor, utc} from '../format.js';

const BUDGETS = '2021-10-01';
const ALERTS = '2023-03-01';
const GRAINS = [['Monthly', 'Monthly'], ['Quarterly', 'Quarterly'], ['Annually', 'Annually']];

/**
 * Budgets of the subscription (Consumption budgets API) with their spend and forecast, a form to create or edit one
 * (the API's validation messages shown at the field they name), and the alerts fired (Cost Management alerts API).
 */
export async function renderBudgets(root, state) {
  const scope = subscriptionPath(state.subscription.subscriptionId);
  const budgetsBox = el('section', {'aria-labelledby': 'budgets-title'});
  const formBox = el('section', {'aria-labelledby': 'budget-form-title'});
  const alertsBox = el('section', {'aria-labelledby': 'alerts-title'});
  root.append(budgetsBox, formBox, alertsBox);
  await Promise.all([showBudgets(), showAlerts()]);
  showForm(null);

  async function showBudgets() {
    budgetsBox.replaceChildren(el('h2', {id: 'budgets-title'}, 'Budgets'), loading());
    const budgets = await list(withVersion(scope + '/providers/Microsoft.Consumption/budgets', BUDGETS));
    budgetsBox.replaceChildren(el('h2', {id: 'budgets-title'}, 'Budgets'), budgets.length
      ? table('Budgets of this subscription and their current period', [
        {label: 'Budget', value: b => b.name},
        {label: 'Amount', numeric: true, value: b => amount(b.properties.amount, b)},
        {label: 'Grain', value: b => b.properties.timeGrain},
        {label: 'Spent', numeric: true, value: b => b.properties.currentSpend
          ? amount(b.properties.currentSpend.amount, b) + ' (' + percent(Number(b.properties.currentSpend.amount)
            / Number(b.properties.amount)) + ')' : '–'},
        {label: 'Forecast', numeric: true, value: b => b.properties.forecastSpend
          ? amount(b.properties.forecastSpend.amount, b) : '–'},
        {label: 'Alerts at', value: b => Object.entries(b.properties.notifications || {})
          .map(([, n]) => n.threshold + ' % ' + (n.thresholdType === 'Forecasted' ? 'forecast' : 'actual')).join(', ')},
        {label: '', header: false, value: b => el('button', {type: 'button', class: 'link',
          'aria-label': 'Edit budget ' + b.name, onclick: () => showForm(b)}, 'Edit')}],
      budgets, {id: 'budgets-table'})
      : note('No budget yet: create one below.'));
  }

  function amount(value, budget) {
    const currency = (budget.properties.currentSpend && budget.properties.currentSpend.unit) || state.currency || 'USD';
    return money(toMinor(value, currency), currency);
  }

  function showForm(budget) {
    const editing = Boolean(budget);
    const p = editing ? budget.properties : {};
    const firstNotification = editing ? Object.entries(p.notifications || {})[0] : null;
    const today = new Date();
    const monthStart = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1)).toISOString().slice(0, 10);
    const name = el('input', {id: 'budget-name', required: true, value: editing ? budget.name : '',
      readonly: editing || null, spellcheck: 'false'});
    const amountInput = el('input', {id: 'budget-amount', inputmode: 'decimal', required: true,
      value: editing ? String(p.amount) : ''});
    const grain = select(GRAINS, p.timeGrain || 'Monthly', {id: 'budget-grain'});
    const start = el('input', {id: 'budget-start', type: 'date', required: true,
      value: (p.timePeriod && p.timePeriod.startDate || monthStart).slice(0, 10)});
    const threshold = el('input', {id: 'budget-threshold', inputmode: 'decimal', required: true,
      value: firstNotification ? String(firstNotification[1].threshold) : '80'});
    const thresholdType = select([['Actual', 'Actual spend'], ['Forecasted', 'Forecast spend']],
      firstNotification && firstNotification[1].thresholdType || 'Actual', {id: 'budget-threshold-type'});
    const email = el('input', {id: 'budget-email', type: 'email', required: true,
      value: firstNotification ? (firstNotification[1].contactEmails || []).join(', ') : ''});
    const status = el('div', {id: 'budget-form-status'});
    const form = el('form', {class: 'card budget-form', id: 'budget-form', novalidate: true},
      el('h2', {id: 'budget-form-title'}, editing ? 'Edit budget ' + budget.name : 'New budget'),
      el('div', {class: 'controls'},
        field('Name', name), field('Amount', amountInput, 'In the subscription\'s currency'), field('Period', grain),
        field('Starts (UTC)', start, 'The first day of a month')),
      el('div', {class: 'controls'},
        field('Alert at (%)', threshold), field('Of', thresholdType), field('E-mail', email)),
      status,
      el('div', {class: 'actions'}, el('button', {type: 'submit', id: 'budget-save'}, editing ? 'Save' : 'Create'),
        editing ? el('button', {type: 'button', class: 'secondary', onclick: () => showForm(null)}, 'Cancel') : null));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      status.replaceChildren(el('p', {role: 'status'}, 'Saving…'));
      const notification = {enabled: true, operator: 'GreaterThan', threshold: numberOrText(threshold.value),
        thresholdType: thresholdType.value,
        contactEmails: email.value.split(',').map(s => s.trim()).filter(Boolean)};
      const body = {properties: {category: 'Cost', amount: numberOrText(amountInput.value), timeGrain: grain.value,
        timePeriod: {startDate: start.value + 'T00:00:00Z'},
        notifications: {[editing && firstNotification ? firstNotification[0] : 'alert']: notification}}};
      if (editing) {
        body.eTag = budget.eTag;
      }
      try {
        await call(withVersion(scope + '/providers/Microsoft.Consumption/budgets/'
          + encodeURIComponent(name.value.trim()), BUDGETS), {method: 'PUT', body});
        status.replaceChildren(el('p', {role: 'status', class: 'notice'}, 'Saved budget ' + name.value.trim() + '.'));
        await showBudgets();
      } catch (e) {
        status.replaceChildren(errorBox(e), e.target ? el('p', {class: 'muted'}, 'Field: ' + e.target) : null);
      }
    });
    formBox.replaceChildren(form);
  }

  async function showAlerts() {
    alertsBox.replaceChildren(el('h2', {id: 'alerts-title'}, 'Fired alerts'), loading());
    const alerts = await list(withVersion(scope + '/providers/Microsoft.CostManagement/alerts', ALERTS));
    alertsBox.replaceChildren(el('h2', {id: 'alerts-title'}, 'Fired alerts'), alerts.length
      ? table('Alerts fired by this subscription\'s budgets, newest first', [
        {label: 'Fired (UTC)', value: a => a.properties.creationTime ? dateTime(utc(a.properties.creationTime)) : ''},
        {label: 'Budget', value: a => a.properties.costEntityId || ''},
        {label: 'What', value: a => a.properties.description || ''},
        {label: 'Period', value: a => a.properties.details && a.properties.details.periodStartDate
          ? day(utc(a.properties.details.periodStartDate)) : ''},
        {label: 'Status', value: a => a.properties.status || ''}], alerts, {id: 'alerts-table'})
      : note('No alert has fired.'));
  }
}

/** Numbers go to the API as numbers; anything else as typed, so that the API names what is wrong with it. */
function numberOrText(value) {
  const text = value.trim();
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}
