import {call} from '../api.js';
import {el, loading, note, table} from '../dom.js';
import {dateTime, utc} from '../format.js';

/** Operator: tenants and the subscriptions of each (the operator catalog API). */
export async function renderOperatorSubscriptions(root) {
  root.append(loading());
  const subscriptions = (await call('/providers/Meterwise/subscriptions')).value
    .sort((a, b) => (a.tenantId || '').localeCompare(b.tenantId || '') || a.displayName.localeCompare(b.displayName));
  const tenants = new Map();
  for (const s of subscriptions) {
    tenants.set(s.tenantId || '–', (tenants.get(s.tenantId || '–') || 0) + 1);
  }
  root.replaceChildren(
    table('Tenants', [
      {label: 'Tenant', value: t => el('span', {class: 'mono'}, t[0])},
      {label: 'Subscriptions', value: t => String(t[1]), numeric: true}], [...tenants.entries()], {id: 'tenants-table'}),
    table('Subscriptions', [
      {label: 'Name', value: s => s.displayName},
      {label: 'Id', value: s => el('span', {class: 'mono'}, s.subscriptionId)},
      {label: 'State', value: s => s.state},
      {label: 'Offer', value: s => s.offerDurableId},
      {label: 'Currency', value: s => s.currency},
      {label: 'Country', value: s => s.regionInfo}], subscriptions, {id: 'operator-subscriptions-table'}));
}

/** Operator: service principals (never their secrets: the API has none to give). */
export async function renderPrincipals(root) {
  root.append(loading());
  const principals = (await call('/providers/Meterwise/principals')).value;
  root.replaceChildren(table('Service principals', [
    {label: 'Name', value: p => p.displayName},
    {label: 'Client id', value: p => el('span', {class: 'mono'}, p.clientId)},
    {label: 'Object id', value: p => el('span', {class: 'mono'}, p.objectId)},
    {label: 'Operator', value: p => p.operator ? 'yes' : 'no'},
    {label: 'Created', value: p => p.createdAt ? dateTime(utc(p.createdAt)) : ''}], principals,
  {id: 'principals-table'}),
  note('Role assignments of a subscription are on its Access page.'));
}

/** Operator: subscriptions whose invoice could not be issued, and why. */
export async function renderIssuing(root) {
  root.append(loading());
  const failures = await call('/providers/Meterwise/invoices/issueFailures');
  const items = failures.value || [];
  root.replaceChildren(items.length ? table('Invoice issuing failures', Object.keys(items[0]).map(key => ({
    label: key, value: f => typeof f[key] === 'object' ? JSON.stringify(f[key]) : String(f[key] ?? '')})),
  items, {id: 'issue-failures-table'}) : note('No invoice issuing failures.'));
}
