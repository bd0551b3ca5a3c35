import {API, list, subscriptionPath, withVersion} from '../api.js';
import {el, loading, note, table} from '../dom.js';
import {dateTime, utc} from '../format.js';

const ROLES = {
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
  'b24988ac-6180-42a0-ab88-20f7382dd24c': 'Contributor',
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': 'Reader',
  'fa23ad8b-c56e-40d8-ac0c-ce449e1d2c64': 'Billing Reader',
};

/** Who holds which role on the subscription (the role assignments API). */
export async function renderAccess(root, state) {
  const scope = subscriptionPath(state.subscription.subscriptionId);
  root.append(loading());
  const assignments = await list(withVersion(scope + '/providers/Microsoft.Authorization/roleAssignments',
    API.authorization));
  const sub = state.subscription;
  root.replaceChildren(
    el('dl', {class: 'facts'},
      el('dt', {}, 'Subscription'), el('dd', {}, sub.displayName),
      el('dt', {}, 'Id'), el('dd', {class: 'mono'}, sub.subscriptionId),
      el('dt', {}, 'State'), el('dd', {}, sub.state),
      el('dt', {}, 'Tenant'), el('dd', {class: 'mono'}, sub.tenantId || '–')),
    assignments.length ? table('Role assignments', [
      {label: 'Principal', value: a => el('span', {class: 'mono'}, a.properties.principalId)},
      {label: 'Role', value: a => ROLES[a.properties.roleDefinitionId.split('/').pop()] || a.properties.roleDefinitionId},
      {label: 'Type', value: a => a.properties.principalType || ''},
      {label: 'Since', value: a => a.properties.createdOn ? dateTime(utc(a.properties.createdOn)) : ''}],
    assignments, {id: 'assignments-table'}) : note('No role assignments.'));
}
