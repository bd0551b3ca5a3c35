import {call} from '../api.js';
import {el, errorBox, field, loading, note, select, table} from '../dom.js';
import {dateTime, utc} from '../format.js';

const DELIVERIES = '/providers/Meterwise/deliveries';

/**
 * Operator: the delivery log of alert notifications (GET /providers/Meterwise/deliveries), for one webhook endpoint
 * (picked from GET /providers/Meterwise/webhooks) or one e-mail address: every delivery with each of its attempts.
 */
export async function renderDeliveries(root) {
  root.append(loading());
  const endpoints = (await call('/providers/Meterwise/webhooks')).value || [];
  const webhook = select(endpoints.map(e => [e.name, e.name + ' · ' + e.url]), endpoints.length ? endpoints[0].name : null,
    {id: 'delivery-webhook'});
  const email = el('input', {id: 'delivery-email', type: 'email', spellcheck: 'false'});
  const result = el('section', {id: 'deliveries', 'aria-live': 'polite'});
  const show = async params => {
    result.replaceChildren(loading());
    try {
      result.replaceChildren(deliveryLog(await deliveries(params), 'Deliveries to '
        + (params.webhook ? 'webhook ' + params.webhook : params.email)));
    } catch (e) {
      result.replaceChildren(errorBox(e));
    }
  };
  const byWebhook = el('form', {class: 'controls', id: 'delivery-by-webhook', novalidate: true},
    endpoints.length ? field('Webhook endpoint', webhook) : note('No webhook endpoint is registered.'),
    endpoints.length ? el('button', {type: 'submit', id: 'show-webhook-deliveries'}, 'Show deliveries') : null);
  byWebhook.addEventListener('submit', event => {
    event.preventDefault();
    show({webhook: webhook.value});
  });
  const byEmail = el('form', {class: 'controls', id: 'delivery-by-email', novalidate: true},
    field('E-mail address', email), el('button', {type: 'submit', id: 'show-email-deliveries'}, 'Show deliveries'));
  byEmail.addEventListener('submit', event => {
    event.preventDefault();
    show({email: email.value.trim()});
  });
  root.replaceChildren(
    el('p', {class: 'lead'}, 'Every attempt to deliver a fired alert, newest delivery first.'),
    byWebhook, byEmail, result);
  if (endpoints.length) {
    await show({webhook: webhook.value});
  }
}

/** The deliveries of one alert (alertId), one endpoint (webhook) or one address (email). */
export async function deliveries(params) {
  return (await call(DELIVERIES + '?' + new URLSearchParams(params).toString())).value || [];
}

/** Deliveries as a table, each delivery's attempts in a disclosure below it. */
export function deliveryLog(items, caption) {
  if (!items.length) {
    return note('No delivery yet.');
  }
  return el('div', {},
    table(caption, [
      {label: 'Alert', value: d => el('span', {class: 'mono'}, d.alertId)},
      {label: 'Channel', value: d => d.channel === 'webhook' ? 'Webhook' : 'E-mail'},
      {label: 'To', value: d => d.target},
      {label: 'State', value: d => el('span', {class: 'delivery-state state-' + d.state.toLowerCase()}, d.state)},
      {label: 'Attempts', numeric: true, value: d => String(d.attempts)},
      {label: 'Last answer', numeric: true, value: d => d.lastStatus == null ? '–' : String(d.lastStatus)},
      {label: 'Updated (UTC)', value: d => dateTime(utc(d.updatedAt))},
      {label: 'Next attempt (UTC)', value: d => d.nextAttemptAt ? dateTime(utc(d.nextAttemptAt)) : '–'}],
    items, {class: 'deliveries-table'}),
    items.map(d => el('details', {class: 'attempts'},
      el('summary', {}, 'Attempts of the delivery to ' + d.target + ' (' + d.attempts + ')'),
      table('Attempts, oldest first', [
        {label: '#', numeric: true, value: a => String(a.attempt)},
        {label: 'Started (UTC)', value: a => dateTime(utc(a.startedAt))},
        {label: 'Finished (UTC)', value: a => a.finishedAt ? dateTime(utc(a.finishedAt)) : '–'},
        {label: 'Outcome', value: a => a.outcome},
        {label: 'Answer', numeric: true, value: a => a.status == null ? '–' : String(a.status)},
        {label: 'Detail', value: a => a.detail || ''}], d.log || []))));
}
