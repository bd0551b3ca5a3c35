import {session, signIn} from '../api.js';
import {el, errorBox, field} from '../dom.js';

export function renderSignIn(root, message, onSignedIn) {
  const status = el('div', {id: 'sign-in-status'});
  const clientId = el('input', {id: 'client-id', name: 'client_id', autocomplete: 'username', required: true,
    spellcheck: 'false'});
  const secret = el('input', {id: 'client-secret', name: 'client_secret', type: 'password',
    autocomplete: 'current-password', required: true});
  const credentials = el('form', {class: 'card sign-in', id: 'sign-in-form'},
    el('h2', {}, 'Service principal'),
    field('Client id', clientId),
    field('Client secret', secret, 'Exchanged for a token; the secret is not kept.'),
    el('button', {type: 'submit', id: 'sign-in'}, 'Sign in'));
  credentials.addEventListener('submit', async event => {
    event.preventDefault();
    status.replaceChildren(el('p', {role: 'status'}, 'Signing in…'));
    try {
      await signIn(clientId.value.trim(), secret.value);
      secret.value = '';
      onSignedIn();
    } catch (e) {
      status.replaceChildren(errorBox(e));
      secret.focus();
    }
  });

  const token = el('textarea', {id: 'access-token', rows: 3, spellcheck: 'false', required: true});
  const withToken = el('form', {class: 'card sign-in', id: 'token-form'},
    el('h2', {}, 'Existing access token'),
    field('Access token', token, 'A bearer token from Meterwise or your identity provider.'),
    el('button', {type: 'submit', class: 'secondary'}, 'Use token'));
  withToken.addEventListener('submit', event => {
    event.preventDefault();
    session.store(token.value.trim());
    token.value = '';
    onSignedIn();
  });

  root.append(
    el('h1', {}, 'Sign in'),
    el('p', {class: 'lead'}, 'See spend, invoices and prices of the subscriptions you hold a role on. The token is kept '
      + 'in this tab only (session storage) and is forgotten when you sign out or close the tab.'),
    message ? el('p', {class: 'notice', role: 'status'}, message) : null,
    status,
    el('div', {class: 'sign-in-forms'}, credentials, withToken));
  clientId.focus();
}
